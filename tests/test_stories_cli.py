"""``seeds dupes`` and ``seeds similar`` on small generated corpora with known copies."""

from __future__ import annotations

import json
import random

import pytest

from tests.test_stories import article, make_words, text


@pytest.fixture
def wire(make_corpus):
    """A wire story run by four papers (one with a changed dateline, one cut short), a second
    story run twice, a related article, unrelated ones, and recorded copies."""
    rng = random.Random(7)
    story = article(rng)
    other = article(rng)
    related = story[:2] + article(rng, paragraphs=6)  # shares two paragraphs: related
    docs = [
        {
            "id": "w1",
            "source": "was",
            "date": "2015-07-01",
            "title": "خبر الوكالة",
            "text": text(story),
        },
        {
            "id": "o1",
            "source": "okaz",
            "date": "2015-07-02",
            "title": "خبر عكاظ",
            "text": text(story),
            "copies": "okaz 2015-07-02 <http://okaz/dup>",
        },
        {
            "id": "s1",
            "source": "sabq",
            "date": "2015-07-02",
            "title": "خبر سبق",
            "text": "جدة - واس: " + text(story),
        },
        {
            "id": "r1",
            "source": "alriyadh",
            "date": "2015-07-03",
            "title": "خبر الرياض",
            "text": text(story[:7]),
        },
        {
            "id": "x1",
            "source": "okaz",
            "date": "2015-08-01",
            "title": "قصة ثانية",
            "text": text(other),
        },
        {
            "id": "x2",
            "source": "was",
            "date": "2015-08-02",
            "title": "قصة ثانية",
            "text": text(other),
        },
        {
            "id": "rel",
            "source": "sabq",
            "date": "2015-07-05",
            "title": "تحليل",
            "text": text(related),
        },
        {
            "id": "u1",
            "source": "okaz",
            "date": "2015-07-01",
            "title": "منفرد",
            "text": " ".join(make_words(rng, 300)),
            "copies": "sabq 2015-07-01 <http://sabq/u1>; alriyadh",
        },
    ]
    for i in range(6):
        docs.append(
            {
                "id": f"n{i}",
                "source": "okaz",
                "date": "2015-07-10",
                "title": "آخر",
                "text": text(article(rng, paragraphs=4)),
            }
        )
    return make_corpus(docs)


def test_dupes_lists_stories_largest_first(run, wire) -> None:
    result = run("--corpus", str(wire), "dupes")
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines()]
    assert [(x[0], x[1]) for x in lines] == [("w1", "5"), ("u1", "3"), ("x1", "2")]
    assert lines[0][2:5] == ["was, okaz, sabq, alriyadh", "2015-07-01", "2015-07-03"]
    assert lines[0][5] == "خبر الوكالة"


def test_dupes_json_lists_every_copy(run, wire) -> None:
    result = run("--corpus", str(wire), "dupes", "--format", "json")
    stories = json.loads(result.output)
    first = stories[0]
    assert first["story"] == "w1" and first["size"] == 5
    ids = [c.get("id") for c in first["copies"]]
    assert ids == ["w1", "o1", None, "s1", "r1"]  # o1's recorded copy right after it
    recorded = first["copies"][2]
    assert recorded == {
        "recorded": True,
        "source": "okaz",
        "date": "2015-07-02",
        "url": "http://okaz/dup",
        "title": "خبر عكاظ",
        "resemblance": 1.0,
    }
    assert 0.8 <= first["copies"][4]["resemblance"] < 1.0  # cut short: a near-duplicate
    lines = run("--corpus", str(wire), "dupes", "--format", "jsonl").output.splitlines()
    assert [json.loads(x) for x in lines] == stories


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--min-size", "3"], ["w1", "u1"]),
        (["--source", "ALRIYADH"], ["w1", "u1"]),
        (["--since", "2015-08"], ["x1"]),
        (["--until", "2015-07-01"], ["w1", "u1"]),
        (["--source", "was", "--since", "2015-08-02"], ["x1"]),
        (["--limit", "1"], ["w1"]),
    ],
)
def test_dupes_filters(run, wire, args, expected) -> None:
    result = run("--corpus", str(wire), "dupes", *args, "--format", "tsv")
    assert [line.split("\t")[0] for line in result.output.splitlines()] == expected


def test_dupes_with_nothing_to_show_exits_1(run, wire) -> None:
    result = run("--corpus", str(wire), "dupes", "--min-size", "9")
    assert result.exit_code == 1 and result.output == ""


def test_dupes_by_source(run, wire) -> None:
    result = run("--corpus", str(wire), "dupes", "--by-source", "--format", "tsv")
    rows = {
        tuple(line.split("\t")[:2]): int(line.split("\t")[2]) for line in result.output.splitlines()
    }
    assert rows == {
        ("was", "okaz"): 2,
        ("was", "sabq"): 1,
        ("was", "alriyadh"): 1,
        ("okaz", "sabq"): 1,
        ("okaz", "alriyadh"): 1,
        ("okaz", "was"): 1,
    }
    data = json.loads(run("--corpus", str(wire), "dupes", "--by-source", "--format", "json").output)
    assert {"earliest": "was", "later": "okaz", "copies": 2} in data


def test_dupes_table_on_a_terminal(run, wire) -> None:
    result = run("--corpus", str(wire), "dupes", "--format", "table")
    assert result.exit_code == 0
    assert "w1" in result.output and "3 stories, 10 copies" in result.output
    matrix = run("--corpus", str(wire), "dupes", "--by-source", "--format", "table")
    assert "earliest" in matrix.output and "alriyadh" in matrix.output


def test_similar_lists_copies_first_then_related(run, wire) -> None:
    result = run("--corpus", str(wire), "similar", "o1", "--format", "plain")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines()]
    kinds = [r[6] for r in rows]
    assert kinds[:4] == ["copy"] * 4 and set(kinds[4:]) == {"related"}
    assert [r[1] for r in rows[:4]] == ["w1", "", "s1", "r1"]  # the recorded copy has no id
    assert rows[4][1] == "rel"  # the article sharing two paragraphs is the most like it
    assert "o1" not in [r[1] for r in rows]


def test_similar_json_formats_limit_and_filters(run, wire) -> None:
    data = json.loads(run("--corpus", str(wire), "similar", "w1", "--format", "json").output)
    assert data["id"] == "w1" and data["story"] == "w1"
    assert 0 < len(data["terms"]) <= 25
    assert [r["kind"] for r in data["results"][:4]] == ["copy"] * 4
    limited = run("--corpus", str(wire), "similar", "w1", "--limit", "1", "--format", "jsonl")
    records = [json.loads(x) for x in limited.output.splitlines()]
    assert [r["kind"] for r in records] == ["copy"] * 4 + ["related"]
    okaz = run("--corpus", str(wire), "similar", "w1", "--source", "okaz", "--format", "ids")
    assert okaz.output.split()[0] == "o1"
    assert all(i in ("o1", "x1", "u1") or i.startswith("n") for i in okaz.output.split())
    bare = run("--corpus", str(wire), "similar", "w1", "--no-copies", "--format", "ids")
    assert bare.output.split()[0] == "rel"
    trec = run("--corpus", str(wire), "similar", "w1", "--format", "trec", "--limit", "1")
    rows = [line.split() for line in trec.output.splitlines()]
    assert [r[2] for r in rows] == ["o1", "s1", "r1", "rel"]  # the recorded copy has no id
    assert rows[0][:2] == ["w1", "Q0"] and float(rows[0][4]) > float(rows[-1][4])


def test_similar_on_the_bundled_corpus(run) -> None:
    result = run("similar", "791b", "--format", "json")
    assert result.exit_code == 1  # one document: nothing else is like it
    data = json.loads(result.output)
    assert data["id"].startswith("791b") and data["results"] == [] and data["story"] is None
    table = run("similar", "791b", "--format", "table")
    assert "nothing similar found" in table.output


def test_similar_unknown_id_is_a_one_line_error(run, wire) -> None:
    result = run("--corpus", str(wire), "similar", "zzz")
    assert result.exit_code == 2
    assert (
        result.output.startswith("seeds: error: no document with id")
        and "Traceback" not in result.output
    )


def test_show_names_the_other_copies_in_its_header(run, wire) -> None:
    assert run("--corpus", str(wire), "index").exit_code == 0
    shown = run("--corpus", str(wire), "show", "s1").output
    assert "also in   was, okaz (+1) — seeds similar s1" in shown
    alone = run("--corpus", str(wire), "show", "rel").output
    assert "also in" not in alone


def test_show_never_builds_an_index_for_its_header(run, wire, tmp_path) -> None:
    index_dir = tmp_path / "indexes"
    shown = run("--corpus", str(wire), "--index-dir", str(index_dir), "show", "u1").output
    assert "also in   sabq, alriyadh — seeds similar u1" in shown  # the recorded copies
    assert not index_dir.exists() or not any(index_dir.rglob("*.sqlite"))


def test_stats_counts_stories_and_copies(run, wire) -> None:
    before = json.loads(run("--corpus", str(wire), "stats", "--format", "json").output)
    assert before["duplicates"] == {
        "stories_with_copies": None,  # no index yet: near-duplicates unknown
        "documents_in_them": None,
        "recorded_copies": 3,
    }
    assert run("--corpus", str(wire), "index").exit_code == 0
    after = json.loads(run("--corpus", str(wire), "stats", "--format", "json").output)
    assert after["duplicates"] == {
        "stories_with_copies": 3,
        "documents_in_them": 7,  # w1 o1 s1 r1, x1 x2, u1
        "recorded_copies": 3,
    }
    table = run("--corpus", str(wire), "stats", "--format", "table").output
    assert "stories with copies" in table and "copies recorded by import" in table


def test_show_names_the_recorded_copies_of_a_corpus_of_one_document(run, make_corpus) -> None:
    copies = "sabq 2015-07-02 <http://sabq/x>; was 2015-07-01"
    lone = make_corpus([{"id": "a1", "source": "okaz", "text": "خبر واحد.", "copies": copies}])
    assert (
        "also in   sabq, was — seeds similar a1" in run("--corpus", str(lone), "show", "a1").output
    )
    plain = make_corpus([{"id": "b1", "source": "okaz", "text": "خبر واحد."}])
    assert "also in" not in run("--corpus", str(plain), "show", "b1").output
