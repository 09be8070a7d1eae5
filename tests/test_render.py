"""render.sh: web files that play, captions timed to the video, skipped when up to date, safe on faults.

One real render per session (the `rendered` fixture, Japanese at 480p15 with pace 0.25, so
the language is seen to reach every file); everything else reads its files, calls the
stamp decision directly, or fails before rendering.
"""

import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import audio_channels, sound_samples
from frames import draw_only_when_asked
from loglesson import catalog, lesson, narration, voice
from loglesson.catalog import available_scenes
from loglesson.paths import ROOT
from loglesson.publish import beats, encode
from loglesson.publish.captions import parse_vtt
from loglesson.publish.pipeline import Clip, inputs, make_clips, read_stamp, reason_to_render, remembered_time
from loglesson.text import Words

LANG = "ja"
FPS = 15
SCENE = "exponent" if "exponent" in available_scenes() else next(iter(available_scenes()), None)
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(SCENE is None, reason="no scene file exists yet")


def run_render(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loglesson.publish.render", *args], cwd=ROOT, capture_output=True,
        text=True, timeout=timeout, env=env,
    )


def ffprobe(path, *entries) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", ":".join(entries), "-of", "json", str(path)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def video_stream(path) -> dict:
    return ffprobe(path, "stream=codec_name,pix_fmt,width,height,avg_frame_rate")["streams"][0]


def top_level_atoms(path) -> list[str]:
    """The names of an MP4's top-level boxes, in file order."""
    names, data, at = [], Path(path).read_bytes(), 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        names.append(data[at + 4:at + 8].decode("latin-1"))
        if size == 1:
            size = int.from_bytes(data[at + 8:at + 16], "big")
        if size < 8:
            break
        at += size
    return names


def moov_before_mdat(path) -> bool:
    atoms = top_level_atoms(path)
    return "moov" in atoms and "mdat" in atoms and atoms.index("moov") < atoms.index("mdat")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One real render of SCENE, then the same command again (which must skip it)."""
    out = tmp_path_factory.mktemp("out")
    command = [SCENE, "--lang", LANG, "--set", "pace=0.25", "--out", str(out)]
    first = run_render(*command)
    assert first.returncode == 0, first.stdout + first.stderr
    folder = out / LANG / "480p15"
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    started = time.monotonic()
    second = run_render(*command)
    seconds = time.monotonic() - started
    after = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    return SimpleNamespace(out=out, folder=folder, first=first, second=second,
                           second_seconds=seconds, unchanged=before == after)


@pytest.fixture(scope="module")
def dry_run(rendered):
    """The scene built with these parameters, from a dry run (no video written)."""
    from manim import tempconfig

    from loglesson.catalog import scene_class

    media = rendered.out / ".work" / LANG / "480p15" / SCENE / "media"  # its formulas are typeset
    with tempconfig({"dry_run": True, "progress_bar": "none", "verbosity": "WARNING", "frame_rate": FPS,
                     "media_dir": str(media)}):
        scene = scene_class(SCENE)(params={"pace": 0.25, "voice": "off"}, lang=LANG, skip_animations=True)
        draw_only_when_asked(scene)   # its lines and titles are read, not its pictures
        scene.render()
    return scene


@pytest.fixture(scope="module")
def spoken(dry_run):
    """The lines the scene speaks with these parameters."""
    return dry_run.lines


@pytest.fixture(scope="module")
def cues(rendered):
    return parse_vtt((rendered.folder / f"{SCENE}.vtt").read_text(encoding="utf-8"))


def duration(path) -> float:
    return float(ffprobe(path, "format=duration")["format"]["duration"])


# --- the files of one clip ------------------------------------------------------------------

def test_every_output_is_written_to_the_flat_language_and_quality_folder(rendered):
    names = {p.name for p in rendered.folder.iterdir() if not p.name.startswith(".")}
    expected = {f"{SCENE}.{kind}" for kind in ("mp4", "webm", "gif", "png", "vtt", "chapters.vtt")}
    assert names == expected | {"lesson.mp4", "index.html", "slides.html", "slides.pdf", "beats"}


def test_mp4_is_h264_yuv420p_with_its_index_before_the_data(rendered):
    mp4 = rendered.folder / f"{SCENE}.mp4"
    stream = video_stream(mp4)
    assert (stream["codec_name"], stream["pix_fmt"]) == ("h264", "yuv420p")
    assert moov_before_mdat(mp4), top_level_atoms(mp4)


def test_webm_is_av1_yuv420p_of_the_same_length(rendered):
    webm = rendered.folder / f"{SCENE}.webm"
    stream = video_stream(webm)
    assert (stream["codec_name"], stream["pix_fmt"]) == ("av1", "yuv420p")
    assert duration(webm) == pytest.approx(duration(rendered.folder / f"{SCENE}.mp4"), abs=2 / FPS)


def audio_codecs(path) -> list[str]:
    return [s["codec_name"] for s in ffprobe(path, "stream=codec_type,codec_name")["streams"]
            if s.get("codec_type") == "audio"]


def test_narration_is_aac_in_mp4_opus_in_webm_one_track_in_the_lesson_and_none_in_the_gif(rendered):
    assert audio_codecs(rendered.folder / f"{SCENE}.mp4") == ["aac"]
    assert audio_codecs(rendered.folder / f"{SCENE}.webm") == ["opus"]
    assert audio_codecs(rendered.folder / "lesson.mp4") == ["aac"]
    assert audio_codecs(rendered.folder / f"{SCENE}.gif") == []
    assert audio_channels(rendered.folder / "lesson.mp4") == [1]     # one voice, mono


@pytest.mark.parametrize("kind", ["mp4", "webm"])
def test_narration_is_one_mono_voice_at_web_loudness_as_heard_from_two_speakers(rendered, kind):
    path = rendered.folder / f"{SCENE}.{kind}"
    assert audio_channels(path) == [1]
    level, peak = voice.loudness(path, dual_mono=True)
    assert level == pytest.approx(-16.0, abs=1.0)
    assert peak <= -1.0


def speech_onsets(path) -> list[float]:
    """Moments where sound starts after at least 0.15 s of silence (and 0 if it starts at once)."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-map", "0:a:0",
         "-af", "silencedetect=n=-45dB:d=0.15", "-f", "null", "-"],
        capture_output=True, text=True,
    )
    starts = [float(m) for m in re.findall(r"silence_start: (-?[\d.]+)", result.stderr)]
    ends = [float(m) for m in re.findall(r"silence_end: ([\d.]+)", result.stderr)]
    return ([0.0] if not starts or starts[0] > 0.05 else []) + ends


def test_speech_starts_within_a_few_frames_of_each_cue(rendered, cues):
    onsets = speech_onsets(rendered.folder / f"{SCENE}.mp4")
    late = [(cue.start, cue.text) for cue in cues
            if not any(abs(onset - cue.start) <= 3 / FPS for onset in onsets)]
    assert late == [], f"speech onsets: {onsets}"


def test_gif_is_at_most_480_wide_at_10_to_15_frames_a_second(rendered):
    gif = rendered.folder / f"{SCENE}.gif"
    stream = video_stream(gif)
    assert stream["codec_name"] == "gif" and stream["width"] <= 480
    # A held picture is stored once: each frame starts on a tick of the GIF's clock, and the
    # shortest lasts one tick.
    ticks = [t * encode.GIF_FPS for t in stored_times(gif)]
    assert 10 <= encode.GIF_FPS <= 15 and all(abs(k - round(k)) < 0.15 for k in ticks)
    assert min(b - a for a, b in zip(ticks, ticks[1:])) == pytest.approx(1, abs=0.15)


def test_poster_is_a_full_size_png_frame(rendered):
    stream = video_stream(rendered.folder / f"{SCENE}.png")
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("png", 854, 480)


def test_captions_are_webvtt_with_one_cue_per_spoken_line_in_at_most_two_lines(rendered, cues, spoken):
    assert (rendered.folder / f"{SCENE}.vtt").read_text(encoding="utf-8").startswith("WEBVTT\n")
    assert len(spoken) > 1
    assert [cue.text for cue in cues] == [narration.balanced(line.show, LANG) for line in spoken]
    assert all(len(cue.text.split("\n")) <= 2 for cue in cues)


def test_caption_times_run_forward_without_overlap(cues):
    for cue in cues:
        assert 0 <= cue.start < cue.end
    for earlier, later in zip(cues, cues[1:]):
        assert earlier.end <= later.start + 1e-3


def test_captions_are_in_the_chosen_language(cues):
    for cue in cues:
        assert cue.text.strip() and JAPANESE.search(cue.text), cue.text


def test_last_caption_ends_inside_the_video_which_holds_its_last_picture(rendered, cues):
    from loglesson.scene import END_HOLD

    assert cues[-1].end <= duration(rendered.folder / f"{SCENE}.mp4") + 1 / FPS
    assert duration(rendered.folder / f"{SCENE}.mp4") >= END_HOLD


# --- the lesson and the page -----------------------------------------------------------------

def test_lesson_mp4_has_a_chapter_per_clip_titled_in_the_clips_language(rendered):
    lesson = rendered.folder / "lesson.mp4"
    chapters = ffprobe(lesson, "chapter=start_time,end_time:chapter_tags=title").get("chapters", [])
    title_key = f"{SCENE}.title"
    words = Words(LANG)
    expected = "".join(words[title_key].splitlines()) if title_key in words else SCENE
    assert [c["tags"]["title"] for c in chapters] == [expected]
    assert float(chapters[0]["end_time"]) == pytest.approx(duration(lesson), abs=2 / FPS)
    assert moov_before_mdat(lesson)


def test_page_is_in_the_clips_language_with_relative_paths_and_an_escaped_snippet(rendered):
    page = (rendered.folder / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{LANG}">' in page
    links = re.findall(r'(?:src|href|poster)="([^"]*)"', page)
    assert links and all(re.fullmatch(r"#?[\w.-]+(/[\w.-]+)?", link) or link.startswith("data:text/vtt;")
                         for link in links)
    snippet = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1))
    assert snippet.startswith(f'<video controls preload="metadata" poster="{SCENE}.png"')
    assert re.search(rf'<source src="{SCENE}.webm" type="video/webm; codecs=&quot;av01\.0\.\d\dM\.08, opus&quot;">',
                     snippet)
    assert f'<source src="{SCENE}.mp4" type="video/mp4">' in snippet
    assert f'<track kind="captions" src="{SCENE}.vtt" srclang="{LANG}"' in snippet and " default>" in snippet
    assert 'class="copy"' in page


PROBE = """<script>
const seen = new Set();
for (const v of document.querySelectorAll("video")) v.addEventListener("loadedmetadata", () => seen.add(v));
setTimeout(() => {
  const rows = [...document.querySelectorAll("video")].map(v => ({
    metadata: seen.has(v) || v.readyState >= 1,
    source: v.currentSrc.split("/").pop(),
    tracks: [...v.textTracks].map(t => ({kind: t.kind, language: t.language, cues: t.cues ? t.cues.length : -1})),
  }));
  const out = document.createElement("pre");
  out.id = "probe";
  out.textContent = JSON.stringify(rows);
  document.body.append(out);
}, 3000);
</script>"""


def test_page_opened_from_the_file_system_loads_every_video_with_its_captions(rendered, tmp_path, spoken):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is needed: scripts/setup.sh --test installs it"
    page = (rendered.folder / "index.html").read_text(encoding="utf-8")
    probe = rendered.folder / "probe.html"  # beside the page, so its relative paths hold
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path}", "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()],
            capture_output=True, text=True, timeout=60,
        )
    finally:
        probe.unlink()
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    rows = json.loads(found.group(1).replace("&quot;", '"'))
    assert len(rows) == 1
    for row in rows:
        assert row["metadata"]
        assert row["source"] == f"{SCENE}.webm"   # the browser plays the AV1 WebM, not the MP4 fallback
        assert [(t["kind"], t["language"]) for t in row["tracks"]] == [("captions", LANG), ("chapters", LANG)]
        assert row["tracks"][0]["cues"] == len(spoken)  # the file:// fallback carries every cue


# --- up to date ------------------------------------------------------------------------------

def test_second_run_with_nothing_changed_skips_the_clip_in_about_a_second(rendered):
    assert rendered.second.returncode == 0, rendered.second.stderr
    assert f"{SCENE} ({LANG}): up to date" in rendered.second.stdout
    assert "made 0 clips, 1 up to date" in rendered.second.stdout
    assert rendered.unchanged
    assert rendered.second_seconds < 3


def clip_like(rendered, **changes) -> Clip:
    stamp = read_stamp(rendered.folder / f".{SCENE}.stamp.json")
    values = {**stamp["inputs"]["parameters"], **changes.pop("values", {})}
    fields = dict(scene=SCENE, lang=LANG, quality="l", values=tuple(sorted(values.items())),
                  settings=(), title=stamp["title"], out=rendered.out)
    return Clip(**{**fields, **changes})


def decision(clip: Clip) -> str | None:
    return reason_to_render(read_stamp(clip.stamp_path), inputs(clip), clip.folder)


def test_stamp_of_the_rendered_clip_says_up_to_date(rendered):
    assert decision(clip_like(rendered)) is None


def test_the_time_the_clip_took_is_remembered_for_a_first_run_into_another_folder(rendered):
    spent = read_stamp(rendered.folder / f".{SCENE}.stamp.json")["seconds"]["all"]
    assert remembered_time(clip_like(rendered)) == pytest.approx(spent, abs=0.01)
    assert remembered_time(clip_like(rendered, out=rendered.out / "another")) == pytest.approx(spent, abs=0.01)


def test_the_webm_was_made_in_the_render_from_manims_own_frames(rendered):
    assert read_stamp(rendered.folder / f".{SCENE}.stamp.json")["webm made"] == "in the render"


def test_changed_parameter_renders_the_clip_again(rendered):
    assert decision(clip_like(rendered, values={"pace": 0.5})) == "parameters changed"


def test_other_quality_or_language_has_no_stamp_yet(rendered):
    assert decision(clip_like(rendered, quality="m")) == "not rendered yet"
    assert decision(clip_like(rendered, lang="en" if LANG == "ja" else "ja")) == "not rendered yet"


def test_changed_inputs_are_named():
    stamp = {"inputs": {"kit": "a", "manim": "0.22.0"}, "outputs": {"x.mp4": 1}}
    assert reason_to_render(stamp, {"kit": "b", "manim": "0.22.0"}, Path("/nonexistent")) == "kit changed"
    assert reason_to_render(stamp, {"kit": "a", "manim": "0.23.0"}, Path("/nonexistent")) == "manim changed"


def test_missing_or_altered_output_renders_the_clip_again(tmp_path):
    (tmp_path / "x.mp4").write_bytes(b"12345")
    now = {"kit": "a"}
    stamp = {"inputs": now, "outputs": {"x.mp4": 5, "x.webm": 3}}
    assert reason_to_render(stamp, now, tmp_path) == "x.webm is missing"
    (tmp_path / "x.webm").write_bytes(b"123")
    assert reason_to_render(stamp, now, tmp_path) is None
    (tmp_path / "x.mp4").write_bytes(b"1234")
    assert reason_to_render(stamp, now, tmp_path) == "x.mp4 was changed"


def test_only_the_clip_whose_parameter_changed_renders_again(tmp_path):
    now = {"parameters": {"base": 2.0}}
    (tmp_path / "a.mp4").write_bytes(b"1")
    stamps = {
        "inverse": {"inputs": {"parameters": {"base": 2.0}}, "outputs": {"a.mp4": 1}},
        "tangent": {"inputs": {"parameters": {"base": 3.0}}, "outputs": {"a.mp4": 1}},
    }
    reasons = {scene: reason_to_render(stamp, now, tmp_path) for scene, stamp in stamps.items()}
    assert reasons == {"inverse": None, "tangent": "parameters changed"}


def test_manim_run_from_the_project_does_not_ask_pypi_for_a_newer_version():
    """Every Manim run would otherwise wait on the network (up to 10 s where requests are dropped)."""
    from manim._config.utils import make_config_parser

    assert make_config_parser(ROOT / "manim.cfg")["CLI"].getboolean("notify_outdated_version") is False


# --- stamps hash what a clip depends on ------------------------------------------------------

from loglesson.publish import pipeline, sources, webfiles  # noqa: E402


def test_a_scenes_sources_are_the_kit_modules_it_imports_and_no_publishing_module():
    kit = ROOT / "scenes" / "loglesson"
    found = set(sources.kit_modules(catalog.scene_file("inverse")))
    assert {kit / "labels.py", kit / "manim_internals.py", kit / "scene.py", kit / "maths.py"} <= found
    assert not any(path.is_relative_to(kit / "publish") for path in found)
    assert kit / "labels.py" not in set(sources.kit_modules(catalog.scene_file("exponent")))


def names_parsed(path, root):
    """What Python's own parser says the file's import statements may load (sources.imported_names)."""
    import ast

    package = list(path.relative_to(root).with_suffix("").parts)[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
    return frozenset(name for name in names if name)


def test_the_import_reader_finds_what_pythons_parser_finds(tmp_path):
    scenes = ROOT / "scenes"
    for path in sorted(scenes.rglob("*.py")):
        assert sources.imported_names(path, scenes) == names_parsed(path, scenes), path
    odd = tmp_path / "kit" / "sub" / "odd.py"
    odd.parent.mkdir(parents=True)
    odd.write_text("import a.b as c, d  # two\nfrom .. import (e,  # one\n    f as g,\n)\n"
                   "def h():\n    from .i.j import k; import l\n", encoding="utf-8")
    assert sources.imported_names(odd, tmp_path) == names_parsed(odd, tmp_path)


@pytest.fixture
def scenes_copy(tmp_path, monkeypatch):
    """A copy of scenes/ that the stamp reads instead, to edit without touching the project."""
    copy = tmp_path / "scenes"
    shutil.copytree(ROOT / "scenes", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(catalog, "SCENES_DIR", copy)
    return copy


def touch(path: Path) -> None:
    path.write_text(path.read_text() + "\n# edited\n")


def test_scene_code_changes_when_a_kit_module_the_scene_imports_changes(scenes_copy):
    before = {scene: pipeline.scene_code_digest(scene) for scene in ("inverse", "exponent")}
    touch(scenes_copy / "loglesson" / "labels.py")
    assert pipeline.scene_code_digest("inverse") != before["inverse"]
    assert pipeline.scene_code_digest("exponent") == before["exponent"]  # it does not import labels


def test_scene_code_changes_with_a_module_imported_only_through_another(scenes_copy):
    before = pipeline.scene_code_digest("tangent")
    touch(scenes_copy / "loglesson" / "manim_internals.py")   # tangent -> live -> manim_internals
    assert pipeline.scene_code_digest("tangent") != before


@pytest.mark.parametrize("module", ["article.py", "pipeline.py", "encode.py", "render.py", "captions.py"])
def test_publishing_changes_do_not_change_the_scene_code(scenes_copy, module):
    before = [pipeline.scene_code_digest(scene) for scene in lesson.scene_names()]
    touch(scenes_copy / "loglesson" / "publish" / module)
    assert [pipeline.scene_code_digest(scene) for scene in lesson.scene_names()] == before


def test_words_of_another_scene_or_language_do_not_count():
    files = sources.word_files("inverse", "ja")
    assert [p.name for p in files] == ["inverse.toml", "common.toml"]
    assert all(p.parent.name == "ja" for p in files)


def stamp_with(now, folder, **changed):
    (folder / "x.mp4").write_bytes(b"1")
    return {"inputs": {**now, **changed}, "outputs": {"x.mp4": 1}}


def test_a_changed_encoder_remakes_only_its_file_and_a_changed_render_input_everything(tmp_path):
    now = {"scene code": "a", "gif encoding": "ffmpeg new", "captions": "c", "title": "T"}
    assert pipeline.outputs_to_remake(stamp_with(now, tmp_path, **{"gif encoding": "ffmpeg old"}),
                                      now, tmp_path) == {"gif"}
    assert pipeline.outputs_to_remake(stamp_with(now, tmp_path, captions="old"), now, tmp_path) == {"vtt"}
    assert pipeline.outputs_to_remake(stamp_with(now, tmp_path, **{"scene code": "b", "captions": "old"}),
                                      now, tmp_path) is None
    assert pipeline.outputs_to_remake(stamp_with(now, tmp_path), now, tmp_path) is None  # --force: render


def copy_with_the_gif_encoder_changed(rendered, tmp_path, monkeypatch) -> Clip:
    """The rendered clip, copied, while the GIF's encoder makes a smaller GIF than it was made with."""
    out = tmp_path / "out"
    shutil.copytree(rendered.out, out)
    clip = clip_like(rendered, out=out, settings=(("pace", "0.25"),))

    def smaller_gif(src, dst, gain=None, **picture):
        return [*pipeline.encode.gif(src, dst, gain, **picture)[:-1], "-vf", "fps=5,scale=160:-2", str(dst)]

    monkeypatch.setattr(webfiles, "ENCODES", tuple((k, smaller_gif if k == "gif" else c, s)
                                                   for k, c, s in webfiles.ENCODES))
    assert decision(clip) == "gif encoding changed"
    return clip


def test_a_changed_encoder_remakes_its_file_from_the_kept_render_without_manim(rendered, tmp_path, monkeypatch):
    clip = copy_with_the_gif_encoder_changed(rendered, tmp_path, monkeypatch)
    before = {kind: clip.file(kind).read_bytes() for kind in ("mp4", "webm", "png", "vtt")}
    gif_before = clip.file("gif").read_bytes()
    said = []
    (outcome,) = make_clips([clip], 1, say=lambda p, m: said.append(m), describe=lambda o: "")
    assert outcome.status == "made", outcome.error
    assert not any("rendering" in line for line in said) and "encoding gif…" in said
    assert not any("webm" in line or "mp4" in line for line in said)
    assert {kind: clip.file(kind).read_bytes() for kind in before} == before
    assert clip.file("gif").read_bytes() != gif_before
    assert decision(clip) is None


def test_force_renders_with_manim_even_when_only_an_encoder_changed(rendered, tmp_path, monkeypatch):
    clip = copy_with_the_gif_encoder_changed(rendered, tmp_path, monkeypatch)
    renders = []

    def manim(clip, runner, progress):   # stands in for Manim, stopping the clip when it is asked
        renders.append(clip.scene)
        raise webfiles.StepFailed("Manim was asked to render")

    monkeypatch.setattr(pipeline, "render_with_manim", manim)
    files = {kind: clip.file(kind).read_bytes() for kind in ("mp4", "webm", "gif", "png", "vtt")}
    said = []
    (outcome,) = make_clips([clip], 1, say=lambda p, m: said.append(m), describe=lambda o: "", force=True)
    assert renders == [SCENE] and "rendering…" in said
    assert (outcome.status, outcome.error) == ("failed", "Manim was asked to render")
    assert {kind: clip.file(kind).read_bytes() for kind in files} == files


# --- per-beat clips, the page's beats, slides --------------------------------------------------

def beat_files(rendered, kind):
    return sorted((rendered.folder / "beats").glob(f"{SCENE}-*.{kind}"))


def frame_at(path, seconds=None):
    import numpy as np

    seek = ["-ss", f"{seconds:.3f}"] if seconds is not None else []
    raw = subprocess.run(["ffmpeg", "-v", "error", *seek, "-i", str(path), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(480, 854, 3)


def test_every_beat_is_its_own_clip_cut_from_the_same_render(rendered, spoken):
    chapters = parse_vtt((rendered.folder / f"{SCENE}.chapters.vtt").read_text(encoding="utf-8"))
    keys = sorted({line.beat for line in spoken}, key=[line.beat for line in spoken].index)
    assert len(chapters) == len(keys) > 1
    for kind in ("mp4", "webm", "png", "vtt"):
        names = [p.name for p in beat_files(rendered, kind)]
        assert names == [f"{SCENE}-{n:02d}.{kind}" for n in range(1, len(keys) + 1)]
    lengths = [duration(p) for p in beat_files(rendered, "mp4")]
    assert sum(lengths) == pytest.approx(duration(rendered.folder / f"{SCENE}.mp4"), abs=len(lengths) / FPS)
    for path, chapter in zip(beat_files(rendered, "mp4"), chapters):
        assert duration(path) == pytest.approx(chapter.end - chapter.start, abs=1.5 / FPS)
        assert audio_codecs(path) == ["aac"] and moov_before_mdat(path)
    for path, chapter in zip(beat_files(rendered, "webm"), chapters):
        assert duration(path) == pytest.approx(chapter.end - chapter.start, abs=1.5 / FPS)
        assert audio_codecs(path) == ["opus"]


def test_the_clip_is_silent_where_its_sound_is_cut_for_its_beats(rendered):
    """A beat's sound is the clip's, cut SOUND_LEAD before the beat (beats.split_sound): each
    beat's line starts on its first frame, after a pause that covers the cut."""
    sound = abs(sound_samples(rendered.folder / f"{SCENE}.mp4"))
    rate = voice.SAMPLE_RATE
    chapters = parse_vtt((rendered.folder / f"{SCENE}.chapters.vtt").read_text(encoding="utf-8"))
    for chapter in chapters[1:]:
        before = sound[round((chapter.start - beats.SOUND_LEAD - 0.025) * rate):round((chapter.start - 0.001) * rate)]
        assert before.max() < 10 ** (-50 / 20), chapter.text


@pytest.mark.parametrize("kind", ["mp4", "webm"])
def test_no_beats_sound_peaks_past_the_webs_limit(rendered, kind):
    assert max(encode.true_peaks(beat_files(rendered, kind))) <= -1.0


def test_each_beat_starts_on_the_picture_its_beat_starts_from(rendered):
    import numpy as np

    chapters = parse_vtt((rendered.folder / f"{SCENE}.chapters.vtt").read_text(encoding="utf-8"))
    for path, chapter in zip(beat_files(rendered, "mp4"), chapters):
        first = frame_at(path).astype(int)
        full = frame_at(rendered.folder / f"{SCENE}.mp4", chapter.start + 0.01).astype(int)
        assert np.mean(np.abs(first - full) > 24) < 0.01, path.name


def packet_hashes(path) -> list[str]:
    """The MD5 of each video packet, as stored (nothing is decoded)."""
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v", "-c", "copy", "-f", "framemd5", "-"],
                         capture_output=True, text=True, check=True).stdout
    return [line.rsplit(",", 1)[1].strip() for line in out.splitlines() if not line.startswith("#")]


def stored_times(path) -> list[float]:
    """The times of the frames a video stores, in showing order (nothing is decoded)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time",
                          "-of", "csv=p=0", str(path)], capture_output=True, text=True, check=True).stdout
    return sorted(float(t) for t in out.split())


def test_the_webm_shows_each_frame_it_stores_at_its_own_time_leaving_out_only_held_ones(rendered):
    """Joined from pieces, the WebM's frames fall on the clip's frames; the frames it does not
    store are inside stretches the render held still, each refreshed a few times a second."""
    times = stored_times(rendered.folder / f"{SCENE}.webm")
    assert times[0] < 0.5 / FPS   # the sound's encoder may start the picture a few milliseconds in
    numbers = [round((t - times[0]) * FPS) for t in times]
    off = [(n, t) for n, t in zip(numbers, times) if abs(t - times[0] - n / FPS) > 0.002]
    assert not off, f"frames shown off their time (number, seconds): {off[:5]}"
    manifest = rendered.out / ".work" / LANG / "480p15" / SCENE / "render" / f"{SCENE}.beats.json"
    held = beats.read_held(manifest, FPS)
    frames, _ = beats.key_frames(rendered.folder / f"{SCENE}.mp4", FPS)
    left_out = set(range(frames)) - set(numbers)
    assert numbers[-1] == frames - 1       # the last frame is there: the picture lasts to the end
    assert left_out and left_out <= {n for stretch in held for n in stretch[1:]}
    every = encode.held_every(FPS)
    assert max(b - a for a, b in zip(numbers, numbers[1:])) <= every


def test_the_mp4_stores_each_held_picture_at_its_first_and_last_frame_and_every_other_frame(rendered):
    """Manim's H.264 leaves out only the frames inside a stretch the render held still: a player
    shows a frame until the next one's time, so the clip shows every frame, and lasts to the end."""
    times = stored_times(rendered.folder / f"{SCENE}.mp4")
    numbers = [round((t - times[0]) * FPS) for t in times]
    assert all(abs(t - times[0] - n / FPS) < 0.002 for n, t in zip(numbers, times))
    manifest = rendered.out / ".work" / LANG / "480p15" / SCENE / "render" / f"{SCENE}.beats.json"
    held = beats.read_held(manifest, FPS)
    inside = {n for stretch in held for n in stretch[1:-1]}
    assert inside and set(range(numbers[-1] + 1)) - set(numbers) == inside
    assert encode.probe(rendered.folder / f"{SCENE}.mp4")["duration"] == pytest.approx((numbers[-1] + 1) / FPS, abs=0.1)


@pytest.mark.parametrize("kind", ["mp4", "webm"])
def test_beat_pictures_are_the_clips_own_packets_not_encoded_again(rendered, kind):
    whole = packet_hashes(rendered.folder / f"{SCENE}.{kind}")
    joined = [h for path in beat_files(rendered, kind) for h in packet_hashes(path)]
    assert joined == whole


def test_beat_captions_are_the_clips_cues_inside_the_beat_timed_from_zero(rendered, cues, spoken):
    shown, firsts = [], []
    for path in beat_files(rendered, "vtt"):
        beat_cues = parse_vtt(path.read_text(encoding="utf-8"))
        assert beat_cues and beat_cues[0].start == pytest.approx(0, abs=0.05)
        firsts.append("".join(beat_cues[0].text.split()))      # a cue is its line wrapped
        shown += [cue.text for cue in beat_cues]
    assert shown == [cue.text for cue in cues]
    beat_keys = [line.beat for line in spoken]
    assert firsts == ["".join(spoken[beat_keys.index(key)].show.split())
                      for key in sorted(set(beat_keys), key=beat_keys.index)]


def test_chapters_are_named_by_the_beats_titles(rendered, dry_run):
    chapters = parse_vtt((rendered.folder / f"{SCENE}.chapters.vtt").read_text(encoding="utf-8"))
    assert [chapter.text for chapter in chapters] == dry_run.beat_titles
    assert len(set(dry_run.beat_titles)) == len(dry_run.beat_titles) > 1


def headless(tmp_path, page: Path, script: str) -> dict:
    """Open `page` in headless Chromium (network off, media may play) with `script` added; its JSON report."""
    probe = page.with_name(f"probe-{page.name}")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>"),
                     encoding="utf-8")
    try:
        result = subprocess.run(
            [shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--autoplay-policy=no-user-gesture-required", "--proxy-server=http://127.0.0.1:9",
             f"--user-data-dir={tmp_path / 'chromium'}", "--virtual-time-budget=15000", "--dump-dom",
             probe.as_uri()],
            capture_output=True, text=True, timeout=90,
        )
    finally:
        probe.unlink()
    found = re.search(r'<pre id="report">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    return json.loads(html.unescape(found.group(1)))


REPORT = """
function report(value) {
  const out = document.createElement("pre");
  out.id = "report";
  out.textContent = JSON.stringify(value);
  document.body.append(out);
}
"""


def test_the_pages_beat_links_seek_the_clip_to_each_beat(rendered, tmp_path):
    script = REPORT + """
    setTimeout(() => {
      const links = [...document.querySelectorAll("a.seek")];
      const video = document.querySelector("section.clip video");
      const seen = [];
      for (const link of links) { link.click(); seen.push([Number(link.dataset.time), video.currentTime]); }
      report({seen, transcript: document.querySelector("details.transcript p").textContent.length,
              chapters: [...video.textTracks].filter(t => t.kind === "chapters").length});
    }, 2000);
    """
    found = headless(tmp_path, rendered.folder / "index.html", script)
    chapters = parse_vtt((rendered.folder / f"{SCENE}.chapters.vtt").read_text(encoding="utf-8"))
    assert [round(wanted, 2) for wanted, _ in found["seen"]] == [round(c.start, 2) for c in chapters]
    assert all(abs(got - wanted) < 0.1 for wanted, got in found["seen"])
    assert found["chapters"] == 1 and found["transcript"] > 100


def test_slides_open_offline_one_per_beat_and_advancing_plays_the_next_beat(rendered, tmp_path):
    page = (rendered.folder / "slides.html").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=\"(https?:)?//", page)   # everything it loads lies beside it
    script = REPORT + """
    setTimeout(() => {
      const first = document.querySelector("section.slide.current").dataset.number;
      document.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowRight"}));
      setTimeout(() => {
        const now = document.querySelector("section.slide.current");
        const video = now.querySelector("video");
        report({count: document.querySelectorAll("section.slide").length, first, now: now.dataset.number,
                source: video.currentSrc.split("/").slice(-2).join("/"), playing: !video.paused,
                first_stopped: document.querySelector("section.slide video").paused,
                notes: now.querySelector("aside.notes").textContent.length});
      }, 3000);
    }, 1500);
    """
    found = headless(tmp_path, rendered.folder / "slides.html", script)
    assert found["count"] == len(beat_files(rendered, "mp4"))
    assert (found["first"], found["now"]) == ("1", "2")
    assert found["source"] == f"beats/{SCENE}-02.mp4" and found["playing"] and found["first_stopped"]
    assert found["notes"] > 0


def test_the_handout_has_a_page_per_beat(rendered):
    pdf = (rendered.folder / "slides.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == len(beat_files(rendered, "mp4"))
