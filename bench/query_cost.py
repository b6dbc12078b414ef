"""Bounded query cost: hostile queries against a one-word search on the same corpus.

    python bench/query_cost.py CORPUS [--repeat 5] [--word النفط] [--no-process] [--cold]

Times each query of the hostile set (long pasted paragraphs, hundreds of repeated words, 60
nested parentheses, ``*``, single letters and one-letter prefixes, long OR chains, long
phrases) and prints its time as a ratio to a one-word search (``--word``) on the same corpus:

* in-process: the median time of ``Searcher.search`` (ten results, as the CLI asks) of
  the query read leniently (as ``seeds search`` reads it), run ``--repeat`` times after one
  warm-up, through the library API on one open index, each run by a fresh Searcher (a
  Searcher keeps postings across its queries: a batch's cost, not a single query's);
* whole process: the median time of ``seeds search QUERY --format jsonl`` as a fresh
  process (warm index, output to a pipe), the way a user meets it.

Times are CPU seconds (user + system, the child's for a whole process): on a shared machine
they hold still where wall times do not. Wall times are printed beside them for context.

``--cold`` evicts the index file from the page cache (``posix_fadvise(DONTNEED)``) before
every run, to see what a query costs right after a reboot or a large copy. The goal
(issue 11): every query within 5x the one-word search.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = [sys.executable, "-m", "seeds_cli"]


def hostile_queries(paragraph: list[str]) -> list[tuple[str, str]]:
    """(name, query) of the hostile set; ``paragraph`` is a real text's words, in order."""
    nested = "(" * 60 + "النفط" + ")" * 60
    nested_words = " ".join(f"({w}" for w in paragraph[:60]) + ")" * 60
    return [
        ("400 x في", " ".join(["في"] * 400)),
        ("400 x النفط", " ".join(["النفط"] * 400)),
        ("paragraph, 50 words", " ".join(paragraph[:50])),
        ("paragraph, 300 words", " ".join(paragraph[:300])),
        ("paragraph, 1000 words", " ".join(paragraph[:1000])),
        ("60 nested parentheses", nested),
        ("60 nested groups of words", nested_words),
        ("200 words OR-ed", " OR ".join(paragraph[:200])),
        ("phrase of 30 words", '"' + " ".join(paragraph[:30]) + '"'),
        ("30 phrases of 2 words", " ".join(f'"{a} {b}"' for a, b in zip(paragraph[:60:2], paragraph[1:60:2], strict=True))),
        ("*", "*"),
        ("ا*", "ا*"),
        ("ال*", "ال*"),
        ("و*", "و*"),
        ("م*", "م*"),
        ("single letter ا", "ا"),
        ("single letter و", "و"),
        ("10 one-letter prefixes", " ".join(f"{c}*" for c in "ابتثجحخدذر")),
        ("50 negated words", "النفط " + " ".join(f"-{w}" for w in paragraph[:50])),
        ("50 required words", " ".join(f"+{w}" for w in paragraph[:50])),
    ]  # fmt: skip


def paragraph_of(corpus: Path, words: int = 1000) -> list[str]:
    """The first ``words`` words of the corpus's longest texts, in corpus order: real prose."""
    from seeds_cli import load_catalogue

    catalogue = load_catalogue(corpus)
    texts = sorted(catalogue.documents[:2000], key=lambda d: -len(d.text))
    out: list[str] = []
    for doc in texts:
        out.extend(w for w in doc.text.split() if any(c.isalpha() for c in w))
        if len(out) >= words:
            break
    return out[:words]


def evict(corpus: Path) -> None:
    """Drop the index's pages from the page cache (Linux; a no-op where unsupported)."""
    for path in (corpus / ".seeds-index").rglob("*"):
        if path.is_file() and hasattr(os, "posix_fadvise"):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (user + system)."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed(
    run: Callable[[], object], repeat: int, before: Callable[[], None]
) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``run`` over ``repeat`` runs after a warm-up."""
    before()
    run()  # warm-up: the first run also loads what every later query reuses
    walls, cpus = [], []
    for _ in range(repeat):
        before()
        wall, cpu = time.perf_counter(), cpu_seconds()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (INDEX.md), indexed or not")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--word", default="النفط", help="the one-word search to compare with")
    parser.add_argument("--no-process", action="store_true", help="in-process times only")
    parser.add_argument("--cold", action="store_true", help="evict the index before each run")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SEEDS_INDEX_DIR", None)
    subprocess.run([*SEEDS, "--corpus", str(corpus), "index"], check=True, env=env)

    from seeds_cli import load_catalogue
    from seeds_cli.api import open_searcher
    from seeds_cli.index.query import read_query
    from seeds_cli.index.search import Searcher

    searcher = open_searcher(load_catalogue(corpus))
    reader = searcher.reader
    queries = [("one word: " + args.word, args.word), *hostile_queries(paragraph_of(corpus))]
    before = (lambda: evict(corpus)) if args.cold else (lambda: None)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"corpus {corpus} ({searcher.reader.n_docs} documents), load average {load:.1f}")
    print()
    print(
        "| query | in-process CPU | ratio | (wall) | whole process CPU | ratio | (wall) | matches |"
    )
    print("|---|---|---|---|---|---|---|---|")
    base_in = base_proc = 0.0
    for name, query in queries:
        read = read_query(query)  # leniently, as the command reads pasted text
        total = searcher.search(read, limit=10).total
        wall_in, cpu_in = timed(
            lambda q=read: Searcher(reader, corpus).search(q, limit=10), args.repeat, before
        )
        wall_proc = cpu_proc = float("nan")
        if not args.no_process:
            argv = [*SEEDS, "--corpus", str(corpus), "search", query, "--format", "jsonl"]
            wall_proc, cpu_proc = timed(
                lambda a=argv: subprocess.run(a, env=env, capture_output=True, check=False),
                args.repeat,
                before,
            )
        if not base_in:
            base_in, base_proc = cpu_in, cpu_proc
        print(
            f"| {name} | {1000 * cpu_in:.1f} ms | {cpu_in / base_in:.1f}x | {1000 * wall_in:.0f} ms "
            f"| {1000 * cpu_proc:.0f} ms | {cpu_proc / base_proc:.1f}x | {1000 * wall_proc:.0f} ms "
            f"| {total} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
