"""``seeds stats``: the corpus dashboard, from the texts and from the stored index."""

from __future__ import annotations

import json

import pytest

from seeds_cli.cli.stats_cmd import sparkline

DOCS = [
    {
        "id": "a1",
        "title": "المكتبات",
        "source": "okaz",
        "date": "2015-07-21",
        "lang": "ar",
        "text": "المكتبة العامة في الرياض. المكتبات الجديدة في جدة والمكتبة الكبرى.",
    },
    {
        "id": "a2",
        "title": "مكتبة",
        "source": "okaz",
        "date": "2015-08-02",
        "lang": "ar",
        "text": "افتتحت المكتبة في الرياض.",
    },
    {
        "id": "e1",
        "title": "Libraries",
        "source": "sabq",
        "date": "2015-08-15",
        "lang": "en",
        "text": "The library opened. Libraries and the library staff.",
    },
    {"id": "u1", "title": "Undated", "lang": "ar", "text": "قصير"},
]


@pytest.fixture
def small(make_corpus, monkeypatch, tmp_path):
    # Keep any index inside the test folder.
    monkeypatch.setenv("SEEDS_INDEX_DIR", str(tmp_path / "index-cache"))
    return make_corpus(DOCS, name="small")


def _stats(run, corpus, *args: str) -> dict:
    result = run("--corpus", str(corpus), "stats", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_totals_and_distributions(run, small):
    data = _stats(run, small, "--no-index")
    assert data["computed_from"] == "texts"
    assert data["documents"] == 4
    assert data["words"] == 10 + 4 + 8 + 1
    assert data["characters"] == sum(len(d["text"]) for d in DOCS)
    assert data["by_source"] == [
        {"source": "okaz", "documents": 2, "words": 14},
        {"source": "(none)", "documents": 1, "words": 1},
        {"source": "sabq", "documents": 1, "words": 8},
    ]
    assert [(r["lang"], r["documents"]) for r in data["by_lang"]] == [("ar", 3), ("en", 1)]
    assert [(r["month"], r["documents"]) for r in data["by_month"]] == [
        ("2015-07", 1),
        ("2015-08", 2),
        ("undated", 1),
    ]


def test_words_agree_with_list(run, small):
    listed = run("--corpus", str(small), "list", "--format", "json")
    assert _stats(run, small, "--no-index")["words"] == sum(
        d["words"] for d in json.loads(listed.output)
    )


def test_frequent_words_are_stemmed_without_stopwords_and_spelled_as_written(run, small):
    top = _stats(run, small, "--no-index")["top_words"]
    words = [t["word"] for t in top]
    # المكتبة, المكتبات, والمكتبة, then المكتبة again: one stem, shown in its usual spelling.
    assert top[0]["word"] == "المكتبة"
    assert top[0]["count"] == 4 and top[0]["documents"] == 2
    # library, Libraries, library: the English stemmer groups them, in its language.
    library = next(t for t in top if t["word"] == "library")
    assert library["count"] == 3 and library["documents"] == 1
    for stopword in ("في", "the", "and"):
        assert stopword not in words
    assert "الرياض" in words


def test_longest_and_shortest(run, small):
    data = _stats(run, small, "--no-index", "--extremes", "2")
    assert [d["id"] for d in data["longest"]] == ["a1", "e1"]
    assert [d["id"] for d in data["shortest"]] == ["u1", "a2"]
    assert data["shortest"][0] == {"id": "u1", "title": "Undated", "words": 1}


def test_top_option(run, small):
    assert len(_stats(run, small, "--no-index", "--top", "3")["top_words"]) == 3
    assert _stats(run, small, "--no-index", "--top", "0")["top_words"] == []


def test_index_gives_the_same_answer(run, small):
    from_texts = _stats(run, small, "--no-index")
    assert _stats(run, small)["computed_from"] == "texts"  # no index yet; stats builds none
    built = run("--corpus", str(small), "index")
    assert built.exit_code == 0, built.output
    from_index = _stats(run, small)
    assert from_index["computed_from"] == "index"
    for key in ("documents", "words", "characters", "by_source", "by_lang", "by_month"):
        assert from_index[key] == from_texts[key], key
    assert from_index["longest"] == from_texts["longest"]
    assert from_index["shortest"] == from_texts["shortest"]
    pick = [(t["word"], t["count"], t["documents"]) for t in from_texts["top_words"][:2]]
    assert [(t["word"], t["count"], t["documents"]) for t in from_index["top_words"][:2]] == pick
    assert from_index["distinct_words"] >= from_texts["distinct_words"] > 0


def test_table_output(run, small):
    result = run("--corpus", str(small), "--color", "never", "stats", "--format", "table")
    assert result.exit_code == 0, result.output
    for heading in (
        "Documents by source",
        "Documents by language",
        "Documents by month",
        "Most frequent content words",
        "Longest documents",
        "Shortest documents",
    ):
        assert heading in result.output
    assert "█" in result.output and "\x1b" not in result.output


def test_hostile_metadata_is_cleaned_in_the_table(run, tmp_path):
    root = tmp_path / "hostile"
    root.mkdir()
    (root / "x.txt").write_text("كلمة كلمة\n", "utf-8")
    (root / "INDEX.md").write_text(
        "---\ntitle: t\n---\n\n## x\n\n- file: x.txt\n- title: a\x1b]0;owned\x07b\n"
        "- source: s\x1b[31m\n",
        "utf-8",
    )
    result = run("--corpus", str(root), "--color", "never", "stats", "--format", "table")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_empty_corpus(run, make_corpus):
    root = make_corpus([], name="empty")
    data = _stats(run, root)
    assert data["documents"] == 0 and data["top_words"] == [] and data["longest"] == []
    assert run("--corpus", str(root), "stats", "--format", "table").exit_code == 0


def test_sparkline():
    assert sparkline([0, 1, 2, 4]) == " ▃▅█"
    assert sparkline([]) == ""
