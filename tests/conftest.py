"""Shared fixtures: build any lesson scene without writing video, and watch it as it plays."""

import pytest
from manim import tempconfig

from loglesson.catalog import scene_class

# Low quality and skipped animations: each play jumps to its end state, updaters included,
# so a scene builds in a fraction of a second and its mobjects can be inspected.
DRY_RUN = {
    "dry_run": True,
    "progress_bar": "none",
    "verbosity": "WARNING",
    "frame_rate": 15,
    "pixel_height": 480,
    "pixel_width": 854,
}


@pytest.fixture
def build_scene(tmp_path):
    """build_scene(name, lang="en", observe=None, **params) -> the scene after construct.

    `observe(scene, kind)` is called after every play and wait, at the end state of that
    animation, so a test can check the geometry at each moment of the clip.
    """

    def build(name, lang="en", observe=None, **params):
        with tempconfig({**DRY_RUN, "media_dir": str(tmp_path)}):
            scene = scene_class(name)(params=params, lang=lang, skip_animations=True)
            if observe is not None:
                scene.moment_observers.append(observe)
            scene.render()
        return scene

    return build


def pytest_addoption(parser):
    parser.addoption(
        "--regenerate-frames", action="store_true",
        help="write the reference frames of tests/test_frames.py anew instead of comparing",
    )
