"""Per-beat clips: every beat of a clip cut from the same render into files of its own.

A scene leaves `<video>.beats.json` beside its video (LessonScene.manifest: each beat's key,
start, end and lines). From it, each beat NN (from 01, in clip order) becomes
`beats/<scene>-NN.mp4` (H.264 + AAC, faststart), `.webm` (AV1 + Opus), `.png` (its last
frame) and `.vtt` (its captions, from 0), and the clip gets `<scene>.chapters.vtt`: a WebVTT
chapters track, one chapter per beat, titled by the beat's title ([chapter] in assets/text).

No beat's picture is encoded again: each beat's video is cut, packet for packet, out of the
clip's own streams at key frames. Manim starts every animation's piece on a key frame, and a
beat starts between animations, so the MP4 has a key frame at every beat's first frame; the
WebM is encoded a beat at a time (inrender.py) and joined (`join_pieces`), so it has one too.
Nor is the sound encoded again: each beat's is the clip's MP4's AAC and WebM's Opus, packet
for packet, cut in the pause before the beat (SOUND_LEAD), so a beat sounds as the clip does,
at its loudness and under its peak ceiling. A beat whose first frame is no key frame (not a
LessonScene's cut) has its video encoded on its own instead (`piece`).
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..voice import SAMPLE_RATE
from . import encode
from .captions import Cue, to_vtt

BEATS_DIR = "beats"


@dataclass(frozen=True)
class Beat:
    number: int          # from 1, in clip order
    key: str
    start: float
    end: float
    lines: tuple[str, ...]   # the captions, as read
    title: str = ""          # the beat's chapter title (a manifest written before titles: its first line)

    @property
    def duration(self) -> float:
        return self.end - self.start

    def frames(self, fps: float) -> range:
        """The beat's frame numbers in the clip."""
        return range(round(self.start * fps), round(self.end * fps))


def read_manifest(path: Path) -> list[Beat]:
    """The beats a render left in its manifest; ValueError if it is not one."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("beats"), list):
        raise ValueError(f"{path} is not a beat manifest")
    return [
        Beat(n, beat["key"], float(beat["start"]), float(beat["end"]),
             tuple(line["show"] for line in beat["lines"]), str(beat.get("title", "")))
        for n, beat in enumerate(data["beats"], 1)
        if float(beat["end"]) > float(beat["start"])
    ]


def stem(scene: str, beat: Beat) -> str:
    return f"{BEATS_DIR}/{scene}-{beat.number:02d}"


def files(scene: str, beat: Beat) -> list[str]:
    """The names (relative to the clip's folder) of one beat's files."""
    return [f"{stem(scene, beat)}.{kind}" for kind in ("mp4", "webm", "png", "vtt")]


# --- cutting streams without encoding them again ------------------------------------------------

def spans(beats: list[Beat], fps: float, frames: int) -> list[range]:
    """The clip's frames in consecutive pieces, a new one at every beat's start and end.

    Every beat is one piece; frames before the first beat or after the last are pieces too,
    so that the pieces joined are the whole clip.
    """
    cuts = sorted({0, frames, *(n for beat in beats for n in (beat.frames(fps).start, beat.frames(fps).stop))})
    return [range(a, b) for a, b in zip(cuts, cuts[1:]) if 0 <= a < b <= frames]


def read_held(path: Path, fps: float) -> list[range]:
    """The stretches of frames that hold one picture, from a render's manifest (LessonScene notes
    every wait's frames); [] when it has none or was made at another frame rate."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("frame rate") != fps:
        return []
    return [range(int(first), int(first) + int(count)) for first, count in data.get("held", [])]


def key_frames(path: Path, fps: float | None = None) -> tuple[int, set[int]]:
    """A video's frame count and its key frames' numbers, read from its packets (nothing is decoded).

    Without `fps`, frames are numbered in showing order (a video with a frame at every tick).
    With it, by their time (Manim's MP4 stores a held picture at its first and last frame, the
    WebM a few times a second: a key frame at 2.0 s is frame 30 at 15 fps however few frames
    come before it), and the count is of the frames up to the last one stored.
    """
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags",
         "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )
    packets = [line.split(",") for line in result.stdout.split()]
    shown = sorted((float(time), "K" in flags) for time, flags, *_ in packets if time != "N/A")
    if fps is None:
        return len(shown), {number for number, (_, key) in enumerate(shown) if key}
    return (round((shown[-1][0] - shown[0][0]) * fps) + 1 if shown else 0,
            {round((time - shown[0][0]) * fps) for time, key in shown if key})


def split(src: Path, pattern: Path, starts: list[int], fps: float | None = None) -> list[str]:
    """src's video stream copied, not encoded, into consecutive files (pattern `…%03d.mp4`),
    a new one at each frame number in `starts` (each a key frame: see key_frames).

    With `fps`, the cuts are made by time, at each of those frames' times (the MP4 and the WebM
    leave out frames of a held picture). Half a frame early: a WebM keeps whole milliseconds,
    and the cut goes to the first key frame at or after the time given."""
    if fps is not None:
        points = ",".join(f"{max(0.0, (n - 0.5) / fps):.6f}" for n in starts) or "1000000000"
        cut = ["-segment_times", points]
    else:
        cut = ["-segment_frames", ",".join(map(str, starts)) or "1000000000"]
    return [*encode.FFMPEG, "-i", str(src), "-map", "0:v", "-c", "copy", "-f", "segment",
            *cut, "-reset_timestamps", "1", str(pattern)]


def piece(src: Path, dst: Path, span: range, fps: float, video: tuple[str, ...]) -> list[str]:
    """The frames `span` of src encoded with `video` (no sound): a beat's picture where the
    clip has no key frame to cut at."""
    # Seeking before the input while transcoding is frame-accurate; half a frame early so that
    # rounding never loses the first frame. The piece lasts the span's frames, however few of
    # them src stores (a held picture: its first and last).
    return [*encode.FFMPEG, "-ss", f"{max(0.0, (span.start - 0.5) / fps):.6f}", "-i", str(src), "-map", "0:v",
            "-fps_mode", "vfr", "-t", f"{len(span) / fps:.6f}", *video, str(dst)]


def join_pieces(list_file: Path, src: Path, dst: Path, gain: float | None, opus: Path | None = None) -> list[str]:
    """The clip's WebM: its pieces joined as they are, with the whole clip's sound from src
    (or, with `opus`, that sound already encoded, as it is)."""
    if opus is not None and gain is not None:
        return [*encode.FFMPEG, "-f", "concat", "-safe", "0", "-i", str(list_file), "-i", str(opus),
                "-map", "0:v", "-map", "1:a", "-c", "copy", str(dst)]
    return [*encode.FFMPEG, "-f", "concat", "-safe", "0", "-i", str(list_file), "-i", str(src),
            "-map", "0:v", *encode.sound(gain, encode.OPUS, source=1), "-c:v", "copy", str(dst)]


def split_sound(src: Path, pattern: Path, starts: list[int], fps: float) -> list[str]:
    """src's sound copied, not encoded, into consecutive files (pattern `…%03d.m4a` or `.webm`),
    a new one at the first packet at or after SOUND_LEAD before each frame number in `starts`."""
    times = ",".join(f"{max(0.0, n / fps - SOUND_LEAD):.6f}" for n in starts) or "1000000000"
    return [*encode.FFMPEG, "-i", str(src), "-map", "0:a", "-c", "copy", "-f", "segment", "-segment_format",
            "mp4" if pattern.suffix == ".m4a" else "webm", "-segment_times", times, "-reset_timestamps", "1",
            str(pattern)]


# A beat's line is spoken from its first frame (voice.py trims each line's silence; the beat
# starts as its caption appears), after a pause that ends the beat before. The sound is cut in
# that pause, at a packet's edge (Opus 20 ms, AAC 21.3 ms) at least this long before the beat
# starts: the first packet after a cut is decoded without the one before it (Opus also drops its
# first 6.5 ms), so it must hold silence. The beat's sound then plays 23-45 ms after its
# picture, inside what a viewer notices (sound late by up to about 125 ms, ITU-R BT.1359).
SOUND_LEAD = 0.045
AAC_DELAY = 1024 / SAMPLE_RATE    # one AAC packet of the narration's sound


def files_of_beats(beats: list[tuple[Path, Path, Path | None, Path | None, Path, Path]]) -> list[str]:
    """Every beat's MP4 and WebM in one run of ffmpeg, from (MP4 picture, WebM picture, MP4
    sound, WebM sound, MP4, WebM) for each: the clip's own packets, none encoded again (a
    silent clip's beats have no sound: None)."""
    inputs: list[str] = []
    outputs: list[str] = []
    for mp4_piece, webm_piece, mp4_sound, webm_sound, mp4, webm in beats:
        for kind, picture, sound, dst in (("mp4", mp4_piece, mp4_sound, mp4), ("webm", webm_piece, webm_sound, webm)):
            first = inputs.count("-i")
            # An AAC packet decodes to the sound of the one before it: a cut's first is the
            # encoder's delay, to be skipped as the clip's own first is (an edit list).
            delay = ["-itsoffset", f"{-AAC_DELAY:.6f}"] if kind == "mp4" else []
            inputs += ["-i", str(picture), *([*delay, "-i", str(sound)] if sound else [])]
            outputs += ["-map", f"{first}:v", *(["-map", f"{first + 1}:a"] if sound else []), "-c", "copy",
                        *(["-movflags", "+faststart"] if kind == "mp4" else []), str(dst)]
    return [*encode.FFMPEG, *inputs, *outputs]


MP4_VIDEO = ("-c:v", "libx264", "-crf", "23", "-pix_fmt", "yuv420p")   # Manim's own settings


def captions(cues: list[Cue], beat: Beat) -> str:
    """The beat's cues, clipped to it and timed from its start."""
    inside = [Cue(max(cue.start, beat.start) - beat.start, min(cue.end, beat.end) - beat.start, cue.text)
              for cue in cues if cue.start < beat.end and cue.end > beat.start]
    return to_vtt([cue for cue in inside if cue.end - cue.start > 0.01])


def chapters(beats: list[Beat]) -> str:
    """A WebVTT chapters track: one chapter per beat, named by its title (else its first line)."""
    return to_vtt([Cue(beat.start, beat.end, beat.title or (beat.lines[0] if beat.lines else beat.key))
                   for beat in beats])
