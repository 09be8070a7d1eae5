"""Per-beat clips: every beat of a clip cut from the same render into files of its own.

A scene leaves `<video>.beats.json` beside its video (LessonScene.manifest: each beat's key,
start, end and lines). From it, each beat NN (from 01, in clip order) becomes
`beats/<scene>-NN.mp4` (H.264 + AAC, faststart), `.webm` (AV1 + Opus), `.png` (its last
frame) and `.vtt` (its captions, from 0), and the clip gets `<scene>.chapters.vtt`: a WebVTT
chapters track, one chapter per beat, titled by the beat's first line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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

    @property
    def duration(self) -> float:
        return self.end - self.start


def read_manifest(path: Path) -> list[Beat]:
    """The beats a render left in its manifest; ValueError if it is not one."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("beats"), list):
        raise ValueError(f"{path} is not a beat manifest")
    return [
        Beat(n, beat["key"], float(beat["start"]), float(beat["end"]),
             tuple(line["show"] for line in beat["lines"]))
        for n, beat in enumerate(data["beats"], 1)
        if float(beat["end"]) > float(beat["start"])
    ]


def stem(scene: str, beat: Beat) -> str:
    return f"{BEATS_DIR}/{scene}-{beat.number:02d}"


def files(scene: str, beat: Beat) -> list[str]:
    """The names (relative to the clip's folder) of one beat's files."""
    return [f"{stem(scene, beat)}.{kind}" for kind in ("mp4", "webm", "png", "vtt")]


def _cut(src: Path, beat: Beat) -> list[str]:
    # Seeking before the input while transcoding is frame-accurate: the beat starts on its own picture.
    return [*encode.FFMPEG, "-ss", f"{beat.start:.4f}", "-i", str(src), "-t", f"{beat.duration:.4f}"]


def mp4(src: Path, dst: Path, beat: Beat, gain: float | None) -> list[str]:
    return [*_cut(src, beat), "-map", "0:v", *encode.sound(gain, encode.AAC), "-c:v", "libx264", "-crf", "23", "-preset", "veryfast",
            "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(dst)]


def webm(src: Path, dst: Path, beat: Beat, gain: float | None) -> list[str]:
    return [*_cut(src, beat), "-map", "0:v", *encode.sound(gain, encode.OPUS), *encode.WEBM_VIDEO, str(dst)]


def last_frame(beat_mp4: Path, dst: Path) -> list[str]:
    return [*encode.FFMPEG, "-sseof", "-0.5", "-i", str(beat_mp4), "-update", "1", "-c:v", "png", str(dst)]


def captions(cues: list[Cue], beat: Beat) -> str:
    """The beat's cues, clipped to it and timed from its start."""
    inside = [Cue(max(cue.start, beat.start) - beat.start, min(cue.end, beat.end) - beat.start, cue.text)
              for cue in cues if cue.start < beat.end and cue.end > beat.start]
    return to_vtt([cue for cue in inside if cue.end - cue.start > 0.01])


def chapters(beats: list[Beat]) -> str:
    """A WebVTT chapters track: one chapter per beat, named by its first line."""
    return to_vtt([Cue(beat.start, beat.end, beat.lines[0] if beat.lines else beat.key) for beat in beats])
