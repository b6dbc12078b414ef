"""``seeds search`` by story: copies grouped (or not) in every output format, and facets."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from tests.test_stories import article, make_words, text

STORY = ("w1", "o1", "s1", "r1", "a1")  # one wire story, five papers


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    """A wire story run by five papers (an exact copy with a copy its import recorded, a
    changed dateline, a paragraph cut, a paragraph added), a second story run twice, an
    article sharing two paragraphs, a document with recorded copies only, unrelated
    articles, and hostile ones: empty, one word, one line repeated thousands of times."""
    from tests.conftest import write_corpus

    rng = random.Random(7)
    story = article(rng)
    other = article(rng)
    related = story[:2] + article(rng, paragraphs=6)
    extra = " ".join(make_words(rng, 50)) + "."

    def doc(id_: str, source: str, date: str, body: str) -> dict[str, str]:
        fields = {"id": id_, "source": source, "title": f"خبر {id_}", "text": body}
        return {**fields, "date": date} if date else fields

    docs = [
        doc("w1", "was", "2015-07-01", text(story)),
        {
            **doc("o1", "okaz", "2015-07-02", text(story)),
            "copies": "okaz 2015-07-02 <http://okaz/dup>",
        },
        doc("s1", "sabq", "2015-07-02", "جدة - واس: " + text(story)),
        doc("r1", "alriyadh", "2015-07-03", text(story[:7])),
        doc("a1", "almadina", "2015-07-04", text([*story, extra])),
        doc("x1", "okaz", "2015-08-01", text(other)),
        doc("x2", "was", "2015-08-02", text(other)),
        doc("rel", "sabq", "2015-07-05", text(related)),
        {
            **doc("u1", "okaz", "2015-07-01", " ".join(make_words(rng, 300))),
            "copies": "sabq 2015-07-01 <http://sabq/u1>; alriyadh",
        },
        doc("empty", "okaz", "2015-09-01", ""),
        doc("one", "okaz", "", story[0].split()[0]),
        doc("huge", "sabq", "2015-09-02", (story[0] + "\n") * 4000),
    ]
    docs += [doc(f"n{i}", "okaz", "2015-07-10", text(article(rng, paragraphs=4))) for i in range(6)]
    root = write_corpus(tmp_path_factory.mktemp("papers") / "c", docs)
    return root, " ".join(story[0].split()[:6])


def search(run, papers, *args: str):
    root, query = papers
    result = run("--corpus", str(root), "search", query, "--passages", "0", *args)
    assert result.exit_code == 0, result.output
    return result.output


def plain_rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines() if not line.startswith("#")]


def test_plain_groups_a_story_at_its_best_copy_with_its_sources(run, papers) -> None:
    rows = plain_rows(search(run, papers, "--format", "plain"))
    story = [r for r in rows if r[1] in STORY]
    assert len(story) == 1  # one story, once
    note = story[0][6]
    assert note.startswith("+5 copies: ")  # 4 documents and o1's recorded copy
    named = set(note.split(": ")[1].split(", ")) | {story[0][4]}
    assert named == {"was", "okaz", "sabq", "alriyadh", "almadina"}
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    ungrouped = plain_rows(search(run, papers, "--format", "plain", "--no-group"))
    assert set(STORY) <= {r[1] for r in ungrouped}
    assert all(len(r) == 6 for r in ungrouped)  # no copies note without grouping
    best = min(int(r[0]) for r in ungrouped if r[1] in STORY)
    assert story[0][1] == ungrouped[best - 1][1]  # the best copy stands for the story


def test_hostile_documents_are_searched_without_harm(run, papers) -> None:
    rows = plain_rows(search(run, papers, "--format", "plain", "--no-group", "--limit", "0"))
    ids = {r[1] for r in rows}
    assert {"one", "huge"} <= ids and "empty" not in ids
    grouped = {r[1] for r in plain_rows(search(run, papers, "--format", "plain", "--limit", "0"))}
    # A one-word document and a repeated line are no copies of the story.
    assert {"one", "huge"} <= grouped


def test_json_keeps_every_document_and_adds_story_and_copies(run, papers) -> None:
    data = json.loads(search(run, papers, "--format", "json"))
    by_id = {r["id"]: r for r in data["results"]}
    assert set(STORY) <= set(by_id)
    assert {by_id[i]["story"] for i in STORY} == {"w1"}  # the earliest copy
    assert [c.get("id") for c in by_id["o1"]["copies"]] == ["w1", None, "s1", "r1", "a1"]
    assert by_id["o1"]["copies"][1] == {
        "recorded": True,
        "source": "okaz",
        "date": "2015-07-02",
        "url": "http://okaz/dup",
    }
    assert [c.get("id") for c in by_id["w1"]["copies"]] == ["o1", None, "s1", "r1", "a1"]
    assert by_id["rel"]["story"] == "rel" and by_id["rel"]["copies"] == []
    lines = search(run, papers, "--format", "jsonl").splitlines()
    assert [json.loads(x) for x in lines] == data["results"]
    ids = search(run, papers, "--format", "ids").split()
    assert ids == [r["id"] for r in data["results"]]  # ungrouped: the same ranking


@pytest.mark.parametrize("fmt", ["json", "jsonl", "ids", "trec"])
def test_group_turns_grouping_on_for_tools(run, papers, fmt) -> None:
    out = search(run, papers, "--format", fmt, "--group")
    if fmt == "json":
        data = json.loads(out)
        ids = [r["id"] for r in data["results"]]
        assert data["total"] == json.loads(search(run, papers, "--format", "json"))["total"]
    elif fmt == "jsonl":
        ids = [json.loads(x)["id"] for x in out.splitlines()]
    elif fmt == "ids":
        ids = out.split()
    else:
        rows = [x.split() for x in out.splitlines()]
        ids = [r[2] for r in rows]
        assert [int(r[3]) for r in rows] == list(range(1, len(rows) + 1))
    assert len([i for i in ids if i in STORY]) == 1
    assert len(ids) == len(set(ids))


def test_limit_and_offset_count_stories(run, papers) -> None:
    every = plain_rows(search(run, papers, "--format", "plain", "--limit", "0"))
    first = plain_rows(search(run, papers, "--format", "plain", "--limit", "2"))
    second = plain_rows(search(run, papers, "--format", "plain", "--limit", "2", "--offset", "2"))
    assert [r[:2] for r in first + second] == [r[:2] for r in every[:4]]
    assert [r[0] for r in second] == ["3", "4"]


def test_table_names_the_copies_and_no_group_does_not(run, papers) -> None:
    table = search(run, papers, "--format", "table")
    assert "+5 copies:" in table and "almadina" in table
    assert "showing 1–" in table and ", each story once" in table.splitlines()[0]
    assert "+5 copies" not in search(run, papers, "--format", "table", "--no-group")


def test_facets_count_every_match_not_just_the_page(run, papers) -> None:
    data = json.loads(
        search(run, papers, "--format", "json", "--limit", "1", "--facets", "source,date")
    )
    sources = {f["value"]: f["count"] for f in data["facets"]["source"]}
    assert sum(sources.values()) == data["total"] > 1
    every = json.loads(search(run, papers, "--format", "json", "--limit", "0"))["results"]
    assert sources == dict(Counter(r["source"] for r in every))
    months = Counter(r["date"][:7] if "date" in r else "undated" for r in every)
    assert {f["value"]: f["count"] for f in data["facets"]["month"]} == dict(months)
    assert sources["okaz"] >= 2 and sources["almadina"] == 1
    counts = [f["count"] for f in data["facets"]["source"]]
    assert counts == sorted(counts, reverse=True)
    months = [f["value"] for f in data["facets"]["month"]]
    assert months[-1] == "undated" and months[:-1] == sorted(months[:-1])
    assert "2015-07" in months
    assert sum(f["count"] for f in data["facets"]["month"]) == data["total"]
    repeated = json.loads(
        search(run, papers, "--format", "json", "--facets", "source", "--facets", "month")
    )
    assert repeated["facets"] == data["facets"]
    ungrouped = json.loads(
        search(run, papers, "--format", "json", "--no-group", "--facets", "source")
    )
    assert ungrouped["facets"]["source"] == data["facets"]["source"]


def test_facets_in_plain_jsonl_and_table(run, papers) -> None:
    plain = search(run, papers, "--format", "plain", "--facets", "date", "--no-group")
    facet_lines = [x for x in plain.splitlines() if x.startswith("# month\t")]
    assert "# month\t2015-07\t" in plain and facet_lines == plain.splitlines()[-len(facet_lines) :]
    last = json.loads(
        search(run, papers, "--format", "jsonl", "--facets", "source").splitlines()[-1]
    )
    assert set(last) == {"facets"} and last["facets"]["source"][0]["count"] >= 1
    table = search(run, papers, "--format", "table", "--facets", "source")
    assert "documents" in table and "almadina" in table


def test_bad_facets_are_one_line_errors(run, papers) -> None:
    root, query = papers
    bad = run("--corpus", str(root), "search", query, "--facets", "author")
    assert bad.exit_code == 2 and "unknown facet 'author'" in bad.output
    assert "Traceback" not in bad.output and len(bad.output.strip().splitlines()) == 1
    ids = run("--corpus", str(root), "search", query, "--facets", "source", "--format", "ids")
    assert ids.exit_code == 2 and "--facets" in ids.output


def test_the_library_gives_story_and_copies(papers) -> None:
    from seeds_cli import load_catalogue
    from seeds_cli import search as api_search

    root, query = papers
    catalogue = load_catalogue(root)
    hits = api_search(catalogue, query, limit=0, passages=0).hits
    by_id = {h.id: h for h in hits}
    assert by_id["s1"].story == "w1" and by_id["rel"].story is None
    assert [c.source for c in by_id["s1"].copies] == ["was", "okaz", "okaz", "alriyadh", "almadina"]
    assert by_id["s1"].copies[2].id is None and by_id["s1"].copies[2].date == "2015-07-02"
    word = (root / "u1.txt").read_text("utf-8").split()[0]
    (alone,) = api_search(catalogue, f"{word} id:u1", passages=0).hits  # recorded copies only
    assert alone.story == "u1" and [c.source for c in alone.copies] == ["sabq", "alriyadh"]
    assert alone.copies_note() == "+2 copies: sabq, alriyadh"
    grouped = api_search(catalogue, query, limit=0, passages=0, group=True)
    assert grouped.grouped and len([h for h in grouped.hits if h.id in STORY]) == 1


def test_batch_is_ungrouped_unless_asked(run, papers) -> None:
    root, query = papers
    plain = run("--corpus", str(root), "search", "--batch", "-", "--format", "ids", input=query)
    grouped = run(
        "--corpus", str(root), "search", "--batch", "-", "--format", "ids", "--group", input=query
    )
    assert plain.exit_code == grouped.exit_code == 0
    assert len(set(plain.output.split()) & set(STORY)) == len(STORY)
    assert len(set(grouped.output.split()) & set(STORY)) == 1


def test_nothing_found_has_empty_facets(run, papers) -> None:
    root, _query = papers
    result = run(
        "--corpus", str(root), "search", "لاوجودلها", "--format", "json", "--facets", "source"
    )
    assert result.exit_code == 1
    assert json.loads(result.output)["facets"] == {"source": []}
