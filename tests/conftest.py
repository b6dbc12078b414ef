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
from hypothesis import HealthCheck, settings

from seeds_cli.catalogue.indexmd import Entry, Header, format_index

REPO = Path(__file__).resolve().parent.parent
SEED_FILE = REPO / "seeds" / "000_791b9733c10e92d3.txt"

# Property tests check behaviour, not speed: on a busy machine a slow draw must not fail them.
settings.register_profile("seeds", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("seeds")

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
        # None: unset during the call and restored after (--index-dir sets it in-process).
        environment: dict[str, str | None] = {"SEEDS_INDEX_DIR": None, **(env or {})}
        return runner.invoke(cli, list(args), input=input, env=environment, catch_exceptions=True)

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


# --- hostile-input helpers: raw corpora, a write guard, a subprocess runner -----------------


def tree_state(root: Path) -> dict[str, str]:
    """What every entry under ``root`` is, without following links or opening FIFOs/devices:
    a regular file's sha256, a link's target, or its kind. Index caches are left out."""
    import os
    import stat

    state: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".seeds-index"]
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            key = os.path.relpath(path, root)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[key] = "link:" + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    state[key] = hashlib.sha256(handle.read()).hexdigest()
            else:
                state[key] = f"kind:{stat.S_IFMT(info.st_mode):o}"
    return state


@pytest.fixture
def no_writes() -> Iterator[Callable[[Path], Path]]:
    """``watch(root)`` records a corpus folder; after the test nothing in it (nor in the bundled
    corpus) may have been created, changed or removed."""
    watched: dict[Path, dict[str, str]] = {REPO / "seeds": tree_state(REPO / "seeds")}

    def watch(root: Path) -> Path:
        watched[root] = tree_state(root)
        return root

    yield watch
    for root, before in watched.items():
        assert tree_state(root) == before, f"a command modified the corpus at {root}"


def raw_corpus(
    root: Path,
    files: Mapping[str, bytes | str] | None = None,
    *,
    index: str | bytes | None = None,
    entries: Sequence[tuple[str, Mapping[str, str]]] = (),
) -> Path:
    """A corpus written byte for byte: ``index`` as given, or front matter plus ``entries``
    (id, fields) with values unescaped, so hostile metadata reaches the parser as it is."""
    root.mkdir(parents=True, exist_ok=True)
    for name, data in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if index is None:
        parts = ["---\ntitle: Hostile corpus\nlang: ar\n---\n"]
        for doc_id, fields in entries:
            parts.append(f"\n## {doc_id}\n\n")
            parts.extend(f"- {key}: {value}\n" for key, value in fields.items())
        index = "".join(parts)
    (root / "INDEX.md").write_bytes(index.encode("utf-8") if isinstance(index, str) else index)
    return root


def run_seeds(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    input: bytes | None = None,
    cwd: Path | None = None,
) -> Any:
    """Run ``python -m seeds_cli`` in a real process (bytes out); a hang fails after ``timeout``."""
    import os
    import subprocess
    import sys

    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SEEDS_CORPUS", "SEEDS_BIDI", "SEEDS_INDEX_DIR", "NO_COLOR", "FORCE_COLOR")
    }
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "seeds_cli", *args],
        capture_output=True,
        env=full_env,
        timeout=timeout,
        input=input,
        cwd=cwd,
        check=False,
    )


def assert_one_line_error(stderr: str, *fragments: str) -> str:
    """stderr is exactly one ``seeds: error: WHAT — HINT`` line holding every fragment."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, f"expected one error line, got: {stderr!r}"
    line = lines[0]
    assert line.startswith("seeds: error: "), line
    assert " — " in line, f"no hint saying what to do: {line!r}"
    assert "internal error" not in line, line
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    assert line.isprintable(), f"control characters in {line!r}"
    return line
