#!/usr/bin/env bash
# Renders the lesson's clips for articles: ./render.sh [SCENE ...] [options]; --help lists them.
# The first run installs what is missing (see scripts/setup.sh). Runs from any folder: a
# relative --out is taken from where you are.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/scripts/setup.sh"
lesson_setup
exec "$here/.venv/bin/python" -m loglesson.publish.render "$@"
