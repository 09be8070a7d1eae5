"""The lesson as slides: slides.html (one slide per beat, offline) and slides.pdf (a handout).

Built from the per-beat clips, not with manim-slides (see the README): each slide plays its
beat's own clip once and stops on its last frame. slides.html carries its style and script
inside it and loads only the beat files beside it, so it works opened from the file system
with no network. Arrow keys, space, Page Up/Down or a click move between slides; N shows the
speaker notes (the beat's lines); F goes full screen; the address keeps the slide (#5).
slides.pdf has one page per beat: its last picture and its lines.
"""

from __future__ import annotations

import html
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

from .beats import BEATS_DIR
from .captions import parse_vtt

SLIDES_FILE = "slides.html"
HANDOUT_FILE = "slides.pdf"


@dataclass(frozen=True)
class Slide:
    clip_title: str
    stem: str              # beats/<scene>-NN
    lines: tuple[str, ...]
    chapter: str = ""      # the beat's title

    @property
    def heading(self) -> str:
        return f"{self.clip_title} — {self.chapter}" if self.chapter else self.clip_title


def lesson_slides(folder: Path, clips: list[tuple[str, dict]]) -> list[Slide]:
    """One slide per beat of the folder's complete clips, in lesson order."""
    slides = []
    for scene, stamp in clips:
        chapters = folder / f"{scene}.chapters.vtt"
        if not chapters.exists():
            continue
        for n, chapter in enumerate(parse_vtt(chapters.read_text(encoding="utf-8")), 1):
            stem = f"{BEATS_DIR}/{scene}-{n:02d}"
            cues = parse_vtt((folder / f"{stem}.vtt").read_text(encoding="utf-8"))
            slides.append(Slide(stamp.get("title", scene), stem, tuple(c.text.replace("\n", " ") for c in cues),
                                chapter.text))
    return slides


STYLE = """
html, body { margin: 0; height: 100%; background: #14161c; color: #f2f2f2;
  font: 18px/1.5 "Noto Sans CJK JP", "Noto Sans JP", system-ui, sans-serif; overflow: hidden; }
section.slide { position: absolute; inset: 0; display: none; flex-direction: column; align-items: center;
  justify-content: center; gap: 12px; padding: 16px; box-sizing: border-box; }
section.slide.current { display: flex; }
section.slide video { max-width: 100%; max-height: calc(100% - 80px); background: #000; }
section.slide h2 { margin: 0; font-size: 1rem; font-weight: 400; color: #b3b9bf; }
aside.notes { display: none; max-width: 960px; color: #f0e442; }
body.notes aside.notes { display: block; }
#counter { position: fixed; right: 14px; bottom: 10px; color: #b3b9bf; font-size: 0.9rem; }
#start { position: fixed; inset: 0; display: flex; align-items: center; justify-content: center;
  background: rgba(20, 22, 28, 0.6); font-size: 1.4rem; cursor: pointer; }
"""

SCRIPT = """
const slides = [...document.querySelectorAll("section.slide")];
const start = document.getElementById("start");
const counter = document.getElementById("counter");
let current = -1;
function show(n) {
  n = Math.max(0, Math.min(slides.length - 1, n));
  if (n === current) return;
  if (current >= 0) { const old = slides[current].querySelector("video"); old.pause(); }
  slides.forEach((s, i) => s.classList.toggle("current", i === n));
  current = n;
  counter.textContent = `${n + 1} / ${slides.length}`;
  history.replaceState(null, "", `#${n + 1}`);
  const video = slides[n].querySelector("video");
  video.currentTime = 0;
  video.play().catch(() => {});   // without a click yet, a browser may wait for one
}
document.addEventListener("keydown", (event) => {
  start.remove();
  if (["ArrowRight", "ArrowDown", "PageDown", " ", "Enter"].includes(event.key)) show(current + 1);
  else if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].includes(event.key)) show(current - 1);
  else if (event.key === "Home") show(0);
  else if (event.key === "End") show(slides.length - 1);
  else if (event.key === "n" || event.key === "N") document.body.classList.toggle("notes");
  else if (event.key === "f" || event.key === "F") document.documentElement.requestFullscreen?.();
  else return;
  event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (start.isConnected) { start.remove(); slides[current].querySelector("video").play().catch(() => {}); return; }
  show(current + (event.clientX < innerWidth / 4 ? -1 : 1));
});
show((parseInt(location.hash.slice(1), 10) || 1) - 1);
"""


def render_slides(lang: str, title: str, slides: list[Slide], start_words: str) -> str:
    sections = []
    for n, slide in enumerate(slides, 1):
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in slide.lines)
        sections.append(
            f'<section class="slide" data-number="{n}">\n'
            f"  <h2>{html.escape(slide.heading)}</h2>\n"
            f'  <video preload="auto" playsinline poster="{slide.stem}.png">\n'
            f'    <source src="{slide.stem}.mp4" type="video/mp4">\n'
            f"  </video>\n"
            f'  <aside class="notes">{lines}</aside>\n'
            f"</section>"
        )
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(sections)
        + f'\n<div id="counter"></div>\n<div id="start">{html.escape(start_words)}</div>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


# The handout: A4 landscape at 150 dots per inch.
PAGE = (1754, 1240)
MARGIN = 90
FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",)


def _font(size: int) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont

    for path in FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size, index=0)
    found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK JP"], capture_output=True, text=True)
    return ImageFont.truetype(found.stdout.strip(), size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` cut into lines no wider than `width` pixels (at spaces, or anywhere in Japanese)."""
    lines, line = [], ""
    units = text.split(" ") if text.isascii() else list(text)
    glue = " " if text.isascii() else ""
    for unit in units:
        candidate = f"{line}{glue}{unit}" if line else unit
        if draw.textlength(candidate, font=font) > width and line:
            lines.append(line)
            line = unit
        else:
            line = candidate
    return [*lines, line] if line else lines


def write_handout(folder: Path, slides: list[Slide], dst: Path) -> None:
    """One page per beat: its clip's and its own title, its last picture and its lines."""
    from PIL import Image, ImageDraw

    heading, body = _font(30), _font(34)
    pages = []
    for n, slide in enumerate(slides, 1):
        page = Image.new("RGB", PAGE, "white")
        draw = ImageDraw.Draw(page)
        draw.text((MARGIN, MARGIN - 40), f"{n}. {slide.heading}", fill="#5f6670", font=heading)
        picture = Image.open(folder / f"{slide.stem}.png").convert("RGB")
        width = PAGE[0] - 2 * MARGIN
        height = min(int(picture.height * width / picture.width), 760)
        width = int(picture.width * height / picture.height)
        page.paste(picture.resize((width, height)), ((PAGE[0] - width) // 2, MARGIN + 10))
        y = MARGIN + 10 + height + 30
        for line in slide.lines:
            for part in _wrapped(draw, line, body, PAGE[0] - 2 * MARGIN):
                draw.text((MARGIN, y), part, fill="#1d2129", font=body)
                y += 48
        pages.append(page)
    if pages:
        pages[0].save(dst, "PDF", save_all=True, append_images=pages[1:], resolution=150)


def make_slides(folder: Path, lang: str, title: str, clips: list[tuple[str, dict]], start_words: str) -> bool:
    """slides.html and slides.pdf of the folder's clips, written when they changed; True if any slide."""
    from .pipeline import write_atomically

    slides = lesson_slides(folder, clips)
    page, handout = folder / SLIDES_FILE, folder / HANDOUT_FILE
    if not slides:
        page.unlink(missing_ok=True)
        handout.unlink(missing_ok=True)
        return False
    text = render_slides(lang, title, slides, start_words)
    if page.exists() and handout.exists() and page.read_text(encoding="utf-8") == text:
        return True
    temp = folder / f".{HANDOUT_FILE}.tmp"
    try:
        write_handout(folder, slides, temp)
        temp.replace(handout)
    finally:
        temp.unlink(missing_ok=True)
    write_atomically(page, text)
    return True
