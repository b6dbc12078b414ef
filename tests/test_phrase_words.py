"""A quoted phrase among other optional words (a pasted headline) also counts its words one
by one; alone, required, or beside filters only, it stays a strict phrase."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# q1 has the quoted name as written; q2 has its words apart (the article names it another
# way); q3 has neither, only the same other words of the headline as q2, and comes first
# in the corpus (ties go to the earlier document).
DOCS = [
    {
        "id": "q1",
        "source": "okaz",
        "text": "نفذت السلطات حكم الإعدام في شبح الريم صباح اليوم بعد إدانتها بالقتل.",
    },
    {
        "id": "q3",
        "source": "okaz",
        "text": "نفذت السلطات حكم الإعدام صباح اليوم في المرأة التي أدينت بالقتل في المدينة.",
    },
    {
        "id": "q2",
        "source": "sabq",
        "text": "نفذت السلطات حكم الإعدام صباح اليوم في المرأة الملقبة بالشبح في جزيرة الريم.",
    },
    {"id": "q4", "source": "okaz", "text": "الريم مدينة ساحلية، ولا شبح فيها."},
]


@pytest.fixture
def quotes(make_corpus: Callable[..., Path]) -> Path:
    return make_corpus(DOCS, name="quotes")


def ids(run: Callable[..., Any], corpus: Path, *args: str) -> list[str]:
    result = run("--corpus", str(corpus), "search", "--format", "ids", *args)
    assert result.exit_code in (0, 1), result.output
    return result.output.split()


def test_a_quoted_name_in_a_headline_ranks_first_and_excludes_nothing(
    run: Callable[..., Any], quotes: Path
) -> None:
    for quoted in ("«شبح الريم»", '"شبح الريم"', "“شبح الريم”"):
        found = ids(run, quotes, f"نفذت حكم الإعدام في {quoted} صباح اليوم")
        assert found[0] == "q1", quoted
        # q2 names it differently: its words still count, so it ranks above q3, which has
        # only the headline's other words (a strict phrase would rank q3 first: shorter).
        assert found.index("q2") < found.index("q3"), (quoted, found)


def test_a_phrase_alone_or_required_stays_strict(run: Callable[..., Any], quotes: Path) -> None:
    assert ids(run, quotes, '"شبح الريم"') == ["q1"]
    assert ids(run, quotes, "«شبح الريم»") == ["q1"]
    assert ids(run, quotes, '+"شبح الريم" حكم') == ["q1"]
    assert ids(run, quotes, 'source:okaz "شبح الريم"') == ["q1"]
    # Excluded as a phrase: the words apart do not exclude a document.
    assert "q4" in ids(run, quotes, 'مدينة -"شبح الريم"')


def test_explain_names_the_phrase_words(run: Callable[..., Any], quotes: Path) -> None:
    result = run(
        "--corpus", str(quotes), "search", "--format", "json", "--explain", "صباح «شبح الريم»"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    kinds = {(t["term"], t["kind"]) for t in data["terms"]}
    assert ("شبح الريم", "phrase") in kinds, kinds
    assert ("شبح", "phrase word") in kinds and ("الريم", "phrase word") in kinds, kinds
