"""Updaters that redo work only when what they show has changed.

Manim calls every updater on every frame. A DecimalNumber given a value re-typesets its
digits (copies of typeset glyphs), and a curve rebuilt with `become` re-samples and
re-smooths its points, even through a pause where nothing moves; at 60 fps that is most of a
render's time. These updaters look at their inputs first and leave the picture alone while
the inputs are the same, so what is drawn is exactly what the plain updater would draw.
"""

import copy
from typing import Callable, Hashable

import numpy as np
from manim import DOWN, UP, DecimalNumber, Mobject, VMobject
from manim.utils.bezier import get_smooth_cubic_bezier_handle_points

from .light import lighten_digits


def show_value(number: DecimalNumber, value: Callable[[], float]) -> DecimalNumber:
    """Make `number` show value() at every frame; its glyphs are rebuilt only when its digits change.

    While the digits on screen stay the same, only the number it holds is updated, so
    `number.get_value()` is always value() exactly (tests compare it with the maths).
    The updater runs first, so updaters that place the number see its new width.
    """

    def update(m: DecimalNumber) -> None:
        new = value()
        if new == m.number:
            return
        if m._get_num_string(new) == m._get_num_string(m.number):
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


# --- retypesetting a number ------------------------------------------------------------------

def retypeset(number: DecimalNumber, value: float) -> DecimalNumber:
    """number.set_value(value), the same glyphs in the same places, four to ten times faster.

    Manim's set_value deep-copies a typeset formula for each character, sizes it, then styles
    every glyph twice over (match_style, then init_colors): 4.4 ms for six characters. Here
    the number keeps one finished glyph per character, as set_value last left it (sized and
    styled), and copies its arrays: the number's parts are then those glyphs themselves, not
    formulas holding them, and what is drawn is the same. While the number's style or size
    differs from when they were kept, or a character is new, Manim's own set_value runs and
    the glyphs are kept again.
    """
    string = number._get_num_string(value)
    key = _look(number)
    kept = number.__dict__.get("_kept_glyphs")
    if kept is None or kept[0] != key or not set(string) <= kept[1].keys() or _unusual(number):
        lighten_digits()    # set_value copies Manim's glyphs: make those cheap
        number.set_value(value)
        glyphs = kept[1] if kept is not None and kept[0] == key else {}
        for char, part in zip(string, number.submobjects):
            drawn = part.family_members_with_points()
            if len(drawn) == 1:         # a character is one glyph: keep just that
                glyphs.setdefault(char, _clone(drawn[0]))
        number._kept_glyphs = (_look(number), glyphs)
        return number

    font_size = number.font_size
    anchor = number.get_edge_center(number.edge_to_fix)
    old_family = number.get_family()
    number.number = value
    number.submobjects = []
    number.add(*(_clone(kept[1][char]) for char in string))
    # As _set_submobjects_from_number, at the final size (Manim arranges at the number's
    # first size, then scales all by font_size / _font_size, gaps included).
    number.arrange(buff=number.digit_buff_per_font_unit * font_size, aligned_edge=DOWN)
    for i, char in enumerate(string):
        if char == "-" and len(string) > i + 1:
            number[i].align_to(number[i + 1], UP)
            number[i].shift(number[i + 1].height * DOWN / 2)
        elif char == ",":
            number[i].shift(number[i].height * DOWN / 2)
    number.initial_height = number.height * number._font_size / font_size
    number.move_to(anchor, number.edge_to_fix)
    for mob in old_family[1:]:      # as set_value: the old glyphs drawn nowhere
        mob.points[:] = 0
    return number


def _clone(glyph: Mobject) -> Mobject:
    """A copy of a glyph that has no parts: its arrays and lists copied, the rest (colours,
    numbers, names) shared. A deep copy walks some 600 objects a glyph; this copies four arrays."""
    twin = copy.copy(glyph)
    for name, value in vars(glyph).items():
        if isinstance(value, np.ndarray):
            setattr(twin, name, value.copy())
        elif isinstance(value, (list, dict)):
            setattr(twin, name, copy.copy(value))
    return twin


def _look(number: DecimalNumber) -> tuple:
    """Everything set_value's styling (init_colors) and sizing read from the number."""
    return (
        str(number.fill_color), number.fill_opacity, str(number.stroke_color), number.stroke_width,
        number.stroke_opacity, str(number.background_stroke_color), number.background_stroke_width,
        number.background_stroke_opacity, number.sheen_factor, tuple(number.sheen_direction),
        round(number.font_size, 9), number.num_decimal_places, number.include_sign, number.group_with_commas,
    )


def _unusual(number: DecimalNumber) -> bool:
    """Parts that retypeset() does not place itself: left to Manim's set_value."""
    return bool(number.unit or number.show_ellipsis or number.include_background_rectangle)


# --- curves ----------------------------------------------------------------------------------

def set_smooth_points(curve: VMobject, points) -> VMobject:
    """curve.set_points_smoothly(points) for one unbroken curve, without Manim's search for breaks.

    Manim lays corners through the points, looks for breaks between every two of them (one
    np.allclose each: 4 ms for a 100-point curve) and then smooths each piece; a curve
    sampled from a function has no breaks, so this smooths it at once (same handles, same
    picture).
    """
    points = np.asarray(points, dtype=float)
    first_handles, second_handles = get_smooth_cubic_bezier_handle_points(points)
    return curve.set_anchors_and_handles(points[:-1], first_handles, second_handles, points[1:])
