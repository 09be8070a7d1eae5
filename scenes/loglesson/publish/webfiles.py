"""The web files made from one Manim render, each by its own step, and the time each step took.

The clip's MP4 is Manim's H.264 as it is (moved to faststart, the sound at the web's
loudness); the poster is its last frame. The WebM (AV1) is encoded a piece at a time, one
piece per beat, and the pieces joined: the whole costs one encode, and every beat then starts
on a key frame of both the MP4 and the WebM, so each beat's files are cut out of the clip's
own streams without encoding the picture again (beats.py). A held picture goes to the WebM's
encoder a few times a second, not on every frame. The pieces, the GIF and the pieces' last
frames (the poster, the beats' pictures) are made in Manim's render from its own frames
(inrender.py), or, from a render kept on disk, from its frames decoded once; the GIF alone,
made again, from its own decode.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from . import beats, encode, inrender
from .captions import Cue

# Each web file is made from Manim's render by one step; its own input is what that step runs.
# A change to a step makes that file again from the render kept in .work, without Manim.
ENCODES: tuple[tuple[str, Callable[..., list[str]], str], ...] = (("mp4", encode.faststart, "mp4"), ("png", encode.poster, "poster"),
           ("gif", encode.gif, "gif"), ("webm", encode.webm, "webm"))
KINDS = ("mp4", "webm", "gif", "png", "vtt")
OUTPUT_INPUTS = {kind: f"{kind} encoding" for kind, _, _ in ENCODES} | {"vtt": "captions", "beats": "beats encoding"}
SOUNDED = {"mp4", "webm"}  # the files that carry the narration, at a loudness gain measured from the render
PIECES = ".pieces"         # scratch folder in the clip's staging


def encoding(kind: str, command: Callable[..., list[str]], voiced: bool) -> str:
    """What makes one web file from the render: its ffmpeg command (and, with sound, the loudness target)."""
    line = shlex.join(command(Path("IN"), Path("OUT"), 0.0 if voiced else None))
    if kind == "webm":
        line += (f"  # without beats; with them, a piece per beat by PyAV {version('av')}'s SVT-AV1 "
                 f"(crf, preset by height {inrender.INRENDER_VIDEO}), key frames every {encode.WEBM_KEY_SECONDS} s, "
                 f"held pictures every {encode.HELD_SECONDS} s, joined by {_code_digest()}")
    if voiced and kind in SOUNDED:
        line += f"  # gain to {encode.LOUDNESS_LUFS} LUFS, peak {encode.PEAK_CEILING_DB} dB, in Opus too"
    return line


def beats_encoding(voiced: bool) -> str:
    """What makes the beats' files: the cutting and joining commands, with the clip's own encoders."""
    span = range(0, 1)
    mp4_sound, webm_sound = (Path("SOUND.m4a"), Path("SOUND.webm")) if voiced else (None, None)
    commands = [
        beats.split(Path("IN"), Path("OUT%03d"), [1]),
        beats.piece(Path("IN"), Path("OUT"), span, 1, encode.webm_video(480, 15)),
        beats.piece(Path("IN"), Path("OUT"), span, 1, beats.MP4_VIDEO),
        *(beats.split_sound(Path("IN"), Path(f"OUT%03d.{suffix}"), [1], 1) for suffix in ("m4a", "webm") if voiced),
        beats.files_of_beats([(Path("MP4"), Path("WEBM"), mp4_sound, webm_sound, Path("A"), Path("B"))]),
        encode.poster(Path("MP4"), Path("C")),
    ]
    return "\n".join(map(shlex.join, commands)) + f"\n# {_code_digest()}"


def _code_digest() -> str:
    """A hash of the code that cuts and joins pieces: a change to it makes the WebM and the beats again."""
    h = hashlib.sha256()
    for module in (beats, encode, inrender, sys.modules[__name__]):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()[:16]


class Interrupted(Exception):
    """The run is stopping (Ctrl-C or SIGTERM): a step was cut short, its outputs are discarded."""


class StepFailed(Exception):
    """A render or encode step exited non-zero; the message is one line for the user."""


class Steps:
    """Runs the commands that make one clip's files, and sums the wall time of each step by name."""

    def __init__(self, run: Callable[[list[str]], None], announce: Callable[[str], None],
                 threads: Callable[[], int] = lambda: 0, stopping: Callable[[], bool] = lambda: False) -> None:
        self.run = run              # runs one command to its end (Runner.run)
        self.announce = announce    # told each step's name as it starts
        self.threads = threads      # threads an encode may use now, 0 for the encoder's own choice
        self.stopping = stopping    # whether the run is stopping (checked by work done in this process)
        self.seconds: dict[str, float] = {}
        self.webm_from: str | None = None   # how the WebM's pieces were made (webm_from_pieces)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.announce(name)
        started = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - started


def make_files(video: Path, cues: list[Cue], staged: dict[str, Path], remake: set[str], gain: float | None,
               scene: str, found: list[beats.Beat], folder: Path, steps: Steps,
               manifest: Path | None = None, opus: Path | None = None, *, narrated: bool) -> dict[str, Path]:
    """The clip's files in `remake` (KINDS and "beats") made from Manim's `video` into `staged`;
    `narrated`: whether `video` has a sound track (the clip's files then have one too).

    `opus`, if given, is the clip's sound already encoded for the WebM at `gain` (encode.web_sound).

    The render's `manifest` says which frames hold one picture (beats.read_held): the WebM
    stores such a picture a few times a second, not on every frame.

    `folder` holds the clip's files as they are, of which the kept MP4 and WebM are cut into
    beats when only the beats are made again. Returns the beats' staged files {name in the clip's
    folder: path}, or {} when the beats are not made again.
    """
    scratch = staged["mp4"].parent / PIECES
    info = encode.probe(video)
    fps, video_codec = info["fps"], encode.webm_video(info["height"], info["fps"])
    # The clip's key frames and pieces matter only to the WebM and the beats.
    frames, keys = beats.key_frames(video, fps) if found and remake & {"webm", "beats"} else (0, set())
    pieces = beats.spans(found, fps, frames) if frames else []
    held = beats.read_held(manifest, fps) if manifest and pieces else []
    # With the WebM made in pieces, the GIF's frames, the poster and the beats' last frames
    # come from the same decode of the clip.
    with_webm = {kind for kind in ("gif", "png", "beats") if kind in remake} if pieces and "webm" in remake else set()
    stages = {kind: stage for kind, _, stage in ENCODES}
    webm_step = "+".join(["webm", *(stages[kind] for kind in ("gif", "png") if kind in with_webm)])
    lasts: dict[int, Path] = {}
    try:
        scratch.mkdir(exist_ok=True)
        for kind, command, stage in ENCODES:
            if kind not in remake or kind in with_webm:
                continue
            with steps.step(webm_step if kind == "webm" else stage):
                if kind == "webm" and pieces:
                    steps.webm_from = webm_from_pieces(video, staged["webm"], pieces, fps, gain, scratch, steps, held,
                                                       "gif" in with_webm, opus)
                    lasts = {span.start: scratch / inrender.last_name(n) for n, span in enumerate(pieces)}
                    if "png" in with_webm:
                        shutil.copyfile(lasts[pieces[-1].start], staged["png"])
                    if "gif" in with_webm:
                        shutil.move(scratch / inrender.GIF, staged["gif"])
                elif kind == "webm":
                    steps.run(command(video, staged[kind], gain, height=info["height"], fps=fps))
                elif kind == "gif":
                    steps.run(command(video, staged[kind], gain, width=info["width"], height=info["height"], fps=fps))
                else:
                    steps.run(command(video, staged[kind], gain))
        if "beats" not in remake or not found:
            return {}
        with steps.step("beats"):
            mp4, webm = (staged[kind] if kind in remake else folder / f"{scene}.{kind}" for kind in ("mp4", "webm"))
            return cut_beats(video, keys, mp4, webm, video_codec, cues, found, pieces, fps, scene, scratch, steps,
                             lasts, narrated=narrated)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def webm_from_pieces(video: Path, dst: Path, pieces: list[range], fps: float, gain: float | None,
                     scratch: Path, steps: Steps, held: list[range], gif: bool, opus: Path | None = None) -> str:
    """The clip's WebM: its pieces (one per beat) joined with the clip's sound. The render made
    them (inrender.Tap), or, when it did not make exactly these, they are made from its frames
    now (inrender.replay). Each piece's last frame is left in `scratch` (inrender.last_name),
    and with `gif` the GIF (inrender.GIF). Returns how the pieces were made, as the clip's stamp
    says it: "in the render" or "from the render" (decoded)."""
    source = "in the render"
    if not inrender.made(scratch, pieces, fps, gif):
        source = "from the render"
        try:
            inrender.replay(video, scratch, pieces, held, gif, steps.threads(), steps.stopping)
        except inrender.Stopped:
            raise Interrupted() from None
        except inrender.TapFailed as err:
            raise StepFailed(str(err)) from None
    files = [scratch / inrender.piece_name(n) for n in range(len(pieces))]
    listing = scratch / "encoded.txt"
    listing.write_text(encode.concat_list(files, [len(span) / fps for span in pieces]))
    steps.run(beats.join_pieces(listing, video, dst, gain, opus))
    for path in files:
        path.unlink()
    return source


def cut_beats(video: Path, keys: set[int], mp4: Path, webm: Path, webm_codec: tuple[str, ...], cues: list[Cue],
              found: list[beats.Beat], pieces: list[range], fps: float, scene: str, scratch: Path,
              steps: Steps, lasts: dict[int, Path] | None = None, *, narrated: bool) -> dict[str, Path]:
    """Each beat's MP4, WebM, last frame and captions, cut from the clip's streams: the picture
    from Manim's `video` and the clip's `webm`, the sound from the clip's `mp4` and `webm`.

    `lasts` are the pieces' last frames, if the WebM's pieces wrote them ({first frame: PNG});
    a beat without one has its last frame decoded from its MP4. A silent clip (not `narrated`)
    has silent beats.
    """
    video_pieces = {}
    for kind, source, codec, source_keys in (("mp4", video, beats.MP4_VIDEO, keys),
                                             ("webm", webm, webm_codec, None)):
        # Both leave out frames of a held picture: frames are numbered by their time.
        if source_keys is None:
            _, source_keys = beats.key_frames(source, fps)
        starts = [0, *(span.start for span in pieces[1:] if span.start in source_keys)]
        steps.run(beats.split(source, scratch / f"{kind}-%03d.{kind}", starts[1:], fps))
        for span in pieces:
            if span.start in starts and (span.stop in starts or span is pieces[-1]):
                path = scratch / f"{kind}-{starts.index(span.start):03d}.{kind}"
            else:   # no key frame where this piece starts or ends: its picture is encoded on its own
                path = scratch / f"{kind}-own-{span.start}.{kind}"
                steps.run(beats.piece(video, path, span, fps, codec))
            video_pieces[kind, span.start] = path
    sound_pieces = cut_sound(mp4, webm, pieces, fps, scratch, steps) if narrated else {}
    staging = scratch.parent
    (staging / beats.BEATS_DIR).mkdir(exist_ok=True)
    staged: dict[str, Path] = {}
    both = []
    for beat in found:
        span = beat.frames(fps)
        mp4_name, webm_name, png_name, vtt_name = beats.files(scene, beat)
        both.append((video_pieces["mp4", span.start], video_pieces["webm", span.start],
                     sound_pieces.get(("mp4", span.start)), sound_pieces.get(("webm", span.start)),
                     staging / mp4_name, staging / webm_name))
        if lasts and span.start in lasts:
            os.replace(lasts[span.start], staging / png_name)
        else:
            steps.run(encode.poster(video_pieces["mp4", span.start], staging / png_name))
        (staging / vtt_name).write_text(beats.captions(cues, beat), encoding="utf-8")
        staged.update({name: staging / name for name in (mp4_name, webm_name, png_name, vtt_name)})
    steps.run(beats.files_of_beats(both))
    chapters = f"{scene}.chapters.vtt"
    (staging / chapters).write_text(beats.chapters(found), encoding="utf-8")
    staged[chapters] = staging / chapters
    return staged


def cut_sound(mp4: Path, webm: Path, pieces: list[range], fps: float, scratch: Path,
              steps: Steps) -> dict[tuple[str, int], Path]:
    """The clip's sound cut where its pieces start ({(kind, piece's first frame): file})."""
    cut = {}
    for kind, source, suffix in (("mp4", mp4, "m4a"), ("webm", webm, "webm")):
        steps.run(beats.split_sound(source, scratch / f"{kind}-sound-%03d.{suffix}",
                                    [span.start for span in pieces[1:]], fps))
        made = sorted(scratch.glob(f"{kind}-sound-*.{suffix}"))
        if len(made) != len(pieces):
            raise StepFailed(f"{source.name}'s sound was cut into {len(made)} pieces, not {len(pieces)}")
        cut.update({(kind, span.start): path for span, path in zip(pieces, made)})
    return cut


def link_kept_beats(scene: str, before: dict, folder: Path, staging: Path) -> dict[str, Path]:
    """The beats' files as they are (hard links into staging), for a clip whose beats are not made again."""
    staged: dict[str, Path] = {}
    for name in before.get("outputs", {}):
        if name.startswith(f"{beats.BEATS_DIR}/") or name == f"{scene}.chapters.vtt":
            staged[name] = staging / name
            staged[name].parent.mkdir(parents=True, exist_ok=True)
            os.link(folder / name, staged[name])
    return staged
