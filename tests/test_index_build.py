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
import json, resource, sys
from seeds_cli.catalogue import load_catalogue
from seeds_cli.index.builder import build_index
catalogue = load_catalogue(sys.argv[1])
build_index(catalogue, sys.argv[2], {})
# this process's own peak (VmHWM: ru_maxrss would count the test runner it was forked from)
# and its worker processes' (forked from this small one)
with open("/proc/self/status") as status:
    own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"docs": len(catalogue), "peak_kib": max(own, workers)}))
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
        [sys.executable, "-c", MEMORY_SCRIPT, str(corpus), str(tmp_path / "i.sqlite")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    figures = json.loads(done.stdout)
    assert figures["docs"] == 20_000
    assert figures["peak_kib"] < 150 * 1024  # about 78 MiB on Linux, CPython 3.11
    assert IndexReader(tmp_path / "i.sqlite").n_docs == 20_000


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
