"""``seeds check``: every problem of a corpus, each tied to a file and line, without writing anything."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from seeds_cli.catalogue.catalogue import INDEX_NAME, read_index
from seeds_cli.catalogue.files import (
    DEFAULT_MAX_FILE_SIZE,
    FileProblem,
    decode_text,
    read_bytes,
    resolve_inside,
)
from seeds_cli.catalogue.indexmd import Entry, Problem, unsafe_path_reason


@dataclass
class CheckResult:
    problems: list[Problem]
    documents: int

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")


def check_corpus(
    root: Path,
    *,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    progress: Callable[[int], None] | None = None,
) -> CheckResult:
    """All problems found in ``root``: INDEX.md parse errors, then per-file problems, then strays."""
    parsed = read_index(root, max_file_size)
    problems = list(parsed.problems)
    index_name = str(root / INDEX_NAME)
    listed: set[str] = set()
    for entry in parsed.entries:
        problems.extend(_check_entry(root, entry, index_name, max_file_size))
        file = entry.fields.get("file", "")
        if file:
            listed.add(os.path.normpath(file))
        if progress:
            progress(1)
    problems.sort(key=lambda p: p.line or 0)  # INDEX.md problems in file order
    for stray in _unlisted_texts(root, listed):
        problems.append(
            Problem(
                str(root / stray),
                None,
                "text file not listed in INDEX.md",
                "add an entry for it, or move it out of the corpus folder",
                "warning",
            )
        )
    return CheckResult(problems, len(parsed.entries))


def _check_entry(root: Path, entry: Entry, index_name: str, max_size: int) -> Iterator[Problem]:
    file = entry.fields.get("file", "")
    if not file or unsafe_path_reason(file):
        return  # reported by the parser
    line = entry.field_lines.get("file", entry.line)

    def problem(message: str, hint: str, severity: str = "error") -> Problem:
        return Problem(index_name, line, f"{file}: {message}", hint, severity)

    try:
        path = resolve_inside(root, file)
        data = read_bytes(path, max_size)
    except FileProblem as exc:
        yield problem(exc.message, exc.hint)
        return
    if not data:
        yield problem("is empty", "add the text or remove the entry")
        return
    if data.startswith(b"\xef\xbb\xbf"):
        yield problem("starts with a UTF-8 BOM", "save it as UTF-8 without BOM", "warning")
    try:
        decode_text(data)
    except FileProblem as exc:
        yield problem(exc.message, exc.hint)
    nul = data.find(b"\x00")
    if nul >= 0:
        yield problem(f"contains a NUL byte (at byte {nul})", "it looks binary; remove it")
    checksum = entry.fields.get("sha256", "")
    if not checksum:
        yield problem("has no sha256 checksum", f"add '- sha256: {_sha256(data)}'", "warning")
    elif checksum != (actual := _sha256(data)):
        yield Problem(
            index_name,
            entry.field_lines.get("sha256", line),
            f"{file}: checksum mismatch (file has {actual})",
            "the file changed or is corrupt: restore it, or update the checksum if the change is wanted",
        )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unlisted_texts(root: Path, listed: set[str]) -> list[str]:
    strays = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(".txt"):
                continue
            relative = os.path.relpath(os.path.join(folder, name), root)
            if os.path.normpath(relative) not in listed:
                strays.append(relative)
    return strays


def summary(result: CheckResult) -> str:
    """The one-line verdict printed after the problems."""
    errors = result.errors
    warnings = len(result.problems) - errors
    if not result.problems:
        return f"ok: {result.documents} documents, no problems"
    return (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
        f"in {result.documents} documents"
    )
