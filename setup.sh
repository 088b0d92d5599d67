#!/usr/bin/env bash
# dlstudio on a fresh machine, in one command.
#
#   ./setup.sh            set everything up, then open the studio window
#   ./setup.sh test       set everything up, then run the whole test suite headless (one
#                         process per core, at most 4: pytest-xdist)
#   ./setup.sh bench      set everything up (with PyTorch for comparison), then run the benchmark
#   ./setup.sh gui --preset toy_2d --autostart    (any other arguments go to the app)
#
# What it does: checks Python (3.11 or newer), installs the system libraries Qt needs on
# Debian/Ubuntu (with apt-get when run as root or with password-less sudo; otherwise it prints
# the exact command to run and stops), creates a virtual environment in .venv and installs
# dlstudio and its Python packages into it. Re-running it is quick: nothing is reinstalled
# unless pyproject.toml or constraints.txt changed. Versions are pinned by constraints.txt (what
# the suite was last run with). Extra arguments go to the app, pytest or the benchmark.
set -euo pipefail
cd "$(dirname "$0")"

# The first argument picks the mode; anything else is passed to the app (e.g. ./setup.sh gui --preset toy_2d).
mode=app
case "${1:-}" in
  app|test|bench) mode=$1; shift ;;
  -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

say() { printf '\033[1m[dlstudio setup]\033[0m %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# -- 1. Python -------------------------------------------------------------------------
PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for cand in python3.13 python3.12 python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PY=$cand; break
    fi
  done
fi
[ -n "$PY" ] || die "dlstudio needs Python 3.11 or newer. On Debian/Ubuntu: apt-get install python3 python3-venv; elsewhere see https://www.python.org/downloads/"

# -- 2. System libraries Qt needs (Debian/Ubuntu) -----------------------------------------
# Offscreen (tests) needs the first group; a real window additionally needs the xcb group.
libs="libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0"
if [ "$mode" != test ]; then
  libs="$libs libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0"
fi
if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=""
  for lib in $libs; do dpkg -s "$lib" >/dev/null 2>&1 || missing="$missing $lib"; done
  "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing="$missing python3-venv"
  # the Simplified Chinese interface needs a font with CJK glyphs (otherwise it shows boxes)
  if [ "$mode" != test ] && [ -z "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
    dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing="$missing fonts-wqy-microhei"
  fi
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then apt_cmd="apt-get"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then apt_cmd="sudo apt-get"
    else die "Qt needs these system packages:$missing
  Please run:  sudo apt-get update && sudo apt-get install -y$missing
  then run this command again."
    fi
    say "installing system packages:$missing"
    $apt_cmd update -qq >/dev/null || die "apt-get update failed; check the network, then retry"
    DEBIAN_FRONTEND=noninteractive $apt_cmd install -y -qq --no-install-recommends $missing >/dev/null \
      || die "could not install:$missing (try: $apt_cmd install -y$missing)"
  fi
else
  say "not a Debian-like system: make sure Qt's usual libraries (OpenGL/EGL, fontconfig, xkbcommon, xcb) are installed"
fi

# -- 3. Virtual environment and Python packages ------------------------------------------
VENV=${DLSTUDIO_VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  say "creating a virtual environment in $VENV"
  "$PY" -m venv "$VENV" || die "could not create $VENV (on Debian/Ubuntu: apt-get install python3-venv)"
fi
extras="test"
[ "$mode" = bench ] && extras="test,bench"
stamp="$VENV/.dlstudio-installed"
want="$(cat pyproject.toml constraints.txt | "$VENV/bin/python" -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())') $extras"
if [ ! -f "$stamp" ] || ! grep -qxF "$want" "$stamp"; then
  say "installing dlstudio and its Python packages (first time takes a minute or two)"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  log="$VENV/pip-install.log"
  if ! "$VENV/bin/python" -m pip install -c constraints.txt -e ".[$extras]" >"$log" 2>&1; then
    tail -n 25 "$log" >&2
    die "pip could not install the packages (the whole log: $log)"
  fi
  echo "$want" > "$stamp"
fi

# -- 4. Run ------------------------------------------------------------------------------
case "$mode" in
  app)   exec "$VENV/bin/python" -m dlstudio "$@" ;;
  # the suite on one process per core, at most 4 (pytest-xdist; "-n 0" after "test" runs it in one)
  test)  export QT_QPA_PLATFORM=offscreen
         exec "$VENV/bin/python" -m pytest -n auto --maxprocesses 4 "$@" ;;
  bench) exec "$VENV/bin/python" -m dlstudio bench "$@" ;;
esac
