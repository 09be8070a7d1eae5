"""render.sh as a command: bad input, missing tools, interrupted runs, a failing scene, --help.

(Apart from tests/test_render.py, whose one real render the tests there share, so that the two
files spread over the test workers.)
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from test_render import SCENE, run_render

from conftest import processes_mentioning
from loglesson import catalog, lesson, params
from loglesson.paths import ROOT
from loglesson.publish.pipeline import Clip, make_clips
from loglesson.text import Words

# --- bad input: one line, exit 2, nothing rendered -----------------------------------------------

def other_scene_without(name: str) -> str | None:
    return next((s for s in lesson.scene_names() if name not in {p.name for p in lesson.specs(s)}), None)


BAD_INPUT = [
    (["intro"], "render.sh: unknown scene 'intro': choose from "),
    ([SCENE, "-q", "x"], "render.sh: unknown quality 'x': choose -q from l (480p15), m (720p30)"),
    ([SCENE, "--lang", "fr"], "render.sh: unknown language 'fr': choose from en, ja, all"),
    ([SCENE, "--set", "colour=red"], "render.sh: unknown parameter 'colour' for "),
    ([SCENE, "--set", "pace"], "render.sh: --set needs NAME=VALUE or SCENE.NAME=VALUE, got 'pace'"),
    ([SCENE, "--set", "pace=9"], f"render.sh: {SCENE}: --set pace=9: pace must be between 0.25 and 4"),
    ([SCENE, "--set", "pace=fast"], f"render.sh: {SCENE}: --set pace=fast: pace must be a number"),
    ([SCENE, "--set", "nosuch.pace=1"], "render.sh: --set nosuch.pace=1: scene 'nosuch' is not being rendered"),
    ([SCENE, "-j", "0"], "render.sh: --jobs must be 1 or more, got 0"),
    (["inverse", "--set", "base=10", "--set", "point=1.5"],
     "render.sh: inverse: --set point=1.5 with --set base=10: the point (p, a^p) = (1.5, 31.6) would leave the axes"),
]


@pytest.mark.parametrize("args, message", BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_and_renders_nothing(args, message, tmp_path):
    result = run_render(*args, "--out", str(tmp_path / "out"), timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("tool", ["ffmpeg", "ffprobe", "latex", "dvisvgm"])
def test_missing_tool_is_named_with_its_fix_and_renders_nothing(tool, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for other in {"ffmpeg", "ffprobe", "latex", "dvisvgm"} - {tool}:
        (bin_dir / other).symlink_to(shutil.which(other))
    result = run_render(SCENE, "--out", str(tmp_path / "out"),
                        env={**os.environ, "PATH": str(bin_dir)}, timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith(f"render.sh: {tool} not found on PATH: install it with 'sudo apt-get install")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


# --- interrupted: complete files or none, no temp files, no children left ----------------------

@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["SIGINT", "SIGTERM"])
def test_interrupted_render_leaves_no_partial_output_nor_children(sig, code, tmp_path):
    out = tmp_path / "out"
    # A shell without job control starts background commands (`./test.sh &`) with SIGINT
    # ignored, and a child keeps that: render.sh is given Ctrl-C's usual handling here.
    proc = subprocess.Popen(
        ["env", "--default-signal=INT", sys.executable, "-m", "loglesson.publish.render", SCENE,
         "--set", "pace=0.25", "--force", "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    said = []
    for line in proc.stdout:
        said.append(line)
        if "rendering…" in line:
            break
    deadline = time.monotonic() + 30
    while not processes_mentioning(f"{out}/.work") and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    time.sleep(1)  # Manim is drawing now
    assert proc.poll() is None, f"the run ended before it was interrupted: {''.join(said)}"
    proc.send_signal(sig)
    rest, err = proc.communicate(timeout=30)
    assert proc.returncode == code, f"{err}\n{''.join(said)}{rest}"
    assert "interrupted" in err
    folder = out / "en" / "480p15"
    assert [p.name for p in folder.iterdir() if not p.name.endswith(".lock")] == []  # no clip was complete
    assert not processes_mentioning(str(out))
    assert not list((out / ".work").glob("*/*/*/media"))  # an unfinished Manim cache is not kept


BROKEN_SCENE = """
from manim import Circle, Create
from loglesson.scene import LessonScene

class Broken(LessonScene):
    scene_name = "exponent"

    def construct(self):
        self.play(Create(Circle()), run_time=0.3)
        raise RuntimeError("the scene broke here")
"""


def test_scene_failing_mid_render_keeps_the_previous_complete_files(tmp_path, monkeypatch):
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    (scenes / "exponent.py").write_text(BROKEN_SCENE)
    monkeypatch.setattr(catalog, "SCENES_DIR", scenes)
    clip = Clip("exponent", "en", "l", tuple(params.parse("exponent", {}).items()), (), "x", tmp_path / "out")
    clip.folder.mkdir(parents=True)
    previous = {clip.file(kind).name: f"old {kind}".encode() for kind in ("mp4", "webm", "gif", "png", "vtt")}
    for name, data in previous.items():
        (clip.folder / name).write_bytes(data)
    old_stamp = json.dumps({"inputs": {}, "outputs": {n: len(d) for n, d in previous.items()}})
    clip.stamp_path.write_text(old_stamp)

    (outcome,) = make_clips([clip], 1, say=lambda *_: None, describe=lambda o: "")

    assert outcome.status == "failed"
    assert outcome.error.startswith("RuntimeError: the scene broke here (Manim's log: ")
    assert {p.name: p.read_bytes() for p in clip.folder.iterdir() if not p.name.startswith(".")} == previous
    assert [p.name for p in clip.folder.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")] == [clip.stamp_path.name]
    assert clip.stamp_path.read_text() == old_stamp
    assert not (clip.work / "media").exists()


# --- the command itself ---------------------------------------------------------------------

def test_help_lists_every_scene_and_parameter_with_its_default():
    result = run_render("--help", timeout=30)
    assert result.returncode == 0
    titles = Words("en")
    for scene in lesson.scene_names():
        assert re.search(rf"^  {scene}\b", result.stdout, re.M), scene
        title = " ".join(titles[f"{scene}.title"].split())    # a title set on two lines is listed on one
        assert re.search(rf"^  {scene} +{re.escape(title)}", result.stdout, re.M), scene
        for p in lesson.specs(scene):
            assert f"{p.name}={p.default_text}" in result.stdout and p.help in result.stdout


def test_up_to_date_path_does_not_import_manim():
    code = "import sys, loglesson.publish.render; sys.exit('manim' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_page_words_have_the_same_keys_in_every_language():
    from loglesson.publish.article import page_words
    from loglesson.text import LANGUAGES

    keys = {lang: set(page_words(lang)) for lang in LANGUAGES}
    assert all(k == keys["en"] for k in keys.values()), keys
