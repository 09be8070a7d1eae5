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
Only the sound is encoded per beat (exactly cut, at the clip's loudness gain): a fraction of
a second each. Opus can raise a beat's peak past the clip's (by 1.1 dB on one Japanese beat:
−0.1 dBTP), so the beats' WebMs are measured and any above the ceiling encoded again, its gain
lowered by the excess, as the clip's own is (encode.under_ceiling). A beat whose first frame
is no key frame (not a LessonScene's cut) has its video encoded on its own instead (`piece`).
"""

from __future__ import annotations

import json
import subprocess
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


def files_of_beats(src: Path, gain: float | None, fps: float,
                   beats: list[tuple[range, Path, Path, Path, Path]]) -> list[str]:
    """Every beat's MP4 and WebM in one run of ffmpeg, from (frames, MP4 piece, WebM piece,
    MP4, WebM) for each.

    The picture is the beat's pieces of the clip's H.264 and AV1 as they are; the sound is
    src's, decoded once, cut at each beat's frames (atrim, to the sample) and encoded (AAC,
    Opus) at the clip's loudness gain.
    """
    inputs, graph, outputs = [], [], []
    if gain is not None:
        graph.append(f"[0:a]asplit={len(beats)}" + "".join(f"[s{n}]" for n in range(len(beats))))
    for n, (span, mp4_piece, webm_piece, mp4, webm) in enumerate(beats):
        inputs += ["-i", str(mp4_piece), "-i", str(webm_piece)]
        sound_mp4, sound_webm = ["-an"], ["-an"]
        if gain is not None:
            graph.append(f"[s{n}]{cut_sound(span, fps, gain)},asplit[m{n}][w{n}]")
            sound_mp4, sound_webm = ["-map", f"[m{n}]", *encode.AAC], ["-map", f"[w{n}]", *encode.OPUS]
        outputs += ["-map", f"{1 + 2 * n}:v", *sound_mp4, "-c:v", "copy", "-movflags", "+faststart",
                    *QUEUE, str(mp4),
                    "-map", f"{2 + 2 * n}:v", *sound_webm, "-c:v", "copy", *QUEUE, str(webm)]
    return [*encode.FFMPEG, "-i", str(src), *inputs, *(["-filter_complex", ";".join(graph)] if graph else []),
            *outputs]


def cut_sound(span: range, fps: float, gain: float) -> str:
    """Filters that cut a beat's sound out of the clip's, to the sample, at `gain`."""
    return f"atrim=start={span.start / fps:.6f}:end={span.stop / fps:.6f},asetpts=PTS-STARTPTS,volume={gain}dB"


def webm_of_beat(src: Path, span: range, fps: float, gain: float, webm_piece: Path, webm: Path) -> list[str]:
    """One beat's WebM on its own: its picture piece as it is, its sound cut from src at `gain`
    (when its Opus came out above the peak ceiling at the clip's gain)."""
    return [*encode.FFMPEG, "-i", str(src), "-i", str(webm_piece),
            "-filter_complex", f"[0:a]{cut_sound(span, fps, gain)}[w]",
            "-map", "1:v", "-map", "[w]", *encode.OPUS, "-c:v", "copy", str(webm)]


# A beat's picture packets wait for its sound, which comes after the beats before it are cut:
# let them queue (ffmpeg stops at 128 packets once 50 MB are queued).
QUEUE = ("-max_muxing_queue_size", "100000")


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
