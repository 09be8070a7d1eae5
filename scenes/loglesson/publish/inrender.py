"""The WebM's pieces, the GIF and every piece's last frame, made from Manim's own frames while
it renders, so that nothing decodes Manim's H.264 again to make them.

render.sh asks for it (`ENV`: the folder to write to) in the environment of its Manim runs;
manim_internals then hands every frame Manim encodes to a `Tap`, already in the video's pixel
format (Manim's conversion, done once for both encoders). The tap cuts the WebM into pieces,
a new one where each beat starts (the scene calls `manim_internals.cut_webm`), so that every
beat starts on a key frame and its files are cut from the clip's streams (beats.py); it gives
a held picture (a wait) to the encoder only every few frames (encode.held_every), each shown
until the next one's time; it writes each piece's last frame as a PNG (the poster, the beats'
pictures) and the GIF's frames to the GIF's encoder; and it writes what it made in `RESULT`.

Publishing takes the pieces when they are the ones it expects of the render (`made`). When
they are not there (the WebM's encoding changed, and the render kept in .work is made into
files again without Manim; or the tap failed: it never stops the render), `replay` makes the
same pieces with the same encoder from the render's frames, decoded.

The encoder is SVT-AV1 inside PyAV, with the frames never leaving the process: handing 1080p
frames to Debian's ffmpeg through a pipe took more CPU (2.2 ms a frame) than decoding Manim's
H.264 (1.7 ms). PyAV's SVT-AV1 is 4.1, Debian's ffmpeg's 1.4.1, so the settings are its own
(INRENDER_VIDEO, chosen by measurement: docs/speed.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import encode

if TYPE_CHECKING:
    import numpy as np

# PyAV (and numpy) are imported where frames are handled, not with the module: render.sh reads
# this module's settings on every run, and an unchanged run need not load them (0.3 s).

ENV = "LOGLESSON_WEBM_TAP"   # the folder the tap writes to; set by render.sh for its Manim runs
RESULT = "tapped.json"
GIF = "clip.gif"
os.environ.setdefault("SVT_LOG", "1")   # SVT-AV1's banner and warnings off (errors only), here too

# (up to this many lines, crf, preset): see docs/speed.md for the measurements.
INRENDER_VIDEO = ((480, 32, 9), (100_000, 32, 10))


# In the render, SVT-AV1 runs on one thread (lp=1): it keeps up with Manim's drawing, and one
# thread does the same work for less CPU than several contending for two cores with the render
# (with Debian's SVT-AV1 on the exponent clip at 1080p60: 51.2 s of CPU at lp=1 against 56.4 s).
def video_options(height: int, threads: int = 1) -> dict[str, str]:
    """PyAV's libsvtav1 options for a picture `height` lines high on `threads` threads (0: its own choice)."""
    crf, preset = next((crf, preset) for lines, crf, preset in INRENDER_VIDEO if height <= lines)
    return {"crf": str(crf), "preset": str(preset), "svtav1-params": f"lp={threads}:scm=1"}


# How long a segment's frames wait for the segment before to close: Manim closes every segment
# it opens (finished or aborted), so this is only ever reached by a fault, and then the tap
# gives up (publishing makes the WebM from the render instead) rather than hold the render.
TURN_SECONDS = 600.0


def piece_name(n: int) -> str:
    return f"encoded-{n:03d}.webm"


def last_name(n: int) -> str:
    return f"last-{n:03d}.png"


@dataclass
class _Piece:
    start: int
    container: Any
    stream: Any
    sent: int = -1          # the last frame given to the encoder


@dataclass
class Tap:
    """Makes the WebM's pieces, their last frames and the GIF from frames given in order."""

    folder: Path
    width: int
    height: int
    fps: Fraction
    cuts: set[int] = field(default_factory=set)   # frames where a piece starts (0 always does)
    gif: bool = True
    threads: int = 1
    frames: int = 0                               # frames received so far
    pieces: list[list[int]] = field(default_factory=list)   # [first frame, end] of each
    error: str | None = None
    _segments: int = 0                            # segments opened (in the order their frames come)
    _turn: int = 0                                # the segment whose frames come next
    _ready: threading.Condition = field(default_factory=threading.Condition)
    _piece: _Piece | None = None
    _last: tuple[int, Any, np.ndarray | None] | None = None  # frame number, frame, RGBA pixels
    _gif: subprocess.Popen | None = None
    _gif_out: Any = None                          # the NUT stream of the GIF's frames to its encoder
    _gif_shown: int = 0                           # the GIF's frames handed over so far
    _gif_last: tuple[Any, int] | None = None      # the last picture handed over, and how many frames it shows

    # --- called from Manim's encoder (manim_internals) -------------------------------------
    def open_segment(self) -> int:
        """A new segment of Manim's video (called in the order they are played): its number."""
        self._segments += 1
        return self._segments - 1

    def close_segment(self, segment: int) -> None:
        """The segment has no more frames: the next one's may come."""
        with self._ready:
            self._turn = max(self._turn, segment + 1)
            self._ready.notify_all()

    def take(self, segment: int, frame: Any, pixels: np.ndarray | None, repeat: int) -> None:
        """The segment's next frame (in the video's pixel format), shown `repeat` times, and its
        RGBA pixels (for the PNGs; None: from the frame). Manim encodes segments on threads of
        their own, two at a time: a segment's frames wait until the one before has closed."""
        with self._ready:
            if not self._ready.wait_for(lambda: self._turn >= segment, timeout=TURN_SECONDS) and self.error is None:
                self.error = f"segment {segment}'s frames waited {TURN_SECONDS} s for segment {self._turn} to close"
                self._abandon()
        if self.error is None:
            try:
                self._take(frame, pixels, repeat)
                return
            except Exception as err:    # never stops the render: publishing replays it instead
                self.error = _words(err)
                self._abandon()
        self.frames += repeat

    def finish(self) -> None:
        """The video is complete: close the last piece and the GIF, and write RESULT."""
        if self.error is None:
            try:
                self._close_piece()
                self._close_gif()
            except Exception as err:
                self.error = _words(err)
                self._abandon()
        result = {"error": self.error} if self.error else {"fps": str(self.fps), "frames": self.frames,
                                                            "pieces": self.pieces, "gif": self.gif}
        partial = self.folder / (RESULT + ".partial")
        partial.write_text(json.dumps(result), encoding="utf-8")
        os.replace(partial, self.folder / RESULT)

    # --- the pieces --------------------------------------------------------------------------
    def _take(self, frame: Any, pixels: np.ndarray | None, repeat: int) -> None:
        end = self.frames + repeat
        every = encode.held_every(float(self.fps)) if repeat > 1 else 1
        at = self.frames
        while at < end:
            if self._piece is None or at in self.cuts:
                self._open_piece(at)
            # (The scene adds cuts on its own thread: a copy taken at once, then looked through.)
            stop = min([cut for cut in tuple(self.cuts) if at < cut < end], default=end)
            for n in range(at, stop, every):
                self._send(frame, n)
            self._last = (stop - 1, frame, pixels)
            if self.gif:
                self._to_gif(frame, range(at, stop))
            at = stop
        self.frames = end

    def _open_piece(self, start: int) -> None:
        import av
        self._close_piece()
        container = av.open(str(self.folder / piece_name(len(self.pieces))), "w", format="webm")
        stream = container.add_stream("libsvtav1", rate=self.fps, options=video_options(self.height, self.threads))
        stream.width, stream.height, stream.pix_fmt = self.width, self.height, "yuv420p"
        stream.codec_context.gop_size = round(encode.WEBM_KEY_SECONDS * self.fps)
        self._piece = _Piece(start, container, stream)
        self.pieces.append([start, start])

    def _send(self, frame: Any, n: int) -> None:
        piece = self._piece
        assert piece is not None
        frame.pts = n - piece.start
        frame.time_base = 1 / self.fps
        for packet in piece.stream.encode(frame):
            piece.container.mux(packet)
        piece.sent = n

    def _close_piece(self) -> None:
        """The open piece ends with its last frame (given again at its own time when a held
        picture's last frames were left out), which is written as a PNG too."""
        piece, last = self._piece, self._last
        if piece is None or last is None:
            return
        number, frame, pixels = last
        if piece.sent < number:
            self._send(frame, number)
        for packet in piece.stream.encode():
            piece.container.mux(packet)
        piece.container.close()
        self._piece = None
        self.pieces[-1][1] = number + 1
        picture = frame.to_image() if pixels is None else _rgb(pixels)
        picture.save(self.folder / last_name(len(self.pieces) - 1))

    def _abandon(self) -> None:
        if self._piece is not None:
            try:
                self._piece.container.close()
            except Exception:
                pass
            self._piece = None
        if self._gif is not None:
            self._gif.kill()
            self._gif.wait()

    # --- the GIF ---------------------------------------------------------------------------
    def _to_gif(self, frame: Any, span: range) -> None:
        """The GIF's frames among `span` (all showing `frame`), scaled down (encode.gif_pick):
        handed over once, stamped with the first of them (a NUT stream of raw frames), so that
        a held picture is converted, piped and buffered once, not once for each GIF frame."""
        import av
        shown = encode.gif_frames(span, float(self.fps))
        if not shown:
            return
        size = encode.gif_size(self.width, self.height)
        if self._gif is None:
            command = encode.gif_from_frames(Path("pipe:0"), self.folder / GIF)
            self._gif = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                                         env=encode.environment())
            self._gif_out = av.open(_Pipe(self._gif.stdin), "w", format="nut")
            stream = self._gif_out.add_stream("rawvideo", rate=encode.GIF_FPS)
            stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        small = frame.reformat(width=size[0], height=size[1], format="yuv420p", interpolation="AREA")
        self._gif_frame(small, self._gif_shown)
        self._gif_shown += shown
        self._gif_last = (small, shown)

    def _gif_frame(self, small: Any, k: int) -> None:
        import av
        small.pts, small.time_base = k, Fraction(1, encode.GIF_FPS)
        try:
            for packet in self._gif_out.streams.video[0].encode(small):
                self._gif_out.mux(packet)
        except (BrokenPipeError, av.error.FFmpegError):
            assert self._gif is not None
            self._gif.stdin = None
            self._close_gif()       # says why it ended
            raise

    def _close_gif(self) -> None:
        import av
        if self._gif is None:
            return
        assert self._gif.stderr is not None
        if self._gif.stdin is not None:
            try:
                assert self._gif_last is not None
                small, shown = self._gif_last
                if shown > 1:       # the last picture again at the GIF's last frame, which it holds to the end
                    self._gif_frame(small, self._gif_shown - 1)
                for packet in self._gif_out.streams.video[0].encode():
                    self._gif_out.mux(packet)
                self._gif_out.close()
                self._gif.stdin.close()
            except (BrokenPipeError, av.error.FFmpegError):
                pass
        errors = self._gif.stderr.read().decode(errors="replace").strip()
        if self._gif.wait() != 0:
            raise TapFailed(f"the GIF's encoder failed: {errors.splitlines()[-1] if errors else 'no words'}")


class _Pipe:
    """The GIF encoder's stdin as PyAV writes to it: a stream it cannot seek in."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        return self.stream.write(data)

    def flush(self) -> None:
        self.stream.flush()


class TapFailed(Exception):
    """Something the tap runs failed; the message says what, in one line."""


def _words(err: Exception) -> str:
    return str(err) if isinstance(err, TapFailed) else f"{type(err).__name__}: {err}"


def _rgb(pixels: np.ndarray) -> Any:
    from PIL import Image
    return Image.fromarray(pixels[:, :, :3])


def from_environment(width: int, height: int, fps: Fraction, cuts: set[int]) -> Tap | None:
    """The tap render.sh asked for (ENV), or None. `cuts`: the frames where pieces start."""
    folder = os.environ.get(ENV)
    if not folder:
        return None
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Tap(Path(folder), width, height, fps, cuts=cuts)


# --- publishing's side ----------------------------------------------------------------------------

def made(folder: Path, pieces: list[range], fps: float, gif: bool) -> bool:
    """Whether the render's tap made exactly these pieces (and the GIF, if wanted) in `folder`;
    if not, whatever it left there is removed."""
    try:
        result = json.loads((folder / RESULT).read_text(encoding="utf-8"))
        good = ("error" not in result and float(Fraction(result["fps"])) == fps
                and result["pieces"] == [[span.start, span.stop] for span in pieces]
                and (result["gif"] or not gif) and all(path.exists() for path in outputs(folder, len(pieces), gif)))
    except (OSError, ValueError, KeyError, TypeError):
        good = False
    if not good:
        discard(folder)
    return good


def outputs(folder: Path, pieces: int, gif: bool) -> list[Path]:
    return [*(folder / piece_name(n) for n in range(pieces)), *(folder / last_name(n) for n in range(pieces)),
            *([folder / GIF] if gif else [])]


def discard(folder: Path) -> None:
    for pattern in ("encoded-*.webm", "last-*.png", GIF, RESULT, RESULT + ".partial"):
        for path in folder.glob(pattern):
            path.unlink()


class Stopped(Exception):
    """`replay` was told to stop."""


def replay(video: Path, folder: Path, pieces: list[range], held: list[range], gif: bool, threads: int = 0,
           stopping: Callable[[], bool] = lambda: False) -> None:
    """The tap's pieces (and GIF) made from a render kept on disk: its frames decoded, each held
    stretch (beats.read_held) given once for all its frames, as Manim gives a wait. `threads`:
    the decoder's and the encoder's (0: their own choice); `stopping` is asked every second
    of video, and when it says so, Stopped is raised."""
    import av

    discard(folder)
    holds = {stretch.start: len(stretch) for stretch in held}
    try:
        with av.open(str(video)) as source:
            stream = source.streams.video[0]
            stream.thread_type = "AUTO"
            if threads:
                stream.codec_context.thread_count = threads
            # The nominal rate (r_frame_rate): a held picture stored twice lowers the average.
            fps = Fraction(stream.base_rate or stream.guessed_rate or 0).limit_denominator(1001)
            tap = Tap(folder, stream.width, stream.height, fps, cuts={span.start for span in pieces}, gif=gif,
                      threads=threads)
            # Frames are numbered by their time: Manim's MP4 stores a held picture at its first
            # and last frame only (an older render, at every frame).
            first, shown, previous = None, 0, None
            for decoded, frame in enumerate(source.decode(stream)):
                if decoded % max(1, round(fps)) == 0 and stopping():
                    tap._abandon()
                    discard(folder)
                    raise Stopped()
                if tap.error is not None:
                    break
                first = frame.time if first is None else first
                n = round((frame.time - first) * fps)
                if n < shown:        # within a held stretch already given
                    continue
                if n > shown and previous is not None:     # a picture held where no stretch says so
                    tap.take(0, previous, None, n - shown)
                repeat = holds.get(n, 1)
                shown = n + repeat
                picture = frame.reformat(format="yuv420p")
                picture.pict_type = av.video.frame.PictureType.NONE   # a decoded key frame would force one
                tap.take(0, picture, None, repeat)
                previous = picture
    except av.error.FFmpegError as err:
        raise TapFailed(f"could not decode {video}: {err}") from None
    tap.finish()
    if tap.error is not None:
        discard(folder)
        raise TapFailed(tap.error)
