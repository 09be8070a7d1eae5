"""Tick spacings for axes: few enough ticks to read, on numbers a reader expects.

Two ladders: 1-2-5 steps (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, …) for quantities, and the
powers b, b², b³, … of a base for axes that show powers of it. A step that is a whole
number is an `int`, so an axis writes its numbers as 25, not 25.0.
"""

import math

from . import maths


def nice_step(span: float, most: int, *, smallest: float | None = None) -> float:
    """The smallest 1-2-5 step that puts at most `most` steps over `span`, and not below `smallest`.

    >>> nice_step(3.2, 4), nice_step(30, 5), nice_step(3, 7, smallest=1)
    (1, 10, 1)
    >>> nice_step(0.9, 5)
    0.2
    """
    scale = 10.0 ** math.floor(math.log10(span / most))
    step: float = next(scale * m for m in (1, 2, 5, 10) if span / (scale * m) <= most)
    if smallest is not None and step < smallest:
        step = smallest
    return int(step) if step >= 1 else step  # whole ticks are labelled without decimals


def power_step(base: int, top: float, most: int) -> int:
    """The smallest power base, base², … that puts at most `most` ticks on an axis from 0 to top.

    >>> power_step(2, 8, 10), power_step(5, 125, 10), power_step(3, 27, 4)
    (2, 25, 9)
    """
    k = 1
    while top / maths.power(base, k) > most:
        k += 1
    return int(round(maths.power(base, k)))


def enclosing_range(low: float, high: float, most: int) -> tuple[int, int, int]:
    """(low, high, step): whole-number ticks, at most about `most` steps, enclosing [low, high].

    >>> enclosing_range(-2.0, 3.3, 7)
    (-2, 4, 1)
    """
    step = int(nice_step(high - low, most, smallest=1))
    start, stop = math.floor(low / step) * step, math.ceil(high / step) * step
    # low / step can round to zero (low = -5e-324): the tick past the edge still encloses it.
    return start - step * (start > low), stop + step * (stop < high), step
