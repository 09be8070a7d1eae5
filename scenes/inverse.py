"""log_a x is the inverse of a^x: the exponential mirrored across y = x, for every base."""

import math

import numpy as np
from manim import (
    DL, DOWN, LEFT, RIGHT, UP, AnimationGroup, Create, DecimalNumber, Dot, ManimColor, Square, ValueTracker,
    VGroup, VMobject, config,
)

from loglesson import maths, theme
from loglesson.fade import fade_in, fade_out
from loglesson.labels import COVER_COST, PLACES, LabelPlacer, box_of, mirrored, outline_samples
from loglesson.lesson import INVERSE_AXES
from loglesson.live import set_smooth_points, show_value, update_on_change
from loglesson.manim_internals import mark_still
from loglesson.scene import LessonScene

# Both axes span the same range with the same unit length, so y = x runs at 45° and the
# mirror on screen is the true reflection (x, y) -> (y, x). The range holds (1, a) for a = 10
# and the lesson's example (3, 8) at a = 2; the registry keeps the marked point on it
# (lesson.point_fits_the_axes).
AXIS_MIN, AXIS_MAX = INVERSE_AXES
NUMBERED = (-2, 2, 4, 6, 8, 10)
# Below base 1 the interesting points crowd the origin: the same square then shows this
# closer view (the mirror line stays the square's diagonal, so it does not move).
ZOOM_MIN, ZOOM_MAX = -1, 3
ZOOM_NUMBERED = (-1, 2, 3)
# The square of the axes: from the top margin down to just above the captions' band, so that
# no axis number (the lowest are the x-axis numbers and the y-axis's -2) enters the band.
NUMBER_SIZE = theme.SMALL_SIZE
NUMBER_ROOM = 0.3              # height of an axis number below the line it sits on, and a margin
AXES_SIDE = config.frame_height / 2 - theme.EDGE - theme.SUBTITLE_TOP - NUMBER_ROOM
AXES_CORNER = np.array([-config.frame_width / 2 + theme.EDGE + 0.25, theme.SUBTITLE_TOP + NUMBER_ROOM, 0.0])
POINT_LABEL_SIZE = theme.SMALL_SIZE
RULE_SIZE = theme.FORMULA_SIZE   # a^0 = 1 <=> log_a 1 = 0 in the panel: its indices readable too
PANEL_GAP = 0.45
PANEL_BUFF = 0.35              # between the title, the equivalence and the readouts
RULE_GAP = 0.4                 # between the readouts and the rules under them
NOTE_MARGIN = 0.1              # the panel's note sits this far above the captions' band

EXAMPLE = (2.0, 3.0)           # the lesson's running example: base 2, exponent 3 (2^3 = 8)
SAMPLES = 60                   # per curve, twice over: evenly spaced in x and evenly spaced in y
SLIDE = (AXIS_MIN + 0.5, 2.0)  # the marked point slides between these p (or the axes' top)
TOUR_ABOVE_ONE = (math.e, 10.0)   # from the lesson's base 2 and back
TOUR_BELOW_ONE = (0.5, 0.3)    # reached through a fade: the base cannot pass through 1
MARK_SIZE = 0.16               # side of the right-angle mark, in screen units

# --- the curves and points, in axis coordinates (all numbers from loglesson.maths) -----------

def exponent_range(a, view=(AXIS_MIN, AXIS_MAX)):
    """The exponents s for which (s, a^s), and so its mirror (a^s, s), stays on the axes' `view`."""
    least, most = view
    top = maths.log_base(most, a)   # the exponent where a^s reaches the axes' top
    if a > 1:
        return float(least), min(float(most), top)
    return max(float(least), top), float(most)


def curve_exponents(a, view=(AXIS_MIN, AXIS_MAX)):
    """Exponents along the curve: even steps in x for its flat part, even steps in a^x for its steep part."""
    low, high = exponent_range(a, view)
    even_in_x = np.linspace(low, high, SAMPLES)
    heights = np.linspace(maths.power(a, low), maths.power(a, high), SAMPLES)
    even_in_y = np.clip(maths.log_base(heights, a), low, high)
    s = np.unique(np.concatenate([even_in_x, even_in_y]))
    return s[np.concatenate([[True], np.diff(s) > 1e-6])]


def exp_points(a, view=(AXIS_MIN, AXIS_MAX)):
    """Points (s, a^s, 0) along y = a^x, inside the axes' `view`."""
    s = curve_exponents(a, view)
    return np.column_stack([s, maths.power(a, s), np.zeros_like(s)])


def log_points(a, view=(AXIS_MIN, AXIS_MAX)):
    """Points (x, log_a x, 0) along y = log_a x, at the x = a^s facing the exponential's samples."""
    x = maths.power(a, curve_exponents(a, view))
    return np.column_stack([x, maths.log_base(x, a), np.zeros_like(x)])


def flipping_points(a, t):
    """The exponential's points moved the fraction t of the way straight across y = x to their mirrors."""
    start = exp_points(a)
    return (1 - t) * start + t * maths.reflect_across_identity(start)


def mirrored_pair(x, a):
    """The point (x, a^x) on the exponential and its mirror (a^x, x) on the logarithm."""
    point = np.array([[x, maths.power(a, x), 0.0]])
    return point[0], maths.reflect_across_identity(point)[0]


class InverseReflection(LessonScene):
    """log_a x is a^x mirrored across y = x, for every base."""

    scene_name = "inverse"

    def construct(self):
        self.base = ValueTracker(self.params["base"])
        self.draw_axes_and_mirror()
        self.trace_mirrored_pair()
        self.flip_exponential_into_log()
        self.tie_to_the_lessons_example()
        self.vary_the_base()
        self.mark_fixed_pairs()
        self.try_a_base_below_one()

    # --- beats ---------------------------------------------------------------------------
    def draw_axes_and_mirror(self):
        self.beat("axes")
        self.view = (AXIS_MIN, AXIS_MAX)
        self.axes = self.square_axes(AXIS_MIN, AXIS_MAX, NUMBERED)
        self.mirror = theme.mirror_line(self.axes, AXIS_MIN, AXIS_MAX)
        self.placer = LabelPlacer(box_of(self.axes), *self.cover_of_still_things())
        self.exp_curve = self.live_curve(exp_points, theme.EXP)
        self.exp_label = theme.formula("y = a^x", size=POINT_LABEL_SIZE, color=theme.EXP)
        self.build_panel()

        self.play(fade_in(self.title, self.equivalence, self.base_row),
                  self.show_note("axes"), run_time=1.5)
        self.play(Create(self.axes), run_time=1.5)
        self.play(Create(self.exp_curve), run_time=1.5)
        self.placer.obstacles.append(self.exp_curve)
        self.play(self.introduce_label(self.exp_label, lambda: self.along(self.exp_curve, 1), PLACES))
        self.play(Create(self.mirror), run_time=1)
        self.cue()      # the dashed line y = x is the mirror
        self.wait(1)

    def trace_mirrored_pair(self):
        self.beat("mirror_pair")
        start = self.params["point"]
        self.point = ValueTracker(start)
        pair = lambda: mirrored_pair(self.point.get_value(), self.a)  # noqa: E731
        self.pair_dots = VGroup(self.live_dot(lambda: pair()[0], theme.HIGHLIGHT),
                                self.live_dot(lambda: pair()[1], theme.HIGHLIGHT))
        self.pair_segment = self.live_segment(pair, theme.HIGHLIGHT)
        self.right_angle = self.live_right_angle(pair)
        self.point_readout = self.live_readout(self.point.get_value)
        self.point_row = self.readout_row("p", self.point_readout)
        self.point_row.next_to(self.base_row, RIGHT, buff=0.8)
        # Both readouts on one line: their equals signs level.
        self.point_row.shift((self.base_row[0][0][-1].get_y() - self.point_row[0][0][-1].get_y()) * UP)
        theme.backdrop(self.point_row)
        self.placer.obstacles += [self.pair_segment, self.right_angle, self.pair_dots]
        self.pair_labels = VGroup(theme.formula(r"(p,\, a^{p})", size=POINT_LABEL_SIZE),
                                  theme.formula(r"(a^{p},\, p)", size=POINT_LABEL_SIZE))
        self.play(fade_in(self.pair_dots[0], self.point_row), self.show_note("mirror_pair"),
                  self.introduce_label(self.pair_labels[0], self.pair_dots[0].get_center, PLACES),
                  run_time=1)
        self.wait(0.5)
        self.cue()      # swapping the coordinates gives the mirror image
        self.play(fade_in(self.pair_dots[1], self.right_angle), Create(self.pair_segment),
                  self.introduce_label(self.pair_labels[1], self.pair_dots[1].get_center, mirrored(PLACES)),
                  run_time=1.5)
        self.wait(1)

        self.cue()      # wherever the point goes, its mirror follows
        top = min(SLIDE[1], maths.log_base(AXIS_MAX, self.a))
        for target in (top, min(SLIDE[0], start), start):
            distance = abs(target - self.point.get_value())
            if distance > 0.1:
                self.play(self.point.animate.set_value(target), run_time=0.8 + 0.5 * distance)
                self.wait(0.5)

    def flip_exponential_into_log(self):
        self.beat("flip")
        self.flip = ValueTracker(0)
        flipping = VMobject(stroke_width=4)
        flipping.add_updater(lambda m: set_smooth_points(
            m, self.to_screen(flipping_points(self.a, self.flip.get_value()))
        ).set_stroke(ManimColor(theme.EXP).interpolate(ManimColor(theme.LOG), self.flip.get_value())))
        self.flipping = flipping.update()
        self.placer.obstacles.append(flipping)
        self.add(flipping)
        self.play(self.show_note("flip"), run_time=1)
        self.play(self.flip.animate.set_value(1), run_time=3.5)

        # At t = 1 the moved points are the logarithm's points: hand over without a visible change.
        self.log_curve = self.live_curve(log_points, theme.LOG)
        self.placer.forget([flipping])
        self.placer.obstacles.append(self.log_curve)
        self.remove(flipping)
        self.add(self.log_curve)
        self.log_label = theme.formula(r"y = \log_a x", size=POINT_LABEL_SIZE, color=theme.LOG)
        self.cue()      # the exponential becomes y = log_a x
        self.play(self.introduce_label(self.log_label, lambda: self.along(self.log_curve, 0),
                                       mirrored(PLACES)))
        self.wait(0.5)
        self.cue()      # the logarithm is the inverse of the exponential
        self.wait(1)

    def tie_to_the_lessons_example(self):
        """The lesson's running example on the two curves: 2^3 = 8, so (3, 8) mirrors to (8, 3)."""
        self.beat("example")
        base, exponent = EXAMPLE
        value = maths.power(base, exponent)
        self.example_labels = VGroup(
            theme.formula(rf"({exponent:g},\, {value:g})", size=POINT_LABEL_SIZE),
            theme.formula(rf"({value:g},\, {exponent:g})", size=POINT_LABEL_SIZE))
        self.example_rule = theme.formula(rf"{base:g}^{{{exponent:g}}} = {value:g}", r"\iff",
                                          rf"\log_{{{base:g}}} {value:g} = {exponent:g}", size=RULE_SIZE)
        self.example_rule[0].set_color(theme.EXP)
        self.example_rule[2].set_color(theme.LOG)
        self.example_rule.next_to(self.base_row, DOWN, buff=RULE_GAP, aligned_edge=LEFT)
        theme.backdrop(self.example_rule)

        self.play(self.show_note("example"), run_time=1)
        if abs(self.a - base) > 1e-9:
            self.play(self.base.animate.set_value(base), run_time=2)
        self.play(self.retire(*self.pair_labels), run_time=0.5)
        self.play(self.point.animate.set_value(exponent), run_time=2)
        self.cue()      # 2^3 = 8: (3, 8) is on y = 2^x
        self.play(self.introduce_label(self.example_labels[0], self.pair_dots[0].get_center, PLACES),
                  fade_in(self.example_rule[0]), run_time=1)
        self.wait(1)
        self.cue()      # its mirror (8, 3) is on y = log_2 x
        self.play(self.introduce_label(self.example_labels[1], self.pair_dots[1].get_center, mirrored(PLACES)),
                  fade_in(self.example_rule[1:]), run_time=1)
        self.wait(1.5)

    def vary_the_base(self):
        self.beat("vary_base")
        self.play(self.retire(self.pair_dots, self.pair_segment, self.right_angle, *self.example_labels,
                              self.point_row, self.example_rule),
                  self.show_note("vary_base"), run_time=1)
        for k, target in enumerate(TOUR_ABOVE_ONE):
            if k == 1:
                self.cue()      # they stay mirror images for every base
            if abs(math.log(target / self.a)) > 0.1:
                self.play(self.base.animate.set_value(target), run_time=2.5)
                self.wait(1)

    def mark_fixed_pairs(self):
        self.beat("fixed_pairs")
        # Near the origin the points (0, 1), (1, 0), (1, a) and (a, 1) lie within a unit or two:
        # look closer first, at the lesson's base.
        self.zoom_in(EXAMPLE[0], self.show_note("fixed_pairs"))
        one = lambda: mirrored_pair(0.0, self.a)     # noqa: E731  (0, 1) and (1, 0)
        base = lambda: mirrored_pair(1.0, self.a)    # noqa: E731  (1, a) and (a, 1)
        self.fixed_dots = VGroup(*(self.live_dot(lambda pair=pair, i=i: pair()[i], color)
                                   for pair, color in ((one, theme.ACCENT), (base, theme.HIGHLIGHT))
                                   for i in (0, 1)))
        self.fixed_segments = VGroup(self.live_segment(one, theme.ACCENT),
                                     self.live_segment(base, theme.HIGHLIGHT))
        self.fixed_segments.set_stroke(width=2, opacity=0.8)
        texts = (r"(0,\, 1)", r"(1,\, 0)", r"(1,\, a)", r"(a,\, 1)")
        colors = (theme.ACCENT, theme.ACCENT, theme.HIGHLIGHT, theme.HIGHLIGHT)
        self.fixed_labels = VGroup(*(theme.formula(t, size=POINT_LABEL_SIZE, color=c)
                                     for t, c in zip(texts, colors)))
        self.pair_rules = theme.stacked(
            theme.formula(r"a^0 = 1", r"\iff", r"\log_a 1 = 0", size=RULE_SIZE, color=theme.ACCENT),
            theme.formula(r"a^1 = a", r"\iff", r"\log_a a = 1", size=RULE_SIZE, color=theme.HIGHLIGHT),
            buff=0.3,
        ).next_to(self.base_row, DOWN, buff=RULE_GAP, aligned_edge=LEFT)
        theme.backdrop(self.pair_rules)

        self.placer.obstacles += [self.fixed_segments, self.fixed_dots]
        for k in (0, 1):
            self.cue()      # a^0 = 1: (0, 1) and (1, 0); then a^1 = a: (1, a) and (a, 1)
            dots, labels = self.fixed_dots[2 * k:2 * k + 2], self.fixed_labels[2 * k:2 * k + 2]
            self.play(fade_in(*dots), Create(self.fixed_segments[k]), fade_in(self.pair_rules[k]),
                      *(self.introduce_label(label, dot.get_center, places)
                        for label, dot, places in zip(labels, dots, (PLACES, mirrored(PLACES)))),
                      run_time=1.5)
            self.wait(1.5)

    def try_a_base_below_one(self):
        self.beat("below_one")
        # a = 1 has no logarithm (1^x is 1 for every x), so the base jumps over it while the
        # curves and points that depend on it are faded out.
        moving = [self.exp_curve, self.log_curve, self.exp_label, self.log_label, *self.fixed_dots,
                  *self.fixed_segments, *self.fixed_labels]
        self.play(fade_out(*moving), self.show_note("below_one"), run_time=1)
        self.base.set_value(TOUR_BELOW_ONE[0])
        for mob in moving:
            mob.update()
        self.placer.place()
        self.play(fade_in(*moving), run_time=1)
        self.cue()      # both curves fall, still mirror images
        self.wait(1)
        for target in TOUR_BELOW_ONE[1:]:
            self.play(self.base.animate.set_value(target), run_time=2.5)
            self.wait(0.5)
        self.play(self.base.animate.set_value(TOUR_BELOW_ONE[0]), run_time=2)
        self.cue()      # the fixed pairs swap as before
        self.wait(1.5)
        self.cue()      # for every base: log_a x is a^x mirrored across y = x

    def zoom_in(self, base, *along):
        """Bring the base to `base`, then show the square near the origin in the whole square
        (`along`: animations played with the first step).

        The curves fade out while a frame around the closer view grows to fill the axes' square,
        and fade in again on the closer axes; the mirror line, the square's diagonal, stays.
        """
        if abs(self.a - base) > 1e-9:
            self.play(self.base.animate.set_value(base), *along, run_time=2)
            along = ()
        moving = [self.exp_curve, self.log_curve, self.exp_label, self.log_label]
        region = Square(side_length=AXES_SIDE * (ZOOM_MAX - ZOOM_MIN) / (AXIS_MAX - AXIS_MIN),
                        color=theme.HIGHLIGHT, stroke_width=3)
        region.move_to(self.axes.c2p(ZOOM_MIN, ZOOM_MIN), aligned_edge=DL)
        self.play(Create(region), *along, run_time=1)
        closer = self.square_axes(ZOOM_MIN, ZOOM_MAX, ZOOM_NUMBERED)
        whole = Square(side_length=AXES_SIDE).move_to(AXES_CORNER, aligned_edge=DL)
        self.play(fade_out(self.axes, *moving), region.animate.replace(whole), run_time=1.5)

        self.axes, self.view = closer, (ZOOM_MIN, ZOOM_MAX)
        self.placer.bounds = box_of(self.axes)
        self.placer.still = self.cover_of_still_things()
        self.placer.placed_for = None       # the still cover changed: place again
        for mob in moving:
            mob.update()
        self.placer.place()
        self.play(fade_in(closer, *moving), fade_out(region), run_time=1)

    # --- pieces ----------------------------------------------------------------------------
    @property
    def a(self) -> float:
        return self.base.get_value()

    def to_screen(self, points):
        """(N, 3) axis coordinates to (N, 3) screen points."""
        points = np.atleast_2d(points)
        return np.asarray(self.axes.c2p(points[:, 0], points[:, 1])).reshape(3, -1).T

    def live_curve(self, points_of, color):
        """A curve drawn from the maths at the current base, again whenever the base or the view moves."""
        curve = VMobject(stroke_color=color, stroke_width=4)
        return update_on_change(curve, lambda: (self.a, self.view),
                                lambda m: set_smooth_points(m, self.to_screen(points_of(self.a, self.view))))

    def square_axes(self, low, high, numbered):
        """Axes from low to high on both sides, filling the lesson's square (its corner at (low, low))."""
        axes = theme.lesson_axes((low, high, 1), (low, high, 1), AXES_SIDE, AXES_SIDE, numbers=False)
        for axis in (axes.x_axis, axes.y_axis):
            axis.add_numbers(numbered, font_size=NUMBER_SIZE)
        mark_still(axes)                        # the numbers, added now, with the axes
        return axes.shift(AXES_CORNER - axes.c2p(low, low))

    def live_dot(self, where, color):
        dot = Dot(radius=0.08, color=color)
        dot.add_updater(lambda m: m.move_to(self.to_screen(where())[0]))
        return dot.update()

    def live_segment(self, pair, color):
        """The segment joining a point and its mirror (perpendicular to y = x)."""
        segment = VMobject(stroke_color=color, stroke_width=3)
        segment.add_updater(lambda m: m.set_points_as_corners(self.to_screen(np.array(pair()))))
        return segment.update()

    def live_right_angle(self, pair):
        """A small square where the segment crosses y = x; hidden while the pair nearly coincide."""
        mark = VMobject(stroke_color=theme.HIGHLIGHT, stroke_width=2)

        def redraw(m):
            point, mirror = self.to_screen(np.array(pair()))
            middle = (point + mirror) / 2
            along = self.to_screen(np.array([[1.0, 1.0, 0.0]]))[0] - self.to_screen(np.zeros(3))[0]
            along /= np.linalg.norm(along)
            half = np.linalg.norm(point - middle)
            across = (point - middle) / half if half > 0 else np.array([-along[1], along[0], 0.0])
            m.set_points_as_corners([middle + MARK_SIZE * along, middle + MARK_SIZE * (along + across),
                                     middle + MARK_SIZE * across])
            m.set_stroke(opacity=1.0 if half > 0.75 * MARK_SIZE else 0.0)

        mark.add_updater(redraw)
        return mark.update()

    def along(self, curve, column):
        """Points where a curve's label may go: its far end in x (column 0) or y (1), then inwards."""
        anchors = np.asarray(curve.get_anchors())
        if anchors[0, column] > anchors[-1, column]:
            anchors = anchors[::-1]
        return anchors[np.round((len(anchors) - 1) * np.array([1.0, 0.85, 0.7, 0.55])).astype(int)]

    def build_panel(self):
        """Title, the equivalence and the live base on the right of the axes; the beat's note below."""
        self.panel_left = self.axes.get_right()[0] + PANEL_GAP
        self.panel_width = config.frame_width / 2 - theme.EDGE - self.panel_left
        self.title = self.panel_words(self.t("title"), theme.TITLE_SIZE)
        self.equivalence = theme.formula(r"y = \log_a x", r"\iff", r"a^y = x")
        self.equivalence[0].set_color(theme.LOG)
        self.equivalence[2].set_color(theme.EXP)
        self.base_readout = self.live_readout(self.base.get_value)
        self.base_row = self.readout_row("a", self.base_readout)
        top = theme.stacked(self.title, self.equivalence, self.base_row, buff=PANEL_BUFF)
        top.to_edge(UP, buff=theme.EDGE).set_x(self.panel_left, direction=LEFT)
        theme.backdrop(top)     # the panel never overlaps the axes
        self.note = None

    def live_readout(self, value):
        """One DecimalNumber following `value()`; retypeset only when its digits change."""
        return show_value(DecimalNumber(value(), num_decimal_places=2, font_size=theme.FORMULA_SIZE), value)

    def readout_row(self, symbol, number):
        """`symbol = number`, the number's digits on the formula's baseline."""
        left = theme.formula(f"{symbol} = 0")
        zero = left[0][-1]       # typeset only to find where TeX puts a digit's baseline
        left[0].remove(zero)
        number.next_to(left, RIGHT, buff=0.2).align_to(zero, DOWN)
        return VGroup(left, number)

    def panel_words(self, text, size, color=theme.INK):
        """Words in the panel, one Text per line of `text`, narrowed to the panel if they must be."""
        lines = VGroup(*(theme.words(line, size, color) for line in text.split("\n")))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.15 * size / theme.BODY_SIZE)
        if lines.width > self.panel_width:
            scale = self.panel_width / lines.width
            if size * scale < theme.LABEL_SIZE:     # the smallest words still readable at 480p
                raise ValueError(f"{text!r} is too wide for the panel even at size {theme.LABEL_SIZE}: "
                                 "shorten it or break it into more lines")
            lines.scale(scale)
        return lines

    def show_note(self, key):
        """The beat's short on-screen line, at the bottom of the panel, replacing the last one."""
        note = self.panel_words(self.t(f"note.{key}"), theme.BODY_SIZE, color=theme.MUTED)
        note.to_edge(DOWN, buff=theme.SUBTITLE_BAND + NOTE_MARGIN).set_x(self.panel_left, direction=LEFT)
        theme.backdrop(note)
        old, self.note = self.note, note
        return fade_in(note) if old is None else AnimationGroup(fade_out(old), fade_in(note), lag_ratio=1)

    # --- labels ----------------------------------------------------------------------------
    def cover_of_still_things(self):
        """Sample points of the axes, their numbers and the mirror line, and the cost of hiding each."""
        parts = {"axis": [], "number": [], "mirror": [self.mirror]}
        for axis in (self.axes.x_axis, self.axes.y_axis):
            parts["axis"] += [VMobject().set_points(axis.points), axis.ticks]
            parts["number"].append(axis.numbers)
        points = {kind: outline_samples(mobs) for kind, mobs in parts.items()}
        return (np.vstack(list(points.values())),
                np.concatenate([np.full(len(p), COVER_COST[kind]) for kind, p in points.items()]))

    def introduce_label(self, label, anchors, places):
        """Keep `label` beside a point of `anchors()` from now on; returns its fade-in."""
        self.placer.add(label, anchors, places)
        return fade_in(label)

    def retire(self, *mobjects):
        """Fade mobjects out; labels among them stop being placed, strokes stop being avoided."""
        self.placer.forget(mobjects)
        return fade_out(*mobjects)

    def update_mobjects(self, dt):
        """Every updater, then the labels, so that they are placed around this frame's curves."""
        super().update_mobjects(dt)
        if hasattr(self, "placer"):
            self.placer.place()
