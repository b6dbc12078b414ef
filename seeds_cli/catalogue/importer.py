"""``seeds import``: build a corpus folder (text files + INDEX.md) from JSON or JSON Lines records."""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seeds_cli.catalogue.indexmd import (
    Entry,
    Header,
    format_index,
    is_iso_date,
    is_lang_tag,
    is_valid_id,
    one_line,
)
from seeds_cli.errors import CorpusError

SURROGATE_RE = re.compile("[\ud800-\udfff]")
TEXT_KEYS = ("text", "content", "body")
DATE_KEYS = ("date", "date_extracted")


@dataclass
class ImportReport:
    """What an import did, for the closing summary."""

    records: int = 0
    written: int = 0
    skipped_empty: int = 0
    skipped_duplicate: int = 0
    dates_dropped: int = 0
    sources: list[str] = field(default_factory=list)


def read_records(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line, record) from a JSON array file or a JSON Lines file; CorpusError names the line."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}", hint="check the path") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(
            f"{path}: is UTF-16 (it starts with a UTF-16 BOM)", hint="re-save as UTF-8"
        )
    if head.startswith(b"["):
        try:
            data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
        except RecursionError:
            raise CorpusError(
                f"{path}: JSON nested too deeply", hint="flatten the records"
            ) from None
        except UnicodeDecodeError as exc:
            raise CorpusError(
                f"{path}: not UTF-8 at byte {exc.start}", hint="re-save as UTF-8"
            ) from None
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}", hint="fix the file"
            ) from None
        for record in data:
            yield 0, record
        return
    with open(path, "rb") as handle:
        offset = 0  # of the line in the file, for the byte named in an encoding error
        for number, raw in enumerate(handle, 1):
            start = 3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0
            try:
                line = raw[start:].decode("utf-8")
            except UnicodeDecodeError as exc:
                at = offset + start + exc.start
                raise CorpusError(
                    f"{path}:{number}: not valid UTF-8 (byte {at} is 0x{raw[start + exc.start]:02x})",
                    hint="re-save as UTF-8",
                ) from None
            offset += len(raw)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(
                    f"{path}:{number}: invalid JSON: {exc.msg}",
                    hint="each line of a JSON Lines file must be one JSON object",
                ) from None
            except RecursionError:
                raise CorpusError(
                    f"{path}:{number}: JSON nested too deeply", hint="flatten the record"
                ) from None
            yield number, record


def guess_lang(text: str) -> str:
    """'ar' when Arabic letters outnumber Latin ones, 'en' for Latin, 'und' otherwise."""
    sample = text[:2000]
    arabic = sum(1 for c in sample if "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    if arabic == latin == 0:
        return "und"
    return "ar" if arabic >= latin else "en"


def _text_of(record: dict[str, Any]) -> str:
    for key in TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            return value
    return ""


def _date_of(record: dict[str, Any]) -> str:
    for key in DATE_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            value = value.strip()
            if is_iso_date(value):
                return value[:10] if len(value) > 10 else value
            day = value[:10]
            if len(day) == 10 and is_iso_date(day):
                return day
            return "?"
    return ""


def _field(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(one_line(str(v)).replace(",", " ") for v in value)
    return one_line(str(value))


def import_records(
    sources: Iterable[Path],
    dest: Path,
    *,
    force: bool = False,
    dedupe: bool = False,
    title: str = "",
    default_lang: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every record of ``sources`` into a new corpus at ``dest``, written atomically.

    The corpus is built in a temporary sibling folder and renamed into place at the end, so an
    interrupted import leaves ``dest`` as it was.
    """
    sources = [Path(s) for s in sources]
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise CorpusError(f"{dest} exists and is not a folder", hint="choose another --to")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise CorpusError(
            f"{dest} exists and is not empty",
            hint="choose another --to, or add --force to replace it",
        )
    for source in sources:
        if not source.is_file():
            raise CorpusError(f"{source}: no such file", hint="give JSON or JSON Lines files")
    parent = dest.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.import-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(work, 0o777 & ~umask)  # mkdtemp makes it private; the corpus should not be
    try:
        report, entries = _write_documents(sources, work, dedupe, default_lang, progress)
        report.sources = [str(s) for s in sources]
        today = _dt.date.today().isoformat()
        header = Header(
            title=title
            or f"Imported corpus ({', '.join(s.name for s in sources[:3])}{'…' if len(sources) > 3 else ''})",
            description=f"Imported by seeds import on {today} from {len(sources)} file(s): "
            f"{report.written} documents.",
            lang=default_lang or "",
        )
        from seeds_cli.catalogue.sources import known_names

        names = known_names({e.fields.get("source", "") for e in entries})
        if names:  # what readers call the sources: source:عكاظ finds okaz
            header.extra["sources"] = names
        with open(work / "INDEX.md", "w", encoding="utf-8", newline="\n") as handle:
            handle.write(format_index(header, entries))
            handle.flush()
            os.fsync(handle.fileno())
        _swap_into_place(work, dest)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise CorpusError(
            f"{dest}: cannot write the corpus: {exc.strerror or exc}",
            hint="check free space and permissions; nothing was changed",
        ) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report


def _write_documents(
    sources: list[Path],
    work: Path,
    dedupe: bool,
    default_lang: str,
    progress: Callable[[int], None] | None,
) -> tuple[ImportReport, list[Entry]]:
    report = ImportReport()
    entries: list[Entry] = []
    seen_texts: set[bytes] = set()
    used_ids: set[str] = set()
    for source in sources:
        for line, record in read_records(source):
            report.records += 1
            if progress:
                progress(1)
            if not isinstance(record, dict):
                where = f"{source}:{line}" if line else f"{source} (record {report.records})"
                raise CorpusError(
                    f"{where}: record is not a JSON object", hint="each record must be an object"
                )
            text = _text_of(record)
            if not text.strip():
                report.skipped_empty += 1
                continue
            # A lone surrogate (from a JSON escape) has no UTF-8 form: it becomes U+FFFD.
            data = SURROGATE_RE.sub("\ufffd", text).encode("utf-8")
            digest = hashlib.sha256(data).digest()
            if dedupe:
                if digest in seen_texts:
                    report.skipped_duplicate += 1
                    continue
                seen_texts.add(digest)
            doc_id = _make_id(record, data, used_ids)
            used_ids.add(doc_id)
            number = report.written
            name = f"{number:06d}_{doc_id}.txt"
            (work / name).write_bytes(data)
            date = _date_of(record)
            if date == "?":
                report.dates_dropped += 1
                date = ""
            lang = _field(record, "lang")
            if not lang or not is_lang_tag(lang):
                lang = default_lang or guess_lang(text)
            fields = {
                "file": name,
                "title": _field(record, "title"),
                "source": _field(record, "source"),
                "date": date,
                "lang": lang,
                "url": _field(record, "url"),
                "author": _field(record, "author"),
                "place": _field(record, "place"),
                "tags": _field(record, "tags"),
                "sha256": digest.hex(),
            }
            entries.append(Entry(doc_id, 0, {k: v for k, v in fields.items() if v}))
            report.written += 1
    return report, entries


def _make_id(record: dict[str, Any], data: bytes, used: set[str]) -> str:
    """A stable id: the record's own valid ``id``, else a hash of its url (unique), else of its text."""
    given = record.get("id")
    if isinstance(given, (str, int)) and is_valid_id(str(given)) and str(given) not in used:
        return str(given)
    url = record.get("url")
    basis = url.encode("utf-8", errors="surrogatepass") if isinstance(url, str) and url else data
    base = hashlib.sha256(basis).hexdigest()
    for length in (12, 16, 24, 64):
        if base[:length] not in used:
            return base[:length]
    counter = 2
    while f"{base[:12]}-{counter}" in used:
        counter += 1
    return f"{base[:12]}-{counter}"


def _swap_into_place(work: Path, dest: Path) -> None:
    """Rename the finished corpus onto ``dest``; an old folder is moved aside and removed after."""
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        os.replace(dest, old)
        try:
            os.replace(work, dest)
        except BaseException:
            os.replace(old, dest)
            raise
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
    else:
        os.replace(work, dest)
