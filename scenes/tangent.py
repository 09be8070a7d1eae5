"""The slope of log_a x is 1/(x ln a): a secant shrinks into the tangent, which then slides along."""

import math

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UL, UP, UR, Create, DecimalNumber, Dot, FadeIn, FadeOut, Indicate, Line,
    ReplacementTransform, SurroundingRectangle, ValueTracker, VGroup, Write, config, smooth,
)

from loglesson import maths, theme
from loglesson.live import redraw_on_change, show_value, update_on_change
from loglesson.manim_internals import mark_still
from loglesson.scene import LessonScene
from loglesson.ticks import enclosing_range

# The secant's step h shrinks on a log scale through these values: each stop is a pause
# where the viewer can read the readout before the next tenfold shrink.
H_STOPS = (2.0, 0.5, 0.05, 0.001)
X_LOW = 0.5                 # leftmost point of the slide: the steepest slope the viewer sees
TANGENT_LENGTH = 3.2        # screen length of the tangent segment (before clipping to the axes)
READOUT_SIZE = 34           # readout formulas and live numbers
STEP_SIZE = 38              # formulas of the derivation
CURVE_SAMPLES = 120
SLOPE_SAMPLES = 60
MOST_TICKS = 7               # on each axis


def clip_to_box(p: np.ndarray, q: np.ndarray, low: np.ndarray, high: np.ndarray):
    """The part of segment pq inside the box [low, high] (Liang–Barsky), or None."""
    t0, t1 = 0.0, 1.0
    d = q - p
    for axis in range(2):
        for edge, sign in ((low[axis], -1.0), (high[axis], 1.0)):
            denom = sign * d[axis]
            room = sign * (edge - p[axis])
            if denom == 0:
                if room < 0:
                    return None
                continue
            t = room / denom
            if denom > 0:
                t1 = min(t1, t)
            else:
                t0 = max(t0, t)
    if t0 > t1:
        return None
    return p + t0 * d, p + t1 * d


def show_base(a: float) -> str:
    """The base as the viewer typed it: `e` for Euler's number, `2` for 2.0."""
    return "e" if a == math.e else f"{a:g}"


class LogTangent(LessonScene):
    """A secant through x0 and x0 + h becomes the tangent of log_a x, whose slope is 1/(x ln a)."""

    scene_name = "tangent"

    def construct(self):
        self.set_up_stage()
        self.show_secant_becoming_tangent()
        self.derive_the_slope_formula()
        self.slide_the_tangent_along_the_curve()
        self.natural_base_gives_one_over_x()
        self.base_rescales_the_slope()

    # --- the state every beat reads: trackers and what they mean ------------------------
    def a(self) -> float:
        return self.base_tracker.get_value()

    def x(self) -> float:
        return self.x_tracker.get_value()

    def h(self) -> float:
        return maths.power(10, self.log_h_tracker.get_value())

    def secant_slope(self) -> float:
        a = self.a()
        return maths.secant_slope(lambda t: maths.log_base(t, a), self.x0, self.h())

    def tangent_slope(self) -> float:
        return maths.tangent_line(self.x(), self.a())[0]

    def base_tour(self) -> list[float]:
        """The bases visited after the start: e, then 10, then back to the chosen base."""
        return [math.e, 10.0, self.params["base"]]

    # --- stage --------------------------------------------------------------------------
    def set_up_stage(self):
        self.x0 = float(self.params["x0"])
        self.base_tracker = ValueTracker(self.params["base"])
        self.x_tracker = ValueTracker(self.x0)
        self.log_h_tracker = ValueTracker(maths.log_base(H_STOPS[0], 10))
        self.shown_secant_slopes: list[tuple[float, float]] = []
        self.swept = [self.x0, self.x0]          # the x interval the point has visited

        self.title = theme.title(self.t("title"))
        self.x_max = max(6, math.ceil(self.x0 + H_STOPS[0]))
        self.x_high = self.x_max - 0.5
        bases = np.array([*self.base_tour(), self.params["base"]])
        smallest = bases.min()                     # the steepest curve and slope of the clip
        y_values = maths.log_base(np.array([X_LOW, self.x_max]), smallest)
        self.y_range = enclosing_range(min(-2.0, y_values[0]), max(2.0, y_values[1]), MOST_TICKS)
        self.axes = theme.lesson_axes(
            x_range=(0, self.x_max, 1), y_range=self.y_range, x_length=6.0, y_length=6.0,
        )
        # log_a 1 = 0 for every base, so every curve crosses the axis right where "1" would sit.
        one = [n for n in self.axes.x_axis.numbers if n.get_value() == 1]
        self.axes.x_axis.numbers.remove(*one)
        self.axes.next_to(self.title, DOWN, buff=0.3).to_edge(LEFT, buff=theme.EDGE + 0.2)
        x_label = theme.formula("x", size=theme.LABEL_SIZE, color=theme.MUTED)
        x_label.next_to(self.axes.x_axis.get_end(), UR, buff=0.08)
        self.axes_labels = VGroup(x_label)

        self.log_curve = redraw_on_change(self.plot_log(), lambda: self.a(), self.plot_log)
        self.curve_label = theme.formula(r"y = \log_a x", size=theme.FORMULA_SIZE - 8, color=theme.LOG)
        self.curve_label.move_to(self.axes.c2p(0, self.y_range[1]), UL).shift(0.35 * RIGHT)

        self.point = Dot(radius=0.08, color=theme.HIGHLIGHT).set_z_index(3)
        self.point.add_updater(lambda m: m.move_to(self.axes.c2p(self.x(), maths.log_base(self.x(), self.a()))))
        self.tangent = redraw_on_change(self.tangent_segment(), lambda: (self.x(), self.a()), self.tangent_segment)

    def plot_log(self):
        """y = log_a x for the current base, drawn as (a^y, y) so it is dense where it is steep."""
        a = self.a()
        y_low, y_high = self.y_range[:2]
        top = min(y_high, maths.log_base(self.x_max, a))
        ys = maths.samples(y_low, top, (top - y_low) / CURVE_SAMPLES)
        return theme.curve_through(self.axes, maths.power(a, ys), ys, theme.LOG, stroke_width=5)

    def line_through(self, start, end, slope: float, color: str) -> Line:
        """The line of `slope` from `start` to `end` (axis coordinates), stretched by half the
        tangent length on both sides and clipped to the axes' rectangle."""
        x_unit = (self.axes.c2p(1, 0) - self.axes.c2p(0, 0))[0]
        y_unit = (self.axes.c2p(0, 1) - self.axes.c2p(0, 0))[1]
        direction = np.array([1.0, slope]) / math.hypot(x_unit, y_unit * slope)
        reach = TANGENT_LENGTH / 2 * direction
        low = np.array([self.axes.x_range[0], self.y_range[0]], dtype=float)
        high = np.array([self.axes.x_range[1], self.y_range[1]], dtype=float)
        clipped = clip_to_box(np.asarray(start, float) - reach, np.asarray(end, float) + reach, low, high)
        if clipped is None:
            raise ValueError(f"the line through {tuple(start)} lies outside the axes {low}..{high}")
        p, q = clipped
        return Line(self.axes.c2p(*p), self.axes.c2p(*q), color=color, stroke_width=4).set_z_index(2)

    def tangent_segment(self) -> Line:
        x, a = self.x(), self.a()
        point = (x, maths.log_base(x, a))
        return self.line_through(point, point, self.tangent_slope(), theme.TANGENT)

    def secant_segment(self) -> Line:
        a, h = self.a(), self.h()
        start = (self.x0, maths.log_base(self.x0, a))
        end = (self.x0 + h, maths.log_base(self.x0 + h, a))
        return self.line_through(start, end, self.secant_slope(), theme.TANGENT)

    def readout(self, lhs, value, places: int = 4, color: str = theme.INK):
        """`lhs` followed by a live number that `value()` sets every frame."""
        number = show_value(DecimalNumber(value(), num_decimal_places=places, font_size=READOUT_SIZE, color=color),
                            value)
        return VGroup(lhs, number).arrange(RIGHT, buff=0.15), number

    def right_of_axes(self, group, top=None):
        """Place `group` in the column right of the axes, shrunk if it is wider than the column."""
        left = self.axes.get_right()[0] + 0.7
        width = config.frame_width / 2 - theme.EDGE - left
        if group.width > width:
            group.scale_to_fit_width(width)
        group.move_to(np.array([left, (top if top is not None else self.axes.get_top()[1]), 0]), UL)
        return group

    # --- beats --------------------------------------------------------------------------
    def show_secant_becoming_tangent(self):
        self.beat("secant")
        self.play(FadeIn(self.title), Create(self.axes), FadeIn(self.axes_labels), run_time=1.5)
        self.play(Create(self.log_curve), FadeIn(self.curve_label), run_time=1.5)
        self.play(FadeIn(self.point, scale=2), run_time=0.6)

        self.secant = redraw_on_change(self.secant_segment(), lambda: (self.a(), self.h()), self.secant_segment)
        self.far_point = Dot(radius=0.065, color=theme.TANGENT).set_z_index(3)
        self.far_point.add_updater(lambda m: m.move_to(
            self.axes.c2p(self.x0 + self.h(), maths.log_base(self.x0 + self.h(), self.a()))))
        h_label = theme.formula("h", size=theme.LABEL_SIZE, color=theme.MUTED)
        self.run_and_rise = update_on_change(VGroup(Line(), Line(), h_label), lambda: (self.a(), self.h()),
                                             self.update_run_and_rise)

        def recorded_secant_slope():
            slope = self.secant_slope()
            self.shown_secant_slopes.append((self.h(), slope))
            return slope

        given = theme.formula(rf"a = {show_base(self.params['base'])},\quad x_0 = {self.x0:g}",
                              size=READOUT_SIZE, color=theme.MUTED)
        h_row, self.h_readout = self.readout(theme.formula("h =", size=READOUT_SIZE), self.h, places=3)
        secant_name = theme.words(self.t("secant_slope"), theme.LABEL_SIZE, theme.TANGENT)
        secant_row, self.secant_readout = self.readout(
            theme.formula(r"\frac{\log_a(x_0+h) - \log_a x_0}{h} =", size=READOUT_SIZE, color=theme.TANGENT),
            recorded_secant_slope, color=theme.TANGENT,
        )
        target_name = theme.words(self.t("tangent_slope"), theme.LABEL_SIZE, theme.ACCENT)
        target_row, self.target_readout = self.readout(
            theme.formula(r"\frac{1}{x_0 \ln a} =", size=READOUT_SIZE, color=theme.ACCENT),
            lambda: maths.log_derivative(self.x0, self.a()), color=theme.ACCENT,
        )
        self.secant_panel = theme.stacked(
            given, h_row, secant_name, secant_row, target_name, target_row, buff=0.3,
        )
        for label in (secant_name, target_name):
            label.shift(0.12 * DOWN)            # a label belongs to the row below it
        self.right_of_axes(self.secant_panel, top=self.axes.get_top()[1] - 0.2)
        theme.backdrop(self.secant_panel)       # the column right of the axes: nothing overlaps it

        self.play(
            Create(self.secant), FadeIn(self.far_point), FadeIn(self.run_and_rise),
            FadeIn(self.secant_panel), run_time=1.5,
        )
        self.wait(1.0)
        for h in H_STOPS[1:]:
            self.play(self.log_h_tracker.animate.set_value(maths.log_base(h, 10)), run_time=1.6, rate_func=smooth)
            self.wait(0.6)
        # At h = 0.001 the secant is the tangent to the eye: hand over to the exact tangent.
        self.play(
            FadeOut(self.secant), FadeOut(self.far_point), FadeOut(self.run_and_rise),
            FadeIn(self.tangent), run_time=0.8,
        )
        self.play(Indicate(self.secant_readout, color=theme.HIGHLIGHT),
                  Indicate(self.target_readout, color=theme.HIGHLIGHT), run_time=1.2)
        self.wait(1.0)

    def update_run_and_rise(self, legs: VGroup):
        """The step h along x and the rise it gives: the two legs of the secant's triangle."""
        a, h = self.a(), self.h()
        y0, y1 = maths.log_base(self.x0, a), maths.log_base(self.x0 + h, a)
        corner = self.axes.c2p(self.x0 + h, y0)
        legs[0].become(Line(self.axes.c2p(self.x0, y0), corner, color=theme.MUTED, stroke_width=2))
        legs[1].become(Line(corner, self.axes.c2p(self.x0 + h, y1), color=theme.MUTED, stroke_width=2))
        # The "h" under the run fades out once the run is too short to hold it.
        legs[2].next_to(legs[0], DOWN, buff=0.1)
        legs[2].set_opacity(float(np.clip((legs[0].get_length() - 0.3) / 0.3, 0, 1)))

    def derive_the_slope_formula(self):
        self.beat("derive")
        self.play(FadeOut(self.secant_panel), run_time=0.8)
        rows = [
            ("step_meaning", theme.formula(r"y = \log_a x", r"\iff", r"a^y = x", size=STEP_SIZE)),
            ("step_nudge", theme.formula(r"a^y \ln a \; dy = dx", size=STEP_SIZE)),
            ("step_divide", theme.formula(r"\frac{dy}{dx}", "=", r"\frac{1}{a^y \ln a}", "=",
                                          r"\frac{1}{x \ln a}", size=STEP_SIZE)),
            ("step_via_ln", theme.formula(r"\log_a x = \frac{\ln x}{\ln a}", r"\;\Rightarrow\;",
                                          r"\frac{1}{\ln a}\cdot\frac{1}{x}", size=STEP_SIZE)),
        ]
        steps = []
        for key, formula in rows:
            label = theme.words(self.t(key), theme.SMALL_SIZE, theme.MUTED)
            steps.append(VGroup(label, formula).arrange(DOWN, aligned_edge=LEFT, buff=0.12))
        self.derivation = theme.stacked(*steps, buff=0.32)
        self.right_of_axes(self.derivation)
        theme.backdrop(self.derivation)
        self.result = rows[2][1][4]
        self.result.set_color(theme.SLOPE)
        rows[3][1][2].set_color(theme.SLOPE)
        for step in steps:
            self.play(FadeIn(step[0], shift=0.2 * DOWN), Write(step[1]), run_time=1.5)
            self.wait(0.7)
        self.box = SurroundingRectangle(self.result, color=theme.HIGHLIGHT, buff=0.08)
        self.play(Create(self.box), run_time=0.8)
        self.wait(0.8)

    def slide_the_tangent_along_the_curve(self):
        self.beat("slide")
        self.header = theme.formula(r"\frac{d}{dx}\log_a x", "=", r"\frac{1}{x \ln a}", size=READOUT_SIZE + 4)
        self.header[2].set_color(theme.SLOPE)
        a_row, self.base_readout = self.readout(theme.formula("a =", size=READOUT_SIZE), self.a, places=3)
        x_row, self.x_readout = self.readout(theme.formula("x =", size=READOUT_SIZE), self.x, places=3)
        given = VGroup(a_row, x_row).arrange(RIGHT, buff=0.6)
        slope_row, self.slope_readout = self.readout(
            VGroup(theme.words(self.t("tangent_slope"), theme.LABEL_SIZE, theme.TANGENT),
                   theme.formula("=", size=READOUT_SIZE)).arrange(RIGHT, buff=0.15),
            self.tangent_slope, places=3, color=theme.TANGENT,
        )
        formula_row, self.formula_readout = self.readout(
            theme.formula(r"1/(x \ln a)", "=", size=READOUT_SIZE, color=theme.SLOPE),
            lambda: maths.log_derivative(self.x(), self.a()), places=3, color=theme.SLOPE,
        )
        # The two values sit one under the other with their "=" signs aligned: they agree.
        values = VGroup(slope_row, formula_row).arrange(DOWN, buff=0.22)
        formula_row.shift((slope_row[0][1].get_x() - formula_row[0][1].get_x()) * RIGHT)
        self.slope_panel = theme.stacked(self.header, given, values, buff=0.28)
        self.right_of_axes(self.slope_panel)
        theme.backdrop(self.slope_panel)

        self.slope_axes = self.make_slope_axes()
        self.slope_graph = redraw_on_change(self.plot_slope(), lambda: (self.x(), self.a()), self.plot_slope)
        self.traced_point = Dot(radius=0.07, color=theme.SLOPE).set_z_index(3)
        self.traced_point.add_updater(lambda m: m.move_to(
            self.slope_axes.c2p(self.x(), maths.log_derivative(self.x(), self.a()))))
        self.slope_label = theme.formula(r"y = \frac{1}{x \ln a}", size=READOUT_SIZE, color=theme.SLOPE)
        self.slope_label.move_to(self.slope_axes.c2p(self.x_max, self.slope_y_range[1]), UR)

        divided = self.derivation[2][1]
        self.play(
            FadeOut(self.derivation[:2]), FadeOut(self.derivation[2][0]), FadeOut(self.derivation[3]),
            FadeOut(self.box), FadeOut(divided[2:4]), run_time=0.6,
        )
        # The result 1/(x ln a) travels up whole; dy/dx is renamed d/dx log_a x on the way.
        self.play(FadeOut(divided[0]), FadeIn(self.header[0]),
                  *(ReplacementTransform(divided[i], self.header[j]) for i, j in ((1, 1), (4, 2))),
                  run_time=0.8)
        self.remove(*self.header)
        self.add(self.header)
        self.play(FadeIn(given), FadeIn(values), Create(self.slope_axes), run_time=1.2)
        self.play(FadeIn(self.traced_point, scale=2), FadeIn(self.slope_label), run_time=0.6)
        self.add(self.slope_graph)
        for target, seconds in ((X_LOW, 1.5), (self.x_high, 3.0), (self.x0, 1.5)):
            if target != self.x():
                self.play(self.x_tracker.animate.set_value(target), run_time=seconds, rate_func=smooth)
            self.wait(0.5)

    def make_slope_axes(self):
        """Small axes for the slope function, tall enough for its value at X_LOW on the steepest base."""
        bases = np.array([*self.base_tour(), self.params["base"]])
        steepest = maths.log_derivative(X_LOW, bases.min())
        self.slope_y_range = enclosing_range(0, steepest, MOST_TICKS)
        top = self.slope_panel.get_bottom()[1] - 0.35
        bottom = self.axes.get_bottom()[1]
        axes = theme.lesson_axes(
            x_range=(0, self.x_max, 1), y_range=self.slope_y_range, x_length=5.2,
            y_length=top - bottom - 0.45,
        )
        axes.move_to(np.array([self.slope_panel.get_left()[0] + 0.35, bottom, 0]), DOWN + LEFT)
        return axes

    def plot_slope(self):
        """1/(x ln a) over the x interval the point has swept, from where it fits under the axes' top."""
        a = self.a()
        self.swept = [min(self.swept[0], self.x()), max(self.swept[1], self.x())]
        # 1/(x ln a) = top at x = 1/(top ln a), which is the same formula read the other way.
        fits_from = maths.log_derivative(self.slope_y_range[1], a)
        start = max(self.swept[0], fits_from)
        end = max(self.swept[1], start + 1e-3)
        xs = maths.samples(start, end, (end - start) / SLOPE_SAMPLES)
        return theme.curve_through(self.slope_axes, xs, maths.log_derivative(xs, a), theme.SLOPE)

    def natural_base_gives_one_over_x(self):
        self.beat("natural")
        natural = theme.formula(r"\ln e = 1", r"\;\Rightarrow\;", r"\frac{d}{dx}\ln x", "=", r"\frac{1}{x}",
                                size=READOUT_SIZE + 4)
        natural[4].set_color(theme.SLOPE)
        natural.move_to(self.header, LEFT)
        # Faint copies of the chosen base's curves stay behind, to compare the new slopes with.
        self.ghosts = VGroup(self.log_curve.copy(), self.slope_graph.copy())
        mark_still(self.ghosts.clear_updaters().set_stroke(opacity=0.3), depth=1)   # beneath the axes
        self.add(self.ghosts)
        self.move_base_to(self.base_tour()[0], run_time=2.0)
        self.swap_header(natural)
        self.play(Indicate(natural[4], color=theme.HIGHLIGHT), Indicate(self.formula_readout, color=theme.HIGHLIGHT),
                  run_time=1.2)
        self.wait(1.2)

    def base_rescales_the_slope(self):
        self.beat("rescale")
        general = theme.formula(r"\frac{d}{dx}\log_a x", "=", r"\frac{1}{\ln a}", r"\cdot", r"\frac{1}{x}",
                                size=READOUT_SIZE + 4)
        general[2].set_color(theme.HIGHLIGHT)
        general[4].set_color(theme.SLOPE)
        general.move_to(self.header, LEFT)
        self.swap_header(general)
        for base in self.base_tour()[1:]:
            self.move_base_to(base, run_time=2.0)
            self.wait(0.8)

    def swap_header(self, formula):
        """Cross-fade the panel's headline formula to `formula` (a morph of glyphs reads badly)."""
        theme.backdrop(formula)
        self.play(FadeOut(self.header, shift=0.25 * UP), FadeIn(formula, shift=0.25 * UP), run_time=1.0)
        self.header = formula

    def move_base_to(self, base: float, run_time: float):
        """Animate the base to `base` (nothing to play when it is already there)."""
        if base != self.a():
            self.play(self.base_tracker.animate.set_value(base), run_time=run_time, rate_func=smooth)
