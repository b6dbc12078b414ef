"""In-process ranking evaluation: known-item MRR@10, S@1 and S@10 of given parameters.

    python bench/tune.py CORPUS [--queries FILE ...] [--set NAME=VALUE ...] [--ablate]
                         [--grid NAME=V1,V2,...] [--limit N]

Opens the corpus's built index once (``seeds index`` it first, e.g. bench/known_item.py's
corpus: the SaudiNewsNet articles without their headlines) and ranks every headline of each
``--queries`` file (default: the training set), clean and noisy, with a
:class:`~seeds_cli.query.ranker.Ranker` of the given :class:`~seeds_cli.query.params.Params`.
Queries are read leniently, as ``seeds search`` reads them. Prints, per file and reading,
MRR@10 ± one standard error, S@1 and S@10:

* ``--set k1=1.0 --set prox=0`` changes parameters from their defaults;
* ``--ablate`` scores the defaults, then each feature beyond BM25F + lead switched off in turn
  (short-query tiers, stopwords, exact twins, verb variants, preposition forms, a phrase's
  words, the flatter idf, proximity, title and lead weights), with the difference to the defaults per query paired (its own standard
  error); ``--only NAME`` runs the named ablations only;
* ``--grid NAME=V1,V2`` scores each value of one parameter;
* ``--stories`` tries "the original first" (tried, not kept): the members of one story among
  the best 100 are put together at the rank of the best of them, earliest date first (then
  document number); once for every story, once for identical copies only (resemblance 1).

Tune on the training set; check on the development set (``--queries`` twice for both).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from seeds_cli.index.query import read_query  # noqa: E402
from seeds_cli.index.store import IndexReader  # noqa: E402
from seeds_cli.query import rerank  # noqa: E402
from seeds_cli.query.params import Params  # noqa: E402
from seeds_cli.query.ranker import Ranker  # noqa: E402
from seeds_cli.query.scoring import TermCache  # noqa: E402

K = 10

# Each feature beyond BM25F + lead, switched off (``--ablate``).
ABLATIONS: dict[str, dict[str, float]] = {
    "no exact twins": {"w_exact": 0.0},
    "no verb variants": {"w_verb": 0.0},
    "no preposition forms": {"w_prep": 0.0},
    "no phrase words (w_phrase_word=0)": {"w_phrase_word": 0.0},
    "plain idf (idf_power=1)": {"idf_power": 1.0},
    "no proximity": {"prox": 0.0},
    "no title weight (w_title=1)": {"w_title": 1.0},
    "no lead weight (w_lead=0)": {"w_lead": 0.0},
    "BM25F + lead only": {"w_exact": 0.0, "w_verb": 0.0, "prox": 0.0},
    "plain BM25 (b_body=0.75, no extras)": {
        "w_exact": 0.0,
        "w_verb": 0.0,
        "prox": 0.0,
        "w_lead": 0.0,
        "w_title": 1.0,
    },
}


@dataclass
class Item:
    query: str
    noisy: str
    gold: set[int]


def open_index(corpus: Path) -> IndexReader:
    """The corpus's built index, read-only: in $SEEDS_INDEX_DIR if set, as the CLI reads it."""
    import os

    from seeds_cli.index.location import index_candidates

    for candidate in index_candidates(corpus, os.environ.get("SEEDS_INDEX_DIR")):
        if Path(candidate).is_file():
            return IndexReader(candidate)
    sys.exit(f"{corpus}: no built index (run 'seeds --corpus {corpus} index')")


def load_items(path: Path, reader: IndexReader) -> list[Item]:
    by_url: dict[str, int] = {}
    for info in reader.documents(list(reader.all_docs())):
        if info.url:
            by_url.setdefault(info.url, info.num)
    items = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold = {by_url[u] for u in row["urls"] if u in by_url}
            items.append(Item(" ".join(row["query"].split()), " ".join(row["noisy"].split()), gold))
    return items


def without_stopwords(text: str) -> str:
    """The query's words less the stopwords (as the analyzer forms them)."""
    from seeds_cli.analysis import Analyzer
    from seeds_cli.analysis.stopwords import analyzed_stopwords

    stop, analyzer = analyzed_stopwords()[0], Analyzer()
    return " ".join(w for w in text.split() if analyzer.term(w) not in stop)


Reorder = Callable[[list[int]], list[int]]


def story_order(reader: IndexReader, identical: bool) -> Reorder:
    """``--stories``: the members of one story in a ranking put together at the rank of the
    best of them, earliest first (undated last, then by document number)."""
    story = {n: s for n, s, score in reader.stories() if not identical or score >= 1.0}
    dates = {i.num: i.date or "" for i in reader.documents(list(story))}

    def reorder(docs: list[int]) -> list[int]:
        members: dict[int, list[int]] = {}
        for d in docs:
            if d in story:
                members.setdefault(story[d], []).append(d)
        out: list[int] = []
        for d in docs:
            if d not in story:
                out.append(d)
            elif story[d] in members:
                out += sorted(members.pop(story[d]), key=lambda m: (not dates[m], dates[m], m))
        return out

    return reorder


def reciprocal_ranks(
    ranker: Ranker,
    queries: list[str],
    gold: list[set[int]],
    stopwords: bool = True,
    reorder: Reorder | None = None,
) -> list[float]:
    """Each query's 1/rank of its first relevant document in the top K (0 if none)."""
    out = []
    for text, ok in zip(queries, gold, strict=True):
        query = read_query(text if stopwords else without_stopwords(text))
        rr = 0.0
        if not query.empty:
            docs = [h.doc for h in ranker.rank(query.tree, top=100 if reorder else K).hits]
            for rank, doc in enumerate(reorder(docs)[:K] if reorder else docs, 1):
                if doc in ok:
                    rr = 1.0 / rank
                    break
        out.append(rr)
    return out


def summary(rr: list[float]) -> dict[str, float]:
    n = len(rr) or 1
    mean = sum(rr) / n
    var = sum((x - mean) ** 2 for x in rr) / max(n - 1, 1)
    return {
        "MRR": mean,
        "SE": math.sqrt(var / n),
        "S@1": sum(x == 1.0 for x in rr) / n,
        "S@10": sum(x > 0 for x in rr) / n,
    }


def paired_se(a: list[float], b: list[float]) -> float:
    """The standard error of the mean of per-query differences ``b - a``."""
    d = [y - x for x, y in zip(a, b, strict=True)]
    n = len(d) or 1
    mean = sum(d) / n
    return math.sqrt(sum((x - mean) ** 2 for x in d) / max(n - 1, 1) / n)


def parse_value(name: str, text: str) -> float | int:
    kinds = {f.name: type(f.default) for f in fields(Params)}
    if name not in kinds:
        sys.exit(f"no parameter {name!r}; known: {', '.join(kinds)}")
    return kinds[name](float(text)) if kinds[name] is int else float(text)


def parse_set(items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        name, _, value = item.partition("=")
        out[name] = parse_value(name, value)
    return out


class Runner:
    """Scores variants of the parameters over the query files on one open index."""

    def __init__(
        self,
        reader: IndexReader,
        files: dict[str, list[Item]],
        base: Params,
        readings: tuple[str, ...] = ("clean", "noisy"),
    ) -> None:
        self.reader = reader
        self.readings = readings
        self.files = files
        self.base = base
        self.baseline: dict[tuple[str, str], list[float]] = {}
        # Postings are the same whatever the parameters: decoded once for every variant.
        self.cache = TermCache(reader, budget=2 << 30)  # bytes

    def run(
        self,
        name: str,
        params: Params,
        short_tiers: bool = True,
        stopwords: bool = True,
        reorder: Reorder | None = None,
    ) -> None:
        started = time.perf_counter()
        saved = rerank.SHORT_QUERY
        rerank.SHORT_QUERY = rerank.SHORT_QUERY if short_tiers else 0
        try:
            ranker = Ranker(self.reader, params=params, cache=self.cache)
            cells = []
            for fname, items in self.files.items():
                gold = [it.gold for it in items]
                for reading in self.readings:
                    queries = [it.query if reading == "clean" else it.noisy for it in items]
                    rr = reciprocal_ranks(ranker, queries, gold, stopwords, reorder)
                    s = summary(rr)
                    key = (fname, reading)
                    cell = f"{s['MRR']:.3f}±{s['SE']:.3f} {s['S@1']:.3f} {s['S@10']:.3f}"
                    if key in self.baseline:
                        base = self.baseline[key]
                        diff = s["MRR"] - sum(base) / len(base)
                        cell += f" Δ{diff:+.3f}±{paired_se(base, rr):.3f}"
                    else:
                        self.baseline[key] = rr
                    cells.append(cell)
        finally:
            rerank.SHORT_QUERY = saved
        seconds = time.perf_counter() - started
        print(f"| {name} | " + " | ".join(cells) + f" | {seconds:.0f} s |", flush=True)

    def header(self) -> None:
        cols = [f"{f} {r}" for f in self.files for r in self.readings]
        print("| ranking | " + " | ".join(cols) + " | time |")
        print("|---" * (len(cols) + 2) + "|")
        print("(each cell: MRR@10±SE S@1 S@10, and the paired difference to the first row)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="an indexed corpus (see bench/known_item.py)")
    parser.add_argument(
        "--queries", type=Path, action="append", help="known-item file (default: train)"
    )
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--ablate", action="store_true", help="switch each feature off in turn")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2")
    parser.add_argument(
        "--only", action="append", default=[], metavar="ABLATION", help="run only these ablations"
    )
    parser.add_argument(
        "--stories", action="store_true", help="try the earliest member of a story first"
    )
    parser.add_argument("--limit", type=int, help="the first N queries of each file")
    parser.add_argument(
        "--clean-only", action="store_true", help="the clean headlines only (half the time)"
    )
    args = parser.parse_args()

    reader = open_index(args.corpus)
    files = {}
    for path in args.queries or [SHARED / "eval" / "known-item-train.jsonl"]:
        items = load_items(path, reader)
        files[path.stem.removeprefix("known-item-")] = items[: args.limit]
    base = replace(Params(), **parse_set(args.set))
    print(f"{reader.n_docs} documents; " + ", ".join(f"{k}: {len(v)}" for k, v in files.items()))
    runner = Runner(reader, files, base, ("clean",) if args.clean_only else ("clean", "noisy"))
    runner.header()
    runner.run("defaults" + (" " + " ".join(args.set) if args.set else ""), base)
    if args.ablate:
        wanted = set(args.only) or {"no short-query tiers", "no stopwords", *ABLATIONS}
        if "no short-query tiers" in wanted:
            runner.run("no short-query tiers", base, short_tiers=False)
        if "no stopwords" in wanted:
            runner.run("no stopwords (left out of the query)", base, stopwords=False)
        for name, change in ABLATIONS.items():
            if name in wanted:
                runner.run(name, replace(base, **change))
    if args.stories:
        runner.run("stories: earliest first", base, reorder=story_order(reader, False))
        runner.run("identical copies: earliest first", base, reorder=story_order(reader, True))
    for grid in args.grid:
        name, _, values = grid.partition("=")
        for value in values.split(","):
            runner.run(f"{name}={value}", replace(base, **{name: parse_value(name, value)}))


if __name__ == "__main__":
    main()
