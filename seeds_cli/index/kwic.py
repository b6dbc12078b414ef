"""Keyword in context: one line per occurrence, the keyword centred between its contexts.

"before" is the text preceding the keyword in reading order and "after" the text following
it; in a right-to-left language "before" is displayed on the right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from seeds_cli.index.passages import Match

_SPACE = r"\s+"  # compiled (and cached by re) on first use


@dataclass(slots=True)
class KwicLine:
    id: str
    start: int  # offsets of the keyword in the document text
    end: int
    before: str
    keyword: str
    after: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "keyword": self.keyword,
            "after": self.after,
        }


def _flat(s: str) -> str:
    return re.sub(_SPACE, " ", s).strip()


def kwic_lines(doc_id: str, text: str, matches: list[Match], context: int) -> list[KwicLine]:
    """A concordance line for each match, with ``context`` words on each side."""
    from seeds_cli.analysis import tokenize

    tokens = tokenize(text)
    lines = []
    for m in matches:
        lo = max(0, m.first - context)
        hi = min(len(tokens) - 1, m.last + context)
        before = text[tokens[lo].start : m.start] if m.first > 0 else ""
        after = text[m.end : tokens[hi].end] if m.last < len(tokens) - 1 else ""
        lines.append(
            KwicLine(
                doc_id, m.start, m.end, _flat(before), _flat(text[m.start : m.end]), _flat(after)
            )
        )
    return lines


def sort_key(order: str):  # type: ignore[no-untyped-def]
    """Sort key for ``--kwic-sort``: by the nearest words before or after the keyword."""
    from seeds_cli.analysis import normalize

    def words(s: str) -> list[str]:
        return [normalize(w) for w in s.split()]

    if order == "before":
        return lambda line: (words(line.before)[::-1], normalize(line.keyword))
    if order == "after":
        return lambda line: (words(line.after), normalize(line.keyword))
    return None
