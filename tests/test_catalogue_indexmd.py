"""The INDEX.md parser: the format, its round trip, and every parse problem with its line."""

from __future__ import annotations

import pytest

from seeds_cli.catalogue.indexmd import (
    Entry,
    Header,
    format_index,
    is_iso_date,
    parse_index,
    unsafe_path_reason,
)

GOOD = """---
title: A corpus
description: Some articles
lang: ar
---

# A corpus

Free Markdown is allowed before the first entry.

## doc-1

- file: one.txt
- title: العنوان الأول
- source: إيلاف
- date: 2021-12-29
- lang: ar
- place: لندن
- url: https://example.com/1
- author: Someone
- tags: العراق, التحالف
- sha256: {sha}

<!-- a comment
spanning lines -->

## doc-2
- file: sub/two.txt
- date: 2021-12
""".replace("{sha}", "a" * 64)


def messages(text: str) -> list[str]:
    return [str(p) for p in parse_index(text).problems]


def test_parses_front_matter_and_entries() -> None:
    parsed = parse_index(GOOD)
    assert parsed.problems == []
    assert parsed.header.title == "A corpus"
    assert parsed.header.lang == "ar"
    assert [e.id for e in parsed.entries] == ["doc-1", "doc-2"]
    first = parsed.entries[0]
    assert first.fields["title"] == "العنوان الأول"
    assert first.fields["tags"] == "العراق, التحالف"
    assert first.line == 11
    assert first.field_lines["date"] == 16
    assert parsed.entries[1].fields == {"file": "sub/two.txt", "date": "2021-12"}


def test_round_trip_through_format() -> None:
    parsed = parse_index(GOOD)
    again = parse_index(format_index(parsed.header, parsed.entries))
    assert again.problems == []
    assert [(e.id, e.fields) for e in again.entries] == [(e.id, e.fields) for e in parsed.entries]
    assert again.header == parsed.header


def test_crlf_and_mixed_line_ends_parse_the_same() -> None:
    crlf = GOOD.replace("\n", "\r\n")
    mixed = GOOD.replace("\n## doc-2\n", "\r## doc-2\r\n")
    for text in (crlf, mixed):
        parsed = parse_index(text)
        assert parsed.problems == []
        assert [e.id for e in parsed.entries] == ["doc-1", "doc-2"]
        assert parsed.entries[0].fields["title"] == "العنوان الأول"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: x\n", "INDEX.md:1: INDEX.md does not start with YAML front matter"),
        ("---\ntitle: x\n", "INDEX.md:1: the front matter is never closed"),
        ("---\ndescription: d\n---\n", "INDEX.md:2: front matter has no 'title'"),
        ("---\ntitle: [unclosed\n---\n", "INDEX.md:3: front matter: malformed YAML"),
        ("---\ntitle: a\ntitle: b\n---\n", "INDEX.md:3: front matter: duplicate key 'title'"),
        ("---\ntitle: !!python/object:os.system x\n---\n", "front matter: unsupported YAML"),
        ("---\ntitle: &a x\nd: *a\n---\n", "INDEX.md:3: front matter: YAML aliases"),
        ("---\n- a\n---\n", "INDEX.md:2: front matter: front matter is not a mapping"),
        ("---\ntitle: t\n---\n## bad id!\n- file: a.txt\n", "INDEX.md:4: invalid document id"),
        ("---\ntitle: t\n---\n- file: a.txt\n", "INDEX.md:4: field before the first entry"),
        ("---\ntitle: t\n---\n## a\nfile: a.txt\n", "INDEX.md:5: unexpected text in entry 'a'"),
        ("---\ntitle: t\n---\n## a\n- file: a.txt\n- colour: red\n", "INDEX.md:6: unknown field"),
        ("---\ntitle: t\n---\n## a\n- file: a.txt\n- file: b.txt\n", "INDEX.md:6: field 'file'"),
        ("---\ntitle: t\n---\n## a\n- title: x\n", "INDEX.md:4: entry 'a' has no file"),
        (
            "---\ntitle: t\n---\n## a\n- file: a.txt\n- date: 2021-02-30\n",
            "INDEX.md:6: invalid date",
        ),
        (
            "---\ntitle: t\n---\n## a\n- file: a.txt\n- date: 29/12/2021\n",
            "INDEX.md:6: invalid date",
        ),
        (
            "---\ntitle: t\n---\n## a\n- file: a.txt\n- lang: arabic!\n",
            "INDEX.md:6: invalid language",
        ),
        ("---\ntitle: t\n---\n## a\n- file: a.txt\n- sha256: xyz\n", "INDEX.md:6: sha256 is not"),
        ("---\ntitle: t\n---\n## a\n- file: ../a.txt\n", "INDEX.md:5: file path '../a.txt' leaves"),
        (
            "---\ntitle: t\n---\n## a\n- file: /etc/passwd\n",
            "INDEX.md:5: file path '/etc/passwd' is absolute",
        ),
        (
            "---\ntitle: t\n---\n## a\n- file: a.txt\n## a\n- file: b.txt\n",
            "INDEX.md:6: duplicate id 'a'",
        ),
        (
            "---\ntitle: t\n---\n## a\n- file: a.txt\n## b\n- file: a.txt\n",
            "INDEX.md:7: file 'a.txt' is listed twice",
        ),
    ],
)
def test_each_problem_names_its_line(text: str, expected: str) -> None:
    found = messages(text)
    assert any(m.startswith(expected) or expected in m for m in found), found
    assert all(" — " in m for m in found), "every problem says what to do"


def test_all_problems_are_reported_not_just_the_first() -> None:
    text = "---\ntitle: t\n---\n## a\n- file: ../x.txt\n- date: nope\n## a\n- colour: red\n"
    found = messages(text)
    assert len(found) >= 4
    lines = sorted(int(m.split(":")[1]) for m in found)
    assert lines == sorted(set(lines)) or len(lines) >= 4


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("a.txt", ""),
        ("sub/a.txt", ""),
        ("../a.txt", "leaves the corpus folder ('..')"),
        ("a/../../b.txt", "leaves the corpus folder ('..')"),
        ("/etc/passwd", "is absolute"),
        ("C:\\Windows\\a.txt", "is absolute"),
        ("sub\\a.txt", "uses backslashes"),
        ("~/a.txt", "starts with '~'"),
        ("https://example.com/a.txt", "is a URL"),
        ("file:///etc/passwd", "is a URL"),
        ("a\x00.txt", "contains a NUL character"),
    ],
)
def test_unsafe_paths(path: str, reason: str) -> None:
    assert unsafe_path_reason(path) == reason


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2021", True),
        ("2021-12", True),
        ("2021-12-29", True),
        ("2021-12-29T10:30", True),
        ("2021-12-29T10:30:00Z", True),
        ("2021-12-29T10:30:00+03:00", True),
        ("2021-13", False),
        ("2021-02-29", False),
        ("2020-02-29", True),
        ("21-12-29", False),
        ("yesterday", False),
        ("", False),
    ],
)
def test_iso_dates(value: str, ok: bool) -> None:
    assert is_iso_date(value) is ok


def test_thirty_thousand_entries() -> None:
    entries = [
        Entry(f"{n:06d}", 0, {"file": f"{n:06d}.txt", "title": f"عنوان {n}", "date": "2015-07-21"})
        for n in range(30_000)
    ]
    text = format_index(Header(title="big"), entries)
    parsed = parse_index(text)
    assert parsed.problems == []
    assert len(parsed.entries) == 30_000
    assert parsed.entries[-1].fields["title"] == "عنوان 29999"


SHAPES = [
    "2015-07-21", "2015-02-30", "٢٠١٥-٠٧-٢١", "2015-7-21", "2015/07/21", "20150721", "2015-07-2x",
    "2015", "2015-07", "2015-13", "2015-07-21T10:30", "2015-07-21 10:30:05.5Z", "", "-",
    "C:/x.txt", "c:\\x", "Ä:/x", "1:/x", "C:", "C:x", "~/x", "a/b.txt", "- title: x",
    "- title:", "- title:x", "* date:  2015 ", "-  title: x", "- Title: x", "- file: a:b",
    "- tags: a, b", "- nope: x", "-title: x",
]  # fmt: skip


@pytest.mark.parametrize("value", SHAPES)
def test_fast_paths_agree_with_the_patterns(value: str) -> None:
    """The common shapes are tested without regexes; the answers are the patterns' own."""
    import datetime
    import re

    from seeds_cli.catalogue.files import _has_drive
    from seeds_cli.catalogue.indexmd import FIELD_PATTERN

    def iso_date_by_pattern(v: str) -> bool:
        try:
            if re.fullmatch(r"\d{4}", v):
                return True
            if re.fullmatch(r"\d{4}-\d{2}", v):
                datetime.date.fromisoformat(v + "-01")
                return True
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
                datetime.date.fromisoformat(v)
                return True
            if re.fullmatch(
                r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?", v
            ):
                datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
                return True
        except ValueError:
            return False
        return False

    assert is_iso_date(value) == iso_date_by_pattern(value)
    assert _has_drive(value) == bool(re.match(r"[A-Za-z]:[\\/]", value))
    text = f"---\ntitle: t\n---\n\n## a\n\n- file: a.txt\n{value}\n"
    entry_lines = [p for p in parse_index(text).problems if p.line == 8]
    match = re.fullmatch(FIELD_PATTERN, value.rstrip())
    known = match is not None and match.group(1) in ("title", "date", "tags", "file")
    assert bool(entry_lines) == (bool(value.strip()) and not known) or value.startswith("- file")
    if known and not value.startswith("- file"):
        entry = parse_index(text).entries[0]
        assert entry.fields[match.group(1)] == (match.group(2) or "").strip()
