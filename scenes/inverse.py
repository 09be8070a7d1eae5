"""log_a x is the inverse of a^x: the exponential mirrored across y = x, for every base."""

import math

import numpy as np
from manim import (
    DOWN, LEFT, RIGHT, UP, Create, DecimalNumber, Dot, Line, ManimColor, SurroundingRectangle, ValueTracker,
    VGroup, VMobject, config,
)

from loglesson import maths, theme
from loglesson.fade import fade_in, fade_out
from loglesson.labels import PLACES, LabelPlacer, box_of, mirrored, outline_samples
from loglesson.lesson import INVERSE_AXES
from loglesson.live import set_smooth_points, show_value, update_on_change
from loglesson.manim_internals import STILL_Z, mark_still
from loglesson.scene import LessonScene

# Both axes span the same range with the same unit length, so y = x runs at 45° and the
# mirror on screen is the true reflection (x, y) -> (y, x). The range holds (1, a) for a = 10
# and the lesson's example (3, 8) at a = 2; the registry keeps the marked point on it
# (lesson.point_fits_the_axes).
AXIS_MIN, AXIS_MAX = INVERSE_AXES
NUMBERED = (-2, 2, 4, 6, 8, 10)
# Below base 1 the interesting points crowd the origin: the same square then shows this
# closer view (the mirror line stays the square's diagonal, so it does not move). The zoom is a
# true scaling about the axis point (ZOOM_CENTRE, ZOOM_CENTRE), which maps the whole view onto this one.
ZOOM_MIN, ZOOM_MAX = -1, 3
ZOOM_NUMBERED = (-1, 2, 3)
ZOOM_FACTOR = (AXIS_MAX - AXIS_MIN) / (ZOOM_MAX - ZOOM_MIN)
ZOOM_CENTRE = (ZOOM_MIN - AXIS_MIN / ZOOM_FACTOR) / (1 - 1 / ZOOM_FACTOR)
# What a label may hide of the still things, per sample: nothing of an axis, its ticks or the
# mirror line (labels sit on nothing else, with a step further out cheaper than a crossing),
# an axis number least of all.
STILL_COST = {"axis": 0.2, "mirror": 0.6, "number": 5.0}
# One colour per role, as the exponent clip set them: base pink, argument blue, logarithm orange.
ROLE = {"base": theme.ACCENT, "argument": theme.EXP, "logarithm": theme.LOG}
# The two pairs of points near the origin, (0, 1) (1, 0) and (1, a) (a, 1): colours no role uses.
PAIR_COLORS = (theme.SLOPE, theme.HIGHLIGHT)
# The square of the axes: from the top margin down to just above the captions' band, so that
# no axis number (the lowest are the x-axis numbers and the y-axis's -2) enters the band.
NUMBER_SIZE = theme.SMALL_SIZE
NUMBER_ROOM = 0.3              # height of an axis number below the line it sits on, and a margin
AXES_SIDE = config.frame_height / 2 - theme.EDGE - theme.SUBTITLE_TOP - NUMBER_ROOM
AXES_CORNER = np.array([-config.frame_width / 2 + theme.EDGE + 0.25, theme.SUBTITLE_TOP + NUMBER_ROOM, 0.0])
POINT_LABEL_SIZE = theme.SMALL_SIZE
RULE_SIZE = 1.2 * theme.FORMULA_SIZE   # a^0 = 1 <=> log_a 1 = 0 in the panel, and the equivalence
                                        # above: the base a, their index, readable at 480p (it was 6–7 px)
PANEL_GAP = 0.45
PANEL_BUFF = 0.35              # between the title, the equivalence and the readouts
RULE_GAP = 0.4                 # between the readouts and the rules under them
RULES_DIMMED = 0.3             # the rules' opacity while base 1, which has no logarithm, is shown

EXAMPLE = (2.0, 3.0)           # the lesson's running example: base 2, exponent 3 (2^3 = 8)
SAMPLES = 60                   # per curve, twice over: evenly spaced in x and evenly spaced in y
SLIDE = (AXIS_MIN + 0.5, 2.0)  # the marked point slides between these p (or the axes' top)
# The pair is named where both names fit beside their points on nothing else: far enough from
# the y-axis and from each other (at p = 1 and base 2 the name of (1, 2) could only cross the
# y-axis or the mirror line). Below the axes' top for a large base.
LABELLED_AT = 2.5
LABELLED_BELOW_TOP = 0.85
TOUR_ABOVE_ONE = (math.e, 10.0)   # from the lesson's base 2 and back
TOUR_BELOW_ONE = (0.5, 0.4)    # reached through a fade: the base cannot pass through 1
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


def role_coloured(formula, base=(), argument=(), logarithm=()):
    """Colour a formula's parts (by index) by their roles; a \\log_{b} part colours only its base b."""
    for role, indices in (("base", base), ("argument", argument), ("logarithm", logarithm)):
        for k in indices:
            part = formula[k]
            (part[3:] if part.tex_string.startswith(r"\log") else part).set_color(ROLE[role])
    return formula


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
        self.zoom = ValueTracker(0)      # 0: the whole view, 1: the closer view (a true zoom between)
        self.axes = self.square_axes(AXIS_MIN, AXIS_MAX, NUMBERED)
        self.mirror = theme.mirror_line(self.axes, AXIS_MIN, AXIS_MAX)
        self.placer = LabelPlacer(box_of(self.axes), *self.cover_of_still_things())
        self.exp_curve = self.live_curve(exp_points, theme.EXP)
        self.exp_label = theme.formula("y = a^x", size=POINT_LABEL_SIZE, color=theme.EXP)
        self.build_panel()

        # The curve is drawn while "here is the exponential" is heard, not after it.
        self.play(fade_in(self.title, self.equivalence, self.base_row), Create(self.axes), run_time=1.2)
        self.play(Create(self.exp_curve), run_time=1.5)
        self.placer.obstacles.append(self.exp_curve)
        self.play(self.introduce_label(self.exp_label, lambda: self.along(self.exp_curve, 1), PLACES))
        self.cue()      # the dashed line y = x is the mirror
        self.play(Create(self.mirror), run_time=1)
        # Named as it is said, beside its upper end, where the curves are not.
        self.mirror_name = theme.formula("y = x", size=POINT_LABEL_SIZE, color=theme.MUTED)
        self.play(self.introduce_label(self.mirror_name, self.along_the_mirror, PLACES), run_time=0.6)
        self.wait(0.4)

    def trace_mirrored_pair(self):
        self.beat("mirror_pair")
        start = self.params["point"]
        named = min(LABELLED_AT, LABELLED_BELOW_TOP * maths.log_base(AXIS_MAX, self.a))
        self.point = ValueTracker(named)
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
        self.pair_labels = VGroup(theme.formula(r"(p, a^{p})", size=POINT_LABEL_SIZE),
                                  theme.formula(r"(a^{p}, p)", size=POINT_LABEL_SIZE))
        self.play(fade_in(self.pair_dots[0], self.point_row),
                  self.introduce_label(self.pair_labels[0], self.pair_dots[0].get_center, PLACES),
                  run_time=1)
        self.wait(0.5)
        self.cue()      # swapping the coordinates gives the mirror image
        self.play(fade_in(self.pair_dots[1], self.right_angle), Create(self.pair_segment),
                  self.introduce_label(self.pair_labels[1], self.pair_dots[1].get_center, mirrored(PLACES)),
                  run_time=1.5)
        self.wait(1)

        self.cue()      # wherever the point goes, its mirror follows
        # Through the chosen point p and down to the left, then back where the pair was named.
        # One glide, the names set aside: near the axes' corner they would have no free spot.
        # It rests again where the pair was named, and the names come back.
        self.play(fade_out(*self.pair_labels), run_time=0.4)
        for target in (start, min(SLIDE[0], start), named):
            distance = abs(target - self.point.get_value())
            if distance > 0.1:
                self.play(self.point.animate.set_value(target), run_time=0.8 + 0.5 * distance)   # slow enough to follow
        self.play(fade_in(*self.pair_labels), run_time=0.4)
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
        self.wait(0.5)
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
        b, p, v = f"{base:g}", f"{exponent:g}", f"{value:g}"
        self.example_labels = VGroup(
            theme.formula(rf"({p},\, {v})", size=POINT_LABEL_SIZE),
            theme.formula(rf"({v},\, {p})", size=POINT_LABEL_SIZE))
        # 2³ = 8 ⇔ log₂ 8 = 3 in the colours of the roles, as the exponent clip wrote it.
        self.example_rule = role_coloured(
            theme.formula(b, f"^{{{p}}}", "=", v, r"\iff", rf"\log_{{{b}}}", v, "=", p, size=RULE_SIZE),
            base=(0, 5), argument=(3, 6), logarithm=(1, 8))
        self.example_rule.next_to(self.base_row, DOWN, buff=RULE_GAP, aligned_edge=LEFT)
        theme.backdrop(self.example_rule)

        if abs(self.a - base) > 1e-9:
            self.play(self.base.animate.set_value(base), run_time=2)
        # The curves named at this base: y = 2ˣ and y = log₂ x while the example is shown.
        self.general_labels = (self.exp_label, self.log_label)
        self.exp_label, self.log_label = self.swap_curve_labels(
            theme.formula(f"y = {b}^x", size=POINT_LABEL_SIZE, color=theme.EXP),
            theme.formula(rf"y = \log_{{{b}}} x", size=POINT_LABEL_SIZE, color=theme.LOG),
            self.retire(*self.pair_labels))
        self.play(self.point.animate.set_value(exponent), run_time=2)
        self.cue()      # 2^3 = 8: (3, 8) is on y = 2^x
        self.play(self.introduce_label(self.example_labels[0], self.pair_dots[0].get_center, PLACES),
                  fade_in(self.example_rule[:4]), run_time=1)
        self.wait(1)
        self.cue()      # its mirror (8, 3) is on y = log_2 x
        self.play(self.introduce_label(self.example_labels[1], self.pair_dots[1].get_center, mirrored(PLACES)),
                  fade_in(self.example_rule[4:]), run_time=1)
        self.wait(1.5)

    def swap_curve_labels(self, exp_label, log_label, *along):
        """Replace the curves' two labels: the old fade out, then the new fade in beside the curves."""
        self.play(self.retire(self.exp_label, self.log_label), *along, run_time=0.5)
        self.play(self.introduce_label(exp_label, lambda: self.along(self.exp_curve, 1), PLACES),
                  self.introduce_label(log_label, lambda: self.along(self.log_curve, 0), mirrored(PLACES)),
                  run_time=0.5)
        return exp_label, log_label

    def vary_the_base(self):
        self.beat("vary_base")
        # The example leaves with the curves' names at base 2: a name still placed while the
        # example's labels fade would move into their place (y = log₂ x onto "(8, 3)").
        self.exp_label, self.log_label = self.swap_curve_labels(
            *self.general_labels, self.retire(self.pair_dots, self.pair_segment, self.right_angle,
                                              *self.example_labels, self.point_row, self.example_rule))
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
        self.zoom_in(EXAMPLE[0])
        one = lambda: mirrored_pair(0.0, self.a)     # noqa: E731  (0, 1) and (1, 0)
        base = lambda: mirrored_pair(1.0, self.a)    # noqa: E731  (1, a) and (a, 1)
        self.fixed_dots = VGroup(*(self.live_dot(lambda pair=pair, i=i: pair()[i], color)
                                   for pair, color in zip((one, base), PAIR_COLORS)
                                   for i in (0, 1)))
        self.fixed_segments = VGroup(*(self.live_segment(pair, color) for pair, color in zip((one, base), PAIR_COLORS)))
        self.fixed_segments.set_stroke(width=2, opacity=0.8)
        texts = (r"(0,\, 1)", r"(1,\, 0)", r"(1,\, a)", r"(a,\, 1)")
        colors = (theme.SLOPE_INK, theme.SLOPE_INK, PAIR_COLORS[1], PAIR_COLORS[1])    # the first pair's, lightened
        self.fixed_labels = VGroup(*(theme.formula(t, size=POINT_LABEL_SIZE, color=c)
                                     for t, c in zip(texts, colors)))
        # Each rule in the colours of its roles, after a dot of its pair's colour.
        rules = (
            role_coloured(theme.formula("a", "^{0}", "=", "1", r"\iff", r"\log_{a}", "1", "=", "0", size=RULE_SIZE),
                          base=(0, 5), argument=(3, 6), logarithm=(1, 8)),
            role_coloured(theme.formula("a", "^{1}", "=", "a", r"\iff", r"\log_{a}", "a", "=", "1", size=RULE_SIZE),
                          base=(0, 5), argument=(3, 6), logarithm=(1, 8)),
        )
        self.pair_rules = theme.stacked(*(
            VGroup(Dot(radius=0.09, color=color), rule).arrange(RIGHT, buff=0.25)
            for rule, color in zip(rules, PAIR_COLORS)), buff=0.3,
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
        self.jump_base(TOUR_BELOW_ONE[0], show_one=True)
        self.cue()      # both curves fall, still mirror images
        self.wait(1)
        for target in TOUR_BELOW_ONE[1:]:
            self.play(self.base.animate.set_value(target), run_time=2.5)
            self.wait(0.5)
        self.play(self.base.animate.set_value(TOUR_BELOW_ONE[0]), run_time=2)
        self.cue()      # the fixed pairs swap as before: shown as said, one pair and then the other
        box = self.show_swap(0)
        self.hold_until_part_heard(0.5)
        self.play(fade_out(box), run_time=0.3)
        box = self.show_swap(1)
        self.hold_until_heard(after=0.3)
        self.play(fade_out(box), run_time=0.3)
        self.cue()      # for every base: log_a x is a^x mirrored across y = x
        self.wait(1)
        # The clip ends on the lesson's base, as it began: its poster is the main picture.
        self.jump_base(EXAMPLE[0])

    def show_swap(self, k: int) -> SurroundingRectangle:
        """Fixed pair k's rule boxed, then its two points trading places along the segment that
        joins them, slowly enough to follow. Returns the box, left up while the pair is talked of."""
        dots = self.fixed_dots[2 * k:2 * k + 2]
        box = SurroundingRectangle(self.pair_rules[k], color=PAIR_COLORS[k], buff=0.08)
        self.play(Create(box), run_time=0.5)
        travellers = [dot.copy().clear_updaters() for dot in dots]
        self.add(*travellers)
        self.play(travellers[0].animate.move_to(dots[1].get_center()),
                  travellers[1].animate.move_to(dots[0].get_center()), run_time=1.8)
        self.remove(*travellers)     # each now lies on the other's point, drawn alike
        return box

    def jump_base(self, target: float, show_one: bool = False):
        """Bring the base to `target` across 1, which has no logarithm (1^x is 1 for every x):
        the curves and points that depend on the base fade out, and back in at the new base.
        With `show_one`, base 1's flat line y = 1^x = 1 is drawn between, as the line says why
        that base is left out."""
        moving = [self.exp_curve, self.log_curve, self.exp_label, self.log_label, *self.fixed_dots,
                  *self.fixed_segments, *self.fixed_labels]
        self.play(fade_out(*moving), run_time=1)
        self.base.set_value(target)         # nothing that follows the base is on screen now
        if show_one:
            low, high = self.view
            flat = Line(*self.to_screen(np.array([[low, 1.0, 0.0], [high, 1.0, 0.0]])), color=theme.EXP, stroke_width=4)
            name = theme.formula("y = 1^x = 1", size=POINT_LABEL_SIZE, color=theme.EXP)
            name.next_to(flat.get_end(), UP, buff=0.15).align_to(flat.get_end(), RIGHT)
            self.base_one = VGroup(flat, name)
            self.base_shown = 1.0
            # The pairs' rules dim meanwhile: base 1 has no logarithm, so they say nothing of it.
            self.play(Create(flat), fade_in(name), self.pair_rules.animate.set_opacity(RULES_DIMMED), run_time=0.8)
            self.hold_until_part_heard(0.95)
            self.base_shown = None          # the readout goes on to the new base as the line leaves
            self.play(fade_out(self.base_one), self.pair_rules.animate.set_opacity(1), run_time=0.5)
        for mob in moving:
            mob.update()
        self.placer.place()
        self.play(fade_in(*moving), run_time=1)

    def zoom_in(self, base):
        """Bring the base to `base`, then zoom: the square near the origin grows to fill the axes.

        A frame marks the closer view; the axis numbers and curve labels fade; the view then
        shrinks about (ZOOM_CENTRE, ZOOM_CENTRE), every curve, axis and tick redrawn in it on
        every frame, until the frame is the whole square; the closer axes' numbers fade in.
        The mirror line, the square's diagonal, stays where it is; its name fades and comes back
        with the curves' labels.
        """
        if abs(self.a - base) > 1e-9:
            self.play(self.base.animate.set_value(base), run_time=2)
        # The mirror's name goes too: the growing frame's edge would sweep across it.
        labels = [self.exp_label, self.log_label, self.mirror_name]
        region = self.live_frame(ZOOM_MIN, ZOOM_MAX)
        # The axes hand over to lines and ticks drawn in the moving view; the numbers come apart to fade.
        old_numbers = self.detach_numbers(self.axes)
        moving_axes = self.live_axes()
        self.remove(self.axes)
        self.add(moving_axes, old_numbers)
        self.play(Create(region), fade_out(old_numbers, *labels), run_time=1)
        self.hold_until_heard()     # "a closer look near the origin" is heard before the zoom

        closer = self.square_axes(ZOOM_MIN, ZOOM_MAX, ZOOM_NUMBERED)
        new_numbers = self.detach_numbers(closer)
        self.axes = closer
        self.play(self.zoom.animate.set_value(1), run_time=2)

        self.remove(moving_axes)
        self.add(closer)
        self.placer.bounds = box_of(VGroup(self.axes, new_numbers))
        self.placer.still = self.cover_of_still_things()
        self.placer.placed_for = None       # the still cover changed: place again
        self.placer.place()
        self.play(fade_in(new_numbers, *labels), fade_out(region), run_time=1)

    # --- the zoom --------------------------------------------------------------------------
    @property
    def view(self):
        """The axis range on both axes now: the whole view, the closer one, or between during the zoom."""
        t = self.zoom.get_value()
        if t <= 0:
            return (AXIS_MIN, AXIS_MAX)
        if t >= 1:
            return (ZOOM_MIN, ZOOM_MAX)
        shrink = ZOOM_FACTOR ** t
        return (ZOOM_CENTRE + (AXIS_MIN - ZOOM_CENTRE) / shrink, ZOOM_CENTRE + (AXIS_MAX - ZOOM_CENTRE) / shrink)

    @staticmethod
    def detach_numbers(axes):
        """Take the axes' numbers out of them (kept as axis.numbers too), to fade on their own."""
        numbers = VGroup(axes.x_axis.numbers, axes.y_axis.numbers)
        for axis in (axes.x_axis, axes.y_axis):
            axis.remove(axis.numbers)
        return numbers

    def live_axes(self):
        """Both axis lines and a tick at every whole number, drawn in the current view on every frame."""
        tick = self.axes.x_axis.ticks[0].get_length() / 2
        lines = VMobject(stroke_color=theme.MUTED, stroke_width=2)

        def redraw(m):
            low, high = self.view
            m.clear_points()
            for start, end in (((low, 0), (high, 0)), ((0, low), (0, high))):
                ends = self.to_screen(np.array([[*start, 0.0], [*end, 0.0]]))
                m.start_new_path(ends[0])
                m.add_line_to(ends[1])
            for k in range(math.ceil(low), math.floor(high) + 1):
                for where, across in (((k, 0), UP), ((0, k), RIGHT)):
                    centre = self.to_screen(np.array([[*where, 0.0]]))[0]
                    m.start_new_path(centre - tick * across)
                    m.add_line_to(centre + tick * across)

        lines.add_updater(redraw)
        lines.set_z_index(STILL_Z + 0.5)    # beneath the curves, as the axes were
        return lines.update()

    def live_frame(self, low, high):
        """The square from (low, low) to (high, high) in axis units, redrawn in the current view."""
        frame = VMobject(stroke_color=theme.HIGHLIGHT, stroke_width=3)
        corners = np.array([[low, low, 0.0], [high, low, 0.0], [high, high, 0.0], [low, high, 0.0], [low, low, 0.0]])
        frame.add_updater(lambda m: m.set_points_as_corners(self.to_screen(corners)))
        return frame.update()

    # --- pieces ----------------------------------------------------------------------------
    @property
    def a(self) -> float:
        return self.base.get_value()

    def to_screen(self, points):
        """(N, 3) axis coordinates to (N, 3) screen points in the current view (the axes' c2p
        when still; the square's corner is always (low, low) and its side always AXES_SIDE)."""
        points = np.atleast_2d(points)
        low, high = self.view
        screen = np.zeros((len(points), 3))
        screen[:, :2] = AXES_CORNER[:2] + (points[:, :2] - low) * (AXES_SIDE / (high - low))
        return screen

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

    def along_the_mirror(self):
        """Points where the mirror's name may go: near its upper end first, then down the line."""
        start, end = self.mirror.get_start(), self.mirror.get_end()
        return np.array([start + f * (end - start) for f in (0.95, 0.85, 0.75, 0.65)])

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
        self.equivalence = role_coloured(theme.formula("y", "=", r"\log_{a}", "x", r"\iff", "a", "^{y}", "=", "x", size=RULE_SIZE),
                                         base=(2, 5), argument=(3, 8), logarithm=(0, 6))
        # The base shown: the tracker's, but for base 1's flat line, drawn while no curve is (jump_base).
        self.base_shown: float | None = None
        self.base_readout = self.live_readout(
            lambda: self.base.get_value() if self.base_shown is None else self.base_shown)
        self.base_row = self.readout_row("a", self.base_readout)
        top = theme.stacked(self.title, self.equivalence, self.base_row, buff=PANEL_BUFF)
        top.to_edge(UP, buff=theme.EDGE).set_x(self.panel_left, direction=LEFT)
        theme.backdrop(top)     # the panel never overlaps the axes

    def live_readout(self, value):
        """One DecimalNumber following `value()`; retypeset only when its digits change."""
        return show_value(DecimalNumber(value(), num_decimal_places=2, font_size=theme.FORMULA_SIZE), value)

    def readout_row(self, symbol, number):
        """`symbol = number`, the number's digits on the formula's baseline."""
        left = theme.formula(f"{symbol} =")
        typeset = theme.formula(f"{symbol} = 0")    # only to find where TeX puts a digit's baseline
        left.move_to(typeset[0][:-1])
        number.next_to(left, RIGHT, buff=0.2).align_to(typeset[0][-1], DOWN)
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

    # --- labels ----------------------------------------------------------------------------
    def cover_of_still_things(self):
        """Sample points of the axes, their numbers and the mirror line, and the cost of hiding each."""
        parts = {"axis": [], "number": [], "mirror": [self.mirror]}
        for axis in (self.axes.x_axis, self.axes.y_axis):
            parts["axis"] += [VMobject().set_points(axis.points), axis.ticks]
            parts["number"].append(axis.numbers)
        points = {kind: outline_samples(mobs) for kind, mobs in parts.items()}
        return (np.vstack(list(points.values())),
                np.concatenate([np.full(len(p), STILL_COST[kind]) for kind, p in points.items()]))

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
