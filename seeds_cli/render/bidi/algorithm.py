"""The Unicode bidi algorithm for one line of cleaned text: levels, then display order.

python-bidi 0.6's ``get_display`` (the Rust unicode-bidi crate) reorders but neither mirrors
brackets (rule L4) nor keeps combining marks after their base (L3), and it gives no index map,
which highlighting needs.  So the per-line reordering here is our own, restricted to what cleaned
text can contain (no explicit embeddings or isolates: :mod:`seeds_cli.render.safe` removes them);
the tests check that it agrees with ``get_display`` on real articles, up to L3 and L4.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

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
