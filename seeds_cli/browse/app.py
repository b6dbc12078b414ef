"""The Textual application of ``seeds browse``: search as you type, results, sources, reader.

Searches run in the session's thread (:mod:`.session`); the app keeps the screen live while
they run. Each keystroke gives the query a new generation, and anything still under way for an
older generation stops at its next step and is never shown. A keystroke's query runs at once
when no search is under way; keystrokes that come while one runs are gathered, and only the
newest text runs when it ends (a debounce that costs an idle typist nothing). A query's first
screen of results comes with its passages, so the list is drawn once per query.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widgets import Footer, Static

from seeds_cli.browse.paint import LOGICAL_MARGIN, shaped
from seeds_cli.browse.session import PAGE, Article, Item, Page, Session, Stale
from seeds_cli.browse.widgets import (
    ArticleView,
    QueryBox,
    ResultsList,
    SourcesList,
)

T = TypeVar("T")

PLACEHOLDER = 'words, "a phrase", +must -not, source:NAME, date>=2015-08 …'

HELP = """\
Search box                 (focused at start; / from anywhere)
  type                     results follow as you type
  ← →  Home End            move (in an Arabic query ← goes forward)
  Backspace Delete         delete before / after the cursor
  Ctrl+W  Ctrl+U  Ctrl+K   delete a word / to the start / to the end
  ↓ ↑  PgDn PgUp           choose a result     Enter  open it
  Esc                      go to the results   Tab  go to the sources

Results                    j k ↓ ↑  PgDn PgUp  g G    move
  Enter, click             open the article    / search    s sources

Sources                    j k ↓ ↑ move   Space, Enter, click: filter by the source

Article                    j k ↓ ↑  Space b  PgDn PgUp  g G    scroll
  n N                      next / previous match of the query
  Esc                      back to the results

Anywhere                   ? help   q quit (Ctrl+C, Ctrl+Q in the search box)

The query language is the one of 'seeds search': see 'seeds search --help'.
"""


def line_text(message: str, mode: str, style: str) -> Text:
    """A one-line message (it may quote the query or a title) as seeds lays it out: shaped and
    reordered in visual mode; in logical mode shaped and kept left to right by a leading mark."""
    from seeds_cli.render.bidi.layout import display_inline

    shown = display_inline(message, mode)
    return Text(" " + (shown if mode == "visual" else "\u200e" + shaped(shown)), style=style)


class WholeRows:
    """A screen that, in logical mode, sends every row whole: from its first column, in one run.

    Textual updates only the parts of the screen that changed, and even a whole row goes out
    as one piece per widget, each placed with the cursor. A bidi terminal keeps each bidi mark
    in a cell slot of its own (see :mod:`.paint`), which Textual counts as no cell, and mlterm
    places the cursor by slots: a piece placed after one with marks overwrote that piece's
    last cells (a pane's border lost, everything after it drawn further left). Sent as one
    run, a row's marks only push its end into the margin kept blank at the right edge.

    Rows carry different numbers of marks (Textual's own rows, such as the footer, none), so
    each row's margin shows for a different width. Painted in the app's background, that made
    a ragged strip down the right edge; so the margin's cells carry no colour at all: the
    terminal draws them, and whatever the marks push past the row's end, in its own background.
    """

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)  # type: ignore[misc]
        if getattr(self.app, "mode", "visual") != "logical":
            return strips
        keep = self.outer_size.width - LOGICAL_MARGIN - crop.x  # the cells left of the margin
        if keep >= crop.width:
            return strips
        keep = max(0, keep)
        return [
            Strip.join([strip.crop(0, keep), Strip.blank(crop.width - keep)]) for strip in strips
        ]

    def _compositor_refresh(self) -> None:
        # (Textual has no public hook for this: any change repaints the screen, which Textual
        # sends row by row, each row in one run.)
        compositor = self._compositor  # type: ignore[attr-defined]
        if getattr(self.app, "mode", "visual") == "logical" and compositor._dirty_regions:
            compositor._dirty_regions = {compositor.size.region}
        super()._compositor_refresh()  # type: ignore[misc]


class MainScreen(WholeRows, Screen[None]):
    """The search box, the sources and the results."""


class HelpScreen(WholeRows, ModalScreen[None]):
    """The keys, over the app; any key or click closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Static { width: auto; height: auto; border: round $accent; padding: 1 2;
                          background: $surface; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text(HELP), id="help")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss()

    def on_click(self) -> None:
        self.dismiss()


class ReaderScreen(WholeRows, Screen[None]):
    """One article, full screen: the article view, where we are in it, and the keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace,left,h", "back", "Back", show=True),
        Binding("q", "app.quit", "Quit", show=True),
        Binding("question_mark", "app.help", "Help", show=True),
    ]

    def __init__(self, article: Article, mode: str, where: str) -> None:
        super().__init__()
        self.article = article
        self.mode = mode
        self.where = where

    def compose(self) -> ComposeResult:
        yield ArticleView(mode=self.mode, id="article")
        yield Static(id="reader-status")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(ArticleView)
        view.load(self.article.meta, self.article.text, self.article.highlights)
        view.focus()
        self._status()

    def on_resize(self) -> None:
        self.query_one(ArticleView)._layout()

    def on_article_view_match_moved(self) -> None:
        self._status()

    def _status(self) -> None:
        view = self.query_one(ArticleView)
        count = len(view.stops)
        if count:
            at = f"match {view.current + 1} of {count}" if view.current >= 0 else f"{count} matches"
            text = f" {self.where} · {at} · n/N to go from match to match"
        else:
            text = f" {self.where}"
        self.query_one("#reader-status", Static).update(
            line_text(text, self.mode, "dim"), layout=False
        )

    def action_back(self) -> None:
        self.app.pop_screen()


class BrowseApp(App[None]):
    """``seeds browse``: the search box, the sources, the results, and a reader for each."""

    TITLE = "seeds browse"
    ENABLE_COMMAND_PALETTE = False
    CSS = f"""
    Screen {{ layout: vertical; }}
    BrowseApp.-logical Screen {{ padding-right: {LOGICAL_MARGIN}; }}
    #heading {{ height: 1; padding: 0 1; background: $panel; }}
    #body {{ height: 1fr; }}
    #status {{ height: 1; padding: 0 1; }}
    #reader-status {{ height: 1; padding: 0 1; background: $panel; }}
    ArticleView {{ height: 1fr; }}
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c,ctrl+q", "leave", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", show=True),
        Binding("f1", "help", "Help", show=False),
        Binding("slash", "focus_search", "Search", show=True),
        Binding("q", "quit", "Quit", show=True),
        Binding("s", "focus_sources", "Sources", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(
        self,
        session: Session,
        *,
        mode: str,
        query: str = "",
        heading: str = "",
        debug: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.mode = mode
        self.initial_query = query
        self.heading = heading
        self.debug_errors = debug
        self.crash: BaseException | None = None
        self.page: Page | None = None
        self.chosen: frozenset[str] = frozenset()
        self.corpus_counts: dict[str, int] = {}
        self._searching = False  # a query is with the search thread
        self._pending = False  # the text changed since: run the newest when it is back
        self._fetching_more = False
        self.searches = 0  # queries shown (for tests and the benchmark)
        # When the newest results (with their first screen of passages) were handed to the
        # list, and when the screen had been painted with them; when an error was shown:
        # {"results" | "painted" | "error": (query, perf_counter)} (for the benchmark).
        self.shown: dict[str, tuple[str, float]] = {}

    # -- layout

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield Static(line_text(self.heading, self.mode, "bold"), id="heading")
        yield QueryBox(self.initial_query, mode=self.mode, placeholder=PLACEHOLDER, id="query")
        with Horizontal(id="body"):
            yield SourcesList(mode=self.mode, id="sources")
            with Vertical():
                yield ResultsList(mode=self.mode, id="results")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                    loop.add_signal_handler(sig, self.exit)
        # Room for the bidi marks' cell slots (see seeds_cli.browse.paint).
        self.set_class(self.mode == "logical", "-logical")
        self.query_one(QueryBox).focus()
        self.query_one("#sources").border_title = "sources"
        self.query_one("#query").border_title = "search"
        self._set_status("opening the index…")
        self.run_worker(self._start(), group="start")

    async def _start(self) -> None:
        try:
            await self._in_thread(self.session.wait_open)
        except Exception as exc:  # the index could not be opened: say so, in the app
            self._show_error(exc)
            return
        box = self.query_one(QueryBox)
        if box.value.strip():
            self._run_query()
        else:
            self._set_status("type to search; ? for the keys")
        try:
            counts = await self._in_thread(self.session.corpus_sources)
        except Exception as exc:
            self._show_error(exc)
            return
        self.corpus_counts = counts
        if self.page is None or not self.query_one(QueryBox).value.strip():
            self.query_one(SourcesList).show(counts)

    async def _in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` run in the search thread. Work that comes back once the app is closing
        is cancelled: its widgets may be gone already (Textual's test harness takes the screen
        down before it cancels the app's workers), and nothing more is to be shown."""
        try:
            return await asyncio.wrap_future(self.session.submit(fn, *args))
        finally:
            if not self.is_running:
                raise asyncio.CancelledError  # (closing wins over what came back)

    # -- searching

    @property
    def idle(self) -> bool:
        """No query is running or waiting to run (for tests and the benchmark)."""
        return not (self._searching or self._pending)

    def on_query_box_changed(self, message: QueryBox.Changed) -> None:
        self.session.latest += 1  # anything under way for the old text stops
        self._run_query()

    def on_sources_list_toggled(self, message: SourcesList.Toggled) -> None:
        self.chosen = message.chosen
        self.session.latest += 1
        self._run_query()

    def _run_query(self) -> None:
        if self._searching:
            self._pending = True  # run when the search under way is back
            return
        self._pending = False
        query = self.query_one(QueryBox).value.strip()
        self.session.latest += 1
        generation = self.session.latest
        self.query_one(QueryBox).error_at = None
        if not query and not self.chosen:
            self.page = None
            self.query_one(ResultsList).show([], 0)
            self.query_one(SourcesList).show(self.corpus_counts)
            self._set_status("type to search; ? for the keys")
            return
        self._searching = True
        self.run_worker(self._search(query, self.chosen, generation), group="search")

    async def _search(self, query: str, sources: frozenset[str], generation: int) -> None:
        try:
            await self._search_once(query, sources, generation)
        finally:
            self._searching = False
            if self._pending and self.is_running:
                self._run_query()

    async def _search_once(self, query: str, sources: frozenset[str], generation: int) -> None:
        from seeds_cli.errors import QueryError

        session = self.session
        results = self.query_one(ResultsList)
        screen = len(results.visible_range()) or results.ROW
        try:
            page = await self._in_thread(
                session.search, query, generation, sources, PAGE, 0, screen
            )
        except Stale:
            return
        except QueryError as exc:
            if generation == session.latest:
                self.shown["error"] = (query, time.perf_counter())
                self._show_query_error(exc)
            return
        except Exception as exc:
            self._show_error(exc)
            return
        if generation != session.latest:
            return
        self.page = page
        results.show(page.items, page.total)
        self.searches += 1
        self.shown["results"] = (query, time.perf_counter())
        self._set_status(self._summary(page))
        self.call_after_refresh(self._painted, page)
        await self._fill_passages(page)
        if generation == session.latest and query:
            # The sources' counts come after the results, from the same ranking (cheap: see
            # Session.facets); a newer keystroke's search finds them done or skipped.
            self.run_worker(self._facets(page), group="facets", exclusive=True)

    def _painted(self, page: Page) -> None:
        if page is self.page:
            self.shown["painted"] = (page.query.strip(), time.perf_counter())

    async def _fill_passages(self, page: Page) -> None:
        results = self.query_one(ResultsList)
        wanted = [page.items[i] for i in results.visible_range() if i < len(page.items)]
        wanted = [item for item in wanted if not item.passage_done]
        if not wanted:
            return
        try:
            await self._in_thread(self.session.passages, page, wanted)
        except Stale:
            return
        except Exception as exc:
            self._show_error(exc)
            return
        if page is self.page:
            results.updated(wanted)

    async def _facets(self, page: Page) -> None:
        try:
            counts = await self._in_thread(self.session.facets, page)
        except Exception:
            return  # a stale or failed count leaves the list as it was
        if page is self.page and page.generation == self.session.latest:
            sources = self.query_one(SourcesList)
            for name in sources.chosen:
                counts.setdefault(name, 0)
            sources.show(counts)

    def on_results_list_moved(self) -> None:
        page = self.page
        if page is None:
            return
        results = self.query_one(ResultsList)
        self.run_worker(self._fill_passages(page), group="passages")
        if (
            results.selected >= len(page.items) - 5
            and len(page.items) < page.total
            and not self._fetching_more
        ):
            self.run_worker(self._more(page), group="more")

    async def _more(self, page: Page) -> None:
        self._fetching_more = True
        try:
            more = await self._in_thread(
                self.session.search,
                page.query,
                page.generation,
                page.sources,
                PAGE,
                len(page.items),
            )
        except Exception:
            return
        finally:
            self._fetching_more = False
        if page is not self.page:
            return
        page.items.extend(more.items)
        page.patterns = more.patterns or page.patterns
        self.query_one(ResultsList).show(page.items, page.total, keep=True)
        await self._fill_passages(page)

    def _summary(self, page: Page) -> str:
        within = f" in {', '.join(sorted(page.sources))}" if page.sources else ""
        if not page.total:
            summary = f"no documents match {page.query!r}{within}"
        else:
            noun = "document" if page.total == 1 else "documents"
            summary = f"{page.total:,} {noun}{within} · {page.seconds * 1000:.0f} ms"
        if page.notes:  # how the lenient reading took what did not parse
            summary += f" · {page.notes[0]}"
        return summary

    def _show_query_error(self, exc: Exception) -> None:
        from seeds_cli.errors import QueryError

        message = exc.one_line() if isinstance(exc, QueryError) else str(exc)
        box = self.query_one(QueryBox)
        if isinstance(exc, QueryError):
            typed = box.value.strip()
            start = len(box.value) - len(box.value.lstrip())
            box.error_at = start + exc.position if exc.position < len(typed) else None
            box.refresh()
            message = f"query position {exc.position + 1}: {message}"
        self._set_status(message, error=True)

    def _show_error(self, exc: BaseException) -> None:
        from seeds_cli.errors import SeedsError

        message = exc.one_line() if isinstance(exc, SeedsError) else f"{type(exc).__name__}: {exc}"
        self._set_status(message, error=True)

    def _set_status(self, message: str, *, error: bool = False) -> None:
        # One line of a fixed size: no layout of the screen again (that costs a keystroke).
        self.query_one("#status", Static).update(
            line_text(message, self.mode, "bold red" if error else "dim"), layout=False
        )

    # -- opening

    def on_results_list_open(self, message: ResultsList.Open) -> None:
        page = self.page
        if page is None or message.index >= len(page.items):
            return
        self.run_worker(self._open(page, page.items[message.index]), group="open", exclusive=True)

    async def _open(self, page: Page, item: Item) -> None:
        try:
            article = await self._in_thread(self.session.article, item, page)
        except Exception as exc:
            self._show_error(exc)
            return
        where = f"{item.rank} of {page.total:,} · {item.doc.id}"
        from seeds_cli.render.safe import clean_inline

        await self.push_screen(ReaderScreen(article, self.mode, clean_inline(where)))

    # -- keys

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_focus_search(self) -> None:
        if isinstance(self.screen, ReaderScreen):
            self.pop_screen()
        self.query_one(QueryBox).focus()

    def action_focus_sources(self) -> None:
        self.query_one(SourcesList).focus()

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, QueryBox):
            self.query_one(ResultsList).focus()
        else:
            self.query_one(QueryBox).focus()

    def action_leave(self) -> None:
        self.exit()

    def on_key(self, event: events.Key) -> None:
        """Keys the search box leaves alone go to the results (↓ ↑ PgDn PgUp Enter)."""
        if not isinstance(self.focused, QueryBox):
            return
        results = self.query_one(ResultsList)
        actions = {
            "down": lambda: results.action_move(1),
            "up": lambda: results.action_move(-1),
            "pagedown": lambda: results.action_page(1),
            "pageup": lambda: results.action_page(-1),
            "enter": results.action_open,
        }
        action = actions.get(event.key)
        if action is not None:
            event.stop()
            action()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letters are the query's while the search box has the focus.
        letters = action in ("quit", "focus_search", "focus_sources")
        return not (letters and isinstance(self.focused, QueryBox))

    # -- failures

    def _handle_exception(self, error: Exception) -> None:
        self.crash = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        if self.debug_errors:
            super()._fatal_error()
            return
        # The command prints one line for it once the terminal is restored.
        self._close_messages_no_wait()

    def on_unmount(self) -> None:
        self.session.close()


def run(
    session: Session, *, mode: str, query: str = "", heading: str = "", debug: bool = False
) -> BaseException | None:
    """Run the app until the reader quits; the exception that ended it, if one did."""
    app = BrowseApp(session, mode=mode, query=query, heading=heading, debug=debug)
    app.run()
    return app.crash


__all__ = ["BrowseApp", "run"]
