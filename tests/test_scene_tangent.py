"""The tangent scene: a secant shrinks into the tangent of log_a x, whose slope is 1/(x ln a) everywhere."""

import colorsys
import math
import sys

import numpy as np
import pytest
from manim import DL, UR, ManimColor, config

from frames import Legible, words_off_frame
from loglesson import maths, theme
from loglesson.catalog import scene_classes
from loglesson.params import ParameterError
from loglesson.scene import LessonScene
from loglesson.text import Words

BEATS = ["secant", "meet_e", "derive", "slide", "natural", "rescale"]
DEFAULT = (("base", 2.0), ("x0", 1.5))
STEEP = (("base", 1.1), ("x0", 6.0))
# The step of the tiny secant the scene measures slopes with (read from the scene's own module).
MEASURE_H = sys.modules[scene_classes("tangent")[0].__module__].MEASURE_H        # the steepest curve the parameters allow, far right
# Each build costs seconds, so there are two: English with the defaults, Japanese with STEEP.
LANG = {DEFAULT: "en", STEEP: "ja"}


_BUILT: dict = {}
_LEGIBLE: dict = {}      # the Japanese build's words in the captions' band or too small (frames.Legible)


@pytest.fixture
def watched(build_scene):
    """watched(params) -> (scene, moments): one build per parameter set (in LANG[params]) per module.

    `moments` holds what the scene showed after every play and wait: which beat, the trackers,
    the tangent's and secant's end points in axis coordinates, and every readout's value.
    """

    def get(params=DEFAULT):
        if params not in _BUILT:
            moments = []
            legible = _LEGIBLE.setdefault(params, Legible())

            def observe(s, kind):
                moments.append(snapshot(s))
                if s.lang == "ja":      # (English: tests/test_frames.py, on the build it makes anyway)
                    legible(s, kind)

            scene = build_scene("tangent", lang=LANG[params], observe=observe, **dict(params))
            _BUILT[params] = scene, moments
        return _BUILT[params]

    return get


def ends(axes, line):
    """A line's two end points in the axes' coordinates."""
    return np.array(axes.p2c(line.get_start())), np.array(axes.p2c(line.get_end()))


def snapshot(scene) -> dict:
    on_screen = {part for mob in scene.mobjects for part in mob.get_family()}
    moment = {"beat": scene.beats[-1], "a": scene.a(), "x": scene.x(), "h": scene.h()}
    if getattr(scene, "tangent", None) in on_screen:
        moment["tangent"] = ends(scene.axes, scene.tangent)
    if getattr(scene, "secant", None) in on_screen:
        moment["secant"] = ends(scene.axes, scene.secant)
        moment["secant_slope"] = scene.secant_slope()
    moment["point"] = np.array(scene.axes.p2c(scene.point.get_center()))
    moment["cut_off"] = words_off_frame(scene)
    if getattr(scene, "rows", None) is not None:     # the derivation: its lead rows and first row shown
        moment["lead"] = [row[0] in on_screen for row in scene.lead]
        moment["first_row"] = scene.rows[0][0] in on_screen
        moment["rows"] = [row[0] in on_screen for row in scene.rows]
        moment["line"] = scene.lines[-1].show
    if getattr(scene, "secant_at_zero", None) is not None and scene.secant_at_zero[0] in on_screen:
        named, brace = scene.lead[2][0][1], scene.secant_at_zero[0]     # (e^h - 1)/h and its brace
        moment["secant_at_zero"] = (named.get_left()[0], named.get_right()[0], named.get_bottom()[1],
                                    brace.get_left()[0], brace.get_right()[0], brace.get_top()[1])
    if getattr(scene, "mirror", None) is not None:   # the mirror's faint image, and the line then said
        moment["mirror_image"] = (scene.mirror.image in on_screen, scene.lines[-1].show)
    moment["readouts"] = {
        name: getattr(scene, name).get_value()
        for name in ("h_readout", "secant_readout", "base_readout", "x_readout",
                     "measured_readout", "formula_readout")
        if getattr(scene, name, None) is not None and getattr(scene, name) in on_screen
    }
    return moment


def graph_anchors(graph) -> np.ndarray:
    """Every anchor of a curve drawn in dashes (the dashes hold the points)."""
    return np.concatenate([part.get_anchors() for part in graph.family_members_with_points()])


def slope_of(p, q) -> float:
    return (q[1] - p[1]) / (q[0] - p[0])


def touches(p, q, point) -> bool:
    """The point lies on segment pq (distance below 1e-9 in axis units, between the ends)."""
    d, r = q - p, point - p
    distance = abs(d[0] * r[1] - d[1] * r[0]) / np.hypot(*d)
    return distance < 1e-9 and 0 <= float(d @ r) <= float(d @ d)


def inside(axes, points, tol=1e-9) -> bool:
    (x0, x1), (y0, y1) = axes.x_range[:2], axes.y_range[:2]
    coords = np.array([axes.p2c(p) for p in points])
    return bool(np.all((coords[:, 0] >= x0 - tol) & (coords[:, 0] <= x1 + tol)
                       & (coords[:, 1] >= y0 - tol) & (coords[:, 1] <= y1 + tol)))


# --- structure -----------------------------------------------------------------------------

def test_file_defines_exactly_one_lesson_scene():
    (cls,) = scene_classes("tangent")
    assert issubclass(cls, LessonScene) and cls.scene_name == "tangent"


@pytest.mark.parametrize("params", [DEFAULT, STEEP], ids=["en", "ja"])
def test_scene_plays_every_beat_in_both_languages(watched, params):
    scene, _ = watched(params)
    assert scene.lang == LANG[params]
    assert scene.beats == BEATS
    assert scene.title.text.replace(" ", "") == scene.t("title").replace(" ", "")


def test_japanese_words_stay_out_of_the_captions_band_at_a_legible_size_and_every_beat_is_titled(watched):
    """Japanese (the wider words) with the steepest curve the parameters allow, far right."""
    scene, _ = watched(STEEP)
    assert scene.lang == "ja" and _LEGIBLE[STEEP].problems(scene) == []


def test_the_bar_lit_as_it_is_explained_is_the_whole_bar_and_the_point_under_it():
    formula = theme.formula(r"\left.\frac{d}{dx}\ln x\,\right|_{x=1} = 1", size=42)
    at_one = scene_classes("tangent")[0].bar_and_its_point(formula)
    bar = [g for g in at_one if g.width < 0.05]
    assert len(bar) >= 2 and len(at_one) - len(bar) == 3                   # the bar's pieces, then x = 1
    top, bottom = max(g.get_top()[1] for g in bar), min(g.get_bottom()[1] for g in bar)
    assert top - bottom > 0.8 * formula.height                            # it spans the formula's height


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_the_switch_to_a_tinier_step_at_the_moving_x_is_said_as_the_readout_shows_it(watched, params):
    """From meet_e on the readout measures at x (no longer x₀) with the measuring h: a line says so."""
    scene, _ = watched(params)
    module = sys.modules[type(scene).__module__]
    h = f"{module.MEASURE_H:.5f}"
    said = [line.show for line in scene.lines if line.beat == "meet_e"]
    assert h in said[0] and "x" in said[0], said[0]      # said first, as the readout changes


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_no_words_run_off_the_frame_at_any_moment(watched, params):
    """A reason written beside the derivation's rows once ran past the right edge in Japanese."""
    _, moments = watched(params)
    assert [(m["beat"], m["cut_off"]) for m in moments if m["cut_off"]] == []


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_clip_lasts_between_60_and_200_seconds_at_pace_1(watched, params):
    """Six beats, each derivation step with its own spoken line (here timed by reading speed);
    the derivation says what d/dx and d/dy mean and starts from the slope measured in the beat
    before it, which takes four lines, and shows the power of a power on its own line; the
    switch to the moving x and the tinier h has its own line. (The Japanese is the longer.)"""
    scene, _ = watched(params)
    assert 60 <= scene.renderer.time <= 200


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_no_panel_is_shrunk_below_its_type_size(watched, params):
    scene, _ = watched(params)
    assert scene.shrunk == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"base": 1}, r"LESSON_BASE=1: base a must be positive and not 1"),
        ({"x0": 0}, r"LESSON_X0=0: x0 must be between 0.5 and 6.0, got 0"),
        ({"x0": -1}, r"LESSON_X0=-1: x0 must be between 0.5 and 6.0, got -1"),
    ],
)
def test_bad_parameter_fails_with_its_message(build_scene, params, message):
    with pytest.raises(ParameterError, match=message):
        build_scene("tangent", **params)


# --- the secant becomes the tangent ----------------------------------------------------------

@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_shown_secant_slopes_approach_the_tangent_slope_monotonically(watched, params):
    scene, _ = watched(params)
    a, x0 = dict(params)["base"], dict(params)["x0"]
    target = maths.log_derivative(x0, a)
    hs, slopes = np.array(scene.shown_secant_slopes).T
    assert hs[0] == pytest.approx(2.0) and hs[-1] == pytest.approx(0.001)
    assert np.all(np.diff(hs) <= 0), "h only shrinks"
    errors = np.abs(slopes - target)
    assert np.all(np.diff(errors) <= 1e-15), "each secant is at least as close as the one before"
    assert errors[0] > 0.1 * target, "the first secant is visibly off"
    assert errors[-1] <= 1e-3 * target


def test_every_shown_secant_has_the_slope_its_readout_shows(watched):
    _, moments = watched()
    shown = [m for m in moments if "secant" in m]
    assert len(shown) >= 4
    for m in shown:
        p, q = m["secant"]
        expected = maths.secant_slope(lambda t: maths.log_base(t, m["a"]), m["x"], m["h"])
        assert slope_of(p, q) == pytest.approx(expected, abs=1e-6)
        assert m["readouts"]["secant_readout"] == pytest.approx(expected, abs=1e-12)
        assert m["readouts"]["h_readout"] == pytest.approx(m["h"], abs=1e-15)
        assert touches(p, q, np.array([m["x"], maths.log_base(m["x"], m["a"])]))
        far = np.array([m["x"] + m["h"], maths.log_base(m["x"] + m["h"], m["a"])])
        assert touches(p, q, far)


@pytest.mark.parametrize("params", [DEFAULT, STEEP], ids=["en", "ja"])
def test_the_slope_said_to_settle_is_the_one_its_readout_shows_then(watched, params):
    """"Its slope settles near m" is said over the secant's readout at the smallest h: m as it reads."""
    scene, moments = watched(params)
    said = [line for line in scene.lines if line.beat == "secant"][-1]
    shown = [m for m in moments if "secant" in m and m["h"] == pytest.approx(0.001)]
    assert shown, "the secant at the smallest h was seen"
    places = scene.secant_readout.num_decimal_places
    assert f"{shown[-1]['readouts']['secant_readout']:.{places}f}" in said.show


@pytest.mark.parametrize("h", [1.5, 0.3, 0.02])
def test_secant_set_by_hand_passes_through_both_points(watched, h):
    scene, _ = watched()
    scene.x_tracker.set_value(scene.x0)
    scene.base_tracker.set_value(2.0)
    scene.log_h_tracker.set_value(maths.log_base(h, 10))
    scene.secant.update(0)                # the secant has left the scene by the end: run its updater
    p, q = ends(scene.axes, scene.secant)
    assert slope_of(p, q) == pytest.approx(maths.secant_slope(lambda t: maths.log_base(t, 2.0), scene.x0, h), abs=1e-6)
    assert touches(p, q, np.array([scene.x0 + h, maths.log_base(scene.x0 + h, 2.0)]))


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_the_derivation_starts_from_the_slope_measured_before_it(watched, params):
    """Before d/dy e^y = e^y heads the derivation, three rows lead to it, one a line: ln's slope
    of 1 at x = 1 (measured in the beat before), mirrored as e^y's slope of 1 at y = 0, and e^y's
    secant at y as e^y times its secant at 0. Then only the derived row stays."""
    _, moments = watched(params)
    derive = [m for m in moments if m["beat"] == "derive" and "lead" in m]
    first = next(i for i, m in enumerate(derive) if m["first_row"])
    before = [m["lead"] for m in derive[:first]]
    assert [True, False, False] in before and [True, True, False] in before and [True] * 3 in before
    rising = before[:before.index([True] * 3) + 1]
    assert all(sum(a) <= sum(b) for a, b in zip(rising, rising[1:])), "each row stays until all three are shown"
    assert not any(lead for m in derive[first:] for lead in m["lead"])
    # What the rows state, from the maths the scene draws with.
    assert maths.log_derivative(1.0, math.e) == pytest.approx(1.0, abs=1e-15)
    assert maths.numeric_derivative(lambda y: maths.power(math.e, y), 0.0) == pytest.approx(1.0, rel=1e-6)
    y, h = np.meshgrid(np.linspace(-2, 2, 9), [1.0, 0.1, 1e-3, 1e-5])
    secant_at_y = (maths.power(math.e, y + h) - maths.power(math.e, y)) / h
    assert secant_at_y == pytest.approx(maths.power(math.e, y) * (maths.power(math.e, h) - 1) / h, rel=1e-6)



@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_each_step_of_the_derivation_is_written_as_its_line_is_said(watched, params):
    """From e^y's slope to 1/(x ln a), one row per spoken step, none skipped: the power of a power
    (e^(ln a))^u = e^(u ln a) has its own row and line between x = a^u and ln x = u ln a."""
    scene, moments = watched(params)
    lines = scene.words.lines("tangent.beat.derive")
    first_said = {}
    for m in moments:
        for row, shown in enumerate(m.get("rows", [])):
            if shown and m["beat"] == "derive":
                first_said.setdefault(row, m["line"])
    # shrink h; the mirror images; the slope 1/x; u = log_a x; the power; ln of both sides; 1/ln a
    assert [lines.index(first_said[row]) for row in range(7)] == [7, 8, 10, 11, 12, 13, 14]
    # What the second half's rows state, from the maths the scene draws with.
    for a in (0.5, 2.0, math.e, 10.0):
        x = np.array([0.3, 1.5, 8.0])
        u = maths.log_base(x, a)
        assert maths.power(a, u) == pytest.approx(x, rel=1e-12)
        assert maths.power(maths.power(math.e, math.log(a)), u) == pytest.approx(maths.power(math.e, u * math.log(a)),
                                                                                  rel=1e-12)
        assert np.log(x) == pytest.approx(u * math.log(a), rel=1e-12)
        slopes = [maths.numeric_derivative(lambda t: maths.log_base(t, a), xi) for xi in x]
        assert slopes == pytest.approx(1 / math.log(a) * (1 / x), rel=1e-6)


@pytest.mark.parametrize("params", [DEFAULT, STEEP], ids=["en", "ja"])
def test_the_secant_slope_at_0_is_named_under_it_while_its_line_is_said(watched, params):
    """e^y's secant slope at y is e^y times (e^h - 1)/h: that factor is braced and named "the
    secant slope at 0" while the line says so, and only then."""
    scene, moments = watched(params)
    lines = scene.words.lines("tangent.beat.derive")
    named = [m for m in moments if "secant_at_zero" in m]
    assert named and all(m["beat"] == "derive" and lines.index(m["line"]) == 6 for m in named)
    for m in named:
        left, right, bottom, brace_left, brace_right, brace_top = m["secant_at_zero"]
        assert brace_top < bottom and abs(brace_left - left) < 0.1 and abs(brace_right - right) < 0.1


# --- the tangent, at every moment and at states set by hand -----------------------------------

@pytest.mark.parametrize("params", [DEFAULT, STEEP])
def test_tangent_at_every_moment_has_slope_one_over_x_ln_a_and_touches_the_curve(watched, params):
    _, moments = watched(params)
    with_tangent = [m for m in moments if "tangent" in m]
    # The derivation has the whole frame to itself; every other beat shows the tangent.
    assert {m["beat"] for m in with_tangent} == set(BEATS) - {"derive"}
    assert len({round(m["x"], 6) for m in with_tangent}) >= 3, "the tangent is seen at several points"
    assert len({round(m["a"], 6) for m in with_tangent}) >= 3, "and for several bases"
    for m in with_tangent:
        p, q = m["tangent"]
        assert slope_of(p, q) == pytest.approx(maths.log_derivative(m["x"], m["a"]), abs=1e-6)
        on_curve = np.array([m["x"], maths.log_base(m["x"], m["a"])])
        assert touches(p, q, on_curve)
        assert m["point"] == pytest.approx(on_curve, abs=1e-9)


def test_slope_readouts_equal_the_maths_at_every_moment(watched):
    _, moments = watched()
    read = [m for m in moments if "measured_readout" in m["readouts"]]
    assert {m["beat"] for m in read} == {"meet_e", "slide", "natural", "rescale"}
    for m in read:
        values = m["readouts"]
        measured = maths.secant_slope(lambda t: maths.log_base(t, m["a"]), m["x"], MEASURE_H)
        assert values["measured_readout"] == pytest.approx(measured, rel=1e-9)
        assert values["measured_readout"] == pytest.approx(maths.log_derivative(m["x"], m["a"]), rel=1e-4)
        if "formula_readout" in values:
            assert values["formula_readout"] == maths.log_derivative(m["x"], m["a"])
        assert (values["base_readout"], values["x_readout"]) == (m["a"], m["x"])


def test_natural_base_is_met_at_x_1_with_a_measured_slope_of_1(watched):
    _, moments = watched()
    met = [m for m in moments if m["beat"] == "meet_e"][-1]
    assert (met["a"], met["x"]) == (math.e, 1.0)
    assert round(met["readouts"]["measured_readout"], 3) == 1.0


# --- the measured slope is a measurement on the drawn curve, not the formula --------------------

def on_drawn_curve(scene, curve, points, tol=0.01) -> bool:
    """Each point (axis coordinates) lies within `tol` scene units of the drawn Bézier curve."""
    bezier = curve.points.reshape(-1, 4, 3)
    t = np.linspace(0, 1, 40)[:, None, None]
    drawn = ((1 - t) ** 3 * bezier[:, 0] + 3 * (1 - t) ** 2 * t * bezier[:, 1]
             + 3 * (1 - t) * t ** 2 * bezier[:, 2] + t ** 3 * bezier[:, 3]).reshape(-1, 3)
    screen = np.array([scene.axes.c2p(x, y) for x, y in points])
    return all(np.min(np.linalg.norm(drawn - p, axis=1)) < tol for p in screen)


@pytest.mark.parametrize(("x", "a"), [(0.5, 2.0), (3.0, 1.6), (1.0, math.e), (5.5, 10.0)])
def test_measured_slope_is_rise_over_run_between_two_points_of_the_drawn_curve(watched, x, a):
    scene, _ = watched()
    scene.x_tracker.set_value(x)
    scene.base_tracker.set_value(a)
    scene.update_mobjects(0)
    scene.log_curve.update(0)
    xs, ys = scene.measured_points()
    assert xs[1] - xs[0] == pytest.approx(MEASURE_H)
    assert on_drawn_curve(scene, scene.log_curve, zip(xs, ys))
    assert scene.measured_slope() == (ys[1] - ys[0]) / (xs[1] - xs[0])
    # A measurement, so not exactly the formula: a forward secant of a concave curve lies below it.
    formula = maths.log_derivative(x, a)
    assert scene.measured_slope() < formula
    assert scene.measured_slope() == pytest.approx(formula, rel=MEASURE_H / x)


def test_measured_slope_does_not_read_the_formula(watched, monkeypatch):
    scene, _ = watched()
    scene.x_tracker.set_value(2.5)
    scene.base_tracker.set_value(3.0)
    xs = np.array([2.5, 2.5 + MEASURE_H])
    ys = maths.log_base(xs, 3.0)
    expected = (ys[1] - ys[0]) / (xs[1] - xs[0])

    def refused(*args, **kwargs):
        raise AssertionError("the measured slope used the formula")

    monkeypatch.setattr(maths, "log_derivative", refused)
    monkeypatch.setattr(maths, "tangent_line", refused)
    scene.measured_readout.update(0)
    assert scene.measured_slope() == expected
    assert scene.measured_readout.get_value() == expected


@pytest.mark.parametrize(("x", "a"), [(0.5, 2.0), (1.5, math.e), (3.7, 10.0), (4.0, 1.6)])
def test_tangent_set_by_hand_has_the_slope_of_log_derivative(watched, x, a):
    scene, _ = watched()
    scene.x_tracker.set_value(x)
    scene.base_tracker.set_value(a)
    scene.update_mobjects(0)
    p, q = ends(scene.axes, scene.tangent)
    assert slope_of(p, q) == pytest.approx(maths.log_derivative(x, a), abs=1e-6)
    assert touches(p, q, np.array([x, maths.log_base(x, a)]))
    assert scene.formula_readout.get_value() == maths.log_derivative(x, a)
    assert np.array(scene.axes.p2c(scene.traced_point.get_center())) == pytest.approx(
        [x, maths.log_derivative(x, a)], abs=1e-9)


# --- curves: on the maths, inside their axes -----------------------------------------------------

@pytest.mark.parametrize("a", [2.0, math.e, 5.0, 10.0])
def test_traced_slope_graph_points_satisfy_y_equals_one_over_x_ln_a(watched, a):
    scene, _ = watched()
    scene.base_tracker.set_value(a)
    scene.update_mobjects(0)
    coords = np.array([scene.axes.p2c(p) for p in graph_anchors(scene.slope_graph)])
    assert coords[:, 0].min() <= 0.5 + 1e-9 and coords[:, 0].max() >= scene.x_high - 1e-9, "traced end to end"
    # dash ends are cut between the samples, on the drawn curve: within 0.5 % (below a pixel)
    assert coords[:, 1] == pytest.approx(maths.log_derivative(coords[:, 0], a), rel=5e-3)


def slide_the_point(scene, a):
    """At base a, the point at the left end, at its start and at the right end, the scene updated each time."""
    for x in (0.5, scene.x0, scene.x_high):
        scene.x_tracker.set_value(x)
        scene.base_tracker.set_value(a)
        scene.update_mobjects(0)
        yield x


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
@pytest.mark.parametrize("a", ["chosen", math.e, 10.0])
def test_curves_and_tangent_stay_inside_their_axes(watched, params, a):
    scene, _ = watched(params)
    a = dict(params)["base"] if a == "chosen" else a
    for _ in slide_the_point(scene, a):
        assert inside(scene.axes, scene.tangent.get_start_and_end())
    assert inside(scene.axes, scene.log_curve.get_anchors())
    assert inside(scene.axes, graph_anchors(scene.slope_graph))
    # Compared as x = a^y: where the curve is nearly vertical, x is far below screen precision.
    coords = np.array([scene.axes.p2c(p) for p in scene.log_curve.get_anchors()])
    assert coords[:, 0] == pytest.approx(maths.power(a, coords[:, 1]), abs=1e-9)


def test_slope_graph_of_a_steeper_base_starts_where_it_fits_under_the_top(watched):
    scene, _ = watched()
    scene.x_tracker.set_value(1.0)
    scene.base_tracker.set_value(1.2)         # steeper than the default axes were sized for
    scene.update_mobjects(0)
    coords = np.array([scene.axes.p2c(p) for p in graph_anchors(scene.slope_graph)])
    top = scene.axes.y_range[1]
    assert inside(scene.axes, graph_anchors(scene.slope_graph))
    assert coords[0] == pytest.approx([maths.log_derivative(top, 1.2), top], abs=1e-9)
    assert coords[:, 1] == pytest.approx(maths.log_derivative(coords[:, 0], 1.2), rel=5e-3)


def crosses_box(points, box) -> bool:
    """Any of `points` (scene coordinates) inside the rectangle box = (low corner, high corner)."""
    (x0, y0), (x1, y1) = box
    return bool(np.any((points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)))


@pytest.mark.parametrize("params", [DEFAULT, STEEP])
@pytest.mark.parametrize("a", ["chosen", math.e, 10.0])
def test_no_curve_passes_through_the_names_of_the_curves(watched, params, a):
    """The names y = log_a x and y = 1/(x ln a), and the x axis' "1", stay clear of both curves
    and of the tangent, at every base of the tour and wherever the point slides."""
    scene, _ = watched(params)
    a = dict(params)["base"] if a == "chosen" else a
    for x in slide_the_point(scene, a):
        lines = [scene.log_curve, scene.slope_graph, scene.tangent]
        points = np.vstack([np.linspace(*line.get_start_and_end(), 50) if line is scene.tangent
                            else graph_anchors(line) for line in lines])[:, :2]
        for name in (scene.curve_label, scene.slope_label, scene.one):
            box = (name.get_corner(DL)[:2] - 0.05, name.get_corner(UR)[:2] + 0.05)
            assert not crosses_box(points, box), f"a curve passes through {name!r} at a={a}, x={x}"


def test_tangent_and_slope_graph_look_different(watched):
    """Where they cross, the traced graph of 1/(x ln a) and the tangent must not be the same green."""
    scene, _ = watched()
    assert scene.slope_graph.get_color() != scene.tangent.get_color()
    assert len(scene.slope_graph.submobjects) > 1, "the slope graph is dashed, the tangent solid"
    assert scene.traced_point.get_color() == scene.slope_graph.get_color() == scene.slope_label.get_color()
    # The measured slope is written in the tangent's colour, lightened for thin strokes: its hue.
    assert scene.tangent.get_color() == ManimColor(theme.SLOPE)
    assert scene.measured_readout.get_color() == ManimColor(theme.SLOPE_INK)
    hue = [colorsys.rgb_to_hsv(*ManimColor(c).to_rgb())[0] for c in (theme.SLOPE, theme.SLOPE_INK)]
    assert hue[0] == pytest.approx(hue[1], abs=0.01)


# --- the mirror that turns the slope of e^y over -------------------------------------------------

def corners_in_axes(mirror, mob) -> np.ndarray:
    """A shape's anchors in the picture's axis coordinates, a corner shared by two segments once."""
    points = np.array([mirror.axes.p2c(p) for p in mob.get_anchors()])
    return points[np.r_[True, np.linalg.norm(np.diff(points, axis=0), axis=1) > 1e-9]]


def test_ln_xs_tangent_of_slope_one_is_parallel_to_the_mirror_and_mirrors_into_e_to_the_ys_at_zero(watched):
    """ln x's tangent at x = 1 has the slope 1/(1 ln e) = 1 of the diagonal; the picture, once
    mirrored, is x = e^y with that tangent touching it at (0, 1), still of slope 1."""
    scene, _ = watched()
    picture = scene.parallel
    xs, ys = picture.log_points.T
    assert ys == pytest.approx(maths.log_base(xs, math.e), abs=1e-12)
    assert slope_of(*picture.tangent_ends) == pytest.approx(maths.log_derivative(1.0, math.e)) == 1.0
    d, r = np.diff(picture.tangent_ends, axis=0)[0], np.array([1.0, 0.0]) - picture.tangent_ends[0]
    assert abs(d[0] * r[1] - d[1] * r[0]) < 1e-9, "the tangent touches ln x at (1, 0)"
    # Mirrored (as the clip ends it): the curve is x = e^y, the tangent through (0, 1), slope 1.
    curve = corners_in_axes(picture, picture.curve)
    assert curve[:, 1] == pytest.approx(maths.power(math.e, curve[:, 0]), rel=1e-6)
    p, q = corners_in_axes(picture, picture.tangent)
    assert slope_of(p, q) == pytest.approx(1.0, rel=1e-9)
    assert p[1] - p[0] == pytest.approx(1.0, abs=1e-9), "the tangent passes through (0, 1)"
    assert picture.axes.p2c(picture.dot.get_center()) == pytest.approx([0.0, 1.0], abs=1e-9)
    for part in (picture, picture.exp_name):    # inside the frame's margin, the curves' names too
        assert part.get_right()[0] <= config.frame_width / 2 - theme.EDGE + 1e-9
    # The point touched is named as the lines name it, mirrored: y = ln 1 = 0; its name is clear
    # of the curve and the tangent, which leave the point up right and down left.
    assert picture.point_name.tex_string == f"y = {maths.log_base(1.0, math.e):g}" == "y = 0"
    low, high = picture.point_name.get_corner(DL)[:2], picture.point_name.get_corner(UR)[:2]
    for line in (picture.curve, picture.tangent):
        inside = [(low < p[:2]).all() and (p[:2] < high).all() for p in line.get_anchors()]
        assert not any(inside)


def test_what_y_equals_ln_x_means_is_written_under_its_name_clear_of_the_picture(watched):
    """'y = ln x means e^y = x' is said before the mirroring: it is written under the curve's
    name, inside the frame, and no line of the picture (ln x, its tangent, the mirror) passes
    through it."""
    scene, _ = watched()
    picture = scene.parallel
    assert picture.meaning.tex_string.replace(" ", "").endswith("e^y=x")
    assert picture.meaning.get_top()[1] < picture.curve_name.get_bottom()[1]
    assert picture.meaning.get_right()[0] <= config.frame_width / 2 - theme.EDGE + 1e-9
    low, high = picture.meaning.get_corner(DL)[:2] - 0.05, picture.meaning.get_corner(UR)[:2] + 0.05
    def through(ends, n=400):
        return np.linspace(ends[0], ends[1], n)

    lines = [picture.log_points, through(picture.tangent_ends), through(np.array([[-1.0, -1.0], [4.0, 4.0]]))]
    for line in lines:                                      # ln x, its tangent, the mirror y = x
        on_screen = np.array([picture.axes.c2p(*point)[:2] for point in line])
        assert not crosses_box(on_screen, (low, high))


def test_the_mirrored_picture_is_ln_x_with_its_tangent_of_slope_one_over_e_to_the_y(watched):
    """Before the mirror, e^y's tangent at y0 has the slope measured on e^y (rise e^y0 over a
    run of 1); after it, the same tangent touches y = ln x at (e^y0, y0), with rise 1 over run
    e^y0: the slope of ln x there, 1/x."""
    scene, moments = watched()
    mirror = scene.mirror
    y0, x0 = mirror.y0, math.exp(mirror.y0)
    measured = maths.numeric_derivative(lambda y: maths.power(math.e, y), y0)
    assert slope_of(*mirror.tangent_ends) == pytest.approx(measured, rel=1e-6)
    run, rise = np.diff(mirror.triangle, axis=0)
    assert (*run, *rise) == pytest.approx((1.0, 0.0, 0.0, measured), rel=1e-6)

    curve = corners_in_axes(mirror, mirror.curve)
    assert curve[:, 1] == pytest.approx(maths.log_base(curve[:, 0], math.e), abs=1e-6)
    # The faint image, drawn as the graphs' being mirror images is said, is x = e^y mirrored:
    # the curve then lands on it.
    said = [line for shown, line in (m["mirror_image"] for m in moments if "mirror_image" in m) if shown]
    assert said and said[0] == Words("en").lines("tangent.beat.derive")[8]
    image = corners_in_axes(mirror, mirror.image)
    assert image == pytest.approx(maths.reflect_across_identity(mirror.exp_points), abs=1e-6)
    assert image == pytest.approx(curve, abs=1e-6)
    p, q = corners_in_axes(mirror, mirror.tangent)
    assert slope_of(p, q) == pytest.approx(maths.log_derivative(x0, math.e), rel=1e-6)
    d, r = q - p, np.array([x0, y0]) - p
    assert abs(d[0] * r[1] - d[1] * r[0]) / np.hypot(*d) < 1e-6, "the tangent touches ln x at (e^y0, y0)"
    upright, across = np.diff(corners_in_axes(mirror, mirror.legs), axis=0)
    assert (*upright, *across) == pytest.approx((0.0, 1.0, x0, 0.0), abs=1e-6)
