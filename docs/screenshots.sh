#!/usr/bin/env bash
# Take the README's screenshots: seeds running in real xterm windows on a virtual X display.
#
# Needs (Debian/Ubuntu): xvfb xterm fonts-dejavu-core x11-apps imagemagick
#   sudo apt-get install xvfb xterm fonts-dejavu-core x11-apps imagemagick
# Run from anywhere; writes docs/show-xterm.png and docs/search-xterm.png.
# PYTHON may name the interpreter that has seeds installed (default: .venv/bin/python, python3).
#
# xterm does no bidi of its own, so seeds picks its visual mode there (shaped Arabic, each line
# reordered, right-aligned), exactly as it would in the reader's xterm.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [[ -z "$python" ]]; then
    if [[ -x .venv/bin/python ]]; then python=$PWD/.venv/bin/python; else python=python3; fi
fi
display=:${SCREENSHOT_DISPLAY:-97}
font=${SCREENSHOT_FONT:-DejaVu Sans Mono}

# A fresh search index, so that the shots never depend on an index left by another version.
index_dir=$(mktemp -d)

Xvfb "$display" -screen 0 1400x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
xterms=()
cleanup() {
    for pid in "${xterms[@]}"; do kill "$pid" 2>/dev/null || true; done
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$index_dir"
}
trap cleanup EXIT
sleep 2

# shot NAME COLUMNS ROWS COMMAND...: run COMMAND in an xterm titled NAME and save its window.
shot() {
    local name=$1 cols=$2 rows=$3
    shift 3
    # A clean environment: no hint of a bidi-capable terminal, the bundled corpus, no pager.
    env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 DISPLAY="$display" SEEDS_INDEX_DIR="$index_dir" \
        xterm -T "$name" -fa "$font" -fs 11 -geometry "${cols}x${rows}+0+0" \
        -bg '#1d1f21' -fg '#e0e0e0' -xrm 'XTerm*cursorBlink: false' \
        -e sh -c "cd '$PWD' && $*; sleep 600" &
    xterms+=($!)
    sleep 5
    DISPLAY="$display" xwd -silent -name "$name" |
        convert xwd:- -strip -colors 64 "PNG8:docs/$name.png"
    echo "wrote docs/$name.png"
}

shot show-xterm 84 44 "$python -m seeds_cli --corpus seeds show 791b"
"$python" -m seeds_cli --corpus seeds --index-dir "$index_dir" index >/dev/null
shot search-xterm 96 18 "$python -m seeds_cli --corpus seeds search 'التحالف الدولي'"
