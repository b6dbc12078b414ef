"""``seeds browse`` driven by Textual's headless pilot: typing, opening, scrolling, the keys,
errors shown in the app, right-to-left layout of every pane read back from the screen."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from seeds_cli.browse.app import BrowseApp, HelpScreen, ReaderScreen
from seeds_cli.browse.paint import LOGICAL_MARGIN, marks, shaped
from seeds_cli.browse.query_line import layout_query
from seeds_cli.browse.session import Session
from seeds_cli.browse.widgets import ArticleView, QueryBox, ResultsList, SourcesList
from seeds_cli.cli.browse_cmd import _open_searcher
from seeds_cli.cli.state import AppState
from seeds_cli.render.bidi.layout import display_inline

from .conftest import write_corpus
from .test_hostile_terminal import PAYLOADS

LONG = "\n\n".join(
    f"الفقرة {n}: قال وزير الخارجية إن أسعار النفط ارتفعت في الأسواق العالمية هذا الأسبوع."
    for n in range(40)
)
DOCS: list[dict[str, Any]] = [
    {
        "id": f"n{i:02d}",
        "title": f"النفط والأسواق {i}",
        "source": "okaz" if i % 2 else "sabq",
        "date": f"2015-08-{i + 1:02d}",
        "lang": "ar",
        "text": f"ارتفعت أسعار النفط في اليوم {i} من الشهر بعد قرار منظمة أوبك.",
    }
    for i in range(14)
] + [
    {
        "id": "long",
        "title": "وزير الخارجية يتحدث عن النفط",
        "source": "riyadh",
        "date": "2015-09-01",
        "lang": "ar",
        "text": LONG,
    },
    {
        "id": "en1",
        "title": "Oil prices climb",
        "source": "reuters",
        "date": "2015-09-02",
        "lang": "en",
        "text": "Oil prices climbed on Tuesday as traders weighed supply.",
    },
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", DOCS)


Steps = Callable[[Any, BrowseApp], Awaitable[None]]


def drive(corpus: Path, steps: Steps, *, mode: str = "visual", query: str = "") -> BrowseApp:
    """Run the app headless on ``corpus`` and play ``steps(pilot, app)`` against it."""
    state = AppState(corpus=str(corpus), index_dir=str(corpus.parent / "indexes"))
    session = Session(lambda: _open_searcher(state, False))
    session.wait_open()
    app = BrowseApp(session, mode=mode, query=query, heading="test")

    async def main() -> None:
        async with app.run_test(size=(110, 34)) as pilot:
            await until(pilot, lambda: "opening" not in status(app))
            await steps(pilot, app)

    asyncio.run(main())
    return app


async def until(pilot: Any, condition: Callable[[], bool], timeout: float = 15) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "the app did not get there in time"
        await pilot.pause(0.02)


async def type_text(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


def screen(app: BrowseApp) -> str:
    """The screen as text, row by row, as the terminal receives its cells."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status(app: BrowseApp) -> str:
    return str(app.query_one("#status").render())


def results(app: BrowseApp) -> ResultsList:
    return app.query_one(ResultsList)


def ids(app: BrowseApp) -> list[str]:
    return [item.doc.id for item in results(app).items]


def settled(app: BrowseApp, query: str, sources: tuple[str, ...] = ()) -> Callable[[], bool]:
    return lambda: (
        app.page is not None
        and app.page.query == query
        and app.page.sources == frozenset(sources)
        and app.idle
    )


def test_typing_a_query_updates_the_results(corpus: Path) -> None:
    from seeds_cli.api import load_catalogue, search

    seen: dict[str, list[str]] = {}

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        seen["first"] = ids(app)
        assert "15 documents" in status(app)
        await type_text(pilot, " +الخارجية")
        await until(pilot, settled(app, "النفط +الخارجية"))
        seen["second"] = ids(app)

    drive(corpus, steps)
    catalogue = load_catalogue(str(corpus))
    expected = [h.id for h in search(catalogue, "النفط", limit=40).hits]
    assert seen["first"] == expected  # the same results as seeds search
    assert seen["second"] == ["long"]


def test_keystrokes_during_a_search_are_gathered_and_only_the_newest_query_is_shown(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first search waits until every letter is typed: they all come while it runs.
    import threading

    typed = threading.Event()
    ran: list[str] = []
    search = Session.search

    def slow(self: Session, query: str, *args: Any) -> Any:
        ran.append(query)
        typed.wait(10)
        return search(self, query, *args)

    monkeypatch.setattr(Session, "search", slow)

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "أسعار النفط")
        typed.set()
        await until(pilot, settled(app, "أسعار النفط"))
        assert ran == ["أ", "أسعار النفط"]  # the first letter at once, then the newest text
        assert app.searches == 1  # the first letter's results, stale, were never shown
        assert app.query_one(QueryBox).value == "أسعار النفط"

    drive(corpus, steps)


def test_a_search_that_comes_back_while_the_app_closes_ends_quietly(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The results come back while the screen is being taken down: its widgets are gone, the
    # screen is still the app's. (Textual's test harness takes the screen down before it
    # cancels the app's workers; a search that came back then looked up a gone widget.)
    import threading

    from seeds_cli.browse.app import MainScreen

    closing = threading.Event()
    search = Session.search

    def held(self: Session, query: str, *args: Any) -> Any:
        page = search(self, query, *args)
        if query == "النفط":
            closing.wait(10)
        return page

    async def on_unmount(self: MainScreen) -> None:
        closing.set()
        await asyncio.sleep(0.3)  # the search's results arrive now

    monkeypatch.setattr(Session, "search", held)
    monkeypatch.setattr(MainScreen, "on_unmount", on_unmount, raising=False)

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "النفط")  # its search is under way when the test ends

    drive(corpus, steps)  # no error from the search that came back


def test_open_scroll_match_and_return(corpus: Path) -> None:
    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "وزير الخارجية")
        await until(pilot, settled(app, "وزير الخارجية"))
        assert ids(app)[0] == "long"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        view = app.screen.query_one(ArticleView)
        await until(pilot, lambda: bool(view.view))
        assert len(view.stops) == 80  # every match of both words, one stop each
        await pilot.press("j", "j", "j")
        assert view.scroll_offset.y == 3
        await pilot.press("pagedown")
        assert view.scroll_offset.y > 3
        await pilot.press("g")
        assert view.scroll_offset.y == 0
        for _ in range(30):
            await pilot.press("n")
        line = view.stops[view.current][0]
        assert view.current == 29
        assert view.scroll_offset.y <= line < view.scroll_offset.y + view.size.height
        assert "match 30 of 80" in str(app.screen.query_one("#reader-status").render())
        await pilot.press("N")
        assert view.current == 28
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ReaderScreen))
        assert ids(app)[0] == "long"

    drive(corpus, steps)


def test_the_results_keys_and_the_search_box_letters(corpus: Path) -> None:
    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        await pilot.press("down", "down")  # from the search box: the selection moves
        assert results(app).selected == 2
        await pilot.press("escape")  # to the results
        assert isinstance(app.focused, ResultsList)
        await pilot.press("j", "j", "k")
        assert results(app).selected == 3
        await pilot.press("G")
        assert results(app).selected == len(ids(app)) - 1
        await pilot.press("g")
        assert results(app).selected == 0
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "next / previous match" in screen(app)
        await pilot.press("x")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("slash")
        assert isinstance(app.focused, QueryBox)
        await type_text(pilot, " q")  # q is a letter in the search box
        assert app.query_one(QueryBox).value == "النفط q"
        assert app.is_running
        await pilot.press("escape", "q")
        await until(pilot, lambda: not app.is_running)

    drive(corpus, steps)


def test_query_errors_and_no_results_are_shown_in_the_app(corpus: Path) -> None:
    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        before = ids(app)
        # Read leniently, as seeds search reads it: the lone quotation mark is a note.
        await type_text(pilot, ' "أسعار')
        await until(pilot, settled(app, 'النفط "أسعار'))
        assert 'unclosed " read as punctuation' in status(app)
        for _ in range(7):
            await pilot.press("backspace")
        await type_text(pilot, " date>=2015-13-45")  # an impossible date: an error
        await until(pilot, lambda: "2015-13-45" in status(app))
        assert "query position" in status(app)
        assert ids(app) == before  # the last results stay
        await pilot.press("ctrl+u")
        await type_text(pilot, "+زززز")
        await until(pilot, lambda: "no documents match" in status(app))
        assert ids(app) == []
        assert app.is_running

    drive(corpus, steps)


def test_source_filters_toggle_from_the_list(corpus: Path) -> None:
    async def steps(pilot: Any, app: BrowseApp) -> None:
        sources = app.query_one(SourcesList)
        await until(pilot, lambda: bool(sources.names))
        assert sources.counts["okaz"] == 7
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        await pilot.press("tab")
        assert isinstance(app.focused, SourcesList)
        sources.cursor = sources.names.index("okaz")
        await pilot.press("space")
        await until(pilot, settled(app, "النفط", ("okaz",)))
        assert {item.doc.source for item in results(app).items} == {"okaz"}
        assert len(ids(app)) == 7
        await until(pilot, lambda: sources.counts.get("riyadh") == 1)  # counts for the query
        await pilot.press("space")
        await until(pilot, settled(app, "النفط"))
        assert len(ids(app)) == 15

    drive(corpus, steps)


def test_the_sources_are_counted_from_the_results_ranking_without_ranking_again(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The counts used to rank the query again, in full, after a pause in typing: a keystroke
    # that came then waited for it (0.1-0.2 s at 30k). Now they come with each query's
    # results, from the ranking that found them; with a source chosen, from a ranking of
    # the query alone for its best document.
    from seeds_cli.query.ranker import Ranker

    ranked: list[int | None] = []
    counted: list[int] = []  # rankings made while counting
    rank, facets = Ranker.rank, Session.facets

    def counting_rank(self: Ranker, tree: Any, top: int | None = None) -> Any:
        ranked.append(top)
        return rank(self, tree, top)

    def counting_facets(self: Session, page: Any) -> Any:
        before = len(ranked)
        try:
            return facets(self, page)
        finally:
            counted.append(len(ranked) - before)

    monkeypatch.setattr(Ranker, "rank", counting_rank)
    monkeypatch.setattr(Session, "facets", counting_facets)

    async def steps(pilot: Any, app: BrowseApp) -> None:
        sources = app.query_one(SourcesList)
        await type_text(pilot, "النفط")
        await until(pilot, lambda: settled(app, "النفط")() and sources.counts.get("riyadh") == 1)
        assert sources.counts == {"okaz": 7, "sabq": 7, "riyadh": 1}
        assert set(counted) == {0}  # every keystroke's counts, none ranked again
        await pilot.press("tab")
        sources.cursor = sources.names.index("okaz")
        await pilot.press("space")
        await until(pilot, lambda: settled(app, "النفط", ("okaz",))() and counted[-1] == 1)
        await until(pilot, lambda: sources.counts.get("sabq") == 7)  # the query's, all sources
        assert ranked[-1] == 1  # the query alone, for its best document

    drive(corpus, steps)


def test_the_lists_have_no_horizontal_scroll_bar(corpus: Path) -> None:
    # Their lines are cut to the pane: a horizontal scroll bar only took a row (the lists'
    # width was counted with their borders).
    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        for pane in (results(app), app.query_one(SourcesList)):
            assert not pane.show_horizontal_scrollbar

    drive(corpus, steps)


def test_a_click_opens_a_result(corpus: Path) -> None:
    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "Oil")
        await until(pilot, settled(app, "Oil"))
        await pilot.click(ResultsList, offset=(10, 1))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert "Oil prices climb" in screen(app)

    drive(corpus, steps)


def test_arabic_in_visual_mode_is_shaped_and_reordered_in_every_pane(corpus: Path) -> None:
    shots: dict[str, str] = {}

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "وزير الخارجية")
        await until(pilot, settled(app, "وزير الخارجية"))
        await until(pilot, lambda: results(app).items[0].passage_done)
        shots["main"] = screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        shots["reader"] = screen(app)

    drive(corpus, steps)
    main, reader = shots["main"], shots["reader"]
    box = layout_query("وزير الخارجية", len("وزير الخارجية"), "visual").text.strip()
    assert box in main  # the search box: shaped, right to left
    assert display_inline("وزير الخارجية يتحدث عن النفط", "visual") in main  # a title
    assert display_inline("riyadh", "visual") in main
    assert "وزير" not in main and "وزير" not in reader  # no unshaped, logical-order Arabic
    # Nothing lost: every word of the article is on the reader's screen, in display order.
    first = display_inline("الفقرة 0: قال وزير الخارجية إن أسعار النفط", "visual")
    assert any(first in row for row in reader.splitlines())
    title = display_inline("وزير الخارجية يتحدث عن النفط", "visual")
    assert reader.splitlines()[0].rstrip().endswith(title)  # right-aligned


def test_logical_mode_sends_reading_order_in_embeddings(corpus: Path) -> None:
    shots: dict[str, str] = {}

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "وزير الخارجية")
        await until(pilot, settled(app, "وزير الخارجية"))
        shots["main"] = screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        shots["reader"] = screen(app)

    drive(corpus, steps, mode="logical")
    for text in shots.values():
        for row in text.splitlines():
            assert row.count("\u202b") == row.count("\u202c")  # every embedding is closed
            if "\u202b" in row:
                assert row.index("\u200e") < row.index("\u202b")  # the row stays left to right
            assert marks(row) <= LOGICAL_MARGIN  # room for mlterm's slots at the right edge
    query = shaped("وزير الخارجية")  # shaped, in reading order (see the next test)
    box = next(row for row in shots["main"].splitlines() if query in row)
    # The box, in reading order, its cursor cell sent before it (drawn on its left).
    assert box.rstrip(" │╯╮").endswith(" " + query), repr(box)
    assert shaped("وزير الخارجية يتحدث عن النفط") in shots["main"]  # a title, in reading order
    # Every line of a pane carries as many marks, so that no row holds more than the margin.
    rows = [r for r in shots["main"].splitlines() if r.count("│") == 4]
    assert len({marks(r) for r in rows}) == 1


@pytest.mark.parametrize("mode", ["visual", "logical"])
def test_in_logical_mode_the_right_margin_is_drawn_in_the_terminals_background(
    corpus: Path, mode: str
) -> None:
    # mlterm's slots for a row's marks push its end into the margin, by as many cells as the
    # row has marks (Textual's own rows, none). Painted in the app's background, the margin
    # showed down the right edge as a ragged strip; with no colour, the terminal draws it all
    # in its own background. Visual mode keeps no margin: its last cells are the app's.
    shots: dict[str, list[Any]] = {}

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "وزير الخارجية")
        await until(pilot, settled(app, "وزير الخارجية"))
        shots["main"] = app.screen._compositor.render_strips()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        shots["reader"] = app.screen._compositor.render_strips()
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause(0.1)
        shots["help"] = app.screen._compositor.render_strips()

    drive(corpus, steps, mode=mode)
    for name, strips in shots.items():
        assert len(strips) == 34
        for strip in strips:
            assert strip.cell_length == 110
            margin = strip.crop(110 - LOGICAL_MARGIN, 110)
            coloured = [seg for seg in margin if seg.style is not None and seg.style.bgcolor]
            if mode == "logical":
                assert margin.text == " " * LOGICAL_MARGIN, (name, strip.text)
                assert not coloured, (name, coloured)
            else:
                assert coloured, name  # the app's background, to the last column
        if mode == "logical":  # and the app's own background left of it
            assert all(
                seg.style is not None and seg.style.bgcolor
                for strip in strips
                for seg in strip.crop(0, 110 - LOGICAL_MARGIN)
                if seg.text.strip("\u200e\u202b\u202c")
            ), name


LAM_ALEF = ("لا", "لأ", "لإ", "لآ")


def mlterm_cells(text: str) -> int:
    """The cells mlterm draws ``text`` in: a lam-alef pair of letters in one (Textual counts
    two), a bidi mark in none."""
    from rich.cells import cell_len

    return cell_len(text) - sum(text.count(pair) for pair in LAM_ALEF)


def test_in_logical_mode_borders_stay_in_their_columns_as_mlterm_draws_them(
    corpus: Path,
) -> None:
    # Titles and passages hold lam-alef pairs (والأسواق, الأسبوع): sent as letters, mlterm drew
    # each such row a cell short, its right border a cell to the left and an old cell left
    # at its end. Sent shaped, a lam-alef is one character of one cell.
    shots: dict[str, str] = {}

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "الأسواق")
        await until(pilot, settled(app, "الأسواق"))
        shots["main"] = screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        shots["reader"] = screen(app)

    drive(corpus, steps, mode="logical")
    main = shots["main"]
    assert shaped("النفط والأسواق") in main  # shaped, in logical order: the terminal orders
    for text in shots.values():
        for row in text.splitlines():
            assert mlterm_cells(row) == 110, repr(row)  # the whole row, to its last column
    borders = {
        tuple(mlterm_cells(row[:k]) for k, ch in enumerate(row) if ch == "│")
        for row in main.splitlines()
        if row.count("│") == 4
    }
    assert len(borders) == 1, borders


@pytest.mark.parametrize("mode", ["visual", "logical"])
def test_hostile_titles_and_texts_are_inert_in_every_pane(tmp_path: Path, mode: str) -> None:
    docs = [
        {
            "id": f"h{i}",
            "title": f"خبر {payload} T",
            "source": f"S{i}",
            "date": "2015-08-01",
            "text": f"خبر عاجل {payload} في النص",
        }
        for i, (payload, _) in enumerate(PAYLOADS.values())
    ]
    corpus = write_corpus(tmp_path / "hostile", docs)
    shots: list[str] = []

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "خبر")
        await until(pilot, settled(app, "خبر"))
        await until(pilot, lambda: results(app).items[0].passage_done)
        shots.append(screen(app))
        for _ in range(len(docs)):
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
            shots.append(screen(app))
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ReaderScreen))
            await pilot.press("down")

    drive(corpus, steps, mode=mode)
    everything = "\n".join(shots)
    bad = [
        c
        for c in everything
        if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029")
    ]
    assert bad == []
    # The only bidi controls are the app's own embeddings, in logical mode.
    assert not set(everything) & set("\u202a\u202d\u202e\u2066\u2067\u2068\u2069")
    if mode == "visual":
        assert not set(everything) & set("\u202b\u202c")
    assert "[/bold]" in everything and "[red]x" in everything  # markup shown as text
    assert "␛" in everything  # escapes shown as symbols


def test_a_story_is_one_row_with_its_copies_and_the_reader_says_where_else(
    tmp_path: Path,
) -> None:
    wire = "\n\n".join(
        f"أعلنت وزارة الطاقة اليوم خطة جديدة لإنتاج النفط في المرحلة {n} من المشروع الكبير."
        for n in range(6)
    )
    docs = [
        {"id": "w1", "title": "خطة النفط", "source": "was", "date": "2015-07-01", "text": wire},
        {"id": "o1", "title": "خطة النفط", "source": "okaz", "date": "2015-07-02", "text": wire},
        {"id": "s1", "title": "خطة النفط", "source": "sabq", "date": "2015-07-03", "text": wire},
        {
            "id": "u1",
            "title": "سوق النفط",
            "source": "alyaum",
            "date": "2015-07-04",
            "text": "تراجعت أسعار النفط في السوق اليوم بعد أسبوع من الارتفاع.",
            "copies": "alriyadh 2015-07-04 <http://alriyadh/u1>",
        },
    ] + [
        {
            "id": f"f{i}",
            "title": f"أخبار {i}",
            "source": "alwatan",
            "date": "2015-07-05",
            "text": f"خبر عن الرياضة والثقافة رقم {i} في المدينة.",
        }
        for i in range(4)
    ]
    corpus = write_corpus(tmp_path / "corpus", docs)
    seen: dict[str, Any] = {}

    async def steps(pilot: Any, app: BrowseApp) -> None:
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        await until(pilot, lambda: all(i.passage_done for i in results(app).items))
        await pilot.pause(0.1)
        seen["ids"] = ids(app)
        seen["screen"] = screen(app)
        seen["status"] = status(app)
        app.query_one(ResultsList).select(ids(app).index("w1"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        seen["reader"] = screen(app)

    drive(corpus, steps)
    # Three copies of one story are one row (its earliest copy), beside the other story.
    assert sorted(seen["ids"]) == ["u1", "w1"]
    assert "4 documents" in seen["status"]  # the documents that match, copies included
    assert "+2 copies: okaz, sabq" in seen["screen"]
    assert "+1 copy: alriyadh" in seen["screen"]  # a copy its import recorded
    assert "also in" in seen["reader"]
    assert "okaz (2015-07-02), sabq (2015-07-03)" in seen["reader"]


@pytest.mark.parametrize("mode", ["visual", "logical"])
def test_in_logical_mode_a_changed_row_is_sent_whole(corpus: Path, mode: str) -> None:
    # A bidi terminal gives each bidi mark a cell slot of its own and places the cursor by
    # slots: a pane's part of a row placed with the cursor overwrote the end of the pane
    # before it. So in logical mode each row goes out in one run from its first column.
    import re

    moves: list[tuple[int, int]] = []

    async def steps(pilot: Any, app: BrowseApp) -> None:
        display = app._display

        def record(screen: Any, update: Any) -> None:
            sent = "" if update is None else update.render_segments(app.console)
            moves.extend((int(y), int(x)) for y, x in re.findall(r"\x1b\[(\d+);(\d+)H", sent))
            display(screen, update)

        app._display = record  # type: ignore[method-assign]
        await type_text(pilot, "النفط")
        await until(pilot, settled(app, "النفط"))
        sources = app.query_one(SourcesList)
        await until(pilot, lambda: sources.counts.get("riyadh") == 1)  # counted for the query
        await pilot.press("tab")  # the focus moves: borders change colour
        await pilot.pause(0.2)

    drive(corpus, steps, mode=mode)
    assert moves
    whole = all(x == 1 for _, x in moves)
    assert whole == (mode == "logical")
