"""Stopwords, in the form the analyzer produces (normalized, then stemmed).

They stay in the index (phrase queries need them); the ranker uses :func:`is_stopword`
to give them little weight. The lists are written in plain spelling and run through
the same normalize + stem chain at import, so they can never drift from the analyzer.
"""

from __future__ import annotations

from .normalize import normalize
from .stem_arabic import stem_arabic
from .stem_english import stem_english

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

# Both the stemmed and the unstemmed form, so analyzers with stem=False match too.
ARABIC_STOPWORDS: frozenset[str] = frozenset(
    t for w in _ARABIC.split() for t in (normalize(w), stem_arabic(normalize(w))) if t
)
ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    t for w in _ENGLISH.split() for t in (normalize(w), stem_english(normalize(w))) if t
)
STOPWORDS: frozenset[str] = ARABIC_STOPWORDS | ENGLISH_STOPWORDS


def is_stopword(term: str) -> bool:
    """True for a normalized (stemmed or not) term that carries little meaning."""
    return term in STOPWORDS
