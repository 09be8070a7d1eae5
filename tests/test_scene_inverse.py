"""The inverse scene: a^x and log_a x stay mirror images across y = x at every moment and base."""

import math

import numpy as np
import pytest
from manim import Dot, ValueTracker, config, tempconfig

from conftest import DRY_RUN  # the build_scene fixture's settings, for a build shared by this module
from frames import Legible, draw_only_when_asked
from loglesson import maths
from loglesson.catalog import scene_class, scene_classes
from loglesson.labels import box_of
from loglesson.params import ParameterError
from loglesson.scene import LessonScene
from loglesson.text import Words

TOL = 1e-6
# Set at the end, in the closer view near the origin: every base whose point (1, a) fits it.
OTHER_BASES = (1.1, 1.5, math.e, 0.5, 0.2, 1 / 1.1)
BEATS = ["axes", "mirror_pair", "flip", "example", "vary_base", "fixed_pairs", "below_one"]
FLIP_MOMENT = 0.37


# --- what was on screen, in axis coordinates --------------------------------------------------

def on_screen(scene):
    """Ids of every mobject the scene draws now."""
    return {id(m) for top in scene.mobjects for m in top.get_family()}


def anchors(scene, curve):
    """A curve's anchors (every start of a cubic, then the last end) in axis coordinates."""
    points = np.vstack([curve.get_start_anchors(), curve.get_end_anchors()[-1:]])
    return scene.axes.p2c(points)


def centre(scene, mob):
    return scene.axes.p2c(np.array([mob.get_center()]))[0]


def along_strokes(mobjects, per_cubic=20):
    """Screen points (x, y) along every cubic of the mobjects' strokes."""
    t = np.linspace(0, 1, per_cubic)[:, None]
    bernstein = np.hstack([(1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3])
    cubics = [part.points.reshape(-1, 4, 3) for m in mobjects for part in m.family_members_with_points()]
    if not cubics:
        return np.zeros((0, 2))
    return np.einsum("tk,nkd->ntd", bernstein, np.vstack(cubics)).reshape(-1, 3)[:, :2]


def snapshot(scene, label):
    """Everything the tests compare with the maths, as the viewer sees it now."""
    scene.update_mobjects(0)   # what a real render does after each play
    visible = on_screen(scene)

    def shown(mob):
        return id(mob) in visible

    moment = {"label": label, "a": scene.base.get_value(), "readout": scene.base_readout.get_value(),
              "equivalence": shown(scene.equivalence) and shown(scene.base_readout)}
    for name in ("exp_curve", "log_curve", "flipping"):
        curve = getattr(scene, name, None)
        if curve is not None and shown(curve):
            moment[name] = anchors(scene, curve)
    if "flipping" in moment:
        moment["t"] = scene.flip.get_value()
    if getattr(scene, "pair_dots", None) is not None and shown(scene.pair_dots[0]):
        moment["p"] = scene.point.get_value()
        moment["pair"] = [centre(scene, dot) for dot in scene.pair_dots]
        moment["segment"] = anchors(scene, scene.pair_segment)
    if getattr(scene, "fixed_dots", None) is not None:
        moment["fixed"] = [centre(scene, dot) for dot in scene.fixed_dots if shown(dot)]
    if getattr(scene, "base_one", None) is not None and shown(scene.base_one[0]):
        moment["base_one"] = (anchors(scene, scene.base_one[0]), scene.lines[-1].show)
    labels = [label for label in scene.placer.labels if shown(label)]
    names = ("exp_curve", "log_curve", "flipping", "pair_segment", "fixed_segments")
    strokes = [getattr(scene, name) for name in names if getattr(scene, name, None) is not None
               and shown(getattr(scene, name))]
    dots = [dot for group in ("pair_dots", "fixed_dots") for dot in getattr(scene, group, [])
            if shown(dot)]
    moment["label_boxes"] = [box_of(label) for label in labels]
    moment["stroke_points"] = np.vstack([along_strokes(strokes)] + [dot.get_center()[:2] for dot in dots])
    # The axes with their numbers (which the scene may hold apart from them, to fade on their own).
    numbers = [n for axis in (scene.axes.x_axis, scene.axes.y_axis) for n in axis.numbers]
    corners = np.array([box_of(scene.axes)] + [box_of(n) for n in numbers])
    moment["axes_box"] = (*corners[:, :2].min(axis=0), *corners[:, 2:].max(axis=0))
    rules = [getattr(scene, name, None) for name in ("example_rule", "pair_rules")]
    moment["rules_bottom"] = min([r.get_bottom()[1] for r in rules if r is not None and shown(r)], default=np.inf)
    moment["axes_range"] = (*scene.axes.x_range[:2], *scene.axes.y_range[:2])
    moment["origin"] = scene.axes.c2p(0, 0)[:2]
    moment["corner"] = scene.axes.c2p(scene.axes.x_range[0], scene.axes.y_range[0])[:2]
    moment["number_boxes"] = [box_of(number) for axis in (scene.axes.x_axis, scene.axes.y_axis)
                              for number in axis.numbers]
    drawn = [top for top in scene.mobjects if not isinstance(top, ValueTracker)]
    points = np.vstack([np.zeros((0, 3))] + [m.points for top in drawn for m in top.get_family()])
    moment["drawn_box"] = (*points[:, :2].min(axis=0), *points[:, :2].max(axis=0))
    return moment


@pytest.fixture(scope="module")
def moments(tmp_path_factory):
    """The English scene at default parameters: a snapshot after every play and wait, one in the
    middle of the flip, and at the end one per extra base set on the tracker."""
    taken = []

    def observe(scene, kind):
        taken.append(snapshot(scene, f"{scene.beats[-1]} {kind}"))
        flipping = getattr(scene, "flipping", None)
        if flipping is not None and id(flipping) in on_screen(scene) and scene.flip.get_value() == 1:
            scene.flip.set_value(FLIP_MOMENT)
            taken.append(snapshot(scene, "mid-flip"))
            scene.flip.set_value(1)
            scene.update_mobjects(0)

    with tempconfig({**DRY_RUN, "media_dir": str(tmp_path_factory.mktemp("inverse"))}):
        scene = scene_class("inverse")(params={"voice": "off"}, lang="en", skip_animations=True)
        draw_only_when_asked(scene)   # the checks read geometry, not pixels
        scene.moment_observers.append(observe)
        swaps = record_swaps(scene)
        scene.render()
        duration = scene.renderer.time
        for a in OTHER_BASES:
            scene.base.set_value(a)
            taken.append(snapshot(scene, f"base set to {a:g}"))
    return {"scene": scene, "duration": duration, "all": taken, "swaps": swaps}


def record_swaps(scene):
    """Each shown swap of a fixed pair: when (beat, line), where its two points were, and where
    the scene took away the dots that moved (the travellers, at the end of their way)."""
    swaps, show_swap, remove = [], scene.show_swap, scene.remove

    def recorded(k):
        removed = []

        def noted_remove(*mobs):
            removed.extend(centre(scene, m) for m in mobs if isinstance(m, Dot))
            return remove(*mobs)

        scene.remove = noted_remove
        try:
            points = [centre(scene, dot) for dot in scene.fixed_dots[2 * k:2 * k + 2]]
            show_swap(k)
        finally:
            scene.remove = remove
        swaps.append({"k": k, "beat": scene.beats[-1], "line": scene.lines[-1].show, "points": points,
                      "ends": removed})

    scene.show_swap = recorded
    return swaps


def with_key(moments, key):
    found = [m for m in moments["all"] if key in m]
    assert found, f"no moment shows {key}"
    return found


# --- the file and its parameters ---------------------------------------------------------------

def test_file_defines_exactly_one_lesson_scene():
    (cls,) = scene_classes("inverse")
    assert issubclass(cls, LessonScene) and cls.scene_name == "inverse"


def test_clip_lasts_between_30_and_100_seconds_at_pace_1(moments):
    assert 30 <= moments["duration"] <= 100


def test_beats_are_in_storyboard_order(moments):
    assert moments["scene"].beats == BEATS


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"base": 1}, r"LESSON_BASE=1: base a must be positive and not 1"),
        ({"base": 0}, r"LESSON_BASE=0: base a must be positive and not 1, got 0"),
        ({"point": 5}, r"LESSON_POINT=5: point must be between -2.0 and 1.5, got 5"),
        ({"base": 10, "point": 1.5}, r"LESSON_POINT=1.5 with LESSON_BASE=10: .* would leave the axes, "
                                     r"which end at 10; use a point <= 1 for this base"),
    ],
)
def test_bad_parameter_fails_with_its_message(build_scene, params, message):
    with pytest.raises(ParameterError, match=message):
        build_scene("inverse", **params)


def test_scene_constructs_in_japanese_with_the_japanese_words_out_of_the_captions_band_and_legible(build_scene):
    legible = Legible()     # (English: tests/test_frames.py, on the build it makes anyway)
    scene = build_scene("inverse", lang="ja", observe=legible)
    words = Words("ja")
    assert scene.beats == BEATS
    assert "".join(line.text for line in scene.title) == "".join(words["inverse.title"].split())
    assert legible.problems(scene) == []


# --- the mirror, at every moment ------------------------------------------------------------------

def test_axes_have_equal_unit_lengths_so_the_mirror_is_true(moments):
    axes = moments["scene"].axes
    origin = axes.c2p(0, 0)
    x_unit, y_unit = np.linalg.norm(axes.c2p(1, 0) - origin), np.linalg.norm(axes.c2p(0, 1) - origin)
    assert x_unit == pytest.approx(y_unit, abs=1e-12)


def test_exponential_curve_points_satisfy_y_equals_a_to_the_x(moments):
    for m in with_key(moments, "exp_curve"):
        x, y = m["exp_curve"].T
        assert np.abs(y - maths.power(m["a"], x)).max() < TOL, m["label"]


def test_log_curve_points_satisfy_a_to_the_y_equals_x(moments):
    for m in with_key(moments, "log_curve"):
        x, y = m["log_curve"].T
        assert np.abs(maths.power(m["a"], y) - x).max() < TOL * max(1.0, x.max()), m["label"]


def test_mirrored_exponential_points_lie_on_the_log_curve(moments):
    for m in with_key(moments, "exp_curve"):
        u, v = maths.reflect_across_identity(m["exp_curve"]).T
        assert np.abs(v - maths.log_base(u, m["a"])).max() < TOL, m["label"]


def test_log_curve_is_the_exponential_mirrored_point_for_point(moments):
    for m in with_key(moments, "log_curve"):
        assert np.abs(m["log_curve"] - maths.reflect_across_identity(m["exp_curve"])).max() < TOL, m["label"]


def test_curves_never_leave_the_axes(moments):
    for m in moments["all"]:
        low, high, y_low, y_high = m["axes_range"]
        assert (y_low, y_high) == (low, high), m["label"]
        for name in ("exp_curve", "log_curve", "flipping"):
            if name in m:
                assert m[name].min() >= low - TOL and m[name].max() <= high + TOL, (m["label"], name)


def test_flipping_curve_moves_each_point_straight_across_y_equals_x(moments):
    flips = with_key(moments, "flipping")
    assert {0.0, FLIP_MOMENT, 1.0} <= {m["t"] for m in flips}
    for m in flips:
        start, t = m["exp_curve"], m["t"]
        expected = (1 - t) * start + t * maths.reflect_across_identity(start)
        assert np.abs(m["flipping"] - expected).max() < TOL, m["label"]
        moved = m["flipping"] - start
        assert np.abs(moved[:, 0] + moved[:, 1]).max() < TOL, m["label"]   # along (1, -1), across y = x


def test_flip_ends_exactly_on_the_log_curve(moments):
    for m in [m for m in with_key(moments, "flipping") if m["t"] == 1]:
        x, y = m["flipping"].T
        assert np.abs(y - maths.log_base(x, m["a"])).max() < TOL, m["label"]


def test_marked_point_is_on_the_exponential_and_its_mirror_swaps_the_coordinates(moments):
    for m in with_key(moments, "pair"):
        point, mirror = m["pair"]
        assert point == pytest.approx([m["p"], maths.power(m["a"], m["p"])], abs=TOL), m["label"]
        assert mirror == pytest.approx(maths.reflect_across_identity([point])[0], abs=TOL), m["label"]


def test_marked_point_slides_over_several_exponents(moments):
    exponents = {round(m["p"], 6) for m in with_key(moments, "pair")}
    assert len(exponents) >= 3


def test_segment_joins_the_pair_perpendicular_to_y_equals_x(moments):
    for m in with_key(moments, "pair"):
        (start, end), (point, mirror) = m["segment"], m["pair"]
        assert start == pytest.approx(point, abs=TOL) and end == pytest.approx(mirror, abs=TOL)
        direction = end - start
        assert abs(direction @ np.array([1.0, 1.0])) < TOL, m["label"]


def test_fixed_pairs_are_at_0_1_and_1_0_and_1_a_and_a_1_for_the_current_base(moments):
    with_base_pair = [m for m in with_key(moments, "fixed") if len(m["fixed"]) == 4]
    assert {round(m["a"], 6) for m in with_base_pair} >= {2.0, round(math.e, 6), 0.5, 0.4}
    for m in with_base_pair:
        expected = [(0, 1), (1, 0), (1, m["a"]), (m["a"], 1)]
        assert np.abs(np.array(m["fixed"]) - expected).max() < TOL, m["label"]


def test_the_fixed_pairs_trade_places_while_the_swap_is_said(moments):
    """"(0, 1) and (1, 0) swap places as before, and so do (1, a) and (a, 1)": each pair's two
    points travel to each other's place as the line is said, at the base below 1."""
    swaps = moments["swaps"]
    assert [swap["k"] for swap in swaps] == [0, 1]
    for swap in swaps:
        assert swap["beat"] == "below_one" and "swap places" in swap["line"], swap["line"]
        start, end = np.array(swap["points"])
        assert np.abs(start - end[::-1]).max() < TOL and np.abs(start - end).max() > 0.1   # (p, q) and (q, p)
        assert np.abs(np.array(swap["ends"]) - [end, start]).max() < TOL


def test_base_1_is_drawn_flat_while_the_line_says_why_it_is_left_out(moments):
    """"Only 1 is left out, as 1ˣ is always 1": y = 1ˣ drawn, level at 1 across the view, while
    that line is said and the curves of the bases that work are away."""
    for m in with_key(moments, "base_one"):
        points, line = m["base_one"]
        assert m["label"].startswith("below_one") and "1ˣ is always 1" in line, (m["label"], line)
        assert np.abs(points[:, 1] - 1).max() < TOL
        assert points[:, 0].min() == pytest.approx(m["axes_range"][0]) and points[:, 0].max() == pytest.approx(m["axes_range"][1])
        assert "exp_curve" not in m and "log_curve" not in m


def test_clip_ends_on_the_lessons_base_with_its_mirrored_pairs(moments):
    """After the bases below 1, the last picture (the poster) is base 2 again, its pairs shown."""
    last = [m for m in moments["all"] if not m["label"].startswith("base set to")][-1]
    assert last["a"] == 2.0 and "log_curve" in last
    assert np.abs(np.array(last["fixed"]) - [(0, 1), (1, 0), (1, 2), (2, 1)]).max() < TOL


def test_base_moves_above_and_below_one(moments):
    bases = [m["a"] for m in moments["all"] if "log_curve" in m]
    assert max(bases) >= 10 and min(bases) <= 0.5


def test_equivalence_and_base_readout_stay_on_screen(moments):
    assert all(m["equivalence"] for m in moments["all"])


def test_base_readout_shows_the_current_base(moments):
    """The tracker's base, but 1 while base 1's flat line is drawn (no other curve is then)."""
    for m in moments["all"]:
        assert m["readout"] == pytest.approx(1.0 if "base_one" in m else m["a"], abs=1e-12), m["label"]
    assert with_key(moments, "base_one")


# --- readable at every moment ----------------------------------------------------------------------

def test_labels_stay_inside_the_axes_and_apart(moments):
    for m in moments["all"]:
        left, bottom, right, top = m["axes_box"]
        for i, (l0, b0, r0, t0) in enumerate(m["label_boxes"]):
            assert left <= l0 and r0 <= right and bottom <= b0 and t0 <= top, m["label"]
            for l1, b1, r1, t1 in m["label_boxes"][i + 1:]:
                assert not (l0 < r1 and l1 < r0 and b0 < t1 and b1 < t0), m["label"]


def test_labels_cover_no_curve_or_segment(moments):
    for m in moments["all"]:
        points = m["stroke_points"]
        for left, bottom, right, top in m["label_boxes"]:
            inside = ((points[:, 0] > left) & (points[:, 0] < right)
                      & (points[:, 1] > bottom) & (points[:, 1] < top))
            assert not inside.any(), m["label"]


def crossings(m, tick=0.1):
    """Which still lines each label of a moment lies on: the axis lines (with their ticks) and y = x."""
    found = []
    ox, oy = m["origin"]
    cx, cy = m["corner"]
    for left, bottom, right, top in m["label_boxes"]:
        if left < ox + tick and ox - tick < right:
            found.append(("y-axis", (left, bottom, right, top)))
        if bottom < oy + tick and oy - tick < top:
            found.append(("x-axis", (left, bottom, right, top)))
        # The diagonal x - cx = y - cy meets the box when the box's corners lie on both sides of it.
        sides = [np.sign((x - cx) - (y - cy)) for x in (left, right) for y in (bottom, top)]
        if min(sides) < 0 < max(sides):
            found.append(("mirror", (left, bottom, right, top)))
    return found


def test_labels_lie_on_no_axis_tick_or_mirror_line_when_the_picture_is_still(moments):
    """Labels sit beside what they name, on nothing else (checked after each wait: the picture at rest)."""
    bad = [(m["label"], what) for m in moments["all"] if m["label"].endswith("wait") for what in crossings(m)]
    assert bad == []


def test_everything_stays_inside_the_frame(moments):
    half_width, half_height = config.frame_width / 2, config.frame_height / 2
    for m in moments["all"]:
        left, bottom, right, top = m["drawn_box"]
        assert -half_width <= left and right <= half_width, m["label"]
        assert -half_height <= bottom and top <= half_height, m["label"]


def test_labels_hide_no_axis_number(moments):
    for m in moments["all"]:
        for l0, b0, r0, t0 in m["label_boxes"]:
            for l1, b1, r1, t1 in m["number_boxes"]:
                assert not (l0 < r1 and l1 < r0 and b0 < t1 and b1 < t0), m["label"]


def test_axis_numbers_and_labels_are_at_least_14_pixels_tall_at_480p(moments):
    scene = moments["scene"]
    pixels = 480 / config.frame_height
    numbers = [n for axis in (scene.axes.x_axis, scene.axes.y_axis) for n in axis.numbers]
    labels = [*scene.fixed_labels, scene.exp_label, scene.log_label, *scene.example_labels]
    # A digit is the shortest glyph a number or a label shows; a label's box holds its brackets.
    assert min(n.height for n in numbers) * pixels >= 14
    assert all(label.height * pixels >= 14 for label in labels)


def test_lessons_example_3_8_mirrors_to_8_3_at_base_2(moments):
    base, exponent = 2.0, 3.0
    value = maths.power(base, exponent)
    shown = [m for m in with_key(moments, "pair")
             if m["a"] == base and m["p"] == exponent and m["label"].startswith("example")]
    assert shown, "the lesson's example never shown"
    for m in shown:
        point, mirror = m["pair"]
        assert point == pytest.approx([exponent, value], abs=TOL) and value == pytest.approx(8.0)
        assert mirror == pytest.approx([value, exponent], abs=TOL)
    scene = moments["scene"]
    assert [label.tex_string for label in scene.example_labels] == [r"(3,\, 8)", r"(8,\, 3)"]
    assert scene.example_rule.tex_string.replace(" ", "") == r"2^{3}=8\iff\log_{2}8=3"


def test_fixed_points_near_the_origin_are_shown_at_least_24_pixels_apart(moments):
    pixels = 480 / config.frame_height
    scene = moments["scene"]
    unit = np.linalg.norm(scene.axes.c2p(1, 0) - scene.axes.c2p(0, 0))
    for m in with_key(moments, "fixed"):
        if len(m["fixed"]) == 4 and m["label"].split()[0] in ("fixed_pairs", "below_one"):
            points = np.array(m["fixed"]) * unit
            gaps = np.linalg.norm(points[:, None] - points[None], axis=2) + np.eye(4) * 1e9
            assert gaps.min() * pixels >= 24, m["label"]


def test_fixed_pair_labels_stay_on_screen_to_the_end(moments):
    last = moments["all"][len(moments["all"]) - len(OTHER_BASES) - 1]
    assert last["label"].startswith("below_one")
    assert len(last["fixed"]) == 4 and len(last["label_boxes"]) == 7    # 4 points, the 2 curves and the mirror


@pytest.mark.parametrize(("base", "point"), [(10.0, -2.0), (1.1, 1.5), (math.e, 0.5)])
def test_other_parameters_keep_the_mirror_true_and_the_labels_inside_and_apart(build_scene, base, point):
    taken = []
    build_scene("inverse", base=base, point=point, observe=lambda s, kind: taken.append(snapshot(s, kind)))
    assert taken[0]["a"] == base
    for m in taken:
        if "pair" in m:
            p, mirror = m["pair"]
            assert p == pytest.approx([m["p"], maths.power(m["a"], m["p"])], abs=TOL)
            assert mirror == pytest.approx([p[1], p[0]], abs=TOL)
        if "log_curve" in m:
            assert np.abs(m["log_curve"] - maths.reflect_across_identity(m["exp_curve"])).max() < TOL
        left, bottom, right, top = m["axes_box"]
        for i, (l0, b0, r0, t0) in enumerate(m["label_boxes"]):
            assert left <= l0 and r0 <= right and bottom <= b0 and t0 <= top, m["label"]
            for l1, b1, r1, t1 in m["label_boxes"][i + 1:]:
                assert not (l0 < r1 and l1 < r0 and b0 < t1 and b1 < t0), m["label"]
    assert any(m["a"] == 2.0 and m.get("p") == 3.0 for m in taken)     # the lesson's example all the same


def test_rules_colour_each_role_as_the_exponent_clip_does(moments):
    """Base pink, argument blue, logarithm orange in every rule; the fixed pairs use other colours."""
    from loglesson import theme
    scene = moments["scene"]
    hexes = lambda mob: {c.to_hex().lower() for c in [mob.get_color()]}  # noqa: E731
    rule = scene.example_rule          # 2 ^{3} = 8 \iff \log_{2} 8 = 3
    assert hexes(rule[0]) == {theme.ACCENT.lower()} and hexes(rule[5][3]) == {theme.ACCENT.lower()}
    assert hexes(rule[3]) == hexes(rule[6]) == {theme.EXP.lower()}
    assert hexes(rule[1]) == hexes(rule[8]) == {theme.LOG.lower()}
    for dot in scene.fixed_dots:
        assert dot.get_color().to_hex().lower() not in (theme.ACCENT.lower(), theme.EXP.lower(), theme.LOG.lower())


def test_curve_labels_name_base_2_while_the_example_is_shown(moments):
    scene = moments["scene"]
    assert [label.tex_string for label in scene.general_labels] == ["y = a^x", r"y = \log_a x"]
    assert scene.exp_label is scene.general_labels[0] and scene.log_label is scene.general_labels[1]


def test_the_zoom_is_a_true_scaling_of_the_view():
    """Between the two views, each view is the whole one scaled about one fixed axis point."""
    import inspect
    m = inspect.getmodule(scene_class("inverse"))
    assert m.ZOOM_CENTRE + (m.AXIS_MIN - m.ZOOM_CENTRE) / m.ZOOM_FACTOR == pytest.approx(m.ZOOM_MIN)
    assert m.ZOOM_CENTRE + (m.AXIS_MAX - m.ZOOM_CENTRE) / m.ZOOM_FACTOR == pytest.approx(m.ZOOM_MAX)
