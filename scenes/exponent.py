"""What a logarithm is: b·b·b = b³, so log_b b³ = 3, and log turns ×b into equal steps."""

import numpy as np
from manim import (
    DOWN, LEFT, PI, RIGHT, UP, UR, Arrow, ArcBetweenPoints, Brace, Circumscribe, Create, DashedLine,
    DecimalNumber, Dot, FadeIn, FadeOut, GrowArrow, GrowFromCenter, ITALIC, Indicate, Integer, NumberLine,
    FadeTransform, ReplacementTransform, Transform, TransformFromCopy, ValueTracker, VGroup, Write,
)

from loglesson import maths, theme
from loglesson.live import show_value
from loglesson.ticks import power_step
from loglesson.scene import LessonScene

BIG = 1.5 * theme.FORMULA_SIZE     # the lesson's own example, the largest thing on screen
PRODUCT_STEPS = (1, 2, 3)          # b, b·b, b·b·b
LINE_POWERS = range(5)             # b^0 .. b^4 on the log-scale line
STEP_SIZE = 1.2 * theme.SMALL_SIZE  # the line's "× b" and "+1": the point of the picture, read at 480p
# One colour per role, kept by every symbol from the first product to the last picture:
# in b^y = x and y = log_b x the base is purple, the power x blue, the exponent y orange.
PART_COLORS = {"base": theme.ACCENT, "argument": theme.EXP, "value": theme.LOG}
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
ROW_GAP = 0.7                      # between the two sides of an equivalence
QUESTION_SIZE = 1.2 * theme.FORMULA_SIZE   # b × b × ⋯ = b³, level with the words beside it
NUMBER_CLEARANCE = 0.35            # between an axis number and n's own name on the axis
# The example's row sits here: room above it for the division row under the title, below it
# for the general form and its conditions above the captions' band.
CHAIN_Y = 0.6


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


def pulse(mob, scale_factor=1.2):
    """Draw the eye to a symbol by a short swell in its own colour: roles keep their colours."""
    return Indicate(mob, color=mob.get_color(), scale_factor=scale_factor)


def ring(mob):
    """Draw the eye to a formula of several colours by a yellow ring around it (colours kept)."""
    return Circumscribe(mob, color=theme.HIGHLIGHT, buff=0.15)


def align_at(row, anchor, other_anchor):
    """Shift `row` sideways so that its `anchor` (an ⇔) sits right above or below `other_anchor`."""
    row.shift((other_anchor.get_x() - anchor.get_x()) * RIGHT)
    return row


class WhatIsALogarithm(LessonScene):
    """b multiplied y times gives x: y = log_b x, the answer to "how many?"."""

    scene_name = "exponent"

    def construct(self):
        self.b = self.params["base"]
        self.target = maths.power(self.b, PRODUCT_STEPS[-1])        # b³, the product reached
        self.between = value_between_square_and_cube(self.b)
        self.spoken = {   # the numbers the narration names, from the same maths as the picture
            "b": self.b,
            "bs": str(self.b).translate(SUBSCRIPT),                  # log₂ in a caption
            "b2": whole(maths.power(self.b, 2)),
            "b3": whole(self.target),
            "b4": whole(maths.power(self.b, 4)),
            "n": self.between,
            "value": f"{maths.log_base(self.between, self.b):.2f}",
            "check": f"{self.check_power():.2f}",
        }
        self.start_from_the_loss()
        self.multiply_again_and_again()
        self.write_as_power()
        self.ask_how_many()
        self.undo_like_division()
        self.name_the_parts()
        self.generalise_to_any_base()
        self.read_log_between_whole_numbers()
        self.turn_multiplication_into_equal_steps()

    # --- helpers ------------------------------------------------------------------------
    def t(self, key: str, **values) -> str:
        """The scene's text with the spoken numbers filled in (beat captions name b, b², b³)."""
        return super().t(key, **{**self.spoken, **values})

    def colour_parts(self, *pairs) -> None:
        for part, role in pairs:
            part.set_color(PART_COLORS[role])

    # --- beats --------------------------------------------------------------------------
    def start_from_the_loss(self):
        """Why: the loss that trains a classifier is built from log, and training needs its slope."""
        self.beat("why")
        name = theme.words(self.t("loss_name"), theme.BODY_SIZE)
        loss = theme.formula(r"L = -\big[\,t", r"\log y", r"+ (1-t)", r"\log(1-y)", r"\,\big]")
        for part in (loss[1], loss[3]):
            part.set_color(theme.LOG)
        # Said in words: d/dy is met only in the tangent clip.
        # y slanted, as in the formula above it; log upright, as there.
        slope = theme.words(self.t("slope_question"), theme.BODY_SIZE, t2c={"log y": theme.LOG}, t2s={" y": ITALIC})
        hook = VGroup(name, loss, slope).arrange(DOWN, buff=0.6).move_to(0.6 * UP)
        self.play(FadeIn(name), FadeIn(loss, shift=0.2 * UP), run_time=1.2)
        self.play(pulse(loss[1]), pulse(loss[3]), run_time=1.2)
        self.cue()
        self.play(FadeIn(slope, shift=0.2 * UP), run_time=1.0)
        self.wait(0.5)
        self.cue()
        self.title = theme.title(self.t("title"))
        self.play(FadeOut(hook), run_time=0.6)
        self.play(Write(self.title), run_time=1.0)

    def multiply_again_and_again(self):
        self.beat("multiply")
        b = str(self.b)
        self.chain = theme.formula(b, rf"\times {b}", rf"\times {b}", "=", whole(self.target), size=BIG)
        self.chain.move_to(CHAIN_Y * UP)
        for factor in self.chain[:3]:
            factor[-1].set_color(PART_COLORS["base"])
        self.chain[4].set_color(PART_COLORS["argument"])

        self.count = ValueTracker(PRODUCT_STEPS[0])
        self.count_number = Integer(PRODUCT_STEPS[0], font_size=BIG, color=PART_COLORS["value"])
        show_value(self.count_number, lambda: round(self.count.get_value()))
        self.product_number = Integer(self.b, font_size=BIG, color=PART_COLORS["argument"])
        show_value(self.product_number, lambda: maths.power(self.b, round(self.count.get_value())))
        count_label = theme.words(self.t("count_label", b=self.b), theme.BODY_SIZE)
        product_label = theme.words(self.t("product_label"), theme.BODY_SIZE)
        labels = VGroup(count_label, product_label).arrange(DOWN, aligned_edge=RIGHT, buff=0.7)
        self.count_number.next_to(count_label, RIGHT, buff=0.3)
        self.product_number.next_to(product_label, RIGHT, buff=0.3)
        self.panel = VGroup(labels, self.count_number, self.product_number)
        self.panel.next_to(self.chain, DOWN, buff=0.9).set_x(0)

        self.shown_values = []      # (count, product) on the panel after each step
        self.play(FadeIn(self.chain[0], scale=1.3), FadeIn(self.panel), run_time=1.2)
        self.record_counter()
        self.cue()
        for k in PRODUCT_STEPS[1:]:
            self.play(
                FadeIn(self.chain[k - 1], shift=0.3 * LEFT),
                self.count.animate.set_value(k),
                run_time=1.2,
            )
            self.play(pulse(self.product_number), run_time=0.6)
            self.record_counter()
        # The product reached is written at the end of the chain as the panel's product lights up.
        self.play(FadeIn(self.chain[3:]), pulse(self.product_number), run_time=1.2)

    def record_counter(self):
        self.shown_values.append((self.count_number.get_value(), self.product_number.get_value()))

    def write_as_power(self):
        self.beat("power")
        n = PRODUCT_STEPS[-1]
        # The panel leaves; its count, 3, is written under the factors it counted.
        brace = Brace(self.chain[:3], DOWN, buff=0.2, color=theme.MUTED)
        count = theme.formula(str(n), size=BIG, color=PART_COLORS["value"]).next_to(brace, DOWN, buff=0.2)
        self.play(FadeOut(self.panel), run_time=0.6)
        self.play(GrowFromCenter(brace), FadeIn(count, shift=0.2 * UP), run_time=1.0)
        self.wait(0.8)
        self.power = theme.formula(str(self.b), f"^{{{n}}}", "=", whole(self.target), size=BIG)
        self.colour_parts((self.power[0], "base"), (self.power[1], "value"), (self.power[3], "argument"))
        self.power.move_to(self.chain)
        # First the repeated factors leave, then the first b, the count and "= b³" close up
        # into the freed space: nothing moves across another symbol.
        self.play(FadeOut(VGroup(self.chain[1], self.chain[2], brace)), run_time=0.7)
        self.play(
            ReplacementTransform(self.chain[0], self.power[0]),
            FadeTransform(count, self.power[1]),    # TeX's small 3 is another glyph: morphed, it crumpled
            ReplacementTransform(self.chain[3], self.power[2]),
            ReplacementTransform(self.chain[4], self.power[3]),
            run_time=1.4,
        )
        self.cue()
        self.wait(0.5)

    def ask_how_many(self):
        """The reverse question, asked on screen, and its answer written as a logarithm."""
        self.beat("log_form")
        b, n, x = str(self.b), str(PRODUCT_STEPS[-1]), whole(self.target)
        # "\log_{2}" stays one piece: a subscript split off from \log would sit apart from it.
        self.log_form = theme.formula(rf"\log_{{{b}}}", x, "=", n, size=BIG)
        self.log_word, self.log_base_part = self.log_form[0][:3], self.log_form[0][3:]
        self.colour_parts((self.log_base_part, "base"), (self.log_form[1], "argument"),
                          (self.log_form[3], "value"))
        self.iff = theme.formula(r"\iff", size=BIG)
        self.row = VGroup(self.power.copy(), self.iff, self.log_form).arrange(RIGHT, buff=ROW_GAP)
        self.row.move_to(self.power).set_x(0)
        # On screen the question in short, as a product with its count missing (the voice asks it in full).
        # (TeX's digits are smaller than the words' letters at one size: this sets them level.)
        factors = theme.formula(b, r"\times", b, r"\times \cdots =", x, size=QUESTION_SIZE)
        self.colour_parts((factors[0], "base"), (factors[2], "base"), (factors[4], "argument"))
        question = VGroup(factors, theme.words(self.t("how_many"), theme.BODY_SIZE)).arrange(RIGHT, buff=0.3)
        question[1].align_to(factors[0], DOWN)
        question.next_to(self.row, DOWN, buff=0.9).set_x(0)
        self.question = question
        # 2³ = 8 slides left into its place in the row; the question appears below it.
        self.play(Transform(self.power, self.row[0]), run_time=1.0)
        self.row.submobjects[0] = self.power
        self.cue()
        self.play(FadeIn(question, shift=0.2 * UP), run_time=0.8)
        self.cue()
        # "The answer is 3": the count in the power, which answers the question, lights first;
        # then its parts light up in the power as they are written in the logarithm, each in place.
        self.play(pulse(self.power[1], 1.4), run_time=0.8)
        self.play(FadeIn(self.iff), Write(self.log_word), run_time=0.8)
        self.play(pulse(self.power[0], 1.4), FadeIn(self.log_base_part, scale=1.4), run_time=0.8)
        self.play(pulse(self.power[3], 1.4), FadeIn(self.log_form[1], scale=1.4), run_time=0.8)
        self.play(pulse(self.power[1], 1.4), FadeIn(self.log_form[2:], scale=1.4), run_time=0.8)

    def undo_like_division(self):
        """The article's analogy: as ÷ undoes ×, log undoes the power."""
        self.beat("undo")
        b, b2, b3 = str(self.b), self.spoken["b2"], self.spoken["b3"]
        division = self.equivalence(
            theme.formula(b2, rf"\times {b}", "=", b3, size=BIG, color=theme.MUTED),
            theme.formula(b3, rf"\div {b}", "=", b2, size=BIG, color=theme.MUTED),
            color=theme.MUTED,
        )
        division.next_to(self.row, UP, buff=0.7)
        align_at(division, division[1], self.iff)
        self.play(FadeOut(self.question), FadeIn(division[0], shift=0.2 * DOWN), run_time=1.0)
        self.play(FadeIn(division[1:], shift=0.2 * DOWN), run_time=1.0)
        self.cue()
        self.play(ring(self.log_form), run_time=1.2)
        self.wait(0.5)
        # Cleared before the names are spoken, so that each name appears as it is said.
        self.play(FadeOut(division), run_time=0.6)
        self.division = division

    def name_the_parts(self):
        self.beat("names")
        self.part_labels = VGroup(
            self.name_part(self.log_base_part, "base", PART_COLORS["base"], DOWN),
            self.name_part(self.log_form[1], "argument", PART_COLORS["argument"], UP),
            self.name_part(self.log_form[3], "logarithm", PART_COLORS["value"], DOWN),
        )
        for k, label in enumerate(self.part_labels):
            if k:
                self.cue()
            self.play(GrowArrow(label[0]), FadeIn(label[1], shift=0.2 * label.direction), run_time=0.8)
        self.hold_until_heard(after=2.5)          # the three names together: the lesson's words

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
        self.general = self.general_form(BIG)
        self.general.next_to(self.row, DOWN, buff=0.6)
        align_at(self.general, self.general[1], self.iff)
        # The general form appears under the example, each letter under the number it stands for.
        self.play(FadeOut(self.part_labels), run_time=0.6)
        self.play(FadeIn(self.general, shift=0.2 * UP), run_time=1.2)
        self.cue()
        # In the colours of the roles, like the rows above it, and as bright: a rule, not a note.
        conditions = theme.formula("a", r"> 0,\ \ ", "a", r"\neq 1,\ \ ", "x", "> 0", size=0.85 * BIG)
        self.colour_parts((conditions[0], "base"), (conditions[2], "base"), (conditions[4], "argument"))
        conditions.next_to(self.general, DOWN, buff=0.3)
        # Why a ≠ 1, as it is said: every power of 1 is 1, so log₁ could not tell one x from another.
        why_not_one = theme.formula("1", "^{y}", "= 1", size=theme.FORMULA_SIZE, color=theme.MUTED)
        why_not_one.next_to(conditions[2:4], DOWN, buff=0.15)
        self.play(FadeIn(conditions, shift=0.2 * UP), run_time=0.8)
        self.play(FadeIn(why_not_one, shift=0.1 * UP), run_time=0.5)
        self.wait(0.5)
        # Cleared by the next beat, once these lines have been heard.
        self.leaving = VGroup(self.title, self.row, self.general, conditions, why_not_one)

    def general_form(self, size):
        """aʸ = x ⇔ y = logₐ x, each letter in the colour of its role."""
        left = theme.formula("a", "^{y}", "=", "x", size=size)
        right = theme.formula("y", "=", r"\log_{a}", "x", size=size)
        self.colour_parts((left[0], "base"), (left[1], "value"), (left[3], "argument"),
                          (right[0], "value"), (right[2][3:], "base"), (right[3], "argument"))
        return self.equivalence(left, right)

    @staticmethod
    def equivalence(left, right, color=theme.INK):
        """left ⇔ right, with the same spacing as the example's row so that rows line up at ⇔."""
        iff = theme.formula(r"\iff", size=left.font_size, color=color)
        return VGroup(left, iff, right).arrange(RIGHT, buff=ROW_GAP)

    def check_power(self) -> float:
        """b to the power log_b n as read, to its two shown decimals: about n, checked the other way."""
        return maths.power(self.b, round(maths.log_base(self.between, self.b), 2))

    def read_log_between_whole_numbers(self):
        """The usual graph y = bˣ, read sideways: from n on the vertical axis across, then down."""
        self.beat("between")
        b, n = self.b, self.between
        top = 1.15 * maths.power(b, 3)                  # headroom above b³ for the curve's end
        self.axes = theme.lesson_axes(
            x_range=(0, 3.5, 1), y_range=(0, top, power_step(b, top, 10)), x_length=6.0, y_length=5.2,
            numbers=False,
        )
        self.axes.to_edge(LEFT, buff=1.1)
        self.axes.shift((theme.SUBTITLE_TOP + 0.6 - self.axes.x_axis.get_y()) * UP)
        self.axes.x_axis.add_numbers(range(4))
        # Every tick is numbered, except one where n's own name will sit, or too near it.
        near = NUMBER_CLEARANCE / self.axes.y_axis.get_unit_size()
        numbered = [int(t) for t in self.axes.y_axis.get_tick_range() if t > 0 and abs(t - n) > near]
        self.axes.y_axis.add_numbers(numbered)
        # Here x is the exponent (the logarithm, orange) and y the power (the argument, blue):
        # the letters swap places with aʸ = x, the colours of the roles do not.
        axis_names = VGroup(
            self.axes.get_x_axis_label(theme.formula("x", size=theme.SMALL_SIZE, color=PART_COLORS["value"]),
                                       edge=RIGHT, direction=RIGHT, buff=0.25),
            self.axes.get_y_axis_label(theme.formula("y", size=theme.SMALL_SIZE, color=PART_COLORS["argument"]),
                                       edge=UP, direction=RIGHT, buff=0.25),
        )
        # The role change said on screen too: beside x, "exponent", in the exponent's colour, and
        # beside y, "argument" (the log's x, read off this axis), in the argument's.
        axis_names.add(theme.words(self.t("exponent"), theme.LABEL_SIZE, PART_COLORS["value"])
                       .next_to(axis_names[0], RIGHT, buff=0.15))
        axis_names.add(theme.words(self.t("argument"), theme.LABEL_SIZE, PART_COLORS["argument"])
                       .next_to(axis_names[1], RIGHT, buff=0.15))
        whole_points = VGroup(*(
            Dot(self.axes.c2p(k, maths.power(b, k)), color=theme.EXP) for k in range(4)
        ))
        self.exp_curve = self.axes.plot(
            lambda x: maths.power(b, x), x_range=[0, maths.log_base(top, b), 0.05], color=theme.EXP,
        )
        self.curve_name = curve_name = theme.formula("y", "=", str(b), "^{x}")
        self.colour_parts((curve_name[0], "argument"), (curve_name[2], "base"), (curve_name[3], "value"))
        curve_name.next_to(self.exp_curve.get_end(), LEFT, buff=0.3)

        self.play(FadeOut(self.leaving), run_time=0.8)
        self.play(Create(self.axes), FadeIn(axis_names), run_time=1.2)
        self.play(FadeIn(whole_points, lag_ratio=0.3), Create(self.exp_curve), FadeIn(curve_name), run_time=1.5)

        bracket = theme.formula(str(b), "^{2}", "=", whole(maths.power(b, 2)), "<", str(n), "<",
                                whole(maths.power(b, 3)), "=", str(b), "^{3}")
        self.colour_parts((bracket[0], "base"), (bracket[1], "value"), (bracket[3], "argument"),
                          (bracket[5], "argument"), (bracket[7], "argument"), (bracket[9], "base"),
                          (bracket[10], "value"))
        self.read_off = maths.log_base(n, b)
        self.crossing = Dot(self.axes.c2p(self.read_off, n), color=theme.INK)
        self.level_line = DashedLine(self.axes.c2p(0, n), self.crossing.get_center(), color=PART_COLORS["argument"])
        self.drop_line = DashedLine(self.crossing.get_center(), self.axes.c2p(self.read_off, 0), color=theme.LOG)
        self.foot = Dot(self.axes.c2p(self.read_off, 0), color=theme.LOG)
        level_name = theme.formula(str(n), color=PART_COLORS["argument"], size=theme.SMALL_SIZE)
        level_name.next_to(self.axes.c2p(0, n), LEFT, buff=0.15)
        between = theme.formula("2", "<", rf"\log_{{{b}}}", str(n), "<", "3")
        self.colour_parts((between[0], "value"), (between[2][3:], "base"), (between[3], "argument"),
                          (between[5], "value"))
        self.read_number = DecimalNumber(self.read_off, num_decimal_places=2, color=PART_COLORS["value"],
                                         font_size=theme.FORMULA_SIZE)
        reading = VGroup(theme.formula(rf"\log_{{{b}}}", str(n), r"\approx"), self.read_number).arrange(RIGHT, buff=0.2)
        self.colour_parts((reading[0][0][3:], "base"), (reading[0][1], "argument"))
        self.read_number.align_to(reading[0][1], DOWN)   # on the baseline of n, below log's subscript
        # The value read, also where it is read: at the foot of the drop, just above the axis.
        value = self.spoken["value"]                      # as the panel and the line give it
        self.foot_name = theme.formula(value, size=theme.SMALL_SIZE, color=PART_COLORS["value"])
        self.foot_name.next_to(self.foot, UR, buff=0.08)
        # The value read off the curve, checked the other way: b to its power gives about n back.
        check = theme.formula(str(b), f"^{{{value}}}", r"\approx", self.spoken["check"])
        self.colour_parts((check[0], "base"), (check[1], "value"), (check[3], "argument"))
        self.check = check
        panel = theme.stacked(bracket, between, reading, check, buff=0.6)
        panel.next_to(self.axes, RIGHT, buff=0.9).align_to(self.axes, UP).shift(0.4 * DOWN)
        self.wait(0.3)

        self.cue()
        self.play(FadeIn(level_name), FadeIn(bracket, shift=0.2 * LEFT), run_time=1.0)
        self.cue()
        self.play(Create(self.level_line), run_time=1.0)
        self.play(GrowFromCenter(self.crossing), run_time=0.5)
        self.play(Create(self.drop_line), run_time=1.0)
        self.play(GrowFromCenter(self.foot), run_time=0.5)
        self.cue()
        self.play(FadeIn(between, shift=0.2 * LEFT), run_time=1.0)
        self.play(pulse(self.foot, 1.6), FadeIn(reading, shift=0.2 * LEFT), FadeIn(self.foot_name),
                  run_time=1.2)
        self.cue()
        self.play(FadeIn(check, shift=0.2 * LEFT), run_time=1.0)
        self.play(pulse(self.crossing, 1.6), run_time=0.8)
        self.wait(1.0)
        self.leaving = VGroup(self.axes, axis_names, whole_points, self.exp_curve, curve_name, level_name,
                              self.level_line, self.crossing, self.drop_line, self.foot, self.foot_name, panel)

    def turn_multiplication_into_equal_steps(self):
        self.beat("equal_steps")
        b = self.b
        self.heading = self.general_form(1.2 * theme.FORMULA_SIZE).to_edge(UP, buff=theme.EDGE + 0.15)
        self.log_line = NumberLine(x_range=[0, LINE_POWERS[-1], 1], length=10.0, color=theme.MUTED,
                                   stroke_width=2)
        self.step_values = [maths.power(b, k) for k in LINE_POWERS]
        self.step_dots = VGroup(*(
            Dot(self.log_line.n2p(maths.log_base(value, b)), color=theme.EXP) for value in self.step_values
        ))
        value_names = VGroup(*(
            theme.formula(whole(value), color=theme.EXP).next_to(dot, UP, buff=0.25)
            for value, dot in zip(self.step_values, self.step_dots)
        ))
        log_names = VGroup(*(
            theme.formula(str(k), color=theme.LOG).next_to(dot, DOWN, buff=0.3)
            for k, dot in zip(LINE_POWERS, self.step_dots)
        ))
        row_names = VGroup(
            theme.formula("x", color=theme.EXP),
            theme.formula(rf"\log_{{{b}}} x", color=theme.LOG),
        )
        picture = VGroup(self.log_line, self.step_dots, value_names, log_names)
        row_names[0].next_to(self.log_line, LEFT, buff=0.6).match_y(value_names)
        row_names[1].next_to(self.log_line, LEFT, buff=0.6).match_y(log_names)

        times = VGroup()
        plus = VGroup()
        for left, right, lower_left, lower_right in zip(value_names, value_names[1:], log_names, log_names[1:]):
            # Multiplying by the base: in the base's colour.
            arc = ArcBetweenPoints(left.get_top() + 0.1 * UP, right.get_top() + 0.1 * UP, angle=-PI / 2.5,
                                   color=PART_COLORS["base"], stroke_width=3)
            arc.add_tip(tip_length=0.18)
            name = theme.formula(rf"\times {b}", color=PART_COLORS["base"], size=STEP_SIZE)
            name.next_to(arc, UP, buff=0.1)
            times.add(VGroup(arc, name))
            step = theme.formula("+1", color=theme.LOG, size=STEP_SIZE)
            step.move_to((lower_left.get_center() + lower_right.get_center()) / 2)
            plus.add(step)

        self.rule = rule = theme.formula(rf"\log_{{{b}}} ({b}\,x) = \log_{{{b}}} x + 1", size=1.2 * theme.FORMULA_SIZE)
        rule.next_to(log_names, DOWN, buff=0.8)
        # The whole picture centred in the space left between the heading and the captions' band.
        drawing = VGroup(picture, row_names, times, plus, rule)
        drawing.set_y((self.heading.get_bottom()[1] + theme.SUBTITLE_TOP) / 2)

        self.play(FadeOut(self.leaving), run_time=0.8)
        self.play(FadeIn(self.heading), Create(self.log_line), FadeIn(row_names), run_time=1.0)
        # Each number is placed with its logarithm under it, as "place each number at its
        # logarithm" says: 1 at 0 first, then each step along.
        # Why 1 goes at 0, as it is said: 1 is b multiplied zero times, b⁰ (above the 1, where the
        # first step's arc will go: gone before it comes).
        zero = theme.formula(str(b), "^{0}", "=", "1", size=STEP_SIZE)
        self.colour_parts((zero[0], "base"), (zero[1], "value"), (zero[3], "argument"))
        zero.next_to(value_names[0], UP, buff=0.35)
        self.play(GrowFromCenter(self.step_dots[0]), FadeIn(value_names[0]), FadeIn(log_names[0]), run_time=0.6)
        self.play(FadeIn(zero, shift=0.1 * DOWN), run_time=0.5)
        self.cue()
        self.play(FadeOut(zero), run_time=0.3)
        for k in range(1, len(self.step_dots)):
            self.play(
                Create(times[k - 1][0]), FadeIn(times[k - 1][1]),
                TransformFromCopy(self.step_dots[k - 1], self.step_dots[k], path_arc=PI / 2.5),
                FadeIn(value_names[k]), FadeIn(log_names[k]),
                run_time=0.9,
            )
        self.cue()
        self.play(FadeIn(plus, lag_ratio=0.2), run_time=1.0)
        self.cue()
        self.play(Write(rule), run_time=1.2)
