"""``--explain`` adds up: every format shows the terms, their kinds and the factors that make
a result's score, and the terms are the words as read (no punctuation)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DOCS = [
    {"id": "v1", "title": "استئناف", "text": "استأنف الفريق تدريباته أمس في الرياض."},
    {"id": "v2", "title": "النفط", "text": "ارتفع سعر النفط اليوم في الأسواق والنفط مهم."},
    {"id": "v3", "text": "الطقس حار اليوم."},
]


@pytest.fixture
def corpus(make_corpus: Callable[..., Path]) -> Path:
    return make_corpus(DOCS, name="explain")


def explain_json(run: Callable[..., Any], corpus: Path, query: str) -> dict[str, Any]:
    result = run("--corpus", str(corpus), "search", "--explain", "--format", "json", "--", query)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_verb_variant_is_labelled_as_one(run: Callable[..., Any], corpus: Path) -> None:
    data = explain_json(run, corpus, "يستأنف")
    kinds = {t["term"]: t["kind"] for t in data["terms"]}
    assert kinds["يستأنف"] == "term"
    assert kinds["=يستأنف"] == "exact form"
    variants = [t for t in data["terms"] if t["kind"] == "verb variant"]
    assert variants and all(t["term"].startswith("~") for t in variants)
    rows = data["results"][0]["explain"]["terms"]
    assert any(r["kind"] == "verb variant" and r["score"] > 0 for r in rows)


def test_terms_are_the_words_without_punctuation(run: Callable[..., Any], corpus: Path) -> None:
    data = explain_json(run, corpus, "النفط: «الأسواق»،")
    labels = [t["term"] for t in data["terms"] if t["kind"] in ("term", "phrase")]
    assert labels == ["النفط", "الأسواق"]
