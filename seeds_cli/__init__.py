"""seeds: catalogue, read and search a corpus of Arabic (and other) news texts from a terminal.

The library API (see :mod:`seeds_cli.api`) is importable from here::

    from seeds_cli import load_catalogue, search, analyze, render_article

Names are resolved on first use, so ``import seeds_cli`` (done by every CLI call) stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = (
    "Catalogue",
    "Concordance",
    "Document",
    "Explanation",
    "Passage",
    "SearchHit",
    "SearchResults",
    "Term",
    "analyze",
    "concordance",
    "get_document",
    "highlight_spans",
    "load_catalogue",
    "open_searcher",
    "render_article",
    "search",
)
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        from seeds_cli import api

        return getattr(api, name)
    raise AttributeError(f"module 'seeds_cli' has no attribute {name!r}")
