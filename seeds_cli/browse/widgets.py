"""The browse app's widgets: the search box, the results, the sources and the article view.

Each draws its own lines (Textual's line API) from seeds' layout, so that right-to-left text
is shaped, reordered and aligned by seeds (see :mod:`.paint`), and document text is never
read as markup.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from seeds_cli.browse import query_line
from seeds_cli.browse.paint import (
    Piece,
    aligned,
    blank,
    fence,
    rtl_piece,
    style_of,
    to_strip,
    width_of,
)

if TYPE_CHECKING:
    from seeds_cli.browse.session import Item
    from seeds_cli.render.article import ViewLine

MATCH = style_of("bold black on yellow")
MATCH_LOGICAL = style_of("black on yellow")
CURRENT_MATCH = style_of("bold black on dark_orange")
CURRENT_MATCH_LOGICAL = style_of("black on dark_orange")
DIM = style_of("dim")
TITLE = style_of("bold")
SELECTED = Style(bgcolor="grey23")
MARKER = style_of("bold cyan")
COPIES = style_of("magenta")
CURSOR = Style(reverse=True)


def title_style(mode: str) -> Style:
    """Bold, except in logical mode: mlterm draws bold Arabic wider than its cells."""
    return TITLE if mode == "visual" else style_of("bright_white")


# ---------------------------------------------------------------------------------------------
# The search box


class QueryBox(Widget, can_focus=True):
    """A one-line query editor that keeps the text in logical order and draws it itself.

    See :mod:`.query_line` for what the keys do and how the text is shown in each mode.
    """

    DEFAULT_CSS = """
    QueryBox { height: 3; border: round $accent 60%; padding: 0 1; }
    QueryBox:focus { border: round $accent; }
    """

    class Changed(Message):
        """The query text changed (typed, deleted or pasted)."""

        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    def __init__(self, value: str = "", *, mode: str, placeholder: str = "", **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.mode = mode
        self.placeholder = placeholder
        self.value = query_line.clean_typed(value)
        self.cursor = len(self.value)
        self._offset = 0
        self.error_at: int | None = None  # a query error's position, underlined

    # -- editing

    def set_value(self, value: str, cursor: int | None = None) -> None:
        value = query_line.clean_typed(value)
        changed = value != self.value
        self.value = value
        self.cursor = len(value) if cursor is None else max(0, min(cursor, len(value)))
        self.refresh()
        if changed:
            self.post_message(self.Changed(value))

    def insert(self, text: str) -> None:
        text = query_line.clean_typed(text)
        if text:
            v, c = self.value, self.cursor
            self.set_value(v[:c] + text + v[c:], c + len(text))

    def _delete(self, start: int, end: int) -> None:
        if start < end:
            v = self.value
            self.set_value(v[:start] + v[end:], start)

    def _word_start(self) -> int:
        v, c = self.value, self.cursor
        while c > 0 and v[c - 1].isspace():
            c -= 1
        while c > 0 and not v[c - 1].isspace():
            c -= 1
        return c

    def _move(self, forward: bool) -> None:
        step = query_line.next_stop if forward else query_line.previous_stop
        self.cursor = step(self.value, self.cursor)
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        key = event.key
        rtl = query_line.is_rtl(self.value)
        handled = True
        if key == "backspace":
            self._delete(query_line.previous_stop(self.value, self.cursor), self.cursor)
        elif key == "delete" or key == "ctrl+d":
            self._delete(self.cursor, query_line.next_stop(self.value, self.cursor))
        elif key == "left":
            self._move(forward=rtl)
        elif key == "right":
            self._move(forward=not rtl)
        elif key in ("home", "ctrl+a"):
            self.cursor = 0
            self.refresh()
        elif key in ("end", "ctrl+e"):
            self.cursor = len(self.value)
            self.refresh()
        elif key == "ctrl+w":
            self._delete(self._word_start(), self.cursor)
        elif key == "ctrl+u":
            self._delete(0, self.cursor)
        elif key == "ctrl+k":
            self._delete(self.cursor, len(self.value))
        elif event.is_printable and event.character and key != "question_mark":
            self.insert(event.character)
        else:
            handled = False
        if handled:
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        if lines:
            self.insert(lines[0])
        event.stop()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        layout = query_line.layout_query(self.value, self.cursor, self.mode)
        start = query_line.window(layout, self.content_size.width, self._offset)
        self.cursor = query_line.position_at(layout, offset.x + start)
        self.refresh()

    # -- drawing

    def render_line(self, y: int) -> Strip:
        full = width = self.content_size.width
        base = self.rich_style
        if y != 0 or width <= 0:
            return Strip.blank(full, base)
        if not self.value:
            cursor = [(" ", CURSOR)] if self.has_focus else []
            return to_strip([*cursor, (self.placeholder, DIM)], full, base)
        layout = query_line.layout_query(self.value, self.cursor, self.mode)
        start = query_line.window(layout, width, self._offset)
        self._offset = max(0, start)
        pieces: list[Piece] = []
        end_shown = False  # the blank cell after the last letter is in view
        column = 0
        last = len(layout.cells) - 1
        for k, cell in enumerate(layout.cells):
            style = None
            if k == layout.cursor and self.has_focus:
                style = CURSOR
            elif self.error_at is not None and cell.start <= self.error_at < max(
                cell.end, cell.start + 1
            ):
                style = style_of("underline red")
            if start <= column and column + cell.width <= start + width:
                pieces.append((cell.text, style))
                end_shown = k == last
            column += cell.width
        if self.mode == "visual":
            if start < 0:
                pieces.insert(0, (" " * -start, None))
            return to_strip(pieces, full, base)
        # Logical mode: the terminal orders the text; a right-to-left query is embedded and
        # right-aligned as the terminal would show it alone.
        if layout.rtl:
            # The end cell goes before the query: sent after it, the terminal would draw it on
            # the query's right (trailing blanks take the row's direction), and the next
            # letter appears on its left.
            end = [pieces.pop()] if end_shown and pieces else []
            pad = max(0, width - width_of(pieces, "logical") - width_of(end, "logical"))
            line = [(" " * pad, None), *end, *rtl_piece(pieces, "logical")]
            return to_strip(fence(line, "logical", "query"), full, base)
        return to_strip(fence(pieces, "logical", "query"), full, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


# ---------------------------------------------------------------------------------------------
# Shared pieces of text


@lru_cache(maxsize=1024)
def _inline(text: str, mode: str, max_cells: int) -> tuple[str, bool]:
    from seeds_cli.render.bidi.algorithm import base_direction
    from seeds_cli.render.bidi.layout import display_inline
    from seeds_cli.render.safe import clean_inline

    clean = clean_inline(text)
    rtl = base_direction(clean) == "rtl"
    return display_inline(clean, mode, max_cells=max_cells), rtl


def inline_pieces(
    text: str, mode: str, max_cells: int, style: Style | None = None
) -> tuple[list[Piece], bool]:
    """A one-line field (a title, a source) cut to ``max_cells``: its pieces and whether it
    reads right to left (in visual mode already shaped and reordered). Laid out once per
    text and width: titles come back with every keystroke."""
    shown, rtl = _inline(text, mode, max_cells)
    return [(shown, style)], rtl


def field(
    text: str, mode: str, cells: int, style: Style | None = None, *, last: bool = True
) -> list[Piece]:
    """A column ``cells`` wide holding ``text``: right-to-left text right-aligned in it.
    ``last``: nothing follows it on the line (no mark is needed to close it)."""
    if cells <= 0:
        return []
    pieces, rtl = inline_pieces(text, mode, cells, style)
    pad = (" " * max(0, cells - width_of(pieces, mode)), None)
    if rtl:
        return [pad, *rtl_piece(pieces, mode, last=last)]
    return [*pieces, pad]


def passage_lines(
    item: Item, width: int, mode: str, count: int = 2
) -> list[tuple[list[Piece], bool]]:
    """Up to ``count`` lines of the item's passage, matches highlighted, laid out in ``mode``."""
    passage = item.passage
    if passage is None or width <= 0:
        return []
    lines = _passage_layout(
        passage.text, passage.start, tuple(passage.highlights), width, mode, count
    )
    match = MATCH if mode == "visual" else MATCH_LOGICAL
    return [
        ([(chunk, match if name == "match" else None) for chunk, name in segments], rtl)
        for segments, rtl in lines
    ]


@lru_cache(maxsize=512)
def _passage_layout(
    text: str,
    start: int,
    highlights: tuple[tuple[int, int], ...],
    width: int,
    mode: str,
    count: int,
) -> tuple[tuple[tuple[tuple[str, str | None], ...], bool], ...]:
    """A passage's first ``count`` lines (segments named "match" or None, and whether each
    reads right to left). Shaping and reordering cost a few ms a passage, and the same
    passage is often shown again by the next keystroke's query: so each is laid out once."""
    from seeds_cli.render.bidi.layout import layout_paragraph
    from seeds_cli.render.safe import clean_block_mapped

    cleaned, where = clean_block_mapped(text)
    cleaned = " ".join(cleaned.split("\n"))
    spans = []
    for a, b in highlights:
        i = bisect.bisect_left(where, a - start)
        j = bisect.bisect_left(where, b - start)
        if i < j:
            spans.append((i, j, "match"))
    lines = layout_paragraph(cleaned, width, mode, spans, align_rtl=False)
    return tuple(
        (tuple((chunk, name) for chunk, name in line.segments), line.rtl) for line in lines[:count]
    )


# ---------------------------------------------------------------------------------------------
# The results


class ResultsList(ScrollView, can_focus=True):
    """The ranked stories, four lines each: rank, title, source and date; two lines of the
    best passage; the story's other copies (``+2 copies: okaz, sabq``), or a blank line."""

    ROW = 4

    DEFAULT_CSS = """
    ResultsList { border: round $primary 50%; scrollbar-size-vertical: 1; overflow-x: hidden; }
    ResultsList:focus { border: round $primary; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", show=False),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False),
        Binding("home,g", "jump(0)", "First", show=False),
        Binding("end,G", "jump(-1)", "Last", show=False),
        Binding("enter", "open", "Open", show=True),
    ]

    class Open(Message):
        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    class Moved(Message):
        """The selection moved (the app fetches passages and more results as needed)."""

    def __init__(self, *, mode: str, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.mode = mode
        self.items: list[Item] = []
        self.total = 0
        self.selected = 0
        # Each row's four lines, drawn once: a row is drawn again only when its item, its
        # passage, the width or whether it is selected changes.
        self._cache: dict[int, tuple[Item, tuple[bool, int, bool, Style], list[Strip]]] = {}
        self._paint: tuple[int, Style] = (0, Style())  # width and style, once per paint

    def show(self, items: list[Item], total: int, *, keep: bool = False) -> None:
        self.items = items
        self.total = total
        if not keep:
            self.selected = 0
            if self.scroll_offset.y:
                self.scroll_to(y=0, animate=False)
        self.selected = min(self.selected, max(0, len(items) - 1))
        size = Size(self.size.width, len(items) * self.ROW)
        if size != self.virtual_size:  # (its scroll bar is drawn again)
            self.virtual_size = size
        self.refresh()

    def updated(self, items: list[Item]) -> None:
        """Some items gained their passages (their rows are drawn again)."""
        self.refresh()

    def visible_range(self) -> range:
        """The rows on screen (the last one perhaps in part)."""
        top = int(self.scroll_offset.y) // self.ROW
        height = self.scrollable_content_region.height or self.size.height
        rows = -(-height // self.ROW) + (1 if int(self.scroll_offset.y) % self.ROW else 0)
        return range(top, min(len(self.items), top + max(1, rows)))

    def action_move(self, delta: int) -> None:
        self.select(self.selected + delta)

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height // self.ROW)
        self.select(self.selected + direction * rows)

    def action_jump(self, where: int) -> None:
        self.select(0 if where == 0 else len(self.items) - 1)

    def action_open(self) -> None:
        if self.items:
            self.post_message(self.Open(self.selected))

    def select(self, index: int) -> None:
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        self.selected = index
        self.scroll_to_region(Region(0, index * self.ROW, 1, self.ROW), animate=False, force=True)
        self.refresh()
        self.post_message(self.Moved())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.items:
            return
        index = (offset.y + int(self.scroll_offset.y)) // self.ROW
        if index >= len(self.items):
            return
        if index == self.selected or event.chain >= 2:
            self.select(index)
            self.post_message(self.Open(index))
        else:
            self.select(index)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._paint = (self.scrollable_content_region.width, self.rich_style)
        if len(self._cache) > 4 * len(self.visible_range()) + 8:
            self._cache.clear()  # rows scrolled away or of an older query
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, base = self._paint
        line = y + int(self.scroll_offset.y)
        index, row = divmod(line, self.ROW)
        if index >= len(self.items):
            return blank(width, base, self.mode, "results")
        item = self.items[index]
        selected = index == self.selected
        key = (item.passage_done, width, selected, base)
        cached = self._cache.get(index)
        if cached is not None and cached[0] is item and cached[1] == key:
            return cached[2][row]
        strips = self._draw(item, width, selected, base)
        self._cache[index] = (item, key, strips)
        return strips[row]

    def _draw(self, item: Item, full: int, selected: bool, style: Style) -> list[Strip]:
        mode = self.mode
        width = full
        base = style + SELECTED if selected else style
        marker: Piece = ("▌" if selected else " ", MARKER)
        rank = f"{item.rank:>4}  "
        from rich.cells import cell_len

        from seeds_cli.render.safe import clean_inline

        # Source and date first, the title last: a right-to-left title is right-aligned at
        # the end of the line, where its reader starts (and needs no mark after it).
        source = clean_inline(item.doc.source or "")
        date = clean_inline(item.doc.date or "")[:10]
        source_cells = min(cell_len(source), 14)
        meta_cells = (source_cells + 2 if source else 0) + (len(date) + 2 if date else 0)
        if width - 1 - len(rank) - meta_cells < 16:
            meta_cells = source_cells = 0
        head: list[Piece] = [marker, (rank, DIM)]
        if source_cells:
            head += [*field(source, mode, source_cells, DIM, last=False), ("  ", None)]
        if meta_cells and date:
            head += [(date.ljust(10), DIM), ("  ", None)]
        title_cells = max(1, width - width_of(head, mode))
        head += field(item.doc.title or "(untitled)", mode, title_cells, title_style(mode))
        head = fence(head, mode, "results")
        lines = [to_strip(head, full, base)]
        indent = 1 + len(rank)

        def indented(body: list[Piece]) -> Strip:  # a line under the title, after the marker
            line = [marker, (" " * (indent - 1), None), *body]
            return to_strip(fence(line, mode, "results"), full, base)

        avail = max(1, width - indent - 1)
        found = passage_lines(item, avail, mode)
        for k in range(2):
            if k < len(found):
                pieces, rtl = found[k]
                lines.append(indented(aligned(pieces, avail, rtl, mode)))
            else:
                waiting = k == 0 and not item.passage_done
                lines.append(indented([("…", DIM)] if waiting else []))
        note = item.copies_note()  # the story's other copies: +2 copies: okaz, sabq
        if note:
            lines.append(indented(field(note, mode, max(1, width - indent), COPIES)))
        else:
            lines.append(blank(full, style, mode, "results"))
        return lines


# ---------------------------------------------------------------------------------------------
# The sources


class SourcesList(ScrollView, can_focus=True):
    """Sources with their counts; Space or Enter (or a click) adds or removes a source filter."""

    DEFAULT_CSS = """
    SourcesList {
        width: 26; border: round $secondary 50%; scrollbar-size-vertical: 1; overflow-x: hidden;
    }
    SourcesList:focus { border: round $secondary; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("space,enter", "toggle", "Toggle source", show=True),
    ]

    class Toggled(Message):
        def __init__(self, chosen: frozenset[str]) -> None:
            self.chosen = chosen
            super().__init__()

    def __init__(self, *, mode: str, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.mode = mode
        self.counts: dict[str, int] = {}
        self.names: list[str] = []
        self.chosen: set[str] = set()
        self.cursor = 0

    def show(self, counts: dict[str, int], *, order: list[str] | None = None) -> None:
        self.counts = counts
        if order is None or set(order) != set(self.names) | set(counts):
            order = sorted(set(self.names) | set(counts), key=lambda s: (-counts.get(s, 0), s))
        self.names = order
        self.cursor = min(self.cursor, max(0, len(self.names) - 1))
        self.virtual_size = Size(self.size.width, len(self.names))
        self.refresh()

    def action_move(self, delta: int) -> None:
        if self.names:
            self.cursor = max(0, min(len(self.names) - 1, self.cursor + delta))
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, force=True)
            self.refresh()

    def action_toggle(self) -> None:
        if not self.names:
            return
        name = self.names[self.cursor]
        if name in self.chosen:
            self.chosen.discard(name)
        else:
            self.chosen.add(name)
        self.refresh()
        self.post_message(self.Toggled(frozenset(self.chosen)))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + int(self.scroll_offset.y)
        if 0 <= index < len(self.names):
            self.cursor = index
            self.action_toggle()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        base = self.rich_style
        if index >= len(self.names):
            return blank(width, base, self.mode, "sources")
        name = self.names[index]
        box = "[x] " if name in self.chosen else "[ ] "
        count = f"{self.counts.get(name, 0):>6,} "
        label = field(name, self.mode, max(1, width - len(box) - len(count)))
        style = CURSOR if index == self.cursor and self.has_focus else None
        # The count before the name: a right-to-left name ends the line.
        pieces = fence([(box, style), (count, DIM), *label], self.mode, "sources")
        return to_strip(pieces, width, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


# ---------------------------------------------------------------------------------------------
# The article


class ArticleView(ScrollView, can_focus=True):
    """The article view of ``seeds show``, scrolled; ``n``/``N`` go from match to match."""

    DEFAULT_CSS = """
    ArticleView { scrollbar-size-vertical: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_by(1)", "Down", show=False),
        Binding("up,k", "scroll_by(-1)", "Up", show=False),
        Binding("pagedown,space,ctrl+f", "page(1)", "Page down", show=False),
        Binding("pageup,b,ctrl+b", "page(-1)", "Page up", show=False),
        Binding("home,g", "top", "Top", show=False),
        Binding("end,G", "bottom", "Bottom", show=False),
        Binding("n", "match(1)", "Next match", show=True),
        Binding("N", "match(-1)", "Previous match", show=True),
    ]

    class MatchMoved(Message):
        pass

    def __init__(self, *, mode: str, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.mode = mode
        self.meta: dict[str, object] = {}
        self.text = ""
        self.highlights: list[tuple[int, int]] = []
        self.view: list[ViewLine] = []
        self.stops: list[tuple[int, int]] = []  # (line, segment) of each match
        self.current = -1
        self._width = 0

    def load(self, meta: dict[str, object], text: str, highlights: list[tuple[int, int]]) -> None:
        self.meta, self.text, self.highlights = meta, text, highlights
        self._width = 0
        self.current = -1
        self._layout()
        self.scroll_to(y=0, animate=False)

    def _layout(self) -> None:
        from seeds_cli.render.article import article_view

        width = self.scrollable_content_region.width or self.size.width or 80
        if width == self._width and self.view:
            return
        self._width = width
        self.view = article_view(
            self.meta,
            self.text,
            width=width,
            mode=self.mode,
            highlights=self.highlights,
            styles=self._styles(),
        )
        match = self._styles()["match"]
        self.stops = [
            (i, k)
            for i, v in enumerate(self.view)
            for k, (_, style) in enumerate(v.segments)
            if style is match
        ]
        self.virtual_size = Size(width, len(self.view))
        self.refresh()

    def on_resize(self) -> None:
        self._layout()

    def _styles(self) -> dict[str, Style]:
        if self.mode == "visual":
            return {"match": MATCH}
        # No bold in logical mode: mlterm draws bold Arabic wider than its cells.
        plain = style_of("bright_white")
        return {"match": MATCH_LOGICAL, "title": plain, "subheading": plain, "dateline": plain}

    def action_scroll_by(self, delta: int) -> None:
        self.scroll_to(y=self.scroll_offset.y + delta, animate=False)

    def action_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_offset.y + direction * step, animate=False)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=len(self.view), animate=False)

    def action_match(self, direction: int) -> None:
        if not self.stops:
            self.notify("no matches of the query in this article")
            return
        if self.current < 0:
            top = int(self.scroll_offset.y)
            ahead = [k for k, (line, _) in enumerate(self.stops) if line >= top]
            self.current = (
                ahead[0]
                if direction > 0 and ahead
                else ((ahead[0] - 1) % len(self.stops) if ahead else len(self.stops) - 1)
            )
        else:
            self.current = (self.current + direction) % len(self.stops)
        line = self.stops[self.current][0]
        height = self.scrollable_content_region.height
        if not (self.scroll_offset.y <= line < self.scroll_offset.y + height):
            self.scroll_to(y=max(0, line - height // 3), animate=False)
        self.refresh()
        self.post_message(self.MatchMoved())

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + int(self.scroll_offset.y)
        base = self.rich_style
        if index >= len(self.view):
            return blank(width, base, self.mode, "article")
        v = self.view[index]
        current = self.stops[self.current] if 0 <= self.current < len(self.stops) else None
        pieces: list[Piece] = []
        for k, (chunk, style) in enumerate(v.segments):
            if current == (index, k):
                style = CURRENT_MATCH if self.mode == "visual" else CURRENT_MATCH_LOGICAL
            pieces.append((chunk, style))
        if self.mode != "visual":
            pieces = self._logical(v, pieces, width)
        return to_strip(pieces, width, base)

    def _logical(self, v: ViewLine, pieces: list[Piece], width: int) -> list[Piece]:
        """A line in logical order, fenced; a right-to-left one right-aligned and embedded."""
        from seeds_cli.render.bidi.algorithm import base_direction

        if (
            not v.logical
            or base_direction(v.logical) != "rtl"
            or (v.line is None and len(pieces) > 2)
        ):
            return fence(pieces, "logical", "article")
        margin = pieces[0][0] if pieces and not pieces[0][0].strip() else ""
        body = pieces[1:] if margin else pieces
        line = aligned(body, width - 2 * len(margin), True, "logical")
        return fence([(margin, None), *line], "logical", "article")
