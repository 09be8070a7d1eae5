"""The lesson's registry: scene order, titles, parameters, and cross-field checks run before any render."""

import pytest

from loglesson import lesson, params
from loglesson.catalog import scene_classes, scene_file
from loglesson.params import ParameterError
from loglesson.text import LANGUAGES


def test_lesson_order_is_the_registry_order():
    assert lesson.scene_names() == ("exponent", "inverse", "tangent", "cross_entropy")


@pytest.mark.parametrize("name", lesson.scene_names())
def test_every_registered_scene_has_its_file_class_and_title(name):
    assert scene_file(name).exists()
    (cls,) = scene_classes(name)
    assert cls.scene_name == name
    for lang in LANGUAGES:
        assert lesson.title(name, lang), (name, lang)


def test_title_is_one_line_even_when_the_screen_breaks_it():
    for name in lesson.scene_names():
        for lang in LANGUAGES:
            assert "\n" not in lesson.title(name, lang)


def test_unknown_scene_lists_the_registered_ones():
    with pytest.raises(ParameterError, match=r"unknown scene 'intro': use one of exponent, inverse, tangent"):
        lesson.scene("intro")


def test_point_beyond_the_axes_is_refused_with_one_line_naming_both_variables():
    with pytest.raises(ParameterError) as caught:
        params.parse("inverse", {"base": "10", "point": "1.5"})
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("LESSON_POINT=1.5 with LESSON_BASE=10: ")
    assert "use a point <= 1 for this base" in message


def test_point_on_the_axes_passes_the_cross_field_check():
    assert params.parse("inverse", {"base": "10", "point": "1"})["point"] == 1.0
    assert lesson.point_fits_the_axes({"base": 2.0, "point": 1.5}) is None


def test_cross_field_checks_run_only_on_values_that_each_passed():
    # point=5 fails its own range first: the message is about point alone.
    with pytest.raises(ParameterError, match=r"^LESSON_POINT=5: point must be between"):
        params.parse("inverse", {"base": "10", "point": "5"})


def test_every_default_set_passes_the_cross_field_checks():
    for spec in lesson.SCENES:
        defaults = {p.name: p.default for p in spec.params}
        assert all(check(defaults) is None for check in spec.checks), spec.name
