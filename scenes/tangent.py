"""The slope of log_a x: measured with a shrinking secant, derived (from base e's slope of 1 at x = 1, mirrored, and e^y's secants) as 1/(x ln a), checked along the curve."""

import math

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UL, UP, UR, Brace, Create, DashedVMobject, DecimalNumber, Dot, FadeIn, FadeOut,
    Indicate, Line, ManimColor, MathTex, ReplacementTransform, SurroundingRectangle, ValueTracker, VGroup, Write,
    config, interpolate_color, smooth,
)

from loglesson import maths, theme
from loglesson.live import redraw_on_change, show_value, update_on_change
from loglesson.manim_internals import mark_still
from loglesson.mirror import MirroredSlope, ParallelToTheMirror
from loglesson.scene import LessonScene
from loglesson.ticks import enclosing_range

# The secant's step h shrinks on a log scale through these values: each stop is a pause
# where the viewer can read the readout before the next tenfold shrink.
H_STOPS = (2.0, 0.5, 0.05, 0.001)
SECANT_PLACES = 4                    # the secant's slope as shown, and as said once h is smallest
# The step of the tiny secant that measures the slope on the curve, independently of the formula:
# its error, about h / (2x) of the slope, stays below the three decimals shown.
MEASURE_H = 1e-5
X_LOW = 0.5                 # leftmost point of the slide: the steepest slope the viewer sees
TANGENT_LENGTH = 3.2        # screen length of the tangent segment (before clipping to the axes)
READOUT_SIZE = 34           # readout formulas
QUOTIENT_SIZE = 40          # the measured slope's fraction: its subscripts are TeX's smallest type
NUMBER_SIZE = 38            # live numbers: a DecimalNumber's digits are smaller than TeX's at one size
STEP_SIZE = 42              # formulas of the derivation (full width)
NOTE_MATH = 1.5             # maths in a line of words, to the words' size: TeX's thin strokes and powers read smaller
ROW_GAP = 0.1               # between the derivation's rows
SECOND_HALF_GAP = 0.16      # added between the rows of its second half, which has five
FORMULA_SIZE = 44           # e and ln, where they are introduced
CURVE_SAMPLES = 120
SLOPE_SAMPLES = 60
MOST_TICKS = 7               # on each axis
ONE_GAP = 0.12              # between the tick at x = 1 and its number's left edge, past the point's dot
# A tangent, its secants and their slopes share one colour, far from the log curve's orange.
TANGENT_COLOR = theme.SLOPE
TANGENT_INK = theme.SLOPE_INK    # its words and numbers
# The formula 1/(x ln a), its value and its graph are slopes too: the slope colour, lightened, and
# the graph dashed, so that the traced graph and the solid tangent are told apart where they cross
# (pink is the base's colour in the other clips).
FORMULA_COLOR = interpolate_color(ManimColor(theme.SLOPE), ManimColor(theme.INK), 0.6)
SLOPE_DASHES = 40           # dashes of the slope graph across the whole x range
# The axes reach this much above the slope graph's highest point, so that the graph passes
# under the name of the curve in the top left corner.
SLOPE_HEADROOM = 1.25


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
    """The slope of log_a x, measured with a shrinking secant, then derived: 1/(x ln a)."""

    scene_name = "tangent"

    def construct(self):
        self.set_up_stage()
        self.measure_with_a_shrinking_secant()
        self.meet_the_natural_base()
        self.derive_the_slope_formula()
        self.check_the_formula_on_the_curve()
        self.natural_base_gives_one_over_x()
        self.base_rescales_the_slope()

    # --- the state every beat reads: trackers and what they mean ------------------------
    def a(self) -> float:
        return self.base_tracker.get_value()

    def x(self) -> float:
        return self.x_tracker.get_value()

    def h(self) -> float:
        return maths.power(10, self.log_h_tracker.get_value())

    def height(self, x):
        """Where the drawn curve is at x: log_a x for the current base."""
        return maths.log_base(x, self.a())

    def secant_slope(self) -> float:
        return maths.secant_slope(self.height, self.x0, self.h())

    def measured_points(self) -> tuple[np.ndarray, np.ndarray]:
        """Two points of the curve, MEASURE_H apart: the tiny secant the slope is measured with."""
        xs = np.array([self.x(), self.x() + MEASURE_H])
        return xs, self.height(xs)

    def measured_slope(self) -> float:
        """The slope read off the curve, rise over run of the tiny secant: a measurement, not the formula."""
        xs, ys = self.measured_points()
        return float((ys[1] - ys[0]) / (xs[1] - xs[0]))

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
        self.shrunk: list[tuple[float, float]] = []    # (width, room) of every panel shrunk to fit
        # "Its slope settles near m": the secant's slope at the last h, as its readout shows it then.
        settled = maths.secant_slope(lambda t: maths.log_base(t, self.params["base"]), self.x0, H_STOPS[-1])
        self.spoken = {"x0": f"{self.x0:g}", "m": f"{float(settled):.{SECANT_PLACES}f}", "b": show_base(self.params["base"])}

        self.title = theme.title(self.t("title"))
        self.x_max = max(6, math.ceil(self.x0 + H_STOPS[0]))
        self.x_high = self.x_max - 0.5
        bases = np.array([*self.base_tour(), self.params["base"]])
        smallest = bases.min()                     # the steepest curve and slope of the clip
        y_values = maths.log_base(np.array([X_LOW, self.x_max]), smallest)
        # The slope graph shares these axes: room for its highest value (at X_LOW on the steepest
        # base) below the curve's name in the top left corner.
        steepest = maths.log_derivative(X_LOW, smallest)
        self.y_range = enclosing_range(min(-2.0, y_values[0]), max(2.0, y_values[1], SLOPE_HEADROOM * steepest),
                                       MOST_TICKS)
        # From under the title down to just above the captions' band (the lowest tick's number
        # is centred on the axis' end, so half of it hangs below).
        top = self.title.get_bottom()[1] - 0.3
        bottom = theme.SUBTITLE_TOP + 0.25
        self.axes = theme.lesson_axes(
            x_range=(0, self.x_max, 1), y_range=self.y_range, x_length=6.0, y_length=top - bottom,
        )
        # log_a 1 = 0 for every base, so every curve crosses the axis right where "1" would sit
        # (and the point rests there in the beat on e): "1" sits just right of its tick, under
        # the axis, where no curve passes (right of 1 every curve and the slope graph are above).
        self.one = next(n for n in self.axes.x_axis.numbers if n.get_value() == 1)
        self.one.shift((self.one.width / 2 + ONE_GAP) * RIGHT)
        self.axes.to_edge(LEFT, buff=theme.EDGE + 0.2)
        self.axes.shift((bottom - self.axes.c2p(0, self.y_range[0])[1]) * UP)
        x_label = theme.formula("x", size=theme.SMALL_SIZE, color=theme.MUTED)
        x_label.next_to(self.axes.x_axis.get_end(), UR, buff=0.08)
        self.axes_labels = VGroup(x_label)

        self.log_curve = redraw_on_change(self.plot_log(), lambda: self.a(), self.plot_log)
        self.curve_label = theme.formula(r"y = \log_a x", size=READOUT_SIZE, color=theme.LOG)
        self.curve_label.move_to(self.axes.c2p(0, self.y_range[1]), UL).shift(0.35 * RIGHT)

        self.point = Dot(radius=0.08, color=theme.HIGHLIGHT).set_z_index(3)
        self.point.add_updater(lambda m: m.move_to(self.axes.c2p(self.x(), self.height(self.x()))))
        self.tangent = redraw_on_change(self.tangent_segment(), lambda: (self.x(), self.a()), self.tangent_segment)
        self.graph = VGroup(self.axes, self.axes_labels, self.log_curve, self.curve_label, self.tangent, self.point)

    def plot_log(self):
        """y = log_a x for the current base, drawn as (a^y, y) so it is dense where it is steep."""
        a = self.a()
        y_low, y_high = self.y_range[:2]
        top = min(y_high, maths.log_base(self.x_max, a))
        ys = maths.samples(y_low, top, (top - y_low) / CURVE_SAMPLES)
        return theme.curve_through(self.axes, maths.power(a, ys), ys, theme.LOG, stroke_width=5)

    def line_through(self, start, end, slope: float) -> Line:
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
        return Line(self.axes.c2p(*p), self.axes.c2p(*q), color=TANGENT_COLOR, stroke_width=4).set_z_index(2)

    def tangent_segment(self) -> Line:
        x = self.x()
        point = (x, self.height(x))
        return self.line_through(point, point, self.tangent_slope())

    def secant_segment(self) -> Line:
        h = self.h()
        start = (self.x0, self.height(self.x0))
        end = (self.x0 + h, self.height(self.x0 + h))
        return self.line_through(start, end, self.secant_slope())

    def readout(self, lhs, value, places: int = 4, color: str = theme.INK):
        """`lhs` followed by a live number that `value()` sets every frame."""
        number = show_value(DecimalNumber(value(), num_decimal_places=places, font_size=NUMBER_SIZE, color=color),
                            value)
        return VGroup(lhs, number).arrange(RIGHT, buff=0.15), number

    def right_of_axes(self, group, top=None):
        """Place `group` in the column right of the axes, shrunk if it is wider than the column."""
        left = self.axes.get_right()[0] + 0.7
        width = config.frame_width / 2 - theme.EDGE - left
        if group.width > width:
            self.shrunk.append((group.width, width))
            group.scale_to_fit_width(width)
        group.move_to(np.array([left, (top if top is not None else self.axes.get_top()[1]), 0]), UL)
        return group

    def label(self, key: str, color: str = theme.MUTED, size: float = theme.LABEL_SIZE, **values) -> VGroup:
        """A line of words from assets; `$...$` parts are typeset as maths (no tiny Unicode powers),
        sitting on the words' baseline."""
        parts = []
        for i, piece in enumerate(self.t(key, **values).split("$")):
            if piece.strip():
                parts.append(theme.formula(piece, size=size * NOTE_MATH, color=color) if i % 2
                             else theme.words(piece.strip(), size, color))
        line = VGroup(*parts).arrange(RIGHT, buff=0.14)
        words = [part for part in parts if not isinstance(part, MathTex)]
        if words:
            # Most glyphs of a line of words sit on its baseline; a formula's first glyph does.
            baseline = float(np.median([glyph.get_bottom()[1] for glyph in words[0].family_members_with_points()]))
            for part in parts:
                if isinstance(part, MathTex):
                    part.shift((baseline - part.family_members_with_points()[0].get_bottom()[1]) * UP)
        return line

    # --- beats --------------------------------------------------------------------------
    def measure_with_a_shrinking_secant(self):
        self.beat("secant")
        self.play(FadeIn(self.title), Create(self.axes), FadeIn(self.axes_labels), run_time=1.5)
        self.play(Create(self.log_curve), FadeIn(self.curve_label), run_time=1.5)
        self.play(FadeIn(self.point, scale=2), run_time=0.6)

        self.secant = redraw_on_change(self.secant_segment(), lambda: (self.a(), self.h()), self.secant_segment)
        self.far_point = Dot(radius=0.065, color=TANGENT_COLOR).set_z_index(3)
        self.far_point.add_updater(lambda m: m.move_to(
            self.axes.c2p(self.x0 + self.h(), self.height(self.x0 + self.h()))))
        h_label = theme.formula("h", size=READOUT_SIZE, color=theme.MUTED)
        self.run_and_rise = update_on_change(VGroup(Line(), Line(), h_label), lambda: (self.a(), self.h()),
                                             self.update_run_and_rise)

        def recorded_secant_slope():
            slope = self.secant_slope()
            self.shown_secant_slopes.append((self.h(), slope))
            return slope

        given = theme.formula(rf"a = {show_base(self.params['base'])},\quad x_0 = {self.x0:g}",
                              size=READOUT_SIZE, color=theme.MUTED)
        h_row, self.h_readout = self.readout(theme.formula("h =", size=READOUT_SIZE), self.h, places=3)
        self.secant_name = theme.words(self.t("secant_slope"), theme.LABEL_SIZE, TANGENT_INK)
        secant_row, self.secant_readout = self.readout(
            theme.formula(r"\frac{\log_a(x_0+h) - \log_a x_0}{h} =", size=QUOTIENT_SIZE, color=TANGENT_INK),
            recorded_secant_slope, places=SECANT_PLACES, color=TANGENT_INK,
        )
        self.secant_panel = theme.stacked(given, h_row, self.secant_name, secant_row, buff=0.3)
        self.secant_name.shift(0.12 * DOWN)     # a label belongs to the row below it
        self.right_of_axes(self.secant_panel, top=self.axes.get_top()[1] - 0.2)
        theme.backdrop(self.secant_panel)       # the column right of the axes: nothing overlaps it

        self.cue()                              # a secant through x0 and x0 + h
        self.play(
            Create(self.secant), FadeIn(self.far_point), FadeIn(self.run_and_rise),
            FadeIn(self.secant_panel), run_time=1.5,
        )
        # Rise over run: the climb between the two points is the quotient's top, the step h its bottom.
        self.cue()                              # its slope is rise over run
        quotient = secant_row[0][0]
        middle = quotient.get_center()[1]
        top = VGroup(*(glyph for glyph in quotient if glyph.get_center()[1] > middle + 0.05))
        bottom = VGroup(*(glyph for glyph in quotient if glyph.get_center()[1] < middle - 0.05))
        run, rise, h_name = self.run_and_rise
        # Each pair stays lit while the line names it: the rise (en "rise ... climbs",
        # ja 上がった高さ) from a fifth of the line, the run h (en "step h", ja 横の幅 h) from 60 %.
        self.hold_until_part_heard(0.2)
        self.play(*theme.coloured(theme.HIGHLIGHT, rise, top), run_time=0.4)
        self.hold_until_part_heard(0.6)
        self.play(*theme.coloured(theme.MUTED, rise), *theme.coloured(TANGENT_INK, top),
                  *theme.coloured(theme.HIGHLIGHT, run, h_name, bottom), run_time=0.4)
        self.hold_until_heard(after=0.3)
        self.play(*theme.coloured(theme.MUTED, run, h_name), *theme.coloured(TANGENT_INK, bottom), run_time=0.4)
        self.cue()                              # shrink h: the secant turns into the tangent
        for h in H_STOPS[1:]:
            self.play(self.log_h_tracker.animate.set_value(maths.log_base(h, 10)), run_time=1.3, rate_func=smooth)
            self.wait(0.4)
        # At h = 0.001 the secant is the tangent to the eye: hand over to the exact tangent.
        tangent_name = theme.words(self.t("tangent_slope"), theme.LABEL_SIZE, TANGENT_INK)
        tangent_name.move_to(self.secant_name, LEFT)
        theme.backdrop(tangent_name)
        self.cue()                              # its slope settles near m: the slope of the tangent
        self.play(
            FadeOut(self.secant), FadeOut(self.far_point), FadeOut(self.run_and_rise),
            FadeIn(self.tangent), FadeOut(self.secant_name), run_time=0.8,
        )
        self.play(FadeIn(tangent_name), run_time=0.5)
        # The panel now names the tangent: the faded name must not come back when the panel leaves.
        self.secant_panel.remove(self.secant_name)
        self.secant_panel.add(tangent_name)
        self.play(Indicate(self.secant_readout, color=theme.HIGHLIGHT), run_time=1.2)

    def update_run_and_rise(self, legs: VGroup):
        """The step h along x and the rise it gives: the two legs of the secant's triangle."""
        h = self.h()
        y0, y1 = self.height(self.x0), self.height(self.x0 + h)
        corner = self.axes.c2p(self.x0 + h, y0)
        legs[0].become(Line(self.axes.c2p(self.x0, y0), corner, color=theme.MUTED, stroke_width=2))
        legs[1].become(Line(corner, self.axes.c2p(self.x0 + h, y1), color=theme.MUTED, stroke_width=2))
        # The "h" under the run fades out once the run is too short to hold it.
        legs[2].next_to(legs[0], DOWN, buff=0.1)
        legs[2].set_opacity(float(np.clip((legs[0].get_length() - 0.3) / 0.3, 0, 1)))

    def measuring_rows(self) -> VGroup:
        """a and x, and the slope measured on the curve with a tiny secant (live)."""
        a_row, self.base_readout = self.readout(theme.formula("a =", size=READOUT_SIZE), self.a, places=3)
        x_row, self.x_readout = self.readout(theme.formula("x =", size=READOUT_SIZE), self.x, places=3)
        given = VGroup(a_row, x_row).arrange(RIGHT, buff=0.6)
        name = self.label("measured_slope", TANGENT_INK, h=f"{MEASURE_H:.5f}")
        row, self.measured_readout = self.readout(
            theme.formula(r"\frac{\log_a(x+h) - \log_a x}{h}", r"\approx", size=QUOTIENT_SIZE, color=TANGENT_INK),
            self.measured_slope, places=3, color=TANGENT_INK,
        )
        rows = theme.stacked(given, name, row, buff=0.3)
        name.shift(0.12 * DOWN)
        return rows

    def meet_the_natural_base(self):
        self.beat("meet_e")
        measuring = self.right_of_axes(self.measuring_rows(), top=self.axes.get_top()[1] - 0.2)
        theme.backdrop(measuring)
        # First said: measured from here at x, with h = 0.00001, as the readout changes (its name lit).
        self.play(FadeOut(self.secant_panel), run_time=0.6)
        self.play(FadeIn(measuring), run_time=0.8)
        name = measuring[1]
        self.play(*theme.coloured(theme.HIGHLIGHT, name), run_time=0.4)
        self.hold_until_heard()
        self.play(*theme.coloured(TANGENT_INK, name), run_time=0.4)     # as measuring_rows wrote it
        self.cue()                              # which base makes it simplest? the point moves to x = 1
        self.play(self.x_tracker.animate.set_value(1.0), run_time=2.0, rate_func=smooth)
        self.cue()                              # for the base e, the slope at x = 1 is exactly 1
        self.play(self.base_tracker.animate.set_value(math.e), run_time=2.0, rate_func=smooth)
        e_row = self.label("euler", theme.INK, size=theme.BODY_SIZE)
        e_name = theme.words(self.t("natural_base"), theme.LABEL_SIZE, theme.MUTED)
        ln_row = theme.formula(r"\ln x = \log_e x", size=FORMULA_SIZE)
        ln_name = theme.words(self.t("natural_log"), theme.LABEL_SIZE, theme.MUTED)
        self.ln_block = theme.stacked(e_row, e_name, ln_row, ln_name, buff=0.2)
        self.ln_block.next_to(measuring, DOWN, buff=0.5, aligned_edge=LEFT)
        theme.backdrop(self.ln_block)
        # e is written as it is named, the base the slider stopped at, its slope of 1 lit.
        self.play(FadeIn(e_row, shift=0.2 * DOWN), Indicate(self.measured_readout, color=theme.HIGHLIGHT),
                  run_time=1.0)
        self.cue()                              # that is why e is the natural base
        self.play(FadeIn(e_name), run_time=0.8)
        self.cue()                              # log base e is written ln
        self.play(FadeIn(ln_row, shift=0.2 * DOWN), FadeIn(ln_name), run_time=1.0)
        self.measuring = measuring

    def derive_the_slope_formula(self):
        self.beat("derive")
        # The question the derivation answers heads the frame in the title's place, written as it
        # is asked: the five rows under it need the height to be read at their type size.
        self.play(FadeOut(self.graph), FadeOut(self.measuring), FadeOut(self.ln_block), FadeOut(self.title),
                  run_time=0.8)
        self.question = theme.formula(r"\frac{d}{dx}\log_a x", "=", "{?}", size=STEP_SIZE)
        self.question.to_edge(UP, buff=theme.EDGE)
        theme.backdrop(self.question)
        self.play(Write(self.question), run_time=1.2)
        # Back to the chosen base and point, out of sight, for the check that follows.
        self.x_tracker.set_value(self.x0)
        self.base_tracker.set_value(self.params["base"])
        for mob in self.graph.get_family():
            mob.update(0)

        formulas = [
            theme.formula(r"\frac{d}{dy}\, e^y = e^y \cdot 1 = e^y", size=STEP_SIZE),
            theme.formula(r"y = \ln x", r"\iff", r"e^y = x", size=STEP_SIZE),
            theme.formula(r"\frac{d}{dx}\ln x = \frac{1}{e^y} = \frac{1}{x}", size=STEP_SIZE),
            theme.formula(r"x = a^u = (e^{\ln a})^u", size=STEP_SIZE),
            theme.formula(r"x = (e^{\ln a})^u = e^{u \ln a}", size=STEP_SIZE),
            theme.formula(r"\ln x = u \ln a", r"\;\Rightarrow\;", r"\log_a x = \frac{\ln x}{\ln a}", size=STEP_SIZE),
            theme.formula(r"\frac{d}{dx}\log_a x", "=", r"\frac{1}{\ln a} \cdot \frac{1}{x}", "=",
                          r"\frac{1}{x \ln a}", size=STEP_SIZE),
        ]
        labels = [self.label(key, size=theme.BODY_SIZE) for key in
                  ("step_shrink", "step_meaning", "step_mirror", "step_rewrite", "step_power", "step_undo",
                   "step_scale")]
        # Where e^y's slope comes from, before it heads the derivation: ln's slope of 1 at x = 1
        # (the beat before measured it), mirrored, and e^y's secants, each e^y times the one at 0.
        lead_formulas = [
            theme.formula(r"\left.\frac{d}{dx}\ln x\,\right|_{x=1} = 1", size=STEP_SIZE),
            theme.formula(r"\left.\frac{d}{dy}\, e^y\,\right|_{y=0} = 1", size=STEP_SIZE),
            theme.formula(r"\frac{e^{y+h} - e^y}{h} = e^y \cdot", r"\frac{e^h - 1}{h}", size=STEP_SIZE),
        ]
        lead = VGroup(*(VGroup(f, self.label(key, size=theme.BODY_SIZE)) for f, key in
                        zip(lead_formulas, ("step_measured", "step_mirrored", "step_secants"))))
        rows = VGroup(*(VGroup(f, label) for f, label in zip(formulas, labels)))
        column = max(f.width for f in [*formulas, *lead_formulas]) + 0.7
        for row in [*rows, *lead]:
            row[1].next_to(row[0].get_left() + column * RIGHT, RIGHT, buff=0)
            row[1].set_y(row[0].get_y())        # each reason level with its formula
        rows.arrange(DOWN, aligned_edge=LEFT, buff=ROW_GAP)
        lead.arrange(DOWN, aligned_edge=LEFT, buff=3 * ROW_GAP)
        unscaled = rows.width
        rows[1:].shift(0.2 * DOWN)              # a rule between e^y's slope and what follows
        room = config.frame_width - 2 * theme.EDGE
        if rows.width > room:
            self.shrunk.append((rows.width, room))
            rows.scale_to_fit_width(room)
        rows.next_to(self.question, DOWN, buff=0.1).set_x(0)
        # The second half, from 1/x on to the base a, has the frame to itself: 1/x moves up to
        # the first row's place once the rows above it have done their work, and the rows after
        # it follow it up, spaced wider. Its last row is the lowest of the derivation.
        rise = rows[0].get_top()[1] - rows[2].get_top()[1]
        for n, row in enumerate(rows[3:], start=1):
            row.shift((rise - n * SECOND_HALF_GAP) * UP)
        floor = theme.SUBTITLE_TOP + 0.15      # every row stays above the captions' band
        if rows.get_bottom()[1] < floor:
            self.shrunk.append((rows.height, rows.get_top()[1] - floor))
            rows.scale((rows.get_top()[1] - floor) / rows.height, about_edge=UP)
        self.second_half_rise = rows[0].get_top()[1] - rows[2].get_top()[1]
        lead.scale(rows.width / unscaled).move_to(rows, UL)     # as the rows are: the same size and place
        theme.backdrop(lead)
        rule = Line(rows.width / 2 * LEFT, rows.width / 2 * RIGHT, color=theme.MUTED, stroke_width=2)
        rule.move_to(rows, LEFT).set_y((rows[0].get_bottom()[1] + rows[1].get_top()[1]) / 2)
        self.lead, self.rows = lead, rows
        theme.backdrop(rows, rule)
        self.result = formulas[6][4]
        self.result.set_color(FORMULA_COLOR)
        # The mirror that turns e^y's slope over has the frame under the question to itself.
        self.mirror = MirroredSlope(top=self.question.get_bottom()[1] - 0.45, bottom=floor,
                                    slope_word=self.t("slope"))

        # ln's tangent at x = 1 and its mirror image, beside the first row and under its reason.
        side = lead[0].get_bottom()[1] - 0.45 - floor
        self.parallel = ParallelToTheMirror(side, np.array([config.frame_width / 2 - theme.EDGE - 1.45 - side / 2,
                                                            floor + side / 2, 0.0]))

        # Each row is written as its line begins: the voice names it, the row appears.
        self.hold_until_heard(after=0.3)         # what d/dx log_a x means, under it
        self.cue()                               # start from ln's slope of 1 at x = 1: the bar, "at x = 1"
        self.play(Write(lead[0]), run_time=1.2)
        at_one = self.bar_and_its_point(lead_formulas[0])
        self.hold_until_part_heard(0.6)          # "the bar means at x = 1": lit while it is said
        self.play(*theme.coloured(theme.HIGHLIGHT, at_one), run_time=0.4)
        self.hold_until_heard(after=0.2)
        self.play(*theme.coloured(theme.INK, at_one), run_time=0.4)
        self.show_slope_one_parallel_to_the_mirror(lead[1])
        self.cue()                               # a secant of e^y at y is e^y times the one at 0
        self.play(Write(lead[2]), run_time=1.5)
        # (e^h - 1)/h named as it is said: the secant slope at 0, braced under it until the next
        # row takes that place.
        brace = Brace(lead[2][0][1], DOWN, buff=0.06, color=theme.MUTED)
        self.secant_at_zero = VGroup(brace, self.label("secant_at_zero").next_to(brace, DOWN, buff=0.06))
        theme.backdrop(self.secant_at_zero[1])
        self.hold_until_part_heard(0.6)
        self.play(FadeIn(self.secant_at_zero, shift=0.1 * UP), run_time=0.6)
        self.hold_until_heard(after=0.4)
        self.play(FadeOut(self.secant_at_zero), run_time=0.4)
        self.cue()                               # shrink h: the slope of e^y is e^y times 1
        # As h shrinks, (e^h - 1)/h becomes the slope at 0, the 1 of the mirrored row: the result
        # is written under the rows it comes from, then heads the derivation alone.
        derived = rows[0].copy().next_to(lead, DOWN, buff=3 * ROW_GAP, aligned_edge=LEFT)
        # (The row flashes in place: grown, as Indicate grows it, it left the frame.) The secant at
        # 0, (e^h - 1)/h, flashes with it: shrinking h makes it that slope, 1.
        self.play(Write(derived[0]), FadeIn(derived[1]), Indicate(lead[1], color=theme.HIGHLIGHT, scale_factor=1),
                  Indicate(lead[2][0][1], color=theme.HIGHLIGHT, scale_factor=1), run_time=1.5)
        self.hold_until_heard(after=0.8)         # the four rows together while the line is heard
        # The rows it came from leave before it rises through their place.
        self.play(FadeOut(lead), run_time=0.5)
        self.play(ReplacementTransform(derived, rows[0]), run_time=0.8)
        self.play(Create(rule), run_time=0.4)
        self.cue()                               # y = ln x means e^y = x: their graphs are mirror images
        self.play(Write(formulas[1]), FadeIn(labels[1]), run_time=1.2)
        self.wait(1.6)                           # read whole before the picture takes the frame
        written = VGroup(rows[0], rule, rows[1])
        self.play(FadeOut(written), run_time=0.5)
        self.show_the_mirror_turn_the_slope_over()
        # What the mirror showed, written back among the rows as they return.
        self.play(FadeIn(written), Write(formulas[2]), FadeIn(labels[2]), run_time=1.2)
        for i in (3, 4, 5, 6):                   # x = (e^ln a)^u; = e^(u ln a); ln x = u ln a; 1/(x ln a)
            self.cue()
            if i == 3:                           # 1/x heads the second half, once the rows above are gone
                self.play(FadeOut(written), run_time=0.4)
                self.play(rows[2].animate.shift(self.second_half_rise * UP), run_time=0.6)
            self.play(Write(formulas[i]), FadeIn(labels[i]), run_time=1.5)
        self.box = SurroundingRectangle(self.result, color=theme.HIGHLIGHT, buff=0.08)
        self.play(Create(self.box), run_time=0.8)
        self.hold_until_heard(after=0.8)

    @staticmethod
    def bar_and_its_point(formula: MathTex) -> VGroup:
        """In d/dx f |_{x=1} = 1, the evaluation bar and the x = 1 under it: the bar is TeX's stack of
        hair-thin glyphs, the point the glyphs right of it and low in the formula."""
        glyphs = formula.family_members_with_points()
        bar = [g for g in glyphs if g.width < 0.04 * formula.height]
        low = formula.get_y() - 0.3 * formula.height
        under = [g for g in glyphs if g.get_x() > max(b.get_x() for b in bar) and g.get_y() < low]
        return VGroup(*bar, *under)

    def show_slope_one_parallel_to_the_mirror(self, row: VGroup):
        """ln x's tangent at x = 1 has slope 1: parallel to the mirror y = x. Mirrored, ln x is
        e^y and the tangent stays parallel to the mirror: e^y's slope at y = 0 is 1 too, the
        row's formula, written as that is said (its reason once the picture has left)."""
        p = self.parallel
        self.cue()                               # at x = 1, ln x's tangent has slope 1: parallel to y = x
        self.play(FadeIn(p.axes), FadeIn(p.names), Create(p.diagonal), FadeIn(p.diagonal_name), run_time=0.8)
        self.play(Create(p.curve), FadeIn(p.curve_name), run_time=1.0)
        self.play(Create(p.tangent), FadeIn(p.dot), FadeIn(p.point_name), run_time=1.0)
        self.hold_until_heard(after=0.4)
        self.cue()                               # y = ln x means e^y = x: the mirror y = x swaps x and y
        self.play(FadeIn(p.meaning, shift=0.1 * DOWN), run_time=0.6)
        mirror = (p.diagonal, p.diagonal_name)
        self.hold_until_part_heard(0.45)         # "the mirror line y = x": lit from when it is named
        self.play(*theme.coloured(theme.HIGHLIGHT, *mirror), run_time=0.4)
        self.cue()                               # it carries ln x's graph onto e^y's
        self.play(*p.mirroring(), *theme.coloured(theme.MUTED, *mirror), run_time=3.0)
        self.cue()                               # the tangent stays parallel: e^y's slope at y = 0 is 1
        # ln x's faint graph, left to show where the curve came from, leaves: under the traded
        # axes' names it would read as another curve.
        self.play(Indicate(p.tangent, color=theme.HIGHLIGHT, scale_factor=1.0), FadeOut(p.ghost), run_time=1.0)
        self.play(Write(row[0]), run_time=1.2)
        self.hold_until_heard(after=0.3)         # the mirrored picture stays while it is explained
        # The picture leaves for the reason that says what it showed.
        self.play(FadeOut(*p.on_screen()), run_time=0.5)
        self.play(FadeIn(row[1]), run_time=0.6)

    def show_the_mirror_turn_the_slope_over(self):
        """x = e^y with its slope triangle (run 1, rise e^y), mirrored across the diagonal into
        y = ln x: the run becomes the rise, so the slope e^y becomes 1/e^y, and e^y is x."""
        m = self.mirror
        # e^y and the mirror while their being mirror images is said; its slope with the next line.
        self.play(FadeIn(m.axes), FadeIn(m.names), Create(m.curve), FadeIn(m.curve_name), run_time=1.0)
        self.play(Create(m.diagonal), FadeIn(m.diagonal_name), run_time=0.6)
        self.hold_until_part_heard(0.6)          # "...so their graphs are mirror images": its image, faint
        self.play(Create(m.image), run_time=1.0)
        self.hold_until_heard(after=0.3)
        self.cue()                               # the mirror swaps rise and run: the slope turns over
        # e^y's slope, rise e^y over a run of 1, then turned over by the mirror.
        self.play(Create(m.tangent), Create(m.legs), FadeIn(m.leg_names), FadeIn(m.ratio), run_time=1.0)
        self.wait(0.4)
        self.play(*m.mirroring(), run_time=2.0)
        self.hold_until_heard(after=0.3)
        self.cue()                               # the slope of ln x is 1/e^y, and e^y is x: 1/x
        self.play(*m.naming_the_run_x(), run_time=1.2)
        self.hold_until_heard(after=0.6)
        self.play(FadeOut(*m.on_screen()), run_time=0.6)

    def check_the_formula_on_the_curve(self):
        self.beat("slide")
        self.header = theme.formula(r"\frac{d}{dx}\log_a x", "=", r"\frac{1}{x \ln a}", size=READOUT_SIZE + 4)
        self.header[2].set_color(FORMULA_COLOR)
        measuring = self.measuring_rows()
        formula_row, self.formula_readout = self.readout(
            theme.formula(r"\frac{1}{x \ln a}", "=", size=READOUT_SIZE, color=FORMULA_COLOR),
            lambda: maths.log_derivative(self.x(), self.a()), places=3, color=FORMULA_COLOR,
        )
        self.slope_panel = theme.stacked(self.header, measuring, buff=0.35)
        # The measured and the computed value one under the other, their numbers aligned.
        formula_row.next_to(measuring, DOWN, buff=0.3, aligned_edge=LEFT)
        formula_row.shift((self.measured_readout.get_left()[0] - self.formula_readout.get_left()[0]) * RIGHT)
        self.slope_panel.add(formula_row)
        self.right_of_axes(self.slope_panel, top=self.axes.get_top()[1] - 0.1)
        theme.backdrop(self.slope_panel)

        self.slope_graph = redraw_on_change(self.plot_slope(), lambda: (self.x(), self.a()), self.plot_slope)
        self.traced_point = Dot(radius=0.07, color=FORMULA_COLOR).set_z_index(3)
        self.traced_point.add_updater(lambda m: m.move_to(
            self.axes.c2p(self.x(), maths.log_derivative(self.x(), self.a()))))
        self.drop = Line(stroke_width=2, color=theme.MUTED).set_z_index(1)
        self.drop.add_updater(lambda m: m.put_start_and_end_on(self.point.get_center(),
                                                               self.traced_point.get_center() + 1e-6 * UP))
        self.slope_label = theme.formula(r"y = 1/(x \ln a)", size=READOUT_SIZE, color=FORMULA_COLOR)

        last = self.rows[6]                    # d/dx log_a x = 1/ln a · 1/x = 1/(x ln a), its reason
        self.play(FadeOut(*self.rows[2:6]), FadeOut(last[1]), FadeOut(self.box), FadeOut(self.question),
                  FadeOut(last[0][:4]), run_time=0.6)
        # The result 1/(x ln a) travels up whole; dy/dx is renamed d/dx log_a x on its way.
        self.play(FadeIn(self.title), FadeIn(self.header[:2]), ReplacementTransform(self.result, self.header[2]),
                  run_time=0.8)
        self.remove(*self.header)
        self.add(self.header)
        self.play(FadeIn(self.graph), run_time=1.2)
        self.play(FadeIn(measuring), run_time=0.8)
        self.play(FadeIn(formula_row), run_time=0.8)
        self.cue()                               # the measured slope and 1/(x ln a) agree everywhere
        self.play(FadeIn(self.traced_point, scale=2), FadeIn(self.drop), run_time=0.6)
        self.add(self.slope_graph)
        # Slowly enough to read the two numbers on the way, and held at each end to compare them.
        for target, seconds in ((X_LOW, 1.6), (self.x_high, 3.0), (self.x0, 1.6)):
            if target != self.x():
                self.play(self.x_tracker.animate.set_value(target), run_time=seconds, rate_func=smooth)
            self.wait(1.0)
        self.place_slope_label()
        self.cue()                               # the traced curve is the graph of 1/(x ln a)
        self.play(FadeIn(self.slope_label), Indicate(self.slope_graph, color=theme.HIGHLIGHT, scale_factor=1.0),
                  run_time=1.2)
        self.hold_until_heard(after=0.3)

    def place_slope_label(self):
        """The slope graph's name under the log curve's, in the top left corner: at every base of
        the clip the slope graph stays below 1/SLOPE_HEADROOM of the axes' top and the log curves
        are low at the left, so no curve passes through either name."""
        self.slope_label.next_to(self.curve_label, DOWN, buff=0.15, aligned_edge=LEFT)

    def plot_slope(self):
        """1/(x ln a) over the x interval the point has swept, from where it fits under the axes' top."""
        a = self.a()
        self.swept = [min(self.swept[0], self.x()), max(self.swept[1], self.x())]
        # 1/(x ln a) = top at x = 1/(top ln a), which is the same formula read the other way.
        fits_from = maths.log_derivative(self.y_range[1], a)
        start = max(self.swept[0], fits_from)
        end = max(self.swept[1], start + 1e-3)
        xs = maths.samples(start, end, (end - start) / SLOPE_SAMPLES)
        curve = theme.curve_through(self.axes, xs, maths.log_derivative(xs, a), FORMULA_COLOR)
        dashes = max(2, round(SLOPE_DASHES * (end - start) / self.x_max))
        return DashedVMobject(curve, num_dashes=dashes, dashed_ratio=0.6).set_color(FORMULA_COLOR)

    def natural_base_gives_one_over_x(self):
        self.beat("natural")
        natural = theme.formula(r"\ln e = 1", r"\;\Rightarrow\;", r"\frac{d}{dx}\ln x", "=", r"\frac{1}{x}",
                                size=READOUT_SIZE + 4)
        natural[4].set_color(FORMULA_COLOR)
        natural.move_to(self.header, LEFT)
        # Faint copies of the chosen base's curves stay behind, to compare the new slopes with.
        self.ghosts = VGroup(self.log_curve.copy(), self.slope_graph.copy())
        mark_still(self.ghosts.clear_updaters().set_stroke(opacity=0.3), depth=1)   # beneath the axes
        self.add(self.ghosts)
        self.move_base_to(self.base_tour()[0], run_time=2.0)
        self.swap_header(natural)
        self.cue()                               # so the slope of ln x is simply 1/x
        self.play(Indicate(natural[4], color=theme.HIGHLIGHT), Indicate(self.formula_readout, color=theme.HIGHLIGHT),
                  run_time=1.2)
        self.hold_until_heard(after=0.3)

    def base_rescales_the_slope(self):
        self.beat("rescale")
        general = theme.formula(r"\frac{d}{dx}\log_a x", "=", r"\frac{1}{\ln a}", r"\cdot", r"\frac{1}{x}",
                                size=READOUT_SIZE + 4)
        general[2].set_color(theme.HIGHLIGHT)
        general[4].set_color(FORMULA_COLOR)
        general.move_to(self.header, LEFT)
        self.swap_header(general)
        ten, chosen = self.base_tour()[1:]
        self.cue()                               # base 10 flattens the curve and its slope together
        self.move_base_to(ten, run_time=1.5)
        self.hold_until_heard(after=0.3)         # base 10 stays while its line is heard
        # The clip ends on the formula at the chosen base, as the last line says it: the base goes
        # back while the ghosts and the general formula leave, and the formula lands as it is said.
        b = show_base(chosen)
        at_base = theme.formula(rf"\frac{{d}}{{dx}}\log_{{{b}}} x", "=", rf"\frac{{1}}{{x \ln {b}}}",
                                size=READOUT_SIZE + 4)
        at_base[2].set_color(FORMULA_COLOR)
        at_base.move_to(self.header, LEFT)
        self.cue()                               # back at the chosen base: 1/(x ln b) at every x
        self.swap_header(at_base, *self.going_to_base(chosen), FadeOut(self.ghosts), leaving_time=1.5)

    def swap_header(self, formula, *alongside, leaving_time: float = 0.5):
        """Replace the panel's headline formula: the old one leaves before the new one comes
        (a morph of unrelated glyphs, or one faded in over the other, reads badly). `alongside`
        plays as the old one leaves."""
        theme.backdrop(formula)
        self.play(FadeOut(self.header, shift=0.25 * UP), *alongside, run_time=leaving_time, rate_func=smooth)
        self.play(FadeIn(formula, shift=0.25 * UP), run_time=0.6)
        self.header = formula

    def going_to_base(self, base: float) -> list:
        """The base animated to `base`: nothing when it is already there."""
        return [self.base_tracker.animate.set_value(base)] if base != self.a() else []

    def move_base_to(self, base: float, run_time: float):
        """Animate the base to `base` (nothing to play when it is already there)."""
        if moves := self.going_to_base(base):
            self.play(*moves, run_time=run_time, rate_func=smooth)
