"""What a logarithm is: b·b·b = b³, so log_b b³ = 3, and log turns ×b into equal steps."""

import numpy as np
from manim import (
    DOWN, LEFT, PI, RIGHT, UP, Arrow, ArcBetweenPoints, Create, DashedLine, DecimalNumber, Dot,
    FadeIn, FadeOut, GrowArrow, GrowFromCenter, Indicate, Integer, LaggedStart, NumberLine,
    ReplacementTransform, Transform, TransformFromCopy, ValueTracker, VGroup, Write, config,
)

from loglesson import maths, theme
from loglesson.live import show_value
from loglesson.ticks import power_step
from loglesson.scene import LessonScene

BIG = 1.5 * theme.FORMULA_SIZE     # the lesson's own example, the largest thing on screen
PRODUCT_STEPS = (1, 2, 3)          # b, b·b, b·b·b
LINE_POWERS = range(5)             # b^0 .. b^4 on the log-scale line
# One colour per role, kept by every symbol as it moves: b^y = x and y = log_b x.
PART_COLORS = {"base": theme.ACCENT, "argument": theme.EXP, "value": theme.LOG}


def value_between_square_and_cube(b: int) -> int:
    """A whole number strictly between b² and b³, so not a whole power of b: floor(b^2.5).

    maths has no such helper; floor(b^2.5) gives 5 for b = 2 (the article's example), 15, 32, 55.
    """
    value = int(np.floor(maths.power(b, 2.5)))
    assert maths.power(b, 2) < value < maths.power(b, 3)
    return value


def whole(value: float) -> str:
    """A whole number from maths (a float such as 8.0) as it is written in a formula: 8."""
    return str(int(round(value)))


def still(number):
    """A copy of a live number without its updater, to fly somewhere without being rebuilt."""
    return number.copy().clear_updaters()


class WhatIsALogarithm(LessonScene):
    """b multiplied y times gives x: y = log_b x, the answer to "how many times?"."""

    scene_name = "exponent"

    def construct(self):
        self.b = self.params["base"]
        self.target = maths.power(self.b, PRODUCT_STEPS[-1])        # b³, the product reached
        self.between = value_between_square_and_cube(self.b)
        self.caption_line = None
        self.spoken = {   # the numbers the narration names, from the same maths as the picture
            "b": self.b,
            "b2": whole(maths.power(self.b, 2)),
            "b3": whole(self.target),
            "n": self.between,
            "value": f"{maths.log_base(self.between, self.b):.2f}",
        }
        self.multiply_again_and_again()
        self.write_as_power()
        self.carry_power_into_log()
        self.generalise_to_any_base()
        self.read_log_between_whole_numbers()
        self.turn_multiplication_into_equal_steps()

    # --- helpers ------------------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """The scene's text with the spoken numbers filled in (beat captions name b, b², b³)."""
        return super().t(key, **{**self.spoken, **values})

    def show_caption(self, key: str, **values) -> None:
        """The one on-screen line of explanation at the bottom, replacing the previous one."""
        line = theme.caption(self.t(key, **values))
        if self.caption_line is None:
            self.play(FadeIn(line, shift=0.2 * UP), run_time=0.8)
        else:
            self.play(FadeOut(self.caption_line, shift=0.2 * UP), FadeIn(line, shift=0.2 * UP), run_time=0.8)
        self.caption_line = line

    def clear_caption(self):
        """The caption's fade-out, to play together with other animations."""
        line, self.caption_line = self.caption_line, None
        return FadeOut(line)

    # --- beats --------------------------------------------------------------------------
    def multiply_again_and_again(self):
        self.beat("multiply")
        b = str(self.b)
        self.title = theme.title(self.t("title"))
        self.chain = theme.formula(b, rf"\times {b}", rf"\times {b}", "=", whole(self.target), size=BIG)
        self.chain.next_to(self.title, DOWN, buff=1.5)

        self.count = ValueTracker(PRODUCT_STEPS[0])
        self.count_number = Integer(PRODUCT_STEPS[0], font_size=BIG, color=theme.LOG)
        show_value(self.count_number, lambda: round(self.count.get_value()))
        self.product_number = Integer(self.b, font_size=BIG, color=theme.EXP)
        show_value(self.product_number, lambda: maths.power(self.b, round(self.count.get_value())))
        count_label = theme.words(self.t("count_label", b=self.b), theme.BODY_SIZE)
        product_label = theme.words(self.t("product_label"), theme.BODY_SIZE)
        labels = VGroup(count_label, product_label).arrange(DOWN, aligned_edge=RIGHT, buff=0.7)
        self.count_number.next_to(count_label, RIGHT, buff=0.3)
        self.product_number.next_to(product_label, RIGHT, buff=0.3)
        self.panel = VGroup(labels, self.count_number, self.product_number)
        self.panel.next_to(self.chain, DOWN, buff=0.9).set_x(0)

        self.shown_values = []      # (count, product) on the panel after each step
        self.play(Write(self.title), run_time=1.0)
        self.play(FadeIn(self.chain[0], scale=1.3), FadeIn(self.panel), run_time=1.2)
        self.record_counter()
        for k in PRODUCT_STEPS[1:]:
            self.play(
                FadeIn(self.chain[k - 1], shift=0.3 * LEFT),
                self.count.animate.set_value(k),
                run_time=1.2,
            )
            self.play(Indicate(self.product_number, color=theme.HIGHLIGHT), run_time=0.6)
            self.record_counter()
        self.play(
            FadeIn(self.chain[3]),
            ReplacementTransform(still(self.product_number), self.chain[4]),
            run_time=1.2,
        )
        self.wait(0.6)

    def record_counter(self):
        self.shown_values.append((self.count_number.get_value(), self.product_number.get_value()))

    def write_as_power(self):
        self.beat("power")
        n = PRODUCT_STEPS[-1]
        self.power = theme.formula(str(self.b), f"^{{{n}}}", "=", whole(self.target), size=BIG)
        self.power.move_to(self.chain)
        # The factors gather into one b; the counter's 3 becomes the exponent.
        self.play(
            ReplacementTransform(self.chain[0], self.power[0]),
            *(FadeOut(factor, target_position=self.power[0], scale=0.5) for factor in self.chain[1:3]),
            ReplacementTransform(still(self.count_number), self.power[1]),
            ReplacementTransform(self.chain[3], self.power[2]),
            ReplacementTransform(self.chain[4], self.power[3]),
            run_time=1.8,
        )
        self.wait(1.2)

    def carry_power_into_log(self):
        self.beat("log_form")
        b, n, x = str(self.b), str(PRODUCT_STEPS[-1]), whole(self.target)
        # "\log_{2}" stays one piece: a subscript split off from \log would sit apart from it.
        self.log_form = theme.formula(rf"\log_{{{b}}}", x, "=", n, size=BIG)
        log_word, base, argument, equals, value = (
            self.log_form[0][:3], self.log_form[0][3:], *self.log_form[1:],
        )
        self.iff = theme.formula(r"\iff", size=BIG)
        row = VGroup(self.power.copy(), self.iff, self.log_form).arrange(RIGHT, buff=0.7)
        row.move_to(self.power).set_x(0)
        slot = row[0]
        for part, color in ((slot[0], PART_COLORS["base"]), (slot[1], PART_COLORS["value"]),
                            (slot[3], PART_COLORS["argument"])):
            part.set_color(color)
        self.play(FadeOut(self.panel), Transform(self.power, slot), run_time=1.2)
        self.show_caption("how_many", b=self.b, x=x)
        for part, color in ((base, PART_COLORS["base"]), (argument, PART_COLORS["argument"]),
                            (value, PART_COLORS["value"])):
            part.set_color(color)
        self.play(FadeIn(self.iff), Write(log_word), run_time=0.8)
        # base → base, product → argument, exponent → the value: one after another, each in its colour.
        self.play(
            LaggedStart(
                TransformFromCopy(self.power[0], base, path_arc=PI / 3),
                TransformFromCopy(self.power[3], argument, path_arc=PI / 3),
                TransformFromCopy(self.power[2], equals, path_arc=PI / 3),
                TransformFromCopy(self.power[1], value, path_arc=PI / 3),
                lag_ratio=0.35,
            ),
            run_time=2.6,
        )
        self.wait(0.4)
        self.part_labels = VGroup(
            self.name_part(base, "base", PART_COLORS["base"], DOWN),
            self.name_part(argument, "argument", PART_COLORS["argument"], UP),
            self.name_part(value, "logarithm", PART_COLORS["value"], DOWN),
        )
        for label in self.part_labels:
            self.play(GrowArrow(label[0]), FadeIn(label[1], shift=0.2 * label.direction), run_time=0.8)
        self.wait(1.2)

    def name_part(self, part, key: str, color: str, direction) -> VGroup:
        """A named arrow pointing at one symbol of the formula, from above or below."""
        name = theme.words(self.t(key), theme.LABEL_SIZE, color=color)
        name.next_to(part, direction, buff=0.7)
        arrow = Arrow(name.get_edge_center(-direction), part.get_edge_center(direction),
                      buff=0.1, color=color, stroke_width=3, max_tip_length_to_length_ratio=0.35)
        label = VGroup(arrow, name)
        label.direction = direction
        return label

    def generalise_to_any_base(self):
        self.beat("general")
        general = theme.formula(
            "a", "^{y}", "=", "x", r"\iff", "y", "=", r"\log_{a}", "x", size=theme.FORMULA_SIZE * 1.2,
        )
        for part, role in ((general[0], "base"), (general[1], "value"), (general[3], "argument"),
                           (general[5], "value"), (general[7][3:], "base"), (general[8], "argument")):
            part.set_color(PART_COLORS[role])
        row = VGroup(self.power, self.iff, self.log_form)
        general.next_to(row, DOWN, buff=1.4)
        sources = [*self.power, self.iff, self.log_form[3], self.log_form[2], self.log_form[0], self.log_form[1]]
        self.play(FadeOut(self.part_labels), self.clear_caption(), run_time=0.6)
        self.play(*(TransformFromCopy(s, g) for s, g in zip(sources, general)), run_time=2.0)
        conditions = theme.formula(r"(a > 0,\ a \neq 1,\ x > 0)", size=theme.FORMULA_SIZE, color=theme.MUTED)
        conditions.next_to(general, DOWN, buff=0.45)
        self.play(FadeIn(conditions, shift=0.2 * UP), run_time=0.8)
        self.show_caption("same_fact")
        self.wait(1.4)
        self.general = general
        self.play(
            FadeOut(VGroup(self.title, row, conditions)),
            self.clear_caption(),
            general.animate.scale(0.8).to_edge(UP, buff=theme.EDGE),
            run_time=1.2,
        )

    def read_log_between_whole_numbers(self):
        self.beat("between")
        b, n = self.b, self.between
        top = 1.15 * maths.power(b, 3)                  # headroom above b³ for the curve's end
        self.axes = theme.lesson_axes(
            x_range=(0, 3.5, 1), y_range=(0, top, power_step(b, top, 10)), x_length=6.0, y_length=4.7,
            numbers=False,
        )
        self.axes.next_to(self.general, DOWN, buff=0.5).to_edge(LEFT, buff=1.0)
        self.axes.x_axis.add_numbers(range(4))
        ticked = [maths.power(b, k) for k in (1, 2, 3) if maths.power(b, k) >= self.axes.y_axis.x_range[2]]
        self.axes.y_axis.add_numbers(ticked)
        axis_names = VGroup(
            self.axes.get_x_axis_label(theme.formula("y", color=theme.LOG, size=theme.FORMULA_SIZE * 0.8),
                                       edge=RIGHT, direction=DOWN, buff=0.25),
            self.axes.get_y_axis_label(theme.formula("x", color=theme.EXP, size=theme.FORMULA_SIZE * 0.8),
                                       edge=UP, direction=RIGHT, buff=0.25),
        )
        whole_points = VGroup(*(
            Dot(self.axes.c2p(k, maths.power(b, k)), color=theme.EXP) for k in range(4)
        ))
        self.exp_curve = self.axes.plot(
            lambda y: maths.power(b, y), x_range=[0, maths.log_base(top, b), 0.05], color=theme.EXP,
        )
        curve_name = theme.formula(f"x = {b}^{{y}}", color=theme.EXP, size=theme.FORMULA_SIZE * 0.8)
        curve_name.next_to(self.exp_curve.get_end(), LEFT, buff=0.3)

        self.play(Create(self.axes), FadeIn(axis_names), run_time=1.2)
        self.play(FadeIn(whole_points, lag_ratio=0.3), run_time=1.0)
        self.play(Create(self.exp_curve), FadeIn(curve_name), run_time=1.5)

        bracket = theme.formula(
            f"{b}^2 = {whole(maths.power(b, 2))}", "<", str(n), "<", f"{whole(maths.power(b, 3))} = {b}^3",
        )
        bracket[2].set_color(theme.HIGHLIGHT)
        self.read_off = maths.log_base(n, b)
        self.crossing = Dot(self.axes.c2p(self.read_off, n), color=theme.HIGHLIGHT)
        self.level_line = DashedLine(self.axes.c2p(0, n), self.crossing.get_center(), color=theme.HIGHLIGHT)
        self.drop_line = DashedLine(self.crossing.get_center(), self.axes.c2p(self.read_off, 0), color=theme.LOG)
        self.foot = Dot(self.axes.c2p(self.read_off, 0), color=theme.LOG)
        level_name = theme.formula(str(n), color=theme.HIGHLIGHT, size=theme.SMALL_SIZE)
        level_name.next_to(self.axes.c2p(0, n), LEFT, buff=0.15)
        between = theme.formula("2", "<", rf"\log_{{{b}}} {n}", "<", "3")
        between[2].set_color(theme.LOG)
        self.read_number = DecimalNumber(self.read_off, num_decimal_places=2, color=theme.LOG,
                                         font_size=theme.FORMULA_SIZE)
        reading = VGroup(theme.formula(rf"\log_{{{b}}} {n} \approx"), self.read_number).arrange(RIGHT, buff=0.2)
        self.read_number.align_to(reading[0][0][4], DOWN)   # on the baseline of n, below log's subscript
        panel = theme.stacked(bracket, between, reading, buff=0.5)
        panel.next_to(self.axes, RIGHT, buff=0.9).align_to(self.axes, UP)

        self.play(FadeIn(bracket, shift=0.2 * LEFT), run_time=1.0)
        self.play(FadeIn(level_name), Create(self.level_line), run_time=1.2)
        self.play(GrowFromCenter(self.crossing), run_time=0.5)
        self.play(Create(self.drop_line), run_time=1.0)
        self.play(GrowFromCenter(self.foot), FadeIn(between, shift=0.2 * LEFT), run_time=1.0)
        self.play(FadeIn(reading[0]), TransformFromCopy(self.foot, self.read_number), run_time=1.2)
        self.show_caption("not_whole")
        self.wait(1.5)
        self.play(
            FadeOut(VGroup(self.axes, axis_names, whole_points, self.exp_curve, curve_name, level_name,
                           self.level_line, self.crossing, self.drop_line, self.foot, panel)),
            self.clear_caption(),
            run_time=0.8,
        )

    def turn_multiplication_into_equal_steps(self):
        self.beat("equal_steps")
        b = self.b
        self.log_line = NumberLine(x_range=[0, LINE_POWERS[-1], 1], length=10.0, color=theme.MUTED,
                                   stroke_width=2)
        self.step_values = [maths.power(b, k) for k in LINE_POWERS]
        self.step_dots = VGroup(*(
            Dot(self.log_line.n2p(maths.log_base(value, b)), color=theme.EXP) for value in self.step_values
        ))
        value_names = VGroup(*(
            theme.formula(whole(value), color=theme.EXP, size=theme.FORMULA_SIZE * 0.8).next_to(dot, UP, buff=0.25)
            for value, dot in zip(self.step_values, self.step_dots)
        ))
        log_names = VGroup(*(
            theme.formula(str(k), color=theme.LOG, size=theme.FORMULA_SIZE * 0.8).next_to(dot, DOWN, buff=0.3)
            for k, dot in zip(LINE_POWERS, self.step_dots)
        ))
        row_names = VGroup(
            theme.formula("x", color=theme.EXP, size=theme.FORMULA_SIZE * 0.8),
            theme.formula(rf"\log_{{{b}}} x", color=theme.LOG, size=theme.FORMULA_SIZE * 0.8),
        )
        picture = VGroup(self.log_line, self.step_dots, value_names, log_names)
        row_names[0].next_to(self.log_line, LEFT, buff=0.6).match_y(value_names)
        row_names[1].next_to(self.log_line, LEFT, buff=0.6).match_y(log_names)

        times = VGroup()
        plus = VGroup()
        for left, right, lower_left, lower_right in zip(value_names, value_names[1:], log_names, log_names[1:]):
            arc = ArcBetweenPoints(left.get_top() + 0.1 * UP, right.get_top() + 0.1 * UP, angle=-PI / 2.5,
                                   color=theme.HIGHLIGHT, stroke_width=3)
            arc.add_tip(tip_length=0.18)
            name = theme.formula(rf"\times {b}", color=theme.HIGHLIGHT, size=theme.FORMULA_SIZE * 0.7)
            name.next_to(arc, UP, buff=0.1)
            times.add(VGroup(arc, name))
            step = theme.formula("+1", color=theme.LOG, size=theme.FORMULA_SIZE * 0.7)
            step.move_to((lower_left.get_center() + lower_right.get_center()) / 2)
            plus.add(step)

        rule = theme.formula(rf"\log_{{{b}}} ({b}\,x) = \log_{{{b}}} x + 1", size=theme.FORMULA_SIZE)
        rule.next_to(log_names, DOWN, buff=0.6)
        # The whole picture centred in the space left below the heading.
        drawing = VGroup(picture, row_names, times, plus, rule)
        drawing.set_y((self.general.get_bottom()[1] - config.frame_height / 2) / 2)

        self.play(Create(self.log_line), FadeIn(row_names), run_time=1.0)
        self.play(GrowFromCenter(self.step_dots[0]), FadeIn(value_names[0]), run_time=0.6)
        for k in range(1, len(self.step_dots)):
            self.play(
                Create(times[k - 1][0]), FadeIn(times[k - 1][1]),
                TransformFromCopy(self.step_dots[k - 1], self.step_dots[k], path_arc=PI / 2.5),
                FadeIn(value_names[k]),
                run_time=0.9,
            )
        self.play(FadeIn(log_names, lag_ratio=0.2), run_time=1.0)
        self.play(FadeIn(plus, lag_ratio=0.2), run_time=1.0)
        self.play(Write(rule), run_time=1.2)
        self.show_caption("steps_caption", b=b)
        self.wait(2.0)
