"""render.sh never lies: concurrent runs, bad output folders, full disks, hang-ups, damaged stamps.

Runs that share a folder are tested with a tiny scene put in place of a lesson scene (the
pipeline renders it with Manim for real, in a second); the others run render.sh itself.
"""

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import processes_mentioning
from loglesson import catalog, params
from loglesson.paths import ROOT
from loglesson.publish import locks, pipeline
from loglesson.publish.captions import parse_vtt
from loglesson.publish.pipeline import Clip, Runner, make_clips, outputs_intact, read_stamp, reason_to_render

SCENE = "exponent"

# Shows its base and says it in its one caption: what the files say can be checked against the stamp.
TINY_SCENE = """
from manim import Circle, Create, Text
from loglesson.scene import LessonScene

class Tiny(LessonScene):
    scene_name = "exponent"

    def construct(self):
        self.add(Text(f"base {self.params['base']}"))
        self.add_subcaption(f"base {self.params['base']}", duration=0.5)
        self.play(Create(Circle()), run_time=0.4)
"""


def run_render(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loglesson.publish.render", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    scenes = tmp_path / "scenes"
    scenes.mkdir()
    (scenes / f"{SCENE}.py").write_text(TINY_SCENE)
    monkeypatch.setattr(catalog, "SCENES_DIR", scenes)

    def clip(base: int, out: Path | None = None) -> Clip:
        settings = {"base": str(base), "voice": "off"}
        values = params.parse(SCENE, settings)
        return Clip(SCENE, "en", "l", tuple(sorted(values.items())), tuple(sorted(settings.items())),
                    "Tiny", out or tmp_path / "out")

    return clip


def shown_base(clip: Clip) -> int:
    (cue,) = parse_vtt(clip.file("vtt").read_text(encoding="utf-8"))
    return int(cue.text.split()[-1])


def make_together(*clips: Clip, force: bool = True) -> tuple[list, list[str]]:
    """Each clip made by its own pipeline run, all at once; their outcomes and what they said."""
    said: list[str] = []
    outcomes: list = [None] * len(clips)

    def one(n: int) -> None:
        (outcomes[n],) = make_clips([clips[n]], 1, say=lambda p, message: said.append(message),
                                    describe=lambda o: "", runner=Runner(), force=force)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(clips))]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=120)
    return outcomes, said


# --- two runs into one folder ---------------------------------------------------------------------

def test_two_runs_making_the_same_clip_wait_in_turn_and_the_stamp_tells_the_files(tiny):
    first, second = tiny(2), tiny(3)
    outcomes, said = make_together(first, second)
    assert [o.status for o in outcomes] == ["made", "made"], [o.error for o in outcomes]
    assert any(message.startswith("waiting: another render.sh run") for message in said)
    stamp = read_stamp(first.stamp_path)
    assert outputs_intact(stamp, first.folder) is None
    assert shown_base(first) == stamp["inputs"]["parameters"]["base"] == 3   # the run that went second
    assert not list(first.folder.glob(".*.partial")) and not list(first.folder.glob(".*.tmp"))


def test_a_run_waiting_for_the_same_clip_with_the_same_inputs_does_not_make_it_again(tiny):
    outcomes, said = make_together(tiny(2), tiny(2), force=False)
    assert sorted(o.status for o in outcomes) == ["made", "up to date (made by another run)"]


def test_two_runs_into_different_folders_share_the_machines_typesetting_each_file_whole(tiny, tmp_path,
                                                                                       monkeypatch):
    machine = tmp_path / "typeset"
    (machine / "Tex").mkdir(parents=True)
    (machine / "Tex" / "typeset-before.svg").write_text("<svg/>")
    monkeypatch.setenv("LESSON_TYPESET_CACHE", str(machine))
    clips = tiny(2, tmp_path / "one"), tiny(3, tmp_path / "two")
    outcomes, _ = make_together(*clips)
    assert [o.status for o in outcomes] == ["made", "made"], [o.error for o in outcomes]
    words = {path.name for path in (machine / "texts").iterdir()}
    for clip in clips:
        media = clip.work / "media"
        assert (media / "Tex" / "typeset-before.svg").exists()           # given before Manim ran
        assert {path.name for path in (media / "texts").glob("*.svg")} <= words   # and what it typeset, kept
    assert len(words) >= 2 and not [p for p in machine.rglob(".*")]     # "base 2" and "base 3"; no half file


def test_staging_of_a_live_run_is_not_cleared_by_another(tmp_path):
    folder = tmp_path
    staging = folder / f".{SCENE}.partial"
    staging.mkdir()
    with locks.held(locks.clip_lock(folder, SCENE)):
        pipeline.remove_stale_staging(folder)
        assert staging.exists()
    pipeline.remove_stale_staging(folder)
    assert not staging.exists()


# --- bad output folders ---------------------------------------------------------------------------

def bad_out_cases(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    return {
        "a file": (str(a_file), "is a file, not a folder"),
        "under a file": (str(a_file / "out"), "is a file, not a folder"),
        "unwritable": ("/proc/x", "cannot write there"),
        "empty": ("", "--out is empty"),
    }


@pytest.mark.parametrize("case", ["a file", "under a file", "unwritable", "empty"])
def test_a_bad_output_folder_is_one_line_before_anything_renders(case, tmp_path):
    out, expected = bad_out_cases(tmp_path)[case]
    result = run_render(SCENE, "--out", out, timeout=30)
    assert result.returncode == 2
    assert result.stderr.startswith("render.sh: ") and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_an_apostrophe_in_the_output_path_renders(tiny, tmp_path):
    clip = tiny(2, out=tmp_path / "it's out")
    (outcome,) = make_clips([clip], 1, say=lambda *_: None, describe=lambda o: "")
    assert outcome.status == "made", outcome.error
    assert shown_base(clip) == 2


# --- full disks -------------------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 kB tmpfs: room for Manim to start, not for a clip."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_is_one_line_naming_the_folder_with_no_child_and_no_debris(tiny_disk):
    out = tiny_disk / "out"
    result = run_render(SCENE, "--set", "voice=off", "--force", "--out", str(out))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [f"render.sh: {SCENE} (en) failed: no space left on the device of {out}: "
                      "free some space there and run it again"], result.stderr
    assert not processes_mentioning(str(out))
    folder = out / "en" / "480p15"
    assert not list(folder.glob(".*.partial")) and not list(folder.glob(".*.tmp"))
    assert not [p for p in folder.iterdir() if not p.name.startswith(".")] or (folder / "index.html").exists()


def test_a_page_that_cannot_be_written_leaves_no_temporary_file(tmp_path, monkeypatch):
    page = tmp_path / "index.html"

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(OSError):
        pipeline.write_atomically(page, "<html>")
    assert list(tmp_path.iterdir()) == []


def test_a_child_whose_output_cannot_be_logged_is_ended(tmp_path):
    # /dev/full takes every write with ENOSPC, as a full disk does.
    script = "import time\nprint('drawing', flush=True)\ntime.sleep(60)\n"
    marker = str(tmp_path / "child-marker")
    started = time.monotonic()
    with pytest.raises(OSError):
        Runner().run([sys.executable, "-c", script, marker], log=Path("/dev/full"))
    assert time.monotonic() - started < 30
    assert not processes_mentioning(marker)


# --- signals ----------------------------------------------------------------------------------------

def start_render(out: Path, *before: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [*before, sys.executable, "-m", "loglesson.publish.render", SCENE, "--set", "voice=off", "--set", "pace=0.25",
         "--force", "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    for line in proc.stdout:
        if "rendering…" in line:
            break
    time.sleep(2)  # Manim is drawing now
    return proc


def test_a_hang_up_ends_the_run_like_ctrl_c(tmp_path):
    out = tmp_path / "out"
    # A hang-up as a terminal sends it, even when the suite itself runs under nohup (which the
    # run would inherit, and then rightly go on).
    proc = start_render(out, "env", "--default-signal=HUP")
    proc.send_signal(signal.SIGHUP)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 129, err
    assert "interrupted" in err
    folder = out / "en" / "480p15"
    assert [p.name for p in folder.iterdir() if not p.name.endswith(".lock")] == []
    assert not processes_mentioning(str(out))


@pytest.fixture
def ctrl_c_while_reporting(tmp_path, monkeypatch):
    """make_clips(scenes) with fake clips, Ctrl-C landing inside each progress line (where the
    main thread holds the lock that keeps lines whole): the first clip is made at once, any
    other goes on until the run is stopped. Returns the lines written, in full."""
    said = []

    def make_clip(clip, runner, progress, say, now, force):
        if progress.number == 1:
            return pipeline.Outcome(clip, "made", 0.0)
        assert runner.stopping.wait(30)
        return pipeline.Outcome(clip, "interrupted", 0.0)

    def say(progress, message):
        for _ in range(presses):
            signal.raise_signal(signal.SIGINT)   # its handler runs here, before raise_signal returns
        said.append(message)

    monkeypatch.setattr(pipeline, "inputs", lambda clip: {})
    monkeypatch.setattr(pipeline, "make_clip", make_clip)
    before = {sig: signal.getsignal(sig) for sig in pipeline.INTERRUPTS}
    # Ctrl-C as in a terminal, even when the suite runs with SIGINT ignored (a background job).
    signal.signal(signal.SIGINT, signal.default_int_handler)

    presses = 1

    def run(*scenes, times=1):
        nonlocal presses
        presses = times
        clips = [Clip(scene, "en", "l", (), (), "x", tmp_path / "out") for scene in scenes]
        with pytest.raises(KeyboardInterrupt):
            make_clips(clips, len(clips), say, describe=lambda outcome: outcome.status)
        assert all(signal.getsignal(sig) == signal.SIG_IGN for sig in pipeline.INTERRUPTS)   # the run is ending
        return said

    yield run
    for sig, handler in before.items():
        signal.signal(sig, handler)


def test_ctrl_c_landing_while_the_main_thread_reports_acts_at_its_next_pause(ctrl_c_while_reporting):
    """Held until the main thread's next pause (in a future's lock it once left a worker
    blocked for ever), then it ends the run as always: the line written whole, the other clip
    stopped, KeyboardInterrupt raised. (On the code before, said was [].)"""
    assert ctrl_c_while_reporting("exponent", "inverse") == ["made"]


def test_ctrl_c_landing_while_the_last_clip_is_reported_still_ends_the_run(ctrl_c_while_reporting):
    """No pause comes after the last clip: the signal held is acted on as the clips are done."""
    assert ctrl_c_while_reporting("exponent") == ["made"]


def test_ctrl_c_pressed_twice_acts_at_once_even_where_the_main_thread_is_stuck(ctrl_c_while_reporting):
    """A main thread stuck in a line (a pipe no one reads) never reaches its pause: the second
    Ctrl-C ends the run where it is, the line unwritten, the other clip stopped all the same."""
    assert ctrl_c_while_reporting("exponent", "inverse", times=2) == []


def test_a_run_started_under_nohup_goes_on_when_the_terminal_closes(tmp_path):
    proc = start_render(tmp_path / "out", "env", "--ignore-signal=HUP")   # what nohup does
    proc.send_signal(signal.SIGHUP)
    time.sleep(1)
    assert proc.poll() is None
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert proc.returncode == 143


def test_children_die_with_a_killed_run_and_the_next_run_clears_its_debris(tmp_path):
    out = tmp_path / "out"
    proc = start_render(out)
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10
    while processes_mentioning(str(out)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not processes_mentioning(str(out))
    folder = out / "en" / "480p15"
    assert list(folder.glob(".*.partial"))          # what SIGKILL leaves ...
    pipeline.remove_stale_staging(folder)
    assert not list(folder.glob(".*.partial"))      # ... the next run clears


# --- stamps -----------------------------------------------------------------------------------------

def test_a_stamp_that_is_not_an_object_means_render_again(tmp_path):
    stamp = tmp_path / ".exponent.stamp.json"
    for damaged in ("[]", '"text"', "{not json", ""):
        stamp.write_text(damaged)
        assert reason_to_render(read_stamp(stamp), {"scene code": "x"}, tmp_path) == "its stamp was damaged"
        assert pipeline.complete_clips(tmp_path) == []
        assert pipeline.incomplete_clips(tmp_path) == [("exponent", "its stamp was damaged")]


def test_corruption_that_keeps_a_files_size_is_noticed(tmp_path):
    video = tmp_path / "exponent.webm"
    video.write_bytes(os.urandom(10_000))
    stamp = {"outputs": {video.name: 10_000}, "hashes": {video.name: pipeline.content_hash(video)}}
    assert outputs_intact(stamp, tmp_path) is None
    with video.open("r+b") as f:
        f.write(bytes(4096))
    assert video.stat().st_size == 10_000
    assert outputs_intact(stamp, tmp_path) == "exponent.webm was changed"


def test_a_combination_a_scene_refuses_stops_before_anything_renders(tmp_path):
    started = time.monotonic()
    result = run_render("inverse", "--set", "base=10", "--set", "point=1.5", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert time.monotonic() - started < 10
    assert not (tmp_path / "out").exists()


def test_a_clip_missing_a_file_is_named_in_the_summary(tmp_path):
    from loglesson.publish.render import folder_summary

    folder = tmp_path
    (folder / "exponent.mp4").write_bytes(b"x")
    (folder / ".exponent.stamp.json").write_text(json.dumps(
        {"inputs": {}, "outputs": {"exponent.mp4": 1, "exponent.webm": 5}, "duration": 1.0}))
    lines = folder_summary(folder, "no clips", {})
    assert any("exponent: left out of lesson.mp4 and the page: exponent.webm is missing" in line for line in lines)


def test_a_missing_speech_engine_is_one_line_naming_the_package_before_anything_renders(tmp_path):
    bin_dir = tmp_path / "bin"   # a PATH with everything but Festival's text2wave
    bin_dir.mkdir()
    for tool in ("ffmpeg", "ffprobe", "latex", "dvisvgm"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    env = {**os.environ, "PATH": str(bin_dir)}
    result = subprocess.run([sys.executable, "-m", "loglesson.publish.render", SCENE, "--out", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert result.stderr.startswith("render.sh: English narration needs Festival's text2wave: "
                                    "the Debian package festival is missing (scripts/setup.sh installs it")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
