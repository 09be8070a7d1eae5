"""The speed-ups keep the picture: live updaters redo work only on change, light glyphs draw the same."""

import numpy as np
import pytest
from manim import ORIGIN, RIGHT, UP, Arrow, DecimalNumber, Integer, ManimColor, MathTex, Text, ValueTracker, VMobject

from loglesson import maths, theme
from loglesson.light import lighten, lighten_digits
from loglesson.live import aim_arrow, redraw_on_change, retypeset, set_smooth_points, show_value, update_on_change


def glyph_points(mobject):
    return [part.points.copy() for part in mobject.family_members_with_points()]


def same_points(a, b):
    return len(a) == len(b) and all(np.array_equal(p, q) for p, q in zip(a, b))


# --- show_value ----------------------------------------------------------------------------

def test_number_keeps_its_glyphs_while_its_digits_stay_and_holds_the_exact_value():
    tracker = ValueTracker(1.0)
    number = show_value(DecimalNumber(1.0, num_decimal_places=2), tracker.get_value)
    glyphs = list(number.submobjects)
    tracker.set_value(1.0012)       # shows 1.00 still
    number.update()
    assert number.submobjects == glyphs
    assert number.get_value() == 1.0012


def test_number_is_retypeset_as_set_value_would_when_its_digits_change():
    tracker = ValueTracker(1.0)
    number = show_value(DecimalNumber(1.0, num_decimal_places=2), tracker.get_value)
    glyphs = list(number.submobjects)
    tracker.set_value(-3.75)
    number.update()
    assert number.submobjects != glyphs
    assert number.get_value() == -3.75
    assert same_points(glyph_points(number), glyph_points(DecimalNumber(1.0, num_decimal_places=2).set_value(-3.75)))


# --- update_on_change / redraw_on_change ---------------------------------------------------

def test_update_runs_once_at_first_and_then_only_on_frames_where_the_inputs_moved():
    tracker = ValueTracker(0.0)
    calls = []
    mob = update_on_change(VMobject(), tracker.get_value, lambda m: calls.append(tracker.get_value()))
    for _ in range(3):
        mob.update()
    tracker.set_value(2.0)
    for _ in range(3):
        mob.update()
    assert calls == [0.0, 2.0]


def test_redrawn_mobject_matches_a_fresh_drawing_after_every_change():
    tracker = ValueTracker(1.0)

    def draw():
        a = tracker.get_value()
        return VMobject().set_points_as_corners([[0, 0, 0], [a, a * a, 0], [2 * a, 0, 0]])

    mob = redraw_on_change(draw(), tracker.get_value, draw)
    for a in (1.0, 1.5, 1.5, -0.5):
        tracker.set_value(a)
        mob.update()
        assert np.array_equal(mob.points, draw().points)


# --- lighten -------------------------------------------------------------------------------

def test_lightened_formula_and_words_draw_the_same_points_and_copy_independently():
    for make in (lambda: MathTex(r"\frac{1}{x \ln a}"), lambda: Text("傾き slope", font=theme.FONT)):
        plain, light = make(), lighten(make())
        assert same_points(glyph_points(light), glyph_points(plain))
        assert all(getattr(part, "path_obj", None) is None for part in light.get_family())
        twin = light.copy().shift([1, 0, 0])
        assert same_points(glyph_points(light), glyph_points(plain))
        assert not same_points(glyph_points(twin), glyph_points(light))


def test_numbers_draw_the_same_digits_from_lightened_glyphs():
    before = glyph_points(DecimalNumber(0.0, num_decimal_places=3).set_value(-12.5))
    lighten_digits()
    after = glyph_points(DecimalNumber(0.0, num_decimal_places=3).set_value(-12.5))
    assert same_points(after, before)


# --- retypeset and set_smooth_points: Manim's result, made faster ----------------------------

def drawn(mobject):
    parts = mobject.family_members_with_points()
    return ([p.points for p in parts], [(p.fill_rgbas.tolist(), p.stroke_rgbas.tolist(), p.stroke_width) for p in parts])


@pytest.mark.parametrize("make", [
    lambda: DecimalNumber(1.2345, num_decimal_places=4, font_size=30, color=theme.TANGENT),
    lambda: DecimalNumber(0.5, num_decimal_places=2).scale(1.7).shift([1, 2, 0]),
    lambda: Integer(3, edge_to_fix=RIGHT),
], ids=["decimal", "scaled", "integer"])
def test_retypeset_draws_what_set_value_draws(make):
    values = np.random.default_rng(3).uniform(-20, 20, 60).tolist() + [-1234.5, 0.0, -0.001, 98765.4321]
    manims, ours = make(), make()
    for value in values:
        manims.set_value(value)
        retypeset(ours, value)
        (points, styles), (our_points, our_styles) = drawn(manims), drawn(ours)
        assert len(our_points) == len(points), value
        assert all(np.allclose(p, q, atol=1e-12) for p, q in zip(points, our_points)), value
        assert our_styles == styles, value
        assert ours.get_value() == manims.get_value() and ours.font_size == pytest.approx(manims.font_size)


def test_a_retypeset_number_follows_a_change_of_colour():
    number = DecimalNumber(1.0)
    retypeset(number, 2.5)
    number.set_color(theme.SLOPE)
    retypeset(number, 3.5)
    assert all(part.get_fill_color() == ManimColor(theme.SLOPE) for part in number.family_members_with_points())


def test_smooth_points_are_the_points_manim_smooths():
    xs = np.linspace(0.2, 6, 80)
    samples = np.column_stack([xs, np.log(xs), np.zeros_like(xs)])
    ours = set_smooth_points(VMobject(), samples)
    assert np.allclose(ours.points, VMobject().set_points_smoothly(samples).points, atol=1e-12)


def test_curve_through_draws_what_axes_plot_draws_from_the_same_samples():
    axes = theme.lesson_axes((0, 6, 1), (-3, 3, 1))
    xs = maths.samples(0.2, 5.5, 0.05)
    ours = theme.curve_through(axes, xs, maths.log_base(xs, 2.0), theme.LOG)
    manims = axes.plot(lambda x: maths.log_base(x, 2.0), x_range=[0.2, 5.5, 0.05])
    assert np.allclose(ours.points, manims.points, atol=1e-9)


# --- aim_arrow -------------------------------------------------------------------------------

ARROW = {"buff": 0, "stroke_width": 5, "tip_length": 0.18, "max_tip_length_to_length_ratio": 0.45,
         "max_stroke_width_to_length_ratio": 40}


@pytest.mark.parametrize("length", [1e-4, 0.05, 0.3, 0.4, 1.0, 6.0])   # tip and stroke shortened, or not
def test_an_aimed_arrow_is_the_arrow_manim_would_make_from_start_to_end(length):
    rng = np.random.default_rng(7)
    arrow = Arrow(ORIGIN, RIGHT, **ARROW)
    for _ in range(20):
        start = np.array([*rng.uniform(-6, 6, 2), 0.0])
        angle = rng.uniform(-np.pi, np.pi)
        end = start + length * np.array([np.cos(angle), np.sin(angle), 0.0])
        made = Arrow(start, end, **ARROW)
        aim_arrow(arrow, start, end)
        assert arrow.points == pytest.approx(made.points, abs=1e-12)
        assert arrow.tip.points == pytest.approx(made.tip.points, abs=1e-12)
        assert arrow.get_stroke_width() == pytest.approx(made.get_stroke_width(), rel=1e-9)
        assert arrow.tip.get_stroke_width() == made.tip.get_stroke_width()


def test_aiming_an_arrow_at_its_own_start_is_refused():
    with pytest.raises(ValueError, match="two different points"):
        aim_arrow(Arrow(ORIGIN, RIGHT, **ARROW), UP, UP)
