"""The ffmpeg commands that turn Manim's mp4 into web files, and ffprobe for their size and length.

Each function returns an argument list (the pipeline runs it, so it can be interrupted);
every output path is a temporary one that the pipeline renames into place when complete.
"""

import json
import math
import os
import re
import subprocess
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from ..voice import FFMPEG as LOGGING_FFMPEG   # at ffmpeg's own log level: its measurements
from ..voice import LOUDNESS_LUFS, loudness

FFMPEG = ("ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y")

# A GIF for article previews: small before all else (≤ 480 px wide, 12 frames a second).
# The palette favours what moves (stats_mode=diff); the lesson's flat colours on a dark ground
# look the same in 64 colours without dithering, at about half the size of 256 dithered ones.
# Scaled down by averaging (area): on the 94 s exponent clip 1.6 s for 772 kB at SSIM 0.9931
# against a lanczos-scaled reference, where lanczos took 2.3 s for 941 kB at 0.9919.
GIF_FPS = 12
GIF_WIDTH = 480
GIF_PALETTE = ("setsar=1,split[a][b];[a]palettegen=stats_mode=diff:max_colors=64[p];"
               "[b][p]paletteuse=dither=none:diff_mode=rectangle")
GIF_FRAMES = ("-f", "nut")   # the GIF's frames as the render hands them over: raw, each at its own time


def gif_size(width: int, height: int) -> tuple[int, int]:
    """The GIF's picture: at most GIF_WIDTH wide, the clip's shape, an even height."""
    w = min(GIF_WIDTH, width)
    return w, 2 * round(height * w / width / 2)


def gif_frames(span: range, fps: float) -> int:
    """How many of the GIF's frames show a frame of `span`. The GIF's frame k shows the clip's
    frame on screen at k/GIF_FPS s: frame floor(k * fps / GIF_FPS)."""
    rate = Fraction(fps).limit_denominator(1001) / GIF_FPS
    return math.ceil(span.stop / rate) - math.ceil(span.start / rate)


def gif_pick(start: int, fps: float, size: tuple[int, int]) -> str:
    """Filters that keep, of frames numbered from `start`, those the GIF shows (see gif_frames),
    scaled down by averaging (area)."""
    j = f"(n+{start})"
    return (f"select='eq(floor(ceil({j}*{GIF_FPS}/{fps:g})*{fps:g}/{GIF_FPS}),{j})',"
            f"scale={size[0]}:{size[1]}:flags=area")


# Narration for the web: −16 LUFS integrated, true peak at most −1 dBTP (kept under −1.2 here
# so the lossy encoders' overshoot stays inside the limit).
PEAK_CEILING_DB = -1.2
# ffmpeg's AAC encoder with its default (two-loop) search took 5.0 s for the 94 s exponent clip,
# with the fast one 1.3 s: the clip's whole make took 6 s longer for a difference in sound no
# one hears in a voice (at 128 kb/s stereo, then).
# The sound is one voice, kept mono from Manim's mix (manim_internals.convert_audio_fast): a
# browser plays a mono track from both speakers. Against the stereo made before (two equal
# channels, AAC at 128 kb/s, Opus at 64), measured on three clips' sound (SDR against the mix,
# CPU of the encode): AAC mono at 112 kb/s 74.4, 64.9 and 75.6 dB against 73.1, 49.2 and
# 74.7 dB, 4-12 % fewer bytes, 35-45 % less CPU (at 96 kb/s en cross_entropy fell to 66.7 dB);
# Opus mono at 56 kb/s 45.4 and 40.2 dB against 44.7 and 37.9 dB, 4 % fewer bytes, 26-32 %
# less CPU (under about 56 kb/s libopus changes mode and takes twice the CPU).
AAC = ("-c:a", "aac", "-aac_coder", "fast", "-b:a", "112k")
OPUS = ("-c:a", "libopus", "-b:a", "56k")


def has_audio(path: Path) -> bool:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries", "stream=index", "-of", "csv=p=0",
         str(path)], capture_output=True, text=True,
    )
    return bool(result.stdout.strip())


def web_sound(src: Path, opus: Path) -> float:
    """The gain (dB) that brings src's sound to −16 LUFS as heard (its mono track from both
    speakers) without its true peak passing the ceiling, with the WebM's sound track (Opus)
    encoded at that gain into `opus`.

    Each spoken line is at −16 LUFS on its own; heard from two speakers the mono mix is about
    3 LU louder, so the gain is about −3 dB, give or take what the mix's pauses change.
    Opus can raise a peak well past the one it was given (1.5 dB on the Japanese exponent clip:
    −2.3 dBTP in, −0.8 out), so its track is measured as encoded and, if it passes the ceiling,
    encoded again with the gain lowered by the excess (for every file, so that the MP4 and the
    WebM sound alike). The WebM's pieces are joined with this track as it is.
    """
    level, peak = loudness(src, dual_mono=True)
    gain = round(min(LOUDNESS_LUFS - level, PEAK_CEILING_DB - peak), 2)

    def encode_at(path: Path, gain: float) -> None:
        subprocess.run([*FFMPEG, "-i", str(src), "-vn", *sound(gain, OPUS), str(path)], check=True)

    encode_at(opus, gain)
    return under_ceiling({opus: gain}, encode_at, OPUS_TRIES - 1)[opus]


OPUS_TRIES = 4     # the peak follows the gain within a tenth or two of a dB: the one clip seen over needed one more


def under_ceiling(gains: dict[Path, float], encode_at: Callable[[Path, float], None],
                  retries: int = OPUS_TRIES) -> dict[Path, float]:
    """Files of sound encoded at the gains given, each whose true peak passes the ceiling
    encoded again (`encode_at(path, gain)`) with its gain lowered by the excess, until none
    does: the gains the files end with. All are measured in one run of ffmpeg per round."""
    final, pending = dict(gains), dict(gains)
    for attempt in range(retries + 1):
        over = {path: peak - PEAK_CEILING_DB for path, peak in zip(pending, true_peaks(list(pending)), strict=True)
                if peak > PEAK_CEILING_DB}
        if not over:
            return final
        if attempt == retries:
            break
        pending = {path: round(final[path] - excess - PEAK_MARGIN_DB, 2) for path, excess in over.items()}
        final.update(pending)
        for path, gain in pending.items():
            encode_at(path, gain)
    raise RuntimeError(f"{', '.join(str(path) for path in over)}: the sound stays above {PEAK_CEILING_DB} dBTP "
                       f"after {retries + 1} encodes")


PEAK_MARGIN_DB = 0.05   # lowered a little past the excess, so that the next encode lands under the ceiling


def true_peaks(paths: list[Path]) -> list[float]:
    """The true peak (dBTP) of each file's sound, measured in one run of ffmpeg (ebur128)."""
    graph = ";".join(f"[{n}:a:0]ebur128=peak=true:framelog=verbose[p{n}]" for n in range(len(paths)))
    outputs = [arg for n in range(len(paths)) for arg in ("-map", f"[p{n}]", "-f", "null", "-")]
    result = subprocess.run(
        [*LOGGING_FFMPEG, *(arg for path in paths for arg in ("-i", str(path))), "-filter_complex", graph, *outputs],
        capture_output=True, text=True, errors="replace",
    )
    found = {int(n): float(peak) for n, peak in _SUMMARY_PEAK.findall(result.stderr)}
    if result.returncode != 0 or sorted(found) != list(range(len(paths))):
        raise RuntimeError(f"could not measure the peaks of {len(paths)} files: {result.stderr.strip()[-200:]}")
    return [found[n] for n in range(len(paths))]


# Each filter's summary, named by its place in the graph (the n-th ebur128 measures input n).
_SUMMARY_PEAK = re.compile(r"\[Parsed_ebur128_(\d+) @ [^\]]*\] Summary:.*?Peak:\s+(-?[\d.]+|-inf) dBFS", re.S)


def sound(gain: float | None, codec: tuple[str, ...], source: int = 0) -> list[str]:
    """Audio options: none for a silent clip, else input `source`'s sound in `codec` at the loudness gain."""
    if gain is None:
        return ["-an"]
    return ["-map", f"{source}:a", "-af", f"volume={gain}dB", *codec]


def faststart(src: Path, dst: Path, gain: float | None = None) -> list[str]:
    """Same H.264 stream, with the index (moov) moved before the data so playback starts at once.

    The narration, if any, is encoded again (AAC) at the web's loudness.
    """
    return [*FFMPEG, "-i", str(src), "-map", "0:v", *sound(gain, AAC), "-c:v", "copy",
            "-movflags", "+faststart", str(dst)]


# The WebM of a clip with beats (every LessonScene's) is made in pieces by PyAV's SVT-AV1 in the
# render (inrender.py, its own settings); these settings, for Debian's ffmpeg, make the WebM of
# a clip without beats and a beat's picture where the clip has no key frame to cut at.
#
# AV1 by SVT-AV1 at preset 11, a key frame at least every 10 s of frames given to it (longer
# where a picture is held: see HELD_SECONDS), its crf by the picture's height;
# chosen by measurement against the WebM made before (VP9 crf 33), SSIM against Manim's render,
# on 2 shared cores:
# - 480p15, the 94 s exponent clip: VP9 18.0 s for 350 kB at SSIM 0.99916; AV1 crf 36 3.8 s,
#   284 kB, 0.99942 (crf 38: 255 kB, 0.99936, but on the cross-entropy clip 0.99882 against
#   VP9's 0.99885; crf 36 there: 861 kB at 0.99888 against VP9's 994 kB). (With SVT's own key
#   frames every 5.4 s: crf 40 4.2 s, 306 kB, 0.99935; preset 10 5.1 s, 295 kB, 0.99938;
#   preset 12 crf 40 3.0 s, 343 kB, 0.99902 and crf 36 407 kB, 0.99909, both short of VP9.)
# - 1080p60, 30 s of it: VP9 71 s for 646 kB at 0.99978; AV1 crf 32 14.1 s, 404 kB, 0.99979
#   (crf 34: 363 kB, 0.99978, just short of VP9; preset 12 crf 32 11.0 s, 511 kB, 0.99971;
#   preset 13 crf 36 7.9 s, 423 kB, 0.99961).
# Those were with every frame encoded. A held picture is now encoded a few times a second
# (HELD_SECONDS), which leaves the encoder less to refine it from: the crf goes down to keep the
# picture, for about a third less CPU (figures at HELD_SECONDS; the whole exponent clip):
# - 480p15: every frame at crf 36, 9.7 s of CPU, 332 kB, SSIM 0.999598; held at crf 34, 6.3 s,
#   309 kB, 0.999597 (crf 32: 6.7 s, 340 kB, 0.999622). cross_entropy: 13.1 s, 877 kB, 0.999416
#   against crf 34 8.9 s, 725 kB, 0.999359 (crf 32: 806 kB, 0.999415). The benchmark's run at
#   crf 32 made inverse's and tangent's WebMs 5-6 % larger than VP9's (at a better SSIM), hence
#   34: every clip's WebM is then smaller than VP9's, its SSIM above VP9's (docs/speed.md).
# - 1080p60: every frame at crf 32, 90 s, 1314 kB, 0.999844; held at crf 28, 56 s, 1323 kB,
#   0.999853 (crf 30: 1208 kB, 0.999834). VP9 crf 33 took 386 s for 2022 kB at 0.999784.
# The WebM is encoded a beat at a time (webfiles.py), so every beat also starts on a key frame.
# A browser without AV1 takes the MP4: the snippet names the codec.
WEBM_CRF = ((480, 34), (100_000, 28))   # (up to this many lines, crf)
WEBM_KEY_SECONDS = 10


def webm_video(height: int, fps: float) -> tuple[str, ...]:
    crf = next(crf for lines, crf in WEBM_CRF if height <= lines)
    return ("-c:v", "libsvtav1", "-preset", "11", "-crf", str(crf), "-g", str(round(WEBM_KEY_SECONDS * fps)),
            "-pix_fmt", "yuv420p")


# A held picture (a wait: the render's manifest lists them) is given to the encoder about
# four times a second, not on every frame; each frame shows until the next one's time. Given
# once, it stays at the quality of its first encoding; given again, the encoder refines it.
# On the exponent clip at 480p15 (SSIM, PSNR against Manim's render): every frame, crf 36:
# 9.7 s of CPU, 332 kB, 0.999598, 55.5 dB; once, crf 36: 6.6 s, 245 kB, 0.999470, 53.4 dB
# (crf 28: 352 kB, 0.999585); every 4th, crf 34: 6.3 s, 309 kB, 0.999597, 55.2 dB; every 4th,
# crf 32: 6.7 s, 340 kB, 0.999622, 55.7 dB. At 1080p60 every 15th or every 8th: the same.
HELD_SECONDS = 0.25


def held_every(fps: float) -> int:
    """Of a held picture's frames, every how many one is encoded."""
    return max(1, round(HELD_SECONDS * fps))


def environment() -> dict[str, str]:
    """The environment the encoders run in: SVT-AV1 prints its banner to stderr unless told
    (SVT_LOG=1: errors only), where it would bury the line that says why a step failed."""
    return {**os.environ, "SVT_LOG": "1"}


def webm(src: Path, dst: Path, gain: float | None = None, height: int = 480, fps: float = 15) -> list[str]:
    return [*FFMPEG, "-i", str(src), "-map", "0:v", *sound(gain, OPUS), *webm_video(height, fps), str(dst)]


def webm_type(path: Path) -> str:
    """The MIME type with codecs for a <source> of this WebM (AV1 main profile, 8 bits, its level)."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name,level", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )
    streams = json.loads(result.stdout)["streams"]
    codecs = []
    for stream in streams:
        if stream.get("codec_name") == "av1":
            codecs.append(f"av01.0.{int(stream.get('level', 8)):02d}M.08")
        elif stream.get("codec_type") == "audio":
            codecs.append(stream["codec_name"])
    return f'video/webm; codecs="{", ".join(codecs)}"' if codecs else "video/webm"


def gif(src: Path, dst: Path, gain: float | None = None, width: int = 854, height: int = 480,
        fps: float = 15) -> list[str]:
    """The GIF from the whole clip, decoded for it alone. (Made with the WebM, its frames come
    from the WebM's pieces instead, the same frames: gif_from_frames.) The clip's frames are
    numbered by their time (fps: Manim's MP4 stores a held picture at its first and last frame)."""
    pick = gif_pick(0, fps, gif_size(width, height))
    rate = Fraction(fps).limit_denominator(1001)
    return [*FFMPEG, "-i", str(src), "-vf", f"fps={rate},{pick},settb=1/{GIF_FPS},setpts=N,fps={GIF_FPS},{GIF_PALETTE}",
            "-fps_mode", "passthrough", "-loop", "0", str(dst)]


def gif_from_frames(frames: Path, dst: Path) -> list[str]:
    """The GIF from its frames (GIF_FRAMES), read from `frames` (a pipe): each frame stamped
    with the first GIF frame (of GIF_FPS a second) it shows, and shown until the next one's."""
    # The muxer gives the last frame the delay of the one before it unless told: a held last
    # picture comes again at the GIF's last frame, which lasts one frame.
    return [*FFMPEG, *GIF_FRAMES, "-i", str(frames), "-vf", GIF_PALETTE, "-fps_mode", "passthrough", "-loop", "0",
            "-final_delay", str(round(100 / GIF_FPS)), str(dst)]


# The clip's last half second is decoded and turned around (reverse: it holds those frames),
# and the first frame out, the very last one, is written as a PNG. The last half second holds
# it at any frame rate: -sseof counts from the end of a file whose picture may start two frames
# late (x264's B-frame delay, 0.13 s at 15 fps), and with 0.2 s a beat's piece gave no frame at
# all. Writing every frame of it over the same PNG (-update 1, before) encoded 30 PNGs at
# 1080p60 for each poster and each beat's last frame: 1.1 s of CPU a poster, now 0.4 s.
LAST_FRAME_SECONDS = 0.5
LAST_FRAME = ("-vf", "reverse", "-frames:v", "1", "-c:v", "png")


def poster(src: Path, dst: Path, gain: float | None = None) -> list[str]:
    """The clip's last frame: it shows the whole picture the clip built."""
    return [*FFMPEG, "-sseof", f"-{LAST_FRAME_SECONDS}", "-i", str(src), *LAST_FRAME, str(dst)]


def _metadata_escape(text: str) -> str:
    for char in "\\=;#\n":
        text = text.replace(char, "\\" + char)
    return text


def chapters(title: str, parts: list[tuple[str, float]]) -> str:
    """An ffmetadata file: the lesson's title and one chapter per (title, seconds), in order."""
    lines = [";FFMETADATA1", f"title={_metadata_escape(title)}"]
    start = 0
    for name, seconds in parts:
        end = start + round(seconds * 1000)
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}",
                  f"title={_metadata_escape(name)}"]
        start = end
    return "\n".join(lines) + "\n"


def concat_list(files: list[Path], seconds: list[float] | None = None) -> str:
    """The concat demuxer's input list, with absolute paths quoted its way.

    With `seconds`, each file's length is stated: the demuxer then starts each file exactly
    where the one before ends. (Read from a WebM, whose times are whole milliseconds, a length
    comes out up to a frame long, and the joined video drifted a frame behind its sound at
    some joins.)
    """
    lines = []
    for n, file in enumerate(files):
        lines.append("file '" + str(file.resolve()).replace("'", "'\\''") + "'\n")
        if seconds is not None:
            lines.append(f"duration {seconds[n]:.6f}\n")
    return "".join(lines)


def with_silence(src: Path, dst: Path) -> list[str]:
    """A silent clip with a silent AAC track, so it joins narrated clips into one audio track."""
    return [*FFMPEG, "-i", str(src), "-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-map", "0:v",
            "-map", "1:a", "-c:v", "copy", *AAC, "-shortest", "-movflags", "+faststart", str(dst)]


def join(list_file: Path, metadata_file: Path, dst: Path) -> list[str]:
    """Clips joined without re-encoding (they share codec settings), chapters from the metadata.

    Their narration, if any, becomes one continuous track (every clip then has one).
    """
    return [*FFMPEG, "-f", "concat", "-safe", "0", "-i", str(list_file), "-i", str(metadata_file),
            "-map", "0", "-map_metadata", "1", "-map_chapters", "1", "-c", "copy",
            "-movflags", "+faststart", str(dst)]


def probe(path: Path) -> dict:
    """{"duration": seconds, "width": pixels, "height": pixels, "fps": frames a second} of a video, as ffprobe reads them."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "format=duration:stream=width,height,r_frame_rate", "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )
    info = json.loads(result.stdout)
    stream = info["streams"][0]
    return {"duration": float(info["format"]["duration"]), "width": stream["width"], "height": stream["height"],
            "fps": float(Fraction(stream["r_frame_rate"]))}
