"""What depends on Manim's internals: the version check, still and moving marks, the frame split."""

import subprocess
import sys
from pathlib import Path

import manim
import pytest
from manim import Create, Dot, Square, VGroup, tempconfig

from conftest import DRY_RUN, audio_channels
from loglesson import manim_internals as mi
from loglesson.paths import ROOT


def test_the_installed_manim_is_the_tested_one():
    assert manim.__version__ == mi.TESTED_MANIM
    assert mi.version_problem(manim.__version__) is None


def test_another_manim_version_is_named_with_what_to_do():
    problem = mi.version_problem("0.23.1")
    assert "tested with Manim 0.22.0 and found Manim 0.23.1" in problem
    assert "manim==0.22.0" in problem and "manim_internals.py" in problem


def test_importing_the_kit_warns_nothing_with_the_tested_manim():
    code = "import loglesson.scene, loglesson.live, loglesson.labels"
    result = subprocess.run([sys.executable, "-W", "error::loglesson.manim_internals.ManimVersionWarning",
                             "-c", code], cwd=ROOT / "scenes", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_mark_still_puts_a_group_beneath_everything_but_leaves_its_live_parts_in_front():
    live = Dot().add_updater(lambda m: None)
    words, panel = Square(), None
    panel = VGroup(words, live)
    mi.mark_still(panel)
    assert panel.z_index == mi.STILL_Z and words.z_index == mi.STILL_Z
    assert live.z_index == 0


def test_mark_still_deeper_goes_further_beneath():
    trace = Square()
    mi.mark_still(trace, depth=1)
    assert trace.z_index == mi.STILL_Z - 1


def test_mark_moving_is_explicit_and_added_once():
    label = Square()
    assert not mi.is_marked_moving(label)
    mi.mark_moving(label)
    mi.mark_moving(label)
    assert mi.is_marked_moving(label) and len(label.updaters) == 1


class _Scene(manim.Scene):
    def get_moving_and_static_mobjects(self, animations):
        return mi.moving_and_still(self, animations)


def split(*mobjects, animations=()):
    with tempconfig(DRY_RUN):
        scene = _Scene()
        scene.add(*mobjects)
        return scene.get_moving_and_static_mobjects(list(animations))


def test_what_is_drawn_before_the_first_mover_stays_still_and_the_rest_is_redrawn():
    axes, label, after = Square(), Square(), Dot()
    mi.mark_still(axes)
    mi.mark_moving(label)
    redrawn, still = split(axes, label, after)
    assert axes in still and label in redrawn and after in redrawn


def test_a_mobject_moved_between_frames_but_not_marked_would_be_frozen():
    label = Square()
    redrawn, still = split(label)
    assert label in still and label not in redrawn


def test_an_animated_mobject_is_redrawn():
    circle = Square()
    redrawn, _ = split(circle, animations=[Create(circle)])
    assert circle in redrawn


def write_tone(path, seconds):
    """A 440 Hz tone, mono 16-bit at 48 kHz, written as a WAV file; returns its samples."""
    import wave

    import numpy as np

    samples = (np.sin(np.linspace(0, 2 * np.pi * 440 * seconds, 48000 * seconds)) * 8000).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(samples.tobytes())
    return samples


def render_small(scene_class, tmp_path, name, size=None):
    """The scene rendered at 64×36 (or `size`), 10 fps, into tmp_path; the scene and its video's path."""
    settings = {"frame_rate": 10, "pixel_width": 64, "pixel_height": 36, **(size or {}), "media_dir": str(tmp_path),
                "disable_caching": True, "progress_bar": "none", "verbosity": "WARNING", "output_file": name}
    with tempconfig(settings):
        scene = scene_class()
        scene.render()
        return scene, scene.renderer.file_writer.movie_file_path


def test_manims_sound_track_is_encoded_with_the_fast_aac_search_mono_as_loud_and_as_long(tmp_path, monkeypatch):
    import av
    import numpy as np
    from manim.scene import scene_file_writer

    monkeypatch.delenv(mi.LOSSLESS_SOUND, raising=False)
    source = tmp_path / "sound.wav"
    samples = write_tone(source, seconds=3)
    assert scene_file_writer.convert_audio is mi.convert_audio_fast
    scene_file_writer.convert_audio(source, tmp_path / "sound.aac", "aac")
    with av.open(str(tmp_path / "sound.aac")) as result:
        stream = result.streams.audio[0]
        assert (stream.codec_context.name, stream.channels) == ("aac", 1)    # a mono mix stays mono
        decoded = np.concatenate([frame.to_ndarray() for frame in result.decode(stream)], axis=1)
    assert abs(decoded.shape[1] - len(samples)) <= 2048   # the encoder's priming and last frame

    def rms(signal):
        return float(np.sqrt(np.mean(np.square(signal[..., 4800:-4800]))))

    # Each channel of Manim's stereo was the mix at -3 dB: the mono track is at that level.
    assert rms(decoded * 32768) == pytest.approx(rms(samples.astype(float)) * 2 ** -0.5, rel=0.02)


def test_a_held_frame_reaches_the_encoder_at_its_first_and_last_frame_as_manim_would_send_them(tmp_path):
    """Manim sends a picture held for 7 frames 7 times; it reaches the encoder twice, at its
    first and last frame's time stamps, the same picture in the encoder's format as Manim's
    (not the files' bytes: x264 here, given the same frames, very rarely makes a different
    file, 1 encode in several thousand, which failed a CI run). The video still lasts 8 frames."""
    from fractions import Fraction

    import av
    import numpy as np
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", 64, 48, Fraction(15), (("crf", "23"),))
    frames = np.random.default_rng(1).integers(0, 256, (2, 48, 64, 4), dtype=np.uint8)

    class Noted:
        """The encoder's stream, noting each frame handed to it as the encoder will take it."""

        def __init__(self, stream):
            self.stream, self.sent = stream, []

        def encode(self, frame=None):
            if frame is not None:      # None: the end, the encoder flushed
                picture = frame.reformat(format=self.stream.codec_context.pix_fmt).to_ndarray()
                self.sent.append((frame.pts, frame.time_base, picture.tobytes()))
            return self.stream.encode(frame)

    def encode(write, name):
        encoder = VideoSegmentEncoder(target=tmp_path / name, spec=spec)
        encoder._stream = noted = Noted(encoder._stream)
        write(encoder, frames[0], repeat=1)
        write(encoder, frames[1], repeat=7)
        encoder.finish()
        with av.open(str(tmp_path / name)) as video:
            shown = [frame.pts * frame.time_base * 15 for frame in video.decode(video=0)]
            seconds = video.duration / av.time_base
        return noted.sent, shown, seconds

    assert VideoSegmentEncoder.write_frame is mi.write_held_frame
    (held, held_shown, held_seconds), (manims, _, manims_seconds) = (encode(mi.write_held_frame, "held.mp4"),
                                                                      encode(mi._write_frame, "manim.mp4"))
    assert [pts for pts, _, _ in held] == held_shown == [0, 1, 7]
    assert held == [manims[n] for n in (0, 1, 7)]
    assert held[1][2] != held[0][2] and held[1][2] == held[2][2]
    assert held_seconds == pytest.approx(manims_seconds) == pytest.approx(8 / 15)


def test_with_the_webm_made_in_the_render_manims_video_is_the_same_and_the_pieces_start_at_the_cuts(
        tmp_path, monkeypatch):
    import json

    from manim import Scene

    from loglesson.publish import inrender

    class TwoBeats(Scene):
        def construct(self):
            self.play(Create(Dot()), run_time=0.4)      # frames 0-3
            self.wait(1.0)                              # 4-13
            mi.cut_webm(self.renderer)                  # a beat starts at frame 14
            self.play(Create(Square()), run_time=0.4)   # 14-17
            self.wait(0.5)                              # 18-22

    size = {"pixel_width": 128, "pixel_height": 72}
    _, plain = render_small(TwoBeats, tmp_path / "plain", "plain", size)
    monkeypatch.setenv(inrender.ENV, str(tmp_path / "tap"))
    _, tapped = render_small(TwoBeats, tmp_path / "tapped", "plain", size)
    assert Path(tapped).read_bytes() == Path(plain).read_bytes()
    result = json.loads((tmp_path / "tap" / inrender.RESULT).read_text())
    assert result["pieces"] == [[0, 14], [14, 23]] and result["frames"] == 23
    assert inrender.made(tmp_path / "tap", [range(0, 14), range(14, 23)], 10.0, gif=True)
    assert mi._tap is None and not mi._cuts      # the next render in this process starts afresh
    assert mi.WEBM_TAP == inrender.ENV


def test_a_segment_is_encoded_threaded_by_frames_and_keeps_every_picture(tmp_path):
    from fractions import Fraction

    import av
    import numpy as np
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", 320, 240, Fraction(15), (("crf", "23"),))
    encoder = VideoSegmentEncoder(target=tmp_path / "moving.mp4", spec=spec)
    assert encoder._stream.codec_context.thread_type.name == "FRAME"   # not PyAV's slices
    ramp = np.arange(320, dtype=np.uint8)
    for n in range(40):
        frame = np.zeros((240, 320, 4), dtype=np.uint8)
        frame[..., 0], frame[..., 3] = np.roll(ramp, 4 * n), 255
        encoder.write_frame(frame)
        if n == 30:
            encoder.write_frame(frame, repeat=9)
    encoder.finish()
    with av.open(str(tmp_path / "moving.mp4")) as video:     # the held picture at its first and last frame
        assert [frame.pts * frame.time_base * 15 for frame in video.decode(video=0)] == [*range(32), 39, *range(40, 49)]


def test_a_segments_frames_are_converted_by_one_kept_single_threaded_converter_as_pyav_converts_them(tmp_path):
    from fractions import Fraction

    import av
    import numpy as np
    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", 64, 48, Fraction(15), (("crf", "23"),))
    encoder = VideoSegmentEncoder(target=tmp_path / "converted.mp4", spec=spec)
    pictures = np.random.default_rng(2).integers(0, 256, (2, 48, 64, 4), dtype=np.uint8)
    first, second = (mi._converted(encoder, pixels) for pixels in pictures)
    converter = encoder.__dict__["_loglesson_converter"]
    assert mi._converted(encoder, pictures[0]) is not first and encoder.__dict__["_loglesson_converter"] is converter
    for frame, pixels in ((first, pictures[0]), (second, pictures[1])):
        assert frame.format.name == "yuv420p"
        fresh = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(format="yuv420p")
        assert frame.to_ndarray().tobytes() == fresh.to_ndarray().tobytes()
    encoder.finish()


def test_a_frames_pictures_reuse_the_processs_memory_instead_of_pages_faulted_in_anew():
    """With glibc's defaults each 1080p frame converted here faulted in about 4000 pages (its
    8 MB RGBA copy and 3 MB converted picture, mapped anew every time); kept, a few dozen."""
    import platform
    import resource

    import av
    import numpy as np

    if platform.libc_ver()[0] != "glibc":
        pytest.skip("mallopt is glibc's")
    pixels = np.zeros((1080, 1920, 4), dtype=np.uint8)      # (importing the kit told the allocator)

    def convert():
        return av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(format="yuv420p", threads=1)

    convert()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(10):
        convert()
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 10
    assert faults < pixels.nbytes / resource.getpagesize() / 4, f"{faults:.0f} page faults a frame"


def test_the_frames_each_wait_holds_are_noted_where_they_fall_in_the_video(tmp_path):
    from manim import Scene

    class Holds(Scene):
        def construct(self):
            self.play(Create(Dot()), run_time=0.4)      # frames 0-3
            self.wait(1.0)                              # 4-13: one picture
            self.play(Create(Square()), run_time=0.4)   # 14-17
            self.wait(0.5)                              # 18-22

    scene, video = render_small(Holds, tmp_path, "holds")
    assert mi.held_frames(scene.renderer) == [(4, 10), (18, 5)]
    # The video stores each held picture at its first and last frame.
    times = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "frame=pts_time",
                            "-of", "csv=p=0", str(video)], capture_output=True, text=True, check=True).stdout
    assert [round(float(t.strip(",")) * 10) for t in times.split()] == [0, 1, 2, 3, 4, 13, 14, 15, 16, 17, 18, 22]


def test_for_render_sh_manims_sound_track_is_lossless_and_still_joins_the_video(tmp_path, monkeypatch):
    import numpy as np
    from manim import Scene

    from loglesson.publish.pipeline import Clip

    sound = tmp_path / "tone.wav"
    write_tone(sound, seconds=1)

    class Tone(Scene):
        def construct(self):
            self.add_sound(str(sound))
            self.play(Create(Dot()), run_time=1.0)

    assert Clip("exponent", "en", "l", (), (), "T", tmp_path).environment()[mi.LOSSLESS_SOUND] == "1"
    monkeypatch.setenv(mi.LOSSLESS_SOUND, "1")
    _, video = render_small(Tone, tmp_path, "tone")
    streams = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name:format=duration",
                              "-of", "csv=p=0", str(video)], capture_output=True, text=True, check=True).stdout
    assert "alac" in streams and "h264" in streams

    def pcm(path):
        out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "s16le", "-"],
                             capture_output=True, check=True).stdout
        return np.frombuffer(out, "<i2").astype(float)

    mixed = pcm(Path(video).with_suffix(".wav"))     # Manim's mix (here mono), before it is encoded
    assert audio_channels(video) == [1]              # kept mono, not spread over two channels
    assert np.array_equal(pcm(video), mixed)         # lossless: the mix's samples as they are


def test_subpaths_are_split_at_once_exactly_where_manim_splits_them():
    import numpy as np
    from manim import Circle, DashedLine, MathTex, VMobject

    tolerance = VMobject().tolerance_for_point_equality
    rng = np.random.default_rng(2)
    jittered = VMobject()
    corners = rng.uniform(-3, 3, (40, 3))
    # each curve ends near the next one's start: some within the tolerance, some just beyond it
    points = np.concatenate([[a, (2 * a + b) / 3, (a + 2 * b) / 3, b + rng.choice([0.5, 2.0]) * tolerance]
                             for a, b in zip(corners, corners[1:])])
    jittered.set_points(points)
    with_nan = VMobject()
    with_nan.set_points(np.where(np.arange(len(points))[:, None] == 9, np.nan, points))
    shapes = [MathTex(r"\log_2 8 = 3"), Circle(), DashedLine(np.array([-2, 0, 0]), np.array([2, 0, 0])), jittered,
              with_nan, VMobject()]

    assert VMobject.get_subpaths_from_points is mi.subpaths_at_once
    compared = 0
    for shape in shapes:
        for part in shape.family_members_with_points() or [shape]:
            ours, manims = mi.subpaths_at_once(part, part.points), mi._get_subpaths(part, part.points)
            assert len(ours) == len(manims)
            assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(ours, manims))
            compared += len(manims)
    assert compared > 40
    assert 1 < len(mi._get_subpaths(jittered, jittered.points)) < 39   # the jitter splits some joins, not all


class RecordingContext:
    """Stands in for a cairo context: records every path call and its numbers."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return lambda *numbers: self.calls.append((name, *(float(x) for x in numbers)))


def test_the_camera_hands_cairo_the_same_path_calls_as_manim():
    import numpy as np
    from manim import RIGHT, Arrow, Axes, Camera, Circle, DashedLine, MathTex, Text, VMobject

    rng = np.random.default_rng(3)
    corners = rng.uniform(-3, 3, (12, 3))
    tolerance = VMobject().tolerance_for_point_equality
    jittered = VMobject()           # some joins within the tolerance, some beyond: several subpaths
    jittered.set_points(np.concatenate([[a, (2 * a + b) / 3, (a + 2 * b) / 3, b + rng.choice([0.5, 100.0]) * tolerance]
                                        for a, b in zip(corners, corners[1:])]))
    ragged, joined = VMobject(), VMobject()     # two points past the last whole curve, apart or joined
    ragged.set_points(np.concatenate([Circle().points, corners[:2]]))
    joined.set_points(np.concatenate([Circle().points[:-4], Circle().points[[-5, 0]]]))   # back to its start
    with_nan = VMobject()
    with_nan.set_points(np.where(np.arange(8)[:, None] == 5, np.nan, Circle().points[:8]))
    shapes = [MathTex(r"\log_2 8 = 3"), Text("ソフトマックス z"), Circle(), Arrow(-RIGHT, RIGHT), Axes(),
              DashedLine(np.array([-2, 0, 0]), np.array([2, 0, 0])), jittered, ragged, joined, with_nan,
              VMobject()]

    assert Camera.set_cairo_context_path is mi.cairo_path_at_once
    camera, curves = Camera(), 0
    for shape in shapes:
        for part in shape.family_members_with_points() or [shape]:
            ours, manims = RecordingContext(), RecordingContext()
            mi.cairo_path_at_once(camera, ours, part)
            mi._cairo_path(camera, manims, part)
            assert ours.calls == manims.calls
            curves += sum(name == "curve_to" for name, *_ in manims.calls)
    assert curves > 300
    calls = RecordingContext()
    mi._cairo_path(camera, calls, jittered)
    assert 1 < sum(name == "new_sub_path" for name, *_ in calls.calls) < 11


def test_a_boundary_is_gathered_at_once_exactly_as_manim_gathers_it():
    import numpy as np
    from manim import RIGHT, Arrow, Axes, Circle, DashedLine, MathTex, Text, VMobject

    single = VMobject()
    single.set_points(np.array([[1.0, 2.0, 0.0]]))
    broken = VMobject()
    broken.set_points(np.zeros((5, 3)))     # not whole curves: Manim refuses it, and so do we
    shapes = [MathTex(r"\log_2 8 = 3"), Text("ソフトマックス z"), Circle(), Arrow(-RIGHT, RIGHT),
              DashedLine(np.array([-2, 0, 0]), np.array([2, 0, 0])), Axes(), VMobject(), single,
              VGroup(VMobject(), single, Circle())]

    assert VMobject.get_points_defining_boundary is mi.boundary_at_once
    for shape in shapes:
        for part in shape.get_family():
            ours, manims = mi.boundary_at_once(part), mi._boundary(part)
            assert ours.shape == manims.shape and ours.dtype == manims.dtype
            assert np.array_equal(ours, manims)
    with pytest.raises(ValueError):
        mi._boundary(broken)
    with pytest.raises(ValueError):
        mi.boundary_at_once(broken)


def test_a_typeset_cache_hit_is_what_manim_would_hand_out_and_its_own_copy(monkeypatch):
    from manim import RED, RIGHT, MathTex, SVGMobject, Text
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

    def made():
        """A formula in parts and Japanese words, each made twice: parsed, then from the cache."""
        SVG_HASH_TO_MOB_MAP.clear()
        return [make() for make in [lambda: MathTex(r"\frac{\ln 7}{x^{3}}", "=", r"\sum_k z_k")] * 2
                + [lambda: Text("ソフトマックス z", use_svg_cache=True)] * 2]

    def look(mob):
        return [(len(part.submobjects), part.points.tolist(), part.fill_rgbas.tolist(), part.stroke_rgbas.tolist())
                for part in mob.get_family()]

    monkeypatch.setattr(SVGMobject, "init_svg_mobject", mi._init_svg_mobject)
    manims = made()
    monkeypatch.undo()
    assert SVGMobject.init_svg_mobject is mi.typeset_from_cache
    ours = made()       # and the cache as ours keeps it
    for mine, theirs in zip(ours, manims):
        assert look(mine) == look(theirs)
    formula, hit = ours[0], ours[1]
    assert len(hit) == 3 and [len(part) for part in hit] == [len(part) for part in formula]
    family = {id(part) for part in hit.get_family()}
    assert all(id(leaf) in family for leaf in hit.id_to_vgroup_dict["root"].get_family()[1:])
    assert all(getattr(part, "path_obj", None) is None
               for entry in SVG_HASH_TO_MOB_MAP.values() for part in entry.get_family())

    before = look(hit)
    moved = MathTex(r"\frac{\ln 7}{x^{3}}", "=", r"\sum_k z_k")
    moved.shift(RIGHT)
    moved[2].set_color(RED)
    assert look(hit) == before
    assert look(MathTex(r"\frac{\ln 7}{x^{3}}", "=", r"\sum_k z_k")) == before
    assert look(moved) != before
    SVG_HASH_TO_MOB_MAP.clear()


def test_glyphs_parsed_by_an_earlier_process_are_read_back_as_manim_parses_them(monkeypatch, tmp_path):
    from manim import MathTex, SVGMobject, Text
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

    monkeypatch.setenv("LESSON_TYPESET_CACHE", str(tmp_path))
    makers = [lambda: MathTex(r"\frac{\ln 7}{x^{3}}", "=", r"\sum_k z_k"), lambda: Text("ソフトマックス z", use_svg_cache=True)]

    def look(mob):
        return [(len(part.submobjects), part.points.tolist(), part.fill_rgbas.tolist(), part.stroke_rgbas.tolist())
                for part in mob.get_family()]

    SVG_HASH_TO_MOB_MAP.clear()
    [make() for make in makers]                                   # parsed, and kept for the machine
    assert len(list((tmp_path / "glyphs").glob("*.pickle"))) == 2
    SVG_HASH_TO_MOB_MAP.clear()                                   # as in a new process
    with monkeypatch.context() as m:
        m.setattr(SVGMobject, "generate_mobject", lambda svg: pytest.fail("parsed again"))
        read = [make() for make in makers]
    with monkeypatch.context() as m:
        m.setattr(SVGMobject, "init_svg_mobject", mi._init_svg_mobject)
        SVG_HASH_TO_MOB_MAP.clear()
        manims = [make() for make in makers]
    for mine, theirs in zip(read, manims):
        assert look(mine) == look(theirs)
        family = {id(part) for part in mine.get_family()}
        assert all(id(leaf) in family for leaf in mine.id_to_vgroup_dict["root"].get_family()[1:])
    SVG_HASH_TO_MOB_MAP.clear()


def test_a_damaged_glyph_file_is_parsed_again_and_replaced(monkeypatch, tmp_path):
    from manim import MathTex
    from manim.mobject.svg.svg_mobject import SVG_HASH_TO_MOB_MAP

    monkeypatch.setenv("LESSON_TYPESET_CACHE", str(tmp_path))
    SVG_HASH_TO_MOB_MAP.clear()
    first = MathTex(r"e^{u \ln a}")
    (kept,) = (tmp_path / "glyphs").glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    SVG_HASH_TO_MOB_MAP.clear()
    again = MathTex(r"e^{u \ln a}")
    assert [p.points.tolist() for p in again.get_family()] == [p.points.tolist() for p in first.get_family()]
    assert kept.read_bytes() != b"not a pickle"
    SVG_HASH_TO_MOB_MAP.clear()


def test_glyph_files_are_named_by_the_svgs_bytes_not_its_path(tmp_path):
    from manim import MathTex

    formula = MathTex(r"e^{u \ln a}")
    name = mi.glyphs_name(formula)
    copy_path = tmp_path / "copy.svg"
    copy_path.write_bytes(formula.get_file_path().read_bytes())
    formula.file_name = str(copy_path)
    assert mi.glyphs_name(formula) == name                       # another folder, the same bytes
    copy_path.write_bytes(copy_path.read_bytes() + b"<!-- changed -->")
    assert mi.glyphs_name(formula) != name
