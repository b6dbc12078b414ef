"""Text analysis: tokenizer, normalization filters, light stemmers and stopwords.

Small composable steps, each tested alone. Token offsets always point into the original
text; normalization and stemming only shape the terms used for matching. The stemmers
themselves live in ``stem_arabic`` and ``stem_english``; ``stem`` picks one by script.
"""

from .analyzer import Analyzer, analyze, stem
from .normalize import normalize
from .stopwords import ARABIC_STOPWORDS, ENGLISH_STOPWORDS, STOPWORDS, is_stopword
from .tokenize import Token, count_words, iter_tokens, tokenize

__all__ = [
    "ARABIC_STOPWORDS",
    "ENGLISH_STOPWORDS",
    "STOPWORDS",
    "Analyzer",
    "Token",
    "analyze",
    "count_words",
    "is_stopword",
    "iter_tokens",
    "normalize",
    "stem",
    "tokenize",
]
