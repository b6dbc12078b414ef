"""The library API, used directly (as the README shows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

import seeds_cli
from seeds_cli import (
    SearchResults,
    analyze,
    get_document,
    highlight_spans,
    load_catalogue,
    open_searcher,
    render_article,
    search,
)
from seeds_cli.errors import NotFoundError, QueryError


def test_load_and_look_up(corpus: Path) -> None:
    catalogue = load_catalogue(corpus)
    assert get_document(catalogue, "a").id == "a1"
    with pytest.raises(NotFoundError):
        get_document(catalogue, "zz")


def test_search_gives_structured_results_with_offsets(corpus: Path) -> None:
    catalogue = load_catalogue(corpus)
    results = search(catalogue, "مكتبة", limit=5)
    assert isinstance(results, SearchResults)
    assert results.total == 1
    hit = results.hits[0]
    assert (hit.rank, hit.id, hit.title) == (1, "a1", "الكتاب في المكتبة")
    assert hit.score > 0
    text = catalogue.get("a1").text
    for passage in hit.passages:
        assert text[passage.start : passage.end] == passage.text
    words = [text[a:b] for p in hit.passages for a, b in p.highlights]
    assert set(words) == {"المكتبات", "المكتبة"}


def test_one_searcher_serves_many_queries(corpus: Path) -> None:
    searcher = open_searcher(load_catalogue(corpus))
    assert [h.id for h in search(searcher, "سيارة").hits] == ["b3"]
    assert [h.id for h in search(searcher, "libraries", passages=0).hits] == ["b2"]
    assert search(searcher, "source:sabq").total == 1


def test_search_errors_are_query_errors(corpus: Path) -> None:
    with pytest.raises(QueryError) as info:
        search(load_catalogue(corpus), '"unclosed', strict=True)
    assert info.value.position == 0
    with pytest.raises(QueryError):
        search(load_catalogue(corpus), "date>=2021-13-45")  # no reading can save it


def test_search_reads_pasted_text_as_the_command_does(corpus: Path) -> None:
    results = search(load_catalogue(corpus), '"مكتبة')
    assert [h.id for h in results.hits] == ["a1"]
    assert results.notes == ['unclosed " read as punctuation']


def test_analyze_maps_terms_to_the_original_text() -> None:
    text = "والكتابُ في المكتبات"
    terms = analyze(text)
    assert terms[0].term == analyze("كتاب")[0].term
    for term in terms:
        assert text[term.start : term.end].strip()
    assert analyze("المكتبات", stem=False)[0].term != analyze("المكتبات")[0].term


def test_render_article_to_a_string(corpus: Path) -> None:
    doc = load_catalogue(corpus).get("b3")
    text = render_article(doc, width=40)
    assert text.startswith("سيارات جديدة")
    assert "عرضت الشركة سياراتها" in text
    assert all(cell_len(line) <= 40 for line in text.splitlines())
    visual = render_article(doc, width=40, bidi="visual")
    assert visual != text


def test_highlight_spans(corpus: Path) -> None:
    doc = load_catalogue(corpus).get("b3")
    assert [doc.text[a:b] for a, b in highlight_spans(doc, "سيارة")] == ["سياراتها"]


def test_unknown_name() -> None:
    with pytest.raises(AttributeError):
        _ = seeds_cli.no_such_thing


def test_every_exported_name_resolves() -> None:
    for name in seeds_cli.__all__:
        assert getattr(seeds_cli, name) is not None
