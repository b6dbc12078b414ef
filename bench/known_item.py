"""Known-item search evaluation on SaudiNewsNet: seeds against bm25s, SQLite FTS5 and tantivy.

Builds a corpus of the articles' content WITHOUT their headlines (so a headline cannot match
itself) through ``seeds import``, runs every headline of the evaluation file (clean and noisy)
through ``seeds search --batch``, and prints MRR@10, S@1 and S@10 for seeds and each peer.

    python bench/known_item.py [--snn DIR_OR_ZIPS] [--queries FILE] [--work DIR] [--no-peers]

Peers (optional ``bench`` extra: ``pip install -e '.[bench]'``): bm25s over ``\\w+`` tokens,
bm25s over normalized tokens with PyStemmer's Arabic Snowball stemmer, SQLite FTS5
(unicode61, remove_diacritics 2, terms OR-ed, bm25()) and tantivy's default tokenizer. They all
index the same documents as seeds.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared"
SEEDS = [sys.executable, "-m", "seeds_cli"]
K = 10
BUILD_TIMES: dict[str, float] = {}


def find_snn(arg: str | None, work: Path) -> list[Path]:
    """The SaudiNewsNet JSON files: given folder, /tmp/snn, or unpacked from the shared zips."""
    for folder in [arg, "/tmp/snn"]:
        if folder and Path(folder).is_dir():
            files = sorted(Path(folder).glob("*.json"))
            if files:
                return files
    out = work / "snn"
    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(glob.glob(str(SHARED / "corpora" / "saudinewsnet" / "*.zip"))):
        with zipfile.ZipFile(name) as z:
            z.extractall(out)
    files = sorted(out.rglob("*.json"))
    if not files:
        sys.exit("SaudiNewsNet JSON files not found: give --snn DIR")
    return files


def build_corpus(files: list[Path], work: Path) -> Path:
    """seeds import of the articles without titles (text = content, with url, source, date)."""
    corpus = work / "corpus"
    if (corpus / "INDEX.md").exists():
        return corpus
    records = work / "snn-untitled.jsonl"
    with open(records, "w", encoding="utf-8") as out:
        for path in files:
            for rec in json.loads(path.read_text("utf-8")):
                row = {
                    "text": rec.get("content", ""),
                    "url": rec.get("url", ""),
                    "source": rec.get("source", ""),
                    "date": rec.get("date_extracted", ""),
                    "lang": "ar",
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    subprocess.run(
        [
            *SEEDS,
            "import",
            str(records),
            "--to",
            str(corpus),
            "--dedupe",
            "--title",
            "SNN untitled",
        ],
        check=True,
    )
    return corpus


def load_docs(corpus: Path) -> tuple[list[str], list[str], dict[str, str]]:
    """(ids, texts, url -> id) of the corpus, read through the catalogue."""
    sys.path.insert(0, str(REPO))
    from seeds_cli.catalogue import load_catalogue

    cat = load_catalogue(corpus)
    ids = [d.id for d in cat.documents]
    texts = [d.text for d in cat.documents]
    by_url = {d.url: d.id for d in cat.documents if d.url}
    return ids, texts, by_url


def score(runs: list[list[str]], gold: list[set[str]]) -> dict[str, float]:
    rr = s1 = s10 = 0.0
    for ranked, ok in zip(runs, gold, strict=True):
        for rank, doc in enumerate(ranked[:K], 1):
            if doc in ok:
                rr += 1.0 / rank
                s1 += rank == 1
                s10 += 1
                break
    n = len(gold) or 1
    return {"MRR@10": rr / n, "S@1": s1 / n, "S@10": s10 / n}


def run_seeds(
    corpus: Path, queries: list[str], work: Path, extra: list[str]
) -> tuple[list[list[str]], float]:
    qfile = work / "queries.txt"
    qfile.write_text("\n".join(q.replace("\n", " ") for q in queries) + "\n", "utf-8")
    started = time.perf_counter()
    proc = subprocess.run(
        [
            *SEEDS,
            "--corpus",
            str(corpus),
            "search",
            "--batch",
            str(qfile),
            "--format",
            "jsonl",
            "--limit",
            str(K),
            *extra,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        sys.exit(f"seeds search failed: {proc.stderr}")
    runs = [[r["id"] for r in json.loads(line)["results"]] for line in proc.stdout.splitlines()]
    return runs, elapsed


# -- peers ---------------------------------------------------------------------------------------

WORD = re.compile(r"\w+")
HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})
INDIC = str.maketrans({chr(0x660 + i): str(i) for i in range(10)})


def arabic_normalize(text: str) -> str:
    return HARAKAT.sub("", text).translate(LETTERS).translate(INDIC).lower()


def peer_bm25s(ids: list[str], texts: list[str], queries: list[str], stem: bool) -> list[list[str]]:
    import bm25s

    stemmer = None
    if stem:
        import Stemmer

        arabic = Stemmer.Stemmer("arabic")
        stemmer = arabic.stemWords

    def tok(batch: list[str]) -> list[list[str]]:
        out = []
        for t in batch:
            words = WORD.findall(arabic_normalize(t) if stem else t.lower())
            out.append(stemmer(words) if stemmer else words)
        return out

    retriever = bm25s.BM25()
    retriever.index(tok(texts), show_progress=False)
    qtoks = [[w for w in q if w in retriever.vocab_dict] for q in tok(queries)]
    runs = []
    for q in qtoks:
        if not q:
            runs.append([])
            continue
        docs, _ = retriever.retrieve([q], k=K, show_progress=False)
        runs.append([ids[i] for i in docs[0]])
    return runs


def peer_fts5(ids: list[str], texts: list[str], queries: list[str]) -> list[list[str]]:
    started = time.perf_counter()
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    db.executemany(
        "INSERT INTO t(rowid, body) VALUES (?, ?)", ((i, x) for i, x in enumerate(texts))
    )
    db.commit()
    BUILD_TIMES["SQLite FTS5"] = time.perf_counter() - started
    runs = []
    for q in queries:
        words = WORD.findall(q)
        if not words:
            runs.append([])
            continue
        match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
        rows = db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, K)
        ).fetchall()
        runs.append([ids[r[0]] for r in rows])
    return runs


def peer_tantivy(ids: list[str], texts: list[str], queries: list[str]) -> list[list[str]]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False)
    builder.add_integer_field("n", stored=True, indexed=False, fast=True)
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer()
    for i, x in enumerate(texts):
        writer.add_document(tantivy.Document(body=x, n=i))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    runs = []
    for q in queries:
        words = WORD.findall(q)
        if not words:
            runs.append([])
            continue
        query = index.parse_query(" ".join(words), ["body"])
        hits = searcher.search(query, K).hits
        runs.append([ids[searcher.doc(addr)["n"][0]] for _, addr in hits])
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--snn", help="folder of SaudiNewsNet *.json (default /tmp/snn or the zips)"
    )
    parser.add_argument("--queries", default=str(SHARED / "eval" / "known-item-dev.jsonl"))
    parser.add_argument("--work", default=str(HERE / "_work" / "known-item"))
    parser.add_argument("--no-peers", action="store_true", help="measure seeds only")
    parser.add_argument("--seeds-args", default="", help="extra arguments for seeds search")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    os.environ.pop("SEEDS_INDEX_DIR", None)

    corpus = build_corpus(find_snn(args.snn, work), work)
    lines = Path(args.queries).read_text("utf-8").splitlines()
    items = [json.loads(line) for line in lines if line.strip()]
    ids, texts, by_url = load_docs(corpus)
    gold = [{by_url[u] for u in it["urls"] if u in by_url} for it in items]
    missing = sum(1 for g in gold if not g)
    print(
        f"{len(ids)} documents, {len(items)} queries ({missing} without a document in the corpus)"
    )

    table: list[tuple[str, dict[str, float], dict[str, float]]] = []
    started = time.perf_counter()
    subprocess.run([*SEEDS, "--corpus", str(corpus), "index"], check=True, capture_output=True)
    print(f"seeds index: {time.perf_counter() - started:.1f} s")
    extra = args.seeds_args.split()
    clean, t_clean = run_seeds(corpus, [it["query"] for it in items], work, extra)
    noisy, t_noisy = run_seeds(corpus, [it["noisy"] for it in items], work, extra)
    print(
        f"seeds search --batch: {t_clean:.1f} s clean, {t_noisy:.1f} s noisy ({len(items)} queries each)"
    )
    table.append(("seeds", score(clean, gold), score(noisy, gold)))

    if not args.no_peers:
        peers = [
            ("bm25s, \\w+ tokens, lower-cased", lambda q: peer_bm25s(ids, texts, q, False)),
            ("bm25s, normalized + Snowball Arabic", lambda q: peer_bm25s(ids, texts, q, True)),
            ("SQLite FTS5 unicode61, OR, bm25()", lambda q: peer_fts5(ids, texts, q)),
            ("tantivy, default tokenizer", lambda q: peer_tantivy(ids, texts, q)),
        ]
        for name, run in peers:
            try:
                c = run([it["query"] for it in items])
                n = run([it["noisy"] for it in items])
            except ImportError as exc:
                print(f"skipped {name}: {exc} (pip install -e '.[bench]')")
                continue
            table.append((name, score(c, gold), score(n, gold)))

    for name, seconds in BUILD_TIMES.items():
        print(f"{name} build (in memory, from texts already read): {seconds:.1f} s")
    print()
    print("| system | clean MRR@10 | S@1 | S@10 | noisy MRR@10 | S@1 | S@10 |")
    print("|---|---|---|---|---|---|---|")
    for name, c, n in table:
        print(
            f"| {name} | {c['MRR@10']:.3f} | {c['S@1']:.3f} | {c['S@10']:.3f} "
            f"| {n['MRR@10']:.3f} | {n['S@1']:.3f} | {n['S@10']:.3f} |"
        )


if __name__ == "__main__":
    main()
