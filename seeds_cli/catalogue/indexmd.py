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
from collections.abc import Callable, Iterable, Iterator
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


@dataclass(slots=True, repr=False, eq=False)
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


@dataclass(slots=True, repr=False, eq=False)
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


@dataclass(slots=True, repr=False, eq=False)
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


def in_file_order(problems: list[Problem]) -> list[Problem]:
    """As a reader fixes them (stable: within a line, as found)."""
    return sorted(problems, key=lambda p: p.line or 0)


def parse_index(text: str, name: str = "INDEX.md") -> ParsedIndex:
    """Parse INDEX.md text line by line (the general path); collects every problem instead of
    stopping at the first."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problem = Problem(name, line, "NUL byte in INDEX.md", "remove it; INDEX.md is a text file")
        return ParsedIndex(Header(), [], [problem])
    found = _Found(name)
    lines = split_lines(text)
    header, body_start = _parse_front_matter(lines[: MAX_FRONT_MATTER_LINES + 1], found.problem)
    entries: list[Entry] = []
    if body_start is not None:  # else the front matter never closed: no entries are read
        parser = _EntryParser(found.problem)
        body = itertools.chain(parser.feed(lines[body_start:], body_start + 1), parser.end())
        entries = list(found.checked(body))
    return ParsedIndex(header, entries, in_file_order(found.problems))


@dataclass(slots=True, repr=False, eq=False)
class IndexScan:
    """INDEX.md read entry by entry: ``problems`` is complete once ``entries`` is exhausted.

    A catalogue is built from it without ever holding every entry, every line or the whole
    decoded text: at 300,000 documents those took most of the memory of loading a corpus.
    """

    header: Header
    entries: Iterator[Entry]
    problems: list[Problem]
    count: int  # of entries, or (the usual file, not parsed yet) at most this many

    def sorted_problems(self) -> list[Problem]:
        return in_file_order(self.problems)


DECODE_CHUNK = 1 << 20  # bytes decoded at a time: the text of a few thousand entries


def scan_index(data: bytes, name: str = "INDEX.md") -> IndexScan:
    """INDEX.md's bytes, parsed as ``parse_index(decode_text(data))`` parses them, faster.

    The usual file (UTF-8, LF line ends) is decoded a megabyte at a time, cut before a
    '## ' line, and each section in the common shape (the heading, a blank line, '- key:
    value' lines) is read whole, with one regex; any other section goes line by line through
    the general path. Anything unusual about the file itself (a BOM, a CR, a NUL, front
    matter that does not end before the first '## ') goes whole through ``parse_index``.
    Raises FileProblem as ``decode_text`` does, as soon as the bad byte is reached.
    """
    if not (
        data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        or b"\r" in data
        or b"\x00" in data
    ):
        end = data.find(b"\n## ") + 1 or len(data)
        lines = _decode(data, 0, end).removesuffix("\n").split("\n")
        found = _Found(name)
        head = lines[: MAX_FRONT_MATTER_LINES + 1]
        header, body_start = _parse_front_matter(head, found.problem)
        if body_start is not None:
            sections = _scan_sections(data, end, lines[body_start:], body_start + 1, found.problem)
            # an entry starts at a '## ' line, which follows a line end (the first line is
            # the front matter's '---')
            count = data.count(b"\n## ", end - 1)
            return IndexScan(header, found.checked(sections), found.problems, count)
    parsed = parse_index(decode_text(data), name)
    return IndexScan(parsed.header, iter(parsed.entries), parsed.problems, len(parsed.entries))


def _decode(data: bytes, start: int, end: int) -> str:
    try:
        return data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        decode_text(data)  # raises the FileProblem naming the first bad byte of the file
        raise


def _scan_sections(
    data: bytes, start: int, preamble: list[str], number: int, problem: Any
) -> Iterator[Entry]:
    """The entries of ``data[start:]``, each part of which begins with a '## ' line; the
    lines of the preamble after the front matter come first, from line ``number``."""
    parser = _EntryParser(problem)
    yield from parser.feed(preamble, number)
    number += len(preamble)
    common = _common_entry()
    while start < len(data):
        end = (
            data.rfind(b"\n## ", start, start + DECODE_CHUNK) + 1 or data.find(b"\n## ", start) + 1
        )
        end = end or len(data)
        text = _decode(data, start, end)
        start = end
        for part in text.removeprefix("## ").removesuffix("\n").split("\n## "):
            lines = part.count("\n") + 1
            match = None if parser.in_comment else common.fullmatch(part)
            if match:
                pairs = [line.partition(": ") for line in match[3][3:].split("\n- ")]
                fields = {key: value.strip() for key, _, value in pairs}
                if len(fields) == len(pairs):  # else a field given twice: reported below
                    yield from parser.end()
                    first = number + 1 + len(match[2])
                    yield Entry(
                        match[1], number, fields, {k: n for n, k in enumerate(fields, first)}
                    )
                    number += lines
                    continue
            yield from parser.feed(("## " + part).split("\n"), number)
            number += lines
    yield from parser.end()


@functools.cache
def _common_entry() -> re.Pattern[str]:
    """A section in the common shape, after its '## ': the id, one blank line or none, then
    known fields, each '- key: value', then blank lines."""
    keys = "|".join(FIELDS)
    return re.compile(rf"([A-Za-z0-9][A-Za-z0-9._-]{{0,127}})(\n?)((?:\n- (?:{keys}): [^\n]*)+)\n*")


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


class _EntryParser:
    """The general path: entries read line by line, lines fed in runs (the entry being read and
    whether a comment is open carry over from one run to the next)."""

    def __init__(self, problem: Any) -> None:
        self.problem = problem
        self.current: Entry | None = None
        self.in_comment = False

    def end(self) -> Iterator[Entry]:
        """The entry being read, which the next heading (or the end of the file) closes."""
        if self.current is not None:
            yield self.current
            self.current = None

    def feed(self, lines: Iterable[str], first: int) -> Iterator[Entry]:
        """Each entry that these lines close; ``first`` is the number of the first line."""
        problem = self.problem
        current, in_comment = self.current, self.in_comment
        known = frozenset(FIELDS)
        for number, raw in enumerate(lines, first):
            if current is not None and not in_comment and raw[:2] == "- ":
                # The common line, '- key: value' with a known key given once, without the
                # regex: it is parsed as the general path below would parse it.
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
                        "ids are letters, digits, '.', '_' or '-' (at most 128), starting with a "
                        "letter or digit",
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
        self.current, self.in_comment = current, in_comment


class _Found:
    """The problems found, and the checks that span entries (unique ids and files) or look at
    each field's value."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.seen_ids: dict[str, int] = {}
        self.seen_files: dict[str, int] = {}
        # Valid dates and language tags, each checked once: thousands of entries share one.
        self.good_dates: set[str] = set()
        self.good_langs: set[str] = set()

    def problem(self, line: int | None, message: str, hint: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.name, line, message, hint, severity))

    def checked(self, entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            self.check(entry)
            yield entry

    @staticmethod
    def good(known: set[str], value: str, test: Callable[[str], bool]) -> bool:
        if test(value):
            known.add(value)
            return True
        return False

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
        if (
            date
            and date not in self.good_dates
            and not self.good(self.good_dates, date, is_iso_date)
        ):
            problem(
                line_of("date"),
                f"invalid date {date!r}",
                "use ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY (optionally with THH:MM[:SS])",
            )
        lang = fields.get("lang", "")
        if (
            lang
            and lang not in self.good_langs
            and not self.good(self.good_langs, lang, is_lang_tag)
        ):
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
