"""Fades through each part's own opacity: scaled on the way, restored after a fade out."""

import pytest
from manim import Scene, Square, VGroup, tempconfig

from conftest import DRY_RUN
from loglesson.fade import Fade, fade_in, fade_out


def panel():
    return VGroup(Square().set_fill(opacity=0.6).set_stroke(opacity=0.8), Square().set_stroke(opacity=1.0))


def test_fade_scales_each_parts_own_opacity():
    group = panel()
    fade = Fade(group, appear=False)
    fade.begin()
    fade.interpolate(0.5)     # smooth(0.5) = 0.5
    first, second = group
    assert first.get_fill_opacity() == pytest.approx(0.3) and first.get_stroke_opacity() == pytest.approx(0.4)
    assert second.get_stroke_opacity() == pytest.approx(0.5)


def test_fade_in_ends_at_the_parts_own_opacity():
    group = panel()
    fade = Fade(group)
    fade.begin()
    fade.interpolate(0.0)
    assert group[0].get_fill_opacity() == 0
    fade.interpolate(1.0)
    assert group[0].get_fill_opacity() == pytest.approx(0.6)


def test_fade_out_leaves_the_scene_with_opacities_restored_for_a_later_fade_in():
    group = panel()
    with tempconfig(DRY_RUN):
        scene = Scene()
        scene.add(group)
        fade = Fade(group, appear=False)
        fade.begin()
        fade.interpolate(1.0)
        fade.clean_up_from_scene(scene)
    assert group not in scene.mobjects
    assert group[0].get_fill_opacity() == pytest.approx(0.6)


def test_fade_in_and_out_group_one_fade_per_mobject():
    a, b = Square(), Square()
    assert [f.appear for f in fade_in(a, b).animations] == [True, True]
    assert [f.appear for f in fade_out(a).animations] == [False]
