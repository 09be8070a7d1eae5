"""Where the project's files are, found from this package so any working directory works."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
TEXT_DIR = ASSETS / "text"
SCENES_DIR = ROOT / "scenes"


def user_cache(variable: str, name: str) -> Path:
    """A folder of this user's cache: $variable if set, else ~/.cache/loglesson/<name> (or under
    $XDG_CACHE_HOME). Spoken lines and typeset files are kept this way."""
    folder = os.environ.get(variable)
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "loglesson" / name
