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


def test_piped_explain_adds_up(run: Callable[..., Any], corpus: Path) -> None:
    result = run(
        "--corpus", str(corpus), "search", "--explain", "--format", "plain", "--", "النفط الأسواق"
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# النفط [term] -> نفط df=")
    top = lines.index(next(x for x in lines if x.startswith("1\tv2\t")))
    score = float(lines[top].split("\t")[2])
    steps = [x.strip() for x in lines[top + 1 :] if x.startswith("    ")]
    added = sum(float(x.rsplit(":", 1)[1]) for x in steps if x.startswith("+ "))
    factors = [float(x.rsplit(":", 1)[1]) for x in steps if x.startswith("× ")]
    assert {x.split(":")[0] for x in steps if x.startswith("× ")} == {"× proximity"}
    total = added
    for f in factors:
        total *= f
    assert total == pytest.approx(score, abs=2e-3)
    assert steps[-1] == f"= {score:.4f}"


def test_the_command_writes_the_records_of_the_library(
    run: Callable[..., Any], corpus: Path
) -> None:
    """One mapping of results to records: the CLI's JSON is the API's."""
    from seeds_cli import load_catalogue, search

    for query, options in [("النفط", {}), ("يستأنف الرياض", {"explain": True})]:
        args = ["--explain"] if options else []
        cli = run("--corpus", str(corpus), "search", "--format", "json", *args, "--", query)
        api = search(load_catalogue(corpus), query, **options)  # type: ignore[arg-type]
        assert json.loads(cli.stdout) == json.loads(json.dumps(api.as_record()))
        lines = run("--corpus", str(corpus), "search", "--format", "jsonl", *args, "--", query)
        assert [json.loads(x) for x in lines.stdout.splitlines()] == [
            json.loads(json.dumps(h.as_record())) for h in api.hits
        ]
