"""The ``copies`` field of an INDEX.md entry: where else the same text ran.

``seeds import --dedupe`` keeps one document of a text that several records share byte for
byte, and writes the others' source, date and url into the kept entry, so that nothing is
forgotten and ``seeds dupes``, ``seeds similar`` and ``seeds show`` can name them::

    - copies: okaz 2015-07-21 <http://www.okaz.com.sa/new/Issues/20150721/Con20150721783063.htm>; sabq 2015-07-22

Copies are separated by ``;``; each is the source, then the date (ISO 8601), then the url in
angle brackets, any of them possibly missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPLIT_RE = re.compile(r";\s*(?![^<>]*>)")  # a ';' outside <...>
_COPY_RE = re.compile(
    r"(?P<source>.*?)\s*(?P<date>(?<!\S)\d{4}(?:-\d{2}){0,2}(?:[T ]\d{2}:\d{2}\S*)?)?"
    r"\s*(?:<(?P<url>[^<>]*)>)?"
)


@dataclass(slots=True, frozen=True)
class Copy:
    """A copy of a document's text that an import dropped: its record's metadata."""

    source: str = ""
    date: str = ""
    url: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            k: v for k, v in (("source", self.source), ("date", self.date), ("url", self.url)) if v
        }


def parse_copies(value: str) -> list[Copy]:
    """The copies named by an INDEX.md ``copies`` value (empty parts skipped)."""
    found = []
    for part in _SPLIT_RE.split(value.strip()):
        match = _COPY_RE.fullmatch(part.strip())
        if match is None:  # not the usual shape: keep it whole as the source
            found.append(Copy(source=part.strip()))
        elif any(match.groups()):
            found.append(Copy(match["source"] or "", match["date"] or "", match["url"] or ""))
    return found


def format_copies(copies: Iterable[Copy]) -> str:
    """The INDEX.md value for ``copies``: ``parse_copies(format_copies(c)) == c``."""
    parts = []
    for copy in copies:
        source = " ".join(re.sub(r"[;<>]", " ", copy.source).split())
        url = re.sub(r"[<>\s]", lambda m: f"%{ord(m.group()):02X}", copy.url)
        words = [w for w in (source, copy.date, f"<{url}>" if url else "") if w]
        if words:
            parts.append(" ".join(words))
    return "; ".join(parts)
