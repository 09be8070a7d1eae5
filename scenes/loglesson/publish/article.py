"""index.html of an output folder: every clip with its poster and captions, and the snippet to embed it.

The page uses relative paths only, so it opens from the file system. Its own few words are
in assets/article/<lang>.toml; the lesson's and the clips' titles come from assets/text/.
"""

import base64
import html
import tomllib
from pathlib import Path
from string import Template

from .captions import parse_vtt
from .pipeline import LESSON_FILE, PAGE_ASSETS, write_atomically


def page_words(lang: str) -> dict[str, str]:
    with (PAGE_ASSETS / f"{lang}.toml").open("rb") as f:
        return tomllib.load(f)


def embed_snippet(scene: str, lang: str, label: str, width: int | None = None,
                  height: int | None = None, inline_vtt: str | None = None, narrated: bool = True,
                  webm_type: str = "video/webm", chapters: str | None = None) -> str:
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
        + (f'  <track kind="chapters" src="{scene}.chapters.vtt" srclang="{lang}"{_inline(chapters)}>\n'
           if chapters else "")
        + "</video>"
    )


def _inline(source: str | None) -> str:
    """The page's copy of a track (a data: URL), for browsers that refuse .vtt files from file://."""
    return f' data-inline="{source}"' if source and source.startswith("data:") else ""


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
    chapters_file = folder / f"{scene}.chapters.vtt"
    chapters = None
    if chapters_file.exists():
        chapters = "data:text/vtt;base64," + base64.b64encode(chapters_file.read_bytes()).decode()
        snippet = embed_snippet(scene, lang, label, width, height, narrated=narrated, webm_type=kind,
                                chapters="file")
        video = embed_snippet(scene, lang, label, width, height, inline_vtt=data_url, narrated=narrated,
                              webm_type=kind, chapters=chapters)
    files = " · ".join(
        f'<a href="{name}">{name.rsplit(".", 1)[1]}</a> {_size(size)}'
        for name, size in stamp["outputs"].items() if "/" not in name and not name.endswith(".chapters.vtt")
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
{_beats_list(scene, folder, lang, words, narrated, kind)}
{_transcript(vtt, words)}
</section>"""


def _stamp_time(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _beats_list(scene: str, folder: Path, lang: str, words: dict, narrated: bool, webm_type: str) -> str:
    """The clip's beats: each a link that seeks the clip to it, and the snippet to embed it alone."""
    chapters_file = folder / f"{scene}.chapters.vtt"
    if not chapters_file.exists():
        return ""
    items = []
    for n, cue in enumerate(parse_vtt(chapters_file.read_text(encoding="utf-8")), 1):
        stem = f"beats/{scene}-{n:02d}"
        snippet = embed_snippet(stem, lang, words["track_label"], narrated=narrated, webm_type=webm_type)
        items.append(
            f'<li><a class="seek" href="#{scene}" data-video="{scene}" data-time="{cue.start:.3f}">'
            f'{_stamp_time(cue.start)}</a> {html.escape(cue.text)}\n'
            f'  <details class="embed"><summary>{words["embed_beat"]}</summary>\n'
            f'    <div class="embed-head"><span></span><button type="button" class="copy" '
            f'data-copied="{html.escape(words["copied"])}">{words["copy"]}</button></div>\n'
            f'    <pre><code>{html.escape(snippet)}</code></pre></details></li>'
        )
    return f'<details class="beats" open><summary>{words["beats"]}</summary><ol>\n' + "\n".join(items) + "</ol></details>"


def _transcript(vtt: bytes, words: dict) -> str:
    """What the clip says, as text: for readers and for search engines."""
    lines = [html.escape(cue.text.replace("\n", " ")) for cue in parse_vtt(vtt.decode("utf-8"))]
    return f'<details class="transcript"><summary>{words["transcript"]}</summary><p>{" ".join(lines)}</p></details>'



def render_page(folder: Path, lang: str, quality_name: str, lesson_title: str,
                clips: list[tuple[str, dict]], slides: bool = False) -> str:
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
    if slides:
        links = {"link": '<a href="slides.html">slides.html</a>', "pdf": '<a href="slides.pdf">slides.pdf</a>'}
        lesson += f'\n  <p class="lesson">{words["slides"].format(**links)}</p>'

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
