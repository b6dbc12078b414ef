"""Stopwords, in the form the analyzer produces (normalized, then stemmed).

They stay in the index (phrase queries need them); the ranker uses :func:`is_stopword`
to give them little weight. The lists are written in plain spelling below; their analyzed
forms are kept in the generated ``_stopword_terms`` (running the chain over them took a
millisecond of every search's start-up), and a test checks that they are what
:func:`analyzed_stopwords` makes of the lists now, so they cannot drift from the analyzer.
"""

from __future__ import annotations

from ._stopword_terms import ARABIC, ENGLISH

__all__ = ["ARABIC_STOPWORDS", "ENGLISH_STOPWORDS", "STOPWORDS", "is_stopword"]

# Particles, prepositions, pronouns, demonstratives, relatives, auxiliaries and the
# most frequent function words of news prose, with common proclitic forms (وفي، وهو).
_ARABIC = """
في من على إلى عن مع ب ل ك و ف أو أم ثم بل لكن ولكن لا لم لن ما ماذا متى أين كيف هل قد لقد
إن أن إنه أنه أنها إنها أنهم كان كانت يكون تكون كانوا يكونوا ليس ليست
هذا هذه ذلك تلك هؤلاء أولئك هنا هناك هنالك الذي التي الذين اللذين اللتين اللاتي اللواتي
هو هي هم هما هن أنا نحن أنت أنتم له لها لهم لهما به بها بهم منه منها منهم عنه عنها عليه
عليها عليهم فيه فيها فيهم إليه إليها إليهم لدى لدي لديه لديها عند عندما حين حيث بين بعد
قبل خلال منذ حتى نحو دون غير سوى كل بعض أي أيضا كما مثل إذا إذ إذن لو لولا كي لكي لأن
وفي ومن وعلى وإلى وعن ومع وهو وهي وهم وكان وكانت وقد ولا ولم وما وأن وإن وهذا وهذه وذلك
والتي والذي والذين فإن فقد فيما بما بأن كذلك عبر ضمن لدى وفق حول أمام وراء تحت فوق
عدة أكثر أقل جدا فقط ذات ذو ذي يتم تم
"""

_ENGLISH = """
a an the and or but if of to in on at by for with from as into about over than then
is are was were be been being am do does did has have had it its this that these those
he she they we you i his her their our your them him us not no so such which who whom
what when where why how all any each can could will would shall should may might must
"""


def analyzed_stopwords() -> tuple[frozenset[str], frozenset[str]]:
    """(Arabic, English) stopwords as the analyzer forms them: both the stemmed and the
    unstemmed form of each, so analyzers with stem=False match too."""
    from .normalize import normalize
    from .stem_arabic import stem_arabic
    from .stem_english import stem_english

    arabic = frozenset(
        t for w in _ARABIC.split() for t in (normalize(w), stem_arabic(normalize(w))) if t
    )
    english = frozenset(
        t for w in _ENGLISH.split() for t in (normalize(w), stem_english(normalize(w))) if t
    )
    return arabic, english


def generated_module() -> str:
    """The source of ``_stopword_terms.py`` (format it with ruff after writing it)."""
    lines = [
        '"""The stopwords of ``stopwords.py`` in analyzer form: generated, do not edit.',
        "",
        "Regenerate with :func:`seeds_cli.analysis.stopwords.write_generated_module` (a test checks",
        'that it is current)."""',
        "",
    ]
    for name, terms in zip(("ARABIC", "ENGLISH"), analyzed_stopwords(), strict=True):
        lines += [f"{name} = frozenset(", "    str.split("]
        row = ""
        for term in sorted(terms):
            if row and len(row) + len(term) > 80:
                lines.append(f'        "{row}"')
                row = ""
            row += term + " "
        lines += [f'        "{row.rstrip()}"', "    )", ")"]
    return "\n".join(lines) + "\n"


def write_generated_module() -> None:
    """Write ``_stopword_terms.py`` from the lists above and the analyzer as it is now."""
    from pathlib import Path

    Path(__file__).with_name("_stopword_terms.py").write_text(generated_module(), encoding="utf-8")


ARABIC_STOPWORDS: frozenset[str] = ARABIC
ENGLISH_STOPWORDS: frozenset[str] = ENGLISH
STOPWORDS: frozenset[str] = ARABIC_STOPWORDS | ENGLISH_STOPWORDS


def is_stopword(term: str) -> bool:
    """True for a normalized (stemmed or not) term that carries little meaning."""
    return term in STOPWORDS
