"""``seeds init``: write an INDEX.md for a folder of text files that has none.

Every ``*.txt`` file under the folder (hidden folders skipped, as ``seeds check`` skips them)
becomes one entry: its id from the file name, its title from its first non-empty line, its
language guessed from the script, its sha256 computed. Dates and sources are left for the
maintainer to fill in. A file that ``seeds check`` would reject (not UTF-8, empty, NUL bytes,
too large, a link leading outside the folder) is reported; by default nothing is written then,
so the new INDEX.md always passes ``seeds check``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from seeds_cli.catalogue.files import (
    DEFAULT_MAX_FILE_SIZE,
    FileProblem,
    decode_text,
    read_bytes,
    resolve_inside,
    write_text_atomic,
)
from seeds_cli.catalogue.indexmd import Entry, Header, format_index, is_valid_id, one_line
from seeds_cli.errors import CorpusError

INDEX_NAME = "INDEX.md"
TITLE_MAX = 120  # characters; a first line longer than this is a paragraph, not a headline
_ID_BAD_CHARS = re.compile(r"[^A-Za-z0-9._-]+")

INTRO = """\
# {title}

Written by `seeds init` on {today}: one section per text file. Titles are each file's first
line and languages are guessed from the script; check them, and add `source`, `date`, `url`
or `tags` lines where you know them. Run `seeds check` after editing."""


@dataclass
class InitReport:
    """What ``init_corpus`` found and wrote."""

    index: Path
    entries: list[Entry] = field(default_factory=list)
    bad_files: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)
    written: bool = False

    @property
    def languages(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries:
            lang = entry.fields.get("lang", "")
            counts[lang] = counts.get(lang, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def find_text_files(root: Path) -> list[str]:
    """Relative paths (with '/') of every ``*.txt`` under ``root``, hidden folders skipped, sorted.

    Symlinked folders are not followed, so the walk cannot loop or leave the corpus.
    """
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(".txt"):
                relative = os.path.relpath(os.path.join(folder, name), root)
                found.append(relative.replace(os.sep, "/"))
    # Sort by path components so 'a/b.txt' sorts with folder 'a', not between 'a-x' and 'a.txt'.
    return sorted(found, key=lambda p: p.split("/"))


def make_id(path: str, data: bytes, used: set[str]) -> str:
    """An id from the file name: its stem made to fit ``[A-Za-z0-9][A-Za-z0-9._-]*``, unique.

    A name with nothing usable left (all Arabic letters, say) falls back to a prefix of the
    text's sha256, as ``seeds import`` does. Clashes get '-2', '-3' … appended.
    """
    stem = path.rsplit("/", 1)[-1].removesuffix(".txt")
    base = _ID_BAD_CHARS.sub("-", stem).strip("-._")[:100]
    if not base or not is_valid_id(base):
        base = hashlib.sha256(data).hexdigest()[:12]
    candidate = base
    counter = 2
    while candidate in used:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def title_of(text: str) -> str:
    """The first non-empty line, on one line, cut at a word boundary if it runs past TITLE_MAX."""
    for line in text.splitlines():
        title = one_line(line)
        if title:
            break
    else:
        return ""
    if len(title) <= TITLE_MAX:
        return title
    cut = title[:TITLE_MAX]
    space = cut.rfind(" ")
    if space > TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:،؛") + "…"


def init_corpus(
    root: Path,
    *,
    force: bool = False,
    skip_bad: bool = False,
    title: str = "",
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    progress: Callable[[int], None] | None = None,
) -> InitReport:
    """Write ``root/INDEX.md`` listing every text file under ``root``; return what was done.

    Raises CorpusError when ``root`` is not a folder, when INDEX.md exists and ``force`` is
    false, or when no text file was found. Files that cannot be catalogued are collected in
    ``report.bad_files``; unless ``skip_bad`` is true, INDEX.md is then left unwritten.
    """
    from seeds_cli.catalogue.importer import guess_lang

    root = Path(root)
    if not root.is_dir():
        raise CorpusError(
            f"{root} is not a folder", hint="give the folder that holds the text files"
        )
    index = root / INDEX_NAME
    if (index.exists() or index.is_symlink()) and not force:
        raise CorpusError(
            f"{index} already exists",
            hint="edit it, or add --force to replace it with a fresh one",
        )
    report = InitReport(index)
    paths = find_text_files(root)
    if not paths:
        raise CorpusError(f"no .txt files under {root}", hint="seeds init catalogues *.txt files")
    used: set[str] = set()
    for path in paths:
        if progress:
            progress(1)
        try:
            data = read_bytes(resolve_inside(root, path), max_file_size)
            if not data.strip():
                raise FileProblem("is empty", "add the text or remove the file")
            if b"\x00" in data:
                raise FileProblem("contains NUL bytes", "it looks binary; remove it")
            text = decode_text(data)
        except FileProblem as exc:
            report.bad_files.append((path, f"{exc.message} — {exc.hint}"))
            continue
        doc_id = make_id(path, data, used)
        used.add(doc_id)
        fields = {
            "file": path,
            "title": title_of(text),
            "lang": guess_lang(text),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        report.entries.append(Entry(doc_id, 0, {k: v for k, v in fields.items() if v}))
    if report.bad_files and not skip_bad:
        return report
    if not report.entries:
        raise CorpusError(
            f"none of the {len(paths)} .txt files under {root} could be catalogued",
            hint="fix the files reported above",
        )
    corpus_title = title or root.resolve().name or "Corpus"
    today = _dt.date.today().isoformat()
    header = Header(
        title=corpus_title,
        description=f"Indexed by seeds init on {today}: {len(report.entries)} text files.",
    )
    intro = INTRO.format(title=one_line(corpus_title), today=today)
    write_text_atomic(index, format_index(header, report.entries, intro))
    report.written = True
    return report
