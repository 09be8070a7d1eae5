"""Scene parameters: defaults, parsing from the environment, and one-line errors."""

import math

import pytest

from loglesson import lesson, params
from loglesson.params import ParameterError


def test_defaults_are_used_when_nothing_is_set():
    values = params.from_environment("inverse", environ={})
    assert values == {"base": 2.0, "point": 1.0, "pace": 1.0, "voice": "on"}


def test_values_come_from_lesson_variables():
    values = params.from_environment("tangent", environ={"LESSON_BASE": "e", "LESSON_X0": "3"})
    assert values["base"] == math.e and values["x0"] == 3.0


def test_every_default_passes_its_own_check():
    for scene in lesson.scene_names():
        for p in lesson.specs(scene):
            p.check(p.default)
            p.check(p.parse(p.example))


@pytest.mark.parametrize(
    ("scene", "variable", "value", "message"),
    [
        ("inverse", "LESSON_BASE", "1", r"LESSON_BASE=1: base a must be positive and not 1"),
        ("inverse", "LESSON_BASE", "-2", r"must be positive"),
        ("inverse", "LESSON_BASE", "50", r"must be between 1.1 and 10"),
        ("inverse", "LESSON_BASE", "two", r"LESSON_BASE=two: base must be a number, got 'two' \(e\.g\. LESSON_BASE=3\)"),
        ("cross_entropy", "LESSON_LR", "0", r"LESSON_LR=0: lr must be between"),
        ("cross_entropy", "LESSON_STEPS", "2.5", r"LESSON_STEPS=2.5: steps must be a whole number"),
        ("exponent", "LESSON_PACE", "nan", r"LESSON_PACE=nan: pace must be a finite number"),
    ],
)
def test_bad_values_name_the_variable_and_the_rule(scene, variable, value, message):
    with pytest.raises(ParameterError, match=message):
        params.from_environment(scene, environ={variable: value})


def test_unknown_parameter_lists_the_known_ones():
    with pytest.raises(ParameterError, match=r"scene 'inverse' has no parameter 'x0': its parameters are base, point, pace, voice"):
        params.validated("inverse", x0=2)


def test_unknown_scene_lists_the_scenes():
    with pytest.raises(ParameterError, match=r"unknown scene 'intro': use one of exponent, inverse, tangent, cross_entropy"):
        lesson.specs("intro")
