"""How a render is cut into beats and where render.sh says its time went (no Manim: seconds)."""

import json
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import sound_samples
from loglesson import voice
from loglesson.publish import beats, encode, inrender, webfiles
from loglesson.publish.pipeline import (
    TIMES_VARIABLE,
    Clip,
    Outcome,
    Runner,
    remember_time,
    remembered_time,
    times_folder,
)
from loglesson.publish.render import longest_first, spoken_shares, time_spent


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


def test_held_stretches_are_read_from_the_manifest_only_at_the_frame_rate_they_were_noted_at(tmp_path):
    manifest = tmp_path / "clip.beats.json"
    manifest.write_text(json.dumps({"beats": [], "frame rate": 15, "held": [[4, 10], [30, 2]]}))
    assert beats.read_held(manifest, 15.0) == [range(4, 14), range(30, 32)]
    assert beats.read_held(manifest, 60.0) == []
    manifest.write_text(json.dumps({"beats": []}))     # a render from before held frames were noted
    assert beats.read_held(manifest, 15.0) == []


def test_chapters_are_named_by_the_beats_titles_from_the_manifest(tmp_path):
    manifest = tmp_path / "clip.beats.json"
    lines = [{"show": "Start from 2 and multiply.", "say": "", "start": 0, "duration": 1}]
    manifest.write_text(json.dumps({"beats": [
        {"key": "multiply", "title": "Multiplying by 2", "start": 0.0, "end": 2.0, "lines": lines},
        {"key": "power", "start": 2.0, "end": 3.0, "lines": [{**lines[0], "show": "2³ = 8."}]},
    ]}), encoding="utf-8")
    found = beats.read_manifest(manifest)
    assert [beat.title for beat in found] == ["Multiplying by 2", ""]
    track = beats.chapters(found)
    # A manifest written before beats had titles: its beat is named by its first line.
    assert "Multiplying by 2" in track and "2³ = 8." in track and "Start from" not in track


@pytest.fixture(scope="module")
def held_video(tmp_path_factory):
    """A 4 s video at 10 fps storing only frames 0-10, 20 and 30-39 (10-19 and 20-29
    hold a picture), with key frames at frames 0, 20 and 30."""
    folder = tmp_path_factory.mktemp("held")
    src = folder / "src.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=10:duration=4",
                    "-c:v", "libx264", "-g", "1000", "-sc_threshold", "0", "-force_key_frames", "0,2,3",
                    "-pix_fmt", "yuv420p", str(src)], check=True)
    path = folder / "held.mkv"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(src), "-vf", "select='not(between(n,11,19)+between(n,21,29))'",
                    "-fps_mode", "vfr", "-c:v", "libx264", "-g", "1000", "-sc_threshold", "0",
                    "-force_key_frames", "0,2,3", str(path)], check=True)
    return path


def test_key_frames_of_a_video_with_held_pictures_are_numbered_by_their_time(held_video):
    assert beats.key_frames(held_video, fps=10) == (40, {0, 20, 30})


def test_a_split_by_time_cuts_a_video_with_held_pictures_at_its_key_frames(held_video, tmp_path):
    subprocess.run(beats.split(held_video, tmp_path / "p%03d.mkv", [20, 30], fps=10), check=True)
    assert [beats.key_frames(tmp_path / f"p{n:03d}.mkv")[0] for n in range(3)] == [11, 1, 10]


@pytest.fixture(autouse=True)
def own_times(tmp_path, monkeypatch):
    """Each test remembers its clips' times in a folder of its own."""
    monkeypatch.setenv(TIMES_VARIABLE, str(tmp_path / "times"))


def clip(tmp_path, scene):
    return Clip(scene, "en", "l", (), (), scene, tmp_path)


def test_clips_that_took_longest_last_time_start_first(tmp_path):
    clips = [clip(tmp_path, name) for name in ("exponent", "inverse", "tangent", "cross_entropy")]
    clips[0].folder.mkdir(parents=True)
    for c, seconds in zip(clips, (30.0, 45.0, 38.0, 41.0)):
        c.stamp_path.write_text(json.dumps({"seconds": {"all": seconds}}))
    assert [c.scene for c in longest_first(clips)] == ["inverse", "cross_entropy", "tangent", "exponent"]


def test_a_clip_never_made_is_expected_to_take_as_long_per_word_as_those_made(tmp_path):
    clips = [clip(tmp_path, name) for name in ("exponent", "inverse", "tangent", "cross_entropy")]
    clips[0].folder.mkdir(parents=True)
    # per word of narration (spoken_shares) those made took about 150 s a lesson: cross_entropy about 51 s
    for c, seconds in zip(clips[:3], (29.0, 31.0, 38.0)):
        c.stamp_path.write_text(json.dumps({"seconds": {"all": seconds}}))
    assert [c.scene for c in longest_first(clips)] == ["cross_entropy", "tangent", "inverse", "exponent"]


def test_a_first_run_into_a_new_folder_starts_first_the_clips_that_took_longest_on_this_machine(tmp_path):
    # inverse says less than exponent but draws more: at 1080p60 it took 174 s to exponent's 145 s
    clips = [clip(tmp_path, name) for name in ("exponent", "inverse", "tangent", "cross_entropy")]
    for c, seconds in zip(clips, (145.1, 174.0, 275.1, 312.1)):
        remember_time(c, seconds)
    assert [c.scene for c in longest_first(clips)] == ["cross_entropy", "tangent", "inverse", "exponent"]
    elsewhere = [clip(tmp_path / "elsewhere", c.scene) for c in clips]
    assert [c.scene for c in longest_first(elsewhere)] == ["cross_entropy", "tangent", "inverse", "exponent"]


def test_a_time_is_remembered_for_the_same_parameters_language_and_quality_only(tmp_path):
    made = clip(tmp_path, "inverse")
    remember_time(made, 31.7)
    assert remembered_time(made) == 31.7
    others = [Clip("inverse", "en", "l", (("base", 3.0),), (), "inverse", tmp_path),
              Clip("inverse", "ja", "l", (), (), "inverse", tmp_path),
              Clip("inverse", "en", "h", (), (), "inverse", tmp_path)]
    assert [remembered_time(other) for other in others] == [None, None, None]
    remember_time(made, 28.3)           # the latest time replaces the one before
    assert remembered_time(made) == 28.3


def test_a_damaged_remembered_time_is_not_used_and_a_cache_that_cannot_be_written_is_left_alone(tmp_path,
                                                                                           monkeypatch):
    made = clip(tmp_path, "tangent")
    remember_time(made, 57.7)
    [path] = times_folder().glob("tangent.*.json")
    path.write_text("{not json")
    assert remembered_time(made) is None
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv(TIMES_VARIABLE, str(blocked))
    remember_time(made, 57.7)           # no error: the time is only a hint for the order
    assert remembered_time(made) is None and blocked.read_text() == ""


def test_on_a_first_run_the_clips_that_say_most_start_first(tmp_path):
    clips = [clip(tmp_path, name) for name in ("exponent", "inverse", "tangent", "cross_entropy")]
    shares = spoken_shares("en")
    order = [c.scene for c in longest_first(clips)]
    assert order == sorted(shares, key=shares.get, reverse=True)
    # the two longest clips (270 and 189 s in English at 480p15) start first; exponent and
    # inverse (115 and 104 s) say about as much
    assert order[:2] == ["cross_entropy", "tangent"]
    assert sum(shares.values()) == pytest.approx(1.0) and all(0.1 < share < 0.45 for share in shares.values())


def test_the_summary_says_how_long_manim_and_each_encoding_took_over_the_clips(tmp_path):
    made = [Outcome(clip(tmp_path, "a"), "made", 20.0, stamp={"seconds": {"render": 10.0, "webm": 5.0, "gif": 2.0,
                                                                         "all": 20.0}}),
            Outcome(clip(tmp_path, "b"), "made", 9.0, stamp={"seconds": {"webm": 4.0, "all": 9.0}}),
            Outcome(clip(tmp_path, "c"), "failed", 3.0)]
    assert time_spent(made) == ("time spent, summed over the clips made (in parallel): Manim 10.0 s, "
                                "encodes 11.0 s (webm 9.0, gif 2.0)")
    assert time_spent([]) == ""


# --- the GIF from the WebM's decode ---------------------------------------------------------------

@pytest.mark.parametrize("fps", [15, 30, 60])
def test_the_gif_shows_at_each_twelfth_of_a_second_the_frame_then_on_screen(fps):
    shown = [k * fps // encode.GIF_FPS for k in range(10 * encode.GIF_FPS)]   # 10 s of GIF
    cuts = [0, 7, 8, 31, 77, 10 * fps]
    pieces = [range(a, b) for a, b in zip(cuts, cuts[1:])]
    assert [encode.gif_frames(span, fps) for span in pieces] == [sum(n in span for n in shown) for span in pieces]


def test_the_gif_picture_keeps_the_clips_shape_at_most_480_wide():
    assert encode.gif_size(854, 480) == (480, 270)
    assert encode.gif_size(1920, 1080) == (480, 270)
    assert encode.gif_size(320, 180) == (320, 180)


@pytest.fixture(scope="module")
def clip_in_beats(tmp_path_factory):
    """A 4 s moving test picture at 15 fps with a key frame where each of its three beats starts,
    holding one picture over frames 22-40, as its manifest says."""
    folder = tmp_path_factory.mktemp("clip")
    video = folder / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15:duration=4",
                    "-filter_complex", "split[a][b];[a][b]freezeframes=first=23:last=40:replace=22", "-c:v", "libx264", "-g", "1000", "-sc_threshold", "0", "-force_key_frames", "0,1.4,2.6",
                    "-pix_fmt", "yuv420p", str(video)], check=True)
    manifest = video.with_suffix(".beats.json")
    manifest.write_text(json.dumps({"beats": [], "frame rate": 15, "held": [[22, 19]]}))
    found = [beat(1, 0.0, 1.4), beat(2, 1.4, 2.6), beat(3, 2.6, 4.0)]
    return video, manifest, found


def make(clip_in_beats, folder, remake, gain=None):
    video, manifest, found = clip_in_beats
    folder.mkdir(exist_ok=True)
    staged = {kind: folder / f"clip.{kind}" for kind in webfiles.KINDS}
    steps = webfiles.Steps(lambda command: subprocess.run(command, check=True, timeout=60, env=encode.environment()),
                           lambda name: None)
    made = webfiles.make_files(video, [], staged, remake, gain, "clip", found, folder, steps, manifest,
                               narrated=encode.has_audio(video))
    return {**staged, **made}, steps


def test_the_poster_and_the_beats_last_frames_from_the_webms_pieces_are_those_decoded_on_their_own(
        clip_in_beats, tmp_path):
    together, steps = make(clip_in_beats, tmp_path / "together", {"mp4", "webm", "png", "beats"})
    assert "webm+poster" in steps.seconds and "poster" not in steps.seconds
    assert steps.webm_from == "from the render"     # no render made the pieces: its frames, decoded
    alone, _ = make(clip_in_beats, tmp_path / "alone", {"png"})
    assert same_picture(together["png"], alone["png"])
    (tmp_path / "beats only").mkdir()
    for kind in ("mp4", "webm"):     # the clip's files as they are: beats only
        shutil.copyfile(together[kind], tmp_path / "beats only" / f"clip.{kind}")
    beats_only, _ = make(clip_in_beats, tmp_path / "beats only", {"beats"})
    names = [name for name in together if name.startswith("beats/")]
    assert len(names) == 3 * 4
    for name in names:
        if name.endswith(".png"):   # decoded by PyAV or by ffmpeg
            assert same_picture(together[name], beats_only[name]), name
        else:
            assert packets(together[name]) == packets(beats_only[name]), name


def rgb_pixels(path):
    """Every pixel of a picture or video, decoded as 8-bit RGB, as whole numbers."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).astype(int)


def same_picture(a, b, frame_size=None):
    """Two pictures the same within what converting the colours differently (PyAV's and ffmpeg's
    own) changes: a level or two here and there. With `frame_size` (w, h), two GIFs: every frame
    about the same (their 64 colours are chosen from pictures scaled by different code)."""
    first, second = rgb_pixels(a), rgb_pixels(b)
    if first.shape != second.shape:
        return False
    if frame_size:
        by_frame = np.abs(first - second).reshape(-1, frame_size[0] * frame_size[1] * 3).mean(axis=1)
        return bool(np.max(by_frame) < 2)
    return bool(np.mean(np.abs(first - second)) < 0.5 and np.mean(np.abs(first - second) > 8) < 0.002)


def packets(path):
    """A file's streams as stored, packet by packet (a WebM's header holds random identifiers)."""
    if path.suffix in (".png", ".vtt"):
        return path.read_bytes()
    return subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0", "-c", "copy", "-f", "framemd5", "-"],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def clip_stored_twice(clip_in_beats, tmp_path_factory):
    """The same clip as Manim's MP4 stores it now: its held picture stored at its first and last
    frame only (frames 22 and 38, and 39-40 after the third beat's key frame at 39)."""
    video, manifest, found = clip_in_beats
    folder = tmp_path_factory.mktemp("twice")
    stored = folder / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=15:duration=4",
                    "-filter_complex", "split[a][b];[a][b]freezeframes=first=23:last=40:replace=22,"
                    "select='not(between(n,23,37))'", "-fps_mode", "passthrough", "-c:v", "libx264", "-g", "1000",
                    "-sc_threshold", "0", "-force_key_frames", "0,1.4,2.6", "-pix_fmt", "yuv420p", str(stored)],
                   check=True)
    shutil.copyfile(manifest, stored.with_suffix(".beats.json"))
    return stored, stored.with_suffix(".beats.json"), found


def test_a_clip_storing_its_held_picture_twice_makes_the_files_of_one_storing_every_frame(
        clip_in_beats, clip_stored_twice, tmp_path):
    every, _ = make(clip_in_beats, tmp_path / "every", {"webm", "gif", "png", "beats"})
    twice, _ = make(clip_stored_twice, tmp_path / "twice", {"webm", "gif", "png", "beats"})
    assert beats.key_frames(clip_stored_twice[0], 15) == beats.key_frames(clip_in_beats[0], 15) == (60, {0, 21, 39})
    assert same_picture(every["gif"], twice["gif"], frame_size=(320, 180))
    alone, _ = make(clip_stored_twice, tmp_path / "gif alone", {"gif"})     # decoded for the GIF alone
    assert same_picture(every["gif"], alone["gif"], frame_size=(320, 180))
    assert near_picture(every["png"], twice["png"])
    for kind in ("webm", *(name for name in every if name.startswith("beats/"))):
        a, b = every[kind], twice[kind]
        if a.suffix in (".webm", ".mp4"):
            assert encode.probe(a)["duration"] == pytest.approx(encode.probe(b)["duration"], abs=0.07), kind
            shown_a, shown_b = shown_at_every_frame(a), shown_at_every_frame(b)
            assert len(shown_a) == len(shown_b) and np.allclose(shown_a, shown_b, atol=2), kind
        elif a.suffix == ".png":
            assert near_picture(a, b), kind


def near_picture(a, b):
    """Two pictures the same frame, decoded from two x264 encodes of it (a level or so apart on
    average; the test picture's next frame is far more)."""
    return bool(np.mean(np.abs(rgb_pixels(a) - rgb_pixels(b))) < 1.5)


def shown_at_every_frame(path):
    """The mean level of what a video shows at each of its frame times (15 a second)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", "fps=15,scale=32:18", "-f", "rawvideo",
                          "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, 18 * 32).mean(axis=1)


def test_the_gif_made_from_the_webms_pieces_is_the_gif_made_on_its_own(clip_in_beats, tmp_path):
    together, steps = make(clip_in_beats, tmp_path / "together", {"webm", "gif"})
    alone, _ = make(clip_in_beats, tmp_path / "alone", {"gif"})
    assert "webm+gif" in steps.seconds and "gif" not in steps.seconds
    assert same_picture(together["gif"], alone["gif"], frame_size=(320, 180))
    frames = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_entries", "stream=nb_read_frames",
                             "-of", "csv=p=0", str(alone["gif"])], capture_output=True, text=True, check=True).stdout
    assert int(frames) == 4 * encode.GIF_FPS
    assert not (tmp_path / "together" / webfiles.PIECES).exists()


@pytest.mark.parametrize("failure, words", [
    ("before reading", "Option not found"),              # an option ffmpeg does not know
    ("while reading", "No such file or directory"),     # it reads frames, then cannot write the GIF
])
def test_a_gif_encoder_that_fails_fails_the_clip_with_its_own_words_and_nothing_waits(clip_in_beats, tmp_path,
                                                                                       monkeypatch, failure, words):
    original = encode.gif_from_frames

    def failing(frames, dst):
        command = original(frames, dst)
        if failure == "before reading":
            return [*command[:-1], "-no_such_option", str(dst)]
        return [*command[:-1], str(dst.parent / "missing" / dst.name)]

    monkeypatch.setattr(encode, "gif_from_frames", failing)

    def run(command):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if result.returncode:
            raise webfiles.StepFailed(result.stderr.strip().splitlines()[-1])

    folder = tmp_path / "out"
    folder.mkdir()
    video, manifest, found = clip_in_beats
    staged = {kind: folder / f"clip.{kind}" for kind in webfiles.KINDS}
    started = time.monotonic()
    with pytest.raises(webfiles.StepFailed, match=words):
        webfiles.make_files(video, [], staged, {"webm", "gif"}, None, "clip", found, folder,
                            webfiles.Steps(run, lambda name: None), manifest, narrated=False)
    assert time.monotonic() - started < 30


def test_an_encode_takes_every_core_alone_and_its_share_while_other_clips_are_made():
    runner = Runner(cores=8)
    assert runner.threads() == 0                    # no clip: the encoder's own choice
    with runner.making():
        assert runner.threads() == 0                # alone
        with runner.making(), runner.making():
            assert runner.threads() == 8 // 3
        with runner.making():
            assert runner.threads() == 4
    assert runner.threads() == 0
    two = Runner(cores=2)
    with two.making(), two.making(), two.making():
        assert two.threads() == 1                   # never less than one


def test_a_webm_encoded_on_a_share_of_the_cores_is_the_same_webm(clip_in_beats, tmp_path, monkeypatch):
    video, manifest, found = clip_in_beats
    options = []
    original = inrender.video_options
    monkeypatch.setattr(inrender, "video_options", lambda *args: options.append(original(*args)) or options[-1])

    def make_webm(folder, threads):
        folder.mkdir()
        staged = {kind: folder / f"clip.{kind}" for kind in webfiles.KINDS}
        webfiles.make_files(video, [], staged, {"webm"}, None, "clip", found, folder,
                            webfiles.Steps(lambda command: subprocess.run(command, check=True, timeout=60),
                                           lambda name: None, lambda: threads), manifest, narrated=False)
        return staged["webm"]

    alone = make_webm(tmp_path / "alone", 0)
    assert [option["svtav1-params"] for option in options] == ["lp=0:scm=1"] * len(found)
    shared = make_webm(tmp_path / "shared", 1)
    assert [option["svtav1-params"] for option in options[len(found):]] == ["lp=1:scm=1"] * len(found)
    assert packets(shared) == packets(alone)


def test_the_av1_encoder_says_nothing_unless_something_fails(tmp_path):
    """SVT-AV1's banner would bury the line that says why a step failed (render.sh shows it)."""
    command = [*encode.FFMPEG, "-f", "lavfi", "-i", "testsrc=size=64x64:rate=10:duration=0.5",
               *encode.webm_video(64, 10), str(tmp_path / "a.webm")]
    result = subprocess.run(command, env=encode.environment(), capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


def test_the_loudness_gain_leaves_room_for_what_opus_adds_to_the_peak(tmp_path, monkeypatch):
    src = tmp_path / "clip.mp4"
    subprocess.run([*encode.FFMPEG, "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "aac", str(src)],
                   check=True)
    opus = tmp_path / "sound.webm"
    opus_peaks = [-0.8, -1.3]        # the Opus track's true peak at the first gain, then at the lowered one
    measured = []

    def fake_loudness(path, dual_mono=False):
        assert path == src and dual_mono     # the mono sound as a player plays it, from both speakers
        return -18.2, -4.5           # the render: +2.2 dB brings it to −16 LUFS, peak −2.3

    def fake_true_peaks(paths):
        for path in paths:
            measured.append(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_name",
                                            "-of", "csv=p=0", str(path)], capture_output=True, text=True).stdout.strip())
        return [opus_peaks[len(measured) - 1]]

    monkeypatch.setattr(encode, "loudness", fake_loudness)
    monkeypatch.setattr(encode, "true_peaks", fake_true_peaks)
    assert encode.web_sound(src, opus) == pytest.approx(2.2 - 0.4 - 0.05)   # lowered by the excess, once
    assert measured == ["opus", "opus"]
    monkeypatch.setattr(encode, "true_peaks", lambda paths: [-2.0] * len(paths))
    assert encode.web_sound(src, opus) == pytest.approx(2.2)     # under the ceiling: the gain as it was


def test_the_webm_is_joined_with_the_sound_track_as_encoded():
    command = beats.join_pieces(Path("LIST"), Path("IN.mp4"), Path("OUT.webm"), 1.5, Path("SOUND.webm"))
    assert command[command.index("-c") + 1] == "copy" and "SOUND.webm" in command and "IN.mp4" not in command


def test_true_peaks_are_measured_in_one_run_each_as_ebur128_measures_it_alone(tmp_path):
    paths = []
    for n, volume in enumerate([0.5, 0.1, 0.9]):
        paths.append(tmp_path / f"{n}.wav")
        subprocess.run([*encode.FFMPEG, "-f", "lavfi", "-i", "sine=frequency=440:duration=0.5",
                        "-af", f"volume={volume}", str(paths[-1])], check=True)
    assert encode.true_peaks(paths) == [voice.loudness(path)[1] for path in paths]


def test_each_beats_sound_is_the_clips_own_packets_cut_in_the_pause_before_it(clip_in_beats, tmp_path):
    """A tone starts with each beat, as a line is spoken from its beat's first frame."""
    video, manifest, found = clip_in_beats
    spoken = tmp_path / "spoken.mp4"
    tones = "+".join(f"between(t,{beat.start},{beat.start + 0.5})" for beat in found)
    subprocess.run([*encode.FFMPEG, "-i", str(video), "-f", "lavfi",
                    "-i", f"aevalsrc=exprs='0.5*sin(2*PI*440*t)*({tones})':s=48000:d=4", "-map", "0:v", "-map", "1:a",
                    "-c:v", "copy", "-c:a", "alac", "-shortest", str(spoken)], check=True)
    shutil.copyfile(manifest, spoken.with_suffix(".beats.json"))
    made, _ = make((spoken, spoken.with_suffix(".beats.json"), found), tmp_path / "out",
                   {"mp4", "webm", "beats"}, gain=0.0)
    for kind in ("mp4", "webm"):
        cut = [made[f"beats/clip-{beat.number:02d}.{kind}"] for beat in found]
        assert "".join(stream_packets(path, "a") for path in cut) == stream_packets(made[kind], "a"), kind   # each once
        for path, beat in zip(cut, found, strict=True):
            # as long as the beat, give or take the pause moved to the next and a packet (the last runs on)
            assert sound_of(path) == (("aac" if kind == "mp4" else "opus"),
                                      pytest.approx(beat.duration, abs=beats.SOUND_LEAD + 0.025))
            onset = tone_onset(path)
            if beat.start > 0:   # the tone whole, after a moment of the pause before it
                assert 0.015 < onset <= beats.SOUND_LEAD + 0.01, path.name
            assert stream_packets(path, "v") in stream_packets(made[kind], "v"), path.name   # the clip's picture, cut


def stream_packets(path, stream):
    """The `stream` ("v" or "a") packets' hashes, one a line, in order, without their times (a
    beat starts at 0) or side data (the clip's first AAC packet is marked as the encoder's
    delay, to be skipped; its beat's plays it)."""
    lines = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", f"0:{stream}", "-c", "copy", "-f",
                            "framemd5", "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    return "".join(line.split(",")[5].strip() + "\n" for line in lines if not line.startswith("#"))


def tone_onset(path):
    """When a file's sound first passes −30 dBFS, in seconds, as a player decodes it."""
    return int(np.argmax(np.abs(sound_samples(path)) > 10 ** (-30 / 20))) / voice.SAMPLE_RATE


def sound_of(path):
    """(codec, seconds) of a file's sound."""
    info = json.loads(subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a", "-show_entries",
                                      "stream=codec_name:format=duration", "-of", "json", str(path)],
                                     capture_output=True, text=True, check=True).stdout)
    return info["streams"][0]["codec_name"], float(info["format"]["duration"])
