"""Why we differentiate log: cross-entropy, the slope −1/y of −log y, and gradient descent on it."""

import math

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, AnimationGroup, Circle, DashedVMobject, DecimalNumber, Dot, FadeIn, FadeOut,
    Create, Integer, Line, Polygon, Square, SurroundingRectangle,
    ValueTracker, VGroup, Write, config, linear,
)

from loglesson import maths, theme
from loglesson.live import redraw_on_change, show_value
from loglesson.scene import LessonScene
from loglesson.ticks import nice_step

# The per-sample loss plot: −log y is cut where it reaches LOSS_TOP, so it never leaves the axes.
LOSS_TOP = 4.0
SLIDE_FROM, SLIDE_TO = 0.9, 0.04    # the sliding prediction: confidently right, then confidently wrong
TANGENT_LENGTH = 2.8                 # on screen, before the axes clip it

DESCENT_TIME = 9.0                   # seconds of descent, whatever `steps` is
MOST_MOMENTS = 40                    # more steps than this: every k-th is shown (the plot keeps all)
DATA_COUNT = 8

# One sample, three classes, the second one true; the logits start confidently wrong (first class).
CLASS_TARGET = (0.0, 1.0, 0.0)
CLASS_LOGITS = (1.5, 0.2, -0.5)
CLASS_LR, CLASS_STEPS = 0.5, 20
CLASS_TIME = 5.0
BAR_WIDTH = 0.3                      # in class slots (one slot is one x unit)


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


class CrossEntropyDescent(LessonScene):
    """Cross-entropy is built from −log y; its slope −1/y is what gradient descent follows."""

    scene_name = "cross_entropy"

    def construct(self):
        self.state_the_two_losses()
        self.punish_confident_wrong_answers()
        self.descend_on_real_data()
        self.grow_the_true_class()
        self.trace_the_gradient_back_to_log()

    # --- beats -----------------------------------------------------------------------------
    def state_the_two_losses(self):
        self.beat("formulas")
        self.heading = theme.title(self.t("title"))
        binary = theme.formula(
            r"L = -\frac{1}{N}\sum_{n=1}^{N}\Big[\,t_n", r"\log y_n", r"+ (1-t_n)",
            r"\log(1-y_n)", r"\,\Big]",
        )
        multi = theme.formula(
            r"L = -\frac{1}{N}\sum_{n=1}^{N}\sum_{k=1}^{K} t_{nk}", r"\log y_{nk}",
        )
        for part in (binary[1], binary[3], multi[1]):
            part.set_color(theme.LOG)
        binary_label = theme.words(self.t("binary"), theme.LABEL_SIZE, theme.MUTED)
        multi_label = theme.words(self.t("multiclass"), theme.LABEL_SIZE, theme.MUTED)
        panel = theme.stacked(
            theme.stacked(binary_label, binary, buff=0.3), theme.stacked(multi_label, multi, buff=0.3), buff=0.65,
        )
        panel.next_to(self.heading, DOWN, buff=0.6)
        note = theme.caption(self.t("built_from_log"))
        boxes = VGroup(*(
            SurroundingRectangle(part, color=theme.LOG, buff=0.08) for part in (binary[1], binary[3], multi[1])
        ))

        self.play(Write(self.heading), run_time=1.2)
        self.play(FadeIn(binary_label), Write(binary), run_time=2.0)
        self.play(FadeIn(multi_label), Write(multi), run_time=1.6)
        self.play(Create(boxes), FadeIn(note), run_time=1.2)
        self.wait(1.5)
        self.play(FadeOut(panel), FadeOut(boxes), FadeOut(note), run_time=0.8)

    def punish_confident_wrong_answers(self):
        self.beat("punish")
        self.swap_heading("loss_heading")
        axes = self.loss_axes = theme.lesson_axes(
            x_range=(0, 1, 0.25), y_range=(0, LOSS_TOP, 1), x_length=6.4, y_length=4.9,
        )
        axes.next_to(self.heading, DOWN, buff=0.45).to_edge(LEFT, buff=0.9)
        x_label = theme.formula("y", size=theme.FORMULA_SIZE * 0.8).next_to(axes.x_axis, RIGHT, buff=0.2)
        x_words = theme.words(self.t("y_axis"), theme.SMALL_SIZE, theme.MUTED)
        x_words.next_to(axes.x_axis.numbers, DOWN, buff=0.15)
        y_words = theme.words(self.t("loss"), theme.SMALL_SIZE, theme.MUTED)
        y_words.next_to(axes.y_axis, UP, buff=0.15)

        # Where −log y = LOSS_TOP: y = e^(−LOSS_TOP); the other curve is its mirror about y = 1/2.
        cut = maths.power(math.e, -LOSS_TOP)
        self.neg_log_curve = axes.plot(maths.neg_log, x_range=[cut, 1, 0.01], color=theme.LOG)
        self.neg_log_other_curve = DashedVMobject(
            axes.plot(lambda y: maths.neg_log(1 - y), x_range=[0, 1 - cut, 0.01], color=theme.EXP),
            num_dashes=40,
        )
        label_one = theme.formula(r"-\log y", r"\;\;(t=1)", size=theme.FORMULA_SIZE * 0.8, color=theme.LOG)
        label_one.next_to(axes.c2p(0.1, 3.4), RIGHT, buff=0.25)
        label_zero = theme.formula(r"-\log(1-y)", r"\;\;(t=0)", size=theme.FORMULA_SIZE * 0.8, color=theme.EXP)
        label_zero.next_to(axes.c2p(0.8, 1.9), LEFT, buff=0.25)

        self.play(Create(axes), FadeIn(x_label, x_words, y_words), run_time=1.4)
        self.play(Create(self.neg_log_curve), FadeIn(label_one), run_time=1.4)
        self.play(Create(self.neg_log_other_curve), FadeIn(label_zero), run_time=1.4)

        # The true class is 1; the prediction y slides from confident-right to confident-wrong.
        self.y_tracker = ValueTracker(SLIDE_FROM)
        y_now = self.y_tracker.get_value
        point = Dot(radius=0.08, color=theme.HIGHLIGHT).add_updater(
            lambda m: m.move_to(axes.c2p(y_now(), maths.neg_log(y_now())))
        )
        self.tangent = Line(color=theme.TANGENT, stroke_width=5).add_updater(
            lambda m: m.put_start_and_end_on(*self.clipped_tangent(y_now()))
        )

        rows = VGroup(
            self.readout(r"y =", DecimalNumber(SLIDE_FROM, num_decimal_places=2, color=theme.HIGHLIGHT)),
            self.readout(r"-\log y =", DecimalNumber(maths.neg_log(SLIDE_FROM), num_decimal_places=2, color=theme.LOG)),
            self.readout(r"-\frac{1}{y} =", DecimalNumber(maths.neg_log_slope(SLIDE_FROM), num_decimal_places=2, color=theme.SLOPE)),
        )
        slope_words = theme.words(self.t("slope"), theme.SMALL_SIZE, theme.SLOPE)
        target = theme.words(self.t("true_label", t=1), theme.LABEL_SIZE)
        panel = theme.stacked(target, rows[0], rows[1], slope_words, rows[2], buff=0.28)
        panel.next_to(axes, RIGHT, buff=0.8).align_to(axes, UP)
        self.y_readout, self.loss_readout_one, self.slope_readout = (row[1] for row in rows)
        for row in rows:
            row[1].add_updater(self.keep_right_of(row[0]))
        show_value(self.y_readout, y_now)
        show_value(self.loss_readout_one, lambda: maths.neg_log(y_now()))
        show_value(self.slope_readout, lambda: maths.neg_log_slope(y_now()))
        self.tangent.update()
        theme.backdrop(panel)                   # right of the axes: nothing overlaps it

        self.play(FadeIn(point, self.tangent, panel), run_time=1.0)
        self.play(self.y_tracker.animate.set_value(SLIDE_TO), run_time=4.5)
        verdict = theme.words(self.t("punished"), theme.LABEL_SIZE, theme.HIGHLIGHT, line_spacing=0.8)
        room = config.frame_width / 2 - theme.EDGE - panel.get_left()[0]
        if verdict.width > room:
            verdict.scale_to_fit_width(room)
        verdict.next_to(panel, DOWN, buff=0.5).align_to(panel, LEFT)
        theme.backdrop(verdict)
        self.play(FadeIn(verdict, shift=0.2 * UP), run_time=0.8)
        self.wait(1.5)
        for mobject in (point, self.tangent, *(row[1] for row in rows)):
            mobject.clear_updaters()
        self.play(*(FadeOut(m) for m in (
            axes, x_label, x_words, y_words, self.neg_log_curve, self.neg_log_other_curve,
            label_one, label_zero, point, self.tangent, panel, verdict,
        )), run_time=0.8)

    def descend_on_real_data(self):
        self.beat("descent")
        lr, steps = self.params["lr"], self.params["steps"]
        self.x_data, self.t_data = maths.make_logistic_data(DATA_COUNT, seed=self.params["seed"])
        run = self.run = maths.logistic_descent(self.x_data, self.t_data, lr=lr, steps=steps)
        self.swap_heading("descent_heading", n=DATA_COUNT)

        # One tracker drives the descent. Between whole steps w and b are interpolated only so
        # the curve moves smoothly: at every whole step it is the trajectory's sigmoid(w x + b).
        self.step_tracker = ValueTracker(0)
        step_now = self.step_tracker.get_value
        self.shown_step = lambda: int(round(step_now()))
        readouts = self.descent_readouts(run, lr, steps).next_to(self.heading, DOWN, buff=0.35)
        plots = self.descent_plots(run, steps)
        plots.next_to(readouts, DOWN, buff=0.75)
        data_frame, loss_frame = plots
        theme.backdrop(readouts, plots)         # the curve and the dots stay inside the axes
        indices = np.arange(steps + 1)
        self.decision_curve = redraw_on_change(
            self.sigmoid_curve(run.w[0], run.b[0]), step_now,
            lambda: self.sigmoid_curve(np.interp(step_now(), indices, run.w), np.interp(step_now(), indices, run.b)),
        )
        self.data_dots = VGroup(*(
            self.class_marker(t).move_to(self.data_axes.c2p(x, t)) for x, t in zip(self.x_data, self.t_data)
        ))
        dot_radius = float(np.clip(1.8 / steps, 0.025, 0.06))
        self.loss_dots = VGroup(*(
            Dot(self.loss_plot_axes.c2p(step, run.loss[step]), radius=dot_radius, color=theme.LOG)
            for step in range(steps + 1)
        ))

        self.play(Create(self.data_axes), Create(self.loss_plot_axes),
                  FadeIn(data_frame[1:], loss_frame[1:]), run_time=1.4)
        self.play(FadeIn(self.data_dots, lag_ratio=0.1), run_time=1.0)
        self.play(Create(self.decision_curve), FadeIn(readouts, self.loss_dots[0]), run_time=1.2)

        self.shown_losses = [(self.step_readout.get_value(), self.loss_readout.get_value())]
        moments = shown_steps(steps)
        previous = 0
        for step in moments:
            self.play(
                self.step_tracker.animate.set_value(step),
                FadeIn(self.loss_dots[previous + 1:step + 1]),
                run_time=DESCENT_TIME / len(moments), rate_func=linear,
            )
            self.shown_losses.append((self.step_readout.get_value(), self.loss_readout.get_value()))
            previous = step
        self.wait(1.5)
        for mobject in (self.decision_curve, *readouts.get_family()):
            mobject.clear_updaters()
        self.play(FadeOut(plots, readouts, self.data_dots, self.decision_curve, self.loss_dots), run_time=0.8)

    def descent_readouts(self, run, lr: float, steps: int) -> VGroup:
        """"step n / steps", the loss L and the learning rate, in one row; n and L follow the tracker."""
        self.step_readout = Integer(0, color=theme.HIGHLIGHT, font_size=theme.FORMULA_SIZE * 0.8)
        self.loss_readout = DecimalNumber(run.loss[0], num_decimal_places=3, color=theme.LOG)
        step_row = self.step_counter(self.step_readout, steps)
        loss_row = self.readout("L =", self.loss_readout)
        rate_row = theme.formula(rf"\eta = {lr:g}", size=theme.FORMULA_SIZE * 0.8, color=theme.MUTED)
        show_value(self.step_readout, self.shown_step)
        show_value(self.loss_readout, lambda: run.loss[self.shown_step()])
        self.follow_counter(step_row)
        self.loss_readout.add_updater(self.keep_right_of(loss_row[0]))
        return VGroup(step_row, loss_row, rate_row).arrange(RIGHT, buff=0.9)

    def descent_plots(self, run, steps: int) -> VGroup:
        """The data plot (its legend under it) beside the loss-per-step plot."""
        data_axes = self.data_axes = theme.lesson_axes(
            x_range=(-3.5, 3.5, 1), y_range=(0, 1, 0.5), x_length=6.2, y_length=3.6,
        )
        loss_top = loss_axis_top(run.loss)
        loss_axes = self.loss_plot_axes = theme.lesson_axes(
            x_range=(0, steps, max(1, nice_step(steps, 5))), y_range=(0, loss_top, nice_step(loss_top, 4)),
            x_length=4.4, y_length=3.6,
        )
        VGroup(data_axes, loss_axes).arrange(RIGHT, buff=1.3, aligned_edge=DOWN)
        label_size = theme.LABEL_SIZE * 1.3
        data_x = theme.formula("x", size=label_size).next_to(data_axes.x_axis, RIGHT, buff=0.15)
        data_y = theme.formula(r"t,\ y", size=label_size).next_to(data_axes.y_axis, UP, buff=0.12)
        # The legend sits under the data plot, where no data point or curve reaches.
        legend = VGroup(*(
            VGroup(self.class_marker(t), theme.formula(f"t={t}", size=label_size)).arrange(RIGHT, buff=0.12)
            for t in (1, 0)
        ), theme.formula(r"y = \sigma(wx + b)", size=label_size, color=theme.LOG)).arrange(RIGHT, buff=0.5)
        legend.next_to(data_axes.x_axis.numbers, DOWN, buff=0.25)
        step_words = theme.words(self.t("step"), theme.SMALL_SIZE, theme.MUTED)
        step_words.next_to(loss_axes.x_axis.numbers, DOWN, buff=0.12)
        loss_words = theme.words(self.t("loss"), theme.SMALL_SIZE, theme.MUTED)
        loss_words.next_to(loss_axes.y_axis, UP, buff=0.12)
        return VGroup(
            VGroup(data_axes, data_x, data_y, legend),
            VGroup(loss_axes, step_words, loss_words),
        )

    def grow_the_true_class(self):
        self.beat("softmax")
        self.swap_heading("softmax_heading")
        run = self.class_run = maths.softmax_descent(CLASS_TARGET, CLASS_LOGITS, lr=CLASS_LR, steps=CLASS_STEPS)
        true_class = int(np.argmax(CLASS_TARGET))
        classes = len(CLASS_TARGET)
        axes = self.bar_axes = theme.lesson_axes(
            x_range=(0, classes, 1), y_range=(0, 1, 0.25), x_length=6.0, y_length=4.3, numbers=False,
        )
        axes.y_axis.add_numbers()
        axes.next_to(self.heading, DOWN, buff=0.75).to_edge(LEFT, buff=1.1)
        names = VGroup(*(
            theme.words(self.t(f"class_{k + 1}"), theme.LABEL_SIZE,
                        theme.TRUE_CLASS if k == true_class else theme.INK)
            .next_to(axes.c2p(k + 0.5, 0), DOWN, buff=0.2)
            for k in range(classes)
        ))

        self.class_tracker = ValueTracker(0)
        indices = np.arange(CLASS_STEPS + 1)
        step_now = self.class_tracker.get_value
        self.shown_class_step = lambda: int(round(step_now()))

        def probs_now():
            logits = [np.interp(step_now(), indices, run.z[:, k]) for k in range(classes)]
            return maths.softmax(logits)

        self.prob_bars = VGroup(*(
            self.bar(k, -1, run.probs[0, k]).set_fill(
                theme.TRUE_CLASS if k == true_class else theme.OTHER_CLASS, opacity=0.85)
            .set_stroke(width=0)
            for k in range(classes)
        ))
        for k, bar in enumerate(self.prob_bars):
            bar.add_updater(lambda m, k=k: m.set_points_as_corners(self.bar_corners(k, -1, probs_now()[k])))
        self.target_bars = VGroup(*(
            self.bar(k, 1, t).set_stroke(theme.ACCENT, width=4).set_fill(opacity=0)
            for k, t in enumerate(CLASS_TARGET)
        ))
        self.prob_numbers = VGroup(*(
            DecimalNumber(run.probs[0, k], num_decimal_places=2, font_size=theme.SMALL_SIZE * 1.2)
            for k in range(classes)
        ))
        for k, number in enumerate(self.prob_numbers):
            show_value(number, lambda k=k: run.probs[self.shown_class_step(), k])
            number.add_updater(lambda m, k=k: m.next_to(self.prob_bars[k], UP, buff=0.1))

        legend = theme.stacked(
            VGroup(Square(0.3).set_fill(theme.TRUE_CLASS, 0.85).set_stroke(width=0),
                   theme.words(self.t("prediction"), theme.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
            VGroup(Square(0.3).set_stroke(theme.ACCENT, 4),
                   theme.words(self.t("target"), theme.LABEL_SIZE)).arrange(RIGHT, buff=0.2),
            buff=0.2,
        )
        self.class_loss_readout = DecimalNumber(run.loss[0], num_decimal_places=3, color=theme.LOG,
                                                font_size=theme.FORMULA_SIZE * 0.8)
        loss_row = self.readout(r"-\log y =", self.class_loss_readout)
        loss_words = theme.words(self.t("true_loss", name=self.t(f"class_{true_class + 1}")), theme.LABEL_SIZE)
        self.class_step_readout = Integer(0, color=theme.HIGHLIGHT, font_size=theme.FORMULA_SIZE * 0.8)
        step_row = self.step_counter(self.class_step_readout, CLASS_STEPS)
        panel = theme.stacked(legend, step_row, loss_words, loss_row, buff=0.35)
        panel.next_to(axes, RIGHT, buff=0.9).align_to(axes, UP)
        show_value(self.class_step_readout, self.shown_class_step)
        self.follow_counter(step_row)
        show_value(self.class_loss_readout, lambda: run.loss[self.shown_class_step()])
        self.class_loss_readout.add_updater(self.keep_right_of(loss_row[0]))
        theme.backdrop(names, panel)            # under the axes and right of them: clear of the bars

        self.play(Create(axes), FadeIn(names), run_time=1.2)
        self.play(FadeIn(self.prob_bars, self.prob_numbers), Create(self.target_bars), FadeIn(panel), run_time=1.4)
        self.wait(0.6)
        for step in range(1, CLASS_STEPS + 1):
            self.play(self.class_tracker.animate.set_value(step),
                      run_time=CLASS_TIME / CLASS_STEPS, rate_func=linear)
        self.wait(1.5)
        for mobject in (*self.prob_bars, *self.prob_numbers, *panel.get_family()):
            mobject.clear_updaters()
        self.play(*(FadeOut(m) for m in (axes, names, self.prob_bars, self.target_bars,
                                         self.prob_numbers, panel)), run_time=0.8)

    def trace_the_gradient_back_to_log(self):
        self.beat("gradient")
        self.swap_heading("gradient_heading")
        slope = theme.formula(r"\frac{d}{dy}\big({-\log y}\big) = -\frac{1}{y}")
        chain = theme.formula(r"y = \sigma(z)\ \Rightarrow\ \frac{\partial}{\partial z}\big({-\log y}\big) = y - 1")
        general = theme.formula(
            r"\frac{\partial}{\partial z}\Big[{-t\log y} - (1-t)\log(1-y)\Big] = y - t", color=theme.SLOPE,
        )
        VGroup(slope, chain, general).arrange(DOWN, buff=0.55).next_to(self.heading, DOWN, buff=0.7)
        slope[0].set_color(theme.LOG)
        words = theme.caption(self.t("every_step"))
        self.play(Write(slope), run_time=1.4)
        self.play(Write(chain), run_time=1.6)
        self.play(Write(general), FadeIn(words), run_time=1.4)
        self.wait(2.0)

    # --- pieces ------------------------------------------------------------------------------
    def swap_heading(self, key: str, **values) -> None:
        new = theme.title(self.t(key, **values))
        # One after the other: morphing one sentence's glyphs into another's scrambles them, and a
        # cross-fade shows the two headings on top of each other.
        self.play(AnimationGroup(FadeOut(self.heading, shift=0.2 * UP), FadeIn(new, shift=0.2 * UP), lag_ratio=1),
                  run_time=0.8)
        self.heading = new

    def readout(self, tex: str, number: DecimalNumber) -> VGroup:
        """A formula label and its live number, side by side."""
        label = theme.formula(tex, size=theme.FORMULA_SIZE * 0.8)
        number.font_size = theme.FORMULA_SIZE * 0.8
        return VGroup(label, number).arrange(RIGHT, buff=0.2)

    def step_counter(self, number: Integer, total: int) -> VGroup:
        """"step n / total": the word, the live number and the fixed total."""
        return VGroup(theme.words(self.t("step"), theme.LABEL_SIZE), number,
                      theme.formula(rf"/\,{total}", size=theme.FORMULA_SIZE * 0.8)).arrange(RIGHT, buff=0.15)

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
        return theme.curve_through(self.data_axes, xs, maths.sigmoid(w * xs + b), theme.LOG, stroke_width=5)

    @staticmethod
    def class_marker(t: float):
        """A filled dot for class 1, a ring for class 0: shape tells them apart, not colour alone."""
        if t == 1:
            return Dot(radius=0.085, color=theme.EXP)
        return Circle(radius=0.075, color=theme.ACCENT, stroke_width=4)

    def bar_corners(self, k: int, side: int, height: float):
        """Corners of class k's bar: side −1 is the prediction (left half), +1 the target."""
        inner, outer = k + 0.5 + side * 0.03, k + 0.5 + side * (0.03 + BAR_WIDTH)
        left, right = sorted((inner, outer))
        corners = [(left, 0), (right, 0), (right, height), (left, height), (left, 0)]
        return [self.bar_axes.c2p(x, y) for x, y in corners]

    def bar(self, k: int, side: int, height: float) -> Polygon:
        return Polygon(*self.bar_corners(k, side, height)[:-1])
