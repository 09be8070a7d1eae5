"""A beat's narration as lines: what is read (the caption) and what is heard (the speech).

Each line of a beat is one caption cue and one spoken phrase. The caption writes maths as a
reader expects it (`log₂ 8 = 3`), the speech as a teacher says it ("log base 2 of 8 is 3");
where they are the same, assets hold only the caption. A cue is at most two lines on screen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import Words

# How much fits on one caption line: about 42 characters in English, 20 full-width in Japanese.
LINE_WIDTH = {"en": 42.0, "ja": 20.0}
CUE_LINES = 2
# Reading speed, for clips without a voice: the time a line needs to be read.
READING_SPEED = {"en": 15.0, "ja": 6.0}   # characters a second

# Written maths that must never reach the voice: TeX and ASCII notation, Unicode sub- and
# superscripts, and symbols an engine reads as nothing or by name.
UNSPEAKABLE = re.compile(r"[_^\\{}/*=<>|′≈⇔→×÷·−∂Σσ√∞ⁿⁱˣʸᵃ⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ₐₑₓ]")
# Written maths that must never reach a caption: TeX and ASCII powers and indices.
UNREADABLE = re.compile(r"[_^\\]|\blog_|\*\*")


# Words an engine misreads, measured: Open JTalk reads 底 alone as ソコ ("bottom"), not テイ.
MISREAD = {"ja": {"底": "てい"}, "en": {}}


class NarrationError(ValueError):
    """A beat whose lines are missing, unspeakable, or too long for a caption."""


@dataclass(frozen=True)
class Line:
    show: str   # the caption, as read
    say: str    # the speech, as heard


def beat_lines(words: Words, scene: str, key: str, **values: object) -> list[Line]:
    """The lines of beat `key` of `scene`: `[beat]` captions paired with `[say]` speech, if any."""
    shown = words.lines(f"{scene}.beat.{key}", **values)
    say_key = f"{scene}.say.{key}"
    said = words.lines(say_key, **values) if say_key in words else shown
    if len(said) != len(shown):
        raise NarrationError(
            f"{scene} beat {key!r} ({words.lang}): {len(shown)} caption lines but {len(said)} spoken "
            f"lines: give [say] {key} as many lines as [beat] {key} in assets/text/{words.lang}/{scene}.toml"
        )
    return [Line(show, say) for show, say in zip(shown, said)]


def width(text: str) -> float:
    """A line's width in full-width characters' terms for Japanese: narrow characters count half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def _length(text: str, lang: str) -> float:
    return width(text) if lang == "ja" else float(len(text))


def wrap(text: str, lang: str) -> list[str]:
    """The caption cut into screen lines of at most LINE_WIDTH, at spaces (or anywhere in Japanese)."""
    limit = LINE_WIDTH[lang]
    if _length(text, lang) <= limit:
        return [text]
    lines: list[str] = []
    if lang == "ja":
        # Break after the last punctuation that leaves at least half a line, else at the limit
        # (never inside a run of ASCII: a number or a formula stays whole).
        rest = text
        while _length(rest, lang) > limit:
            cut, used = 0, 0.0
            best = 0
            for i, char in enumerate(rest):
                used += _length(char, lang)
                if used > limit:
                    break
                if not (char.isascii() and i + 1 < len(rest) and rest[i + 1].isascii() and rest[i + 1] != " "):
                    cut = i + 1
                if char in "、。，．：；？！）」" and used >= limit * 0.5:
                    best = i + 1
            cut = best or cut
            lines.append(rest[:cut].strip())
            rest = rest[cut:].strip()
        lines.append(rest)
        return lines
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if len(candidate) > limit and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


def balanced(text: str, lang: str) -> str:
    """The caption as it goes on screen: one line, or two of about equal length."""
    lines = wrap(text, lang)
    if len(lines) == 2 and lang == "en":
        # Two lines of similar length read better than a full line and a stub.
        words = text.split(" ")
        best = min(
            (max(len(" ".join(words[:i])), len(" ".join(words[i:]))), i) for i in range(1, len(words))
        )[1]
        lines = [" ".join(words[:best]), " ".join(words[best:])]
    return "\n".join(lines)


def problems(line: Line, lang: str) -> list[str]:
    """What is wrong with a line: too long for a two-line cue, maths the voice or reader cannot take."""
    found = []
    if len(wrap(line.show, lang)) > CUE_LINES:
        found.append(f"caption longer than {CUE_LINES} lines of {LINE_WIDTH[lang]:g}: {line.show!r}")
    if UNREADABLE.search(line.show):
        found.append(f"caption with TeX or ASCII maths (write log₂ 8, aʸ): {line.show!r}")
    for word, written in MISREAD[lang].items():
        if word in line.say:
            found.append(f"spoken line with {word!r}, which the engine misreads: write {written!r} in [say]: {line.say!r}")
    bad = sorted(set(UNSPEAKABLE.findall(line.say)))
    if bad:
        found.append(f"spoken line with written maths {''.join(bad)!r} (write it as said, in [say]): {line.say!r}")
    return found


def reading_time(text: str, lang: str) -> float:
    """Seconds a viewer needs to read `text`."""
    return len(text.replace(" ", "") if lang == "ja" else text) / READING_SPEED[lang]
