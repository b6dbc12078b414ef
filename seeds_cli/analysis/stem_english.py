"""A light English stemmer: plural -s plus common -ing / -ed / -ly endings.

Deliberately lighter than Porter: Latin words are a small minority of this corpus
(names, acronyms, product names) and over-stemming names hurts more than it helps.
Other Latin-script languages get the same rules; they only touch -s/-ing/-ed/-ly.
"""

from __future__ import annotations

__all__ = ["stem_english"]

_VOWELS = frozenset("aeiouy")
# Words the rules would damage; kept whole.
_KEEP = frozenset(
    str.split(
        "news series species always perhaps during bring thing nothing something anything "
        "everything morning evening king ring sing string spring wing building ceiling "
        "bed red need seed speed feed breed shed hundred naked wicked sacred only early "
        "family italy july reply supply apply fly rely assembly ally bus gas yes this his "
        "has was is its us thus plus chaos lens bias atlas canvas"
    )
)


def _has_vowel(stem: str) -> bool:
    return any(ch in _VOWELS for ch in stem)


def _undouble(stem: str) -> str:
    """running -> run, stopped -> stop (but not: fall, miss, buzz)."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


def _plural(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) and len(word) > 3:
        return word[:-1]
    if word.endswith("'s"):
        return word[:-2]
    return word


def stem_english(word: str) -> str:
    """Stem one normalized (lower-case) Latin-script token."""
    if len(word) <= 3 or word in _KEEP or not word.isalpha():
        return word
    word = _plural(word)
    if word in _KEEP:
        return word
    if word.endswith("ing") and len(word) > 5 and _has_vowel(word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("eed") and len(word) > 4:
        word = word[:-1]  # agreed -> agree
    elif word.endswith("ed") and len(word) > 4 and _has_vowel(word[:-2]):
        word = _undouble(word[:-2])
    elif word.endswith("ly") and len(word) > 5:
        word = word[:-2]
    # A silent final e goes, so that create, creates, created and creating meet.
    if word.endswith("e") and len(word) > 3 and not word.endswith("ee"):
        word = word[:-1]
    return word
