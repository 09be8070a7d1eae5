"""The files a clip's Manim render is made from: its scene file, the kit modules it imports, its words.

Found by reading the import statements (nothing is imported), from the scene file through
every `loglesson` module it reaches, transitively. Imports inside functions count too, so the
list errs on the side of more. Publishing modules are not among them unless a scene
imports one, which it must not: editing the pipeline or the page does not render a clip again.
"""

import re
from functools import lru_cache
from pathlib import Path

from ..paths import ASSETS, SCENES_DIR, TEXT_DIR

KIT_PACKAGE = "loglesson"
COMMON_WORDS = "common"


def module_file(name: str, root: Path = SCENES_DIR) -> Path | None:
    """The file of the module `a.b.c` under `root` (a.b.c.py or a/b/c/__init__.py), or None."""
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(path: Path, root: Path) -> list[str]:
    """The dotted package a file belongs to, as a list (`loglesson/publish/x.py` -> [loglesson, publish])."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return parts[:-1]   # a/b/c.py and a/b/__init__.py alike: the module's own name is dropped


def imported_names(path: Path, root: Path = SCENES_DIR) -> frozenset[str]:
    """Every module name the file's import statements may load, absolute (`from . import x` resolved).

    `from a import b` yields both `a` and `a.b`, since b may be a module; names that are not
    modules are dropped later by `module_file`. Each file is parsed once while it is unchanged
    (every clip of a run reads the same kit modules).
    """
    info = path.stat()
    return _imported_names(path, root, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=None)
def _imported_names(path: Path, root: Path, mtime_ns: int, size: int) -> frozenset[str]:
    # Read line by line, not parsed: parsing the kit's files (ast) cost 0.5 s of every
    # render.sh run, most of an unchanged one. A line in a string that reads like an import
    # adds a name, which at worst counts one more file.
    package = _package_of(path, root) if path.is_relative_to(root) else []
    names: set[str] = set()
    for module, listed, plain in _IMPORT.findall(path.read_text(encoding="utf-8").replace(";", "\n")):
        if plain:
            names.update(name.split(" as ")[0].strip() for name in _names(plain))
            continue
        level = len(module) - len(module.lstrip("."))
        if level:
            base = package[: len(package) - level + 1]
            module = ".".join([*base, *([module[level:]] if module[level:] else [])])
        names.add(module)
        names.update(f"{module}.{name.split(' as ')[0].strip()}" for name in _names(listed.strip("()")))
    return frozenset(name for name in names if name and "*" not in name)


# `import a.b as c, d` and `from .a import (b, c as d)`, a parenthesised list over several lines
# (statements after a `;` are read from a line of their own).
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)|import[ \t]+([^\n]*))", re.M)


def _names(listed: str) -> list[str]:
    """The names of an import's list, its comments and line ends left out."""
    words = re.sub(r"#[^\n]*", "", listed).replace("\\", " ").split(",")
    return [" ".join(word.split()) for word in words if word.strip()]


def _with_parents(name: str) -> list[str]:
    """Importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def kit_modules(scene_file: Path, root: Path = SCENES_DIR, package: str = KIT_PACKAGE) -> list[Path]:
    """The kit's module files the scene file imports, directly or through other kit modules, sorted."""
    found: set[Path] = set()
    todo = [scene_file]
    while todo:
        for name in imported_names(todo.pop(), root):
            if name != package and not name.startswith(package + "."):
                continue
            for module in _with_parents(name):
                path = module_file(module, root)
                if path is not None and path not in found:
                    found.add(path)
                    todo.append(path)
    return sorted(found)


def word_files(scene: str, lang: str, text_dir: Path = TEXT_DIR) -> list[Path]:
    """The words a scene shows in one language: its own table and the common one."""
    return [path for path in (text_dir / lang / f"{scene}.toml", text_dir / lang / f"{COMMON_WORDS}.toml")
            if path.is_file()]


def other_assets(assets: Path = ASSETS) -> list[Path]:
    """Assets that are neither words (per scene and language) nor the page's: a scene may draw them."""
    skip = (assets / "text", assets / "article")
    return sorted(p for p in assets.rglob("*") if p.is_file() and not any(p.is_relative_to(s) for s in skip))
