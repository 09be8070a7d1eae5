"""Narration: every beat has lines to read and to hear, the voice sets the pace, captions are what is said."""

import wave

import numpy as np
import pytest
from manim import Circle, Create, FadeOut, tempconfig

from loglesson import narration, voice
from loglesson.catalog import available_scenes
from loglesson.narration import Line
from loglesson.scene import BREATH, END_HOLD, GAP, MIN_CUE, LessonScene
from loglesson.text import LANGUAGES, Words, table

SCENES = available_scenes()


def beat_keys(scene: str, lang: str) -> list[str]:
    prefix = f"{scene}.beat."
    return [key[len(prefix):] for key in table(lang) if key.startswith(prefix)]


def lines_of(scene: str, lang: str) -> list[tuple[str, Line]]:
    """(beat, line) of every beat in the assets, each placeholder filled with a number."""
    import string

    words = Words(lang)
    found = []
    for key in beat_keys(scene, lang):
        raw = [words.value(f"{scene}.{table_name}.{key}") for table_name in ("beat", "say")
               if f"{scene}.{table_name}.{key}" in words]
        texts = [text for value in raw for text in ((value,) if isinstance(value, str) else value)]
        names = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
        found += [(key, line) for line in narration.beat_lines(words, scene, key, **dict.fromkeys(names, 2))]
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("scene", SCENES)
def test_every_beat_line_fits_a_two_line_cue_in_unicode_and_is_speakable(scene, lang):
    found = [f"{key}: {problem}" for key, line in lines_of(scene, lang)
             for problem in narration.problems(line, lang)]
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("scene", SCENES)
def test_spoken_lines_belong_to_a_beat(scene, lang):
    said = {key.split(".", 2)[2] for key in table(lang) if key.startswith(f"{scene}.say.")}
    assert said <= set(beat_keys(scene, lang))


def test_a_spoken_line_with_maths_is_refused():
    assert narration.problems(Line("log₂ 8 = 3", "log₂ 8 = 3"), "en")
    assert narration.problems(Line("log_2 8 = 3", "log base 2 of 8 is 3"), "en")
    assert narration.problems(Line("log₂ 8 = 3", "log base 2 of 8 is 3"), "en") == []


def test_captions_wrap_to_at_most_two_balanced_lines():
    text = "The logarithm asks the reverse question: how many 2s multiplied make 8?"
    shown = narration.balanced(text, "en").split("\n")
    assert len(shown) == 2 and all(len(line) <= narration.LINE_WIDTH["en"] for line in shown)
    assert " ".join(shown) == text
    japanese = narration.balanced("対数は逆を問います。2 を何個掛け合わせると 8 になるか？", "ja").split("\n")
    assert japanese == ["対数は逆を問います。", "2 を何個掛け合わせると 8 になるか？"]


@pytest.mark.parametrize("text, lines", [
    # inside brackets the formula would read as two: after them, though less balanced
    ("Each step adds η × its pull, −(yₖ − tₖ), to every score zₖ; here η = 0.5.",
     ["Each step adds η × its pull, −(yₖ − tₖ),", "to every score zₖ; here η = 0.5."]),
    # never beside an operator ("Δb =" / "η × …"), even where the lines would be most even
    ("Δb = η × the mean pull; Δw = η × the mean of pull × x.", ["Δb = η × the mean pull;", "Δw = η × the mean of pull × x."]),
    # at a pause when it costs little balance
    ("The logarithm asks the reverse question: how many 2s multiplied make 8?",
     ["The logarithm asks the reverse question:", "how many 2s multiplied make 8?"]),
    # a function keeps its argument: not "log" / "2"
    ("Each point's loss is then −log ½ = log 2 ≈ 0.693, and so is their mean L.",
     ["Each point's loss is then −log ½ =", "log 2 ≈ 0.693, and so is their mean L."]),
    # a word leaning on the next one does not end the line ("does the" / "same")
    ("Each step after it does the same with its own pulls.", ["Each step after it does", "the same with its own pulls."]),
    # and where nothing better fits, still two lines that fit
    ("x = yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy + zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", ["x = yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "+ zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"]),
])
def test_english_captions_break_at_a_pause_and_never_inside_a_formula(text, lines):
    assert narration.balanced(text, "en").split("\n") == lines


@pytest.mark.parametrize("text, lines", [
    # never a full stop alone, never inside a word: after the comma, or after a particle
    ("2クラスでは、正解ラベル t は 0 か 1 です。", ["2クラスでは、", "正解ラベル t は 0 か 1 です。"]),
    ("各ステップで w と b を勾配の逆向きに動かし、矢印が曲線を引きます。",
     ["各ステップで w と b を勾配の逆向きに", "動かし、矢印が曲線を引きます。"]),
    # never inside a formula
    ("映った点 (8, 3) は y = log₂ x 上にあり、log₂ 8 = 3 です。", ["映った点 (8, 3) は y = log₂ x 上にあり、", "log₂ 8 = 3 です。"]),
])
def test_japanese_captions_break_where_a_reader_expects(text, lines):
    assert narration.balanced(text, "ja").split("\n") == lines


# --- the real engines ----------------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "The logarithm asks: how many twos make eight?"),
    ("ja", "2 を何個掛け合わせると 8 になる？"),
])
def test_each_engine_speaks_offline_at_the_lessons_loudness(lang, text, tmp_path, monkeypatch):
    monkeypatch.setenv("LESSON_SPEECH_CACHE", str(tmp_path))
    voice.engine(lang).check()
    spoken = voice.speak(text, lang)
    with wave.open(str(spoken.path)) as f:
        assert (f.getframerate(), f.getnchannels()) == (voice.SAMPLE_RATE, 1)
    assert 1.0 < spoken.duration < 8.0
    level, peak = voice.loudness(spoken.path)
    assert level == pytest.approx(voice.LOUDNESS_LUFS, abs=1.0) and peak <= voice.TRUE_PEAK_DB + 0.2
    again = voice.speak(text, lang)
    assert again.path == spoken.path and len(list(tmp_path.glob("*.wav"))) == 1   # cached, not spoken twice


def test_open_jtalk_reads_nankai_and_the_lessons_terms():
    phonemes = voice.engine("ja").phonemes("何回掛けると、てい と真数と対数")
    assert phonemes.startswith("ナンカイ")
    assert "テイ" in phonemes and "シンス" in phonemes and "タイス" in phonemes
    # 底 on its own is read ソコ: spoken lines write てい, and the check says so.
    assert "ソコ" in voice.engine("ja").phonemes("底と真数")
    assert narration.problems(Line("底は 2", "底は2"), "ja")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("scene", SCENES)
def test_every_beat_line_is_spoken_by_the_real_engine(scene, lang):
    """Each line of the lesson, as the engine says it (from the speech cache after the first run)."""
    for key, line in lines_of(scene, lang):
        spoken = voice.speak(line.say, lang)
        assert spoken.duration > 0.3, (key, line.say)


def test_a_missing_engine_is_one_line_naming_the_package(monkeypatch):
    monkeypatch.setattr(voice.shutil, "which", lambda name: None)
    with pytest.raises(voice.VoiceError, match=r"festival is missing \(scripts/setup.sh installs it"):
        voice.engine("en").check()


# --- the voice sets the pace (a small scene, a fake engine with known lengths) ---------------

SPEECH_SECONDS = {"one": 2.0, "two": 0.4, "three": 1.5}


class Paced(LessonScene):
    scene_name = "exponent"

    def construct(self):
        self.spoken = {"b": 2, "b3": 8}      # what exponent's beat titles name
        self.beat("multiply")
        circle = Circle()
        self.play(Create(circle), run_time=0.5)
        self.cue()
        self.play(FadeOut(circle), run_time=3.0)
        self.beat("power")
        self.play(Create(Circle()), run_time=0.2)


@pytest.fixture
def paced(monkeypatch, tmp_path):
    lines = {"multiply": ["one", "two"], "power": ["three"]}
    monkeypatch.setattr(narration, "beat_lines",
                        lambda words, scene, key, **values: [Line(t.upper(), t) for t in lines[key]])
    monkeypatch.setattr(voice.Festival, "check", lambda self: None)

    def fake_speak(text, lang):
        path = tmp_path / f"{text}.wav"
        with wave.open(str(path), "wb") as f:
            f.setnchannels(1), f.setsampwidth(2), f.setframerate(8000)
            f.writeframes(np.zeros(int(8000 * SPEECH_SECONDS[text]), "<i2").tobytes())
        return voice.Speech(path, SPEECH_SECONDS[text])

    monkeypatch.setattr(voice, "speak", fake_speak)
    with tempconfig({"dry_run": True, "frame_rate": 15, "media_dir": str(tmp_path), "verbosity": "WARNING"}):
        scene = Paced(params={}, lang="en", skip_animations=True)
        scene.render()
        captions = list(scene.renderer.file_writer.subcaptions)
        return scene, captions


def test_a_line_waits_for_the_one_before_it_and_a_beat_for_its_last_line(paced):
    scene, _ = paced
    one, two, three = scene.lines
    # "two" is cued after a 0.5 s animation, but "one" lasts 2 s: the picture held until then.
    assert two.start == pytest.approx(one.start + one.duration + GAP, abs=1 / 15)
    # the next beat starts only after "two" has been heard, plus a breath.
    assert three.start >= two.start + two.duration + BREATH - 1e-6
    assert [line.say for line in scene.lines] == ["one", "two", "three"]


def test_the_animations_keep_their_length_and_the_clip_ends_on_a_held_picture(paced):
    scene, _ = paced
    one, two, three = scene.lines
    # FadeOut's 3 s ran after "two" was cued: the beat lasted its animations, longer than its speech.
    assert three.start >= two.start + 3.0 - 1e-6
    assert scene.renderer.time >= three.start + 0.2 + END_HOLD - 1e-6
    assert scene.renderer.time >= three.start + three.duration + BREATH - 1e-6


def test_captions_are_the_shown_lines_in_order_each_while_its_words_are_spoken(paced):
    scene, captions = paced
    assert [c.content for c in captions] == ["ONE", "TWO", "THREE"]
    for caption, line in zip(captions, scene.lines):
        start, end = caption.start.total_seconds(), caption.end.total_seconds()
        assert start == pytest.approx(line.start, abs=1e-3)
        assert end >= min(line.start + line.duration, scene.renderer.time) - 1e-3
        assert end - start >= MIN_CUE - 1e-3
    assert all(a.end <= b.start for a, b in zip(captions, captions[1:]))


