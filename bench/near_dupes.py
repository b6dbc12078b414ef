"""Stories (near-duplicates) on SaudiNewsNet, against the exact resemblance; their cost; and
what grouping does to the first page of results.

    python bench/near_dupes.py [--snn DIR] [--work DIR] [--pairs 60] [--seed 13]
                               [--no-build] [--no-write]

The corpus is the known-item corpus of ``known_item.py`` (SaudiNewsNet imported with
``--dedupe``, articles without their headlines): copied from ``bench/_work/known-item/corpus``
when it exists, else imported; it lives in ``--work`` (default ``bench/_work/near-dupes``).

- **cost**: the index is built in this process with one worker (so that seconds are CPU
  seconds), timed; the index records the seconds it spent on stories. The size of the index
  with and without its ``stories`` table, both after ``VACUUM``.
- **truth**: every document's set of 5-word shingles (64-bit hashes of runs of five
  normalized words); every pair of documents whose exact Jaccard resemblance is 0.3 or more
  is found with prefix filtering (each document's rarest shingles; no pair is missed), and
  each pair the stories put together is measured too. Precision and recall of "in one
  story" against "resemblance >= 0.8" over all of them (the census).
- **sample**: ``--pairs`` pairs per resemblance stratum (0.3 and above exhaustive; below 0.3
  from pairs that share a shingle), their resemblance computed again from Python sets of
  word 5-tuples, independently of the hashing: the share put in one story, per stratum.
- **effect**: first-page (top 10) results that grouping folds into a story shown above
  them, over the 1,000 dev headlines and 20 topical queries; and whether the known item
  stays on the first page (itself, or named as a copy of the story shown).

It prints a report and writes it between the ``near-dupes`` markers of ``RESULTS.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from results import write_section  # bench/, this script's folder

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
LOW = 0.3  # every pair at or above this resemblance is found
STRATA = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.01)
TOPICAL = (
    "الحج",
    "أسعار النفط",
    "الحوثيين في اليمن",
    "عاصفة الحزم",
    "داعش",
    "الاتفاق النووي مع إيران",
    "تفجير مسجد",
    "فيروس كورونا",
    "العام الدراسي الجديد",
    "الانتخابات البلدية",
    "سوق الأسهم السعودية",
    "الإسكان",
    "الهلال والنصر",
    "الأمطار والسيول",
    "وزارة العمل السعودة",
    "حرس الحدود",
    "الملك سلمان",
    "ولي العهد",
    "مهرجان",
    "حوادث المرور",
)


# -- the corpus and the index ------------------------------------------------------------------


def prepare_corpus(work: Path, snn: str | None) -> Path:
    corpus = work / "corpus"
    if (corpus / "INDEX.md").exists():
        return corpus
    shared = REPO / "bench" / "_work" / "known-item" / "corpus"
    if (shared / "INDEX.md").exists():
        print(f"copying {shared} …", file=sys.stderr)
        shutil.copytree(shared, corpus, ignore=shutil.ignore_patterns(".seeds-index"))
        return corpus
    sys.path.insert(0, str(HERE))
    import known_item

    return known_item.build_corpus(known_item.find_snn(snn, work), work)


def build(corpus: Path, catalogue: Any) -> dict[str, float]:
    """Build the index with one worker, timed; its stories' seconds and sizes."""
    from seeds_cli.index.builder import build_index
    from seeds_cli.index.location import build_path, fingerprint

    path = build_path(corpus)
    started = time.perf_counter()
    build_index(catalogue, path, fingerprint(corpus), workers=1)
    seconds = time.perf_counter() - started
    with sqlite3.connect(path) as db:
        stories_seconds = float(
            db.execute("SELECT value FROM meta WHERE key = 'stories_seconds'").fetchone()[0]
        )
    return {"build": seconds, "stories": stories_seconds, **sizes(Path(path))}


def sizes(path: Path) -> dict[str, float]:
    """The index's size after VACUUM, with and without the stories table."""
    out = {}
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        for name, drop in (("size", False), ("size_without", True)):
            copy = Path(tmp) / f"{name}.sqlite"
            shutil.copyfile(path, copy)
            db = sqlite3.connect(copy)
            if drop:
                db.execute("DROP TABLE stories")
            db.execute("VACUUM")
            db.close()
            out[name] = copy.stat().st_size
    return out


# -- the truth -------------------------------------------------------------------------------


def shingle_sets(texts: list[str]) -> list[np.ndarray]:
    from seeds_cli.index.stories import _distinct, text_shingles

    return [_distinct(text_shingles(t)) for t in texts]


def candidate_pairs(sets: list[np.ndarray], threshold: float) -> np.ndarray:
    """Every pair (i < j) that can have a Jaccard resemblance of ``threshold`` or more (prefix
    filtering: ordered rarest first, two such sets share a shingle among each one's first
    ``n - ceil(threshold * n) + 1``), as an (m, 2) array without repeats."""
    n = len(sets)
    sizes = np.array([len(s) for s in sets], dtype=np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
    flat = np.concatenate(sets)
    uniq, inverse, df = np.unique(flat, return_inverse=True, return_counts=True)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.lexsort((uniq, df))] = np.arange(len(uniq))
    token = rank[inverse]
    order = np.lexsort((token, owner))
    token, owner = token[order], owner[order]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    prefix = sizes - np.ceil(threshold * sizes).astype(np.int64) + 1
    keep = np.arange(len(token)) - starts[owner] < prefix[owner]
    token, owner = token[keep], owner[keep]
    order = np.lexsort((owner, token))
    token, owner = token[order], owner[order]
    firsts = np.flatnonzero(np.concatenate(([True], token[1:] != token[:-1])))
    counts = np.diff(np.append(firsts, len(token)))
    found = []
    for size in np.unique(counts[counts > 1]).tolist():
        grid = owner[firsts[counts == size][:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(size, k=1)
        found.append(np.stack((grid[:, i].ravel(), grid[:, j].ravel()), axis=1))
    pairs = np.concatenate(found)
    codes = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack((codes // n, codes % n), axis=1)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def python_jaccard(text_a: str, text_b: str) -> float:
    """The resemblance again, from Python sets of word 5-tuples (no hashing)."""
    from seeds_cli.index.stories import SHINGLE, terms_of

    def grams(text: str) -> set[tuple[str, ...]]:
        words = terms_of(text)
        if len(words) < SHINGLE:
            return {tuple(words)} if words else set()
        return {tuple(words[k : k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)}

    a, b = grams(text_a), grams(text_b)
    return len(a & b) / len(a | b) if a and b else 0.0


def truth(sets: list[np.ndarray], story: dict[int, int]) -> dict[tuple[int, int], float]:
    """The exact resemblance of every pair at LOW or more, of every pair sharing a prefix
    shingle, and of every pair the stories put together."""
    pairs = {(int(a), int(b)) for a, b in candidate_pairs(sets, LOW)}
    members: dict[int, list[int]] = {}
    for doc, rep in story.items():
        members.setdefault(rep, []).append(doc)
    for docs in members.values():
        docs.sort()
        pairs.update((a, b) for k, a in enumerate(docs) for b in docs[k + 1 :])
    return {p: jaccard(sets[p[0]], sets[p[1]]) for p in sorted(pairs)}


def census(
    resemblance: dict[tuple[int, int], float], story: dict[int, int], sets: list[np.ndarray]
) -> dict[str, Any]:
    def together(a: int, b: int) -> bool:
        return a in story and story.get(b) == story[a]

    tp = fp = fn = star = 0
    for (a, b), value in resemblance.items():
        predicted, true = together(a, b), value >= 0.8
        tp += predicted and true
        fp += predicted and not true
        fn += true and not predicted
        if true and not predicted:  # a star around the earliest copy: is that why?
            reps = {story[x] for x in (a, b) if x in story}
            star += all(
                jaccard(sets[x], sets[rep]) < 0.8
                for rep in reps
                for x in (a, b)
                if story.get(x) != rep
            )
    links = [(d, r) for d, r in story.items() if d != r]
    link_ok = sum(resemblance[(min(d, r), max(d, r))] >= 0.8 for d, r in links)
    return {
        "pairs": len(resemblance),
        "true": tp + fn,
        "predicted": tp + fp,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "missed_star": star,
        "links": len(links),
        "links_ok": link_ok,
        "stories": len(set(story.values())),
        "in_stories": len(story),
    }


def sample(
    resemblance: dict[tuple[int, int], float],
    story: dict[int, int],
    texts: list[str],
    per_stratum: int,
    seed: int,
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    items = sorted(resemblance.items())
    for low, high in itertools.pairwise(STRATA):
        pool = [p for p, v in items if low <= v < high]
        chosen = rng.sample(pool, min(per_stratum, len(pool)))
        together = [a in story and story.get(b) == story[a] for a, b in chosen]
        again = [python_jaccard(texts[a], texts[b]) for a, b in chosen]
        rows.append(
            {
                "stratum": f"[{low:.1f}, {high:.1f})" if high <= 1.0 else "1.0",
                "population": len(pool),
                "sampled": len(chosen),
                "together": sum(together),
                "python_true": sum(v >= 0.8 for v in again),
                "python_together": sum(
                    t and v >= 0.8 for t, v in zip(together, again, strict=True)
                ),
                "max_diff": max(
                    (abs(v - resemblance[p]) for v, p in zip(again, chosen, strict=True)),
                    default=0.0,
                ),
            }
        )
    return rows


# -- grouping's effect -----------------------------------------------------------------------


def effect(catalogue: Any, dev: Path) -> dict[str, Any]:
    from seeds_cli import api

    searcher = api.open_searcher(catalogue)
    by_url = {d.url: d.id for d in catalogue.documents if d.url}
    out: dict[str, Any] = {}
    headlines = [json.loads(line) for line in dev.read_text("utf-8").splitlines() if line]
    for name, queries in (("dev", headlines), ("topical", [{"query": q} for q in TOPICAL])):
        removed = affected = shown = 0
        found = found_grouped = 0
        for item in queries:
            page = api.search(searcher, item["query"], limit=10, passages=0)
            stories = [h.story or h.id for h in page.hits]
            folded = len(stories) - len(set(stories))
            removed += folded
            affected += folded > 0
            shown += len(page.hits)
            targets = {by_url[u] for u in item.get("urls", []) if u in by_url}
            if targets:
                found += any(h.id in targets for h in page.hits)
                grouped = api.search(searcher, item["query"], limit=10, passages=0, group=True)
                found_grouped += any(
                    h.id in targets or any(c.id in targets for c in h.copies) for h in grouped.hits
                )
        out[name] = {
            "queries": len(queries),
            "shown": shown,
            "removed": removed,
            "affected": affected,
            "found": found,
            "found_grouped": found_grouped,
        }
    return out


# -- the report ------------------------------------------------------------------------------


def report(
    cost: dict[str, float], cen: dict[str, Any], rows: list[dict[str, Any]], eff: dict[str, Any]
) -> str:
    from seeds_cli.index.stories import BANDS, BINS, ROWS, SHINGLE, THRESHOLD

    lines = [
        f"SaudiNewsNet, the known-item corpus ({cen['docs']:,} documents, imported with "
        f"`--dedupe`); {SHINGLE}-word shingles, threshold {THRESHOLD}, {BINS} MinHash bins in "
        f"{BANDS} bands of {ROWS}. `python bench/near_dupes.py`, one run.",
        "",
        f"**Stories**: {cen['stories']:,} stories with {cen['in_stories']:,} documents.",
        "",
        "**Against the exact resemblance** (census: every pair at 0.3 or more, found by prefix "
        f"filtering, and every pair in one story: {cen['pairs']:,} pairs; "
        f"{cen['true']:,} at 0.8 or more):",
        "",
        "| | goal | measured |",
        "|---|---|---|",
        f"| precision (pairs in one story that resemble at ≥ 0.8) | ≥ 0.95 | "
        f"{cen['precision']:.4f} ({cen['predicted']:,} pairs) |",
        f"| recall (pairs at ≥ 0.8 put in one story) | ≥ 0.90 | "
        f"{cen['recall']:.4f} ({cen['true']:,} pairs) |",
        f"| members that resemble their representative at ≥ 0.8 | | "
        f"{cen['links_ok']:,} of {cen['links']:,} |",
        "",
        f"Of the {cen['true'] - round(cen['recall'] * cen['true']):,} pairs at ≥ 0.8 in no "
        f"one story, {cen['missed_star']:,} are a document that resembles a copy of the "
        "other's story but not its representative (a story is a star around its earliest "
        "copy, so that every member resembles it at 0.8); the rest, a document that resembles "
        "two stories' representatives and joined the nearer one.",
        "",
        "**Stratified sample** (resemblance recomputed from Python sets of word 5-tuples, no "
        "hashing; below 0.3 the pool is the pairs sharing a rare shingle, not every pair):",
        "",
        "| resemblance | pairs in stratum | sampled | put in one story | ≥ 0.8 by Python sets |"
        " max difference |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['stratum']} | {r['population']:,} | {r['sampled']} | {r['together']} | "
            f"{r['python_true']} | {r['max_diff']:.4f} |"
        )
    sampled = sum(r["sampled"] for r in rows)
    share = cost["stories"] / cost["build"]
    growth = cost["size"] / cost["size_without"] - 1
    lines += [
        "",
        f"{sampled} pairs sampled.",
        "",
        "**Cost** (index built in one process, one worker; both sides of the ratio in the same build):",
        "",
        "| | goal | measured |",
        "|---|---|---|",
        f"| stories' share of the build time | ≤ 15% | {share:.1%} "
        f"({cost['stories']:.1f} s of {cost['build']:.1f} s) |",
        f"| index size growth from the stories table (after VACUUM) | ≤ 10% | {growth:.2%} "
        f"({cost['size_without'] / 1e6:.1f} MB → {cost['size'] / 1e6:.1f} MB) |",
        "",
        "**Grouping's effect on the first page** (top 10):",
        "",
        "| queries | results on first pages | folded into a story above | queries affected |"
        " known item on page 1: ungrouped | grouped (shown or named as a copy) |",
        "|---|---|---|---|---|---|",
    ]
    for name, label in (("dev", "1,000 dev headlines"), ("topical", "20 topical queries")):
        e = eff[name]
        known = (f"{e['found']}", f"{e['found_grouped']}") if name == "dev" else ("–", "–")
        lines.append(
            f"| {label} | {e['shown']:,} | {e['removed']:,} ({e['removed'] / max(1, e['shown']):.1%})"
            f" | {e['affected']:,} | {known[0]} | {known[1]} |"
        )
    lines += ["", "Topical queries: " + ", ".join(f"`{q}`" for q in TOPICAL) + "."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--snn", help="SaudiNewsNet JSON folder (else the shared zips)")
    parser.add_argument("--work", type=Path, default=HERE / "_work" / "near-dupes")
    parser.add_argument("--dev", type=Path, default=SHARED / "eval" / "known-item-dev.jsonl")
    parser.add_argument("--pairs", type=int, default=60, help="pairs sampled per stratum")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-build", action="store_true", help="use the index already built")
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from seeds_cli.catalogue import load_catalogue
    from seeds_cli.index.location import build_path
    from seeds_cli.index.store import IndexReader

    args.work.mkdir(parents=True, exist_ok=True)
    corpus = prepare_corpus(args.work, args.snn)
    catalogue = load_catalogue(corpus)
    if args.no_build:
        cost = {"build": float("nan"), "stories": float("nan"), **sizes(Path(build_path(corpus)))}
    else:
        print("building the index …", file=sys.stderr)
        cost = build(corpus, catalogue)
    reader = IndexReader(build_path(corpus))
    rows_ = reader.stories()
    reader.close()
    size: dict[int, int] = {}
    for _num, rep, _score in rows_:
        size[rep] = size.get(rep, 0) + 1
    # Stories of two or more (a document alone with copies an import recorded is left out).
    story = {num: rep for num, rep, _score in rows_ if size[rep] > 1}
    print("shingling …", file=sys.stderr)
    texts = [d.text for d in catalogue.documents]
    sets = shingle_sets(texts)
    print("measuring pairs …", file=sys.stderr)
    resemblance = truth(sets, story)
    cen = {**census(resemblance, story, sets), "docs": len(texts)}
    rows = sample(resemblance, story, texts, args.pairs, args.seed)
    print("searching …", file=sys.stderr)
    eff = effect(catalogue, args.dev)
    text = report(cost, cen, rows, eff)
    print(text)
    if not args.no_write:
        write_section("near-dupes", "Stories: near-duplicates", text)


if __name__ == "__main__":
    main()
