"""Parse and write ``INDEX.md``: YAML front matter for the corpus, then one Markdown section per document.

The format (documented in docs/corpus.md)::

    ---
    title: My corpus
    lang: ar
    ---

    Free Markdown may stand here.

    ## 791b9733c10e92d3

    - file: 000_791b9733c10e92d3.txt
    - title: …
    - date: 2021-12-29
    - sha256: …

Entries are parsed line by line without YAML, so 30,000 of them parse in a fraction of a second,
and every problem carries the line it was found on.
"""

from __future__ import annotations

import datetime as _dt
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from seeds_cli.catalogue.files import decode_text, unsafe_path_reason

FIELDS = (
    "file",
    "title",
    "source",
    "date",
    "lang",
    "url",
    "author",
    "place",
    "tags",
    "sha256",
    "copies",  # where else the same text ran (seeds import --dedupe; see catalogue.copies)
)
# An entry line in general; the common '- key: value' is read without it (see _parse_entries).
FIELD_PATTERN = r"[-*] ([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?"
MAX_FRONT_MATTER_LINES = 2000

# Ids, language tags and checksums are checked with string methods, not regexes: compiling
# those took a fair part of the start-up of every command that reads INDEX.md.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ALNUM = _LETTERS + "0123456789"
_ID_CHARS = _ALNUM + "._-"
_HEX = "0123456789abcdef"


def is_valid_id(value: str) -> bool:
    """A document id: ASCII letters, digits, '.', '_' or '-', at most 128 of them, starting
    with a letter or digit (``[A-Za-z0-9][A-Za-z0-9._-]{0,127}``)."""
    return 0 < len(value) <= 128 and value[0] in _ALNUM and not value.strip(_ID_CHARS)


def is_lang_tag(value: str) -> bool:
    """A BCP 47-shaped tag: 2 or 3 ASCII letters, then any number of '-' and 1 to 8 ASCII
    letters or digits (``[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*``)."""
    first, *rest = value.split("-")
    return (
        2 <= len(first) <= 3
        and not first.strip(_LETTERS)
        and all(0 < len(part) <= 8 and not part.strip(_ALNUM) for part in rest)
    )


def is_sha256(value: str) -> bool:
    """64 lower-case hex digits."""
    return len(value) == 64 and not value.strip(_HEX)


@functools.cache
def _field_re() -> re.Pattern[str]:
    return re.compile(FIELD_PATTERN)


@dataclass(slots=True, frozen=True)
class Problem:
    """Something wrong with the corpus, tied to a file and line for the user to fix."""

    file: str
    line: int | None
    message: str
    hint: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


@dataclass(slots=True)
class Entry:
    """One document's section of INDEX.md, as written."""

    id: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Header:
    """The corpus-level front matter."""

    title: str = ""
    description: str = ""
    lang: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedIndex:
    """INDEX.md as read: its front matter, its entries, and every problem found."""

    header: Header
    entries: list[Entry]
    problems: list[Problem]


def split_lines(text: str) -> list[str]:
    """Split on LF, CRLF or lone CR only (str.splitlines also splits on form feeds and more)."""
    if "\r" not in text:
        return text.split("\n")  # the same, ten times faster
    return re.split(r"\r\n|\r|\n", text)


def parse_index(text: str, name: str = "INDEX.md") -> ParsedIndex:
    """Parse INDEX.md text; collects every problem instead of stopping at the first."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problem = Problem(name, line, "NUL byte in INDEX.md", "remove it; INDEX.md is a text file")
        return ParsedIndex(Header(), [], [problem])
    scan = _scan(iter(split_lines(text)), name)
    entries = list(scan.entries)
    return ParsedIndex(scan.header, entries, scan.sorted_problems())


@dataclass(slots=True)
class IndexScan:
    """INDEX.md read entry by entry: ``problems`` is complete once ``entries`` is exhausted.

    A catalogue is built from it without ever holding every entry, every line or the whole
    decoded text: at 300,000 documents those took most of the memory of loading a corpus.
    """

    header: Header
    entries: Iterator[Entry]
    problems: list[Problem]

    def sorted_problems(self) -> list[Problem]:
        """In file order, as a reader fixes them (stable: as found within a line)."""
        return sorted(self.problems, key=lambda p: p.line or 0)


def scan_index(data: bytes, name: str = "INDEX.md") -> IndexScan:
    """INDEX.md's bytes, parsed as ``parse_index(decode_text(data))`` would parse them.

    Raises FileProblem as ``decode_text`` does, as soon as it meets the bad byte. The usual
    file (UTF-8 with LF line ends) is decoded a megabyte at a time; anything else (a BOM, a
    CR, a NUL) goes through ``parse_index`` whole.
    """
    if (
        data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        or b"\r" in data
        or b"\x00" in data
    ):
        parsed = parse_index(decode_text(data), name)
        return IndexScan(parsed.header, iter(parsed.entries), parsed.problems)
    return _scan(_decoded_lines(data), name)


DECODE_CHUNK = 1 << 20  # bytes decoded at a time: the text of a few thousand entries


def _decoded_lines(data: bytes) -> Iterator[str]:
    """The lines of LF-only UTF-8 ``data`` (as ``data.decode().split("\\n")``), a chunk at
    a time; a chunk ends at a line end, which no UTF-8 sequence spans."""
    start = 0
    while True:
        end = data.rfind(b"\n", start, start + DECODE_CHUNK) + 1 or data.find(b"\n", start) + 1
        if not end:
            break
        try:
            text = data[start : end - 1].decode("utf-8")
        except UnicodeDecodeError:
            decode_text(data)  # raises the FileProblem naming the first bad byte of the file
            raise
        yield from text.split("\n")
        start = end
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError:
        decode_text(data)
        raise
    yield from text.split("\n")


def _scan(lines: Iterator[str], name: str) -> IndexScan:
    problems: list[Problem] = []

    def problem(line: int | None, message: str, hint: str, severity: str = "error") -> None:
        problems.append(Problem(name, line, message, hint, severity))

    head = list(itertools.islice(lines, MAX_FRONT_MATTER_LINES + 1))
    header, body_start = _parse_front_matter(head, problem)
    if body_start is None:  # the front matter never closed: no entries are read
        return IndexScan(header, iter(()), problems)
    body = itertools.chain(head[body_start:], lines)
    entries = _EntryChecker(problem).checked(_parse_entries(body, body_start + 1, problem))
    return IndexScan(header, entries, problems)


def _parse_front_matter(lines: list[str], problem: Any) -> tuple[Header, int | None]:
    """The header and the index of the first body line in ``lines`` (the first lines of the
    file); None when the front matter is never closed."""
    if not lines or lines[0].strip() != "---":
        problem(1, "INDEX.md does not start with YAML front matter", "begin it with a '---' line")
        return Header(), 0
    for end in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        problem(1, "the front matter is never closed", "end it with a '---' line")
        return Header(), None
    from seeds_cli.catalogue.safe_yaml import YamlProblem, load_mapping

    try:
        data = load_mapping("\n".join(lines[1:end]), line_offset=1)
    except YamlProblem as exc:
        problem(1 + exc.line, f"front matter: {exc.message}", exc.hint)
        return Header(), end + 1
    header = Header(extra={})
    for key, value in data.items():
        if key in ("title", "description", "lang"):
            if value is None:
                continue
            if not isinstance(value, str):
                problem(2, f"front matter '{key}' must be text", f"write '{key}: some text'")
                continue
            setattr(header, key, value.strip())
        else:
            header.extra[str(key)] = value
    if not header.title:
        problem(2, "front matter has no 'title'", "add 'title: …' between the '---' lines")
    if header.lang and not is_lang_tag(header.lang):
        problem(
            2, f"front matter lang {header.lang!r} is not a BCP 47 tag", "use e.g. 'ar' or 'en'"
        )
    return header, end + 1


def _parse_entries(lines: Iterable[str], first: int, problem: Any) -> Iterator[Entry]:
    """Each entry as soon as its section ends; ``first`` is the number of the first line."""
    current: Entry | None = None
    in_comment = False
    known = frozenset(FIELDS)
    for number, raw in enumerate(lines, first):
        if current is not None and not in_comment and raw[:2] == "- ":
            # The common line, '- key: value' with a known key given once, without the regex:
            # it is parsed as the general path below would parse it.
            key, colon, rest = raw[2:].partition(":")
            if colon and key in known and rest[:1] == " " and key not in current.fields:
                current.fields[key] = rest[1:].strip()
                current.field_lines[key] = number
                continue
        line = raw.strip()
        if in_comment:
            in_comment = "-->" not in line
            continue
        if not line:
            continue
        if line.startswith("<!--"):
            in_comment = "-->" not in line
            continue
        if raw.startswith("## "):
            if current is not None:
                yield current
            ident = raw[3:].strip()
            if not is_valid_id(ident):
                problem(
                    number,
                    f"invalid document id {ident!r}",
                    "ids are letters, digits, '.', '_' or '-' (at most 128), starting with a letter "
                    "or digit",
                )
            current = Entry(ident, number)
            continue
        if current is None:
            if line[:2] in ("- ", "* ") and _field_re().fullmatch(line):  # free text: no regex
                problem(number, "field before the first entry", "start each entry with '## ID'")
            continue  # free Markdown before the first entry
        match = _field_re().fullmatch(raw.rstrip())
        if not match:
            problem(
                number,
                f"unexpected text in entry '{current.id}'",
                "entry lines are '- key: value'; entries start with '## ID'",
            )
            continue
        key, value = match.group(1), (match.group(2) or "").strip()
        if key not in FIELDS:
            problem(number, f"unknown field '{key}'", "known fields: " + ", ".join(FIELDS))
            continue
        if key in current.fields:
            problem(
                number,
                f"field '{key}' given twice in entry '{current.id}'",
                f"keep one (the first is on line {current.field_lines[key]})",
            )
            continue
        current.fields[key] = value
        current.field_lines[key] = number
    if current is not None:
        yield current


class _EntryChecker:
    """The checks that span entries (unique ids and files) and those of each field's value."""

    def __init__(self, problem: Any) -> None:
        self.problem = problem
        self.seen_ids: dict[str, int] = {}
        self.seen_files: dict[str, int] = {}

    def checked(self, entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            self.check(entry)
            yield entry

    def check(self, entry: Entry) -> None:
        problem, seen_ids, seen_files = self.problem, self.seen_ids, self.seen_files
        fields = entry.fields
        line_of = entry.field_lines.get
        if entry.id in seen_ids:
            problem(
                entry.line,
                f"duplicate id '{entry.id}'",
                f"ids must be unique (first used on line {seen_ids[entry.id]})",
            )
        else:
            seen_ids[entry.id] = entry.line
        file = fields.get("file", "")
        if not file:
            problem(entry.line, f"entry '{entry.id}' has no file", "add '- file: NAME.txt'")
        else:
            reason = unsafe_path_reason(file)
            if reason:
                problem(
                    line_of("file"),
                    f"file path {file!r} {reason}",
                    "give a relative path inside the corpus folder",
                )
            key = file.replace("\\", "/").removeprefix("./")
            if key in seen_files:
                problem(
                    line_of("file"),
                    f"file {file!r} is listed twice",
                    f"each file belongs to one entry (first on line {seen_files[key]})",
                )
            else:
                seen_files[key] = line_of("file") or entry.line
        date = fields.get("date", "")
        if date and not is_iso_date(date):
            problem(
                line_of("date"),
                f"invalid date {date!r}",
                "use ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY (optionally with THH:MM[:SS])",
            )
        lang = fields.get("lang", "")
        if lang and not is_lang_tag(lang):
            problem(line_of("lang"), f"invalid language tag {lang!r}", "use a BCP 47 tag: ar, en")
        checksum = fields.get("sha256", "")
        if checksum and not is_sha256(checksum):
            problem(
                line_of("sha256"),
                "sha256 is not 64 lower-case hex digits",
                "run 'sha256sum FILE' and copy its first column",
            )


def is_iso_date(value: str) -> bool:
    """True for an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) or date-time that really exists."""
    # The common shape first, without a regex: the same test as fullmatch(r"\d{4}-\d{2}-\d{2}").
    if (
        len(value) == 10
        and value[4] == "-"
        and value[7] == "-"
        and (value[:4] + value[5:7] + value[8:]).isdecimal()
    ):
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            return False
        return True
    try:
        if re.fullmatch(r"\d{4}", value):
            return True
        if re.fullmatch(r"\d{4}-\d{2}", value):
            _dt.date.fromisoformat(value + "-01")
            return True
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            _dt.date.fromisoformat(value)
            return True
        if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?", value
        ):
            _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return True
    except ValueError:
        return False
    return False


# --- writing -------------------------------------------------------------------------------


def one_line(value: str) -> str:
    """Make a metadata value fit on its INDEX.md line: white space and controls become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in value).split())


def format_index(header: Header, entries: Iterable[Entry], intro: str = "") -> str:
    """Render INDEX.md text; ``parse_index(format_index(h, e))`` gives back the same data."""
    import yaml

    front: dict[str, Any] = {"title": header.title}
    if header.description:
        front["description"] = header.description
    if header.lang:
        front["lang"] = header.lang
    front.update(header.extra)
    out = [
        "---",
        yaml.safe_dump(front, allow_unicode=True, sort_keys=False).rstrip("\n"),
        "---",
        "",
    ]
    if intro:
        out += [intro.rstrip("\n"), ""]
    for entry in entries:
        out.append(f"## {entry.id}")
        out.append("")
        for key in FIELDS:
            value = entry.fields.get(key, "")
            if value:
                out.append(f"- {key}: {one_line(value)}")
        out.append("")
    return "\n".join(out)
