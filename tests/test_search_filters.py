"""The query's filters and ``seeds search``'s filter options, through the command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DOCS = [
    {
        "id": "ok1",
        "title": "أمطار على جدة",
        "source": "okaz",
        "date": "2015-07-21",
        "lang": "ar",
        "url": "http://www.okaz.com.sa/new/20150721/مطر-جدة",
        "text": "هطلت أمطار غزيرة على جدة اليوم.",
    },
    {
        "id": "sb1",
        "title": "مطر في الرياض",
        "source": "sabq",
        "date": "2015-08-02",
        "lang": "ar-SA",
        "url": "https://sabq.org/%D9%85%D8%B7%D8%B1",
        "text": "سقط مطر خفيف على الرياض.",
    },
    {
        "id": "sb2",
        "title": "النفط",
        "source": "sabq",
        "date": "2015-08-15",
        "lang": "ar",
        "text": "ارتفعت أسعار النفط والمطر لا يؤثر.",
    },
    {
        "id": "en1",
        "title": "Rain",
        "source": "spa",
        "lang": "en",
        "text": "Rain fell on Riyadh.",
    },
]


@pytest.fixture
def news(make_corpus: Callable[..., Path]) -> Path:
    return make_corpus(DOCS, name="filters")


def ids(run: Callable[..., Any], corpus: Path, *args: str) -> list[str]:
    result = run("--corpus", str(corpus), "search", "--format", "ids", *args)
    assert result.exit_code in (0, 1), result.output
    return sorted(result.output.split())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("url:okaz.com.sa", ["ok1"]),
        ("url:OKAZ.com.sa/new", ["ok1"]),
        ("url:مطر", ["ok1", "sb1"]),  # written out, or percent-encoded in the url
        ("url:sabq.org", ["sb1"]),
        ("-url:okaz lang:ar", ["sb1", "sb2"]),
        ("lang:ar", ["ok1", "sb1", "sb2"]),  # ar-SA is Arabic
        ("lang:ar-SA", ["sb1"]),
        ("lang:a", []),
        ("lang:en", ["en1"]),
    ],
)
def test_query_filters(
    run: Callable[..., Any], news: Path, query: str, expected: list[str]
) -> None:
    assert ids(run, news, "--", query) == expected
