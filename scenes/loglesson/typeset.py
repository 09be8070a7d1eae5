"""Typeset formulas and words kept for the machine, shared by every render and test run.

Manim typesets each formula (latex, then dvisvgm) and each piece of text (Pango) into SVG
files in its media folder, named by a hash of what they show and how, and skips the work when
the file is there. render.sh renders each clip in a media folder of its own (per language,
quality and output folder), so a new folder typeset everything again: the exponent clip's
first render into a fresh `--out` took 28 s at 480p15, against 16 s with its files there.

So the files also live in one folder for the machine, `~/.cache/loglesson/typeset`
($LESSON_TYPESET_CACHE to move it; delete it at any time): a media folder is given the files
it lacks before Manim runs, and after a render that succeeded the machine's folder is given
those it lacks. Each file is copied whole under a temporary name, then renamed, and never
written again, so runs at the same time never see half a file. (Copies, not links: Manim
rewrites a text SVG in place each time it reads it.)

The same folder keeps each SVG's parsed glyphs (`glyphs/`, written by
`manim_internals.typeset_from_cache`): parsing a formula's SVG into outlines costs a new
process 10 to 40 ms a formula (1.1 s of a tangent build, 1.8 s of a cross_entropy one), reading
them back well under a millisecond. They are named by a digest of the SVG's bytes, Manim's
settings for it and Manim's version, and kept the same way, a whole file at a time.
"""

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .paths import user_cache

CACHE_VARIABLE = "LESSON_TYPESET_CACHE"
KINDS = ("Tex", "texts")   # Manim's tex_dir and text_dir, inside a media folder
GLYPHS = "glyphs"          # parsed glyphs, in the machine's folder only


def machine_folder() -> Path:
    """Where the machine's typeset files are: $LESSON_TYPESET_CACHE, else ~/.cache/loglesson/typeset."""
    return user_cache(CACHE_VARIABLE, "typeset")


def add_missing(source: Path, target: Path) -> int:
    """Copy the typeset files of `source` that `target` lacks (both folders holding Tex and
    texts); how many were copied. A file or folder that cannot be read or written is left out,
    never an error: what is not copied is typeset again."""
    copied = 0
    for kind in KINDS:
        try:
            have = set(os.listdir(target / kind)) if (target / kind).is_dir() else set()
            entries = [entry for entry in os.scandir(source / kind)
                       if entry.name not in have and not entry.name.startswith(".") and entry.is_file()]
        except OSError:
            continue        # no such folder, or not readable
        for entry in entries:
            copied += _copy_whole(Path(entry.path), target / kind / entry.name)
    return copied


def _copy_whole(path: Path, dest: Path) -> bool:
    return _write_whole(dest, lambda temp: shutil.copyfile(path, temp))


def _write_whole(dest: Path, write: Callable[[Path], object]) -> bool:
    """write(a temporary name beside `dest`), then rename it to `dest`: never seen half written.
    False, and nothing left behind, when the folder cannot be written."""
    temp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        write(temp)
        os.replace(temp, dest)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        return False


def read_glyphs(name: str) -> bytes | None:
    """The parsed glyphs kept under `name` on this machine, or None (never kept, or unreadable)."""
    try:
        return (machine_folder() / GLYPHS / name).read_bytes()
    except OSError:
        return None


def keep_glyphs(name: str, data: bytes) -> None:
    """Keep parsed glyphs under `name`, whole; a folder that cannot be written is passed over:
    they are parsed again next time."""
    _write_whole(machine_folder() / GLYPHS / name, lambda temp: temp.write_bytes(data))
