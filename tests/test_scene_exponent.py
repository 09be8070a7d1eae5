"""The exponent scene: b·b·b = b³ read as log_b b³ = 3, a log between whole numbers, equal steps."""

import inspect
import math

import numpy as np
import pytest
from manim import tempconfig

from conftest import DRY_RUN
from frames import Legible, draw_only_when_asked, overlapping_pairs, words_on_screen
from loglesson import maths, theme
from loglesson.catalog import scene_class, scene_classes
from loglesson.params import ParameterError
from loglesson.scene import END_HOLD, LessonScene
from loglesson.text import Words

BEATS = ["why", "multiply", "power", "log_form", "undo", "names", "general", "between", "equal_steps"]


@pytest.fixture(scope="module")
def built(watched):
    """built(lang="en", base=2) -> the scene after construct, built once per module and reused.

    Like conftest's build_scene, but a scene is built once for all the tests that read it (the
    same build as `watched`'s). Each scene carries `moments`: (beat, count shown, product shown)
    after every play and wait.
    """
    return lambda lang="en", base=2: watched(lang, base)[0]


def test_file_defines_exactly_one_lesson_scene():
    (cls,) = scene_classes("exponent")
    assert issubclass(cls, LessonScene) and cls.scene_name == "exponent"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_scene_plays_every_beat_in_both_languages(built, lang):
    scene = built(lang=lang)
    assert scene.beats == BEATS
    assert scene.title.text.replace(" ", "") == scene.t("title").replace(" ", "")


@pytest.mark.parametrize("base", [2, 3])
def test_counter_shows_the_running_product_base_to_the_count(built, base):
    scene = built(base=base)
    seen = [(count, product) for beat, count, product in scene.moments if beat == "multiply"]
    assert {count for count, _ in seen} == {1, 2, 3}
    for count, product in seen:
        assert product == maths.power(base, count)
    assert scene.shown_values == [(k, maths.power(base, k)) for k in (1, 2, 3)]


def test_counter_holds_the_last_whole_step_between_two_steps(built):
    scene = built(base=3)

    def shown():
        return scene.count_number.update(0).get_value(), scene.product_number.update(0).get_value()

    try:
        scene.count.set_value(2.3)    # the panel has left the scene by the end: run its updaters here
        assert shown() == (2, maths.power(3, 2))
    finally:
        scene.count.set_value(3)
        shown()


@pytest.mark.parametrize("base", [2, 3, 5])
def test_value_read_off_the_curve_is_log_base_and_lies_between_2_and_3(built, base):
    scene = built(base=base)
    n = scene.between
    assert n == int(n) and maths.power(base, 2) < n < maths.power(base, 3)
    expected = maths.log_base(n, base)
    assert 2 < expected < 3
    assert scene.read_number.get_value() == pytest.approx(expected, abs=1e-12)
    crossing = scene.axes.p2c(scene.crossing.get_center())
    assert crossing == pytest.approx((expected, n), abs=1e-6)
    assert scene.axes.p2c(scene.foot.get_center()) == pytest.approx((expected, 0), abs=1e-6)
    assert maths.power(base, crossing[0]) == pytest.approx(crossing[1], rel=1e-6)   # on the curve
    # The value is also written where it is read: beside the foot, above the axis.
    assert scene.foot_name.tex_string == f"{expected:.2f}"
    assert scene.foot_name.get_left()[0] > scene.foot.get_x() and scene.foot_name.get_bottom()[1] > scene.foot.get_y()



@pytest.mark.parametrize("base", [2, 3, 5])
def test_the_value_read_off_is_checked_the_other_way_and_said(built, base):
    """b to the power of the value shown gives n back (to within the two decimals' error), worked
    here with Python's own power, and the line says the same numbers as the panel."""
    scene = built(base=base)
    shown = f"{scene.read_number.get_value():.2f}"
    back = base ** float(shown)
    assert abs(back - scene.between) <= scene.between * math.log(base) * 0.005
    assert [part.tex_string for part in scene.check] == [str(base), f"^{{{shown}}}", r"\approx", f"{back:.2f}"]
    said = [line.show for line in scene.lines if shown in line.show and f"{back:.2f}" in line.show]
    assert len(said) == 1 and str(scene.between) in said[0]


@pytest.mark.parametrize("base", [2, 3, 4, 5])
def test_every_tick_of_the_power_axis_is_numbered_but_where_n_is_named(built, base):
    scene = built(base=base)
    axis = scene.axes.y_axis
    numbered = sorted(round(number.get_value()) for number in axis.numbers)
    ticks = [round(t) for t in axis.get_tick_range() if t > 0]
    n_place = axis.number_to_point(scene.between)[1]
    skipped = [t for t in ticks if t not in numbered]
    assert all(abs(axis.number_to_point(t)[1] - n_place) < 0.35 for t in skipped)
    assert maths.power(base, 2) in numbered and maths.power(base, 3) in numbered

def test_non_power_for_base_2_is_the_articles_five(built):
    scene = built(base=2)
    assert scene.between == 5
    assert scene.read_number.get_value() == pytest.approx(2.321928, abs=1e-6)


@pytest.mark.parametrize("base", [2, 5])
def test_exponential_curve_stays_inside_its_axes(built, base):
    scene = built(base=base)
    drawn = [scene.exp_curve.point_from_proportion(t) for t in np.linspace(0, 1, 200)]
    points = np.array([scene.axes.p2c(p) for p in drawn])
    (x_low, x_high), (y_low, y_high) = scene.axes.x_range[:2], scene.axes.y_range[:2]
    assert points[:, 0].min() >= x_low - 1e-6 and points[:, 0].max() <= x_high + 1e-6
    assert points[:, 1].min() >= y_low - 1e-6 and points[:, 1].max() <= y_high + 1e-6
    assert points[:, 1] == pytest.approx(maths.power(base, points[:, 0]), rel=1e-3)


@pytest.mark.parametrize("base", [2, 3])
def test_powers_of_the_base_sit_equally_spaced_on_the_log_scale_line(built, base):
    scene = built(base=base)
    assert scene.step_values == [maths.power(base, k) for k in range(5)]
    positions = np.array([scene.log_line.p2n(dot.get_center()) for dot in scene.step_dots])
    assert positions == pytest.approx(maths.log_base(np.array(scene.step_values), base), abs=1e-6)
    steps = np.diff([dot.get_center()[0] for dot in scene.step_dots])
    assert steps == pytest.approx(np.full(4, steps[0]), abs=1e-6)
    assert np.diff(positions) == pytest.approx(np.ones(4), abs=1e-6)


@pytest.mark.parametrize(("base", "message"), [
    (1, r"LESSON_BASE=1: base a must be positive and not 1, got 1 \(e\.g\. LESSON_BASE=3\)"),
    (7, r"LESSON_BASE=7: base must be between 2 and 5 so the curves fit the axes, got 7"),
    (2.5, r"LESSON_BASE=2.5: base must be a whole number"),
])
def test_base_outside_whole_numbers_2_to_5_is_refused_with_its_rule(build_scene, base, message):
    with pytest.raises(ParameterError, match=message):
        build_scene("exponent", base=base)


def test_clip_lasts_30_to_100_seconds_at_pace_1(built):
    scene = built()
    assert 30 <= scene.renderer.time <= 100


# --- what the viewer can read: at every moment, in both languages ---------------------------

@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """watched(lang, base) -> (scene, the words that overlapped and a frames.Legible, seen after
    every play and wait); one build per language and base for the whole module."""
    folder = tmp_path_factory.mktemp("exponent")
    cache = {}

    def watch(lang="en", base=2):
        if (lang, base) not in cache:
            seen = {"overlaps": [], "legible": Legible()}

            def look(scene, kind):
                if hasattr(scene, "product_number"):
                    shown = (scene.count_number.get_value(), scene.product_number.get_value())
                    scene.moments.append((scene.beats[-1], *shown))
                seen["legible"](scene, kind)
                seen["overlaps"].extend((scene.beats[-1], *pair) for pair in overlapping_pairs(words_on_screen(scene)))

            with tempconfig({**DRY_RUN, "media_dir": str(folder)}):
                scene = scene_class("exponent")(params={"base": base, "voice": "off"}, lang=lang,
                                                skip_animations=True)
                scene.moments = []
                draw_only_when_asked(scene)   # the checks read geometry, not pixels
                scene.moment_observers.append(look)
                scene.render()
            cache[lang, base] = scene, seen
        return cache[lang, base]

    return watch


@pytest.mark.parametrize(("lang", "base"), [("en", 2), ("ja", 2), ("en", 3), ("ja", 5)])
def test_no_two_words_overlap_at_any_moment(watched, lang, base):
    _, seen = watched(lang, base)
    assert [(beat, str(first), str(second)) for beat, first, second in seen["overlaps"]] == []


@pytest.mark.parametrize(("lang", "base"), [("en", 2), ("ja", 2), ("en", 3), ("ja", 5)])
def test_every_word_and_number_is_legible_and_out_of_the_captions_band(watched, lang, base):
    """Text at LABEL_SIZE or more (14 px letters at 480p), formulas and numbers at SMALL_SIZE or
    more, none where players draw captions; every beat titled (frames.Legible)."""
    scene, seen = watched(lang, base)
    assert seen["legible"].problems(scene) == []


@pytest.mark.parametrize("base", [2, 3])
def test_the_example_its_division_twin_and_the_general_form_line_up_at_the_iff(built, base):
    scene = built(base=base)
    assert scene.division[1].get_x() == pytest.approx(scene.iff.get_x(), abs=1e-6)
    assert scene.general[1].get_x() == pytest.approx(scene.iff.get_x(), abs=1e-6)
    assert scene.division.get_bottom()[1] > scene.row.get_top()[1] > scene.row.get_bottom()[1] > scene.general.get_top()[1]


def test_division_twin_undoes_the_product_with_the_lessons_numbers(built):
    scene = built(base=3)
    left, _, right = (part.get_tex_string() for part in scene.division)
    assert left.replace(" ", "") == r"9\times3=27" and right.replace(" ", "") == r"27\div3=9"


def test_graph_is_drawn_the_usual_way_with_the_exponent_along_the_bottom(built):
    scene = built(base=2)
    # the curve y = 2^x: horizontal coordinate is the exponent, vertical the power
    assert scene.axes.p2c(scene.crossing.get_center())[0] == pytest.approx(maths.log_base(5, 2), abs=1e-6)
    assert scene.curve_name.get_tex_string().replace(" ", "") == "y=2^{x}"


def test_every_role_keeps_its_colour_in_the_graph(built):
    """Base pink, argument blue, logarithm orange, as clip 1 set them; x is the exponent here."""
    scene = built(base=2)
    argument, logarithm = theme.EXP, theme.LOG
    name = scene.curve_name
    assert name[0].get_color().to_hex().lower() == argument.lower()
    assert name[3].get_color().to_hex().lower() == logarithm.lower()
    assert scene.level_line.get_color().to_hex().lower() == argument.lower()
    assert scene.read_number.get_color().to_hex().lower() == logarithm.lower()


def test_no_role_is_recoloured_yellow_to_point_at_it():
    """Indicate recolours (yellow by default): every Indicate in the scene keeps the symbol's colour."""
    source = inspect.getsource(inspect.getmodule(scene_class("exponent")))
    for line in source.splitlines():
        if "Indicate(" in line and "import" not in line and "def " not in line:
            assert "color=mob.get_color()" in line, line


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_clip_ends_on_the_definition_above_the_equal_steps_held(built, lang):
    scene = built(lang=lang)
    for part in (scene.heading, scene.log_line, scene.rule):
        assert part in scene.mobjects
    assert scene.renderer.time - scene._last_motion_end >= END_HOLD - 1e-6


def test_japanese_counts_the_factors_multiplied_together_not_times():
    """「3 回掛ける」 reads as 2×2×2×2: the scene says 「3 つ掛け合わせる」 and 「何個掛け合わせると」."""
    words = Words("ja")
    assert any("何個掛け合わせると" in line for line in words.lines("exponent.beat.log_form", b=2, b3=8, bs="₂"))
    lines = " ".join(words.lines("exponent.beat.power", b=2, b3=8)) + " ".join(words.lines("exponent.say.power", b=2, b3=8))
    assert "3 つ掛け合わせると" in lines and "回掛け" not in lines
