"""Arabic shaping for visual mode: presentation forms, with where each input character went."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

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
