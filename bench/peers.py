"""The peers ``run.py`` measures seeds against, each run as its own process.

    python bench/peers.py fts5-build DB CORPUS      python bench/peers.py fts5-query DB QUERY
    python bench/peers.py tantivy-build DIR CORPUS  python bench/peers.py tantivy-query DIR QUERY
    python bench/peers.py bm25s-build DIR CORPUS    python bench/peers.py bm25s-query DIR QUERY

CORPUS is a seeds corpus folder; every peer indexes the same ``*.txt`` files seeds does. A query
prints the ids of the ten best documents, as ``seeds search --format ids`` does. Each command
imports only what it needs, so the peer pays its own start-up and nothing more.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

LIMIT = 10


def texts(corpus: str) -> Iterator[tuple[str, str]]:
    """(id, text) of every ``*.txt`` file of the corpus, in name order."""
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".txt"):
            with open(os.path.join(corpus, name), encoding="utf-8") as handle:
                yield name[:-4], handle.read()


def fts5_build(db: str, corpus: str) -> None:
    import sqlite3

    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=OFF")
    connection.execute("PRAGMA synchronous=OFF")
    connection.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body)")
    connection.executemany("INSERT INTO docs(id, body) VALUES (?, ?)", texts(corpus))
    connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    connection.commit()
    connection.close()


def fts5_query(db: str, query: str) -> None:
    import sqlite3

    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = connection.execute(
        "SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?", (query, LIMIT)
    )
    sys.stdout.write("".join(f"{row[0]}\n" for row in rows))


def tantivy_build(path: str, corpus: str) -> None:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("body", stored=False)
    schema = builder.build()
    os.makedirs(path, exist_ok=True)
    index = tantivy.Index(schema, path=path)
    writer = index.writer()
    for doc_id, text in texts(corpus):
        writer.add_document(tantivy.Document(id=doc_id, body=text))
    writer.commit()
    writer.wait_merging_threads()


def tantivy_query(path: str, query: str) -> None:
    import tantivy

    index = tantivy.Index.open(path)
    searcher = index.searcher()
    hits = searcher.search(index.parse_query(query, ["body"]), LIMIT).hits
    sys.stdout.write("".join(f"{searcher.doc(address)['id'][0]}\n" for _, address in hits))


def bm25s_build(path: str, corpus: str) -> None:
    import bm25s

    ids, bodies = zip(*texts(corpus), strict=True)
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(list(bodies), show_progress=False), show_progress=False)
    retriever.save(path, corpus=[{"id": doc_id} for doc_id in ids])


def bm25s_query(path: str, query: str) -> None:
    import bm25s

    retriever = bm25s.BM25.load(path, load_corpus=True, mmap=True)
    tokens = bm25s.tokenize([query], show_progress=False)
    k = min(LIMIT, len(retriever.corpus))
    docs, _ = retriever.retrieve(tokens, k=k, show_progress=False)
    sys.stdout.write("".join(f"{doc['id']}\n" for doc in docs[0]))


COMMANDS = {
    "fts5-build": fts5_build,
    "fts5-query": fts5_query,
    "tantivy-build": tantivy_build,
    "tantivy-query": tantivy_query,
    "bm25s-build": bm25s_build,
    "bm25s-query": bm25s_query,
}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2], sys.argv[3])
