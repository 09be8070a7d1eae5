#!/usr/bin/env bash
# Installs what loglesson needs, once: Debian packages through apt-get, then the project's .venv.
# Sourced by render.sh and test.sh; safe to run on its own: `scripts/setup.sh [--test]`.
# A second run checks and returns in well under a second.
set -euo pipefail

LESSON_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$LESSON_ROOT/.venv"

# What Manim needs to build (pycairo, manimpango), to encode (ffmpeg), to typeset MathTex
# (LaTeX + dvisvgm + the packages of Manim's default template), and to show Japanese.
RENDER_PACKAGES=(
  gcc pkg-config libcairo2-dev libpango1.0-dev
  ffmpeg
  texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm
  fonts-noto-cjk
  festival festvox-us-slt-hts  # English narration, offline (Japanese: pyopenjtalk-plus from PyPI)
  xdg-utils  # lets `manim -p` on a machine without a display log and exit 0 instead of crashing
)
# The tests also open the article page in a headless browser.
TEST_PACKAGES=(chromium)

say() { printf 'setup: %s\n' "$*" >&2; }

missing_packages() {
  # One dpkg-query for all: a second run of render.sh should cost well under a second.
  dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | awk '$NF == "installed" {print $1}' \
    | sort | comm -13 - <(printf '%s\n' "$@" | sort)
}

python_packages() {
  # Debian's own python3 needs its venv and headers as separate packages; pyenv builds have both.
  python3 -c 'import venv, ensurepip' 2>/dev/null || echo python3-venv
  [ -f "$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ] || echo python3-dev
}

venv_stamp() {
  echo "$VENV/.installed-$(sha256sum "$LESSON_ROOT/pyproject.toml" | cut -c1-16)"
}

install_system_packages() {
  local wanted=("${RENDER_PACKAGES[@]}")
  [ "${1:-}" = --test ] && wanted+=("${TEST_PACKAGES[@]}")
  local missing
  # Python's own packages matter only to make the environment (each python3 here is 0.2 s).
  mapfile -t missing < <(missing_packages "${wanted[@]}"; [ -f "$(venv_stamp)" ] || python_packages)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing system packages: ${missing[*]}"
    say "install them as root, then run this again: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing system packages (first run only, a few minutes): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_venv() {
  local stamp
  stamp="$(venv_stamp)"
  [ -f "$stamp" ] && return 0
  command -v python3 >/dev/null || { say "python3 not found: install Python 3.11 or newer"; exit 1; }
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { say "Python 3.11 or newer is needed, found $(python3 --version)"; exit 1; }
  say "creating the project environment in .venv (first run only)"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e "$LESSON_ROOT[test]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
}

lesson_setup() {
  install_system_packages "${1:-}"
  install_venv
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  lesson_setup "${1:-}"
  say "ready: enter the environment with 'source .venv/bin/activate'"
fi
