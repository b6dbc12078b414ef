"""highlight_spans: what a query marks in an original text, offsets always mapping back."""

from __future__ import annotations

import pytest

from seeds_cli.errors import QueryError
from seeds_cli.index import highlight_spans

TEXT = (
    "وصل رئيس الوزراء العراقي مصطفى الكَاظِمي إلى الرياض. "
    "وقالت وزارة الصحة إن ١٢٠ إصابة سُجّلت، وأكدت الوزارة توفر اللقاحات في المدارس."
)


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("الكاظمي", ["الكَاظِمي"]),
        ("الكاظمى", ["الكَاظِمي"]),
        ("ﺍﻟﻜﺎﻇﻤﻲ", ["الكَاظِمي"]),
        ("كاظمي", ["الكَاظِمي"]),
        ("120", ["١٢٠"]),
        ("وزارة", ["وزارة", "الوزارة"]),
        ('"وزارة الصحة"', ["وزارة الصحة"]),
        ('"الصحة وزارة"', []),
        ("الرياض -الكاظمي", ["الرياض"]),
        ("الرياض NOT مكة", ["الرياض"]),
        ("لقاح*", ["اللقاحات"]),  # after the article, as the word query لقاح
        ("قاح*", []),
        ("اللقاح*", ["اللقاحات"]),
        ("(مكة OR الرياض) +المدارس", ["الرياض", "المدارس"]),
        ("source:okaz الرياض", ["الرياض"]),
        ("date>=2021 سجلت", ["سُجّلت"]),
        ("title:الرياض", []),
        ("مكة", []),
    ],
)
def test_highlight_spans(query: str, marked: list[str]) -> None:
    spans = highlight_spans(query, TEXT, "ar")
    assert [TEXT[a:b] for a, b in spans] == marked
    assert spans == sorted(spans)
    assert all(0 <= a < b <= len(TEXT) for a, b in spans)


def test_malformed_query_raises() -> None:
    with pytest.raises(QueryError):
        highlight_spans('"open', TEXT, "ar")


def test_english_words() -> None:
    text = "The Ministry opened new libraries; a library card is free."
    assert [text[a:b] for a, b in highlight_spans("library", text, "en")] == [
        "libraries",
        "library",
    ]
