"""Measure seeds against its peers, as whole processes, on corpora of growing size.

    python bench/run.py [--shared PATH] [--sizes 1,1000,10000,all] [--repeat N] [--work DIR]

Builds the corpora (1 = the bundled one; N = the first N SaudiNewsNet articles; all = every one)
with ``seeds import``, then times, for each size, fresh processes (median, min and max of
--repeat runs after one warm-up): the cold index build, warm ``seeds search`` for ten queries,
``seeds list --format ids``, ``seeds show ID --bidi logical`` (piped), the peers on the same
files (ripgrep, SQLite FTS5, tantivy, bm25s) and the floor (``python -c "import click"``).
Peak RSS is the operating system's account of each finished child (wait4). Prints the tables
and writes them into the performance section of bench/RESULTS.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PEERS = Path(__file__).resolve().parent / "peers.py"
MAKE_BIG = Path(__file__).resolve().parent / "make_big.py"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
START = "<!-- performance:start -->"
END = "<!-- performance:end -->"

# (label, seeds query, ripgrep's fixed strings, FTS5 query, tantivy query, bm25s query)
QUERIES: list[tuple[str, str, list[str], str, str, str]] = [
    ("word, common", "السعودية", ["السعودية"], "السعودية", "السعودية", "السعودية"),
    ("word", "العراق", ["العراق"], "العراق", "العراق", "العراق"),
    ("word, rarer", "الحوثيين", ["الحوثيين"], "الحوثيين", "الحوثيين", "الحوثيين"),
    (
        "two words",
        "وزير الخارجية",
        ["وزير", "الخارجية"],
        "وزير OR الخارجية",
        "وزير الخارجية",
        "وزير الخارجية",
    ),
    (
        "two words",
        "أسعار النفط",
        ["أسعار", "النفط"],
        "أسعار OR النفط",
        "أسعار النفط",
        "أسعار النفط",
    ),
    (
        "phrase",
        '"خادم الحرمين الشريفين"',
        ["خادم الحرمين الشريفين"],
        '"خادم الحرمين الشريفين"',
        '"خادم الحرمين الشريفين"',
        "خادم الحرمين الشريفين",
    ),
    (
        "phrase",
        '"مجلس الأمن"',
        ["مجلس الأمن"],
        '"مجلس الأمن"',
        '"مجلس الأمن"',
        "مجلس الأمن",
    ),
    ("prefix", "استثمار*", ["استثمار"], "استثمار*", "استثمار", "استثمار"),
    ("filter", "source:okaz الرياض", ["الرياض"], "الرياض", "الرياض", "الرياض"),
    (
        "filter, date",
        "date>=2015-08-01 الإرهاب",
        ["الإرهاب"],
        "الإرهاب",
        "الإرهاب",
        "الإرهاب",
    ),
]


# --- running and timing --------------------------------------------------------------------


class Runs:
    """The figures of repeated runs of one command: wall and cpu seconds, peak RSS in KiB."""

    def __init__(self, argv: Sequence[str]) -> None:
        self.argv = list(argv)
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.rss: list[int] = []
        self.codes: list[int] = []

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def peak_mib(self) -> float:
        return max(self.rss) / 1024

    def to_json(self) -> dict[str, Any]:
        return {"argv": self.argv, "wall": self.wall, "cpu": self.cpu, "rss": self.rss}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Runs:
        runs = cls(data["argv"])
        runs.wall, runs.cpu, runs.rss = data["wall"], data["cpu"], data["rss"]
        return runs

    def spread(self) -> str:
        return f"{ms(self.median)} ({ms(min(self.wall))}–{ms(max(self.wall))})"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def run_once(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """One fresh process, output to /dev/null (not a terminal: as when piped).

    Returns wall seconds, cpu seconds, peak RSS (KiB) and exit status. posix_spawn (vfork
    underneath) keeps a fork's copy of this process out of the child's peak RSS.
    """
    null = os.devnull
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, null, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, null, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, null, os.O_WRONLY, 0),
    ]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], list(argv), env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def measure(
    argv: Sequence[str],
    repeat: int,
    env: dict[str, str],
    *,
    warmup: int = 1,
    before: Callable[[], None] | None = None,
) -> Runs:
    """``repeat`` timed runs after ``warmup`` untimed ones; ``before`` runs untimed each time."""
    runs = Runs(argv)
    for n in range(warmup + repeat):
        if before is not None:
            before()
        wall, cpu, rss, code = run_once(argv, env)
        if code >= 2 or code < 0:
            raise RuntimeError(f"exit status {code}: {' '.join(argv)}")
        if n >= warmup:
            runs.wall.append(wall)
            runs.cpu.append(cpu)
            runs.rss.append(rss)
            runs.codes.append(code)
    return runs


def measure_pair(
    a: Sequence[str], b: Sequence[str], repeat: int, env: dict[str, str]
) -> tuple[Runs, Runs, float]:
    """A and B in turn (A B A B ...); the median of the pairwise ratios A/B (robust to drift)."""
    runs_a, runs_b = measure(a, 0, env), measure(b, 0, env)  # warm-ups
    for _ in range(repeat):
        for runs in (runs_a, runs_b):
            wall, cpu, rss, code = run_once(runs.argv, env)
            if code >= 2 or code < 0:
                raise RuntimeError(f"exit status {code}: {' '.join(runs.argv)}")
            runs.wall.append(wall)
            runs.cpu.append(cpu)
            runs.rss.append(rss)
            runs.codes.append(code)
    ratios = [x / y for x, y in zip(runs_a.wall, runs_b.wall, strict=True)]
    return runs_a, runs_b, statistics.median(ratios)


def output_of(argv: Sequence[str], env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    return done.returncode, done.stdout


def disk_usage(path: Path) -> int:
    """Bytes allocated on disk under ``path`` (as ``du``), 0 if it does not exist."""
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum(
        (Path(folder) / name).lstat().st_blocks * 512
        for folder, _, names in os.walk(path)
        for name in names
    )


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


# --- corpora -------------------------------------------------------------------------------


def snn_records(shared: Path, work: Path) -> Path:
    """All SaudiNewsNet records as one JSON Lines file (made once, from the zips)."""
    zips = sorted((shared / "corpora" / "saudinewsnet").glob("*.zip"))
    if not zips:
        raise SystemExit(f"no SaudiNewsNet zips under {shared}/corpora/saudinewsnet")
    out = work / "snn-all.jsonl"
    stamp = ",".join(f"{z.name}:{z.stat().st_size}" for z in zips)
    stamp_file = out.with_suffix(".stamp")
    if out.exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return out
    # in a child process: this one must stay small, as its peak memory is a floor under the
    # peak RSS the kernel reports for the commands it starts
    subprocess.run([sys.executable, __file__, "--unzip", str(out), *map(str, zips)], check=True)
    stamp_file.write_text(stamp)
    return out


def unzip(out: Path, zips: list[Path]) -> None:
    """Every record of the zipped JSON arrays, one a line, into ``out``."""
    with open(out, "w", encoding="utf-8") as handle:
        for path in zips:
            with zipfile.ZipFile(path) as archive:
                for name in sorted(archive.namelist()):
                    if name.endswith(".json"):
                        for record in json.loads(archive.read(name)):
                            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def build_corpus(size: str, seeds: str, shared: Path, work: Path, env: dict[str, str]) -> Path:
    """The corpus folder for ``size`` (made once): the bundled one, SaudiNewsNet's first N, or
    with a ``k`` suffix (``300k``) N thousand records of bench/make_big.py."""
    corpus = work / f"corpus-{size}"
    if size == "1":
        if not (corpus / "INDEX.md").exists():
            shutil.copytree(REPO / "seeds", corpus, ignore=shutil.ignore_patterns(".seeds-index"))
        return corpus
    records = snn_records(shared, work)
    source = records
    if size.endswith("k"):  # N thousand: SaudiNewsNet multiplied with varied copies
        source = work / f"big-{size}.jsonl"
        if not source.exists():
            docs = str(int(size[:-1]) * 1000)
            argv = [sys.executable, str(MAKE_BIG), "--docs", docs, "--out", str(source)]
            subprocess.run([*argv, "--shared", str(shared)], check=True)
    elif size != "all":
        source = work / f"snn-{size}.jsonl"
        if not source.exists():
            with open(records, encoding="utf-8") as full, open(source, "w") as part:
                kept = 0
                for line in full:
                    if kept == int(size):
                        break
                    if json.loads(line).get("content", "").strip():
                        part.write(line)
                        kept += 1
    stamp_file = corpus.with_suffix(".stamp")
    stamp = f"{source.name}:{source.stat().st_size}"
    if (corpus / "INDEX.md").exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return corpus
    print(f"importing {source.name} -> {corpus.name}", file=sys.stderr)
    argv = [seeds, "import", str(source), "--to", str(corpus), "--dedupe", "--force"]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"seeds import failed: {done.stderr.strip()}")
    stamp_file.write_text(stamp)
    return corpus


def text_bytes(corpus: Path) -> tuple[int, int]:
    """Number of text files and their total size in bytes."""
    sizes = [entry.stat().st_size for entry in os.scandir(corpus) if entry.name.endswith(".txt")]
    return len(sizes), sum(sizes)


# --- one corpus size -----------------------------------------------------------------------


def bench_size(
    size: str, corpus: Path, tools: dict[str, Any], repeat: int, build_repeat: int
) -> dict[str, Any]:
    env, py, seeds = tools["env"], tools["python"], tools["seeds"]
    docs, corpus_bytes = text_bytes(corpus)
    result: dict[str, Any] = {"size": size, "docs": docs, "corpus_bytes": corpus_bytes}
    # INDEX.md of 300,000 documents is over the default 64 MiB limit on a file seeds reads
    base = [seeds, "--corpus", str(corpus), "--max-file-size", "1G"]
    peer_dir = corpus.parent / f"peers-{size}"
    peer_dir.mkdir(exist_ok=True)
    index_dir = corpus / ".seeds-index"

    def log(what: str, runs: Runs) -> Runs:
        print(f"  {size:>5} {what:<28} {runs.spread()}", file=sys.stderr)
        return runs

    # cold builds: nothing left over from a previous run
    if tools["has_index"]:
        result["seeds_build"] = log(
            "seeds index (cold)",
            measure(
                [*base, "index"],
                build_repeat,
                env,
                warmup=0,
                before=lambda: remove(index_dir),
            ),
        )
        _, status = output_of([*base, "index", "--status"], env)
        result["index_bytes"] = disk_usage(index_dir)
        result["index_status"] = status.strip()
    fts_db = peer_dir / "fts5.db"
    result["fts5_build"] = log(
        "sqlite fts5 build",
        measure(
            [py, str(PEERS), "fts5-build", str(fts_db), str(corpus)],
            build_repeat,
            env,
            warmup=0,
            before=lambda: remove(fts_db),
        ),
    )
    result["fts5_bytes"] = disk_usage(fts_db)
    for peer in ("tantivy", "bm25s"):
        if not tools[peer]:
            continue
        where = peer_dir / peer
        result[f"{peer}_build"] = log(
            f"{peer} build",
            measure(
                [py, str(PEERS), f"{peer}-build", str(where), str(corpus)],
                build_repeat,
                env,
                warmup=0,
                before=lambda where=where: remove(where),  # type: ignore[misc]
            ),
        )
        result[f"{peer}_bytes"] = disk_usage(where)

    # warm queries
    queries = []
    for label, query, fixed, fts, tantivy_query, bm25s_query in QUERIES:
        row: dict[str, Any] = {"label": label, "query": query}
        if tools["has_search"]:
            row["seeds"] = log(f"search {label}", measure([*base, "search", query], repeat, env))
        if tools["rg"]:
            argv = [tools["rg"], "-c", "-F", "-g", "*.txt"]
            for word in fixed:
                argv += ["-e", word]
            row["rg"] = log(f"rg {label}", measure([*argv, str(corpus)], repeat, env))
        row["fts5"] = measure([py, str(PEERS), "fts5-query", str(fts_db), fts], repeat, env)
        if tools["tantivy"]:
            row["tantivy"] = measure(
                [py, str(PEERS), "tantivy-query", str(peer_dir / "tantivy"), tantivy_query],
                repeat,
                env,
            )
        if tools["bm25s"]:
            row["bm25s"] = measure(
                [py, str(PEERS), "bm25s-query", str(peer_dir / "bm25s"), bm25s_query],
                repeat,
                env,
            )
        queries.append(row)
    result["queries"] = queries

    # reading
    _, ids = output_of([*base, "list", "--format", "ids"], env)
    doc_ids = ids.split()
    result["list"] = log(
        "list --format ids", measure([*base, "list", "--format", "ids"], repeat, env)
    )
    if tools["has_show"] and doc_ids:
        doc_id = doc_ids[len(doc_ids) // 2]
        result["show"] = log(
            "show ID --bidi logical",
            measure([*base, "show", doc_id, "--bidi", "logical"], repeat, env),
        )
    if size == "1":  # the start-up targets: each in turn with the floor, ratio pair by pair
        floor = [py, "-c", "import click"]
        pairs = {"list": [*base, "list"]}
        if tools["has_search"]:
            pairs["search"] = [*base, "search", QUERIES[1][1]]
        if tools["has_show"] and doc_ids:
            pairs["show"] = [*base, "show", doc_ids[0], "--bidi", "logical"]
        result["startup"] = {}
        for name, argv in pairs.items():
            runs_a, runs_b, ratio = measure_pair(argv, floor, max(repeat, 20), env)
            result["startup"][name] = (runs_a, runs_b, ratio)
            print(f"  {size:>5} {name} / import click: {ratio:.2f}", file=sys.stderr)
        result["floor_click"] = measure(floor, max(repeat, 20), env)
        result["floor_python"] = measure([py, "-c", "pass"], max(repeat, 20), env)
    return result


def save(result: dict[str, Any], path: Path) -> None:
    def encode(value: Any) -> Any:
        if isinstance(value, Runs):
            return {"runs": value.to_json()}
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [encode(v) for v in value]
        return value

    path.write_text(json.dumps(encode(result), ensure_ascii=False), encoding="utf-8")


def load(path: Path) -> dict[str, Any]:
    def decode(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"runs"}:
                return Runs.from_json(value["runs"])
            return {k: decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [decode(v) for v in value]
        return value

    return decode(json.loads(path.read_text(encoding="utf-8")))


# --- the report ----------------------------------------------------------------------------


def fmt_bytes(n: float) -> str:
    return f"{n / 1048576:.1f} MiB" if n >= 1048576 else f"{n / 1024:.0f} KiB"


def search_median(row_list: list[dict[str, Any]], tool: str) -> float | None:
    values = [row[tool].median for row in row_list if tool in row]
    return statistics.median(values) if values else None


def growth(points: list[tuple[int, float]]) -> str:
    """How a figure grows: the exponent k of size^k between each two successive sizes of at
    least 10,000 documents (the smaller ones measure start-up, not growth)."""
    points = [(n, v) for n, v in points if n >= 10_000 and v > 0]
    if len(points) < 2:
        return "–"
    return ", ".join(
        f"{math.log(v2 / v1) / math.log(n2 / n1):.2f}"
        for (n1, v1), (n2, v2) in itertools.pairwise(points)
    )


def report(results: list[dict[str, Any]], tools: dict[str, Any], args: argparse.Namespace) -> str:
    lines = [
        START,
        "## Performance",
        "",
        f"`python bench/run.py --sizes {args.sizes} --repeat {args.repeat}` — whole processes, "
        "output piped; the median of the runs (min–max in the detailed tables); peak RSS as "
        "the operating system counts it. Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}; "
        f"the run took {args.wall / 60:.0f} minutes (wall).",
        "",
        "Absolute figures move with the machine's load: read the ratios, whose two sides ran "
        "minutes apart at most (the start-up ratios pair by pair). Growth across sizes means "
        "something only when every size ran on an equally quiet machine.",
        "",
    ]
    for note in tools["notes"]:
        lines.append(f"- note: {note}")
    if tools["notes"]:
        lines.append("")
    full = results[-1]
    bundled = next((r for r in results if r["size"] == "1"), None)
    lines += ["### Targets", "", "| target | figure | goal | met |", "|---|---|---|---|"]

    def target(name: str, value: float | None, goal: float, shown: str) -> None:
        if value is None:
            lines.append(f"| {name} | not measured | ≤ {goal:g} | – |")
        else:
            lines.append(f"| {name} | {shown} | ≤ {goal:g} | {'yes' if value <= goal else 'no'} |")

    rg_ratios = [
        row["seeds"].median / row["rg"].median
        for row in full["queries"]
        if "seeds" in row and "rg" in row
    ]
    ratio = statistics.median(rg_ratios) if rg_ratios else None
    target(
        f"warm search ({full['docs']} docs) / ripgrep, median of queries",
        ratio,
        0.5,
        f"{ratio:.2f}× (worst {max(rg_ratios):.2f}×)" if rg_ratios else "",
    )
    build = full.get("seeds_build")
    b_ratio = build.median / full["fts5_build"].median if build else None
    target(
        f"cold index build ({full['docs']} docs) / SQLite FTS5 build",
        b_ratio,
        1.5,
        f"{b_ratio:.2f}× ({ms(build.median)} vs {ms(full['fts5_build'].median)})" if build else "",
    )
    if build:
        cpu_ratio = statistics.median(build.cpu) / statistics.median(full["fts5_build"].cpu)
        target(
            f"cold index build CPU ({full['docs']} docs) / SQLite FTS5 build CPU",
            cpu_ratio,
            1.5,
            f"{cpu_ratio:.2f}× (workers included)",
        )
        target(
            f"peak RSS of the build ({full['docs']} docs), MiB",
            build.peak_mib,
            500,
            f"{build.peak_mib:.0f} MiB",
        )
    if bundled and "startup" in bundled:
        for name, (runs_a, runs_b, r) in bundled["startup"].items():
            target(
                f"bundled corpus, piped: seeds {name} / python -c 'import click' (a guard)",
                r,
                1.5,
                f"{r:.2f}× ({ms(runs_a.median)} vs {ms(runs_b.median)})",
            )
    peak = max((row["seeds"].peak_mib for row in full["queries"] if "seeds" in row), default=None)
    target(
        f"peak RSS of warm search ({full['docs']} docs), MiB",
        peak,
        150,
        f"{peak:.0f} MiB" if peak else "",
    )
    if "index_bytes" in full:
        size_ratio = full["index_bytes"] / full["corpus_bytes"]
        target(
            "index on disk / corpus text",
            size_ratio,
            1.0,
            f"{size_ratio:.2f} ({fmt_bytes(full['index_bytes'])} vs "
            f"{fmt_bytes(full['corpus_bytes'])})",
        )

    # ratios to the peers, every size
    lines += [
        "",
        "### Ratios to the peers",
        "",
        "seeds' median divided by the peer's on the same files (under 1: seeds is faster). "
        "Search: the median over the ten queries of each tool's median.",
        "",
        "| docs | build / FTS5 | build / tantivy | build / bm25s "
        "| search / rg | search / FTS5 | search / tantivy | search / bm25s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cells = [str(r["docs"])]
        build = r.get("seeds_build")
        for peer in ("fts5", "tantivy", "bm25s"):
            other = r.get(f"{peer}_build")
            cells.append(f"{build.median / other.median:.2f}" if build and other else "–")
        mine = search_median(r["queries"], "seeds")
        for peer in ("rg", "fts5", "tantivy", "bm25s"):
            other = search_median(r["queries"], peer)
            cells.append(f"{mine / other:.2f}" if mine and other else "–")
        lines.append("| " + " | ".join(cells) + " |")

    # figures and growth
    def row_of(name: str, get: Callable[[dict[str, Any]], float | None], unit: str) -> None:
        points = []
        cells = []
        for r in results:
            value = get(r)
            cells.append("–" if value is None else (ms(value) if unit == "s" else fmt_bytes(value)))
            if value is not None:
                points.append((r["docs"], value))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {growth(points)} |")

    lines += [
        "",
        "### Figures by corpus size",
        "",
        "Growth: the exponent k in size^k between each two successive sizes from 10,000 "
        "documents on (1: linear, 0: flat).",
        "",
        "| figure | " + " | ".join(f"{r['docs']} docs" for r in results) + " | growth |",
        "|---|" + "---:|" * len(results) + "---|",
    ]
    row_of("corpus text", lambda r: r["corpus_bytes"], "B")
    row_of("seeds index on disk", lambda r: r.get("index_bytes"), "B")
    row_of("FTS5 database", lambda r: r.get("fts5_bytes"), "B")
    row_of("tantivy index", lambda r: r.get("tantivy_bytes"), "B")
    row_of("bm25s index", lambda r: r.get("bm25s_bytes"), "B")
    for key, name in [
        ("seeds_build", "seeds index (cold build)"),
        ("fts5_build", "FTS5 build"),
        ("tantivy_build", "tantivy build"),
        ("bm25s_build", "bm25s build"),
    ]:
        row_of(name, lambda r, key=key: r[key].median if key in r else None, "s")
    for tool, name in [
        ("seeds", "seeds search (warm)"),
        ("rg", "rg -c -F"),
        ("fts5", "FTS5 query"),
        ("tantivy", "tantivy query"),
        ("bm25s", "bm25s query"),
    ]:
        row_of(name, lambda r, tool=tool: search_median(r["queries"], tool), "s")
    row_of("seeds list --format ids", lambda r: r["list"].median, "s")
    row_of("seeds show ID --bidi logical", lambda r: r["show"].median if "show" in r else None, "s")
    row_of(
        "peak RSS, warm search",
        lambda r: max(
            (q["seeds"].peak_mib * 1048576 for q in r["queries"] if "seeds" in q), default=None
        ),
        "B",
    )
    row_of("peak RSS, list", lambda r: r["list"].peak_mib * 1048576, "B")
    row_of(
        "peak RSS, seeds index (any one process)",
        lambda r: r["seeds_build"].peak_mib * 1048576 if "seeds_build" in r else None,
        "B",
    )
    row_of(
        "peak RSS, FTS5 build",
        lambda r: r["fts5_build"].peak_mib * 1048576 if "fts5_build" in r else None,
        "B",
    )
    row_of(
        "seeds index, CPU (user + system, workers included)",
        lambda r: statistics.median(r["seeds_build"].cpu) if "seeds_build" in r else None,
        "s",
    )
    row_of(
        "FTS5 build, CPU",
        lambda r: statistics.median(r["fts5_build"].cpu) if "fts5_build" in r else None,
        "s",
    )
    if bundled and "floor_click" in bundled:
        lines += [
            "",
            f'Floor: `python -c "import click"` {bundled["floor_click"].spread()}; '
            f"`python -c pass` {bundled['floor_python'].spread()}.",
        ]

    # each query
    lines += [
        "",
        f"### Queries on {full['docs']} documents",
        "",
        "| query | kind | seeds | rg | FTS5 | tantivy | bm25s | seeds peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in full["queries"]:
        cells = [f"`{row['query']}`", row["label"]]
        for tool in ("seeds", "rg", "fts5", "tantivy", "bm25s"):
            cells.append(row[tool].spread() if tool in row else "–")
        cells.append(f"{row['seeds'].peak_mib:.0f} MiB" if "seeds" in row else "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_results(section: str) -> None:
    """Replace the performance section of RESULTS.md (other sections are left as they are)."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


# --- main ----------------------------------------------------------------------------------


def find_tools(args: argparse.Namespace) -> dict[str, Any]:
    notes: list[str] = []
    python = sys.executable
    seeds = Path(python).parent / "seeds"
    seeds_path = str(seeds) if seeds.exists() else shutil.which("seeds")
    if not seeds_path:
        raise SystemExit("no 'seeds' command next to this Python or on PATH: pip install -e .")
    env = dict(os.environ)
    # the package as installed: byte code compiled once (pip does this for a normal install)
    package = subprocess.run(
        [python, "-c", "import seeds_cli, os; print(os.path.dirname(seeds_cli.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [python, "-m", "compileall", "-q", package],
        env={k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"},
        check=False,
    )

    def has(command: str) -> bool:
        return output_of([seeds_path, command, "--help"], env)[0] == 0

    tools: dict[str, Any] = {
        "python": python,
        "seeds": seeds_path,
        "env": env,
        "notes": notes,
        "has_index": has("index"),
        "has_search": has("search"),
        "has_show": has("show"),
        "rg": shutil.which("rg"),
    }
    for command in ("index", "search", "show"):
        if not tools[f"has_{command}"]:
            notes.append(f"`seeds {command}` does not exist yet: its figures are skipped")
    if not tools["rg"]:
        notes.append("ripgrep (`rg`) is not installed (Debian: ripgrep): its figures are skipped")
    skipped = {name.strip() for name in args.skip.split(",") if name.strip()}
    for peer in ("tantivy", "bm25s"):
        if peer in skipped:
            tools[peer] = False
            notes.append(f"{peer} left out of this run (--skip)")
            continue
        ok = output_of([python, "-c", f"import {peer}"], env)[0] == 0
        tools[peer] = ok
        if not ok:
            notes.append(f"{peer} is not installed (pip install -e '.[bench]'): skipped")
    return tools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--sizes", default="1,1000,10000,all")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each command")
    parser.add_argument(
        "--build-repeat", type=int, default=3, help="timed runs of each index build"
    )
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "_work")
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md alone")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="take a size's figures from the last run's saved ones when there are (each "
        "ratio is still of one run: all figures of a size are measured together)",
    )
    parser.add_argument(
        "--skip", default="", help="peers to leave out, comma-separated (tantivy, bm25s)"
    )
    parser.add_argument("--unzip", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    started = time.monotonic()
    if args.unzip:
        unzip(args.unzip[0], args.unzip[1:])
        return
    args.work.mkdir(parents=True, exist_ok=True)
    work = args.work.resolve()
    tools = find_tools(args)
    results = []
    for size in args.sizes.split(","):
        size = size.strip()
        saved = work / f"result-{size}.json"
        if args.reuse and saved.exists():
            results.append(load(saved))
            print(f"size {size}: figures of the last run reused", file=sys.stderr)
            continue
        corpus = build_corpus(size, tools["seeds"], args.shared, work, tools["env"])
        print(f"size {size}: {corpus}", file=sys.stderr)
        results.append(bench_size(size, corpus, tools, args.repeat, args.build_repeat))
        save(results[-1], saved)
    floor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tools["notes"].append(
        f"peak RSS cannot read below this harness's own peak ({floor:.0f} MiB): the kernel "
        "counts the parent's pages in a spawned child's peak"
    )
    args.wall = time.monotonic() - started
    section = report(results, tools, args)
    print(section)
    if not args.no_write:
        write_results(section)
        print(f"written to {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
