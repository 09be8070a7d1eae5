"""How a render is cut into beats and where render.sh says its time went (no Manim: seconds)."""

import json
import subprocess

import pytest

from loglesson.publish import beats, encode
from loglesson.publish.pipeline import Clip, Outcome
from loglesson.publish.render import longest_first, time_spent


def beat(number, start, end):
    return beats.Beat(number, f"b{number}", start, end, ())


def test_pieces_are_the_beats_and_the_frames_around_them_and_cover_the_clip():
    found = [beat(1, 0.4, 2.0), beat(2, 2.0, 3.0)]
    pieces = beats.spans(found, 15, 60)
    assert pieces == [range(0, 6), range(6, 30), range(30, 45), range(45, 60)]
    assert [n for span in pieces for n in span] == list(range(60))


def test_a_beat_at_the_clips_edges_adds_no_empty_piece():
    assert beats.spans([beat(1, 0.0, 2.0), beat(2, 2.0, 4.0)], 15, 60) == [range(0, 30), range(30, 60)]


def test_beat_times_round_to_the_frame_they_fall_on():
    # Manim's clock sums float frame times: 11.199999999999992 is frame 168 at 15 fps.
    assert beat(1, 11.199999999999992, 19.466666666666637).frames(15) == range(168, 292)


def test_the_stated_lengths_of_joined_pieces_are_written_for_the_concat_demuxer(tmp_path):
    listing = encode.concat_list([tmp_path / "a b.webm", tmp_path / "it's.webm"], [8.266667, 1.0])
    assert listing.splitlines() == [f"file '{tmp_path}/a b.webm'", "duration 8.266667",
                                    f"file '{tmp_path}/it'\\''s.webm'", "duration 1.000000"]


@pytest.fixture(scope="module")
def video_with_key_frames(tmp_path_factory):
    """A 2 s test picture at 10 fps with key frames forced at frames 0, 7 and 15 (and none else)."""
    path = tmp_path_factory.mktemp("keys") / "keys.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=2",
                    "-c:v", "libx264", "-g", "1000", "-sc_threshold", "0", "-force_key_frames", "0,0.7,1.5",
                    "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


def test_key_frames_are_read_in_showing_order_with_the_frame_count(video_with_key_frames):
    assert beats.key_frames(video_with_key_frames) == (20, {0, 7, 15})


def test_a_split_at_key_frames_gives_each_piece_exactly_its_frames(video_with_key_frames, tmp_path):
    subprocess.run(beats.split(video_with_key_frames, tmp_path / "p%03d.mp4", [7, 15]), check=True)
    counts = [beats.key_frames(tmp_path / f"p{n:03d}.mp4")[0] for n in range(3)]
    assert counts == [7, 8, 5]


def clip(tmp_path, scene):
    return Clip(scene, "en", "l", (), (), scene, tmp_path)


def test_clips_that_took_longest_last_time_start_first(tmp_path):
    clips = [clip(tmp_path, name) for name in ("exponent", "inverse", "tangent", "cross_entropy")]
    clips[0].folder.mkdir(parents=True)
    for c, seconds in zip(clips[:3], (30.0, 45.0, 38.0)):
        c.stamp_path.write_text(json.dumps({"seconds": {"all": seconds}}))
    assert [c.scene for c in longest_first(clips)] == ["inverse", "tangent", "exponent", "cross_entropy"]


def test_the_summary_says_how_long_manim_and_each_encoding_took_over_the_clips(tmp_path):
    made = [Outcome(clip(tmp_path, "a"), "made", 20.0, stamp={"seconds": {"render": 10.0, "webm": 5.0, "gif": 2.0,
                                                                         "all": 20.0}}),
            Outcome(clip(tmp_path, "b"), "made", 9.0, stamp={"seconds": {"webm": 4.0, "all": 9.0}}),
            Outcome(clip(tmp_path, "c"), "failed", 3.0)]
    assert time_spent(made) == ("time spent, summed over the clips made (in parallel): Manim 10.0 s, "
                                "encodes 11.0 s (webm 9.0, gif 2.0)")
    assert time_spent([]) == ""
