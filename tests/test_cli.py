"""Scenes run from the manim command line: a bad setting is one line and a non-zero exit."""

import os
import re
import subprocess
import sys

import pytest

from loglesson import lesson
from loglesson.catalog import available_scenes, scene_file
from loglesson.paths import ROOT


def run_manim(scene, *args, **env):
    return subprocess.run(
        [sys.executable, "-m", "manim", "render", "--dry_run", "-ql", *args, str(scene_file(scene))],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, **env},
    )


@pytest.fixture
def a_scene():
    scenes = [s for s in available_scenes() if "base" in {p.name for p in lesson.specs(s)}]
    if not scenes:
        pytest.fail("no scene with a base parameter exists yet")
    return scenes[0]


def test_bad_parameter_stops_the_manim_command_with_one_line(a_scene):
    result = run_manim(a_scene, LESSON_BASE="1")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("loglesson: LESSON_BASE=1: base a must be positive and not 1")
    assert "Traceback" not in result.stderr + result.stdout


def test_unknown_language_stops_the_manim_command_with_one_line(a_scene):
    result = run_manim(a_scene, LESSON_LANG="fr")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "loglesson: unknown language 'fr': use one of en, ja (set LESSON_LANG=en or LESSON_LANG=ja)"
    )


def test_parameters_that_do_not_go_together_stop_the_manim_command_with_one_line():
    result = run_manim("inverse", LESSON_BASE="10", LESSON_POINT="1.5")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("loglesson: LESSON_POINT=1.5 with LESSON_BASE=10: ")
    assert "Traceback" not in result.stderr + result.stdout


def test_a_clip_cut_short_with_manims_n_option_ends_there_without_an_error():
    """`manim -n 0,3` plays the first animations and stops: the scene's closing holds (the last
    line heard, the last picture held) must not play on past the cut and fail."""
    result = run_manim("exponent", "-n", "0,3", LESSON_VOICE="off")
    assert result.returncode == 0, result.stderr[-400:]
    assert "Traceback" not in result.stderr + result.stdout
    assert "Played 4 animations" in " ".join(result.stdout.split())


def test_readme_documents_every_parameter():
    readme = (ROOT / "README.md").read_text()
    for scene in lesson.scene_names():
        for p in lesson.specs(scene):
            row = re.search(rf"^\| (all|{scene}) \| `{p.variable}` \| `{p.default_text}` \|", readme, re.M)
            assert row, f"README lacks a row for {scene} {p.variable} with default {p.default}"
