"""The language tables: same keys in every language, clear errors for what is missing."""

import pytest

from loglesson import text
from loglesson.text import LANGUAGES, TextError, Words


def test_every_language_has_exactly_the_same_keys():
    english = set(text.table("en"))
    for lang in LANGUAGES:
        assert set(text.table(lang)) == english, f"{lang} differs from en"


def test_no_text_is_empty():
    for lang in LANGUAGES:
        empty = [key for key, value in text.table(lang).items() if not value.strip()]
        assert empty == [], f"{lang} has empty texts: {empty}"


def test_placeholders_match_across_languages():
    import string

    def fields(s):
        return sorted(name for _, name, _, _ in string.Formatter().parse(s) if name)

    english = text.table("en")
    for lang in LANGUAGES:
        for key, value in text.table(lang).items():
            assert fields(value) == fields(english[key]), f"{lang}:{key}"


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
