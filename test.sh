#!/usr/bin/env bash
# Runs the whole test suite; the first run installs what is missing (see scripts/setup.sh).
# Lint (ruff) and types (mypy), configured in pyproject.toml, come first: a few seconds.
# Extra arguments go to pytest: ./test.sh -k inverse
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
lesson_setup --test
.venv/bin/ruff check --quiet .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
