"""Query time per headline in ``seeds search --batch``: the marginal cost of one more query.

    python bench/query_speed.py CORPUS [--queries FILE] [--count 1000] [--repeat 3]
        [--max-file-size 1G] [--index-dir DIR]

Runs ``seeds search --batch`` (jsonl, ten results) over the first ``--count`` headlines of a
known-item file (clean and noisy alternately) and over the first one alone, and reports
``(time(count) - time(1)) / (count - 1)``: what each query costs once the process has started
and opened the index, in CPU seconds (user + system of the child) and in wall seconds. The
goal (issue 14): at most 5 ms per query at 30k documents, 20 ms at 300k.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SEEDS = [sys.executable, "-m", "seeds_cli"]


def run_batch(seeds: list[str], queries: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``seeds search --batch`` over ``queries``."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write("\n".join(queries) + "\n")
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [*seeds, "search", "--batch", f.name, "--format", "jsonl"],
            env=env,
            cwd=REPO,  # python -m finds this checkout's seeds_cli, whatever the caller's folder
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        os.unlink(f.name)
    if done.returncode not in (0, 1):
        sys.exit(f"seeds search --batch failed: {done.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a corpus folder (INDEX.md), indexed or not")
    parser.add_argument(
        "--queries",
        type=Path,
        default=REPO.parent / "shared" / "eval" / "known-item-dev.jsonl",
        help="known-item file: one JSON object a line with 'query' and 'noisy'",
    )
    parser.add_argument("--count", type=int, default=1000, help="headlines per batch")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each batch")
    parser.add_argument(
        "--max-file-size", default="64M", help="seeds' --max-file-size (1G for 300k documents)"
    )
    parser.add_argument(
        "--index-dir", type=Path, help="seeds' --index-dir (default: the corpus's own)"
    )
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SEEDS_INDEX_DIR", None)
    seeds = [*SEEDS, "--corpus", str(corpus), "--max-file-size", args.max_file_size]
    if args.index_dir:
        seeds += ["--index-dir", str(args.index_dir.resolve())]
    subprocess.run([*seeds, "index"], check=True, env=env, cwd=REPO)
    items = [json.loads(line) for line in args.queries.read_text("utf-8").splitlines() if line]
    queries = [" ".join(item[key].split()) for item in items for key in ("query", "noisy")][
        : args.count
    ]
    runs = {1: [], len(queries): []}
    for _ in range(args.repeat):
        for n in runs:
            runs[n].append(run_batch(seeds, queries[:n], env))
    one = [statistics.median(x) for x in zip(*runs[1], strict=True)]
    many = [statistics.median(x) for x in zip(*runs[len(queries)], strict=True)]
    per = [(b - a) / (len(queries) - 1) for a, b in zip(one, many, strict=True)]
    load = os.getloadavg()[0]
    print(f"corpus {corpus}, {len(queries)} queries from {args.queries.name}, load {load:.1f}")
    print(f"one query:   {1000 * one[1]:.0f} ms CPU ({1000 * one[0]:.0f} ms wall)")
    print(f"{len(queries)} queries: {many[1]:.2f} s CPU ({many[0]:.2f} s wall)")
    print(f"per query:   {1000 * per[1]:.2f} ms CPU ({1000 * per[0]:.2f} ms wall)")


if __name__ == "__main__":
    main()
