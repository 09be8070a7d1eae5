#!/usr/bin/env bash
# Runs the whole test suite; the first run installs what is missing (see scripts/setup.sh).
# Lint (ruff) and types (mypy), configured in pyproject.toml, come first: a few seconds.
# Extra arguments go to pytest: ./test.sh -k inverse
set -euo pipefail
cd "$(dirname "$0")"
# Python's compiled files are written (to __pycache__/, ignored by git) even where the
# environment asks for none: without them every test worker rewrote and compiled every test
# module again at collection (5.7 s of CPU each, 1.9 s with them) and every Manim run of the
# suite compiled the kit again (a tiny render 1.9 s of CPU, 1.6 s with them).
unset PYTHONDONTWRITEBYTECODE
source scripts/setup.sh
lesson_setup --test
.venv/bin/ruff check --quiet .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
