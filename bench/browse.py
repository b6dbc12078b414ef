"""How fast ``seeds browse`` is on a large corpus: start-up, and each keystroke's results.

    python bench/browse.py [--corpus DIR] [--repeat N] [--rounds N] [--no-write]

The corpus defaults to bench/_work/corpus-all, the 30,124-article SaudiNewsNet corpus that
``bench/run.py --sizes all`` imports (made here the same way if missing). Its index is built
first, so every figure is for a warm index. Three measurements:

* start-up: ``seeds browse`` as a whole process on a pseudo-terminal, from its start until
  the screen says it is ready (the index open, the search box live), and, with a query on
  the command line, until that query's results are drawn; wall clock and the CPU time the
  process had used by then; median, p90 and max of --repeat;
* keystrokes, end to end: the app run headless (Textual's pilot), each query typed one letter
  at a time at a typist's pace, --rounds times; for each keystroke the time from the key
  until the screen has been painted with its results and their passages, wall clock and
  CPU time (the whole process: the app and its search thread);
* keystrokes, the engine alone: the same prefixes through the app's search session (rank the
  first page, then the passages of the first screen), without the app; and the sources'
  counts for each, which the app asks for once the results are shown (they run before the
  next keystroke's search).

Queries have one to three words. The load average before and after is printed, since the
machine is shared. Results go into bench/RESULTS.md (the browse section).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from results import write_section  # bench/, this script's folder

REPO = Path(__file__).resolve().parent.parent
TARGET_START = 1.0  # seconds: usable within 1 s
TARGET_KEY = 0.100  # seconds: each keystroke's results
TYPIST = 0.15  # seconds between keystrokes (about 80 words a minute)
SCREEN_ROWS = 8  # results whose passages fill a 40-row screen

QUERIES = [
    "السعودية",
    "الحوثيين",
    "وزير الخارجية",
    "أسعار النفط",
    "كأس العالم",
    "خادم الحرمين الشريفين",
    "مجلس الأمن الدولي",
    "سوق الأسهم السعودية",
]


def prefixes(query: str) -> list[str]:
    """What the search box holds after each keystroke of ``query`` (spaces run nothing new)."""
    return [query[:k] for k in range(1, len(query) + 1) if not query[k - 1].isspace()]


def spread(values: list[float], scale: float = 1000) -> str:
    if not values:
        return "-"
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
    return (
        f"median {statistics.median(values) * scale:.0f}, p90 {p90 * scale:.0f}, "
        f"max {values[-1] * scale:.0f}"
    )


# -- start-up -------------------------------------------------------------------------------------

CSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z~]")


def time_startup(
    corpus: Path, query: str | None, marker: str, timeout: float = 30
) -> tuple[float, float]:
    """Seconds from spawning ``seeds browse`` on a pty until ``marker`` is on its screen: wall
    clock, and the CPU time the process had used by then (it is stopped at once)."""
    import fcntl
    import pty
    import select
    import signal
    import struct
    import termios

    argv = [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "browse"]
    if query:
        argv.append(query)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEEDS_", "VTE_"))}
    env["TERM"] = "xterm-256color"
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    raw = bytearray()
    elapsed = None
    cpu = float("nan")
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if ready:
                try:
                    raw.extend(os.read(fd, 65536))
                except OSError:
                    break
                if marker in CSI.sub("", raw.decode("utf-8", "replace")):
                    elapsed = time.perf_counter() - started
                    cpu = _cpu_seconds(pid)
                    break
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise SystemExit(f"seeds browse never showed {marker!r}")
    return elapsed, cpu


def _cpu_seconds(pid: int) -> float:
    """The user + system CPU time a running process has used, all its threads (Linux)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def startup(corpus: Path, repeat: int) -> dict[str, list[float]]:
    """Wall and CPU seconds of each start-up, ``repeat`` times (alternating, so that a change
    in the machine's load falls on both alike)."""
    out: dict[str, list[float]] = {
        k: [] for k in ("ready", "ready cpu", "with a query", "with a query cpu", "import click")
    }
    time_startup(corpus, None, "type to search")  # warm the file cache
    for _ in range(repeat):
        wall, cpu = time_startup(corpus, None, "type to search")
        out["ready"].append(wall)
        out["ready cpu"].append(cpu)
        wall, cpu = time_startup(corpus, "وزير الخارجية", "documents ·")
        out["with a query"].append(wall)
        out["with a query cpu"].append(cpu)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import click"], check=True)
        out["import click"].append(time.perf_counter() - t)
    return out


# -- keystrokes -----------------------------------------------------------------------------------


def open_session(corpus: Path):
    from seeds_cli.browse.session import Session
    from seeds_cli.cli.browse_cmd import _open_searcher
    from seeds_cli.cli.state import AppState

    state = AppState(corpus=str(corpus))
    session = Session(lambda: _open_searcher(state, False))
    session.wait_open()
    return session


def engine(corpus: Path) -> tuple[int, dict[int, dict[str, list[float]]]]:
    """The corpus's size; per number of words: rank times, and rank + first-screen passages."""
    session = open_session(corpus)
    docs = session.searcher.reader.n_docs
    from seeds_cli.errors import QueryError

    out: dict[int, dict[str, list[float]]] = {}
    try:
        session.submit(session.search, "السعودية", session.latest).result()  # first-query costs
        session.submit(session.corpus_sources).result()  # as the app does at start
        for query in QUERIES:
            for typed in prefixes(query):
                words = len(typed.split())
                started = time.perf_counter()
                try:
                    page = session.submit(session.search, typed, session.latest).result()
                except QueryError:
                    continue
                ranked = time.perf_counter()
                session.submit(session.passages, page, page.items[:SCREEN_ROWS]).result()
                done = time.perf_counter()
                session.submit(session.facets, page).result()
                counted = time.perf_counter()
                slot = out.setdefault(words, {"rank": [], "screen": [], "counts": []})
                slot["rank"].append(ranked - started)
                slot["screen"].append(done - started)
                slot["counts"].append(counted - done)
    finally:
        session.close()
    return docs, out


def end_to_end(corpus: Path, rounds: int = 1) -> dict[int, dict[str, list[float]]]:
    """Per number of words: key to the results with their passages painted on the screen,
    wall clock and CPU time (the whole process: the app and its search thread)."""
    from seeds_cli.browse.app import BrowseApp

    session = open_session(corpus)
    app = BrowseApp(session, mode="visual", heading="bench")
    out: dict[int, dict[str, list[float]]] = {}

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            while app.corpus_counts == {}:
                await pilot.pause(0.05)
            for query in QUERIES * rounds:
                await pilot.press("ctrl+u")
                await pilot.pause(0.5)
                for k, ch in enumerate(query):
                    typed = query[: k + 1]
                    pressed = time.perf_counter()
                    cpu = time.process_time()
                    await pilot.press(ch if ch != " " else "space")
                    if ch == " ":
                        await pilot.pause(TYPIST)
                        continue
                    deadline = pressed + 10
                    while app.shown.get("painted", ("", 0.0))[0] != typed.strip():
                        if time.perf_counter() > deadline or "error" in app.shown:
                            break
                        await pilot.pause(0.002)
                    used = time.process_time() - cpu
                    painted = app.shown.get("painted", ("", 0.0))
                    if painted[0] == typed.strip():
                        slot = out.setdefault(len(typed.split()), {"painted": [], "cpu": []})
                        slot["painted"].append(painted[1] - pressed)
                        slot["cpu"].append(used)
                    rest = TYPIST - (time.perf_counter() - pressed)
                    if rest > 0:
                        await pilot.pause(rest)

    asyncio.run(main())
    return out


# -- report ---------------------------------------------------------------------------------------


def report(
    corpus: Path,
    docs: int,
    boot: dict[str, list[float]],
    keys: dict[int, dict[str, list[float]]],
    eng: dict[int, dict[str, list[float]]],
    load: tuple[float, float],
) -> str:
    lines = [
        f"Corpus: {docs:,} documents ({corpus.name}), warm index; the machine's load average "
        f"was {load[0]:.1f} before and {load[1]:.1f} after (2 cores, shared: wall times grow "
        "with the load, CPU times much less). Times in ms.",
        "",
        "| start-up (whole process, pty) | wall | CPU | target |",
        "|---|---|---|---|",
    ]
    ready = statistics.median(boot["ready"])
    lines.append(
        f"| `seeds browse` until the search box is live | {spread(boot['ready'])} "
        f"| {spread(boot['ready cpu'])} | ≤ 1000 wall ({ready / TARGET_START:.2f}x of it) |"
    )
    lines.append(
        f"| `seeds browse 'وزير الخارجية'` until its results are drawn "
        f"| {spread(boot['with a query'])} | {spread(boot['with a query cpu'])} | |"
    )
    lines.append(f"| floor: `python -c 'import click'` | {spread(boot['import click'])} | | |")
    lines += [
        "",
        "| keystroke, by words typed | n | key to results painted: wall | CPU "
        "| engine: rank | engine: rank + first-screen passages | engine: sources' counts |",
        "|---|---|---|---|---|---|---|",
    ]
    for words in sorted(set(keys) | set(eng)):
        k = keys.get(words, {"painted": [], "cpu": []})
        e = eng.get(words, {"rank": [], "screen": [], "counts": []})
        lines.append(
            f"| {words} | {len(k['painted'])} | {spread(k['painted'])} | {spread(k['cpu'])} "
            f"| {spread(e['rank'])} | {spread(e['screen'])} | {spread(e['counts'])} |"
        )
    every = [v for k in keys.values() for v in k["painted"]]
    within = sum(v <= TARGET_KEY for v in every)
    cpu = [v for k in keys.values() for v in k["cpu"]]
    cpu_within = sum(v <= TARGET_KEY for v in cpu)
    lines += [
        "",
        f"Keystrokes whose results and passages were painted within 100 ms: {within} of "
        f"{len(every)} (wall); {cpu_within} of {len(cpu)} used at most 100 ms of CPU. Each "
        "keystroke is one more letter of: "
        + ", ".join(f"`{q}`" for q in QUERIES)
        + f"; typed {TYPIST * 1000:.0f} ms apart, in a 120x40 screen (8 results in view).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "bench" / "_work" / "corpus-all")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--repeat", type=int, default=5, help="Start-ups of each kind.")
    parser.add_argument("--rounds", type=int, default=2, help="Times each query is typed.")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    corpus = args.corpus
    if not (corpus / "INDEX.md").exists():
        sys.path.insert(0, str(REPO / "bench"))
        from run import build_corpus  # the same import of SaudiNewsNet as the main benchmark

        seeds = str(Path(sys.executable).with_name("seeds"))
        corpus = build_corpus("all", seeds, args.shared, corpus.parent, dict(os.environ))
    subprocess.run(
        [sys.executable, "-m", "seeds_cli", "--corpus", str(corpus), "index"], check=True
    )
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "seeds_cli")], check=True)
    before = os.getloadavg()[0]
    boot = startup(corpus, args.repeat)
    print("start-up:", {k: spread(v) for k, v in boot.items()}, file=sys.stderr)
    docs, eng = engine(corpus)
    keys = end_to_end(corpus, args.rounds)
    after = os.getloadavg()[0]
    text = report(corpus, docs, boot, keys, eng, (before, after))
    print(text)
    if not args.no_write:
        write_section("browse", "Browse: start-up and keystrokes", text)


if __name__ == "__main__":
    main()
