"""Render real articles and check that the article view loses nothing.

For each article of a SaudiNewsNet-style archive (zip files, each holding one JSON array of
objects with a ``content`` field) this renders the article view at widths 40 and 80 in both
bidi modes and checks:

* nothing lost: the words of the body lines, in logical order, are the article's words;
* every line fits its width in cells;
* every visual line agrees with python-bidi's ``get_display`` (up to mirroring, which
  get_display does not do, and combining marks, which we keep after their letter);
* logical output adds no presentation forms (some articles contain a few themselves).

Usage::

    python bench/render_nothing_lost.py PATH/TO/saudinewsnet/*.zip [--limit 300]

It prints a summary and exits non-zero on any failure.  The data is read in place, never copied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bidi import get_display
from bidi.mirror import MIRRORED
from rich.cells import cell_len

from seeds_cli.render.article import article_view, body_words
from seeds_cli.render.bidi.shaping import shape
from seeds_cli.render.safe import clean_block

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def articles(paths: list[str], limit: int) -> Iterator[dict]:
    count = 0
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".json"):
                    continue
                for item in json.loads(archive.read(name)):
                    if count >= limit:
                        return
                    if isinstance(item, dict) and item.get("content"):
                        count += 1
                        yield item


def _comparable(s: str) -> str:
    # Letter forms aside (a word cut at a line end is shaped as part of the whole word),
    # mirroring and mark placement aside, the order must be the same.
    s = "".join(unicodedata.normalize("NFKC", c) if c >= "\ufb50" else c for c in s)
    return "".join(
        min(c, MIRRORED.get(c, c))
        for c in s
        if not unicodedata.combining(c) and unicodedata.bidirectional(c) != "BN"
    )


def check(item: dict) -> list[str]:
    problems: list[str] = []
    text = item["content"]
    meta = {"title": item.get("title") or "", "source": item.get("source") or "", "lang": "ar"}
    expected = clean_block(text).split()
    for width in (40, 80):
        for mode in ("visual", "logical"):
            view = article_view(meta, text, width=width, mode=mode)
            words = body_words(view)
            if words != expected:
                problems.append(f"words differ at width {width} {mode}")
            for v in view:
                if cell_len(v.text.plain) > width and v.line is not None:
                    logical = v.logical
                    if " " in logical:  # a single over-long word may not fit
                        problems.append(f"line too wide at {width}: {v.text.plain!r}")
                added = len(_PRESENTATION.findall(v.text.plain)) - len(
                    _PRESENTATION.findall(v.logical)
                )
                if mode == "logical" and added > 0:
                    problems.append("presentation forms in logical output")
                if mode == "visual" and v.line is not None and v.block is not None:
                    shaped, _ = shape(v.logical)
                    theirs = get_display(shaped, base_dir="R" if v.line.rtl else "L")
                    if _comparable(v.line.text) != _comparable(theirs):
                        problems.append(f"order differs from get_display: {v.logical!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("archives", nargs="+", help="zip files, each with one JSON array")
    parser.add_argument("--limit", type=int, default=300, help="articles to check (default 300)")
    args = parser.parse_args()
    start = time.perf_counter()
    checked = failed = 0
    for item in articles(args.archives, args.limit):
        checked += 1
        problems = check(item)
        if problems:
            failed += 1
            print(f"article {checked} ({item.get('url', '')}):", *problems[:5], sep="\n  ")
    elapsed = time.perf_counter() - start
    print(f"{checked} articles, 2 widths x 2 modes each, {elapsed:.1f} s: {failed} with problems")
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    raise SystemExit(main())
