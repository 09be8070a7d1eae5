"""Clips made safely: one Manim process per clip in parallel, outputs staged then renamed into place.

A clip is one scene in one language at one quality. Its outputs go to
`<out>/<lang>/<quality folder>/` and are first written to a staging folder beside them
(`.<scene>.partial/`); only when every one is complete are they renamed into place, the old
stamp removed first and the new stamp (`.<scene>.stamp.json`, a hash of every input) written
last. So an interrupted or failed run leaves complete files only, and the next run renders
exactly the clips whose stamp is missing or stale. Manim's own media folder is kept per clip
in `<out>/.work/` for its caches of typeset formulas and text (its videos are removed once
encoded), and wiped when a render does not finish, so a half-written cache file is never reused.
"""

import collections
import errno
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib.metadata import version
from pathlib import Path
from types import FrameType
from typing import Any
from collections.abc import Callable, Iterator

from . import beats, captions, encode, inrender, locks
from . import webfiles
from .webfiles import (KINDS, OUTPUT_INPUTS, PIECES, SOUNDED, Interrupted, StepFailed, Steps, beats_encoding, encoding,
                       link_kept_beats, make_files)
from .sources import kit_modules, other_assets, word_files
from .. import catalog, lesson, typeset
from ..paths import ASSETS, ROOT, user_cache
from ..voice import VoiceError, engine_version

QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60", "k": "2160p60"}
LESSON_FILE = "lesson.mp4"
PAGE_ASSETS = ASSETS / "article"  # the page's template and words: they change index.html only
HEARTBEAT_SECONDS = 15
POLL_SECONDS = 0.1       # how often the main thread looks for finished clips
PASSED_ON = {"LESSON_SPEECH_CACHE"}   # LESSON_ variables that are settings of the machine, not of a clip
TIMES_VARIABLE = "LESSON_TIMES_CACHE"  # where the machine remembers how long each clip took to make


# --- what a clip is and where its files go -----------------------------------------------

@dataclass(frozen=True)
class Clip:
    scene: str
    lang: str
    quality: str
    values: tuple[tuple[str, Any], ...]   # every parameter of the scene, parsed, defaults included
    settings: tuple[tuple[str, str], ...]  # the user's --set values as text, passed as LESSON_ variables
    title: str
    out: Path

    @property
    def folder(self) -> Path:
        return self.out / self.lang / QUALITY_FOLDERS[self.quality]

    def file(self, kind: str) -> Path:
        return self.folder / f"{self.scene}.{kind}"

    @property
    def stamp_path(self) -> Path:
        return self.folder / f".{self.scene}.stamp.json"

    @property
    def staging(self) -> Path:
        return self.folder / f".{self.scene}.partial"

    @property
    def work(self) -> Path:
        return self.out / ".work" / self.lang / QUALITY_FOLDERS[self.quality] / self.scene

    @property
    def label(self) -> str:
        return f"{self.scene} ({self.lang})"

    def environment(self) -> dict[str, str]:
        """The process environment of its Manim run: only this clip's LESSON_ variables."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("LESSON_") or k in PASSED_ON}
        variables = {p.name: p.variable for p in lesson.specs(self.scene)}
        env.update({variables[name]: text for name, text in self.settings})
        # Wide log lines so that Manim's "Animation N" lines are not wrapped by rich.
        env.update(LESSON_LANG=self.lang, COLUMNS="400", PYTHONUNBUFFERED="1")
        # Manim's sound track is encoded again for every web file: kept lossless until then
        # (manim_internals.LOSSLESS_SOUND; not imported here, it imports Manim).
        env["LOGLESSON_LOSSLESS_SOUND"] = "1"
        # The WebM's pieces, the GIF and the last frames made from Manim's frames as it renders.
        env[inrender.ENV] = str(self.staging / PIECES)
        return env


# --- stamps: what a clip was made from -----------------------------------------------------

def _digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        h.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def scene_code_digest(scene: str) -> str:
    """The scene file and every kit module it imports, transitively (loglesson.publish.sources).

    Publishing modules (this pipeline, the encoders, the page) are not among them: editing
    them does not render a clip again; the outputs they make carry their own inputs below.
    """
    file = catalog.scene_file(scene)
    return _digest([file, *kit_modules(file, root=file.parent), *other_assets()])


@lru_cache(maxsize=None)
def manim_version() -> str:
    return version("manim")  # from the installed metadata: importing Manim would cost 0.7 s


STAMP_ONLY = {"title"}    # recorded for lesson.mp4's chapters; no clip file shows it


def inputs(clip: Clip) -> dict[str, Any]:
    """Everything a clip's files depend on; a change to any of them makes the clip again.

    The render's inputs (code, words, parameters, quality, language, Manim and how it is run)
    make it render again; an output's own input (OUTPUT_INPUTS) only remakes that file.
    """
    cfg = ROOT / "manim.cfg"
    voiced = dict(clip.values).get("voice") == "on"
    return {
        "scene code": scene_code_digest(clip.scene),
        "words": _digest(word_files(clip.scene, clip.lang)),
        "parameters": dict(clip.values),
        "quality": clip.quality,
        "language": clip.lang,
        "manim": manim_version(),
        "manim options": shlex.join(manim_options(clip)),
        "manim.cfg": _digest([cfg] if cfg.is_file() else []),
        **{OUTPUT_INPUTS[kind]: encoding(kind, command, voiced) for kind, command, _ in webfiles.ENCODES},
        "captions": _digest([Path(captions.__file__)]),
        "beats encoding": beats_encoding(voiced),
        "title": clip.title,
        "speech": engine_version(clip.lang) if dict(clip.values).get("voice") == "on" else "none",
    }


def outputs_to_remake(stamp: dict | None, now: dict[str, Any], folder: Path) -> set[str] | None:
    """The outputs to make again from the kept render, when only their own inputs changed;
    None when the clip must be rendered again (or nothing but its stamp is out of date)."""
    if stamp is None or outputs_intact(stamp, folder) is not None:
        return None
    before = stamp.get("inputs", {})
    changed = {name for name in now if before.get(name) != now[name]}
    by_input = {name: kind for kind, name in OUTPUT_INPUTS.items()}
    if changed - by_input.keys() - STAMP_ONLY:
        return None
    return {by_input[name] for name in changed if name in by_input} or None


def kept_render_paths(clip: Clip) -> tuple[Path, Path]:
    """Where Manim's last complete render of the clip is kept: its video and its captions."""
    folder = clip.work / "render"
    return folder / f"{clip.scene}.mp4", folder / f"{clip.scene}.srt"


def kept_render(clip: Clip, stamp: dict | None) -> tuple[Path, Path | None] | None:
    """Manim's render that the stamp's outputs were made from, if it is still there intact."""
    record = (stamp or {}).get("render")
    video, srt = kept_render_paths(clip)
    if not record or not video.is_file() or video.stat().st_size != record.get("mp4"):
        return None
    if record.get("srt") is not None and (not srt.is_file() or srt.stat().st_size != record["srt"]):
        return None
    return video, srt if record.get("srt") is not None else None


def keep_render(clip: Clip, video: Path, srt: Path | None) -> dict[str, int | None]:
    """Keep Manim's render beside its caches, so a changed encoder does not render again."""
    kept_video, kept_srt = kept_render_paths(clip)
    kept_video.parent.mkdir(parents=True, exist_ok=True)
    if srt is None:
        kept_srt.unlink(missing_ok=True)
    elif srt != kept_srt:
        os.replace(srt, kept_srt)
    manifest, kept_manifest = video.with_suffix(".beats.json"), kept_video.with_suffix(".beats.json")
    if manifest.exists() and manifest != kept_manifest:
        os.replace(manifest, kept_manifest)
    if video != kept_video:
        os.replace(video, kept_video)
    return {"mp4": kept_video.stat().st_size, "srt": kept_srt.stat().st_size if srt is not None else None}


DAMAGED: dict = {}   # what read_stamp gives for a stamp it cannot read as a JSON object


def read_stamp(path: Path) -> dict | None:
    """The stamp at `path`; None when there is none, DAMAGED (empty) when it is not a JSON object."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return DAMAGED
    return value if isinstance(value, dict) else DAMAGED


def content_hash(path: Path) -> str:
    """A hash of the file's bytes (BLAKE2b, 128 bits): about 2 ms a megabyte here. A run reads
    each file once while it is unchanged (an unchanged render.sh checks every clip's files
    before and after: 78 MB three times took 0.46 s)."""
    info = path.stat()
    return _content_hash(path, info.st_mtime_ns, info.st_size, info.st_ino)


@lru_cache(maxsize=4096)
def _content_hash(path: Path, mtime_ns: int, size: int, inode: int) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def outputs_intact(stamp: dict, folder: Path) -> str | None:
    """None when every output the stamp lists is there with its recorded size and content, else what is not."""
    outputs = stamp.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return "the stamp lists no outputs"
    recorded = stamp.get("hashes")
    hashes: dict[str, str] = recorded if isinstance(recorded, dict) else {}
    for name, size in outputs.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if path.stat().st_size != size or (name in hashes and content_hash(path) != hashes[name]):
            return f"{name} was changed"
    return None


def reason_to_render(stamp: dict | None, now: dict[str, Any], folder: Path) -> str | None:
    """Why a clip must be rendered again, or None when its files are up to date."""
    if stamp is None:
        return "not rendered yet"
    if not stamp:
        return "its stamp was damaged"
    before = stamp.get("inputs", {})
    changed = [name for name in now if before.get(name) != now[name]]
    if changed:
        return f"{', '.join(changed)} changed"
    return outputs_intact(stamp, folder)


# --- how long a clip took on this machine ------------------------------------------------

def times_folder() -> Path:
    """Where this machine remembers how long each clip took: $LESSON_TIMES_CACHE, else
    ~/.cache/loglesson/times. Any output folder's run reads it, so a first run into a new
    folder can still start its slowest clips first (render.longest_first)."""
    return user_cache(TIMES_VARIABLE, "times")


def _time_file(clip: Clip) -> Path:
    values = hashlib.blake2b(repr(clip.values).encode(), digest_size=6).hexdigest()
    return times_folder() / f"{clip.scene}.{clip.lang}.{clip.quality}.{values}.json"


def remember_time(clip: Clip, seconds: float) -> None:
    """Note that making `clip` (these parameters, this language and quality) took `seconds`.
    One small file a clip, replaced whole: two runs at once never mix their writes. A hint
    only: a cache that cannot be written is left as it is."""
    path = _time_file(clip)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, json.dumps({"seconds": round(seconds, 2)}))
    except OSError:
        pass


def remembered_time(clip: Clip) -> float | None:
    """How long making `clip` took the last time this machine made it (remember_time), if known."""
    try:
        seconds = json.loads(_time_file(clip).read_text(encoding="utf-8"))["seconds"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return float(seconds) if isinstance(seconds, (int, float)) and seconds > 0 else None


def write_atomically(path: Path, text: str) -> None:
    """Write under a temporary name, then rename: readers see the old file or the new, whole.
    The name is the writer's own (process and thread), so two writers never share one."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)   # a full disk must not leave a 0-byte file behind
        raise


def complete_clips(folder: Path) -> list[tuple[str, dict]]:
    """(scene, stamp) of every clip in the folder whose files are all there, in lesson order."""
    found = []
    for scene in lesson.scene_names():
        stamp = read_stamp(folder / f".{scene}.stamp.json")
        if stamp and outputs_intact(stamp, folder) is None:
            found.append((scene, stamp))
    return found


def incomplete_clips(folder: Path) -> list[tuple[str, str]]:
    """(scene, what is wrong) of clips the folder once had whose files are no longer whole."""
    found = []
    for scene in lesson.scene_names():
        stamp = read_stamp(folder / f".{scene}.stamp.json")
        if stamp is None:
            continue
        problem = "its stamp was damaged" if not stamp else outputs_intact(stamp, folder)
        if problem is not None:
            found.append((scene, problem))
    return found


def remove_stale_staging(folder: Path) -> None:
    """Staging left by a run that was killed outright (SIGKILL, power loss), never a live run's."""
    for stale in folder.glob(".*.partial"):
        scene = stale.name[1:-len(".partial")]
        if locks.is_free(locks.clip_lock(folder, scene)):
            shutil.rmtree(stale, ignore_errors=True)
    if locks.is_free(locks.folder_lock(folder)):
        for stale in folder.glob(".*.tmp"):
            stale.unlink(missing_ok=True)


# --- child processes that can be stopped ----------------------------------------------------

class Runner:
    """Runs child processes in their own process groups, so that `stop` ends them and theirs,
    and shares the cores among the clips being made (`threads`)."""

    def __init__(self, cores: int | None = None) -> None:
        self._children: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.cores = cores or len(os.sched_getaffinity(0))
        self._clips = 0     # clips being made now (`making`)

    @contextmanager
    def making(self) -> Iterator[None]:
        """While the block runs, one more clip is being made: see `threads`."""
        with self._lock:
            self._clips += 1
        try:
            yield
        finally:
            with self._lock:
                self._clips -= 1

    def threads(self) -> int:
        """Threads an encode may use now: its share of the cores while other clips are made at
        the same time (a WebM made from a kept render: inrender.replay), 0 (the encoder's own
        choice) while it is alone."""
        with self._lock:
            clips = self._clips
        return max(1, self.cores // clips) if clips > 1 else 0

    def run(self, cmd: list[str], *, env: dict[str, str] | None = None, log: Path | None = None,
            on_line: Callable[[str], None] | None = None) -> None:
        with self._lock:
            if self.stopping.is_set():
                raise Interrupted()
            proc = subprocess.Popen(
                [*DIE_WITH_PARENT, *cmd], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, env=env, cwd=ROOT, text=True, errors="replace", start_new_session=True,
            )
            self._children.add(proc)
        tail: collections.deque[str] = collections.deque(maxlen=60)
        try:
            with open(log or os.devnull, "w", buffering=1) as log_file:  # line by line: a full disk shows at once
                for line in proc.stdout or ():
                    log_file.write(line)
                    tail.append(line.rstrip())
                    if on_line:
                        on_line(line)
            returncode = proc.wait()
        except BaseException:
            # Reading or logging failed (a full disk): the child must not run on untracked.
            _signal_group(proc, signal.SIGKILL)
            proc.wait()
            raise
        finally:
            with self._lock:
                self._children.discard(proc)
        if self.stopping.is_set():
            raise Interrupted()
        if returncode != 0:
            raise StepFailed(_failure_line(list(tail)) or f"{Path(cmd[0]).name} exited with {returncode}")

    def stop(self, grace: float = 5.0) -> None:
        self.stopping.set()
        with self._lock:
            children = list(self._children)
        for proc in children:
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in children:
            try:
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait()


# Children are killed when render.sh dies, even by SIGKILL: util-linux's setpriv (essential in
# Debian) sets the Linux parent-death signal and execs the command. (A preexec_fn doing the same
# is unsafe with the pipeline's threads: the child can deadlock before exec.)
DIE_WITH_PARENT = ("setpriv", "--pdeathsig", "SIGKILL", "--") if shutil.which("setpriv") else ()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def _failure_line(lines: list[str]) -> str:
    """The line that says why a child failed: a scene's `loglesson:` line, else the exception."""
    lines = [line.strip(" │|") for line in lines if line.strip(" │|")]
    for line in reversed(lines):
        if line.startswith("loglesson:"):
            return line
    for line in reversed(lines):
        if re.match(r"^[\w.]*(Error|Exception|Interrupt)\b", line):
            return line
    return lines[-1] if lines else ""


# --- one clip, start to end ------------------------------------------------------------------

@dataclass
class Progress:
    """What a running clip is doing, for the progress lines."""
    clip: Clip
    number: int
    total: int
    stage: str = "waiting"
    animations: int = 0
    started: float = field(default_factory=time.monotonic)


@dataclass
class Outcome:
    clip: Clip
    status: str  # "made", "up to date", "failed", "interrupted"
    seconds: float = 0.0
    error: str = ""
    stamp: dict | None = None


def manim_options(clip: Clip) -> list[str]:
    """How Manim renders a clip (part of the clip's inputs: a change renders it again)."""
    # --disable_caching: for a cached animation Manim adds its nominal run time to the scene's
    # clock, for a drawn one its whole frames; so with the cache the captions (timed by that
    # clock) drift from the video, by 0.5 s over the exponent clip at 15 fps.
    return [f"-q{clip.quality}", "--progress_bar", "none", "--disable_caching"]


def render_with_manim(clip: Clip, runner: Runner, progress: Progress) -> tuple[Path, Path | None]:
    """Manim's mp4 and SRT for the clip, rendered in the clip's own media folder."""
    media = clip.work / "media"
    for old in media.glob(f"videos/*/*/{clip.scene}.*"):
        old.unlink()  # so a failed run can never hand over an older video
    media.mkdir(parents=True, exist_ok=True)
    typeset.add_missing(typeset.machine_folder(), media)     # what this machine typeset before
    log = clip.work / "manim.log"

    def count(line: str) -> None:
        match = re.search(r"Animation (\d+) :", line)
        if match:
            progress.animations = int(match.group(1)) + 1

    with tempfile.TemporaryDirectory(prefix="loglesson-media-") as private:
        # Manim joins its pieces through an ffmpeg list that an apostrophe in the path breaks
        # ("it's out"): it is then handed the media folder through a link whose path has none.
        seen_as = media
        if "'" in str(media):
            seen_as = Path(private) / "media"
            seen_as.symlink_to(media, target_is_directory=True)
        cmd = [sys.executable, "-m", "manim", "render", *manim_options(clip), "--media_dir", str(seen_as),
               "-o", clip.scene, str(catalog.scene_file(clip.scene))]
        try:
            runner.run(cmd, env=clip.environment(), log=log, on_line=count)
        except StepFailed as err:
            raise StepFailed(f"{err} (Manim's log: {log})") from None
    videos = list(media.glob(f"videos/*/*/{clip.scene}.mp4"))
    if len(videos) != 1:
        raise StepFailed(f"Manim finished but wrote no {clip.scene}.mp4 (Manim's log: {log})")
    typeset.add_missing(media, typeset.machine_folder())
    srt = videos[0].with_suffix(".srt")
    return videos[0], srt if srt.exists() else None


def place_beats(clip: Clip, staged: dict[str, Path]) -> None:
    """Put the staged beat files in place and remove the clip's beat files it no longer has."""
    folder = clip.folder / beats.BEATS_DIR
    folder.mkdir(exist_ok=True)
    for name, path in staged.items():
        os.replace(path, clip.folder / name)
    for old in folder.glob(f"{clip.scene}-*.*"):
        if f"{beats.BEATS_DIR}/{old.name}" not in staged:
            old.unlink()


def make_clip(clip: Clip, runner: Runner, progress: Progress,
              say: Callable[[Progress, str], None], now: dict[str, Any], force: bool = False) -> Outcome:
    """Render, encode and put in place one clip's files, its stamp last, holding the clip's lock.

    Another run making the same clip (same output folder) is waited for; if it made exactly
    this clip, nothing is made again.
    """
    def stop_waiting() -> None:
        if runner.stopping.is_set():
            raise Interrupted()

    def waiting() -> None:
        say(progress, "waiting: another render.sh run is making this clip in the same folder…")

    try:
        clip.folder.mkdir(parents=True, exist_ok=True)
        with locks.held(locks.clip_lock(clip.folder, clip.scene), waiting, stop_waiting) as waited:
            progress.started = time.monotonic()
            if waited and not force and reason_to_render(read_stamp(clip.stamp_path), now, clip.folder) is None:
                return Outcome(clip, "up to date (made by another run)", 0.0)
            with runner.making():
                return _make_clip(clip, runner, progress, say, now, force)
    except Interrupted:
        return Outcome(clip, "interrupted", time.monotonic() - progress.started)
    except OSError as err:
        return Outcome(clip, "failed", time.monotonic() - progress.started, error=_disk_error(err, clip.out))


def _disk_error(err: OSError, where: Path) -> str:
    """One line for a failed write: a full disk names the folder to free."""
    if err.errno == errno.ENOSPC:
        return f"no space left on the device of {where}: free some space there and run it again"
    return f"{err.strerror or err} ({err.filename or where})"


def _make_clip(clip: Clip, runner: Runner, progress: Progress,
               say: Callable[[Progress, str], None], now: dict[str, Any], force: bool) -> Outcome:
    """The clip's files made anew: from Manim's kept render when only encoders changed, else
    (or with `force`: --force renders everything it makes) from a new render."""
    staging = clip.staging
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    clip.work.mkdir(parents=True, exist_ok=True)
    rendered = False
    try:
        before = read_stamp(clip.stamp_path)
        remake = None if force else outputs_to_remake(before, now, clip.folder)
        kept = kept_render(clip, before) if remake is not None else None
        timings: dict[str, float] = {}
        if kept is None or remake is None or before is None:
            progress.stage = "rendering"
            say(progress, "rendering…")
            video, srt = render_with_manim(clip, runner, progress)
            timings["render"] = time.monotonic() - progress.started
            remake = {*KINDS, "beats"}
        else:
            video, srt = kept       # only encoders changed: Manim's last render is remade into files
            progress.animations = before.get("animations", 0)
        rendered = True
        staged = {kind: staging / clip.file(kind).name for kind in KINDS}
        for kind in set(KINDS) - remake:
            os.link(clip.file(kind), staged[kind])
        cues = captions.parse_srt(srt.read_text(encoding="utf-8")) if srt else []
        if "vtt" in remake:
            staged["vtt"].write_text(captions.to_vtt(cues), encoding="utf-8")
        narrated = encode.has_audio(video)
        manifest = video.with_suffix(".beats.json")
        found = beats.read_manifest(manifest) if manifest.exists() else []

        def announce(stage: str) -> None:
            progress.stage = f"encoding {stage}"
            say(progress, f"encoding {stage}…")

        steps = Steps(partial(runner.run, env=encode.environment()), announce, runner.threads, runner.stopping.is_set)
        opus = staging / PIECES / "sound.webm"        # the WebM's sound, encoded as the gain is measured
        gain = None
        if narrated and remake & SOUNDED:
            opus.parent.mkdir(exist_ok=True)
            with steps.step("sound"):
                gain = encode.web_sound(video, opus)
        staged_beats = make_files(video, cues, staged, remake, gain, clip.scene, found, clip.folder, steps,
                                 manifest if found else None, opus if gain is not None else None, narrated=narrated)
        if "beats" not in remake and before:
            staged_beats = link_kept_beats(clip.scene, before, clip.folder, staging)
        everything = {**{path.name: path for path in staged.values()}, **staged_beats}
        seconds = time.monotonic() - progress.started
        stamp = {
            "inputs": now,
            "outputs": {name: path.stat().st_size for name, path in everything.items()},
            "hashes": {name: content_hash(path) for name, path in everything.items()},
            "beats": len([name for name in staged_beats if name.endswith(".mp4")]),
            "render": None,
            "title": clip.title,
            **encode.probe(staged["mp4"]),
            "webm type": encode.webm_type(staged["webm"]),
            "webm made": steps.webm_from,
            "cues": len(cues),
            "narrated": narrated,
            "animations": progress.animations,
            # Wall seconds of the Manim render and of each encoding step: where the time went.
            "seconds": {name: round(value, 2) for name, value in
                        {**timings, **steps.seconds, "all": seconds}.items()},
        }
        if runner.stopping.is_set():
            raise Interrupted()
        with locks.held(locks.folder_lock(clip.folder)):
            # The old stamp goes first: from here until the new one is written, the clip is stale.
            clip.stamp_path.unlink(missing_ok=True)
            for kind, path in staged.items():
                os.replace(path, clip.file(kind))
            place_beats(clip, staged_beats)
            stamp["render"] = keep_render(clip, video, srt)
            write_atomically(clip.stamp_path, json.dumps(stamp, indent=1, ensure_ascii=False))
        if "render" in timings:     # made from a kept render, it took a fraction of a render's time
            remember_time(clip, seconds)
        shutil.rmtree(clip.work / "media" / "videos", ignore_errors=True)  # the text caches stay
        return Outcome(clip, "made", seconds, stamp=stamp)
    except Interrupted:
        return Outcome(clip, "interrupted", time.monotonic() - progress.started)
    except StepFailed as err:
        message = str(err)
        if "No space left on device" in message:
            message = _disk_error(OSError(errno.ENOSPC, "No space left on device"), clip.out)
        return Outcome(clip, "failed", time.monotonic() - progress.started, error=message)
    except OSError as err:
        return Outcome(clip, "failed", time.monotonic() - progress.started, error=_disk_error(err, clip.out))
    except (subprocess.CalledProcessError, ValueError, VoiceError) as err:
        return Outcome(clip, "failed", time.monotonic() - progress.started, error=str(err))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not rendered:
            shutil.rmtree(clip.work / "media", ignore_errors=True)


def make_clips(clips: list[Clip], jobs: int, say: Callable[[Progress, str], None],
               describe: Callable[[Outcome], str], runner: Runner | None = None,
               force: bool = False) -> list[Outcome]:
    """Every clip in `clips`, `jobs` at a time. Ctrl-C stops the children and cleans up, then re-raises."""
    runner = runner or Runner()
    progress = [Progress(clip, n, len(clips)) for n, clip in enumerate(clips, 1)]
    now = [inputs(clip) for clip in clips]
    outcomes: dict[int, Outcome] = {}
    executor = ThreadPoolExecutor(max_workers=max(1, jobs))
    with interrupts_at_pauses() as pause:
        try:
            pending = {
                executor.submit(_started, p, partial(make_clip, p.clip, runner, p, say, now[i], force)): i
                for i, p in enumerate(progress)
            }
            last_beat = time.monotonic()
            while pending:
                # Polled with a pause, not concurrent.futures.wait: raised inside wait's
                # Event.wait, a KeyboardInterrupt left that event's lock held, so the worker
                # finishing its clip blocked on it for ever and the shutdown below waited on that
                # worker (seen: a hang-up that never ended the run).
                pause()
                done = [future for future in pending if future.done()]
                for future in done:
                    i = pending.pop(future)
                    outcomes[i] = future.result()
                    say(progress[i], describe(outcomes[i]))
                if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    last_beat = time.monotonic()
                    for p in progress:
                        if p.stage == "rendering":
                            say(p, f"still rendering, animation {p.animations + 1}, "
                                   f"{time.monotonic() - p.started:.0f} s")
            pause.act()     # a signal that came while the last clips were reported
        except BaseException:
            # Ctrl-C, SIGTERM or SIGHUP (or a failure): the children are ended and staging
            # removed while a further signal is held (no pause comes), then such signals are ignored.
            pause.stopping = True
            runner.stop()
            executor.shutdown(wait=True, cancel_futures=True)
            ignore_interrupts()
            raise
    executor.shutdown(wait=True)
    return [outcomes[i] for i in range(len(clips))]


INTERRUPTS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Pauses:
    """The main thread's pauses, the only places where Ctrl-C, SIGTERM and SIGHUP act while
    clips are made (see interrupts_at_pauses). Calling it pauses."""

    def __init__(self, handlers: dict[int, Callable[[int, FrameType | None], Any]]) -> None:
        self.handlers = handlers    # what each signal did before: act with it
        self.held: list[int] = []
        self.pausing = False
        self.stopping = False       # the run is being stopped: signals only wait

    def hold(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler: act during a pause, else keep the signal for the next one. The
        same signal again while one waits acts at once (a main thread stuck, say in a write to
        a pipe no one reads, would otherwise never reach its pause), unless the run is already
        being stopped."""
        if self.pausing or (signum in self.held and not self.stopping):
            self.held = [held for held in self.held if held != signum]
            self.handlers[signum](signum, frame)
        else:
            self.held.append(signum)

    def act(self) -> None:
        """Act now on the first signal held, if any (its handler raises KeyboardInterrupt, for one)."""
        if self.held:
            signum = self.held.pop(0)
            self.handlers[signum](signum, None)

    def __call__(self) -> None:
        self.pausing = True
        try:
            self.act()
            time.sleep(POLL_SECONDS)
        finally:
            self.pausing = False


@contextmanager
def interrupts_at_pauses() -> Iterator[Pauses]:
    """While the block runs, Ctrl-C, SIGTERM and SIGHUP act only in the pauses this yields (a
    sleep of POLL_SECONDS each): one arriving anywhere else in the main thread, which may be
    holding a lock there (a future's, the progress lines'), is held until the next pause, or
    `act()`, or the block's normal end. Each then does what its handler did before the block
    (raise KeyboardInterrupt, for one); a signal ignored, or left to the system, stays so. Off
    the main thread, where Python runs no signal handler, a pause is a plain sleep."""
    if threading.current_thread() is not threading.main_thread():
        yield Pauses({})
        return
    handlers = {int(sig): handler for sig in INTERRUPTS if callable(handler := signal.getsignal(sig))}
    pauses = Pauses(handlers)
    try:
        for sig in handlers:
            signal.signal(sig, pauses.hold)
        yield pauses
    finally:
        # Each handler put back, even when one put back before acts (signal.signal first runs
        # the handlers of signals pending) and raises: then raised once all are back.
        raised: BaseException | None = None
        for sig, handler in handlers.items():
            while signal.getsignal(sig) == pauses.hold:    # not replaced in the block (ignore_interrupts)
                try:
                    signal.signal(sig, handler)
                except BaseException as err:
                    raised = raised or err
        if raised is not None:
            raise raised
    pauses.act()    # the block ended normally: a signal held since its last act (or while restoring) acts now


def ignore_interrupts() -> None:
    """Ctrl-C, SIGTERM and SIGHUP ignored from now on (the run is ending), in the main thread."""
    if threading.current_thread() is threading.main_thread():
        for sig in INTERRUPTS:
            signal.signal(sig, signal.SIG_IGN)


def _started(progress: Progress, work: Callable[[], Outcome]) -> Outcome:
    progress.started = time.monotonic()
    return work()


# --- the whole lesson ------------------------------------------------------------------------

def make_lesson(folder: Path, lesson_title: str, clips: list[tuple[str, dict]], runner: Runner | None = None) -> str:
    """lesson.mp4: the folder's complete `clips` (complete_clips) joined in lesson order, one
    chapter per clip. Returns "made", "up to date" or "no clips"."""
    runner = runner or Runner()
    target = folder / LESSON_FILE
    stamp_path = folder / ".lesson.stamp.json"
    if not clips:
        return "no clips"
    parts = [(stamp.get("title", scene), stamp["duration"]) for scene, stamp in clips]
    now = {
        "lesson title": lesson_title,
        "clips": [[scene, stamp.get("hashes", stamp["outputs"]), stamp.get("title"), stamp["duration"]]
                  for scene, stamp in clips],
        "encoders": _digest([Path(encode.__file__)]),
    }
    if reason_to_render(read_stamp(stamp_path), now, folder) is None:
        return "up to date"
    staging = folder / ".lesson.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        sources = [folder / f"{scene}.mp4" for scene, _ in clips]
        narrated = [stamp.get("narrated", False) for _, stamp in clips]
        if any(narrated) and not all(narrated):
            # Silent clips get a silent track, so the narration runs as one track across chapters.
            for n, (source, spoken) in enumerate(zip(sources, narrated)):
                if not spoken:
                    sources[n] = staging / f"{n}-{source.name}"
                    runner.run(encode.with_silence(source, sources[n]))
        (staging / "clips.txt").write_text(encode.concat_list(sources))
        (staging / "chapters.txt").write_text(encode.chapters(lesson_title, parts), encoding="utf-8")
        runner.run(encode.join(staging / "clips.txt", staging / "chapters.txt", staging / LESSON_FILE))
        stamp_path.unlink(missing_ok=True)
        os.replace(staging / LESSON_FILE, target)
        stamp = {"inputs": now, "outputs": {LESSON_FILE: target.stat().st_size},
                 "hashes": {LESSON_FILE: content_hash(target)}}
        write_atomically(stamp_path, json.dumps(stamp, indent=1, ensure_ascii=False))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return "made"
