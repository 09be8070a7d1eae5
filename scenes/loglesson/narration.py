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


# Words an engine misreads, measured: Open JTalk reads 底 alone as ソコ ("bottom"), not テイ;
# 割線 as ワリセン, 右下がり as ミギシタガリ, 描きます and 描かれる as エガキマス and エガカレル.
MISREAD = {"ja": {"底": "てい", "割線": "かっせん", "右下がり": "みぎさがり", "描": "か (かきます, かかれる)"}, "en": {}}


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


# Japanese line breaking: never start a line with closing punctuation, a small kana or a long
# vowel mark; best break after punctuation, then after a particle, never inside a run of ASCII.
NO_LINE_START = set("、。，．：；？！）」』ー・ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ")
STRONG_BREAK = set("、。，．：；？！）」』")
PARTICLES = set("はがをにでとのもへや")


def _japanese_break_cost(text: str, i: int) -> float | None:
    """The cost of breaking `text` before index i (None: not allowed)."""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or not (_is_japanese(before) or _is_japanese(after) or " " in (before, after)):
        return None   # inside a number or a formula
    if before in STRONG_BREAK:
        return 0.0
    if before == " " or after == " ":
        left, right = text[:i].rstrip()[-1:], text[i:].lstrip()[:1]
        if not (_is_japanese(left) or _is_japanese(right)):
            return None   # a space inside a formula: 1/(x ln a), y = log₂ x
        # After Japanese and before a formula reads well; between a formula and its particle not.
        return 0.5 if _is_japanese(left) else 2.5
    if before in PARTICLES and not _is_kana(after):
        return 2.0
    if before in PARTICLES:
        return 3.0
    if _is_kana(before) and not _is_kana(after):
        return 4.0
    return 8.0


def _is_kana(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff"


def _is_japanese(char: str) -> bool:
    """Kana, kanji or full-width punctuation: where a Japanese line may break."""
    return bool(char) and ("\u3000" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef")


def _wrap_japanese(text: str, limit: float) -> list[str]:
    lines: list[str] = []
    rest = text
    while width(rest) > limit:
        best: tuple[float, int] | None = None
        for i in range(1, len(rest)):
            head = rest[:i].rstrip()
            if width(head) > limit:
                break
            cost = _japanese_break_cost(rest, i)
            if cost is None:
                continue
            if width(rest) <= 2 * limit and width(rest[i:].strip()) > limit:
                continue   # two lines are possible: the second must fit
            # Prefer good break points, then lines of similar length (a short tail reads badly).
            balance = abs(width(head) - width(rest[i:].strip())) / limit if width(rest) <= 2 * limit else 0.0
            score = cost + 0.6 * balance
            if best is None or score < best[0]:
                best = (score, i)
        cut = best[1] if best else max(1, len(rest) // 2)
        lines.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    lines.append(rest)
    return lines


def wrap(text: str, lang: str) -> list[str]:
    """The caption cut into screen lines of at most LINE_WIDTH: at spaces in English; in Japanese
    after punctuation or a particle, never before closing punctuation or inside a number."""
    limit = LINE_WIDTH[lang]
    if _length(text, lang) <= limit:
        return [text]
    if lang == "ja":
        return _wrap_japanese(text, limit)
    lines: list[str] = []
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
        # Two lines of similar length read better than a full line and a stub, and a line that
        # ends a sentence or a clause better than one that ends mid-phrase (within a few
        # characters of balance); a formula cut inside its brackets or at an operator
        # ("Δb =" / "η × …") is read as two, so such a cut is taken only when no other fits.
        words = text.split(" ")
        cuts = [(_splits_a_formula(words[:i], words[i:]), _unevenness(words, i), i) for i in range(1, len(words))
                if max(len(" ".join(words[:i])), len(" ".join(words[i:]))) <= LINE_WIDTH[lang]]
        best = min(cuts)[2]
        lines = [" ".join(words[:best]), " ".join(words[best:])]
    return "\n".join(lines)


OPERATORS = {"=", "≈", "−", "+", "×", "·", "/", "<", ">", "≤", "≥", "⇔"}
PAUSE_BONUS = {".": 8, "?": 8, "!": 8, ":": 8, ";": 8, ",": 4}   # characters of balance a pause is worth
# Words that lean on the next one: a line ending in one reads as cut off (worth this much balance).
LEANING = {"the", "a", "an", "of", "to", "in", "at", "by", "for", "and", "or", "its", "their", "is", "base", "as"}
LEAN_COST = 8
# A function name is never cut from its argument ("−log ½ = log" / "2"), a word like "logarithm" may be.
FUNCTION = re.compile(r"[−-]?(log|ln|exp|sin|cos)[₀-₉ₐ-ₜ]*")


def _unevenness(words: list[str], i: int) -> int:
    """The longer line's length when the caption is cut before words[i], less what a pause there
    is worth, plus what a word left leaning on the next costs."""
    longer = max(len(" ".join(words[:i])), len(" ".join(words[i:])))
    last = words[i - 1]
    return longer - PAUSE_BONUS.get(last[-1], 0) + (LEAN_COST if last.lower() in LEANING else 0)


def _splits_a_formula(before: list[str], after: list[str]) -> bool:
    """Whether a line break between these words falls inside brackets, beside an operator, or
    between a function and its argument."""
    head = " ".join(before)
    return (head.count("(") > head.count(")") or before[-1] in OPERATORS or after[0] in OPERATORS
            or FUNCTION.fullmatch(before[-1]) is not None)


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
