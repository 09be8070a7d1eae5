"""The mirror of the tangent clip's derivation, in two pictures: a slope of 1 is parallel to the
mirror, so ln x's tangent of slope 1 at x = 1 mirrors into e^y's of slope 1 at y = 0
(`ParallelToTheMirror`); and e^y's slope triangle mirrored across the diagonal is ln x's, its
rise and run swapped, so the slope e^y becomes 1/e^y = 1/x (`MirroredSlope`)."""

import math

import numpy as np
from manim import (
    DOWN, DR, LEFT, RIGHT, UL, UP, UR, AnimationGroup, FadeIn, FadeOut, Line, Transform, TransformMatchingShapes,
    VGroup, Dot, VMobject,
)

from loglesson import maths, theme

# The mirror picture of the derivation: x = e^y at y = MIRROR_Y0 (a slope far enough from 1 that
# its reciprocal looks different, and a triangle clear of the axes), its slope triangle one unit
# wide, on square axes from MIRROR_LOW to MIRROR_HIGH on both sides.
MIRROR_Y0 = 0.3
MIRROR_LOW, MIRROR_HIGH = -0.5, 2.8
RUN_NAME_INSET = 0.15    # the run's name (e^y = x) ends this far (on screen) short of the run's end
MIRROR_REACH = (-0.7, 1.05)     # the tangent drawn from y0 - 0.7 to y0 + 1.05, inside the axes
PARALLEL_REACH = (-0.45, 1.3)   # ln x's tangent at x = 1 drawn from x = 0.55 to 2.3, inside the axes
NAME_GAP = 0.12                 # a curve's name this far from the curve's end
IMAGE_OPACITY = 0.35            # a curve's faint twin: a mirror image before the mirroring lands on it, or the curve left behind


class _MirrorPicture(VGroup):
    """Square axes from MIRROR_LOW to MIRROR_HIGH, `side` long and centred at `center`, named
    `across` and `up` at their ends, with the dashed mirror y = x and its name."""

    def __init__(self, side: float, center: np.ndarray, across: str, up: str):
        super().__init__()
        self.axes = theme.lesson_axes(x_range=(MIRROR_LOW, MIRROR_HIGH, 1), y_range=(MIRROR_LOW, MIRROR_HIGH, 1),
                                      x_length=side, y_length=side, numbers=False)
        self.axes.move_to(center)
        across_name = theme.formula(across, size=theme.SMALL_SIZE, color=theme.MUTED)
        up_name = theme.formula(up, size=theme.SMALL_SIZE, color=theme.MUTED)
        across_name.next_to(self.axes.x_axis.get_end(), RIGHT, buff=0.15)
        up_name.next_to(self.axes.y_axis.get_end(), UP, buff=0.1)
        self.names = VGroup(across_name, up_name)
        self.diagonal = theme.mirror_line(self.axes, MIRROR_LOW, MIRROR_HIGH)
        self.diagonal_name = theme.formula("y = x", size=theme.SMALL_SIZE, color=theme.MUTED)
        self.diagonal_name.next_to(self.diagonal.get_end(), UR, buff=0.05)

    def through(self, points: np.ndarray, color: str, width: float, smooth: bool = True) -> VMobject:
        """The curve (or, not smooth, the polyline) through points given in axis coordinates."""
        if smooth:
            return theme.curve_through(self.axes, points[:, 0], points[:, 1], color, stroke_width=width)
        corners = [self.axes.c2p(*point) for point in points]
        return VMobject(stroke_color=color, stroke_width=width).set_points_as_corners(corners)

    def mirror_of(self, place: np.ndarray) -> np.ndarray:
        """The screen point mirrored across the axes' diagonal."""
        return self.axes.c2p(*maths.reflect_across_identity([self.axes.p2c(place)])[0])

    def traded_names(self) -> VGroup:
        """The axes' names, each moved to the other's place (as the mirror trades the axes)."""
        across, up = self.names
        return VGroup(across.copy().move_to(up), up.copy().move_to(across))


class MirroredSlope(_MirrorPicture):
    """x = e^y with the triangle of its slope at y0 (run 1, rise e^y0), and the same mirrored
    across the diagonal: y = ln x, whose triangle has rise 1 and run e^y0, slope 1/e^y0."""

    def __init__(self, top: float, bottom: float, slope_word: str):
        # Before the mirror the exponent y runs across and x = e^y goes up; after it, the reverse.
        super().__init__(top - bottom, np.array([0.0, (top + bottom) / 2, 0.0]), "y", "x")

        ys = maths.samples(MIRROR_LOW, maths.log_base(MIRROR_HIGH, math.e), 0.02)
        self.exp_points = np.column_stack([ys, maths.power(math.e, ys)])     # (y, x): x = e^y
        self.curve = self.through(self.exp_points, theme.EXP, 4)
        # Its mirror image across the diagonal, faint, as the graphs' being mirror images is said:
        # y = ln x, where the mirroring will then carry the curve.
        self.image = self.through(maths.reflect_across_identity(self.exp_points), theme.LOG, 4)
        self.image.set_stroke(opacity=IMAGE_OPACITY)
        self.y0 = MIRROR_Y0
        self.slope = float(maths.power(math.e, self.y0))                     # d/dy e^y = e^y
        x0 = self.slope
        self.triangle = np.array([[self.y0, x0], [self.y0 + 1, x0], [self.y0 + 1, x0 + self.slope]])
        reach = np.array(MIRROR_REACH)
        self.tangent_ends = np.column_stack([self.y0 + reach, x0 + reach * self.slope])
        self.tangent = self.through(self.tangent_ends, theme.SLOPE, 4, smooth=False)
        self.legs = self.through(self.triangle, theme.MUTED, 2.5, smooth=False)
        # The run's name under it; the rise's inside the triangle, away from the diagonal.
        run, rise = Line(*self.legs.get_anchors()[:2]), Line(*self.legs.get_anchors()[-2:])
        self.leg_names = VGroup(theme.formula("1", size=theme.SMALL_SIZE).next_to(run, DOWN, buff=0.1),
                                theme.formula("e^y", size=theme.SMALL_SIZE).next_to(rise, LEFT, buff=0.1))
        # The slope, rise over run, beside the picture: e^y / 1, then 1 / e^y.
        word = theme.words(slope_word, theme.BODY_SIZE, theme.SLOPE_INK)
        self.ratio = VGroup(word, theme.formula("=", r"{e^y", r"\over", r"1}", size=theme.FORMULA_SIZE, color=theme.SLOPE_INK))
        self.ratio.arrange(RIGHT, buff=0.15).next_to(self.axes, RIGHT, buff=1.0)
        self.turned = theme.formula("=", r"{1", r"\over", r"e^y}", size=theme.FORMULA_SIZE, color=theme.SLOPE_INK)
        self.turned.move_to(self.ratio[1], LEFT)
        # Left of the upright axis near its top: between the axis and the curve there is no room.
        self.curve_name = theme.formula("x = e^y", size=theme.SMALL_SIZE, color=theme.EXP)
        self.curve_name.next_to(self.axes.c2p(0, MIRROR_HIGH - 0.3), LEFT, buff=0.15)
        self.add(self.axes, self.names, self.diagonal, self.diagonal_name, self.curve, self.tangent, self.legs,
                 self.leg_names, self.curve_name, self.ratio)

    def mirroring(self) -> list:
        """Every line to its mirror image: the curve turns into y = ln x (a logarithm: orange),
        the run becomes the rise and the rise the run. Words never pass through each other: the
        old names and slope fade out, then the new ones fade in where they belong (the legs'
        names at the mirror images of their places, upright; the axes' names traded)."""
        log_curve = self.through(maths.reflect_across_identity(self.exp_points), theme.LOG, 4)
        tangent = self.through(maths.reflect_across_identity(self.tangent_ends), theme.SLOPE, 4, smooth=False)
        legs = self.through(maths.reflect_across_identity(self.triangle), theme.MUTED, 2.5, smooth=False)
        # Under the mirrored curve's far end, clear of the mirrored tangent and legs above it.
        self.log_name = theme.formula(r"y = \ln x", size=theme.SMALL_SIZE, color=theme.LOG)
        self.log_name.next_to(self.axes.c2p(*maths.reflect_across_identity(self.exp_points)[-1]), DOWN, buff=0.4)
        before = VGroup(self.names, self.leg_names, self.curve_name, self.ratio[1])
        leg_names = VGroup(*(name.copy().move_to(self.mirror_of(name.get_center())) for name in self.leg_names))
        names = self.traded_names()
        self.names, self.leg_names = names, leg_names
        return [
            Transform(self.curve, log_curve), Transform(self.tangent, tangent), Transform(self.legs, legs),
            AnimationGroup(FadeOut(before), FadeIn(VGroup(names, leg_names, self.log_name, self.turned)), lag_ratio=1),
        ]

    def naming_the_run_x(self) -> list:
        """The run is e^y long, and e^y is x at the point (y = ln x): 1/e^y is 1/x. The run's
        name moves above it, clear of the tangent, its right end short of the tangent's."""
        start, end = maths.reflect_across_identity(self.triangle[1:])       # the rise, mirrored: the run
        run, name = Line(self.axes.c2p(*start), self.axes.c2p(*end)), self.leg_names[1]
        self.run_is_x = theme.formula("e^y = x", size=theme.SMALL_SIZE)
        self.run_is_x.next_to(run, UP, buff=0.08).align_to(run.get_end() + RUN_NAME_INSET * LEFT, RIGHT)
        self.over_x = theme.formula("=", r"{1", r"\over", r"x}", size=theme.FORMULA_SIZE, color=theme.SLOPE_INK)
        self.over_x.move_to(self.turned, LEFT)
        return [TransformMatchingShapes(name, self.run_is_x), TransformMatchingShapes(self.turned, self.over_x)]

    def on_screen(self) -> list:
        """What the picture shows at its end (the names and the slope as they last changed)."""
        return [self.axes, self.names, self.diagonal, self.diagonal_name, self.image, self.curve, self.tangent,
                self.legs, self.leg_names[0], self.run_is_x, self.log_name, self.ratio[0], self.over_x]


class ParallelToTheMirror(_MirrorPicture):
    """y = ln x with its tangent of slope 1 at x = 1, parallel to the mirror y = x; mirrored, the
    curve is x = e^y and the tangent its tangent at y = 0, still parallel to the mirror: slope 1.
    On square axes from MIRROR_LOW to MIRROR_HIGH, `side` long, centred at `center`. The point
    touched is named as the lines name it: x = 1, then, mirrored, y = 0."""

    def __init__(self, side: float, center: np.ndarray):
        super().__init__(side, center, "x", "y")
        xs = maths.samples(maths.power(math.e, MIRROR_LOW), MIRROR_HIGH, 0.02)
        self.log_points = np.column_stack([xs, maths.log_base(xs, math.e)])   # (x, y): y = ln x
        self.curve = self.through(self.log_points, theme.LOG, 4)
        self.slope = float(maths.log_derivative(1.0, math.e))                # 1/(1 ln e) = 1
        reach = np.array(PARALLEL_REACH)
        self.touch = np.array([1.0, float(maths.log_base(1.0, math.e))])     # (1, 0)
        self.tangent_ends = np.column_stack([self.touch[0] + reach, self.touch[1] + reach * self.slope])
        self.tangent = self.through(self.tangent_ends, theme.SLOPE, 4, smooth=False)
        self.dot = Dot(self.axes.c2p(*self.touch), radius=0.06, color=theme.SLOPE)
        # Below right of the point, clear of both curves (they leave it up right and down left);
        # mirrored, above left: the mirror image of that place. Written in SLOPE_INK, as every
        # word in the slope colour is (in SLOPE its thin strokes hardly stood out from the ground).
        self.point_name = theme.formula(f"x = {self.touch[0]:g}", size=theme.SMALL_SIZE, color=theme.SLOPE_INK)
        self.point_name.next_to(self.dot, DR, buff=0.05)
        # Each curve is named at its far end, on the right: clear of the tangent and the mirror.
        self.curve_name = theme.formula(r"y = \ln x", size=theme.SMALL_SIZE, color=theme.LOG)
        self.curve_name.next_to(self.axes.c2p(*self.log_points[-1]), RIGHT, buff=NAME_GAP)
        # What the name means, written under it when it is said (not part of the picture at first).
        self.meaning = theme.formula(r"\Leftrightarrow\; e^y = x", size=theme.SMALL_SIZE, color=theme.LOG)
        self.meaning.next_to(self.curve_name, DOWN, buff=0.1, aligned_edge=RIGHT)   # inside the margin
        # ln x's graph stays, faint and unnamed, where it was while the mirroring is shown (the
        # scene then removes it: under the traded axes' names it would read as another curve).
        self.ghost = self.curve.copy().set_stroke(opacity=IMAGE_OPACITY)
        self.add(self.axes, self.names, self.diagonal, self.diagonal_name, self.curve, self.tangent, self.dot,
                 self.point_name, self.curve_name)

    def mirroring(self) -> list:
        """The curve to its mirror image x = e^y, the tangent to the tangent at y = 0 (a line
        parallel to the mirror stays parallel to it), the point (1, 0) to (0, 1), the axes' names
        traded; the names fade out, then in at their new places."""
        mirrored = maths.reflect_across_identity(self.log_points)
        exp_curve = self.through(mirrored, theme.EXP, 4)
        tangent = self.through(maths.reflect_across_identity(self.tangent_ends), theme.SLOPE, 4, smooth=False)
        self.exp_name = theme.formula("x = e^y", size=theme.SMALL_SIZE, color=theme.EXP)
        self.exp_name.next_to(self.axes.c2p(*mirrored[-1]), RIGHT, buff=NAME_GAP)
        names = self.traded_names()
        point_name = theme.formula(f"y = {self.touch[1]:g}", size=theme.SMALL_SIZE, color=theme.SLOPE_INK)
        point_name.next_to(self.mirror_of(self.dot.get_center()), UL, buff=0.05 + self.dot.radius)
        before = VGroup(self.names, self.curve_name, self.meaning, self.point_name)
        self.names, self.point_name = names, point_name
        return [
            FadeIn(self.ghost), Transform(self.curve, exp_curve), Transform(self.tangent, tangent),
            self.dot.animate.move_to(self.mirror_of(self.dot.get_center())),
            AnimationGroup(FadeOut(before), FadeIn(VGroup(names, self.exp_name, point_name)), lag_ratio=1),
        ]

    def on_screen(self) -> list:
        return [self.axes, self.names, self.diagonal, self.diagonal_name, self.curve, self.tangent,
                self.dot, self.point_name, self.exp_name]
