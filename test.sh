#!/usr/bin/env bash
# Runs the whole test suite; the first run installs what is missing (see scripts/setup.sh).
# Extra arguments go to pytest: ./test.sh -k inverse
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
lesson_setup --test
exec .venv/bin/python -m pytest "$@"
