#!/usr/bin/env bash
# Take the README's screenshots: seeds running in real terminal windows on a virtual X display.
#
# Needs (Debian/Ubuntu): xvfb xterm mlterm fonts-dejavu-core x11-apps imagemagick
#   sudo apt-get install xvfb xterm mlterm fonts-dejavu-core x11-apps imagemagick
# Run from anywhere; writes docs/show-xterm.png, docs/search-xterm.png, docs/browse-xterm.png
# and docs/browse-mlterm.png.
# PYTHON may name the interpreter that has seeds installed (default: .venv/bin/python, python3).
# SHARED may name the shared folder (default: ../shared beside the checkout): the browse shots
# search one day of SaudiNewsNet from it (2,972 articles); without it, the bundled corpus.
#
# xterm does no bidi of its own, so seeds picks its visual mode there (shaped Arabic, each line
# reordered, right-aligned), exactly as it would in the reader's xterm. mlterm does bidi itself:
# seeds sends logical text there and mlterm shapes and orders it.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [[ -z "$python" ]]; then
    if [[ -x .venv/bin/python ]]; then python=$PWD/.venv/bin/python; else python=python3; fi
fi
display=:${SCREENSHOT_DISPLAY:-97}
font=${SCREENSHOT_FONT:-DejaVu Sans Mono}
shared=${SHARED:-$PWD/../shared}
browse_query='وزير الخارجية'

# A fresh search index, so that the shots never depend on an index left by another version.
index_dir=$(mktemp -d)
work=$(mktemp -d)

Xvfb "$display" -screen 0 1400x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
windows=()
cleanup() {
    for pid in "${windows[@]}"; do kill "$pid" 2>/dev/null || true; done
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$index_dir" "$work"
}
trap cleanup EXIT
sleep 2

# A clean environment: no hint of a bidi-capable terminal, no pager.
clean_env=(env -i PATH="$PATH" HOME="$HOME" LANG=C.UTF-8 DISPLAY="$display"
    SEEDS_INDEX_DIR="$index_dir")

save() {  # save NAME [COLOURS]: the window titled NAME as docs/NAME.png
    DISPLAY="$display" xwd -silent -name "$1" |
        convert xwd:- -strip -colors "${2:-64}" "PNG8:docs/$1.png"
    echo "wrote docs/$1.png"
}

# shot NAME COLUMNS ROWS COMMAND...: run COMMAND in an xterm titled NAME and save its window.
shot() {
    local name=$1 cols=$2 rows=$3
    shift 3
    "${clean_env[@]}" xterm -T "$name" -fa "$font" -fs 11 -geometry "${cols}x${rows}+0+0" \
        -bg '#1d1f21' -fg '#e0e0e0' -xrm 'XTerm*cursorBlink: false' \
        -e sh -c "cd '$PWD' && $*; sleep 600" &
    windows+=($!)
    sleep "${SETTLE:-5}"
    save "$name" "${COLOURS:-64}"
}

# mlshot NAME COLUMNS ROWS COMMAND...: the same in mlterm (which sets MLTERM: logical mode).
mlshot() {
    local name=$1 cols=$2 rows=$3
    shift 3
    # A monospaced font for every script (mlterm's default for Arabic is proportional).
    mkdir -p "$work/home/.mlterm"
    printf 'DEFAULT=%s\nISO10646_UCS4_1=%s\n' "$font" "$font" >"$work/home/.mlterm/aafont"
    "${clean_env[@]}" HOME="$work/home" \
        mlterm --title "$name" --geometry "${cols}x${rows}+0+0" --fontsize 15 \
        --bg '#1d1f21' --fg '#e0e0e0' --blink=false --sb=false \
        -e sh -c "cd '$PWD' && $*; sleep 600" &
    windows+=($!)
    sleep "${SETTLE:-5}"
    save "$name" 256
}

shot show-xterm 84 44 "$python -m seeds_cli --corpus seeds show 791b"
"$python" -m seeds_cli --corpus seeds --index-dir "$index_dir" index >/dev/null
shot search-xterm 96 18 "$python -m seeds_cli --corpus seeds search 'التحالف الدولي'"

# The browse shots: one day of SaudiNewsNet, imported and indexed first.
demo=seeds
day="$shared/corpora/saudinewsnet/2015-07-21.zip"
if [[ -f "$day" ]]; then
    unzip -q -d "$work" "$day"
    "$python" -m seeds_cli import "$work"/*.json --to "$work/snn-day" --dedupe \
        --title "SaudiNewsNet, 21 July 2015" >/dev/null
    demo=$work/snn-day
else
    echo "no $day: the browse shots show the bundled corpus" >&2
fi
"$python" -m seeds_cli --corpus "$demo" --index-dir "$index_dir" index >/dev/null
browse="$python -m seeds_cli --corpus '$demo' browse '$browse_query'"
SETTLE=8 COLOURS=256 shot browse-xterm 110 34 "$browse"
SETTLE=8 mlshot browse-mlterm 110 34 "$browse"
