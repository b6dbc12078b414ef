"""Right-to-left text on terminals: the one module that does bidi for every command.

Two ways to show Arabic on a terminal:

* ``logical``: send the text in logical (reading) order and let the terminal reorder and shape
  it.  Right for terminals that implement bidi (mlterm, Konsole, Apple Terminal, VTE in its
  default implicit mode) and the only choice for pipes and files.
* ``visual``: the terminal draws cells left to right as given, so we do its work: shape the
  Arabic into presentation forms (arabic-reshaper), wrap in logical order measuring cells, then
  reorder each line on its own (Unicode bidi algorithm, rules W1–N2, I1–I2, L1–L4) so the first
  line holds the start of the paragraph, and right-align right-to-left paragraphs.

python-bidi 0.6's ``get_display`` (the Rust unicode-bidi crate) reorders but neither mirrors
brackets (rule L4) nor keeps combining marks after their base (L3), and it gives no index map,
which highlighting needs.  So the per-line reordering here is our own, restricted to what cleaned
text can contain (no explicit embeddings or isolates: :mod:`seeds_cli.render.safe` removes them);
the tests check that it agrees with ``get_display`` on real articles, up to L3 and L4.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TextIO

from seeds_cli._values import FrozenRecord, set_field

if TYPE_CHECKING:
    from rich.style import Style
    from rich.text import Text

__all__ = [
    "MODES",
    "BidiDecision",
    "Line",
    "base_direction",
    "decide_bidi",
    "display_inline",
    "layout_paragraph",
    "line_to_plain",
    "line_to_text",
    "reorder_line",
    "shape",
    "vte_explicit_mode",
]

MODES = ("auto", "visual", "logical")

# ---------------------------------------------------------------------------------------------
# Choosing the mode


class BidiDecision(FrozenRecord):
    """The chosen mode, why, and whether to switch a VTE terminal to explicit mode around output."""

    __slots__ = ("mode", "reason", "vte_explicit")
    mode: str
    reason: str
    vte_explicit: bool

    def __init__(self, mode: str, reason: str, vte_explicit: bool = False) -> None:
        set_field(self, "mode", mode)
        set_field(self, "reason", reason)
        set_field(self, "vte_explicit", vte_explicit)


def decide_bidi(option: str | None, *, isatty: bool, env: Mapping[str, str]) -> BidiDecision:
    """Decide between visual and logical output.

    ``option`` is the ``--bidi`` value; ``None`` means "not given", and then ``SEEDS_BIDI`` from
    ``env`` is used.  In auto mode a pipe or file always gets logical text (no presentation
    forms ever reach a file); a terminal known to do bidi itself gets logical; VTE terminals are
    switched to explicit mode (``CSI 8 l``) and get visual; anything else gets visual.
    """
    from seeds_cli.errors import SeedsError

    choice = option if option else (env.get("SEEDS_BIDI") or "auto")
    choice = choice.strip().lower()
    if choice not in MODES:
        raise SeedsError(
            f"unknown bidi mode {choice!r}", hint="use auto, visual or logical (--bidi, SEEDS_BIDI)"
        )
    vte = isatty and bool(env.get("VTE_VERSION")) and not _multiplexed(env)
    if choice == "visual":
        return BidiDecision("visual", "chosen", vte_explicit=vte)
    if choice == "logical":
        return BidiDecision("logical", "chosen")
    if not isatty:
        return BidiDecision("logical", "not a terminal")
    term = env.get("TERM", "")
    if _multiplexed(env):
        # tmux and screen draw their own cells; the outer terminal is unknown.
        return BidiDecision("visual", "terminal multiplexer")
    if env.get("MLTERM") or term.startswith("mlterm"):
        return BidiDecision("logical", "mlterm does bidi")
    if env.get("KONSOLE_VERSION"):
        return BidiDecision("logical", "Konsole does bidi")
    if env.get("TERM_PROGRAM") == "Apple_Terminal":
        return BidiDecision("logical", "Apple Terminal does bidi")
    if env.get("VTE_VERSION"):
        return BidiDecision("visual", "VTE switched to explicit mode", vte_explicit=True)
    return BidiDecision("visual", "terminal without bidi support")


def _multiplexed(env: Mapping[str, str]) -> bool:
    term = env.get("TERM", "")
    return bool(env.get("TMUX") or env.get("STY")) or term.startswith(("screen", "tmux"))


@contextlib.contextmanager
def vte_explicit_mode(stream: TextIO, enabled: bool = True) -> Iterator[None]:
    """Switch a VTE terminal to explicit bidi mode (``CSI 8 l``) and back (``CSI 8 h``).

    In explicit mode VTE draws cells as sent, so it does not reorder our visual lines a second
    time.  Implicit mode is restored on every exit path, including SIGTERM and SIGHUP.
    """
    if not enabled:
        yield
        return
    import signal
    import threading

    def _raise_exit(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    saved: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                saved[sig] = signal.signal(sig, _raise_exit)
    try:
        _write_quietly(stream, "\x1b[8l")
        yield
    finally:
        _write_quietly(stream, "\x1b[8h")
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _write_quietly(stream: TextIO, data: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        stream.write(data)
        stream.flush()


# ---------------------------------------------------------------------------------------------
# Shaping


_ZWJ = "\u200d"


@lru_cache(maxsize=1)
def _reshaper() -> tuple[Any, dict[str, str], dict[str, tuple[str, str]]]:
    """The configured reshaper, a presentation-form -> letter map, and the lam-alef ligatures."""
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.letters import LETTERS_ARABIC
    from arabic_reshaper.ligatures import LIGATURES

    keep = {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
    # Only the lam-alef ligatures, which every Arabic terminal font has and which read as two
    # letters; never the word ligatures such as ALLAH (U+FDF2), which squeeze a word into a cell.
    config: dict[str, Any] = {name: name in keep for name, _ in LIGATURES}
    config.update(
        delete_harakat=False,  # keep the vowel marks, in place after their letter
        shift_harakat_position=False,
        delete_tatweel=False,
        support_zwj=True,
        use_unshaped_instead_of_isolated=False,
        support_ligatures=True,
    )
    reshaper = ArabicReshaper(configuration=config)
    base_of: dict[str, str] = {}
    for letter, forms in LETTERS_ARABIC.items():
        for form in forms:
            if form:
                base_of[form] = letter
    ligatures: dict[str, tuple[str, str]] = {}
    for name, (match, forms) in LIGATURES:
        if name in keep:
            for form in forms:
                if form:
                    ligatures[form] = (match[0], match[1])
    return reshaper, base_of, ligatures


def shape(text: str) -> tuple[str, list[int]]:
    """Arabic presentation forms for ``text``, and for each input character its output index.

    Lam-alef pairs become one ligature (both letters map to it); everything that is not Arabic
    passes unchanged.  If the reshaper's output cannot be aligned with the input (it should
    always be), the text is returned unshaped rather than risk losing a character.
    """
    identity = list(range(len(text)))
    if not any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u08ff" for ch in text):
        return text, identity
    reshaper, base_of, ligatures = _reshaper()
    try:
        out = reshaper.reshape(text)
    except (IndexError, KeyError, ValueError):
        # arabic-reshaper fails on some joiner sequences (ZWJ before lam-alef): show the
        # letters unshaped rather than fail the command.
        return text, identity
    dst = _align(text, out, base_of, ligatures)
    if dst is None:
        return text, identity
    return out, dst


def _align(
    text: str, out: str, base_of: Mapping[str, str], ligatures: Mapping[str, tuple[str, str]]
) -> list[int] | None:
    dst: list[int] = []
    j = 0
    pending: tuple[str, int] | None = None  # the alef still owed to a lam-alef ligature
    for ch in text:
        o = out[j] if j < len(out) else ""
        if pending is not None and ch == pending[0]:
            dst.append(pending[1])
            pending = None
        elif o and (o == ch or base_of.get(o) == ch):
            dst.append(j)
            j += 1
        elif o in ligatures and ligatures[o][0] == ch:
            dst.append(j)
            pending = (ligatures[o][1], j)
            j += 1
        elif ch == _ZWJ:  # the reshaper may drop a joiner it has used
            dst.append(max(j - 1, 0))
        else:
            return None
    if j != len(out) or pending is not None:
        return None
    return dst


# ---------------------------------------------------------------------------------------------
# The bidi algorithm for one line of cleaned text


_STRONG_FOR_N = {"L": "L", "R": "R", "EN": "R", "AN": "R"}
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
_IGNORED = frozenset({"BN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})


@lru_cache(maxsize=4096)
def _bidi_class(ch: str) -> str:
    return unicodedata.bidirectional(ch) or "L"


@lru_cache(maxsize=1)
def _brackets() -> tuple[dict[str, str], frozenset[str]]:
    """Opening bracket -> closing bracket, and the set of closers (Bidi_Paired_Bracket)."""
    from bidi.mirror import MIRRORED

    openers: dict[str, str] = {}
    for ch, mate in MIRRORED.items():
        if unicodedata.category(ch) == "Ps" and unicodedata.category(mate) == "Pe":
            openers[ch] = mate
    # U+2329/U+232A are canonically equivalent to U+3008/U+3009 and pair with them.
    return openers, frozenset(openers.values())


_CANONICAL_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}


def base_direction(text: str, default: str = "ltr") -> str:
    """``"rtl"`` or ``"ltr"``: the direction of the first strong character (rules P2, P3)."""
    for ch in text:
        cls = _bidi_class(ch)
        if cls == "L":
            return "ltr"
        if cls in ("R", "AL"):
            return "rtl"
    return default


def _resolve_levels(text: str, base: int) -> list[int]:
    """Embedding levels of ``text`` as one line of a paragraph of level ``base`` (0 or 1)."""
    n = len(text)
    if n == 0:
        return []
    orig = [_bidi_class(ch) for ch in text]
    keep = [i for i in range(n) if orig[i] not in _IGNORED]  # rule X9
    t = [orig[i] for i in keep]
    m = len(t)
    e = "R" if base & 1 else "L"

    # W1: a mark takes the type of what precedes it.
    prev = e
    for k in range(m):
        if t[k] == "NSM":
            t[k] = prev
        prev = t[k]
    # W2, W3: numbers after Arabic letters are Arabic numbers; AL becomes R.
    last = e
    for k in range(m):
        if t[k] in ("L", "R", "AL"):
            last = t[k]
        elif t[k] == "EN" and last == "AL":
            t[k] = "AN"
    for k in range(m):
        if t[k] == "AL":
            t[k] = "R"
    # W4: one separator between two numbers of the same kind joins them.
    for k in range(1, m - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5: terminators next to European numbers become numbers.
    k = 0
    while k < m:
        if t[k] == "ET":
            end = k
            while end < m and t[end] == "ET":
                end += 1
            if (k > 0 and t[k - 1] == "EN") or (end < m and t[end] == "EN"):
                for x in range(k, end):
                    t[x] = "EN"
            k = end
        else:
            k += 1
    # W6: remaining separators and terminators are neutral.
    for k in range(m):
        if t[k] in ("ES", "ET", "CS"):
            t[k] = "ON"
    # W7: European numbers after L text are L.
    last = e
    for k in range(m):
        if t[k] in ("L", "R"):
            last = t[k]
        elif t[k] == "EN" and last == "L":
            t[k] = "L"
    _resolve_brackets(text, keep, orig, t, e)
    # N1, N2: neutrals between text of one direction take it; others the embedding direction.
    k = 0
    while k < m:
        if t[k] in _NEUTRAL:
            end = k
            while end < m and t[end] in _NEUTRAL:
                end += 1
            before = _STRONG_FOR_N.get(t[k - 1], e) if k > 0 else e
            after = _STRONG_FOR_N.get(t[end], e) if end < m else e
            direction = before if before == after else e
            for x in range(k, end):
                t[x] = direction
            k = end
        else:
            k += 1
    # I1, I2.
    levels = [base] * n
    for k, i in enumerate(keep):
        ty = t[k]
        if base & 1:
            levels[i] = base + 1 if ty in ("L", "EN", "AN") else base
        else:
            levels[i] = base + 2 if ty in ("EN", "AN") else base + 1 if ty == "R" else base
    # Removed characters (X9) take the level of the character before them.
    kept = set(keep)
    for i in range(n):
        if i not in kept:
            levels[i] = levels[i - 1] if i > 0 else base
    # L1: separators, and white space before them or at the end of the line, go to the base.
    trailing = True
    for i in range(n - 1, -1, -1):
        cls = orig[i]
        if cls in ("S", "B"):
            levels[i] = base
            trailing = True
        elif trailing and cls == "WS":
            levels[i] = base
        elif trailing and cls in _IGNORED:
            pass  # as unicode-bidi does: a removed character keeps its level
        else:
            trailing = False
    return levels


def _resolve_brackets(text: str, keep: list[int], orig: list[str], t: list[str], e: str) -> None:
    """Rule N0: paired brackets take the direction of what they enclose or precedes them."""
    openers, closers = _brackets()
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for k, i in enumerate(keep):
        if t[k] != "ON":
            continue
        ch = _CANONICAL_BRACKET.get(text[i], text[i])
        if ch in openers:
            if len(stack) >= 63:
                break
            stack.append((_CANONICAL_BRACKET.get(openers[ch], openers[ch]), k))
        elif ch in closers:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    pairs.sort()
    for o, c in pairs:
        inside = set()
        for k in range(o + 1, c):
            strong = _STRONG_FOR_N.get(t[k])
            if strong:
                inside.add(strong)
                if strong == e:
                    break
        if not inside:
            continue
        if e in inside:
            new = e
        else:
            new = e
            for k in range(o - 1, -1, -1):
                strong = _STRONG_FOR_N.get(t[k])
                if strong:
                    new = strong
                    break
        t[o] = t[c] = new
        for b in (o, c):
            k = b + 1
            while k < len(t) and orig[keep[k]] == "NSM":
                t[k] = new
                k += 1


def _visual_order(text: str, levels: Sequence[int]) -> list[int]:
    """Rule L2 with L3: logical indices in display order, marks kept after their base."""
    n = len(text)
    if n == 0:
        return []
    # Clusters: a base character and the combining marks that follow it at its level.
    starts: list[int] = []
    for i, ch in enumerate(text):
        if i and levels[i] == levels[i - 1] and unicodedata.combining(ch):
            continue
        starts.append(i)
    bounds = [*starts, n]
    unit_levels = [levels[s] for s in starts]
    order = list(range(len(starts)))
    top = max(unit_levels)
    lowest_odd = min((lv for lv in unit_levels if lv & 1), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        k = 0
        while k < len(order):
            if unit_levels[order[k]] >= level:
                end = k
                while end < len(order) and unit_levels[order[end]] >= level:
                    end += 1
                order[k:end] = order[k:end][::-1]
                k = end
            else:
                k += 1
    result: list[int] = []
    for u in order:
        result.extend(range(bounds[u], bounds[u + 1]))
    return result


def reorder_line(text: str, base: str = "auto") -> tuple[str, list[int]]:
    """One line in display order, with mirrored brackets, and the logical index of each cell char.

    ``base`` is ``"rtl"``, ``"ltr"`` or ``"auto"`` (from the text itself).  Use the direction of
    the whole paragraph for each of its lines.
    """
    from bidi.mirror import MIRRORED

    if base == "auto":
        base = base_direction(text)
    levels = _resolve_levels(text, 1 if base == "rtl" else 0)
    order = _visual_order(text, levels)
    chars = [MIRRORED.get(text[i], text[i]) if levels[i] & 1 else text[i] for i in order]
    return "".join(chars), order


# ---------------------------------------------------------------------------------------------
# Wrapping and laying out a paragraph


def _is_space(ch: str) -> bool:
    # Break only at ordinary spaces; no-break spaces keep their words together.
    return ch == " " or ch == "\n" or (ch.isspace() and ch not in "\u00a0\u2007\u202f")


@lru_cache(maxsize=8192)
def _char_cells(ch: str) -> int:
    from rich.cells import get_character_cell_size

    return get_character_cell_size(ch)


def _wrap(s: str, width: int) -> list[tuple[int, int]]:
    """Greedy wrap of ``s`` at spaces into ``[start, end)`` ranges of at most ``width`` cells.

    Words wider than the line are cut between characters (never between a letter and its
    marks).  The spaces at a break belong to no line.
    """
    lines: list[tuple[int, int]] = []
    n = len(s)
    cells = [_char_cells(ch) for ch in s]
    line_start = -1
    line_end = 0
    used = 0
    i = 0
    while i < n:
        if _is_space(s[i]):
            i += 1
            continue
        j = i
        while j < n and not _is_space(s[j]):
            j += 1
        word_cells = sum(cells[i:j])
        if line_start >= 0:
            gap = sum(cells[line_end:i])
            if used + gap + word_cells <= width:
                line_end, used = j, used + gap + word_cells
                i = j
                continue
            lines.append((line_start, line_end))
            line_start = -1
        # The word starts a line; cut it if it is too wide.
        start = i
        used = 0
        for k in range(i, j):
            if used + cells[k] > width and k > start and cells[k] > 0:
                lines.append((start, k))
                start, used = k, 0
            used += cells[k]
        line_start, line_end = start, j
        i = j
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines


class Line(FrozenRecord):
    """One display line: segments in display order, and where it sits in the logical paragraph.

    ``indent`` is the number of blank cells to put before the segments (right alignment of a
    right-to-left paragraph in visual mode); ``cells`` the width of the segments; ``start`` and
    ``end`` the logical character offsets in the paragraph text that the line shows;
    ``source`` the paragraph offset of each character of :attr:`text`, in display order (a
    lam-alef ligature points at its lam); ``broken`` is true when a word too wide for the line
    was cut and goes on in the next line.
    """

    __slots__ = (  # noqa: RUF023 (field order)
        "segments",
        "indent",
        "cells",
        "rtl",
        "start",
        "end",
        "source",
        "broken",
    )
    segments: tuple[tuple[str, str | None], ...]
    indent: int
    cells: int
    rtl: bool
    start: int
    end: int
    source: tuple[int, ...]
    broken: bool

    def __init__(
        self,
        segments: tuple[tuple[str, str | None], ...],
        indent: int,
        cells: int,
        rtl: bool,
        start: int,
        end: int,
        source: tuple[int, ...] = (),
        broken: bool = False,
    ) -> None:
        set_field(self, "segments", segments)
        set_field(self, "indent", indent)
        set_field(self, "cells", cells)
        set_field(self, "rtl", rtl)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "source", source)
        set_field(self, "broken", broken)

    @property
    def text(self) -> str:
        """The line's characters in display order, without the indent."""
        return "".join(s for s, _ in self.segments)


def layout_paragraph(
    text: str,
    width: int,
    mode: str,
    spans: Sequence[tuple[int, int, str]] = (),
    align_rtl: bool = True,
    *,
    direction: str = "auto",
) -> list[Line]:
    """Lay out one logical paragraph as display lines of at most ``width`` cells.

    ``spans`` are ``(start, end, style)`` character ranges of ``text`` to style (later spans win
    where they overlap), e.g. search matches; they follow the characters through shaping and
    reordering.  In visual mode right-to-left paragraphs are shaped, reordered per line and, with
    ``align_rtl``, right-aligned; in logical mode the text is only wrapped.  ``direction`` forces
    ``"rtl"`` or ``"ltr"``; by default the first strong character decides.  ``text`` should be
    cleaned (see :mod:`seeds_cli.render.safe`); a line break in it counts as a space.
    """
    width = max(1, width)
    text = text.replace("\n", " ")
    rtl = (base_direction(text) if direction == "auto" else direction) == "rtl"
    styles: list[str | None] = [None] * len(text)
    for start, end, style in spans:
        for i in range(max(0, start), min(len(text), end)):
            styles[i] = style
    visual = mode == "visual"
    if visual:
        shaped, dst = shape(text)
    else:
        shaped, dst = text, list(range(len(text)))
    sstyles: list[str | None] = [None] * len(shaped)
    first_src = [len(text)] * len(shaped)
    last_src = [0] * len(shaped)
    for i, j in enumerate(dst):
        if styles[i] is not None and sstyles[j] is None:
            sstyles[j] = styles[i]
        first_src[j] = min(first_src[j], i)
        last_src[j] = max(last_src[j], i + 1)
    from rich.cells import cell_len

    lines: list[Line] = []
    for a, b in _wrap(shaped, width):
        piece = shaped[a:b]
        if visual:
            shown, order = reorder_line(piece, "rtl" if rtl else "ltr")
            chars = list(shown)
            order_styles = [sstyles[a + k] for k in order]
            source = tuple(first_src[a + k] for k in order)
        else:
            chars = list(piece)
            order_styles = sstyles[a:b]
            source = tuple(first_src[a:b])
        segments: list[tuple[str, str | None]] = []
        for ch, st in zip(chars, order_styles, strict=True):
            if segments and segments[-1][1] == st:
                segments[-1] = (segments[-1][0] + ch, st)
            else:
                segments.append((ch, st))
        cells = cell_len("".join(chars))
        indent = max(0, width - cells) if (visual and rtl and align_rtl) else 0
        start = min(first_src[a:b])
        end = max(last_src[a:b])
        broken = b < len(shaped) and not _is_space(shaped[b])
        lines.append(Line(tuple(segments), indent, cells, rtl, start, end, source, broken))
    return lines


def line_to_plain(line: Line) -> str:
    """The line as a plain string, indent included (no styles)."""
    return " " * line.indent + line.text


def line_to_text(
    line: Line,
    styles: Mapping[str, str | Style] | None = None,
    *,
    base_style: str | Style = "",
    margin: int = 0,
) -> Text:
    """The line as a ``rich.text.Text`` (never parsed as markup).

    Segment style names are looked up in ``styles``; names missing there are left for the
    console's theme to resolve.  ``margin`` blank cells go before the indent.
    """
    from rich.text import Text

    out = Text(" " * (margin + line.indent), style=base_style, no_wrap=True, overflow="ignore")
    for chunk, name in line.segments:
        if name is None:
            out.append(chunk)
        else:
            out.append(chunk, style=(styles or {}).get(name, name))
    return out


def display_inline(s: str, mode: str, max_cells: int | None = None) -> str:
    """A short one-line string (a title in a table cell) ready for display.

    The string is cleaned, cut to ``max_cells`` in logical order (so the start of a
    right-to-left title survives, with ``…`` at its logical end), then in visual mode shaped and
    reordered.  Logical mode returns it in logical order.
    """
    from seeds_cli.render.safe import clean_inline

    s = clean_inline(s)
    if max_cells is not None and max_cells > 0:
        from rich.cells import cell_len

        if cell_len(s) > max_cells:
            kept, used = [], 0
            for ch in s:
                size = _char_cells(ch)
                if used + size > max_cells - 1:
                    break
                kept.append(ch)
                used += size
            s = "".join(kept).rstrip() + "…"
    if mode != "visual" or not s:
        return s
    shaped, _ = shape(s)
    shown, _ = reorder_line(shaped, "auto")
    return shown
