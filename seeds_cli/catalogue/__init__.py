"""The catalogue layer: find the corpus, parse INDEX.md, load and validate documents.

Names are resolved on first use: a search of a fresh index needs only :mod:`.locate`, and
importing the loader (INDEX.md parsing, its regexes) would cost it for nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names are, for type checkers and readers
    from seeds_cli.catalogue.catalogue import Catalogue, Document, count_words, load_catalogue
    from seeds_cli.catalogue.locate import locate_corpus

_NAMES = {
    "Catalogue": "seeds_cli.catalogue.catalogue",
    "Document": "seeds_cli.catalogue.catalogue",
    "count_words": "seeds_cli.catalogue.catalogue",
    "load_catalogue": "seeds_cli.catalogue.catalogue",
    "locate_corpus": "seeds_cli.catalogue.locate",
}
__all__ = ["Catalogue", "Document", "count_words", "load_catalogue", "locate_corpus"]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'seeds_cli.catalogue' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
