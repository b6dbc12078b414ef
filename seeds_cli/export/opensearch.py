"""The corpus as an OpenSearch/Elasticsearch ``_bulk`` stream, and a matching index definition.

A search engine analyzes a field with one analyzer, so each document's title and text go into
fields named after its language: ``title_ar``/``text_ar`` (analyzer ``arabic``),
``title_en``/``text_en`` (``english``) and so on for every language with a built-in analyzer
in both engines; a language without one uses plain ``title``/``text`` (``standard``). Query
them all at once with ``multi_match`` over ``["title*^2", "text*"]``.

Both engines accept the same ``_bulk`` body (an action line, then the document line) and the
same typeless ``mappings``, so one output serves either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from seeds_cli.catalogue.catalogue import Document

DEFAULT_INDEX = "seeds"
# Built-in language analyzers present in both Elasticsearch and OpenSearch, by BCP 47 primary
# language subtag.
LANGUAGE_ANALYZERS = {
    "ar": "arabic",
    "bg": "bulgarian",
    "bn": "bengali",
    "ca": "catalan",
    "ckb": "sorani",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "gl": "galician",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "ja": "cjk",
    "ko": "cjk",
    "lt": "lithuanian",
    "lv": "latvian",
    "nb": "norwegian",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "th": "thai",
    "tr": "turkish",
    "zh": "cjk",
}
# Lower case, no spaces or \ / * ? " < > | , # :, not starting with - _ +, and not '.' or '..'.
INDEX_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,254}")


def language_key(lang: str) -> str:
    """The field suffix for a language tag: 'ar' for 'ar-SA', '' when no built-in analyzer fits."""
    primary = lang.split("-", 1)[0].lower()
    return primary if primary in LANGUAGE_ANALYZERS else ""


def field_names(lang: str) -> tuple[str, str]:
    """The (title, text) field names a document in ``lang`` is indexed under."""
    key = language_key(lang)
    return (f"title_{key}", f"text_{key}") if key else ("title", "text")


def bulk_document(doc: Document) -> dict[str, Any]:
    """The indexed form of a document: metadata, with title and text in language fields."""
    record = doc.metadata()
    title_field, text_field = field_names(doc.lang)
    title = record.pop("title", "")
    if title:
        record[title_field] = title
    if "date" in record:
        # INDEX.md allows 'YYYY-MM-DD HH:MM'; the engines' ISO parser wants the 'T'.
        record["date"] = record["date"].replace(" ", "T")
    record[text_field] = doc.text
    return record


def bulk_lines(
    docs: Iterable[Document],
    index_name: str = DEFAULT_INDEX,
    progress: Callable[[int], None] | None = None,
) -> Iterator[str]:
    """NDJSON lines for ``_bulk``: ``{"index": …}`` then the document, for each document."""
    from seeds_cli.render.output import dumps

    for doc in docs:
        yield dumps({"index": {"_index": index_name, "_id": doc.id}})
        yield dumps(bulk_document(doc))
        if progress:
            progress(1)


def _text_field(analyzer: str) -> dict[str, Any]:
    return {"type": "text", "analyzer": analyzer}


def index_definition(langs: Iterable[str]) -> dict[str, Any]:
    """The index body for ``PUT /INDEX``: keyword metadata, a date, and per-language text fields.

    Fields are made for every language in ``langs`` that has a built-in analyzer, and always
    for Arabic and for the ``standard`` fallback, so a later export still fits.
    """
    keys = {language_key(lang) for lang in langs} | {"ar", ""}
    properties: dict[str, Any] = {
        "id": {"type": "keyword"},
        "file": {"type": "keyword"},
        "source": {"type": "keyword"},
        "lang": {"type": "keyword"},
        "url": {"type": "keyword"},
        "author": {"type": "keyword"},
        "place": {"type": "keyword"},
        "tags": {"type": "keyword"},
        "sha256": {"type": "keyword"},
        "date": {"type": "date", "format": "strict_date_optional_time"},
        "words": {"type": "integer"},
    }
    for key in sorted(keys):
        analyzer = LANGUAGE_ANALYZERS.get(key, "standard")
        title_field, text_field = field_names(key)
        title = _text_field(analyzer)
        # A keyword copy of the title, for sorting and aggregations.
        title["fields"] = {"raw": {"type": "keyword", "ignore_above": 512}}
        properties[title_field] = title
        properties[text_field] = _text_field(analyzer)
    return {"mappings": {"properties": properties}}
