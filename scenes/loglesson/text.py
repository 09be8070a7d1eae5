"""Words the scenes show, one table per language, read from assets/text/<lang>/<scene>.toml.

A key is the file's stem and the key inside it: `inverse.title` is `title` in
`assets/text/<lang>/inverse.toml`; nested tables give dotted keys (`inverse.beat.flip`).
Every language must have every key: a missing one is an error, never a silent fallback.

A value is a string, or a list of strings for what comes in lines: a beat's narration is
`[beat]` (the captions, one cue a line, maths in Unicode: `log₂ 8 = 3`) and, where the words
heard differ from the words read, `[say]` beside it (the same number of lines, maths as a
teacher reads it aloud: "log base 2 of 8 is 3").
"""

import os
import tomllib
from functools import lru_cache

from .paths import TEXT_DIR

LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"
LANG_VARIABLE = "LESSON_LANG"


class TextError(ValueError):
    """A language or a key the assets do not have."""


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise TextError(
            f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)} "
            f"(set {LANG_VARIABLE}=en or {LANG_VARIABLE}=ja)"
        )
    return lang


def current_language() -> str:
    """The language chosen by LESSON_LANG, English when it is unset or empty."""
    return check_language(os.environ.get(LANG_VARIABLE) or DEFAULT_LANGUAGE)


def _flatten(table: dict, prefix: str, into: dict[str, str | tuple[str, ...]], source: object) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(value, name, into, source)
        elif isinstance(value, str):
            into[name] = value
        elif isinstance(value, list) and value and all(isinstance(line, str) for line in value):
            into[name] = tuple(value)
        else:
            raise TextError(f"{source}: {key} must be a string or a list of strings, got {value!r}")


@lru_cache(maxsize=None)
def table(lang: str) -> dict[str, str | tuple[str, ...]]:
    """Every key of one language, flattened to dotted names."""
    folder = TEXT_DIR / check_language(lang)
    words: dict[str, str | tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as f:
            _flatten(tomllib.load(f), path.stem, words, path)
    return words


class Words:
    """The words of one language; `words["inverse.title"]`, or `words.format(key, a=2)`."""

    def __init__(self, lang: str | None = None):
        self.lang = check_language(lang) if lang else current_language()
        self._table = table(self.lang)

    def __getitem__(self, key: str) -> str:
        value = self.value(key)
        return value if isinstance(value, str) else " ".join(value)

    def value(self, key: str) -> str | tuple[str, ...]:
        """The text of `key` as it is written: a string, or a tuple of lines."""
        try:
            return self._table[key]
        except KeyError:
            stem, _, inner = key.partition(".")
            raise TextError(
                f"no text for {key!r} in language {self.lang!r}: "
                f"add {inner} to assets/text/{self.lang}/{stem}.toml"
            ) from None

    def __contains__(self, key: str) -> bool:
        return key in self._table

    def format(self, key: str, **values: object) -> str:
        return self[key].format(**values)

    def lines(self, key: str, **values: object) -> list[str]:
        """The lines of `key` with `values` filled in (a plain string is one line)."""
        value = self.value(key)
        return [line.format(**values) for line in ((value,) if isinstance(value, str) else value)]
