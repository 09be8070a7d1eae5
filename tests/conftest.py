"""Shared fixtures: build any lesson scene without writing video, and watch it as it plays."""

import os
import subprocess
from pathlib import Path

import pytest
from manim import config, tempconfig

from frames import draw_only_when_asked
from loglesson import typeset
from loglesson.catalog import scene_class
from loglesson.publish.pipeline import TIMES_VARIABLE

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


@pytest.fixture(scope="session", autouse=True)
def typeset_once(request, tmp_path_factory):
    """One folder of typeset LaTeX and text for every build in the session, kept between runs.

    Each build has a fresh media_dir, and Manim keeps its typesetting there: without this
    every build would run latex and dvisvgm again for every formula (seconds per scene).
    Files are named by a hash of their source, so a changed formula is typeset anew. Each
    pytest-xdist worker has its own folder, so two never write the same file at once. The
    folder starts from the machine's copy (`loglesson.typeset`, which render.sh uses too), and
    what the session typeset is added to that copy at its end, a whole file at a time: a fresh
    clone typesets nothing the machine has typeset before.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir(f"typeset-{worker}") if cache is not None else tmp_path_factory.mktemp("typeset")
    shared = typeset.machine_folder()
    typeset.add_missing(shared, folder)
    saved = config.tex_dir, config.text_dir
    config.tex_dir, config.text_dir = folder / "Tex", folder / "texts"
    yield folder
    config.tex_dir, config.text_dir = saved
    typeset.add_missing(folder, shared)


@pytest.fixture(scope="session", autouse=True)
def times_apart(tmp_path_factory):
    """The tests' renders (short, silent, odd parameters) do not tell render.sh how long this
    machine takes to make the lesson's clips: their times go to a folder of the session's."""
    saved = os.environ.get(TIMES_VARIABLE)
    os.environ[TIMES_VARIABLE] = str(tmp_path_factory.mktemp("times"))
    yield
    if saved is None:
        del os.environ[TIMES_VARIABLE]
    else:
        os.environ[TIMES_VARIABLE] = saved


@pytest.fixture
def build_scene(tmp_path):
    """build_scene(name, lang="en", observe=None, **params) -> the scene after construct.

    `observe(scene, kind)` is called after every play and wait, at the end state of that
    animation, so a test can check the geometry at each moment of the clip.
    """

    def build(name, lang="en", observe=None, **params):
        params = {"voice": "off", **params}   # the picture is the same; speech is tested on its own
        with tempconfig({**DRY_RUN, "media_dir": str(tmp_path)}):
            scene = scene_class(name)(params=params, lang=lang, skip_animations=True)
            draw_only_when_asked(scene)   # the checks read geometry, not pixels
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


# Test files go to the workers whole (pytest-xdist --dist=loadfile), in collection order
# (--no-loadscope-reorder, pyproject.toml): the longest first, so that no long file starts last
# and runs on alone (the suite's wall time). Seconds each took on 2026-12-02, a slow day
# (--durations=0, summed by file; the rest take under 6 s): 56, 39, 38, 34, 34, 21, 16, 16, 15, 11.
LONGEST_FIRST = ("test_render.py", "test_frames_redraw.py", "test_render_faults.py", "test_webfiles.py",
                 "test_scene_cross_entropy.py", "test_frames.py", "test_scene_tangent.py", "test_render_cli.py",
                 "test_scene_exponent.py", "test_scene_inverse.py")


def pytest_collection_modifyitems(items):
    def rank(item):
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)   # stable: within a file, tests keep their order


def processes_mentioning(text: str) -> list[str]:
    """The ids of running processes whose command line mentions `text` (children left behind)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if text in cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                found.append(cmdline.parent.name)
        except OSError:
            pass
    return found


def sound_samples(path):
    """A file's sound as a player decodes it: mono float samples at the narration's rate (voice.SAMPLE_RATE)."""
    import numpy as np

    from loglesson.voice import SAMPLE_RATE

    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "f32le", "-ac", "1",
                          "-ar", str(SAMPLE_RATE), "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.float32)


def audio_channels(path) -> list[int]:
    """The number of channels of each sound stream of a file, by ffprobe."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=channels",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout
    return [int(line) for line in out.split()]
