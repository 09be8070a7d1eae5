"""Why we differentiate log: cross-entropy, the slope −1/y of −log y, and gradient descent on it."""

import math
from collections.abc import Callable

import numpy as np
from manim import (
    DOWN, LEFT, ORIGIN, RIGHT, UP, Animation, AnimationGroup, Arrow, Circle, DashedLine, DashedVMobject, DecimalNumber,
    Dot, FadeIn, FadeOut, Create, Indicate, Integer, Line, Polygon, Square, SurroundingRectangle,
    Transform, ValueTracker, VGroup, Write, config, linear, smooth,
)

from loglesson import maths, theme
from loglesson.live import aim_arrow, redraw_on_change, retypeset, show_value, update_on_change
from loglesson.manim_internals import mark_moving
from loglesson.scene import LessonScene
from loglesson.ticks import nice_step

# The per-sample loss plot: −log y is cut where it reaches LOSS_TOP, so it never leaves the axes.
LOSS_TOP = 4.0
SIGMA_CHECK_Z = 1.0                  # where σ's slope is measured against y(1 − y)
SIGMA_CHECK_REACH = 1.0              # the measuring secant drawn this far (in z) on both sides
MEASURE_H = 1e-5                     # its step: the error, about h σ''/2, is far below the places shown
SLIDE_FROM, SLIDE_TO = 0.9, 0.04    # the sliding prediction: confidently right, then confidently wrong
Y_PLACES = 3                        # of the sliding y: near 0.04, two places would step the slope by 5
TANGENT_LENGTH = 2.8                 # on screen, before the axes clip it

DESCENT_TIME = 7.5                   # seconds of descent, whatever `steps` is
FIRST_STEP_TIME = 2.0                # the first step alone, slowly, as the update is said
MOST_MOMENTS = 40                    # more steps than this: every k-th is shown (the plot keeps all)
DATA_COUNT = 8
SHAPE_W = 2.0                        # σ's S shown at w = 2, b = 0 (the data's own trend) before the start's w = 0
DATA_X = 3.2                         # the data plot spans x in [-DATA_X, DATA_X]: make_logistic_data's [-3, 3]
DOT_RADIUS, RING_RADIUS = 0.075, 0.058   # class markers: small enough that points 0.15 apart stay two
PULL_GAP = 0.1                       # a pull arrow stops this far (on screen) before its point's centre
LEGEND_ARROW = (0.25 * DOWN, 0.25 * UP)  # a legend's pull arrow: short, pointing up
SETTLE = 0.5                         # after a beat's last line, before its picture goes

# One sample, three classes, the second one true; the logits start confidently wrong (first class).
CLASS_TARGET = (0.0, 1.0, 0.0)
CLASS_LOGITS = (1.5, 0.2, -0.5)
CLASS_LR, CLASS_STEPS = 0.5, 20
CLASS_TIME = 6.0
BAR_WIDTH = 0.3                      # in class slots (one slot is one x unit)
BAR_GAP = 0.08                       # half the gap between a class's two bars, where its pull arrow runs


def shown_steps(steps: int, most: int = MOST_MOMENTS) -> list[int]:
    """The descent steps the animation stops at: all of 1..steps, or every k-th and the last."""
    every = math.ceil(steps / most)
    chosen = list(range(every, steps + 1, every))
    if chosen[-1] != steps:
        chosen.append(steps)
    return chosen


def loss_axis_top(losses) -> float:
    """The loss axis' top: the largest loss rounded up to a tick, so every loss dot fits."""
    largest = float(np.max(losses))
    step = nice_step(largest, 4)
    return step * math.ceil(largest / step - 1e-9)


def mean_terms(terms) -> tuple[list[str], str]:
    """The mean of `terms` worked out, as TeX pieces: the terms as written ("1.45", "+ 1.38",
    "- 0.41", ..., each to two places, one piece per point) and the close ("/8 = 0.79"); or,
    when every term is ±a, one piece "k × a − m × a". "=" holds when the terms as written give
    the mean as written; else "≈"."""
    shown = [round(float(value), 2) + 0.0 for value in terms]
    n, mean = len(shown), round(float(np.mean(terms)), 2) + 0.0
    sizes = {abs(value) for value in shown}
    if len(sizes) == 1:
        (size,) = sizes
        ups = sum(value > 0 for value in shown)
        written = [rf"{ups} \times {size:g} - {n - ups} \times {size:g}"]
    else:
        written = [f"{shown[0]:g}"] + [f"{'-' if value < 0 else '+'} {abs(value):g}" for value in shown[1:]]
    equals = "=" if round(sum(shown) / n, 2) == mean else r"\approx"
    return written, rf"/{n} {equals} {mean:g}"


def pull_arrow(start, end, width: float = 5) -> Arrow:
    """A green arrow from start to end (screen points); a zero-length pull is a dot-sized stub."""
    return aim_pull(Arrow(ORIGIN, RIGHT, buff=0, color=theme.SLOPE, stroke_width=width, tip_length=0.18,
                          max_tip_length_to_length_ratio=0.45, max_stroke_width_to_length_ratio=40), start, end)


def aim_pull(arrow: Arrow, start, end) -> Arrow:
    """Move a pull_arrow to go from start to end, in place (the descent moves its pulls every frame)."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    if np.linalg.norm(end - start) < 1e-4:
        end = start + 1e-4 * UP
    return aim_arrow(arrow, start, end)


def short_of(start, end, gap: float):
    """The end of an arrow from start toward end that stops `gap` short of it (half-way if shorter)."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    length = np.linalg.norm(end - start)
    if length <= 2 * gap:
        return start + (end - start) / 2
    return end - (end - start) * gap / length


class CrossEntropyDescent(LessonScene):
    """Cross-entropy is built from −log y; its slope −1/y is what gradient descent follows."""

    scene_name = "cross_entropy"

    def construct(self):
        self.spoken = {"n": DATA_COUNT}
        self.state_the_two_losses()
        self.punish_confident_wrong_answers()
        self.descend_on_real_data()
        self.grow_the_true_class()
        self.trace_the_gradient_back_to_log()

    # --- beats -----------------------------------------------------------------------------
    def state_the_two_losses(self):
        self.beat("formulas")
        self.heading = theme.title(self.t("title"))
        # Each sum says what it runs over: the samples i = 1..N, the classes k = 1..K (sample i's
        # target and prediction for class k: t_ik, y_ik). In display style the limits sit above and
        # below the Σ, readable at 480p. Split where the narration points: the mean over the
        # samples, the sum over the classes, the logs.
        binary = theme.formula(
            r"L = ", r"-\frac{1}{N}\sum_{i=1}^{N}", r"\Big[\,t_i\;", r"\log y_i", r"\;+ (1-t_i)\;",
            r"\log(1-y_i)", r"\;\Big]",
        )
        multi = theme.formula(r"L = ", r"-\frac{1}{N}\sum_{i=1}^{N}", r"\,\sum_{k=1}^{K} t_{ik}\;", r"\log y_{ik}")
        logs = (binary[3], binary[5], multi[3])
        for part in logs:
            part.set_color(theme.LOG)
        binary_label = theme.words(self.t("binary"), theme.LABEL_SIZE, theme.MUTED)
        multi_label = theme.words(self.t("multiclass"), theme.LABEL_SIZE, theme.MUTED)
        panel = theme.stacked(
            theme.stacked(binary_label, binary, buff=0.3), theme.stacked(multi_label, multi, buff=0.3), buff=0.65,
        )
        # At the left, so that the note on ln fits right of the K-class formula.
        panel.next_to(self.heading, DOWN, buff=0.6).to_edge(LEFT, buff=0.8)
        boxes = VGroup(*(
            SurroundingRectangle(part, color=theme.LOG, buff=0.13) for part in logs
        ))
        self.mean_and_sum = (VGroup(binary[1], multi[1]), multi[2])   # lit as 1/N Σ and Σₖ are named
        # log here is the natural log: the tangent lesson's ln, log base e.
        natural = theme.stacked(
            theme.formula(r"\log = \ln = \log_e", color=theme.LOG),
            theme.words(self.t("natural_log", e=f"{math.e:.3f}"), theme.LABEL_SIZE),
            buff=0.2,
        ).next_to(multi, RIGHT, buff=0.6)
        overflow = natural.get_right()[0] - (config.frame_width / 2 - theme.EDGE)
        if overflow > 0:
            natural.shift(overflow * LEFT)

        self.play(Write(self.heading), run_time=1.2)
        self.cue()          # two classes: t is 0 or 1
        self.play(FadeIn(binary_label), Write(binary), run_time=2.0)
        self.cue()          # K classes, one-hot t
        self.play(FadeIn(multi_label), Write(multi), run_time=1.6)
        self.cue()          # −1/N Σ: the mean over the samples; the second Σ: over the classes k
        # Each stays lit while it is named (a flash is over before the words reach it).
        means, classes = self.mean_and_sum
        self.play(*theme.coloured(theme.HIGHLIGHT, means), run_time=0.4)
        self.hold_until_part_heard(0.55)
        self.play(*theme.coloured(theme.INK, means), *theme.coloured(theme.HIGHLIGHT, classes), run_time=0.4)
        self.hold_until_heard()
        self.play(*theme.coloured(theme.INK, classes), run_time=0.4)
        self.cue()          # both built from log
        self.play(Create(boxes), run_time=1.2)
        self.cue()          # log is ln, base e
        self.play(FadeIn(natural, shift=0.2 * LEFT), run_time=1.0)
        self.hold_until_heard(SETTLE)
        self.play(FadeOut(panel), FadeOut(boxes), FadeOut(natural), run_time=0.8)

    def punish_confident_wrong_answers(self):
        self.beat("punish")
        self.swap_heading("loss_heading")
        axes = self.loss_axes = theme.lesson_axes(
            x_range=(0, 1, 0.25), y_range=(0, LOSS_TOP, 1), x_length=6.0, y_length=3.7,
        )
        axes.next_to(self.heading, DOWN, buff=0.7).to_edge(LEFT, buff=0.9)     # its name above the captions' band
        x_label = theme.formula("y", size=theme.FORMULA_SIZE * 0.8).next_to(axes.x_axis, RIGHT, buff=0.2)
        x_words = theme.words(self.t("y_axis"), theme.LABEL_SIZE, theme.MUTED)
        x_words.next_to(axes.x_axis.numbers, DOWN, buff=0.15)
        y_words = theme.words(self.t("loss"), theme.LABEL_SIZE, theme.MUTED)
        y_words.next_to(axes.y_axis, UP, buff=0.15)

        # Where −log y = LOSS_TOP: y = e^(−LOSS_TOP); the other curve is its mirror about y = 1/2.
        # Both are log losses: one colour (the log's), told apart by the dashes and their labels.
        cut = maths.power(math.e, -LOSS_TOP)
        self.neg_log_curve = axes.plot(maths.neg_log, x_range=[cut, 1, 0.01], color=theme.LOG)
        self.neg_log_other_curve = DashedVMobject(
            axes.plot(lambda y: maths.neg_log(1 - y), x_range=[0, 1 - cut, 0.01], color=theme.LOG),
            num_dashes=40,
        )
        label_one = theme.formula(r"-\log y", r"\;\;(t=1)", size=theme.FORMULA_SIZE * 0.8, color=theme.LOG)
        label_one.next_to(axes.c2p(0.08, 3.4), RIGHT, buff=0.25)
        label_zero = theme.formula(r"-\log(1-y)", r"\;\;(t=0)", size=theme.FORMULA_SIZE * 0.8, color=theme.LOG)
        def dashed_at(height: float):
            """The point of the dashed curve −log(1 − y) at this height: y = 1 − e^(−height)."""
            return axes.c2p(1 - maths.power(math.e, -height), height)

        # Left of its own dashed curve where that curve is at height 2.2, far from the solid one.
        label_zero.next_to(dashed_at(2.2), LEFT, buff=0.2)
        # The curve leans left below that height: clear of it at the label's lower corner too.
        corner = label_zero.get_corner(DOWN + RIGHT)
        label_zero.shift(max(0.0, corner[0] - dashed_at(axes.p2c(corner)[1])[0] + 0.2) * LEFT)

        # The true class is 1; the prediction y slides from confident-right to confident-wrong.
        self.y_tracker = ValueTracker(SLIDE_FROM)
        y_now = self.y_tracker.get_value
        point = Dot(radius=0.08, color=theme.HIGHLIGHT).add_updater(
            lambda m: m.move_to(axes.c2p(y_now(), maths.neg_log(y_now())))
        )
        self.tangent = Line(color=theme.SLOPE, stroke_width=5).add_updater(
            lambda m: m.put_start_and_end_on(*self.clipped_tangent(y_now()))
        )

        rows = VGroup(
            self.readout(r"y =", DecimalNumber(SLIDE_FROM, num_decimal_places=Y_PLACES, color=theme.HIGHLIGHT)),
            self.readout(r"-\log y =", DecimalNumber(maths.neg_log(SLIDE_FROM), num_decimal_places=2, color=theme.LOG)),
            self.readout((r"-\frac{1}{y \ln e}", r"= -\frac{1}{y} ="),
                         DecimalNumber(maths.neg_log_slope(SLIDE_FROM), num_decimal_places=2, color=theme.SLOPE_INK)),
        )
        slope_words = theme.words(self.t("slope"), theme.LABEL_SIZE, theme.SLOPE_INK)
        # The tangent lesson's rule, written as that lesson wrote it, above the slope it gives:
        # the slope row is the rule with a = e and y for x, negated.
        rule = theme.formula(r"\frac{d}{dx}\log_a x = ", r"\frac{1}{x \ln a}", size=theme.FORMULA_SIZE * 0.8)
        target = theme.words(self.t("true_label", t=1), theme.LABEL_SIZE)
        panel = theme.stacked(target, rows[0], rows[1], rule, slope_words, rows[2], buff=0.2)
        panel.next_to(axes, RIGHT, buff=0.8).align_to(y_words, UP)   # from the axes' name down: the rule row needs the room
        self.y_readout, self.loss_readout_one, self.slope_readout = (row[1] for row in rows)
        for row in rows:
            row[1].add_updater(self.keep_right_of(row[0]))
        show_value(self.y_readout, y_now)
        # −log y and −1/y of the y as shown, so that a paused frame adds up (y = 0.10 beside the
        # 2.33 of y = 0.097 would not); the tangent, drawn at y itself, differs by under a pixel.
        def shown_y() -> float:
            return round(y_now(), Y_PLACES)

        show_value(self.loss_readout_one, lambda: maths.neg_log(shown_y()))
        show_value(self.slope_readout, lambda: maths.neg_log_slope(shown_y()))
        self.tangent.update()
        theme.backdrop(panel)                   # right of the axes: nothing overlaps it
        verdict = theme.words(self.t("punished"), theme.LABEL_SIZE, theme.HIGHLIGHT, line_spacing=0.8)
        # Kept a little inside the margin: Text's glyphs reach slightly beyond its box.
        room = config.frame_width / 2 - 2 * theme.EDGE - panel.get_left()[0]
        if verdict.width > room:
            verdict.scale_to_fit_width(room)
        verdict.next_to(panel, DOWN, buff=0.3).align_to(panel, LEFT)
        theme.backdrop(verdict)

        # Axes fade in whole: drawn with Create, their numbers are written stroke by stroke
        # and show stray digits (a 0 at the 0.75 tick).
        self.play(FadeIn(axes, x_label, x_words, y_words), FadeIn(target), run_time=1.2)
        self.cue()          # its loss is −log y
        self.play(Create(self.neg_log_curve), FadeIn(label_one), run_time=1.4)
        # While the label t = 0 is spoken of, the panel says so; then back to the sample with t = 1.
        other_target = theme.words(self.t("true_label", t=0), theme.LABEL_SIZE).move_to(target, LEFT)
        self.cue()          # t = 0: −log(1 − y)
        self.play(Create(self.neg_log_other_curve), FadeIn(label_zero), FadeOut(target), FadeIn(other_target),
                  run_time=1.4)
        self.cue()          # back to t = 1; the tangent lesson's slope of log: 1/(x ln a)
        self.play(FadeIn(point, self.tangent, rows[:2], rule), FadeOut(other_target), FadeIn(target),
                  run_time=1.0)
        self.cue()          # with a = e and y for x, −log y's slope is −1/(y ln e)
        slope_formula, slope_value = rows[2]
        # Comes down from the rule's 1/(x ln a) (a morph of the glyphs would show a garble).
        self.play(FadeIn(slope_words), FadeIn(slope_formula[0], target_position=rule[1]), run_time=1.0)
        self.cue()          # ln e = 1: the slope is −1/y
        self.play(FadeIn(slope_formula[1], slope_value), run_time=0.8)
        self.play(Indicate(rows[2], color=theme.SLOPE_INK), run_time=1.0)
        self.cue()          # as y goes to 0 the slope grows without bound (said as it slides)
        self.play(self.y_tracker.animate.set_value(SLIDE_TO), run_time=4.5)
        self.cue()          # punished hardest
        self.play(FadeIn(verdict, shift=0.2 * UP), run_time=0.8)
        self.hold_until_heard(SETTLE)
        for mobject in (point, self.tangent, *(row[1] for row in rows)):
            mobject.clear_updaters()
        self.play(*(FadeOut(m) for m in (
            axes, x_label, x_words, y_words, self.neg_log_curve, self.neg_log_other_curve,
            label_one, label_zero, point, self.tangent, panel, verdict,
        )), run_time=0.8)

    def descend_on_real_data(self):
        lr, steps = self.params["lr"], self.params["steps"]
        self.x_data, self.t_data = maths.make_logistic_data(DATA_COUNT, seed=self.params["seed"])
        run = self.run = maths.logistic_descent(self.x_data, self.t_data, lr=lr, steps=steps)
        # A learning rate far above the safe one (lr > 0.8 here) can overshoot: say what happened.
        self.beat("descent", steps=steps, loss=f"{run.loss[0]:.3f}", lr=f"{lr:g}",
                  outcome=self.t("loss_falls" if run.loss[-1] < run.loss[0] else "loss_overshoots"))
        self.swap_heading("descent_heading", n=DATA_COUNT)

        # One tracker drives the descent. Between whole steps w and b are interpolated only so
        # the curve moves smoothly: at every whole step it is the trajectory's sigmoid(w x + b).
        self.step_tracker = ValueTracker(0)
        step_now = self.step_tracker.get_value
        # The counter and the readouts move on when the step has arrived, as the softmax's do.
        self.shown_step = lambda: int(math.floor(step_now() + 1e-9))
        indices = np.arange(steps + 1)
        self.weights_now = lambda: (float(np.interp(step_now(), indices, run.w)),
                                    float(np.interp(step_now(), indices, run.b)))
        # (Tight above and below the readouts: step 1's means, written under the plots, end just
        # above the captions' band, and the Japanese step counter's "/ 30" is the row's tallest.)
        readouts = self.descent_readouts(run, steps).next_to(self.heading, DOWN, buff=0.2)
        plots = self.descent_plots(run, steps, lr)
        plots.next_to(readouts, DOWN, buff=0.2)
        plots.set_x(0)                          # centred: the axis numbers at both ends keep the margin
        data_frame, loss_frame = plots
        # σ written out where the curve appears: upper left of the data plot, where no point
        # (the left ones are t = 0) and no curve (0.5 at first, low on the left later) reaches.
        # exp is e to a power (written as a power, the index inside σ would be too small to
        # read): said above the plot's top line, where only the points on the right sit.
        sigma = theme.formula(r"\sigma(z) = \frac{1}{1 + \exp(-z)}", size=theme.FORMULA_SIZE * 0.8, color=theme.EXP)
        sigma.move_to(self.data_axes.c2p(-1.9, 0.76))
        exp = theme.formula(r"\exp z = e^z", size=theme.FORMULA_SIZE * 0.8, color=theme.EXP)
        exp.next_to(self.data_axes.c2p(0, 1), UP, buff=0.12).align_to(sigma, LEFT)
        self.sigma_formula = VGroup(sigma, exp)
        theme.backdrop(readouts, plots)         # the curve and the dots stay inside the axes
        self.decision_curve = redraw_on_change(
            self.sigmoid_curve(run.w[0], run.b[0]), step_now, lambda: self.sigmoid_curve(*self.weights_now()),
        )
        self.data_dots = VGroup(*(
            self.class_marker(t).move_to(self.data_axes.c2p(x, t)) for x, t in zip(self.x_data, self.t_data)
        ))
        # Each point's pull: its gradient y − t, reversed, drawn from the curve toward its label.
        self.pull_arrows = update_on_change(self.data_pulls(run.w[0], run.b[0]), step_now,
                                            lambda arrows: self.aim_data_pulls(arrows, *self.weights_now()))
        dot_radius = float(np.clip(1.8 / steps, 0.025, 0.06))
        self.loss_dots = VGroup(*(
            Dot(self.loss_plot_axes.c2p(step, run.loss[step]), radius=dot_radius, color=theme.LOG)
            for step in range(steps + 1)
        ))

        self.play(FadeIn(self.data_axes, self.loss_plot_axes, data_frame[1:], loss_frame[1]), run_time=1.2)
        self.play(FadeIn(self.data_dots, lag_ratio=0.1), run_time=1.0)
        self.cue()          # the curve is y = σ(z), z = wx + b; σ squeezes z into 0 to 1: its S is seen
        self.shape_curve = self.sigmoid_curve(SHAPE_W, 0.0)
        # Its numbers beside it, right of the rise where no point lies: an example S, not the fit.
        shape_numbers = theme.formula(rf"w = {SHAPE_W:g},\; b = 0", size=theme.SMALL_SIZE, color=theme.EXP)
        shape_numbers.move_to(self.data_axes.c2p(2.0, 0.3))
        self.play(Create(self.shape_curve), FadeIn(readouts[1], self.sigma_formula, shape_numbers), run_time=1.5)
        self.cue()          # it starts at w = 0, b = 0: z = 0 and y = ½ everywhere; the S flattens
        self.hold_until_part_heard(0.1)
        self.play(Transform(self.shape_curve, self.sigmoid_curve(run.w[0], run.b[0])), FadeOut(shape_numbers),
                  FadeIn(readouts[0], readouts[2:]), run_time=1.5)
        self.remove(self.shape_curve)
        self.add(self.decision_curve)   # the same points, now following the descent
        self.cue()          # so each point's loss is −log ½, and their mean L: the loss at step 0
        self.play(FadeIn(loss_frame[2], self.loss_dots[0]), run_time=0.8)
        self.cue()          # a gradient is the loss's slope: each point's, in z, is y − t (why: at the end)
        loss_name = loss_frame[2][0]                                        # lit while its slope is named
        self.play(*theme.coloured(theme.HIGHLIGHT, loss_name), run_time=0.4)
        self.hold_until_part_heard(0.35)
        self.play(*theme.coloured(theme.INK, loss_name), FadeIn(self.gradient_legend), run_time=0.6)
        self.cue()          # descent goes against it: each point's arrow, its pull, is −(y − t)
        self.play(FadeOut(self.gradient_legend), run_time=0.4)
        self.play(FadeIn(self.pull_arrows, self.pull_legend), run_time=1.0)
        self.cue()          # η appears as it is named, and Δ, a change
        self.play(FadeIn(self.rate, scale=1.3), run_time=0.8)
        self.shown_losses = [(self.step_readout.get_value(), self.loss_readout.get_value())]
        moments = shown_steps(steps)
        previous = 0
        for n, step in enumerate(moments):
            # The first step's arithmetic, then the step itself, slowly, then held: the pulls
            # move the curve, w and b change by the amounts on screen; the rest at the pace of
            # the descent.
            first = n == 0
            if first:
                self.show_the_first_update(run, lr)
                self.hold_until_heard(after=0.3)     # the update is heard before it is taken
            rate = smooth if first else linear
            self.play(   # (the rates go to each animation: play's own rate_func would replace the dots')
                self.step_tracker.animate(rate_func=rate).set_value(step),
                *self.loss_dots_as_reached(previous, step, rate),
                run_time=FIRST_STEP_TIME if first else DESCENT_TIME / len(moments),
            )
            self.shown_losses.append((self.step_readout.get_value(), self.loss_readout.get_value()))
            if first:
                self.wait(1.0)                       # w and b as the arithmetic said
                self.play(FadeOut(self.first_update_rows), run_time=0.3)
                self.play(FadeIn(self.descent_legend, self.step_words), run_time=0.3)
                self.cue()   # each step repeats this with its new pulls
            previous = step
        self.cue()          # the loss fell; where the classes overlap, points still pull
        self.hold_until_heard(SETTLE)
        for mobject in (self.decision_curve, self.pull_arrows, *readouts.get_family(), *plots.get_family()):
            mobject.clear_updaters()
        self.play(FadeOut(plots, readouts, self.data_dots, self.decision_curve, self.loss_dots, self.pull_arrows,
                          self.pull_legend, self.sigma_formula),
                  run_time=0.8)

    def loss_dots_as_reached(self, previous: int, step: int, rate: Callable[[float], float]) -> list[Animation]:
        """The loss dots of the steps after `previous` up to `step`, each shown on the frame the
        step counter (and L beside it) turns to its step: not fading in ahead of its number while
        the curve is still on its way (the first step takes seconds)."""
        shown = []
        for k in range(previous + 1, step + 1):
            reached = (k - previous) / (step - previous)    # of the tracker's way, where it passes k
            shown.append(FadeIn(self.loss_dots[k],
                                rate_func=lambda t, at=reached: 1.0 if rate(t) >= at - 1e-9 else 0.0))
        return shown

    def show_the_first_update(self, run, lr: float) -> None:
        """Step 1's arithmetic, under η while the update is said, before the step is taken: b
        moves by η × the mean pull, w by η × the mean of pull × x (the pulls at step 0, from the
        gradient y − t). Each mean is worked out under the plot, in place of the legend: the
        pulls (each ±½ at the start) counted by sign, pull × x a term per point, left to right as
        the points stand. (Gone after step 1, before the steps that follow change w and b again.)"""
        grad = maths.bce_grad_logits(self.t_data, run.w[0] * self.x_data + run.b[0])   # (y − t) / N
        pulls = -grad * grad.size                                                      # −(y − t), each point's
        self.first_update = {"pull": float(np.mean(pulls)), "pull_x": float(np.mean(pulls * self.x_data)),
                             "pulls": pulls, "pulls_x": pulls * self.x_data}

        def shown(value: float) -> str:
            return f"{round(value, 2) + 0.0:g}"           # 0.63, 0 (never −0.00)

        changes = VGroup(*(
            theme.formula(rf"\Delta {name} = {lr:g} \times {shown(mean)} = {shown(after - before)}",
                          size=theme.SMALL_SIZE, color=theme.INK)
            for name, before, mean, after in (("b", run.b[0], self.first_update["pull"], run.b[1]),
                                              ("w", run.w[0], self.first_update["pull_x"], run.w[1]))
        )).arrange(DOWN, aligned_edge=RIGHT, buff=0.15).next_to(self.rate, DOWN, buff=0.25)
        changes.to_edge(RIGHT, buff=theme.EDGE)       # clear of the loss axis and its first dots
        means = VGroup()
        for terms, term in ((self.first_update["pulls"], r"-(y-t)"), (self.first_update["pulls_x"], r"-(y-t)\,x")):
            written, close = mean_terms(terms)
            means.add(VGroup(theme.words(self.t("mean"), theme.LABEL_SIZE),
                             theme.formula(rf"{term} = (", *written, ")" + close, size=theme.SMALL_SIZE, color=theme.INK),
                             ).arrange(RIGHT, buff=0.2))
        means.arrange(DOWN, aligned_edge=LEFT, buff=0.06)
        # Under the plots, where the legend and the step axis's name were (both back after step 1).
        means.next_to(self.data_axes.x_axis.numbers, DOWN, buff=0.1).set_x(0)
        self.first_update_rows = VGroup(changes, means)
        # b as the line names it first, then w: the mean of pull × x written a point at a time,
        # each term as its point lights up (the points stand left to right as the terms go).
        (b_words, b_sum), (w_words, w_sum) = means
        self.play(FadeOut(self.descent_legend, self.step_words), run_time=0.3)
        self.cue()          # Δb = η × the mean pull; Δw = η × the mean of pull × x
        self.play(FadeIn(b_words, b_sum, changes[0]), run_time=0.6)
        head, *pieces, close = w_sum
        self.play(FadeIn(w_words, head), run_time=0.4)
        if len(pieces) == len(self.data_dots):
            self.play(AnimationGroup(*(
                AnimationGroup(FadeIn(piece), Indicate(dot, scale_factor=1.8, color=theme.HIGHLIGHT))
                for piece, dot in zip(pieces, self.data_dots)
            ), lag_ratio=0.5), run_time=0.45 * len(pieces))
        else:
            self.play(FadeIn(*pieces), run_time=0.6)
        self.play(FadeIn(close, changes[1]), run_time=0.5)

    def descent_readouts(self, run, steps: int) -> VGroup:
        """"step n / steps" and the weights w and b, in one row; all follow the tracker."""
        size = theme.FORMULA_SIZE * 0.8
        self.step_readout = Integer(0, color=theme.HIGHLIGHT, font_size=self.beside_words())
        step_row = self.step_counter(self.step_readout, steps)
        model = theme.formula(r"y = \sigma(z),\ \ z = wx + b", size=size, color=theme.EXP)
        self.w_readout = DecimalNumber(run.w[0], num_decimal_places=2, color=theme.INK)
        self.b_readout = DecimalNumber(run.b[0], num_decimal_places=2, color=theme.INK)
        w_row, b_row = self.readout("w =", self.w_readout), self.readout("b =", self.b_readout)
        # Lay the row out at the widest numbers the run reaches, so a growing number never
        # runs into the next readout.
        for number, values in ((self.w_readout, run.w), (self.b_readout, run.b)):
            number.set_value(max(values, key=lambda v: len(number._get_num_string(v))))
        row = VGroup(step_row, model, w_row, b_row).arrange(RIGHT, buff=0.7)
        self.w_readout.set_value(run.w[0]).next_to(w_row[0], RIGHT, buff=0.2)
        self.b_readout.set_value(run.b[0]).next_to(b_row[0], RIGHT, buff=0.2)
        show_value(self.step_readout, self.shown_step)
        show_value(self.w_readout, lambda: run.w[self.shown_step()])
        show_value(self.b_readout, lambda: run.b[self.shown_step()])
        self.follow_counter(step_row)
        self.w_readout.add_updater(self.keep_right_of(w_row[0]))
        self.b_readout.add_updater(self.keep_right_of(b_row[0]))
        return row

    def descent_plots(self, run, steps: int, lr: float) -> VGroup:
        """The data plot (its legend under it) beside the loss-per-step plot (L and η over it)."""
        data_axes = self.data_axes = theme.lesson_axes(
            x_range=(-DATA_X, DATA_X, 1), y_range=(0, 1, 0.5), x_length=7.3, y_length=2.8, numbers=False,
        )
        data_axes.x_axis.add_numbers(range(-3, 4))
        loss_top = loss_axis_top(run.loss)
        loss_axes = self.loss_plot_axes = theme.lesson_axes(
            x_range=(0, steps, max(1, nice_step(steps, 4))), y_range=(0, loss_top, nice_step(loss_top, 4)),
            x_length=3.7, y_length=2.8,
        )
        VGroup(data_axes, loss_axes).arrange(RIGHT, buff=1.1, aligned_edge=DOWN)
        label_size = theme.FORMULA_SIZE * 0.8
        # The data plot's y-axis sits at x = 0, in the middle of the points and the curve:
        # its values are written at the plot's left edge, beside faint guides.
        levels = VGroup(*(
            VGroup(
                DashedLine(data_axes.c2p(-DATA_X, level), data_axes.c2p(DATA_X, level),
                           color=theme.MUTED, stroke_width=1.5, dash_length=0.08, stroke_opacity=0.6),
                theme.formula(text, size=theme.SMALL_SIZE).next_to(data_axes.c2p(-DATA_X, level), LEFT, buff=0.15),
            )
            for level, text in ((1, "1"), (0.5, "0.5"), (0, "0"))
        ))
        data_x = theme.formula("x", size=label_size).next_to(data_axes.x_axis, RIGHT, buff=0.15)
        data_y = theme.formula(r"t,\ y", size=label_size).next_to(data_axes.y_axis, UP, buff=0.12)
        # The legend sits under the data plot, where no data point or curve reaches.
        arrow_icon = pull_arrow(*LEGEND_ARROW, width=4)
        self.pull_legend = VGroup(arrow_icon, theme.words(self.t("pull"), theme.LABEL_SIZE, theme.SLOPE_INK),
                                  theme.formula(r"= -(y - t)", size=self.beside_words(), color=theme.SLOPE_INK)
                                  ).arrange(RIGHT, buff=0.12)
        legend = VGroup(*(
            VGroup(self.class_marker(t), theme.formula(f"t={t}", size=label_size)).arrange(RIGHT, buff=0.12)
            for t in (1, 0)
        ), self.pull_legend).arrange(RIGHT, buff=0.6)
        legend.next_to(data_axes.x_axis.numbers, DOWN, buff=0.2)
        self.descent_legend = legend
        # Said before the pulls are drawn: each point's gradient, in the place its pull's legend takes.
        self.gradient_legend = VGroup(theme.words(self.t("gradient_in_z"), theme.LABEL_SIZE, theme.SLOPE_INK),
                                      theme.formula(r"= y - t", size=self.beside_words(), color=theme.SLOPE_INK)
                                      ).arrange(RIGHT, buff=0.12)
        self.gradient_legend.align_to(self.pull_legend, LEFT).set_y(self.pull_legend.get_y())
        step_words = self.step_words = theme.words(self.t("step"), theme.LABEL_SIZE, theme.MUTED)
        step_words.next_to(loss_axes.x_axis.numbers, DOWN, buff=0.12)
        self.loss_readout = DecimalNumber(run.loss[0], num_decimal_places=3, color=theme.LOG)
        loss_row = self.readout("L =", self.loss_readout)
        loss_row.next_to(loss_axes.y_axis, UP, buff=0.2).align_to(loss_axes.y_axis, LEFT)   # clear of the top number
        show_value(self.loss_readout, lambda: run.loss[self.shown_step()])
        self.loss_readout.add_updater(self.keep_right_of(loss_row[0]))
        rate = self.rate = theme.formula(rf"\eta = {lr:g}", size=label_size, color=theme.MUTED)
        rate.next_to(loss_axes.c2p(steps, loss_top), DOWN + LEFT, buff=0.1)
        return VGroup(
            VGroup(data_axes, levels, data_x, data_y, legend[:2]),
            VGroup(loss_axes, step_words, loss_row, rate),
        )

    def data_pulls(self, w: float, b: float) -> VGroup:
        """Per point, an arrow from the curve y = σ(w x + b) toward the point's label t: −(y − t)."""
        return self.aim_data_pulls(VGroup(*(pull_arrow(ORIGIN, RIGHT) for _ in self.x_data)), w, b)

    def aim_data_pulls(self, arrows: VGroup, w: float, b: float) -> VGroup:
        """The data_pulls arrows moved to the curve y = σ(w x + b) (one arrow per point, in order)."""
        axes = self.data_axes
        y = maths.sigmoid(w * self.x_data + b)
        for arrow, x, t, y_n in zip(arrows, self.x_data, self.t_data, y):
            start = axes.c2p(x, y_n)
            aim_pull(arrow, start, short_of(start, axes.c2p(x, t), PULL_GAP))
        return arrows

    def grow_the_true_class(self):
        true_class = int(np.argmax(CLASS_TARGET))
        self.beat("softmax", name=self.t(f"class_{true_class + 1}"), lr=f"{CLASS_LR:g}")
        self.swap_heading("softmax_heading")
        run = self.class_run = maths.softmax_descent(CLASS_TARGET, CLASS_LOGITS, lr=CLASS_LR, steps=CLASS_STEPS)
        classes = len(CLASS_TARGET)
        axes = self.bar_axes = theme.lesson_axes(
            x_range=(0, classes, 1), y_range=(0, 1, 0.25), x_length=6.0, y_length=3.0, numbers=False,
        )
        axes.y_axis.add_numbers()
        axes.next_to(self.heading, DOWN, buff=0.7).to_edge(LEFT, buff=0.8)
        names = VGroup(*(
            theme.words(self.t(f"class_{k + 1}"), theme.LABEL_SIZE,
                        theme.ACCENT if k == true_class else theme.INK)
            .next_to(axes.c2p(k + 0.5, 0), DOWN, buff=0.2)
            for k in range(classes)
        ))
        # Each class's score z_k, under its name: softmax turns these into the bars' heights.
        score_y = names.get_bottom()[1] - 0.45
        self.score_numbers = VGroup(*(
            DecimalNumber(run.z[0, k], num_decimal_places=2, font_size=theme.SMALL_SIZE)
            .move_to([axes.c2p(k + 0.5, 0)[0], score_y, 0])
            for k in range(classes)
        ))
        score_label = theme.formula("z", size=theme.SMALL_SIZE * 1.1)
        score_label.move_to([axes.get_left()[0], score_y, 0])

        self.class_tracker = ValueTracker(0)
        indices = np.arange(CLASS_STEPS + 1)
        step_now = self.class_tracker.get_value
        # The counter moves on when the step's values have arrived, not half-way to them.
        self.shown_class_step = lambda: int(math.floor(step_now() + 1e-9))

        def probs_now():
            logits = [np.interp(step_now(), indices, run.z[:, k]) for k in range(classes)]
            return maths.softmax(logits)

        self.prob_bars = VGroup(*(
            self.bar(k, -1, run.probs[0, k]).set_fill(theme.EXP, opacity=0.8).set_stroke(width=0)
            for k in range(classes)
        ))
        self.target_bars = VGroup(*(
            self.bar(k, 1, t).set_stroke(theme.ACCENT, width=4).set_fill(opacity=0)
            for k, t in enumerate(CLASS_TARGET)
        ))
        shown = maths.rounded_to_sum(run.probs[0])
        self.prob_numbers = VGroup(*(
            DecimalNumber(shown[k], num_decimal_places=2, font_size=theme.SMALL_SIZE) for k in range(classes)
        ))
        self.class_pulls = VGroup(*(self.class_pull(k, run.probs[0, k]) for k in range(classes)))

        # One updater moves each bar, then its number, then its arrow: nothing lags another.
        # The numbers are the probabilities the bars show, rounded so that they add up to 1.
        def follow(picture):
            probs = probs_now()
            rounded = maths.rounded_to_sum(probs)
            scores = [round(float(np.interp(step_now(), indices, run.z[:, k])), 2) for k in range(classes)]
            for k in range(classes):
                score = self.score_numbers[k]
                if scores[k] != score.get_value():
                    centre = score.get_center()
                    retypeset(score, scores[k])
                    score.move_to(centre)
                bar, number = self.prob_bars[k], self.prob_numbers[k]
                bar.set_points_as_corners(self.bar_corners(k, -1, probs[k]))
                if rounded[k] != number.get_value():
                    retypeset(number, rounded[k])
                number.next_to(bar, UP, buff=0.1).align_to(bar, RIGHT)
                self.aim_class_pull(self.class_pulls[k], k, probs[k])

        # On the bars: they are on screen from the first step to the last. The numbers and arrows
        # it moves are redrawn on every frame too (counted as still, they were drawn stale or not at all).
        self.prob_bars.add_updater(follow)
        self.prob_bars.update()
        mark_moving(*self.prob_numbers, *self.score_numbers, *self.class_pulls)

        legend = theme.stacked(
            VGroup(Square(0.3).set_fill(theme.EXP, 0.8).set_stroke(width=0),
                   theme.words(self.t("prediction"), theme.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
            VGroup(Square(0.3).set_stroke(theme.ACCENT, 4),
                   theme.words(self.t("target"), theme.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
            buff=0.2,
        )
        pull_legend = VGroup(pull_arrow(*LEGEND_ARROW, width=4),
                             theme.words(self.t("pull"), theme.LABEL_SIZE, theme.SLOPE_INK),
                             theme.formula(r"= -(y_k - t_k)", size=self.beside_words(), color=theme.SLOPE_INK)
                             ).arrange(RIGHT, buff=0.2)
        self.class_loss_readout = DecimalNumber(run.loss[0], num_decimal_places=3, color=theme.LOG,
                                                font_size=theme.FORMULA_SIZE * 0.8)
        loss_row = self.readout(r"-\log y =", self.class_loss_readout)
        loss_words = theme.words(self.t("true_loss", name=self.t(f"class_{true_class + 1}")), theme.LABEL_SIZE)
        self.class_step_readout = Integer(0, color=theme.HIGHLIGHT, font_size=self.beside_words())
        step_row = self.step_counter(self.class_step_readout, CLASS_STEPS)
        # Written out for the K = 3 classes shown: no summation index too small to read.
        self.softmax_formula = theme.formula(
            # exp, not e to a power: the indices of powers' indices would be 6 px tall at 480p
            r"y_k = \frac{\exp z_k}{" + " + ".join(rf"\exp z_{j + 1}" for j in range(classes)) + "}")
        # Each step's rule, as the line says it: every score moves by η × its pull.
        self.class_rule = theme.formula(rf"z_k \leftarrow z_k - \eta\,(y_k - t_k),\quad \eta = {CLASS_LR:g}",
                                        size=theme.FORMULA_SIZE * 0.8)
        # Seven rows, spaced so that the last stays above the captions' band.
        panel = theme.stacked(legend, self.softmax_formula, pull_legend, self.class_rule, step_row, loss_words,
                              loss_row, buff=0.18)
        panel.next_to(axes, RIGHT, buff=0.6).align_to(axes, UP).shift(0.3 * UP)
        overflow = panel.get_right()[0] - (config.frame_width / 2 - theme.EDGE)
        if overflow > 0:
            panel.shift(overflow * LEFT)
        show_value(self.class_step_readout, self.shown_class_step)
        self.follow_counter(step_row)
        # The loss of the bars as they stand, like the scores and probabilities on screen (between
        # two steps too): at each whole step it is that step's loss.
        show_value(self.class_loss_readout, lambda: maths.neg_log(probs_now()[true_class]))
        self.class_loss_readout.add_updater(self.keep_right_of(loss_row[0]))
        theme.backdrop(names, score_label, panel)   # under the axes and right of them: clear of the bars

        self.play(FadeIn(axes, names), Create(self.target_bars), FadeIn(legend[1]), run_time=1.2)
        self.cue()          # softmax turns the scores z into probabilities y
        self.play(FadeIn(score_label, self.score_numbers), run_time=0.8)
        self.play(Write(self.softmax_formula), run_time=1.2)
        self.play(FadeIn(self.prob_bars, self.prob_numbers), FadeIn(legend[0]), run_time=1.2)
        self.cue()          # the gradient is again y − t
        self.play(FadeIn(self.class_pulls, pull_legend), run_time=1.0)
        self.cue()          # each step adds η × its pull to every score z_k: the rule, then step 1 slowly
        self.play(Write(self.class_rule), run_time=1.0)
        self.play(FadeIn(step_row, loss_words, loss_row), run_time=0.5)
        self.hold_until_part_heard(0.5)
        self.play(self.class_tracker.animate.set_value(1), run_time=FIRST_STEP_TIME, rate_func=smooth)
        self.cue()          # so the true class's bar grows, and its loss shrinks: the rest of the steps
        self.play(Indicate(self.class_loss_readout, color=theme.HIGHLIGHT), run_time=0.6)
        for step in range(2, CLASS_STEPS + 1):
            self.play(self.class_tracker.animate.set_value(step),
                      run_time=CLASS_TIME / CLASS_STEPS, rate_func=linear)
        self.wait(1.0)      # the last step's bars, held a moment even when the line is over
        self.hold_until_heard(SETTLE)
        for mobject in (self.prob_bars, *self.prob_numbers, *self.score_numbers, *self.class_pulls,
                        *panel.get_family()):
            mobject.clear_updaters()
        self.play(*(FadeOut(m) for m in (axes, names, score_label, self.score_numbers, self.prob_bars,
                                         self.prob_numbers, self.class_pulls, self.target_bars, panel,
                                         pull_legend)), run_time=0.8)

    def class_pull(self, k: int, y: float) -> Arrow:
        """Class k's pull: from its prediction's height y toward its target t_k, between its two bars."""
        return self.aim_class_pull(pull_arrow(ORIGIN, RIGHT, width=5), k, y)

    def aim_class_pull(self, arrow: Arrow, k: int, y: float) -> Arrow:
        """A class_pull arrow moved to class k's prediction y."""
        axes, t = self.bar_axes, CLASS_TARGET[k]
        start = axes.c2p(k + 0.5, y)
        return aim_pull(arrow, start, short_of(start, axes.c2p(k + 0.5, t), 0.04))

    def trace_the_gradient_back_to_log(self):
        self.sigma_check = {"z": SIGMA_CHECK_Z, "y": float(maths.sigmoid(SIGMA_CHECK_Z)),
                            "measured": float(maths.secant_slope(maths.sigmoid, SIGMA_CHECK_Z, MEASURE_H)),
                            "formula": float(maths.sigmoid_slope(SIGMA_CHECK_Z))}
        # The chain rule's result checked the same way, for t = 1 at the same z: the loss
        # −log σ(z) measured by a tiny secant, against y − 1.
        self.chain_check = {"z": SIGMA_CHECK_Z, "y": self.sigma_check["y"],
                            "measured": float(maths.secant_slope(lambda z: maths.neg_log(maths.sigmoid(z)),
                                                                 SIGMA_CHECK_Z, MEASURE_H)),
                            "formula": self.sigma_check["y"] - 1.0}
        chain = f"{self.chain_check['measured']:.3f}"        # negative: the line says "minus" itself
        self.beat("gradient", m=f"{self.sigma_check['measured']:.3f}", f=f"{self.sigma_check['formula']:.3f}",
                  c=chain.replace("-", "−"), c_said=chain.lstrip("-"))
        self.swap_heading("gradient_heading")
        size = theme.FORMULA_SIZE * 0.85
        # One point's path: z = wx + b, y = σ(z); σ′ is σ's slope (′: derivative).
        model = theme.formula(r"z = wx + b,\quad y = \sigma(z)", size=size, color=theme.EXP)
        squash = theme.formula(r"\sigma'(z) = \frac{dy}{dz} = y(1-y)", size=size)
        # The chain rule, written as it is said: the slopes along z -> y -> L multiply.
        chain_rule = theme.formula(r"\frac{dL}{dz} = \frac{dL}{dy}\cdot\frac{dy}{dz}", size=size)
        top = VGroup(model, squash, chain_rule).arrange(RIGHT, buff=0.9)
        # The chain rule for each label: the log's slope times σ′ (for t = 0, the log of 1 − y: the
        # chain once more, times 1 − y's slope in y, −1).
        chains = VGroup(*(
            theme.formula(rf"t = {t}:\quad \frac{{d}}{{dz}}", loss, "=", log_slope, r"\cdot\, y(1-y)", product,
                          size=size)
            # The product worked out before it is read as y − t: the y or the 1 − y cancels.
            for t, loss, log_slope, product in (
                (1, r"\big({-\log y}\big)", r"-\frac{1}{y}", r"= -(1-y) = y - 1"),
                (0, r"\big({-\log(1-y)}\big)", r"-\frac{1}{1-y}\cdot(-1)", r"= y = y - 0"),
            )
        )).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        for chain in chains:
            chain[1].set_color(theme.LOG)
            chain[3].set_color(theme.SLOPE_INK)
        sigmoid_words = theme.words(self.t("sigmoid_case"), theme.LABEL_SIZE, theme.MUTED)
        softmax_words = theme.words(self.t("softmax_case"), theme.LABEL_SIZE, theme.MUTED)
        sigmoid_result = theme.formula(r"\frac{dL}{dz} = y - t", size=size, color=theme.SLOPE_INK)
        softmax_result = theme.formula(r"\frac{\partial L}{\partial z_k} = y_k - t_k", size=size, color=theme.SLOPE_INK)
        # The pull drawn on every point and bar is the opposite of each result, as its legends
        # said: beside each result, above the captions' band.
        pulls = VGroup(*(
            VGroup(pull_arrow(*LEGEND_ARROW, width=4), theme.words(self.t("pull"), theme.LABEL_SIZE, theme.SLOPE_INK),
                   theme.formula(tex, size=size, color=theme.SLOPE_INK)).arrange(RIGHT, buff=0.12)
            for tex in (r"= -(y - t)", r"= -(y_k - t_k)")
        ))
        results = VGroup(*(
            VGroup(words, VGroup(result, pull).arrange(RIGHT, buff=0.5)).arrange(DOWN, buff=0.15)
            for words, result, pull in zip((sigmoid_words, softmax_words), (sigmoid_result, softmax_result), pulls)
        )).arrange(RIGHT, buff=1.0, aligned_edge=UP)
        # z = wx + b carries the slope in z on to the model's two numbers (the steps they took):
        # z's own slopes first, then the chain rule's products, y − t times each, at the size of
        # the rows above: they fit under the results.
        weights = VGroup(
            theme.formula(r"\partial z / \partial w = x,\quad \partial z / \partial b = 1", size=size),
            theme.formula(r"\partial L / \partial w = (y - t)\cdot x,\quad \partial L / \partial b = (y - t)\cdot 1 = y - t",
                          size=size, color=theme.SLOPE_INK),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        VGroup(top, chains, results).arrange(DOWN, buff=0.1).next_to(self.heading, DOWN, buff=0.12)
        boxes = VGroup(*(SurroundingRectangle(column[1][0], color=theme.SLOPE, buff=0.1) for column in results))
        # Under the two-class result it follows from, clear of that result's box.
        weights.next_to(boxes[0], DOWN, buff=0.12).align_to(results[0], LEFT)
        # What ∂ means: beside z's slopes, above the products, clear of the box above it.
        partial = theme.words(self.t("partial"), theme.LABEL_SIZE, theme.MUTED)
        partial.align_to(results[1], LEFT).set_y(weights[0].get_y())
        partial.shift(max(0.0, partial.get_top()[1] - (boxes[1].get_bottom()[1] - 0.08)) * DOWN)
        partial.shift(max(0.0, weights[1].get_top()[1] + 0.04 - partial.get_bottom()[1]) * UP)
        self.final_pulls = pulls

        path = self.loss_path(size, below=top)
        self.play(Write(model), run_time=1.2)
        self.play(FadeIn(path[0][0]), run_time=0.5)
        for node, arrow, name in zip(path[0][1:], path[1], path[2]):     # w, b, x -> z -> y -> L
            self.play(Create(arrow), FadeIn(name), FadeIn(node), run_time=0.7)
        self.cue()          # σ′ is σ's slope: y(1 − y)
        self.play(Write(squash), Indicate(path[2][1], color=theme.HIGHLIGHT), run_time=1.2)
        self.hold_until_heard(after=0.3)
        self.play(FadeOut(path), run_time=0.5)
        self.cue()          # check it: a tiny secant on σ's curve against y(1 − y)
        self.check_the_slope_of_sigma(below=top)
        # Each row is written up to the product of the two slopes, then its result: never
        # d/dz (−log y) = −1/y alone on screen (that is the slope in y).
        self.cue()          # the chain rule: the loss's slope in y, times y's slope in z
        # Said along the path it names: each arrow's slope under it as the rule multiplies them,
        # z -> y by dy/dz and y -> L by dL/dy; the path leaves for the rows that use the rule.
        slopes = VGroup(*(theme.formula(tex, size=size).next_to(arrow, DOWN, buff=0.15)
                          for tex, arrow in zip((r"\frac{dy}{dz}", r"\frac{dL}{dy}"), path[1][1:])))
        # Why they multiply, over the path (under it is the captions' band): a change Δz moves y by
        # dy/dz times it, and that moves L by dL/dy times it again.
        nudges = VGroup(
            theme.formula(r"\Delta y \approx \frac{dy}{dz}\,\Delta z", size=size),
            theme.formula(r"\Delta L \approx \frac{dL}{dy}\,\Delta y = \frac{dL}{dy}\cdot\frac{dy}{dz}\,\Delta z", size=size),
        ).arrange(RIGHT, buff=1.0).set_x(path.get_x())
        nudges.set_y((top.get_bottom()[1] + path[2].get_top()[1]) / 2)
        self.play(FadeIn(path), Write(chain_rule), FadeIn(slopes, shift=0.1 * UP), run_time=1.2)
        self.play(Write(nudges[0]), run_time=0.8)
        self.play(Write(nudges[1]), run_time=1.0)
        self.hold_until_heard(after=2.0)    # the whole row, read after the line too
        self.play(FadeOut(path, slopes, nudges), run_time=0.5)
        self.cue()          # t = 1: −1/y times y(1 − y) is y − 1
        self.play(Write(chains[0][:5]), run_time=1.8)
        self.play(Write(chains[0][5:]), run_time=0.8)
        self.cue()          # t = 0: 1/(1 − y) times y(1 − y) is y − 0
        self.play(Write(chains[1][:5]), run_time=1.8)
        self.play(Write(chains[1][5:]), run_time=0.8)
        self.cue()          # either label: y − t
        self.play(FadeIn(results[0][0]), Write(results[0][1][0]), run_time=1.2)
        self.cue()          # checked: a tiny secant of −log σ(z) at z = 1 against y − 1, where softmax's result comes next
        check = self.chain_check_rows(size).align_to(results[1], UP + LEFT).shift(0.1 * DOWN)  # clear of the row above
        check.shift(max(0.0, check.get_right()[0] - (config.frame_width / 2 - theme.EDGE)) * LEFT)
        self.play(FadeIn(check[:3]), run_time=1.0)
        self.hold_until_part_heard(0.6)
        self.play(FadeIn(check[3]), run_time=0.6)
        self.hold_until_heard(after=0.6)
        self.play(FadeOut(check), run_time=0.5)
        self.cue()          # ∂: a slope in one letter alone, said before it is written
        self.play(FadeIn(partial, shift=0.1 * LEFT), run_time=0.8)
        self.cue()          # z = wx + b: its slopes x and 1, then ∂L/∂w = (y − t)·x, ∂L/∂b = y − t
        self.play(Write(weights[0]), run_time=1.0)
        self.hold_until_part_heard(0.45)
        self.play(Write(weights[1]), run_time=1.2)
        self.cue()          # softmax: y_k − t_k, the slope in z_k alone
        self.play(FadeIn(results[1][0]), Write(results[1][1][0]), run_time=1.2)
        self.cue()          # its opposite is the pull on every point and bar
        self.play(Create(boxes), run_time=1.0)
        self.play(FadeIn(pulls, shift=0.2 * UP), run_time=1.0)

    def chain_check_rows(self, size: float) -> VGroup:
        """The check of dL/dz = y − t for t = 1 at z = 1: where, the secant's name, its slope measured on
        the loss −log σ(z), and y − 1 worked out."""
        check = self.chain_check
        z = f"{check['z']:g}"
        return VGroup(
            theme.formula(rf"t = 1,\quad z = {z}", size=size),
            theme.words(self.t("secant_slope", h=f"{MEASURE_H:.5f}"), theme.LABEL_SIZE, theme.SLOPE_INK),
            theme.formula(rf"\frac{{-\log\sigma({z}+h) + \log\sigma({z})}}{{h}} \approx {check['measured']:.3f}",
                          size=size, color=theme.SLOPE_INK),
            theme.formula(rf"y - 1 = {check['y']:.3f} - 1 = {check['formula']:.3f}", size=size),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

    def loss_path(self, size: float, below: VGroup) -> VGroup:
        """One point's loss, step by step: (w, b, x) -> z -> y -> L, each arrow named by what it
        does (wx + b, σ, −log); centred in the room under `below`. Groups: nodes, arrows, names."""
        nodes = VGroup(theme.formula(r"w,\ b,\ x", size=size), theme.formula("z", size=size, color=theme.EXP),
                       theme.formula("y", size=size, color=theme.EXP), theme.formula("L", size=size, color=theme.LOG))
        names = VGroup(theme.formula(r"wx + b", size=theme.SMALL_SIZE, color=theme.EXP),
                       theme.formula(r"\sigma", size=size, color=theme.EXP),
                       theme.formula(r"-\log y,\ \ -\log(1-y)", size=theme.SMALL_SIZE, color=theme.LOG))
        for node, before, name in zip(nodes[1:], nodes, names):
            node.next_to(before, RIGHT, buff=max(name.width, 0.8) + 0.9)
        arrows = VGroup(*(Arrow(before.get_right(), node.get_left(), buff=0.15, color=theme.MUTED, stroke_width=4)
                          for before, node in zip(nodes, nodes[1:])))
        for name, arrow in zip(names, arrows):
            name.next_to(arrow, UP, buff=0.1)
        path = VGroup(nodes, arrows, names)
        room_top, room_bottom = below.get_bottom()[1], theme.SUBTITLE_TOP
        return path.move_to((room_top + room_bottom) / 2 * UP)

    def check_the_slope_of_sigma(self, below: VGroup) -> None:
        """σ's curve with a tiny secant at z: its slope, measured, against y(1 − y) computed apart;
        drawn in the room the chain rule's rows take next, and cleared before them."""
        check = self.sigma_check
        z, y = check["z"], check["y"]
        # y marked at 1 only: a mark at 0.5 would sit where the curve crosses the axis
        axes = theme.lesson_axes(x_range=(-4, 4, 2), y_range=(0, 1, 1), x_length=5.0, y_length=2.4)
        axes.next_to(below, DOWN, buff=0.7).to_edge(LEFT, buff=theme.EDGE + 0.5)
        zs = maths.samples(-4, 4, 0.1)
        curve = theme.curve_through(axes, zs, maths.sigmoid(zs), theme.EXP, stroke_width=4)
        point = Dot(axes.c2p(z, y), radius=0.07, color=theme.HIGHLIGHT).set_z_index(2)
        run = np.array([-SIGMA_CHECK_REACH, SIGMA_CHECK_REACH])
        secant = Line(*(axes.c2p(z + d, y + d * check["measured"]) for d in run), color=theme.SLOPE, stroke_width=4)
        size = theme.FORMULA_SIZE * 0.8
        given = theme.formula(rf"z = {z:g},\quad y = \sigma({z:g}) = {y:.3f}", size=size, color=theme.EXP)
        measured = VGroup(
            theme.words(self.t("secant_slope", h=f"{MEASURE_H:.5f}"), theme.LABEL_SIZE, theme.SLOPE_INK),
            theme.formula(rf"\frac{{\sigma({z:g}+h) - \sigma({z:g})}}{{h}} \approx {check['measured']:.3f}",
                          size=size, color=theme.SLOPE_INK),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        formula = theme.formula(rf"y(1-y) = {check['formula']:.3f}", size=size)
        readouts = theme.stacked(given, measured, formula, buff=0.3).next_to(axes, RIGHT, buff=0.8)
        names = VGroup(theme.formula("z", size=theme.SMALL_SIZE, color=theme.MUTED).next_to(axes.x_axis, RIGHT, buff=0.1),
                       theme.formula("y", size=theme.SMALL_SIZE, color=theme.MUTED).next_to(axes.y_axis, UP, buff=0.1))
        self.sigma_picture = VGroup(axes, names, curve, secant, point, readouts)
        self.play(Create(axes), FadeIn(names), Create(curve), FadeIn(given), run_time=1.2)
        self.play(FadeIn(point, scale=2), Create(secant), FadeIn(measured), run_time=1.0)
        self.play(FadeIn(formula), run_time=0.8)
        self.hold_until_heard(after=0.8)
        self.play(FadeOut(self.sigma_picture), run_time=0.6)

    # --- pieces ------------------------------------------------------------------------------
    def swap_heading(self, key: str, **values) -> None:
        new = theme.title(self.t(key, **values))
        # One after the other: morphing one sentence's glyphs into another's scrambles them, and a
        # cross-fade shows the two headings on top of each other.
        self.play(AnimationGroup(FadeOut(self.heading, shift=0.2 * UP), FadeIn(new, shift=0.2 * UP), lag_ratio=1),
                  run_time=0.8)
        self.heading = new

    def readout(self, tex: str | tuple[str, ...], number: DecimalNumber) -> VGroup:
        """A formula label (in parts, if given as several) and its live number, side by side."""
        label = theme.formula(*((tex,) if isinstance(tex, str) else tex), size=theme.FORMULA_SIZE * 0.8)
        number.font_size = theme.FORMULA_SIZE * 0.8
        return VGroup(label, number).arrange(RIGHT, buff=0.2)

    def step_counter(self, number: Integer, total: int) -> VGroup:
        """"step n / total": the word, the live number and the fixed total."""
        return VGroup(theme.words(self.t("step"), theme.LABEL_SIZE), number,
                      theme.formula(rf"/\,{total}", size=self.beside_words())).arrange(RIGHT, buff=0.15)

    def beside_words(self) -> float:
        """The size of TeX that follows LABEL_SIZE words on one line, its digits as tall as the
        words' letters: Japanese glyphs fill the em, Latin lower case about half of it."""
        return theme.FORMULA_SIZE * (1.0 if self.lang == "ja" else 0.8)

    def follow_counter(self, row: VGroup) -> None:
        """Keep a step counter's number after its word, and "/ total" after the number."""
        row[1].add_updater(self.keep_right_of(row[0], buff=0.15))
        row[2].add_updater(self.keep_right_of(row[1], buff=0.12))

    @staticmethod
    def keep_right_of(label, buff: float = 0.2):
        """An updater that keeps a mobject just right of another as the other's width changes."""
        return lambda m: m.next_to(label, RIGHT, buff=buff)

    def clipped_tangent(self, y: float):
        """Ends of the tangent to −log at y, TANGENT_LENGTH long on screen, cut to the axes."""
        axes = self.loss_axes
        slope = maths.neg_log_slope(y)
        (x_min, x_max), (y_min, y_max) = axes.x_range[:2], axes.y_range[:2]
        x_unit, y_unit = axes.x_length / (x_max - x_min), axes.y_length / (y_max - y_min)
        direction = np.array([x_unit, slope * y_unit])
        direction /= np.linalg.norm(direction)
        # Screen offset s along `direction` is (s dx / x_unit, s dy / y_unit) in axis units.
        per_axis = np.array([direction[0] / x_unit, direction[1] / y_unit])
        centre = np.array([y, maths.neg_log(y)])
        low, high = -TANGENT_LENGTH / 2, TANGENT_LENGTH / 2
        for k, (bottom, top) in enumerate(((x_min, x_max), (y_min, y_max))):
            ends = sorted(((bottom - centre[k]) / per_axis[k], (top - centre[k]) / per_axis[k]))
            low, high = max(low, ends[0]), min(high, ends[1])
        return tuple(axes.c2p(*(centre + s * per_axis)) for s in (low, high))

    def sigmoid_curve(self, w: float, b: float):
        low, high = self.data_axes.x_range[:2]
        xs = maths.samples(low, high, 0.1)
        return theme.curve_through(self.data_axes, xs, maths.sigmoid(w * xs + b), theme.EXP, stroke_width=5)

    @staticmethod
    def class_marker(t: float):
        """A filled dot for class 1, a ring for class 0, both in the targets' colour: each sits at its label t."""
        if t == 1:
            return Dot(radius=DOT_RADIUS, color=theme.ACCENT)
        return Circle(radius=RING_RADIUS, color=theme.ACCENT, stroke_width=3.5)

    def bar_corners(self, k: int, side: int, height: float):
        """Corners of class k's bar: side −1 is the prediction (left), +1 the target (right)."""
        inner, outer = k + 0.5 + side * BAR_GAP, k + 0.5 + side * (BAR_GAP + BAR_WIDTH)
        left, right = sorted((inner, outer))
        corners = [(left, 0), (right, 0), (right, height), (left, height), (left, 0)]
        return [self.bar_axes.c2p(x, y) for x, y in corners]

    def bar(self, k: int, side: int, height: float) -> Polygon:
        return Polygon(*self.bar_corners(k, side, height)[:-1])

