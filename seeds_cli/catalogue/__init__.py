"""The catalogue layer: find the corpus, parse INDEX.md, load and validate documents."""

from seeds_cli.catalogue.catalogue import Catalogue, Document, count_words, load_catalogue
from seeds_cli.catalogue.locate import locate_corpus

__all__ = ["Catalogue", "Document", "count_words", "load_catalogue", "locate_corpus"]
