"""Everything loglesson does that relies on Manim 0.22's internals, in one place.

Manim documents what a scene may call; the speed-ups of this kit also lean on how Manim
works inside, which can change in any release without notice:

- **Still and moving.** Manim draws each animation's frames in two passes: a still
  background, drawn once, and what moves, drawn on every frame. `moving_and_still` decides
  the split for `LessonScene` (finer than Manim's own), by two rules that scene code states
  with explicit calls instead of conventions:
  - `mark_still(mob)`: drawn beneath everything (z-index `STILL_Z`), so that while nothing
    animates it, it lies before every moving thing in drawing order and goes into the still
    background. Use it for axes, guide lines and side panels that nothing moving overlaps.
  - `mark_moving(mob)`: redrawn on every frame although no animation and no updater of its
    own moves it (something else moves it between frames, like the label placer). Without it,
    such a mobject would freeze in the video while every dry-run test passes.
  Anything animated or with an updater (or inside a group with one) already counts as moving.
- **Numbers.** `retypeset` rebuilds a `DecimalNumber`'s digits from glyphs it keeps, reading
  the private attributes Manim's `set_value` uses (`_get_num_string`, `_font_size`,
  `edge_to_fix`, `digit_buff_per_font_unit`, `initial_height`).
- **Typeset glyphs.** `forget_svg_source` and `digit_glyphs` reach the SVG data typeset
  mobjects keep (`path_obj`, `id_to_vgroup_dict`) and Manim's cache of digit glyphs.
  `typeset_from_cache` (`SVGMobject.init_svg_mobject`, replaced on import) keeps Manim's
  cache of parsed SVGs without their parsed paths and copies a hit's arrays, not every object
  it holds: a cross_entropy dry build's profile 11.9 s against 17.0 s (11.0 s once
  `theme.words` uses the cache too), the frames the same. What a process parses is kept for
  the next ones too (`loglesson.typeset`, pickled, named by the SVG's bytes and settings).
- **The sound track.** Manim encodes a narrated clip's sound to AAC at the end of a render
  with ffmpeg's slow default search: 3.6 of the 13.6 s of the exponent clip's render at
  480p15. `scene_file_writer.convert_audio` is replaced, on import, by the same conversion
  with the fast search (`FAST_AAC`): 0.9 s. The narration is one voice, mixed mono, which
  Manim's AAC spread over two equal channels; it is kept mono (`MONO_AAC`), each sample at
  the level a channel had: half the encoder's work (tangent's 144 s of sound: 0.63 s of CPU
  against 1.14 s), the same loudness from two speakers.
- **Held frames.** A wait hands Manim's encoder one frame to repeat; Manim converts it from
  RGBA and x264 encodes it for every repeat. `write_held_frame` converts it once and gives it
  to x264 twice, at the time of its first frame and of its last (`held_steps`;
  `VideoSegmentEncoder.write_frame` is replaced on import): the MP4 stores only those two, and a
  player shows each frame until the next one's time, so every frame time shows what Manim drew
  and the clip lasts as long. On the exponent clip at 1080p60 (voice off, one render each):
  126.7 s of CPU before, 90.5 s after (70.1 and 54.7 s wall); its picture 2252 kB at SSIM
  0.999644 before, 2183 kB at 0.999738 after, against a lossless render at every frame time.
  At 480p15 the file is 0.4-0.9 % larger at a better SSIM (exponent 0.999617 against 0.999584,
  tangent 0.999422 against 0.999385). Publishing numbers frames by their time
  (`beats.key_frames` with the frame rate). The frames each wait holds are noted too
  (`held_frames`), so that publishing can give a held picture to the WebM's encoder a few
  times a second, not on every frame.
- **The WebM made in the render.** With `WEBM_TAP` in the environment (render.sh's Manim runs),
  every frame converted for x264 (in `write_held_frame`, a single frame too) also goes to
  publish/inrender.py's tap. It numbers the segments as `VideoSegmentEncoder.__init__` opens
  them (on the main thread, in order) and lets a segment's frames through once the segment
  before has closed (`VideoSegmentEncoder.finish` and `abort`, wrapped): Manim encodes two
  segments at once on threads of their own. `SceneFileWriter.finish`, wrapped, finishes the
  tap once every segment is encoded. `cut_webm` (called as a beat starts) marks where a piece
  of the WebM starts.
- **The encoder's threads.** PyAV opens Manim's x264 encoder with slice threads, which split
  every frame into slices. `open_segment_frame_threaded` (`VideoSegmentEncoder.__init__`,
  replaced on import) asks for frame threads: on the exponent clip at 1080p60, the same
  picture (SSIM 0.999670 against 0.999671, against a lossless render) in 4.9 % fewer bytes,
  and the render 5 % faster (57.3 and 55.4 s against 61.3 and 58.1 s); at 480p15, 4.2 %
  fewer bytes at the same SSIM, as fast.
- **The frames' memory.** Each frame passes through several pictures of its own (Manim's
  RGBA array, PyAV's copy of it, the converted frame: 8, 8 and 3 MB at 1080p), each larger
  than glibc's threshold for taking memory from the system anew (`mmap`), so every page of
  them was faulted in and zeroed again, frame after frame. `keep_frame_memory` (on import)
  has the allocator take them from memory the process already has and keep it (see there).
- **The camera's paths.** `Camera.set_cairo_context_path` is replaced by `cairo_path_at_once`:
  the same calls to cairo, about half the time (see its docstring).
- **Subpaths.** `VMobject.get_subpaths_from_points` (used by every `Transform` and `become`
  to align two shapes' curves) compares each curve's end with the next one's start in a
  Python call to `np.allclose` per curve: 15.7 µs a curve, 74 167 curves (8 % of the profile)
  in the tangent clip at 480p15. `subpaths_at_once` is the same split done at once with
  Manim's own array version (`get_subpath_split_indices_from_points`, which its camera already
  uses): 1.0 µs a curve, the same subpaths (tested), the same video byte for byte.

Importing this module checks the installed Manim against `TESTED_MANIM` and warns when they
differ, saying what to do.
"""

import copy
import ctypes
import hashlib
import importlib
import os
import pickle
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import starmap
from typing import Any

import av
from av.video.reformatter import VideoReformatter
import numpy as np
from manim import DOWN, UP, AnimationGroup, DecimalNumber, Mobject, Scene, SVGMobject, VMobject, config
from manim import __version__ as MANIM_VERSION
from manim.animation.animation import Animation
from manim.camera.camera import Camera
from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP
from manim.mobject.text import numbers
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene import scene_file_writer
from manim.scene.video_segment_encoder import VideoSegmentEncoder
from manim.utils.family import extract_mobject_family_members
from manim.utils.iterables import hash_obj, list_update

from . import typeset

TESTED_MANIM = "0.22.0"


class ManimVersionWarning(UserWarning):
    """The installed Manim is not the one whose internals this kit was written against."""


def version_problem(found: str) -> str | None:
    """What to do when Manim `found` is not the tested version, or None when it is."""
    if found == TESTED_MANIM:
        return None
    return (
        f"loglesson was tested with Manim {TESTED_MANIM} and found Manim {found}: "
        "loglesson/manim_internals.py relies on Manim's private parts (DecimalNumber's digits, "
        f"typeset glyph data, the still/moving split of frames). Install manim=={TESTED_MANIM} "
        "(pyproject.toml pins it), or run ./test.sh (test_manim_internals, test_live, test_frames) "
        "and adapt that module, then set TESTED_MANIM."
    )


if (_problem := version_problem(MANIM_VERSION)) is not None:
    warnings.warn(_problem, ManimVersionWarning, stacklevel=2)


# --- the sound track ----------------------------------------------------------------------

FAST_AAC = {"aac_coder": "fast"}
# A mono mix, kept mono: at the bit rate of the web files' AAC (publish/encode.py, measured
# there), and 3 dB down, as Manim's spread over two channels put each of them (ffmpeg's
# resampler mixes a mono centre into left and right at -3 dB), so it sounds as loud as before.
MONO_AAC = {"bit_rate": 112_000, "gain": 2 ** -0.5}
# Set by render.sh for its Manim runs: their sound is encoded again for every web file, so Manim
# keeps it lossless (ALAC, in the MP4 Manim writes) instead of encoding it to AAC first.
LOSSLESS_SOUND = "LOGLESSON_LOSSLESS_SOUND"


def convert_audio_fast(input_path: Any, output_path: Any, codec_name: str) -> None:
    """Manim's `convert_audio` (0.22.0), with the AAC encoder's fast search, and a mono mix
    kept mono (`MONO_AAC`); with LOSSLESS_SOUND=1 in the environment, ALAC (in an MP4 file
    where Manim expects AAC: Manim then copies its packets into the video's MP4, whatever the
    file is named) in the mix's own channels and level, for the web files to encode once."""
    lossless = codec_name == "aac" and os.environ.get(LOSSLESS_SOUND) == "1"
    with av.open(input_path) as source, av.open(output_path, "w", format="mp4" if lossless else None) as target:
        audio = source.streams.audio[0]
        # (A WAV's layout may be unnamed, "1 channels": named by its count of channels.)
        layout = {1: "mono", 2: "stereo"}.get(audio.channels, audio.layout.name)
        mono = codec_name == "aac" and not lossless and audio.channels == 1
        stream: Any
        if lossless:
            stream = target.add_stream("alac", layout=layout)
        elif mono:
            stream = target.add_stream("aac", rate=audio.rate, layout="mono", options=FAST_AAC)
            stream.bit_rate = MONO_AAC["bit_rate"]
        else:
            stream = target.add_stream(codec_name, options=FAST_AAC if codec_name == "aac" else {})
        for frame in source.decode(audio):
            for packet in stream.encode(_turned_down(frame, MONO_AAC["gain"]) if mono else frame):
                target.mux(packet)
        for packet in stream.encode():
            target.mux(packet)


def _turned_down(frame: av.AudioFrame, gain: float) -> av.AudioFrame:
    """A mono frame's samples times `gain`, as floats (the AAC encoder's own format)."""
    samples = frame.to_ndarray()
    full_scale = 2.0 ** (8 * samples.dtype.itemsize - 1) if samples.dtype.kind == "i" else 1.0   # s16: 32768
    quieter = av.AudioFrame.from_ndarray((samples * (gain / full_scale)).astype(np.float32).reshape(1, -1), format="fltp",
                                         layout="mono")
    quieter.sample_rate, quieter.pts, quieter.time_base = frame.sample_rate, frame.pts, frame.time_base
    return quieter


scene_file_writer.convert_audio = convert_audio_fast


# --- held frames --------------------------------------------------------------------------

_write_frame = VideoSegmentEncoder.write_frame


def write_held_frame(encoder: VideoSegmentEncoder, pixels: Any, *, repeat: int = 1) -> None:
    """Manim's `VideoSegmentEncoder.write_frame` (0.22.0), with a held frame (a wait: `repeat` > 1)
    converted from RGBA to the encoder's pixel format once, and encoded at its first and last
    frame's time stamps only (held_steps), not at every frame it is held.

    The encoder copies each frame it is given, so the one converted frame is sent twice with
    its own time stamps: the same picture at the same time stamps as Manim's `write_frame`
    sends at those frames (a test compares what reaches it), and the segment as long.
    With the WebM made in the render, every frame is converted here, and the converted frame
    goes to the tap too.
    """
    tap = _tap_of(encoder)
    if repeat == 1 and tap is None:
        _write_frame(encoder, pixels, repeat=1)
        return
    encoder._validate_frame(pixels, repeat)
    rate = encoder.spec.frame_rate
    try:
        frame = _converted(encoder, pixels)
        frame.time_base = Fraction(rate.denominator, rate.numerator)
        for step in held_steps(repeat):
            frame.pts = encoder._next_pts + step
            for packet in encoder._stream.encode(frame):
                encoder._container.mux(packet)
        encoder._next_pts += repeat
    except BaseException as error:
        raise encoder._operation_error("encode", error) from error
    if tap is not None:
        tap.take(encoder.__dict__["_loglesson_segment"], frame, pixels, repeat)


VideoSegmentEncoder.write_frame = write_held_frame


def _converted(encoder: VideoSegmentEncoder, pixels: Any) -> av.VideoFrame:
    """RGBA `pixels` in the encoder's pixel format, by a converter kept for the segment, on one thread.

    PyAV's `VideoFrame.reformat` makes a new converter (an swscale context) for each frame it is
    called on, whose slice threads (one a core) are started and stopped with it; with the WebM
    made in the render every frame is converted here. Kept, on one thread, with both cores busy
    (render.sh makes two clips at once): the exponent clip at 1080p60 through render.sh, three
    alternating pairs, 142.1 s of CPU and 92.7 s wall against 154.0 s and 101.0 s (medians).
    """
    converter = encoder.__dict__.get("_loglesson_converter")
    if converter is None:
        converter = encoder.__dict__["_loglesson_converter"] = VideoReformatter()
    return converter.reformat(av.VideoFrame.from_ndarray(pixels, format="rgba"), format=encoder.spec.pixel_format,
                              threads=1)


def held_steps(repeat: int) -> tuple[int, ...]:
    """The frames of a picture held for `repeat` frames that go to the encoder: its first and last."""
    return (0, repeat - 1) if repeat > 1 else (0,)


# --- the frames' memory ------------------------------------------------------------------------

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3     # glibc's malloc.h
FRAME_MEMORY = 1 << 25     # 32 MB, as measured: above a 1080p frame's pictures (a 4K RGBA frame, 33.2 MB, stays mapped)
KEEP_FREED = 2**31 - 1     # 2 GB, the most mallopt's int takes


def keep_frame_memory() -> bool:
    """glibc's allocator told (mallopt) to take blocks under FRAME_MEMORY from the process's
    heap instead of mapping them anew, and not to hand freed memory back until KEEP_FREED lies free:
    a frame's pictures then reuse the memory the frame before them freed. Whether it was told
    (False off glibc: nothing changes).

    The exponent clip at 1080p60 through render.sh, three alternating pairs, set by
    GLIBC_TUNABLES (the same threshold, 4 GB kept freed): 1.0-1.1 million page faults against
    2.0-2.3 million, 145.6 s of CPU and 93.2 s wall against 154.1 s and 100.5 s (medians), the
    same peak memory (3.2 GB). Set here, one run: 0.94 million faults, 138.4 s of CPU, 89.8 s.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, FRAME_MEMORY) and libc.mallopt(M_TRIM_THRESHOLD, KEEP_FREED))
    except (OSError, AttributeError):
        return False


keep_frame_memory()


# --- subpaths ---------------------------------------------------------------------------------

_get_subpaths = VMobject.get_subpaths_from_points


def subpaths_at_once(vmobject: VMobject, points: Any) -> list[Any]:
    """Manim's `VMobject.get_subpaths_from_points` (0.22.0), the curves compared all at once.

    A subpath is a run of curves, each starting where the one before ends (within the
    mobject's `tolerance_for_point_equality`, as `np.allclose` judges it); runs shorter than one
    curve are left out, as Manim does.
    """
    per_curve = vmobject.n_points_per_cubic_curve
    return [points[start:end] for start, end in vmobject.get_subpath_split_indices_from_points(points)
            if end - start >= per_curve]


VMobject.get_subpaths_from_points = subpaths_at_once


# --- the camera's paths ----------------------------------------------------------------------

_cairo_path = Camera.set_cairo_context_path


def cairo_path_at_once(camera: Camera, ctx: Any, vmobject: VMobject) -> Camera:
    """Manim's `Camera.set_cairo_context_path` (0.22.0): the same calls to cairo with the same
    numbers (tested with a recording context), for about half the time.

    Manim's costs about 30 µs a call whatever the shape, most of it finding where subpaths
    split (`get_subpath_split_indices_from_points`, written for points that may not be finite:
    the camera has already replaced those), and it is called for every shape on every frame:
    41 520 times in the inverse clip at 480p15. Here the split is found from the curves'
    joins in a few array operations, and each curve's numbers go to `curve_to` from a list
    (`tolist`: the same doubles) through `itertools.starmap`.
    """
    points = camera.transform_points_pre_display(vmobject, vmobject.points)   # finite from here
    if len(points) == 0:
        return camera
    per_curve = vmobject.n_points_per_cubic_curve
    ctx.new_path()
    curves = len(points) // per_curve
    if curves == 0:
        return camera
    quads = points[: curves * per_curve, :2].reshape(curves, per_curve, 2)
    # A subpath ends where a curve does not end at the next one's start, judged as Manim does
    # (np.isclose's rule, with the mobject's tolerance).
    ends, starts = quads[:-1, -1], quads[1:, 0]
    apart = ~(np.abs(ends - starts) <= vmobject.tolerance_for_point_equality + 1e-5 * np.abs(starts)).all(axis=1)
    firsts = [0, *(np.flatnonzero(apart) + 1).tolist(), curves]
    handles = quads[:, 1:].reshape(curves, -1).tolist()
    # Points past the last whole curve belong to the last subpath, unless they start apart from it.
    last_point = len(points) - 1
    if last_point >= curves * per_curve and not vmobject.consider_points_equals_2d(
            points[curves * per_curve - 1], points[curves * per_curve]):
        last_point = curves * per_curve - 1
    for first, past in zip(firsts, firsts[1:]):
        ctx.new_sub_path()
        ctx.move_to(*quads[first, 0].tolist())
        deque(starmap(ctx.curve_to, handles[first:past]), maxlen=0)
        end = past * per_curve - 1 if past < curves else last_point
        if vmobject.consider_points_equals_2d(points[first * per_curve], points[end]):
            ctx.close_path()
    return camera


Camera.set_cairo_context_path = cairo_path_at_once


# --- bounding boxes ---------------------------------------------------------------------------

_boundary = VMobject.get_points_defining_boundary


def boundary_at_once(vmobject: VMobject) -> Any:
    """Manim's `VMobject.get_points_defining_boundary` (0.22.0), the same array gathered at once.

    Every family member's anchors, each curve's start then its end. Manim builds the array
    point by point in Python, and every `get_top`, `next_to` or `get_corner` asks for it: 0.13 ms
    a call on a formula, thousands of calls in a scene's updaters and layout.
    """
    parts = []
    for part in vmobject.get_family():
        points = part.points
        per_curve = getattr(part, "n_points_per_cubic_curve", 0)
        if not per_curve or (len(points) % per_curve and len(points) != 1):
            return _boundary(vmobject)    # not a VMobject's whole curves: Manim's own way, or its error
        if len(points) == 1:
            parts.append(points)
        elif len(points):
            parts.append(np.stack([points[::per_curve], points[per_curve - 1::per_curve]], axis=1).reshape(-1, 3))
    return np.concatenate(parts) if parts else np.array(())


VMobject.get_points_defining_boundary = boundary_at_once


# --- the encoder's threads -------------------------------------------------------------------

_open_segment = VideoSegmentEncoder.__init__


def open_segment_frame_threaded(encoder: VideoSegmentEncoder, **kwargs: Any) -> None:
    """Manim's `VideoSegmentEncoder.__init__` (0.22.0), its encoder threaded by frames.

    PyAV asks for slice threads by default, and x264 then splits every frame into slices, one
    a thread: on 2 cores more bytes for the same picture, and a slower encode.
    """
    _open_segment(encoder, **kwargs)
    encoder._stream.codec_context.thread_type = "FRAME"
    global _tap
    if _tap is None and os.environ.get(WEBM_TAP):
        spec = encoder.spec
        _tap = _inrender().from_environment(spec.width, spec.height, Fraction(spec.frame_rate), _cuts)
    if _tap is not None:
        encoder._loglesson_segment = _tap.open_segment()


VideoSegmentEncoder.__init__ = open_segment_frame_threaded


# --- the WebM made in the render (publish/inrender.py) ----------------------------------------

# Set by render.sh for its Manim runs: the folder where the render makes the WebM's pieces
# (publish/inrender.ENV).
WEBM_TAP = "LOGLESSON_WEBM_TAP"
_tap: Any = None            # the inrender.Tap of this render, once its first segment opens
_cuts: set[int] = set()     # frames at which a piece of the WebM starts (cut_webm)


def _inrender() -> Any:
    """publish/inrender.py, imported only when render.sh asks for it: a change to publishing code
    must not render a clip again, and sources.py counts every module a scene's imports name."""
    return importlib.import_module(".publish.inrender", __package__)


def _tap_of(encoder: VideoSegmentEncoder) -> Any:
    return _tap if _tap is not None and "_loglesson_segment" in encoder.__dict__ else None


def cut_webm(renderer: Any) -> None:
    """A piece of the WebM made in the render starts at the next frame (a beat starts)."""
    _cuts.add(round(renderer.time * renderer.camera.frame_rate))


def _segment_done(method: Any) -> Any:
    def done(encoder: VideoSegmentEncoder) -> None:
        try:
            method(encoder)
        finally:
            if (tap := _tap_of(encoder)) is not None:
                tap.close_segment(encoder.__dict__["_loglesson_segment"])
    return done


VideoSegmentEncoder.finish = _segment_done(VideoSegmentEncoder.finish)
VideoSegmentEncoder.abort = _segment_done(VideoSegmentEncoder.abort)
_finish_writer = scene_file_writer.SceneFileWriter.finish


def finish_and_tap(writer: Any) -> None:
    """Manim's `SceneFileWriter.finish` (0.22.0), then the WebM made in the render finished too
    (and the next render in this process starts with no tap and no cuts)."""
    global _tap
    try:
        _finish_writer(writer)
        if _tap is not None:
            _tap.finish()
    finally:
        _tap = None
        _cuts.clear()


scene_file_writer.SceneFileWriter.finish = finish_and_tap

_freeze_current_frame = CairoRenderer.freeze_current_frame


def freeze_and_note(renderer: CairoRenderer, duration: float) -> None:
    """Manim's `CairoRenderer.freeze_current_frame` (0.22.0), noting the frames it holds.

    `held_frames(renderer)` then lists them: (first frame, number of frames) in the video,
    every one of them the same picture. The renderer's clock counts the frames written, so
    the first frame is the clock's reading in frames.
    """
    rate = renderer.camera.frame_rate
    first = round(renderer.time * rate)
    _freeze_current_frame(renderer, duration)
    count = round(renderer.time * rate) - first
    if count > 1:
        renderer.__dict__.setdefault("_loglesson_held", []).append((first, count))


CairoRenderer.freeze_current_frame = freeze_and_note


def held_frames(renderer: Any) -> list[tuple[int, int]]:
    """The stretches of identical frames the renderer has written: [(first frame, frames), ...]."""
    return list(getattr(renderer, "_loglesson_held", []))


# --- still and moving ---------------------------------------------------------------------

# Drawn beneath everything: first in Manim's drawing order, so in the still background.
STILL_Z = -1


def mark_still(*mobjects: Mobject, depth: int = 0) -> None:
    """Draw still mobjects beneath everything, so that Manim draws them once per animation.

    Parts with an updater (a live number in a panel) and everything they hold stay in front:
    they move. `depth` puts them that many layers further beneath (a faint trace under the
    axes). The picture is unchanged as long as nothing drawn in front overlaps them.
    """
    z = STILL_Z - depth
    for mob in mobjects:
        if mob.updaters:
            continue
        if not mob.get_family_updaters():
            mob.set_z_index(z)
        else:
            mob.set_z_index(z, family=False)
            mark_still(*mob.submobjects, depth=depth)


def _moved_elsewhere(mob: Mobject) -> None:
    """The updater of `mark_moving`: nothing to do, something else moves the mobject."""


def mark_moving(*mobjects: Mobject) -> None:
    """Redraw these mobjects on every frame: something other than an animation or their own
    updater moves them (a label placer, a scene's update_mobjects).

    Manim and `moving_and_still` both count a mobject with an updater as moving, so this
    gives it one that does nothing (once, however often it is called).
    """
    for mob in mobjects:
        if _moved_elsewhere not in mob.updaters:
            mob.add_updater(_moved_elsewhere)


def is_marked_moving(mob: Mobject) -> bool:
    return _moved_elsewhere in mob.updaters


def moving_and_still(scene: Scene, animations: Iterable[Animation]) -> tuple[list[Mobject], list[Mobject]]:
    """What is redrawn on every frame of an animation, and the still rest, drawn once.

    Manim redraws everything drawn after the first moving mobject, and a group counts as
    moving when any one of its parts moves: the still words beside a live number were
    redrawn on every frame. Here only what comes after the first part that really moves
    (animated, or with an updater on it or on a group holding it, see `mark_moving`) is
    redrawn; everything is still drawn in the same order, so the picture is the same. A moving
    mobject is handed over whole, so parts it gains during the animation (new digits) are drawn
    too. The result is what `Scene.get_moving_and_static_mobjects` returns.
    """
    on_screen = list_update(scene.mobjects, scene.foreground_mobjects)
    members = extract_mobject_family_members(on_screen, use_z_index=scene.renderer.camera.use_z_index)
    movers = {mob for mob in members if mob.updaters or mob in scene.foreground_mobjects}

    def animated(animations: Iterable[Animation]) -> None:
        for animation in animations:
            movers.update(animation.mobject.get_family())
            if isinstance(animation, AnimationGroup):
                animated(animation.animations)

    animated(animations)
    moving = {part for mob in members if mob in movers for part in mob.get_family()}
    held = {part for mob in members if mob in moving for part in mob.get_family()[1:]}
    first = next((i for i, mob in enumerate(members) if mob in moving), len(members))
    # Manim draws a mobject with its parts, so a part drawn in the other pass would be
    # drawn twice (a still axis holding numbers that come later in drawing order): start
    # redrawing early enough that no drawn mobject has parts on both sides.
    position = {mob: i for i, mob in enumerate(members)}
    spans = []
    for i, mob in enumerate(members):
        if mob.has_points() and mob not in moving:
            family = [position.get(part, i) for part in mob.get_family()]
            spans.append((min(family), max(family)))
    while straddling := [low for low, high in spans if low < first <= high]:
        first = min(straddling)
    redrawn = [mob for mob in members[first:] if (mob in moving and mob not in held)
               or (mob not in moving and mob.has_points())]
    still = [mob for mob in members[:first] if mob.has_points()]
    return redrawn, still


# --- typeset glyphs -------------------------------------------------------------------------

def forget_svg_source(mobject: Mobject) -> None:
    """Drop the SVG data a typeset mobject keeps once its points exist (see loglesson.light)."""
    _forget_parsed_paths(mobject)
    for part in mobject.get_family():
        if isinstance(part, SVGMobject):
            part.id_to_vgroup_dict = {}


def _forget_parsed_paths(mobject: Mobject) -> None:
    """Drop each glyph's parsed SVG path (`path_obj`), read only while its points are made."""
    for part in mobject.get_family():
        if getattr(part, "path_obj", None) is not None:
            part.path_obj = None


_init_svg_mobject = SVGMobject.init_svg_mobject


def typeset_from_cache(svg: SVGMobject, use_svg_cache: bool) -> SVGMobject:
    """Manim's `SVGMobject.init_svg_mobject` (0.22.0), its cache kept light and copied fast.

    Manim keeps each SVG it has parsed (every formula, and with `use_svg_cache` each Text) in
    `SVG_HASH_TO_MOB_MAP`, keyed by a hash of its file and settings, and hands out a deep copy
    on a hit. The entry kept here has no parsed paths (`path_obj`, read only while the points
    are made), and a hit copies the entry's parts with `_twin`: their arrays and lists
    copied, the rest shared, the parts' map (`id_to_vgroup_dict`) pointing at the copies.
    """
    key = hash_obj(svg.hash_seed) if use_svg_cache else None
    kept = SVG_HASH_TO_MOB_MAP.get(key) if use_svg_cache else None
    glyph_file = glyphs_name(svg) if use_svg_cache and kept is None else None
    if glyph_file:
        kept = _kept_glyphs(glyph_file)                       # parsed by an earlier process
        if kept is not None:
            SVG_HASH_TO_MOB_MAP[key] = kept
    if kept is not None:
        made: dict[int, Mobject] = {}
        svg.add(*(_twin(part, made) for part in kept.submobjects))
        svg.id_to_vgroup_dict = {name: _twin(group, made) for name, group in kept.id_to_vgroup_dict.items()}
        return svg
    svg.generate_mobject()
    _forget_parsed_paths(svg)
    if use_svg_cache:
        made = {}
        entry = _twin(svg, made)
        entry.id_to_vgroup_dict = {name: _twin(group, made) for name, group in svg.id_to_vgroup_dict.items()}
        SVG_HASH_TO_MOB_MAP[key] = entry
        if glyph_file:
            typeset.keep_glyphs(glyph_file, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    return svg


GLYPHS_FORMAT = 1   # raise when what is pickled changes: older files are then never read


def glyphs_name(svg: SVGMobject) -> str | None:
    """The name of `svg`'s parsed glyphs on disk, or None if its SVG file cannot be read: a
    digest of the file's bytes, of the rest of what Manim keys its own cache by (its settings,
    the renderer), and of the versions of this format, Manim, numpy and Python (the last two
    write the pickle). Manim's own key, `hash_obj`, cannot be used: it hashes strings with
    Python's `hash`, which differs from process to process."""
    try:
        content = hashlib.sha256(svg.get_file_path().read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None
    seed = (GLYPHS_FORMAT, MANIM_VERSION, np.__version__, sys.version_info[:2], type(svg).__name__,
            svg.svg_default, svg.path_string_config, str(config.renderer), content)
    return hashlib.sha256(repr(seed).encode()).hexdigest()[:40] + ".pickle"


def _kept_glyphs(name: str) -> SVGMobject | None:
    data = typeset.read_glyphs(name)
    if data is None:
        return None
    try:
        kept = pickle.loads(data)
    except Exception:      # damaged or from another version of a library: parsed again
        return None
    return kept if isinstance(kept, SVGMobject) else None


def _twin(mob: Mobject, made: dict[int, Mobject]) -> Mobject:
    """A copy of `mob` and its parts, each made once (`made`): arrays, lists and dicts copied,
    the rest (colours, numbers, names) shared, as `_clone` does for one glyph."""
    if id(mob) in made:
        return made[id(mob)]
    twin = made[id(mob)] = copy.copy(mob)
    for name, value in vars(mob).items():
        if name == "submobjects":
            twin.submobjects = [_twin(part, made) for part in value]
        elif name == "id_to_vgroup_dict":
            twin.id_to_vgroup_dict = {}
        elif isinstance(value, np.ndarray):
            setattr(twin, name, value.copy())
        elif isinstance(value, (list, dict)):
            setattr(twin, name, copy.copy(value))
    return twin


SVGMobject.init_svg_mobject = typeset_from_cache


def digit_glyphs() -> Iterable[Mobject]:
    """The glyphs every DecimalNumber copies its characters from (Manim keeps one per character)."""
    return numbers.string_to_mob_map.values()


# --- numbers --------------------------------------------------------------------------------

def num_string(number: DecimalNumber, value: float) -> str:
    """The characters `number` shows for `value` (its decimals, sign and commas applied)."""
    return str(number._get_num_string(value))


def retypeset(number: DecimalNumber, value: float) -> DecimalNumber:
    """number.set_value(value), the same glyphs in the same places, four to ten times faster.

    Manim's set_value deep-copies a typeset formula for each character, sizes it, then styles
    every glyph twice over (match_style, then init_colors): 4.4 ms for six characters. Here
    the number keeps one finished glyph per character, as set_value last left it (sized and
    styled), and copies its arrays: the number's parts are then those glyphs themselves, not
    formulas holding them, and what is drawn is the same. While the number's style or size
    differs from when they were kept, or a character is new, Manim's own set_value runs and
    the glyphs are kept again.
    """
    from .light import lighten_digits

    string = num_string(number, value)
    key = _look(number)
    kept = number.__dict__.get("_kept_glyphs")
    if kept is None or kept[0] != key or not set(string) <= kept[1].keys() or _unusual(number):
        lighten_digits()    # set_value copies Manim's glyphs: make those cheap
        number.set_value(value)
        glyphs = kept[1] if kept is not None and kept[0] == key else {}
        for char, part in zip(string, number.submobjects):
            drawn = part.family_members_with_points()
            if len(drawn) == 1:         # a character is one glyph: keep just that
                glyphs.setdefault(char, _clone(drawn[0]))
        number._kept_glyphs = (_look(number), glyphs)
        return number

    font_size = number.font_size
    anchor = number.get_edge_center(number.edge_to_fix)
    old_family = number.get_family()
    number.number = value
    number.submobjects = []
    number.add(*(_clone(kept[1][char]) for char in string))
    # As _set_submobjects_from_number, at the final size (Manim arranges at the number's
    # first size, then scales all by font_size / _font_size, gaps included).
    number.arrange(buff=number.digit_buff_per_font_unit * font_size, aligned_edge=DOWN)
    for i, char in enumerate(string):
        if char == "-" and len(string) > i + 1:
            number[i].align_to(number[i + 1], UP)
            number[i].shift(number[i + 1].height * DOWN / 2)
        elif char == ",":
            number[i].shift(number[i].height * DOWN / 2)
    number.initial_height = number.height * number._font_size / font_size
    number.move_to(anchor, number.edge_to_fix)
    for mob in old_family[1:]:      # as set_value: the old glyphs drawn nowhere
        mob.points[:] = 0
    return number


def _clone(glyph: Mobject) -> Mobject:
    """A copy of a glyph that has no parts: its arrays and lists copied, the rest (colours,
    numbers, names) shared. A deep copy walks some 600 objects a glyph; this copies four arrays."""
    twin = copy.copy(glyph)
    for name, value in vars(glyph).items():
        if isinstance(value, np.ndarray):
            setattr(twin, name, value.copy())
        elif isinstance(value, (list, dict)):
            setattr(twin, name, copy.copy(value))
    return twin


def _look(number: DecimalNumber) -> Sequence[Any]:
    """Everything set_value's styling (init_colors) and sizing read from the number."""
    return (
        str(number.fill_color), number.fill_opacity, str(number.stroke_color), number.stroke_width,
        number.stroke_opacity, str(number.background_stroke_color), number.background_stroke_width,
        number.background_stroke_opacity, number.sheen_factor, tuple(number.sheen_direction),
        round(number.font_size, 9), number.num_decimal_places, number.include_sign, number.group_with_commas,
    )


def _unusual(number: DecimalNumber) -> bool:
    """Parts that retypeset() does not place itself: left to Manim's set_value."""
    return bool(number.unit or number.show_ellipsis or number.include_background_rectangle)
