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
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from seeds_cli.catalogue.files import unsafe_path_reason

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
    problems: list[Problem] = []

    def problem(line: int | None, message: str, hint: str, severity: str = "error") -> None:
        problems.append(Problem(name, line, message, hint, severity))

    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problem(line, "NUL byte in INDEX.md", "remove it; INDEX.md is a text file")
        return ParsedIndex(Header(), [], problems)
    lines = split_lines(text)
    header, body_start = _parse_front_matter(lines, problem)
    entries = _parse_entries(lines, body_start, problem)
    _check_entries(entries, header, problem)
    problems.sort(key=lambda p: p.line or 0)  # stable: in file order, as a reader fixes them
    return ParsedIndex(header, entries, problems)


def _parse_front_matter(lines: list[str], problem: Any) -> tuple[Header, int]:
    if not lines or lines[0].strip() != "---":
        problem(1, "INDEX.md does not start with YAML front matter", "begin it with a '---' line")
        return Header(), 0
    for end in range(1, min(len(lines), MAX_FRONT_MATTER_LINES + 1)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        problem(1, "the front matter is never closed", "end it with a '---' line")
        return Header(), len(lines)
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


def _parse_entries(lines: list[str], start: int, problem: Any) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    in_comment = False
    known = frozenset(FIELDS)
    for number, raw in enumerate(lines[start:], start + 1):
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
            ident = raw[3:].strip()
            if not is_valid_id(ident):
                problem(
                    number,
                    f"invalid document id {ident!r}",
                    "ids are letters, digits, '.', '_' or '-' (at most 128), starting with a letter "
                    "or digit",
                )
            current = Entry(ident, number)
            entries.append(current)
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
    return entries


def _check_entries(entries: list[Entry], header: Header, problem: Any) -> None:
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for entry in entries:
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
