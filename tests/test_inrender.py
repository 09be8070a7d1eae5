"""The WebM's pieces, the GIF and the last frames made from the frames as they are rendered
(publish/inrender.py), and the same from a render kept on disk."""

import json
import subprocess
import threading
import time
from fractions import Fraction

import av
import numpy as np
import pytest

from loglesson.publish import encode, inrender

W, H, FPS = 128, 72, Fraction(10)


def picture(value: int):
    """A frame of one grey level, in the video's pixel format, and its RGBA pixels."""
    pixels = np.full((H, W, 4), value, np.uint8)
    pixels[..., 3] = 255
    return av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(format="yuv420p"), pixels


def feed(tap, levels_and_repeats, segment=0):
    for level, repeat in levels_and_repeats:
        frame, pixels = picture(level)
        tap.take(segment, frame, pixels, repeat)


# Frames 0-9 each their own picture, 10-29 one held picture, 30-34 moving again; a beat at 15.
SHOWN = [*((20 * n, 1) for n in range(10)), (210, 20), *((240 - 5 * n, 1) for n in range(5))]
LEVELS = [level for level, repeat in SHOWN for _ in range(repeat)]


@pytest.fixture(scope="module")
def tapped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tap")
    tap = inrender.Tap(folder, W, H, FPS, cuts={15})
    feed(tap, SHOWN)
    tap.finish()
    return folder, tap


def stored_times(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout
    return sorted(float(t) for t in out.split())


def shown_levels(path, frames):
    """The grey level the video shows at each of its frame times, from its start."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"fps={FPS}", "-frames:v", str(frames),
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return [int(round(float(np.mean(frame)))) for frame in np.frombuffer(raw, np.uint8).reshape(-1, H, W)]


def test_a_piece_starts_at_every_cut_and_the_pieces_cover_every_frame(tapped):
    folder, tap = tapped
    result = json.loads((folder / inrender.RESULT).read_text())
    assert result["pieces"] == [[0, 15], [15, 35]] and result["frames"] == 35 and tap.error is None
    assert inrender.made(folder, [range(0, 15), range(15, 35)], float(FPS), gif=True)


def test_a_held_picture_is_stored_every_few_frames_and_each_piece_keeps_its_last_frame(tapped):
    folder, _ = tapped
    every = encode.held_every(float(FPS))
    first = [round(t * FPS) for t in stored_times(folder / inrender.piece_name(0))]
    second = [round(t * FPS) + 15 for t in stored_times(folder / inrender.piece_name(1))]
    assert first == [*range(10), *range(10, 15, every), *([14] if (14 - 10) % every else [])]
    assert second == [*range(15, 30, every), *([29] if (29 - 15) % every else []), *range(30, 35)]


def test_every_frame_shows_the_picture_rendered_for_it(tapped):
    folder, _ = tapped
    shown = [*shown_levels(folder / inrender.piece_name(0), 15), *shown_levels(folder / inrender.piece_name(1), 20)]
    assert len(shown) == len(LEVELS)
    assert max(abs(a - b) for a, b in zip(shown, LEVELS)) <= 3


def test_each_pieces_last_frame_is_its_png(tapped):
    from PIL import Image

    folder, _ = tapped
    for n, last in ((0, LEVELS[14]), (1, LEVELS[34])):
        png = np.asarray(Image.open(folder / inrender.last_name(n)))
        assert png.shape == (H, W, 3) and np.all(png == last)


def gif_levels(path):
    """The grey level the GIF shows at each twelfth of a second (a picture held is stored once)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"fps={encode.GIF_FPS}", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    size = encode.gif_size(W, H)
    return [float(np.mean(f)) for f in np.frombuffer(raw, np.uint8).reshape(-1, size[1], size[0])]


def test_the_gif_shows_each_twelfth_of_a_second_the_frame_then_on_screen(tapped):
    folder, _ = tapped
    means = gif_levels(folder / inrender.GIF)
    expected = [LEVELS[int(k * FPS / encode.GIF_FPS)] for k in range(encode.gif_frames(range(35), float(FPS)))]
    assert len(means) == len(expected)
    assert max(abs(a - b) for a, b in zip(means, expected)) <= 6


def test_the_gif_stores_a_held_picture_once_and_ends_when_the_clip_does(tmp_path):
    shown = [*SHOWN, (100, 30)]                 # ends on a picture held 3 s
    tap = inrender.Tap(tmp_path, W, H, FPS)
    feed(tap, shown)
    tap.finish()
    gif = tmp_path / inrender.GIF
    stored = stored_times(gif)
    frames = encode.gif_frames(range(65), float(FPS))
    assert len(stored) < frames / 2              # each held picture stored once (and the last again at the end)
    assert float(encode.probe(gif)["duration"]) == pytest.approx(65 / FPS, abs=0.01)
    levels = [level for level, repeat in shown for _ in range(repeat)]
    expected = [levels[int(k * FPS / encode.GIF_FPS)] for k in range(frames)]
    means = gif_levels(gif)
    assert len(means) == len(expected) and max(abs(a - b) for a, b in zip(means, expected)) <= 6


def test_a_segments_frames_wait_for_the_segment_before_it_to_close(tmp_path):
    """Manim encodes two segments at once, each on its own thread."""
    tap = inrender.Tap(tmp_path, W, H, FPS, gif=False)
    order = []
    tap._take = lambda frame, pixels, repeat: order.append(int(pixels[0, 0, 0]))
    first, second = tap.open_segment(), tap.open_segment()
    later = threading.Thread(target=feed, args=(tap, [(50, 1), (60, 1)], second))
    later.start()
    time.sleep(0.2)
    assert order == []      # the second segment's frames wait
    feed(tap, [(10, 1), (20, 3)], first)
    tap.close_segment(first)
    later.join(5)
    assert order == [10, 20, 50, 60]


def test_a_segment_never_closed_makes_the_tap_give_up_not_hold_the_render(tmp_path, monkeypatch):
    monkeypatch.setattr(inrender, "TURN_SECONDS", 0.2)
    tap = inrender.Tap(tmp_path, W, H, FPS, gif=False)
    tap.open_segment(), tap.open_segment()
    feed(tap, [(10, 1), (20, 3)], segment=1)      # segment 0 never closes
    tap.finish()
    assert "waited" in tap.error and tap.frames == 4
    assert not inrender.made(tmp_path, [range(0, 4)], float(FPS), gif=False)


def test_pieces_other_than_those_expected_are_refused_and_removed(tapped, tmp_path):
    folder, _ = tapped
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(folder), str(copy)], check=True)
    assert not inrender.made(copy, [range(0, 20), range(20, 35)], float(FPS), gif=True)
    assert list(copy.iterdir()) == []
    assert not inrender.made(tmp_path / "nothing", [range(0, 35)], float(FPS), gif=False)


def test_a_failing_gif_encoder_never_stops_the_render_and_its_pieces_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(encode, "gif_from_frames", lambda frames, dst: ["ffmpeg", "-no_such_option"])
    tap = inrender.Tap(tmp_path, W, H, FPS)
    feed(tap, SHOWN * 20)       # long enough that the pipe to the ended encoder breaks
    tap.finish()
    assert tap.frames == 35 * 20
    assert "error" in json.loads((tmp_path / inrender.RESULT).read_text())
    assert not inrender.made(tmp_path, [range(0, 700)], float(FPS), gif=True)


def h264(path, stored):
    """The frames above as an H.264 video storing the frames `stored`, with a key frame every 4
    frames (as Manim's segments start on key frames)."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS, options={"g": "4", "crf": "18"})
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        for n in stored:
            frame, _ = picture(LEVELS[n])
            frame.pts = n
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture(scope="module")
def rendered_video(tmp_path_factory):
    """Every frame stored, as Manim stored them before."""
    return h264(tmp_path_factory.mktemp("video") / "clip.mp4", range(len(LEVELS)))


@pytest.fixture(scope="module")
def held_video(tmp_path_factory):
    """The held picture stored at its first and last frame, as Manim's MP4 stores it now."""
    return h264(tmp_path_factory.mktemp("video") / "held.mp4", [n for n in range(len(LEVELS)) if not 10 < n < 29])


def key_times(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout
    return [float(line.split(",")[0]) for line in out.split() if "K" in line.split(",")[1]]


def test_a_kept_render_replayed_gives_the_same_pieces_with_key_frames_only_where_they_start(rendered_video, tapped,
                                                                                              tmp_path):
    pieces = [range(0, 15), range(15, 35)]
    inrender.replay(rendered_video, tmp_path, pieces, [range(10, 30)], gif=True)
    assert inrender.made(tmp_path, pieces, float(FPS), gif=True)
    folder, _ = tapped
    for n in range(2):
        assert stored_times(tmp_path / inrender.piece_name(n)) == stored_times(folder / inrender.piece_name(n))
        assert key_times(tmp_path / inrender.piece_name(n)) == [0.0]
    shown = [*shown_levels(tmp_path / inrender.piece_name(0), 15), *shown_levels(tmp_path / inrender.piece_name(1), 20)]
    assert max(abs(a - b) for a, b in zip(shown, LEVELS)) <= 3


@pytest.mark.parametrize("held", [[range(10, 30)], []], ids=["held noted", "nothing noted"])
def test_a_render_storing_a_held_picture_twice_replays_to_every_frame_it_shows(held_video, tapped, tmp_path, held):
    pieces = [range(0, 15), range(15, 35)]
    inrender.replay(held_video, tmp_path, pieces, held, gif=True)
    assert inrender.made(tmp_path, pieces, float(FPS), gif=True)
    folder, _ = tapped
    if held:      # as the render gave them
        assert all(stored_times(tmp_path / inrender.piece_name(n)) == stored_times(folder / inrender.piece_name(n))
                   for n in range(2))
    shown = [*shown_levels(tmp_path / inrender.piece_name(0), 15), *shown_levels(tmp_path / inrender.piece_name(1), 20)]
    assert len(shown) == len(LEVELS) and max(abs(a - b) for a, b in zip(shown, LEVELS)) <= 3


def test_a_replay_told_to_stop_stops_and_leaves_no_pieces(rendered_video, tmp_path):
    with pytest.raises(inrender.Stopped):
        inrender.replay(rendered_video, tmp_path, [range(0, 35)], [], gif=True, stopping=lambda: True)
    assert not inrender.made(tmp_path, [range(0, 35)], float(FPS), gif=True)
