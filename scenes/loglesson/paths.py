"""Where the project's files are, found from this package so any working directory works."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "assets"
TEXT_DIR = ASSETS / "text"
SCENES_DIR = ROOT / "scenes"
