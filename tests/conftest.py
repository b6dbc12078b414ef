"""Shared fixtures: small corpora built in a temporary folder, and a CLI runner.

Tests never read ../shared; every corpus they use is built here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from seeds_cli.catalogue.indexmd import Entry, Header, format_index

REPO = Path(__file__).resolve().parent.parent
SEED_FILE = REPO / "seeds" / "000_791b9733c10e92d3.txt"

SAMPLE_DOCS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "title": "الكتاب في المكتبة",
        "source": "okaz",
        "date": "2015-07-21",
        "lang": "ar",
        "text": "قرأ المعلمون الكتاب في المكتبات العامة.\n\nوزار الوزير المكتبة.",
    },
    {
        "id": "b2",
        "title": "Ministry news",
        "source": "sabq",
        "date": "2015-08-02",
        "lang": "en",
        "url": "https://example.com/b2",
        "text": "The ministry announced new libraries in Riyadh.",
    },
    {
        "id": "b3",
        "title": "سيارات جديدة",
        "source": "okaz",
        "date": "2015-08-15",
        "lang": "ar",
        "text": "عرضت الشركة سياراتها الجديدة في معرض الرياض.",
    },
]


def write_corpus(
    root: Path,
    docs: Sequence[Mapping[str, Any]],
    *,
    title: str = "Test corpus",
    lang: str = "ar",
    checksums: bool = True,
) -> Path:
    """Write text files and INDEX.md for ``docs`` (each: id, text or raw bytes, metadata)."""
    root.mkdir(parents=True, exist_ok=True)
    entries = []
    for doc in docs:
        file = doc.get("file", f"{doc['id']}.txt")
        data = doc["raw"] if "raw" in doc else doc["text"].encode("utf-8")
        if doc.get("write", True):
            (root / file).parent.mkdir(parents=True, exist_ok=True)
            (root / file).write_bytes(data)
        fields = {
            k: (", ".join(v) if isinstance(v, list) else str(v))
            for k, v in doc.items()
            if k not in ("id", "text", "raw", "write")
        }
        fields["file"] = file
        if checksums:
            fields["sha256"] = hashlib.sha256(data).hexdigest()
        entries.append(Entry(doc["id"], 0, fields))
    (root / "INDEX.md").write_text(format_index(Header(title=title, lang=lang), entries), "utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A three-document corpus (Arabic and English)."""
    return write_corpus(tmp_path / "corpus", SAMPLE_DOCS)


@pytest.fixture
def make_corpus(tmp_path: Path) -> Callable[..., Path]:
    """Build a corpus from a list of docs: ``make_corpus(docs, name="c")``."""

    def make(docs: Sequence[Mapping[str, Any]], name: str = "c", **kwargs: Any) -> Path:
        return write_corpus(tmp_path / name, docs, **kwargs)

    return make


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the ``seeds`` CLI in-process, isolated from the caller's SEEDS_* environment."""
    from seeds_cli.cli.main import cli

    for name in ("SEEDS_CORPUS", "SEEDS_BIDI", "SEEDS_INDEX_DIR", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)

    def invoke(
        *args: str, input: str | None = None, env: Mapping[str, str] | None = None
    ) -> Result:
        runner = CliRunner()
        return runner.invoke(
            cli, list(args), input=input, env=dict(env or {}), catch_exceptions=True
        )

    return invoke


def corpus_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (index caches excluded), to prove nothing was modified."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".seeds-index" not in p.parts
    }


@pytest.fixture
def unchanged(corpus: Path) -> Iterator[Path]:
    """The sample corpus, asserting after the test that none of its files changed."""
    before = corpus_hashes(corpus)
    yield corpus
    assert corpus_hashes(corpus) == before
