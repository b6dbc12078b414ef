"""The index build: spool files and their merge, interruption, damage, progress, memory."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from seeds_cli.catalogue import load_catalogue
from seeds_cli.errors import CorruptIndexError
from seeds_cli.index import builder, spool
from seeds_cli.index.spool import read_spool, write_spool
from seeds_cli.index.store import IndexReader
from tests.conftest import REPO, write_corpus
from tests.test_index_store import many_docs, rows
from tests.test_show_cmd import run_in_pty


def spooled(path: Path, rows: list[tuple[str, int, bytes, bytes]]) -> str:
    write_spool(str(path), rows)
    return str(path)


def test_spool_round_trip_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool, "BLOCK_ROWS", 3)
    written = [(f"term{i:02d}", i, bytes([i]) * i, b"p" * (i % 4)) for i in range(10)]
    written.append(("كلمة", 7, b"", b"\x00\xff"))
    assert list(read_spool(spooled(tmp_path / "s", written))) == written


def test_merge_joins_a_terms_segments_in_file_order(tmp_path: Path) -> None:
    first = spooled(tmp_path / "1", [("a", 1, b"A1", b"a1"), ("c", 2, b"C1", b"c1")])
    second = spooled(tmp_path / "2", [("b", 1, b"B2", b"b2"), ("c", 3, b"C2", b"c2")])
    third = spooled(tmp_path / "3", [("a", 4, b"A3", b"a3"), ("c", 1, b"C3", b"c3")])
    assert list(builder.merge_spools([first, second, third])) == [
        ("a", 5, b"A1A3", b"a1a3"),
        ("b", 1, b"B2", b"b2"),
        ("c", 6, b"C1C2C3", b"c1c2c3"),
    ]


def test_merge_across_many_blocks_equals_a_plain_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spool, "BLOCK_ROWS", 3)
    rng = random.Random(5)
    words = [f"w{i:03d}" for i in range(60)] + ["كلمة", "كتب", "\U0001f600"]
    files, expected = [], {}
    for n in range(5):
        chosen = sorted(rng.sample(words, rng.randrange(0, 30)))
        written = [(w, n + 1, f"P{n}{w}".encode(), f"p{n}".encode()) for w in chosen]
        files.append(spooled(tmp_path / str(n), written))
        for w, df, post, pos in written:
            was = expected.get(w, (w, 0, b"", b""))
            expected[w] = (w, was[1] + df, was[2] + post, was[3] + pos)
    assert list(builder.merge_spools(files)) == [expected[w] for w in sorted(expected)]


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage"])
def test_a_damaged_spool_is_detected(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "s"
    write_spool(str(path), [(f"t{i}", 1, b"post" * i, b"pos") for i in range(50)])
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x40
    elif damage == "truncate":
        del data[-5:]
    else:
        data[:4] = b"XXXX"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptIndexError, match="segment of the index being built is damaged"):
        list(read_spool(str(path)))


def test_the_build_stops_on_a_damaged_segment_and_keeps_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "c", many_docs(40))
    catalogue = load_catalogue(corpus)
    index = tmp_path / "idx" / "index.sqlite"
    builder.build_index(catalogue, index, {})
    before = index.read_bytes()

    def write_damaged(path: str, blocks: object) -> None:
        spool.write_blocks(path, blocks)  # type: ignore[arg-type]
        with open(path, "r+b") as handle:
            handle.seek(30)
            handle.write(b"\xff\xfe")

    monkeypatch.setattr(builder, "write_blocks", write_damaged)
    with pytest.raises(CorruptIndexError):
        builder.build_index(catalogue, index, {}, workers=1)
    assert index.read_bytes() == before
    assert os.listdir(index.parent) == ["index.sqlite"]  # no spool or temporary file left


def test_an_interrupted_build_leaves_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "c", many_docs(40))
    catalogue = load_catalogue(corpus)
    index = tmp_path / "idx" / "index.sqlite"
    builder.build_index(catalogue, index, {})
    before = rows(index)

    def interrupted(files: list[str]) -> object:
        assert all(os.path.exists(f) for f in files)  # interrupted with spool files about
        raise KeyboardInterrupt

    monkeypatch.setattr(builder, "merge_spools", interrupted)
    monkeypatch.setattr(builder, "BATCH_DOCS", 9)
    with pytest.raises(KeyboardInterrupt):
        builder.build_index(catalogue, index, {}, workers=2)
    assert rows(index) == before
    assert os.listdir(index.parent) == ["index.sqlite"]


def test_progress_moves_before_the_first_segment_is_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "c", many_docs(40))
    catalogue = load_catalogue(corpus)
    events: list[str] = []
    slow = builder._invert

    def slow_invert(*args: object) -> object:  # runs in the workers, forked to inherit it
        time.sleep(0.5)
        return slow(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(builder, "_invert", slow_invert)
    monkeypatch.setattr(builder, "_pool_context", lambda: multiprocessing.get_context("fork"))
    real_add = builder.StoryBuilder.add
    monkeypatch.setattr(
        builder.StoryBuilder,
        "add",
        lambda self, *a: (events.append("segment"), real_add(self, *a))[1],
    )
    counted: list[int] = []
    builder.build_index(
        catalogue,
        tmp_path / "i.sqlite",
        {},
        workers=2,
        progress=lambda n: (counted.append(n), events.append("progress")),
    )
    assert events[0] == "progress"
    assert sum(counted) == 40


def test_the_first_search_says_once_that_it_builds_the_index(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c", many_docs(12))
    env = {"SEEDS_INDEX_DIR": str(tmp_path / "indexes")}
    first = run_in_pty("--corpus", str(corpus), "search", "الرياض", env=env).decode()
    assert "building the search index of 12 documents: only this once" in first
    again = run_in_pty("--corpus", str(corpus), "search", "الرياض", env=env).decode()
    assert "building the search index" not in again


MEMORY_SCRIPT = """
import json, os, resource, sys
from seeds_cli.cli.main import cli
os.environ["SEEDS_INDEX_DIR"] = sys.argv[2]
try:
    cli(["--corpus", sys.argv[1], "index"])  # as `seeds index` builds
except SystemExit as end:
    assert not end.code, end.code
# this process's own peak (VmHWM: ru_maxrss would count the test runner it was forked from)
# and its worker processes' (started afresh)
with open("/proc/self/status") as status:
    own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"own_kib": own, "workers_kib": workers}))
"""


@pytest.mark.skipif(
    not os.path.exists("/proc/self/status"), reason="reads the peak RSS from /proc (Linux)"
)
def test_building_20000_documents_stays_within_a_memory_bound(tmp_path: Path) -> None:
    rng = random.Random(14)
    vocabulary = [f"كلمة{n}" for n in range(4000)]
    docs = [{"id": f"d{n}", "text": " ".join(rng.choices(vocabulary, k=12))} for n in range(20_000)]
    corpus = write_corpus(tmp_path / "big", docs, checksums=False)
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(corpus), str(tmp_path / "indexes")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    figures = json.loads(done.stdout.splitlines()[-1])
    # about 60 and 80 MiB on Linux, CPython 3.11 (the main process held the whole catalogue
    # before it read INDEX.md as the build went: 69 MiB here, 430 MiB at 300,000 documents)
    assert figures["own_kib"] < 96 * 1024
    assert figures["workers_kib"] < 120 * 1024
    (index,) = (tmp_path / "indexes").rglob("index.sqlite")
    assert IndexReader(index).n_docs == 20_000


def test_max_file_size_applies_to_index_md_too(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from seeds_cli.cli.main import cli

    corpus = write_corpus(tmp_path / "c", many_docs(5))
    runner = CliRunner()
    small = runner.invoke(cli, ["--corpus", str(corpus), "--max-file-size", "100", "list"])
    assert small.exit_code == 2
    assert "INDEX.md: is " in small.output and "over the 100-byte limit" in small.output
    large = runner.invoke(cli, ["--corpus", str(corpus), "--max-file-size", "1M", "list"])
    assert large.exit_code == 0, large.output


# -- the build reads INDEX.md as it goes (seeds_cli.index.listing) ---------------------------


def _whole_index(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, but the build's own timing."""
    import sqlite3

    db = sqlite3.connect(path)
    out = {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in builder.SPACES}
    for table in ("docs", "stories"):
        out[table] = db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    out["meta"] = db.execute(
        "SELECT * FROM meta WHERE key != 'stories_seconds' ORDER BY 1"
    ).fetchall()
    db.close()
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_a_listing_read_as_the_build_goes_gives_the_catalogues_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    from seeds_cli.index.freshness import build_key
    from seeds_cli.index.listing import read_listing

    docs = many_docs(45)
    rng = random.Random(7)
    vocabulary = [f"كلمة{n}" for n in range(300)]
    stories = [" ".join(rng.choices(vocabulary, k=80)) for _ in range(7)]
    for n, doc in enumerate(docs):
        if n % 3:
            del doc["date"]  # undated documents come last in a story's order
        if n % 4 == 0:
            doc["lang"] = "en"
        if n % 5 == 0:
            doc["copies"] = f"sabq 2021-01-0{n % 9 + 1} https://example.com/{n}"
        doc["text"] = stories[n % 7] + " " + doc["text"]  # near-duplicates: stories
    corpus = write_corpus(tmp_path / "c", docs)
    monkeypatch.setattr(builder, "BATCH_DOCS", 8)
    catalogue = load_catalogue(corpus)
    key = build_key(corpus, (d.file for d in catalogue.documents))
    builder.build_index(catalogue, tmp_path / "a.sqlite", key, workers=workers)
    listing = read_listing(corpus, 1 << 20)
    assert len(listing) == 45
    builder.build_index(listing, tmp_path / "b.sqlite", workers=workers)
    assert _whole_index(tmp_path / "a.sqlite") == _whole_index(tmp_path / "b.sqlite")


def test_story_order_from_the_docs_table_is_pythons(tmp_path: Path) -> None:
    from seeds_cli.index.store import IndexWriter
    from seeds_cli.index.stories import story_order

    rng = random.Random(3)
    keys = [
        (rng.choice(["", "2015", "2015-07-01", "2015-07-01T10:00", "2014-12-31"]), doc_id)
        for doc_id in rng.sample(["a", "B", "b1", "b-1", "z", "é", "ع", "9", "a.b", "_"], 10)
    ]
    writer = IndexWriter(tmp_path / "w.sqlite")
    writer.add_docs((n, i, "", "", "", d, "", "", 0, 0, 0) for n, (d, i) in enumerate(keys))
    assert writer.story_order() == story_order(keys)
    writer.abort()


def test_an_error_in_index_md_stops_the_build_as_loading_does(tmp_path: Path) -> None:
    from seeds_cli.errors import CorpusError
    from seeds_cli.index.listing import read_listing

    corpus = write_corpus(tmp_path / "c", many_docs(40))
    index = tmp_path / "idx" / "index.sqlite"
    builder.build_index(load_catalogue(corpus), index, {})
    before = index.read_bytes()
    text = (corpus / "INDEX.md").read_text(encoding="utf-8")
    text = text.replace("- date: 2021-03-01", "- date: 2021-13-01", 2)
    (corpus / "INDEX.md").write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as loading:
        load_catalogue(corpus)
    with pytest.raises(CorpusError) as building:
        builder.build_index(read_listing(corpus, 1 << 20), index, workers=2)
    assert str(building.value) == str(loading.value)
    assert "invalid date '2021-13-01'" in str(loading.value) and "1 more" in str(loading.value)
    assert index.read_bytes() == before
    assert os.listdir(index.parent) == ["index.sqlite"]


@pytest.mark.parametrize("command", [["index"], ["search", "الرياض"]])
def test_the_command_line_builds_without_loading_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from click.testing import CliRunner

    from seeds_cli.cli.main import cli
    from seeds_cli.cli.state import AppState

    corpus = write_corpus(tmp_path / "c", many_docs(12))
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.setattr(AppState, "catalogue", lambda self: pytest.fail("catalogue loaded"))
    result = CliRunner().invoke(cli, ["--corpus", str(corpus), *command])
    assert result.exit_code in (0, 1), result.output
    (index,) = (tmp_path / "indexes").rglob("index.sqlite")
    assert IndexReader(index).n_docs == 12
