"""Tokens per second of Analyzer.terms over real articles.

Usage: python bench/analysis_throughput.py ARTICLES.zip [MORE.zip ...]
(SaudiNewsNet day files: a JSON array of objects with "content").
Reports cold (empty word cache) and warm (every word seen) speed, in CPU time so that
other load on the machine skews it less.
"""

from __future__ import annotations

import json
import sys
import time
import zipfile
from collections.abc import Callable

from seeds_cli.analysis import Analyzer, count_words


def load(paths: list[str]) -> list[str]:
    texts: list[str] = []
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                texts.extend(a.get("content", "") for a in json.loads(zf.read(name)))
    return texts


def main(paths: list[str]) -> None:
    docs = load(paths)
    analyzer = Analyzer()
    clock = time.process_time
    start = clock()
    tokens = sum(len(analyzer.terms(doc)) for doc in docs)
    cold = clock() - start
    warm = min(_timed(lambda: [analyzer.terms(doc) for doc in docs]) for _ in range(3))
    seq = min(_timed(lambda: [analyzer.term_sequence(doc) for doc in docs]) for _ in range(3))
    count = min(_timed(lambda: [count_words(doc) for doc in docs]) for _ in range(3))
    print(f"{len(docs)} articles, {tokens} tokens, {len(analyzer._cache('ar'))} distinct words")
    print(f"terms cold  {tokens / cold / 1e6:.2f} M tokens/s")
    print(f"terms warm  {tokens / warm / 1e6:.2f} M tokens/s")
    print(f"term_sequence warm {tokens / seq / 1e6:.2f} M tokens/s")
    print(f"count_words {tokens / count / 1e6:.2f} M tokens/s")


def _timed(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
