"""Fold one token to the form used for matching (never for display).

Each step is its own small function, tested alone; :func:`normalize` does the same steps
fused into one translation table (see its docstring), and a test holds it to them. The order
matters: controls go first so they cannot block composition, NFKC composes (a decomposed
alef + madda becomes آ) before marks are dropped, and letter folding runs on composed letters.
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "casefold",
    "drop_controls",
    "fold_arabic_letters",
    "fold_digits",
    "nfkc",
    "normalize",
    "strip_marks",
]

# Bidi and zero-width controls, and the soft hyphen: invisible, so never part of a match.
_CONTROLS = dict.fromkeys(
    [0x00AD, 0x061C, 0xFEFF, *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

# Harakat, superscript alef and tatweel. NFKC can also turn a presentation-form haraka
# (U+FE70..) or a ligature such as ﷺ into text with spaces, so white space goes here too.
_MARKS = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000]
)

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",  # alef wasla
        "ى": "ي",  # alef maksura
        "ی": "ي",  # Persian yeh
        "ې": "ي",
        "ة": "ه",  # teh marbuta
        "ۀ": "ه",  # heh with yeh above
        "ە": "ه",  # ae (Kurdish)
        "ھ": "ه",  # heh doachashmee
        "ہ": "ه",  # heh goal
        "ۃ": "ه",  # teh marbuta goal
        "ک": "ك",  # keheh (Persian kaf)
        # A hamza's seat is spelled both ways in the news (مسؤول and مسئول, شؤون and شئون):
        # on و or ي it matches as the bare hamza.
        "ؤ": "ء",
        "ئ": "ء",
    }
)

_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian
        "\u066b": ".",  # Arabic decimal separator
        "\u066c": "",  # Arabic thousands separator
    }
)


def drop_controls(word: str) -> str:
    """Remove bidi and zero-width controls (RLM, ZWSP, ZWJ, BOM, ...)."""
    return word.translate(_CONTROLS)


def nfkc(word: str) -> str:
    """Compatibility-compose: presentation forms, lam-alef and other ligatures become letters."""
    return unicodedata.normalize("NFKC", word)


def strip_marks(word: str) -> str:
    """Remove harakat (U+064B-U+065F), superscript alef, tatweel and stray spaces."""
    return word.translate(_MARKS)


def fold_arabic_letters(word: str) -> str:
    """Fold hamza-carrying alefs to ا, hamza on و or ي to ء, ى to ي, ة to ه and Persian/Urdu
    letter variants."""
    return word.translate(_LETTERS)


def fold_digits(word: str) -> str:
    """Arabic-Indic and Persian digits to 0-9; grouping commas inside numbers dropped.

    A comma between two digits is read as a thousands separator (``2,500`` -> ``2500``),
    as Arabic news writes it; a period stays a decimal point (``3.5``).
    """
    word = word.translate(_DIGITS)
    if "," in word:
        word = _drop_digit_commas(word)
    return word


def _drop_digit_commas(word: str) -> str:
    chars = list(word)
    last = len(chars) - 1
    for i, ch in enumerate(chars):
        if ch == "," and 0 < i < last and word[i - 1].isdigit() and word[i + 1].isdigit():
            chars[i] = ""
    return "".join(chars)


def casefold(word: str) -> str:
    """Case-fold Latin (and other cased scripts)."""
    return word.casefold()


def normalize(word: str) -> str:
    """The matching form of one token; may be ``""`` if nothing matchable remains.

    The steps above, in their order, fused: NFKC only for a word not already in that form
    (a C-level check), and marks, letters and digits in one translation table (made by
    composing theirs). A search normalizes every word of the passages it shows.
    """
    word = word.translate(_CONTROLS)
    if not unicodedata.is_normalized("NFKC", word):
        word = unicodedata.normalize("NFKC", word)
    word = word.casefold().translate(_FOLDS)
    if "," in word:
        word = _drop_digit_commas(word)
    return word


def _composed(char: str) -> str:
    return char.translate(_MARKS).translate(_LETTERS).translate(_DIGITS)


_FOLDS = {code: _composed(chr(code)) for code in {**_MARKS, **_LETTERS, **_DIGITS}}
