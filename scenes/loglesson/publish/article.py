"""index.html of an output folder: every clip with its poster and captions, and the snippet to embed it.

The page uses relative paths only, so it opens from the file system. Its own few words are
in assets/article/<lang>.toml; the lesson's and the clips' titles come from assets/text/.
"""

import base64
import html
import tomllib
from pathlib import Path
from string import Template

from .pipeline import LESSON_FILE, PAGE_ASSETS, write_atomically


def page_words(lang: str) -> dict[str, str]:
    with (PAGE_ASSETS / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


def embed_snippet(scene: str, lang: str, label: str, width: int | None = None,
                  height: int | None = None, inline_vtt: str | None = None, narrated: bool = True,
                  webm_type: str = "video/webm") -> str:
    """The HTML an article pastes to show one clip: WebM first, MP4 for the rest, captions on.

    A narrated clip waits for the reader to press play; a silent one (voice=off) plays as a
    muted loop, as an article's animation does.
    """
    size = f' width="{width}" height="{height}"' if width and height else ""
    inline = f' data-inline="{inline_vtt}"' if inline_vtt else ""
    playing = "" if narrated else " autoplay muted loop playsinline"
    return (
        f'<video controls{playing} preload="metadata" poster="{scene}.png"{size}>\n'
        f'  <source src="{scene}.webm" type="{html.escape(webm_type)}">\n'
        f'  <source src="{scene}.mp4" type="video/mp4">\n'
        f'  <track kind="captions" src="{scene}.vtt" srclang="{lang}" '
        f'label="{html.escape(label)}" default{inline}>\n'
        f"</video>"
    )


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} kB"


def _clip_section(number: int, scene: str, stamp: dict, folder: Path, lang: str, words: dict) -> str:
    label = words["track_label"]
    width, height = stamp.get("width"), stamp.get("height")
    vtt = (folder / f"{scene}.vtt").read_bytes()
    data_url = "data:text/vtt;base64," + base64.b64encode(vtt).decode()
    narrated = stamp.get("narrated", False)
    kind = stamp.get("webm type", "video/webm")
    snippet = embed_snippet(scene, lang, label, width, height, narrated=narrated, webm_type=kind)
    video = embed_snippet(scene, lang, label, width, height, inline_vtt=data_url, narrated=narrated, webm_type=kind)
    files = " · ".join(
        f'<a href="{name}">{name.rsplit(".", 1)[1]}</a> {_size(size)}'
        for name, size in stamp["outputs"].items()
    )
    meta = [words["length"].format(seconds=stamp["duration"]), words["cues"].format(count=stamp["cues"])]
    return f"""<section class="clip" id="{scene}">
  <h2><span class="number">{number}</span>{html.escape(stamp.get("title", scene))}</h2>
  {video}
  <p class="meta">{" · ".join(meta)} · {words["files"]} {files}</p>
  <div class="embed">
    <div class="embed-head"><h3>{words["embed"]}</h3>
      <button type="button" class="copy" data-copied="{html.escape(words["copied"])}">{words["copy"]}</button></div>
    <pre><code>{html.escape(snippet)}</code></pre>
  </div>
</section>"""


def render_page(folder: Path, lang: str, quality_name: str, lesson_title: str,
                clips: list[tuple[str, dict]]) -> str:
    """The page's HTML for the folder's complete clips, (scene, stamp) in lesson order."""
    words = page_words(lang)
    sections = [
        _clip_section(n, scene, stamp, folder, lang, words)
        for n, (scene, stamp) in enumerate(clips, 1)
    ]
    lesson = ""
    if clips and (folder / LESSON_FILE).exists():
        total = sum(stamp["duration"] for _, stamp in clips)
        link = f'<a href="{LESSON_FILE}">{LESSON_FILE}</a>'
        length = words["length"].format(seconds=total)
        lesson = f'<p class="lesson">{words["whole_lesson"].format(link=link, length=length)}</p>'

    template = Template((Path(PAGE_ASSETS) / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        lang=lang,
        page_title=html.escape(words["page_title"].format(lesson=lesson_title)),
        lesson_title=html.escape(lesson_title),
        summary=words["summary"].format(count=len(clips), quality=quality_name),
        lesson=lesson,
        clips="\n".join(sections) or f"<p>{words['no_clips']}</p>",
        file_note=html.escape(words["file_note"]),
    )


def write_page(folder: Path, text: str) -> bool:
    """Write index.html when its text changed; True when it did."""
    page = folder / "index.html"
    if page.exists() and page.read_text(encoding="utf-8") == text:
        return False
    write_atomically(page, text)
    return True
