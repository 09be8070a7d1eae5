"""Updaters that redo work only when what they show has changed.

Manim calls every updater on every frame. A DecimalNumber given a value re-typesets its
digits (copies of typeset glyphs), and a curve rebuilt with `become` re-samples and
re-smooths its points, even through a pause where nothing moves; at 60 fps that is most of a
render's time. These updaters look at their inputs first and leave the picture alone while
the inputs are the same, so what is drawn is exactly what the plain updater would draw.
"""

from collections.abc import Callable, Hashable

import numpy as np
from manim import Arrow, DecimalNumber, Mobject, VMobject
from manim.mobject.geometry.tips import ArrowTriangleFilledTip
from manim.utils.bezier import get_smooth_cubic_bezier_handle_points
from numpy.typing import ArrayLike

from .manim_internals import num_string, retypeset

__all__ = ["aim_arrow", "redraw_on_change", "retypeset", "set_smooth_points", "show_value", "update_on_change"]


def show_value(number: DecimalNumber, value: Callable[[], float]) -> DecimalNumber:
    """Make `number` show value() at every frame; its glyphs are rebuilt only when its digits change.

    While the digits on screen stay the same, only the number it holds is updated, so
    `number.get_value()` is always value() exactly (tests compare it with the maths).
    The updater runs first, so updaters that place the number see its new width. New digits
    come from `manim_internals.retypeset` (Manim's set_value, faster).
    """

    def update(m: DecimalNumber) -> None:
        new = value()
        if new == m.number:
            return
        if num_string(m, new) == num_string(m, m.number):
            m.number = new
        else:
            retypeset(m, new)

    number.add_updater(update, index=0)
    return number


def update_on_change(mobject: Mobject, inputs: Callable[[], Hashable], update: Callable[[Mobject], object]) -> Mobject:
    """Add the updater `update`, run now and then only on frames where inputs() has changed.

    `inputs()` must return everything `update` reads that can change (tracker values, as a
    tuple): the picture is then the same as with `update` run on every frame.
    """
    last = [inputs()]
    update(mobject)

    def on_frame(m: Mobject) -> None:
        now = inputs()
        if now != last[0]:
            last[0] = now
            update(m)

    mobject.add_updater(on_frame)
    return mobject


def redraw_on_change(mobject: Mobject, inputs: Callable[[], Hashable], draw: Callable[[], Mobject]) -> Mobject:
    """Keep `mobject` looking like draw() (by `become`), drawing again only when inputs() changes.

    Start `mobject` as a drawing (`redraw_on_change(draw(), ...)`): Manim's `become` cannot
    fill a VMobject that has no points yet.
    """
    return update_on_change(mobject, inputs, lambda m: m.become(draw()))


# --- curves ----------------------------------------------------------------------------------

def set_smooth_points(curve: VMobject, points: ArrayLike) -> VMobject:
    """curve.set_points_smoothly(points) for one unbroken curve, without Manim's search for breaks.

    Manim lays corners through the points, looks for breaks between every two of them (one
    np.allclose each: 4 ms for a 100-point curve) and then smooths each piece; a curve
    sampled from a function has no breaks, so this smooths it at once (same handles, same
    picture).
    """
    points = np.asarray(points, dtype=float)
    first_handles, second_handles = get_smooth_cubic_bezier_handle_points(points)
    return curve.set_anchors_and_handles(points[:-1], first_handles, second_handles, points[1:])


# --- arrows ----------------------------------------------------------------------------------

def _unit_tip() -> np.ndarray:
    """The points of Manim's triangle tip of length and width 1, its point at the origin, aimed along +x."""
    tip = ArrowTriangleFilledTip(length=1.0, width=1.0)     # made aimed along -x (start_angle PI)
    points = tip.points - tip.tip_point
    points[:, :2] *= -1                                     # turned half a turn
    return points


_UNIT_TIP = _unit_tip()


def aim_arrow(arrow: Arrow, start: ArrayLike, end: ArrayLike) -> Arrow:
    """Make `arrow` the arrow from start to end, in place: as Arrow(start, end, ...) with its settings.

    For an Arrow made with buff=0 and the default triangle tip (in the screen's plane). Its
    line, its tip and its stroke width become what Manim's Arrow gives (tests/test_live.py
    compares them): the tip `tip_length` long and as wide, shortened on a short arrow to
    `max_tip_length_to_length_ratio` of the length, the line from start to the tip's base,
    the stroke no wider than `max_stroke_width_to_length_ratio` times the length. Arrows that
    follow a descent are aimed anew on every frame: a new Arrow builds its tip as a Manim
    Triangle and `become` copies it again, 1.6 ms an arrow here; this takes 0.03 ms.
    """
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    length = float(np.linalg.norm(end - start))
    if length == 0:
        raise ValueError("an arrow needs two different points: start and end are the same")
    cos, sin = (end - start)[:2] / length
    turn = np.array([[cos, sin, 0.0], [-sin, cos, 0.0], [0.0, 0.0, 1.0]])   # row vectors times this
    tip_length = min(arrow.tip_length, arrow.max_tip_length_to_length_ratio * length)
    arrow.tip.points = end + tip_length * _UNIT_TIP @ turn
    base = end - tip_length * (end - start) / length
    arrow.points = start + np.linspace(0.0, 1.0, 4)[:, None] * (base - start)   # one straight cubic
    arrow.set_stroke(width=min(arrow.initial_stroke_width, arrow.max_stroke_width_to_length_ratio * length),
                     family=False)
    return arrow
