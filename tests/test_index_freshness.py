"""Freshness: what a search checks (INDEX.md, the folders, the results it shows) and what
``seeds index``, ``--status`` and ``seeds check`` check (every file)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from seeds_cli.catalogue import load_catalogue
from seeds_cli.index import builder
from seeds_cli.index.freshness import build_key, changed_files, folders_of, staleness
from seeds_cli.index.store import IndexReader

PAST = time.time_ns() - 3600 * 10**9  # an hour ago: any change made now has another time


def _docs(n: int, folder: str = "") -> list[dict[str, str]]:
    return [
        {
            "id": f"d{i:03d}",
            "file": f"{folder}d{i:03d}.txt",
            "title": "مكة",
            "text": f"الرياض مكة {i}",
        }
        for i in range(n)
    ]


def _age(root: Path) -> None:
    """Date every file and folder of ``root`` an hour back (folders last: touching a file
    does not change its folder's time, but creating one does)."""
    for path in sorted(root.rglob("*"), key=lambda p: -len(p.parts)):
        os.utime(path, ns=(PAST, PAST))
    os.utime(root, ns=(PAST, PAST))


def _built(
    make_corpus: Callable[..., Path], tmp_path: Path, docs: list[dict[str, str]]
) -> tuple[Path, IndexReader]:
    corpus = make_corpus(docs, name="c")
    _age(corpus)
    catalogue = load_catalogue(corpus)
    path = tmp_path / "index" / "index.sqlite"
    builder.build_index(catalogue, path, build_key(corpus, (d.file for d in catalogue.documents)))
    return corpus, IndexReader(path)


def _edit_in_place(file: Path, text: str) -> None:
    with open(file, "r+b") as handle:  # the same file, rewritten: its folder does not change
        handle.truncate(0)
        handle.write(text.encode())


def test_folders_of_lists_every_folder_up_to_the_corpus() -> None:
    assert folders_of(["a/b/c.txt", "d.txt", "a/e.txt"]) == ["", "a", "a/b"]


def test_a_file_edited_in_place_is_seen_by_the_full_check_and_among_results(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(5))
    assert staleness(reader, corpus) is None
    _edit_in_place(corpus / "d003.txt", "نص جديد")
    # A search's check does not see it (its folder did not change): the documented gap ...
    assert staleness(reader, corpus) is None
    # ... but its results are checked before they are shown, and the full check sees it.
    assert changed_files(reader, corpus, [0, 3, 4]) == ["d003.txt"]
    assert changed_files(reader, corpus, [0, 1]) == []
    assert staleness(reader, corpus, every_file=True) == "d003.txt changed"


def test_same_size_other_time_is_a_change(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(5))
    last = corpus / "d004.txt"
    os.utime(last, ns=(PAST, PAST + 10**9))
    assert staleness(reader, corpus, every_file=True) == "d004.txt changed"
    assert changed_files(reader, corpus, [4]) == ["d004.txt"]
    os.utime(last, ns=(PAST, PAST))
    assert staleness(reader, corpus, every_file=True) is None


def test_an_editor_save_by_rename_is_seen_by_every_search(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(5, folder="news/"))
    new = corpus / "news" / ".d002.txt.swp"
    new.write_text("نص جديد", "utf-8")
    os.replace(new, corpus / "news" / "d002.txt")
    assert staleness(reader, corpus) == "news/d002.txt changed"


def test_a_deleted_or_renamed_file_is_seen_by_every_search(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(5))
    os.rename(corpus / "d001.txt", corpus / "d001-old.txt")
    assert staleness(reader, corpus) == "d001.txt is gone"
    os.rename(corpus / "d001-old.txt", corpus / "d001.txt")
    assert staleness(reader, corpus) is None  # the same file back: nothing to rebuild
    (corpus / "d000.txt").unlink()
    assert staleness(reader, corpus) == "d000.txt is gone"


def test_a_renamed_folder_is_seen(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(3, folder="2015/07/"))
    os.rename(corpus / "2015" / "07", corpus / "2015" / "08")
    assert staleness(reader, corpus) == "2015/07/d000.txt is gone"


def test_an_index_md_edit_is_seen(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(3))
    index_md = corpus / "INDEX.md"
    index_md.write_text(index_md.read_text("utf-8") + "\n", "utf-8")
    assert staleness(reader, corpus) == "INDEX.md changed"


def test_an_unrelated_new_file_costs_one_full_check(
    make_corpus: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(3))
    (corpus / "notes.md").write_text("an analyst's notes", "utf-8")
    assert staleness(reader, corpus) is None  # every file checked: all still match
    noted = json.loads(Path(reader.path + ".folders.json").read_text("utf-8"))
    assert noted["folders"][""] == (corpus.stat().st_mtime_ns)
    # The folder's new time is noted: the next search does not read the files' list again.
    monkeypatch.setattr(reader, "file_stats", lambda nums=None: pytest.fail("a file check"))
    assert staleness(reader, corpus) is None
    monkeypatch.undo()
    # A rename after that is seen as ever.
    os.replace(corpus / "notes.md", corpus / "d002.txt")
    assert staleness(reader, corpus) == "d002.txt changed"


def test_a_note_beside_another_index_is_ignored(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(3))
    noted = {"index": [0, 0, 0], "folders": {"": corpus.stat().st_mtime_ns + 1}}
    Path(reader.path + ".folders.json").write_text(json.dumps(noted), "utf-8")
    (corpus / "d001.txt").unlink()
    os.utime(corpus, ns=(PAST + 1, PAST + 1))
    assert staleness(reader, corpus) == "d001.txt is gone"


def test_an_index_without_folder_times_is_stale(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(2))
    reader.meta["folders"] = "{not json"
    assert staleness(reader, corpus) == "it was built by an older seeds"
    del reader.meta["folders"]
    assert staleness(reader, corpus) == "it was built by an older seeds"


def test_a_missing_corpus_folder_is_stale(make_corpus: Callable[..., Path], tmp_path: Path) -> None:
    corpus, reader = _built(make_corpus, tmp_path, _docs(3))
    index_md = (corpus / "INDEX.md").read_bytes()
    for child in corpus.iterdir():
        child.unlink()
    corpus.rmdir()
    assert staleness(reader, corpus) == "INDEX.md cannot be read"
    corpus.mkdir()
    (corpus / "INDEX.md").write_bytes(index_md)
    os.utime(corpus / "INDEX.md", ns=(PAST, PAST))
    assert staleness(reader, corpus) == "d000.txt is gone"


def test_open_index_builds_with_progress_and_reports_unreadable_files(
    make_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    from contextlib import contextmanager

    from seeds_cli.index.ready import open_index

    corpus = make_corpus(_docs(3), name="open")
    advanced: list[int] = []
    reported: list[list[str]] = []

    @contextmanager
    def progress(catalogue):  # type: ignore[no-untyped-def]
        assert len(catalogue) == 3
        yield advanced.append

    def load():  # type: ignore[no-untyped-def]
        catalogue = load_catalogue(corpus)
        (corpus / "d001.txt").unlink()  # listed, but gone by the time it is read
        return catalogue

    where = tmp_path / "indexes"
    reader = open_index(corpus, load, progress=progress, problems=reported.append, index_dir=where)
    assert reader.path.startswith(str(where)) and not (corpus / ".seeds-index").exists()
    assert reader.n_docs == 3
    assert sum(advanced) == 3
    assert len(reported) == 1 and "d001.txt" in reported[0][0]
    # The second call finds it fresh (the unreadable file counts as such) and builds nothing.
    again = open_index(
        corpus,
        pytest.fail,
        progress=progress,
        problems=reported.append,
        index_dir=where,
        every_file=True,
    )
    assert again.path == reader.path and len(reported) == 1


def test_building_inside_the_corpus_leaves_it_fresh(make_corpus: Callable[..., Path]) -> None:
    """Making <corpus>/.seeds-index changes the corpus folder's time: taken after that."""
    from seeds_cli.index.ready import find_index, open_index

    corpus = make_corpus(_docs(2), name="inside")
    _age(corpus)
    open_index(corpus, lambda: load_catalogue(corpus)).close()
    reader, note = find_index(corpus)
    assert note == "fresh" and reader is not None
    assert not Path(reader.path + ".folders.json").exists()  # no full check was needed


# -- through the command line ---------------------------------------------------------------


def _search(run: Callable[..., Result], corpus: Path, *args: str) -> Result:
    return run("--corpus", str(corpus), "search", *args)


def test_a_shown_result_is_never_stale(
    run: Callable[..., Result], make_corpus: Callable[..., Path]
) -> None:
    corpus = make_corpus(_docs(4), name="shown")
    _age(corpus)
    first = _search(run, corpus, "الرياض", "--format", "jsonl")
    assert first.exit_code == 0 and "d002" in first.stdout
    _edit_in_place(corpus / "d002.txt", "الرياض جدة الطائف")
    again = _search(run, corpus, "الرياض", "--format", "jsonl")
    assert again.exit_code == 0
    assert "d002.txt changed since the search index was built; rebuilding it" in again.stderr
    record = next(json.loads(line) for line in again.stdout.splitlines() if '"d002"' in line)
    assert "الطائف" in json.dumps(record, ensure_ascii=False)  # the new text, not the old
    # Edited so that it no longer matches: it is not shown at all.
    _edit_in_place(corpus / "d001.txt", "جدة فقط")
    third = _search(run, corpus, "الرياض", "--format", "ids")
    assert sorted(third.stdout.split()) == ["d000", "d002", "d003"]
    assert run("--corpus", str(corpus), "index", "--status").exit_code == 0  # rebuilt: fresh


def test_an_added_file_is_found(
    run: Callable[..., Result], make_corpus: Callable[..., Path]
) -> None:
    corpus = make_corpus(_docs(2), name="added")
    assert _search(run, corpus, "تبوك").exit_code == 1
    (corpus / "new.txt").write_text("أمطار تبوك", "utf-8")
    index_md = corpus / "INDEX.md"
    index_md.write_text(index_md.read_text("utf-8") + "\n## new\n\n- file: new.txt\n", "utf-8")
    found = _search(run, corpus, "تبوك", "--format", "ids")
    assert found.exit_code == 0 and found.stdout.split() == ["new"]


def test_status_index_and_check_compare_every_file(
    run: Callable[..., Result], make_corpus: Callable[..., Path]
) -> None:
    corpus = make_corpus(_docs(3), name="status")
    _age(corpus)
    assert _search(run, corpus, "مكة").exit_code == 0
    _edit_in_place(corpus / "d001.txt", "نص آخر")
    status = run("--corpus", str(corpus), "index", "--status")
    assert status.exit_code == 1
    assert "index: stale: d001.txt changed" in status.stdout
    check = run("--corpus", str(corpus), "check")
    assert (
        "note: the search index is stale: d001.txt changed — 'seeds index' rebuilds it"
        in check.stdout
    )
    rebuilt = run("--corpus", str(corpus), "index")
    assert rebuilt.exit_code == 0 and "documents" in rebuilt.stdout
    assert run("--corpus", str(corpus), "index", "--status").exit_code == 0
    assert "note:" not in run("--corpus", str(corpus), "check").stdout
