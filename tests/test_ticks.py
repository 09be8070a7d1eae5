"""Tick spacings: the 1-2-5 ladder, powers of a base, whole-number ranges; the same steps the scenes used."""

import doctest
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loglesson import maths, ticks

spans = st.floats(1e-3, 1e6, allow_nan=False, allow_infinity=False)


def test_examples_in_the_docstrings_hold():
    assert doctest.testmod(ticks).failed == 0


@given(span=spans, most=st.integers(1, 12))
def test_nice_step_is_the_smallest_1_2_5_step_with_at_most_most_steps(span, most):
    step = ticks.nice_step(span, most)
    mantissa = step / 10.0 ** math.floor(math.log10(step) + 1e-12)
    assert round(mantissa, 9) in (1, 2, 5)
    assert span / step <= most
    smaller = step / 2.5 if round(mantissa, 9) == 5 else step / 2
    assert span / smaller > most * (1 - 1e-12)


@given(span=spans, most=st.integers(1, 12))
def test_whole_steps_are_ints_and_fractions_floats(span, most):
    step = ticks.nice_step(span, most)
    assert isinstance(step, int) == (step >= 1)


@given(span=st.floats(0.01, 1e5), most=st.integers(1, 12))
def test_smallest_is_a_floor_on_the_step(span, most):
    assert ticks.nice_step(span, most, smallest=1) == max(1, ticks.nice_step(span, most))


# The tangent scene's own ladder before it moved here: whole 1-2-5 steps, at most 7 over a span.
def tangent_step_before(span: float) -> int:
    step = 1
    while span / step > 7:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


@given(span=st.floats(0.01, 1e6))
def test_whole_steps_match_the_tangent_scenes_former_ladder(span):
    assert ticks.nice_step(span, 7, smallest=1) == tangent_step_before(span)


@pytest.mark.parametrize("base", [2, 3, 4, 5])
@pytest.mark.parametrize("power", [1, 2, 3, 4, 6])
def test_power_step_is_the_smallest_power_with_at_most_most_ticks(base, power):
    top = maths.power(base, power) * 1.3
    step = ticks.power_step(base, top, 10)
    assert isinstance(step, int) and top / step <= 10
    assert step == base or top / (step // base) > 10


@given(low=st.floats(-100, 100), width=st.floats(0.1, 100))
def test_enclosing_range_holds_the_interval_on_whole_ticks(low, width):
    high = low + width
    start, stop, step = ticks.enclosing_range(low, high, 7)
    assert start <= low and high <= stop
    assert start % step == 0 and stop % step == 0 and step >= 1
