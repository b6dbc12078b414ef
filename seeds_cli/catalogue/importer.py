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

from seeds_cli.catalogue.copies import Copy, format_copies, parse_copies
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


# What is not prose: style and script bodies ({...}), tags, URLs, and chunks that hold
# code punctuation or a letter joined to '.', ':' or '-' (jQuery.post, show:false, -webkit-).
_BRACES_RE = re.compile(r"\{[^{}]*\}")
_CODE_CHUNK_RE = re.compile(r"\S*(?:[{}()\[\];=<>$#\\/|_@]|[A-Za-z][.:][A-Za-z]|^-[A-Za-z]|://)\S*")
_ARABIC_WORD_RE = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]{2,}")
# Lower-case Latin words: the prose of a Latin-script text. Capitalized words (names, film
# and company titles) travel between languages and are not counted.
_LATIN_PROSE_RE = re.compile(r"(?<![A-Za-z])[a-z][a-z]+(?![A-Za-z])")
_LATIN_RE = re.compile(r"[A-Za-z]")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
GUESS_CHARS = 20_000


def prose_of(text: str) -> str:
    """The text without what is not prose: style and script bodies, tags, URLs, code chunks."""
    for _ in range(8):  # nested braces are removed from the inside out
        stripped = _BRACES_RE.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    return " ".join(c for c in text.split() if not _CODE_CHUNK_RE.fullmatch(c))


def guess_lang(text: str) -> str:
    """'ar' or 'en' by the prose of ``text`` (its first 20,000 characters); 'und' when
    it has no letters of either script.

    Embedded style sheets and scripts (an Arabic poll page carries a kilobyte of CSS and
    jQuery) and Latin names and titles (a film list) do not make an Arabic text English:
    what counts is Arabic words against lower-case Latin words, once code is removed.
    """
    head = text[:2000]
    data = head.encode("utf-8", "surrogatepass")  # U+0600-U+06FF: lead bytes D8 to DB
    arabic = sum(map(data.count, (b"\xd8", b"\xd9", b"\xda", b"\xdb")))
    if arabic and arabic >= 4 * len(_LATIN_RE.findall(head)):
        return "ar"  # the common case, decided without looking for code
    prose = prose_of(text[:GUESS_CHARS])
    arabic = len(_ARABIC_WORD_RE.findall(prose))
    latin = len(_LATIN_PROSE_RE.findall(prose))
    if arabic == latin == 0:  # no prose words: fall back on letters, then give up
        arabic = len(_ARABIC_RE.findall(prose))
        latin = len(_LATIN_RE.findall(prose))
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
    kept: dict[bytes, int] = {}  # text digest -> index of its entry (with --dedupe)
    copies: dict[int, list[Copy]] = {}  # entry index -> the copies dropped for it
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
                first = kept.get(digest)
                if first is not None:
                    report.skipped_duplicate += 1
                    copy = Copy(
                        _field(record, "source"), _clean_date(record), _field(record, "url")
                    )
                    copies.setdefault(first, []).extend([copy, *_copies_of(record)])
                    continue
                kept[digest] = len(entries)
            doc_id = _make_id(record, data, used_ids)
            used_ids.add(doc_id)
            number = report.written
            name = f"{number:06d}_{doc_id}.txt"
            (work / name).write_bytes(data)
            date = _date_of(record)
            if date == "?":
                report.dates_dropped += 1
                date = ""
            if record.get("copies"):
                copies.setdefault(len(entries), []).extend(_copies_of(record))
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
    for index, found in copies.items():
        value = format_copies(found)
        if value:
            entries[index].fields["copies"] = value
    return report, entries


def _clean_date(record: dict[str, Any]) -> str:
    date = _date_of(record)
    return "" if date == "?" else date


def _copies_of(record: dict[str, Any]) -> list[Copy]:
    """The copies a record already names (an export of a deduplicated corpus has them)."""
    given = record.get("copies")
    if isinstance(given, str):
        return parse_copies(given)
    if not isinstance(given, list):
        return []
    found = []
    for item in given:
        if isinstance(item, dict):
            date = item.get("date")
            date = date[:10] if isinstance(date, str) and is_iso_date(date[:10]) else ""
            found.append(Copy(_field(item, "source"), date, _field(item, "url")))
    return found


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
