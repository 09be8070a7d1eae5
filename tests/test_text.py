"""The language tables: same keys in every language, clear errors for what is missing."""

import pytest

from loglesson import text
from loglesson.text import LANGUAGES, TextError, Words


def written(lang):
    """Every key but the spoken forms ([say]): a language says a line differently where it needs to."""
    return {key for key in text.table(lang) if ".say." not in key}


def test_every_language_has_exactly_the_same_keys():
    english = written("en")
    for lang in LANGUAGES:
        assert written(lang) == english, f"{lang} differs from en"


def lines(value):
    return (value,) if isinstance(value, str) else value


def test_no_text_is_empty():
    for lang in LANGUAGES:
        empty = [key for key, value in text.table(lang).items() if not all(line.strip() for line in lines(value))]
        assert empty == [], f"{lang} has empty texts: {empty}"


def test_placeholders_match_across_languages():
    import string

    def fields(value):
        return sorted({name for line in lines(value) for _, name, _, _ in string.Formatter().parse(line) if name})

    english = text.table("en")
    for lang in LANGUAGES:
        for key in written(lang):
            assert fields(text.table(lang)[key]) == fields(english[key]), f"{lang}:{key}"


def test_japanese_table_holds_japanese():
    assert Words("ja")["common.lesson_title"] == "対数の微分"
    assert Words("en")["common.lesson_title"] == "The derivative of the logarithm"


def test_language_comes_from_lesson_lang(monkeypatch):
    monkeypatch.setenv("LESSON_LANG", "ja")
    assert Words().lang == "ja"
    monkeypatch.delenv("LESSON_LANG")
    assert Words().lang == "en"


def test_unknown_language_says_which_are_allowed(monkeypatch):
    monkeypatch.setenv("LESSON_LANG", "fr")
    with pytest.raises(TextError, match=r"unknown language 'fr': use one of en, ja"):
        Words()


def test_missing_key_names_the_file_to_fix():
    with pytest.raises(TextError, match=r"add nothing_here to assets/text/ja/common.toml"):
        Words("ja")["common.nothing_here"]


def test_every_beat_has_a_chapter_title_and_every_title_a_beat():
    for lang in LANGUAGES:
        keys = text.table(lang)
        beats = {key.replace(".beat.", ".chapter.") for key in keys if ".beat." in key}
        titles = {key for key in keys if ".chapter." in key}
        assert beats and titles == beats, f"{lang}: {sorted(titles ^ beats)}"


def test_chapter_titles_are_one_short_line():
    for lang in LANGUAGES:
        for key, value in text.table(lang).items():
            if ".chapter." in key:
                assert isinstance(value, str) and "\n" not in value and len(value) <= 48, (lang, key, value)
