"""Captions: Manim's SRT (one cue per lesson beat) turned into WebVTT for the web, and read back."""

import html
import re
from dataclasses import dataclass

_TIME = r"(\d+):(\d\d):(\d\d)[,.](\d{3})"
_CUE_TIMES = re.compile(rf"^{_TIME}\s+-->\s+{_TIME}")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def _seconds(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _parse_blocks(text: str) -> list[Cue]:
    """Cues of SRT or WebVTT text: each block's timing line, then its text lines."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = block.split("\n")
        for i, line in enumerate(lines):
            match = _CUE_TIMES.match(line.strip())
            if match:
                start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
                cues.append(Cue(start, end, "\n".join(lines[i + 1:]).strip()))
                break
    return cues


def parse_srt(text: str) -> list[Cue]:
    return _parse_blocks(text)


def parse_vtt(text: str) -> list[Cue]:
    """Cues of a WebVTT file, their text unescaped; ValueError if the WEBVTT header is missing."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise ValueError("not a WebVTT file: the first line must be WEBVTT")
    return [Cue(c.start, c.end, html.unescape(c.text)) for c in _parse_blocks(text.split("\n", 1)[1])]


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def to_vtt(cues: list[Cue]) -> str:
    """WebVTT text with the cues' timing kept as it is; `<` and `&` escaped (VTT reads tags)."""
    blocks = ["WEBVTT"]
    for n, cue in enumerate(cues, 1):
        text = html.escape(cue.text, quote=False).replace("-->", "--&gt;")
        blocks.append(f"{n}\n{_stamp(cue.start)} --> {_stamp(cue.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def srt_to_vtt(srt_text: str) -> str:
    return to_vtt(parse_srt(srt_text))
