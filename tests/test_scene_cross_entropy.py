"""The cross_entropy scene: −log y and its slope, the descent and the softmax bars match loglesson.maths."""

import inspect
import math
import re

import numpy as np
import pytest
from manim import DecimalNumber, MathTex, Mobject, SingleStringMathTex, Text, ValueTracker, config, linear, smooth

from frames import Legible, box, overlapping_pairs, words_on_screen
from loglesson import maths, narration, theme
from loglesson.catalog import scene_classes
from loglesson.params import ParameterError
from loglesson.scene import LessonScene
from loglesson.text import Words

CLASS_TARGET = (0.0, 1.0, 0.0)
CLASS_LR = 0.5                       # the softmax beat's learning rate, as its line says

NAME = "cross_entropy"
BEATS = ["formulas", "punish", "descent", "softmax", "gradient"]

# Two builds serve every test (a build takes seconds): the defaults in English, watched at
# every moment, and a variant in Japanese with another seed and the most steps allowed.
DEFAULTS = {}
VARIANT = {"seed": 7, "steps": 200}
_built = {}


class Watcher:
    """Records, after every play and wait, what the tests compare with the maths."""

    def __init__(self):
        # (y, slope shown, tangent slope in axis units, gap of the point to the line, its ends, loss shown, y shown)
        self.tangent_checks = []
        self.descent_moments = []    # (step shown, loss dots present)
        self.bars = []               # (step shown, bar heights in axis units, true-class loss shown)
        self.bar_labels = []         # per moment, per class: (bar top, bar right, number bottom, number right)
        self.class_pulls = []        # per moment, per class: (arrow start, arrow end)
        self.data_pulls = []         # (step, per point (arrow start, arrow end))
        self.outside = []            # (beat, mobject) that left the frame
        self.overlaps = []           # (beat, two texts whose boxes overlap)
        self.scores = []             # (step shown, the scores z shown under the classes)
        self.legible = Legible()     # words in the captions' band or below their legible size
        self.mid_step = []           # (scores shown, bar heights, true-class loss shown) halfway between steps
        self.gradient_words = []     # per moment of the gradient beat: the formulas and words on screen
        self.sigma_shapes = []       # (w, b readouts on screen?, the curve σ's S drawn before the descent, in axis units)
        self.legends = []            # per descent moment: (gradient legend on screen?, pull legend on screen?)

    def __call__(self, scene, kind):
        beat = scene.beats[-1]
        self.check_frame(scene, beat)
        self.legible(scene, kind)
        if beat == "descent" and hasattr(scene, "gradient_legend"):
            present = {id(m) for top in scene.mobjects for m in top.get_family()}
            self.legends.append((id(scene.gradient_legend) in present, id(scene.pull_legend) in present))
        if beat == "gradient":
            self.gradient_words.append({getattr(m, "tex_string", None) or getattr(m, "text", "")
                                        for m in words_on_screen(scene)})
        if beat == "punish" and hasattr(scene, "tangent") and scene.tangent.updaters:
            present = {id(m) for top in scene.mobjects for m in top.get_family()}
            if id(scene.tangent) in present and id(scene.slope_readout) in present:   # both on screen
                self.check_tangent(scene)
        if beat == "descent" and hasattr(scene, "step_readout") and scene.step_readout.updaters:
            present = {id(m) for top in scene.mobjects for m in top.get_family()}
            dots = [i for i, dot in enumerate(scene.loss_dots) if id(dot) in present]
            self.descent_moments.append((scene.step_readout.get_value(), dots))
        if beat == "softmax" and hasattr(scene, "class_loss_readout") and scene.class_loss_readout.updaters:
            heights = [scene.bar_axes.p2c(bar.get_top())[1] for bar in scene.prob_bars]
            numbers = [number.get_value() for number in scene.prob_numbers]
            self.bars.append((scene.class_step_readout.get_value(), heights, numbers,
                              scene.class_loss_readout.get_value()))
            self.bar_labels.append([(bar.get_top(), bar.get_right(), number.get_bottom(), number.get_right())
                                    for bar, number in zip(scene.prob_bars, scene.prob_numbers)])
            self.class_pulls.append([(arrow.get_start(), arrow.get_end()) for arrow in scene.class_pulls])
            self.scores.append((scene.class_step_readout.get_value(), [n.get_value() for n in scene.score_numbers]))
            step = scene.class_tracker.get_value()
            if step >= 1 and not self.mid_step:
                self.check_mid_step(scene, step)
        if beat == "descent" and hasattr(scene, "shape_curve") and scene.shape_curve in scene.mobjects:
            present = {id(m) for top in scene.mobjects for m in top.get_family()}
            self.sigma_shapes.append((id(scene.w_readout) in present,
                                      np.array([scene.data_axes.p2c(p) for p in scene.shape_curve.get_anchors()])))
        if beat == "descent" and hasattr(scene, "pull_arrows") and scene.pull_arrows.updaters:
            self.data_pulls.append((scene.step_tracker.get_value(),
                                    [(arrow.get_start(), arrow.get_end()) for arrow in scene.pull_arrows]))

    def check_tangent(self, scene):
        """The tangent and slope readout at the tracker's value (and once, at other y set on purpose)."""
        tracker, axes = scene.y_tracker, scene.loss_axes
        kept = tracker.get_value()
        others = () if self.tangent_checks else (0.5, 0.2, 0.1, 0.0973, 0.07)   # 0.0973: between places
        for y in (*others, kept):
            tracker.set_value(y)
            scene.update_mobjects(0)
            (x0, y0), (x1, y1) = (axes.p2c(p) for p in scene.tangent.get_start_and_end())
            slope = (y1 - y0) / (x1 - x0)
            gap = abs(maths.neg_log(y) - (y0 + slope * (y - x0)))
            self.tangent_checks.append((y, scene.slope_readout.get_value(), slope, gap,
                                        (x0, y0, x1, y1), scene.loss_readout_one.get_value(),
                                        scene.y_readout.get_value()))

    def check_mid_step(self, scene, step):
        """The softmax picture paused halfway between two steps (as a viewer may pause it)."""
        scene.class_tracker.set_value(step - 0.5)
        scene.update_mobjects(0)
        self.mid_step.append(([n.get_value() for n in scene.score_numbers],
                              [scene.bar_axes.p2c(bar.get_top())[1] for bar in scene.prob_bars],
                              scene.class_loss_readout.get_value()))
        scene.class_tracker.set_value(step)
        scene.update_mobjects(0)

    def check_frame(self, scene, beat):
        corner = np.array([config.frame_width / 2, config.frame_height / 2])
        shown = [top for top in scene.mobjects if not isinstance(top, ValueTracker) and top.has_points()
                 or top.submobjects]
        for top in shown:
            low, high = box(top)
            if (low < -corner).any() or (high > corner).any():
                self.outside.append((beat, top))
        texts = [m for top in shown for m in _texts(top) if m.width > 0]
        self.overlaps.extend((beat, a, b) for a, b in overlapping_pairs(texts))


def _texts(mobject: Mobject):
    """Words, formulas and numbers (not their glyphs), wherever they sit in a group."""
    if isinstance(mobject, (Text, SingleStringMathTex, MathTex, DecimalNumber)):
        return [mobject]
    return [t for sub in mobject.submobjects for t in _texts(sub)]



@pytest.fixture
def built(build_scene):
    """built(which) -> (scene, watcher), each build made once for the whole module."""

    def get(which):
        if which not in _built:
            watcher = Watcher()
            lang, params = ("en", DEFAULTS) if which == "defaults" else ("ja", VARIANT)
            try:
                _built[which] = (build_scene(NAME, lang, observe=watcher, **params), watcher)
            except Exception as err:  # noqa: BLE001  (kept, so one broken build fails fast everywhere)
                _built[which] = err
        if isinstance(_built[which], Exception):
            raise _built[which]
        return _built[which]

    return get


def test_file_defines_exactly_one_lesson_scene():
    (cls,) = scene_classes(NAME)
    assert issubclass(cls, LessonScene) and cls.scene_name == NAME


@pytest.mark.parametrize("which", ["defaults", "variant"])
def test_scene_constructs_every_beat_in_english_and_japanese(built, which):
    scene, _ = built(which)
    assert scene.lang == ("en" if which == "defaults" else "ja")
    assert scene.beats == BEATS


@pytest.mark.parametrize("which", ["defaults", "variant"])
def test_clip_lasts_one_minute_to_four_minutes_ten_at_pace_1(built, which):
    """The lesson's longest clip: losses, descent, softmax and the derivation of y − t with its
    checks, carried on to w and b (here timed by reading speed; the Japanese is the longer). Up
    to 4 minutes since the lines that say what 1/N Σ, a gradient, Δ and each softmax step are,
    and the chain rule's check: a learner could not follow without them. 250 s since the chain
    rule is said along its path and t = 0's change of sign is said (the Japanese 241 s)."""
    scene, _ = built(which)
    assert scene.params["pace"] == 1.0
    assert 60 <= scene.renderer.time <= 250


def test_neg_log_curve_points_satisfy_y_equals_minus_log_x(built):
    scene, _ = built("defaults")
    coords = np.array([scene.loss_axes.p2c(p) for p in scene.neg_log_curve.get_anchors()])
    assert len(coords) > 50
    np.testing.assert_allclose(coords[:, 1], -np.log(coords[:, 0]), atol=1e-6)
    assert coords[:, 1].max() <= scene.loss_axes.y_range[1] + 1e-6


def test_slope_readout_and_tangent_follow_minus_one_over_y(built):
    _, watcher = built("defaults")
    ys = {round(check[0], 6) for check in watcher.tangent_checks}
    assert {0.9, 0.04} <= ys and len(ys) >= 5
    for y, shown, tangent_slope, gap, ends, loss_shown, y_shown in watcher.tangent_checks:
        # The readouts are those of y as shown (three places), the tangent that of y itself.
        assert y_shown == y
        assert shown == pytest.approx(-1 / round(y, 3), rel=1e-12)
        assert tangent_slope == pytest.approx(maths.neg_log_slope(y), rel=1e-6)
        assert gap < 1e-6
        assert loss_shown == pytest.approx(-math.log(round(y, 3)), rel=1e-12)
        x0, y0, x1, y1 = ends
        assert all(-1e-9 <= x <= 1 + 1e-9 for x in (x0, x1)) and all(-1e-9 <= v <= 4 + 1e-9 for v in (y0, y1))


def test_slope_steepens_as_the_point_slides_toward_zero(built):
    _, watcher = built("defaults")
    by_y = sorted({check[0]: check[1] for check in watcher.tangent_checks}.items())
    slopes = [slope for _, slope in by_y]
    assert all(a < b for a, b in zip(slopes, slopes[1:]))   # smaller y: more negative slope
    assert slopes[0] <= -25


def test_descent_shows_the_trajectory_losses_and_they_fall(built):
    scene, _ = built("defaults")
    x, t = maths.make_logistic_data(8, seed=0)
    run = maths.logistic_descent(x, t, lr=0.8, steps=30)
    steps = [step for step, _ in scene.shown_losses]
    assert steps == list(range(31))
    for step, loss in scene.shown_losses:
        assert loss == pytest.approx(run.loss[step], abs=1e-12)
    losses = [loss for _, loss in scene.shown_losses]
    assert all(b < a for a, b in zip(losses, losses[1:]))


def test_every_shown_step_has_its_loss_dot_and_none_ahead(built):
    _, watcher = built("defaults")
    assert [step for step, _ in watcher.descent_moments][-1] == 30
    for step, dots in watcher.descent_moments:
        if step > 0:
            assert dots == list(range(step + 1))


def test_loss_dots_sit_at_step_and_loss(built):
    scene, _ = built("defaults")
    coords = np.array([scene.loss_plot_axes.p2c(dot.get_center()) for dot in scene.loss_dots])
    np.testing.assert_allclose(coords[:, 0], np.arange(31), atol=1e-6)
    np.testing.assert_allclose(coords[:, 1], scene.run.loss, atol=1e-6)


def test_decision_curve_ends_as_sigmoid_of_the_final_weights(built):
    scene, _ = built("defaults")
    w, b = scene.run.w[-1], scene.run.b[-1]
    coords = np.array([scene.data_axes.p2c(p) for p in scene.decision_curve.get_anchors()])
    assert coords[:, 0].min() <= -3 and coords[:, 0].max() >= 3
    np.testing.assert_allclose(coords[:, 1], maths.sigmoid(w * coords[:, 0] + b), atol=1e-6)


def test_data_points_sit_at_the_generated_features_and_targets(built):
    scene, _ = built("defaults")
    coords = np.array([scene.data_axes.p2c(dot.get_center()) for dot in scene.data_dots])
    x, t = maths.make_logistic_data(8, seed=0)
    np.testing.assert_allclose(coords, np.column_stack([x, t]), atol=1e-6)


def test_softmax_bars_are_the_probabilities_and_the_true_class_loss_falls(built):
    scene, watcher = built("defaults")
    run = scene.class_run
    shown = [step for step, *_ in watcher.bars]
    assert sorted(set(shown)) == list(range(len(run.loss))) and shown == sorted(shown)
    for step, heights, numbers, loss in watcher.bars:
        np.testing.assert_allclose(heights, run.probs[step], atol=1e-9)
        np.testing.assert_allclose(numbers, maths.rounded_to_sum(run.probs[step]), atol=1e-12)
        assert loss == pytest.approx(-math.log(run.probs[step, 1]), rel=1e-9)
    losses = [loss for *_, loss in watcher.bars]
    assert all(b < a or b == a and step_b == step_a
               for (step_a, *_, a), (step_b, *_, b) in zip(watcher.bars, watcher.bars[1:]))
    assert losses[-1] < losses[0] / 10
    assert watcher.bars[-1][1][1] > watcher.bars[0][1][1]


def test_paused_between_two_steps_the_loss_is_that_of_the_bars_and_scores_shown(built):
    _, watcher = built("defaults")
    ((scores, heights, loss),) = watcher.mid_step
    true_class = CLASS_TARGET.index(1.0)
    assert loss == pytest.approx(-math.log(heights[true_class]), rel=1e-9)
    # The scores are shown to two places: the loss of those rounded scores is within their rounding.
    assert loss == pytest.approx(-math.log(maths.softmax(scores)[true_class]), abs=0.01)


def test_shown_probabilities_add_up_to_one_at_every_step(built):
    for which in ("defaults", "variant"):
        _, watcher = built(which)
        assert watcher.bars
        for step, heights, numbers, loss in watcher.bars:
            assert sum(numbers) == pytest.approx(1.0, abs=1e-9), (which, step, numbers)
            assert all(abs(n - h) <= 0.01 + 1e-9 for n, h in zip(numbers, heights))


def test_scores_shown_are_the_logits_and_softmax_of_them_gives_the_bars(built):
    scene, watcher = built("defaults")
    run = scene.class_run
    assert watcher.scores and {step for step, _ in watcher.scores} == set(range(len(run.loss)))
    for (step, scores), (_, heights, *_) in zip(watcher.scores, watcher.bars):
        np.testing.assert_allclose(scores, np.round(run.z[step], 2), atol=1e-12)
        # the scores as shown, put through softmax, give the bars (to the rounding of the scores)
        np.testing.assert_allclose(maths.softmax(np.array(scores)), heights, atol=0.01)
    centres = [number.get_center()[0] for number in scene.score_numbers]
    np.testing.assert_allclose(centres, [scene.bar_axes.c2p(k + 0.5, 0)[0] for k in range(3)], atol=1e-6)


def test_one_colour_per_idea(built):
    # Targets in the targets' colour (points sit at their label t), predictions in another.
    scene, _ = built("defaults")
    from loglesson import theme
    target_colour = scene.target_bars[0].get_stroke_color().to_hex().lower()
    assert {dot.get_color().to_hex().lower() for dot in scene.data_dots} == {target_colour}
    prediction_colour = scene.prob_bars[0].get_fill_color().to_hex().lower()
    assert scene.decision_curve.get_stroke_color().to_hex().lower() == prediction_colour
    assert prediction_colour != target_colour
    # both per-sample losses are −log of something: the log's colour, told apart by dashes
    assert scene.neg_log_curve.get_stroke_color().to_hex().lower() == theme.LOG.lower()
    assert scene.neg_log_other_curve[0].get_stroke_color().to_hex().lower() == theme.LOG.lower()


def test_no_words_enter_the_captions_band_none_is_too_small_and_every_beat_is_titled(built):
    """In English with the defaults and in Japanese with the most steps (the widest numbers)."""
    for which in ("defaults", "variant"):
        scene, watcher = built(which)
        assert watcher.legible.problems(scene) == [], which


def test_the_gradient_is_derived_for_both_labels(built):
    scene, _ = built("defaults")
    shown = " ".join(getattr(m, "tex_string", "") for top in scene.mobjects for m in top.get_family())
    for tail in ("= y - 1", "= y - 0", r"\log(1-y)", r"-\frac{1}{1-y}\cdot(-1)", r"\sigma'(z)", "z = wx + b",
                 r"\partial z / \partial w = x", r"\partial L / \partial w = (y - t)\cdot x",
                 r"\partial L / \partial b = (y - t)\cdot 1 = y - t"):
        assert tail in shown, tail


def test_each_points_gradient_is_shown_as_named_before_its_opposite_the_pull(built):
    """"A gradient is the loss's slope: each point's slope in z is y − t": written where the
    pull's legend then goes, and gone when the pulls, its opposite, are drawn."""
    scene, watcher = built("defaults")
    gradient = [i for i, (shown, _) in enumerate(watcher.legends) if shown]
    pull = [i for i, (_, shown) in enumerate(watcher.legends) if shown]
    assert gradient and pull and max(gradient) < min(pull)
    assert scene.gradient_legend[1].tex_string == "= y - t"
    said = next(line for line in scene.lines if line.beat == "descent" and "gradient is" in line.show)
    assert "y − t" in said.show and said.start < next(line.start for line in scene.lines if "pull" in line.show)


def test_the_chain_rules_result_is_checked_with_a_tiny_secant_of_the_loss_itself(built):
    """For t = 1 at z = 1: the secant of −log σ(z), not the formula, gives the slope shown and
    said; it is y − 1 to the places shown, and it is on screen after y − t is written."""
    scene, watcher = built("defaults")
    check = scene.chain_check
    z, h = check["z"], 1e-5
    y = float(maths.sigmoid(z))
    loss = lambda v: -math.log(1 / (1 + math.exp(-v)))     # noqa: E731  (−log σ, written out apart from maths)
    assert check["measured"] == pytest.approx((loss(z + h) - loss(z)) / h, rel=1e-9)
    assert check["formula"] == pytest.approx(y - 1, rel=1e-12)
    assert f"{check['measured']:.3f}" == f"{check['formula']:.3f}" == f"{y - 1:.3f}"
    shown = f"{check['measured']:.3f}"
    said = [line for line in scene.lines if line.beat == "gradient" and shown.replace("-", "−") in line.show]
    assert len(said) == 1 and f"minus {shown.lstrip('-')}" in said[0].say
    rows = [row.tex_string for row in scene.chain_check_rows(theme.FORMULA_SIZE)[2:]]
    assert rows[0].endswith(rf"\approx {shown}") and rows[1].endswith(f"= {check['formula']:.3f}")
    result = next(i for i, words in enumerate(watcher.gradient_words) if r"\frac{dL}{dz} = y - t" in words)
    checked = [i for i, words in enumerate(watcher.gradient_words) if rows[0] in words]
    assert checked and min(checked) > result


def test_zs_own_slopes_in_w_and_b_are_written_before_the_losss(built):
    """∂L/∂w = (y − t)·x comes from ∂z/∂w = x: that row is on screen first, and stays above it."""
    scene, watcher = built("defaults")
    first_z = next(i for i, words in enumerate(watcher.gradient_words) if r"\partial z / \partial w = x" in " ".join(words))
    first_l = next(i for i, words in enumerate(watcher.gradient_words) if r"\partial L / \partial w" in " ".join(words))
    assert first_z < first_l
    shown = {m.tex_string: m for top in scene.mobjects for m in top.get_family() if hasattr(m, "tex_string")}
    z_row = next(m for tex, m in shown.items() if tex.startswith(r"\partial z / \partial w = x"))
    l_row = next(m for tex, m in shown.items() if tex.startswith(r"\partial L / \partial w"))
    assert r"\partial z / \partial b = 1" in z_row.tex_string and z_row.get_bottom()[1] > l_row.get_top()[1]


def test_the_parts_lit_as_the_mean_and_the_class_sum_are_named_are_those_pieces(built):
    scene, _ = built("defaults")
    means, classes = scene.mean_and_sum
    # Each Σ lit with the limits that say what it runs over: the samples i, the classes k.
    assert [part.tex_string for part in means] == [r"-\frac{1}{N}\sum_{i=1}^{N}"] * 2
    assert classes.tex_string == r"\,\sum_{k=1}^{K} t_{ik}\;"
    said = [line.show for line in scene.lines if line.beat == "formulas"]
    assert any("1/N Σ" in line and "mean" in line and "classes k" in line for line in said)


def test_the_softmax_step_said_is_the_one_taken(built):
    """"Each step adds η × its pull to every score": z moves by η × −(y − t), η as said."""
    scene, _ = built("defaults")
    run, target = scene.class_run, np.array(CLASS_TARGET)
    said = [line.show for line in scene.lines if line.beat == "softmax"]
    assert any(f"η = {CLASS_LR:g}" in line for line in said)
    for step in range(len(run.z) - 1):
        np.testing.assert_allclose(run.z[step + 1] - run.z[step], CLASS_LR * -(run.probs[step] - target), atol=1e-12)


def test_one_points_loss_is_drawn_as_a_path_before_its_slopes_are_taken(built):
    """w, b, x -> z -> y -> L, each arrow named, while the voice follows the loss back; gone
    while σ's curve is drawn for the check; back as the chain rule is said, each slope it
    multiplies under its arrow, and gone before the rows that use the rule. Left to right in
    the order the loss is computed."""
    scene, watcher = built("defaults")
    path = r"-\log y,\ \ -\log(1-y)"
    moments = watcher.gradient_words
    shown = [i for i, words in enumerate(moments) if path in words]
    check = next(i for i, words in enumerate(moments) if any("secant" in w for w in words))
    rule = next(i for i, words in enumerate(moments) if r"\frac{dL}{dz} = \frac{dL}{dy}\cdot\frac{dy}{dz}" in words)
    result = next(i for i, words in enumerate(moments) if r"\frac{dL}{dz} = y - t" in words)
    assert shown and min(shown) < check < rule < result
    assert not [i for i in shown if check <= i < rule]
    along = [i for i in shown if i >= rule]
    assert along == list(range(rule, along[-1] + 1)) and along[-1] + 1 < result   # gone before the rows
    assert all({r"\frac{dy}{dz}", r"\frac{dL}{dy}"} <= moments[i] for i in along)
    # Why slopes multiply, written with the path and gone with it: Δy, then ΔL through Δy.
    nudge = r"\Delta L \approx \frac{dL}{dy}\,\Delta y = \frac{dL}{dy}\cdot\frac{dy}{dz}\,\Delta z"
    written = [i for i, words in enumerate(moments) if nudge in words]
    assert written and set(written) <= set(along)
    assert all(r"\Delta y \approx \frac{dy}{dz}\,\Delta z" in moments[i] for i in written)
    nodes, arrows, _ = scene.loss_path(theme.FORMULA_SIZE, below=scene.heading)
    assert [n.get_x() for n in nodes] == sorted(n.get_x() for n in nodes)
    for arrow, start, end in zip(arrows, nodes, nodes[1:]):
        assert start.get_right()[0] < arrow.get_start()[0] < arrow.get_end()[0] < end.get_left()[0]


@pytest.mark.parametrize("which", ["defaults", "variant"])
def test_what_the_curly_d_means_is_on_screen_before_it_is_used(built, which):
    """∂ is new to the learner: its meaning is shown (and said) before ∂L/∂w and ∂L/∂b are."""
    scene, watcher = built(which)

    def first(found) -> int:
        return next(i for i, words in enumerate(watcher.gradient_words) if any(map(found, words)))

    meaning = first(lambda words: words == scene.t("partial").replace(" ", ""))   # (Text keeps no spaces)
    used = first(lambda words: r"\partial L / \partial w" in words)
    assert meaning < used


@pytest.mark.parametrize("t", [0.0, 1.0])
@pytest.mark.parametrize("w, b, x", [(0.7, -0.2, 1.5), (-1.3, 0.4, -2.0), (2.0, 1.0, 0.25)])
def test_the_gradients_in_w_and_b_on_screen_are_the_losss_slopes(t, w, b, x):
    """∂L/∂w = (y − t)·x and ∂L/∂b = y − t, as the last beat writes them: the slopes of one
    point's loss, measured with tiny secants in w and in b."""
    def loss(w, b):
        return float(maths.per_sample_bce(np.array([t]), maths.sigmoid(np.array([w * x + b])))[0])

    y = float(maths.sigmoid(w * x + b))
    assert maths.numeric_derivative(lambda v: loss(v, b), w) == pytest.approx((y - t) * x, rel=1e-6, abs=1e-9)
    assert maths.numeric_derivative(lambda v: loss(w, v), b) == pytest.approx(y - t, rel=1e-6, abs=1e-9)


def test_each_number_sits_on_its_own_bar_at_every_moment(built):
    _, watcher = built("defaults")
    for moment in watcher.bar_labels:
        for top, right, number_bottom, number_right in moment:
            assert number_bottom[1] - top[1] == pytest.approx(0.1, abs=1e-6)
            assert number_right[0] == pytest.approx(right[0], abs=1e-6)


def test_class_pulls_run_from_each_prediction_to_its_target(built):
    scene, watcher = built("defaults")
    axes = scene.bar_axes
    for (step, heights, *_), arrows in zip(watcher.bars, watcher.class_pulls):
        for k, (start, end) in enumerate(arrows):
            x0, y0 = axes.p2c(start)
            x1, y1 = axes.p2c(end)
            assert x0 == pytest.approx(k + 0.5) and x1 == pytest.approx(k + 0.5)
            assert y0 == pytest.approx(heights[k], abs=1e-9)
            t = CLASS_TARGET[k]
            # toward the target: the direction of −(y − t), ending just short of it
            assert np.sign(y1 - y0) == np.sign(t - heights[k])
            assert abs(y1 - y0) <= abs(t - heights[k]) + 1e-9


def test_data_pulls_run_from_the_curve_toward_each_label(built):
    scene, watcher = built("defaults")
    axes, run = scene.data_axes, scene.run
    whole = [(step, arrows) for step, arrows in watcher.data_pulls if step == int(step)]
    assert {step for step, _ in whole} >= set(range(31))
    for step, arrows in whole:
        y = maths.sigmoid(run.w[int(step)] * scene.x_data + run.b[int(step)])
        for (start, end), x, t, y_n in zip(arrows, scene.x_data, scene.t_data, y):
            (x0, y0), (x1, y1) = axes.p2c(start), axes.p2c(end)
            assert x0 == pytest.approx(x) and x1 == pytest.approx(x)
            assert y0 == pytest.approx(y_n, abs=1e-9)
            assert np.sign(y1 - y0) == np.sign(t - y_n)          # against the gradient y − t
            assert abs(y1 - y0) <= abs(t - y_n) + 1e-9
    first = [abs(axes.p2c(end)[1] - axes.p2c(start)[1]) for start, end in whole[0][1]]
    last = [abs(axes.p2c(end)[1] - axes.p2c(start)[1]) for start, end in whole[-1][1]]
    assert sum(last) < sum(first)                               # the pulls shrink as the loss falls


def test_weights_shown_are_the_trajectorys_at_the_end(built):
    scene, _ = built("defaults")
    assert scene.w_readout.get_value() == pytest.approx(scene.run.w[-1], abs=1e-12)
    assert scene.b_readout.get_value() == pytest.approx(scene.run.b[-1], abs=1e-12)


@pytest.mark.parametrize("which", ["defaults", "variant"])
def test_no_two_data_points_merge_into_one(built, which):
    scene, _ = built(which)
    centres = [dot.get_center()[:2] for dot in scene.data_dots]
    sizes = [max(dot.width, dot.height) / 2 for dot in scene.data_dots]
    for i in range(len(centres)):
        for j in range(i + 1, len(centres)):
            gap = np.linalg.norm(centres[i] - centres[j]) - sizes[i] - sizes[j]
            assert gap > 0.01, (which, i, j, gap)


def test_the_clip_ends_on_both_results_held(built):
    scene, _ = built("defaults")
    shown = {getattr(m, "tex_string", "") for top in scene.mobjects for m in top.get_family()}
    assert any("y - t" in tex for tex in shown) and any("y_k - t_k" in tex for tex in shown)
    last = scene.lines[-1]
    assert scene.renderer.time >= last.start + last.duration + 0.7 - 1e-6


def test_the_clip_ends_on_each_pull_as_the_opposite_of_its_result(built):
    """The last line says the pull is −(y − t): it is on screen at the end, beside each result."""
    scene, _ = built("defaults")
    shown = {part for top in scene.mobjects for part in top.get_family()}
    assert all(pull in shown for pull in scene.final_pulls)
    assert [pull[2].tex_string for pull in scene.final_pulls] == ["= -(y - t)", "= -(y_k - t_k)"]


def test_nothing_leaves_the_frame(built):
    for which in ("defaults", "variant"):
        _, watcher = built(which)
        assert watcher.outside == [], f"{which}: {watcher.outside[:3]}"


def test_no_two_texts_overlap(built):
    for which in ("defaults", "variant"):
        _, watcher = built(which)
        shown = [(beat, type(a).__name__, getattr(a, "text", ""), type(b).__name__, getattr(b, "text", ""))
                 for beat, a, b in watcher.overlaps]
        assert shown == [], f"{which}: {shown[:3]}"


def test_other_seed_gives_other_data_and_its_own_trajectory(built):
    scene, _ = built("variant")
    x0, _ = maths.make_logistic_data(8, seed=0)
    assert not np.allclose(scene.x_data, x0)
    x7, t7 = maths.make_logistic_data(8, seed=7)
    np.testing.assert_array_equal(scene.x_data, x7)
    coords = np.array([scene.data_axes.p2c(dot.get_center()) for dot in scene.data_dots])
    np.testing.assert_allclose(coords, np.column_stack([x7, t7]), atol=1e-6)


def test_many_steps_show_every_kth_step_with_its_exact_loss_and_plot_them_all(built):
    scene, watcher = built("variant")
    run = maths.logistic_descent(*maths.make_logistic_data(8, seed=7), lr=0.8, steps=200)
    steps = [step for step, _ in scene.shown_losses]
    assert steps[0] == 0 and steps[-1] == 200 and len(steps) <= 41
    assert len(set(np.diff(steps))) == 1
    for step, loss in scene.shown_losses:
        assert loss == pytest.approx(run.loss[step], abs=1e-12)
    assert watcher.descent_moments[-1][1] == list(range(201))
    coords = np.array([scene.loss_plot_axes.p2c(dot.get_center()) for dot in scene.loss_dots])
    np.testing.assert_allclose(coords[:, 1], run.loss, atol=1e-6)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"lr": 0}, r"LESSON_LR=0: lr must be between 0.001 and 10"),
        ({"lr": -1}, r"LESSON_LR=-1: lr must be between 0.001 and 10"),
        ({"steps": 0}, r"LESSON_STEPS=0: steps must be between 1 and 200"),
        ({"steps": 201}, r"LESSON_STEPS=201: steps must be between 1 and 200"),
        ({"seed": -1}, r"LESSON_SEED=-1: seed must be between 0 and"),
    ],
)
def test_bad_parameter_fails_with_its_message(build_scene, params, message):
    with pytest.raises(ParameterError, match=message):
        build_scene(NAME, **params)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_both_descent_outcomes_fit_a_cue_and_are_speakable(lang):
    words = Words(lang)
    for key in ("loss_falls", "loss_overshoots"):
        text = words.lines(f"{NAME}.beat.descent", n=8, steps=200, loss="0.693", lr="0.8",
                           outcome=words.format(f"{NAME}.{key}"))[-1]
        assert narration.problems(narration.Line(text, text), lang) == []


@pytest.mark.parametrize(("previous", "step", "rate"), [(0, 1, smooth), (2, 5, linear), (29, 30, linear)])
def test_each_loss_dot_appears_on_the_frame_its_step_is_counted(built, previous, step, rate):
    """Not ahead of its number: the first step takes seconds, and its dot (L = 0.371) faded in
    while the counter still said step 0, L = 0.693."""
    scene, _ = built("defaults")
    shown = scene.loss_dots_as_reached(previous, step, rate)
    assert [animation.mobject for animation in shown] == list(scene.loss_dots[previous + 1:step + 1])
    for t in np.linspace(0, 1, 301):
        counted = math.floor(previous + rate(t) * (step - previous) + 1e-9)    # as scene.shown_step
        on = [previous + 1 + n for n, animation in enumerate(shown) if animation.rate_func(t) > 0]
        assert on == list(range(previous + 1, counted + 1)), t
        assert all(animation.rate_func(t) in (0.0, 1.0) for animation in shown)


def test_a_rate_too_large_is_shown_and_said_as_it_is(build_scene):
    # lr = 10 overshoots: the loss rises after one step, and the narration says so.
    watcher = Watcher()
    scene = build_scene(NAME, observe=watcher, lr=10, steps=1)
    assert scene.run.loss[1] > scene.run.loss[0]
    said = [line.show for line in scene.lines if line.beat == "descent"]
    assert said[-1].endswith(Words("en").format(f"{NAME}.loss_overshoots"))
    coords = np.array([scene.loss_plot_axes.p2c(dot.get_center()) for dot in scene.loss_dots])
    assert coords[:, 1].max() <= scene.loss_plot_axes.y_range[1] + 1e-9
    assert watcher.outside == [] and watcher.overlaps == []


def test_the_slope_of_sigma_is_measured_on_its_curve_against_y_times_one_minus_y(built):
    """A tiny secant on the drawn sigmoid, not the formula, gives the measured slope."""
    scene, _ = built("defaults")
    check = scene.sigma_check
    axes, _, curve, secant, point, _ = scene.sigma_picture
    p, q = (np.array(axes.p2c(end)) for end in (secant.get_start(), secant.get_end()))
    assert (q[1] - p[1]) / (q[0] - p[0]) == pytest.approx(check["measured"], rel=1e-9)
    assert check["measured"] == pytest.approx(maths.numeric_derivative(maths.sigmoid, check["z"]), abs=1e-4)
    assert check["formula"] == pytest.approx(check["y"] * (1 - check["y"]), rel=1e-12)
    assert f"{check['measured']:.3f}" == f"{check['formula']:.3f}"
    assert np.array(axes.p2c(point.get_center())) == pytest.approx([check["z"], check["y"]], abs=1e-9)
    anchors = np.array([axes.p2c(a) for a in curve.get_anchors()])
    assert anchors[:, 1] == pytest.approx(maths.sigmoid(anchors[:, 0]), abs=1e-9)


def test_sigmas_s_is_drawn_then_flattens_into_the_start_where_every_y_is_one_half(built):
    """σ squeezes z into 0 to 1: its S (w = 2, b = 0) is seen as that is said, before the readouts
    of w and b; then it becomes the start's curve, w = b = 0, flat at ½."""
    scene, watcher = built("defaults")
    (readouts_before, s_shape), (readouts_after, flat) = watcher.sigma_shapes
    assert not readouts_before and readouts_after
    x, y = s_shape[:, 0], s_shape[:, 1]
    np.testing.assert_allclose(y, maths.sigmoid(2.0 * x), atol=1e-6)
    assert y.min() < 0.01 and y.max() > 0.99 and np.all(np.diff(y) >= 0)    # rises from near 0 to near 1
    np.testing.assert_allclose(flat[:, 1], maths.sigmoid(scene.run.w[0] * flat[:, 0] + scene.run.b[0]), atol=1e-6)
    np.testing.assert_allclose(flat[:, 1], 0.5, atol=1e-9)
    # Said then: every point's loss is −log ½, and so is L, their mean, as the readout shows.
    assert scene.run.loss[0] == pytest.approx(-np.log(0.5), abs=1e-12)
    said = [line.show for line in scene.lines if line.beat == "descent"]
    assert any(f"−log ½ = log 2 ≈ {scene.run.loss[0]:.3f}" in line for line in said)
    assert f"{np.log(2):.3f}" == f"{scene.run.loss[0]:.3f}"


def test_the_first_update_shown_is_the_trajectorys_first_step(built):
    """w and b after step 1 are w0 + η × mean(pull × x) and b0 + η × mean(pull), pull = −(y − t)."""
    scene, _ = built("defaults")
    run, lr = scene.run, scene.params["lr"]
    y = maths.sigmoid(run.w[0] * scene.x_data + run.b[0])
    pull = -(y - scene.t_data)
    assert scene.first_update["pull"] == pytest.approx(np.mean(pull), abs=1e-12)
    assert scene.first_update["pull_x"] == pytest.approx(np.mean(pull * scene.x_data), abs=1e-12)
    assert run.w[0] + lr * scene.first_update["pull_x"] == pytest.approx(run.w[1], abs=1e-12)
    assert run.b[0] + lr * scene.first_update["pull"] == pytest.approx(run.b[1], abs=1e-12)
    changes, means = scene.first_update_rows
    b_row, w_row = (row.tex_string for row in changes)     # b first, as the line names them
    assert w_row.endswith(f"= {round(run.w[1] - run.w[0], 2) + 0.0:g}")
    assert b_row.endswith(f"= {round(run.b[1] - run.b[0], 2) + 0.0:g}")
    # The means in the rows above are worked out under the plot, one term per point, left to right.
    (b_mean, b_sum), (w_mean, w_sum) = ((words.text, formula.tex_string) for words, formula in means)
    assert len(means[1][1]) == 2 + len(pull)     # "… = (", a piece per point (lit as it is written), the close
    assert w_mean == b_mean == scene.t("mean")
    assert w_sum.startswith(r"-(y-t)\,x = ") and b_sum.startswith("-(y-t) = ")
    terms = [float(term.replace(" ", "")) for term in re.findall(r"[-+]? ?[\d.]+", w_sum.split("= (")[1].split(")")[0])]
    np.testing.assert_allclose(terms, np.round(pull * scene.x_data, 2), atol=1e-9)
    assert w_sum.endswith(f"/{len(pull)} = {round(scene.first_update['pull_x'], 2) + 0.0:g}")
    assert f"\\times {round(scene.first_update['pull_x'], 2) + 0.0:g} =" in w_row
    # At the start (w = b = 0) every y is ½: each pull is ±½, counted in the row of b.
    assert run.w[0] == run.b[0] == 0 and np.all(y == 0.5)
    ups = int(np.sum(pull > 0))
    b_expected = rf"-(y-t) = ({ups} \times 0.5 - {len(pull) - ups} \times 0.5)/{len(pull)} = {round(np.mean(pull), 2) + 0.0:g}"
    assert b_sum.replace(" ", "") == b_expected.replace(" ", "")


def test_a_mean_is_worked_out_with_its_terms_and_says_approx_when_the_rounded_terms_miss():
    mean_terms = inspect.getmodule(scene_classes(NAME)[0]).mean_terms
    assert mean_terms([0.5, -0.5, 0.5]) == ([r"2 \times 0.5 - 1 \times 0.5"], "/3 = 0.17")
    assert mean_terms([1.0, 2.5, -0.25]) == (["1", "+ 2.5", "- 0.25"], "/3 = 1.08")
    # Written to two places the terms give (0.01 + 0.01 + 0)/3 = 0.01, but their mean is 0.004: "≈".
    assert mean_terms([0.006, 0.006, -0.001]) == (["0.01", "+ 0.01", "+ 0"], r"/3 \approx 0")
