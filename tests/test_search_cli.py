"""``seeds search`` and ``seeds index`` end to end on small corpora built here."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

DOCS: list[dict[str, Any]] = [
    {
        "id": "kad1",
        "title": "رئيس الوزراء العراقي يزور الرياض",
        "source": "okaz",
        "date": "2021-12-05",
        "lang": "ar",
        "text": "وصل رئيس الوزراء العراقي مصطفى الكَاظِمي إلى الرياض اليوم.\n\n"
        "وبحث الكاظمي مع المسؤولين العلاقات الثنائية والتعاون الاقتصادي.",
    },
    {
        "id": "rain",
        "title": "أمطار غزيرة على مكة",
        "source": "sabq",
        "date": "2021-11-20",
        "lang": "ar",
        "text": "هطلت أمطار غزيرة على مكة المكرمة، وسالت الأودية. وحذر الدفاع المدني من السيول.",
    },
    {
        "id": "health",
        "title": "وزارة الصحة تعلن",
        "source": "okaz",
        "date": "2022-01-10",
        "lang": "ar",
        "text": "أعلنت وزارة الصحة تسجيل ١٢٠ إصابة جديدة بفيروس كورونا، وأكدت الوزارة توفر اللقاح.",
    },
    {
        "id": "schools",
        "title": "عودة الطلاب إلى المدارس",
        "source": "spa",
        "date": "2021-08-29",
        "lang": "ar",
        "text": "عاد الطلاب إلى المدارس بعد الإجازة، وأكدت وزارة التعليم جاهزية المدارس. "
        "وقال الوزير إن الصحة أولوية.",
    },
    {
        "id": "eng",
        "title": "Libraries open",
        "source": "spa",
        "date": "2021-12-20",
        "lang": "en",
        "text": "The ministry opened new libraries in Riyadh. Reading is popular.",
    },
]


@pytest.fixture
def news(make_corpus: Callable[..., Path]) -> Path:
    return make_corpus(DOCS, name="news")


def search(run: Callable[..., Any], corpus: Path, *args: str) -> Any:
    return run("--corpus", str(corpus), "search", *args)


def ids(run: Callable[..., Any], corpus: Path, query: str, *extra: str) -> list[str]:
    result = search(run, corpus, query, "--format", "ids", *extra)
    assert result.exit_code in (0, 1), result.output
    return result.stdout.split()


# Query -> the documents it must find, in order where the order is meaningful.
CASES = [
    # normalization: harakat, alef maksura, presentation forms, hamza, teh marbuta
    ("الكاظمي", ["kad1"]),
    ("الكَاظِمي", ["kad1"]),
    ("الكاظمى", ["kad1"]),
    ("ﺍﻟﻜﺎﻇﻤﻲ", ["kad1"]),
    ("امطار", ["rain"]),
    ("وزاره", ["health", "schools"]),
    ("١٢٠", ["health"]),
    ("120", ["health"]),
    # stemming: article, proclitics, plural
    ("مدارس", ["schools"]),
    ("library", ["eng"]),
    # phrase, boolean, prefix
    ('"وزارة الصحة"', ["health"]),
    ('"الصحة وزارة"', []),
    ("+الصحة +المدارس", ["schools"]),
    ("الصحة -المدارس", ["health"]),
    ("الصحة NOT كورونا", ["schools"]),
    ("مكة OR الرياض", None),  # two documents, order by score
    ("الكاظ*", ["kad1"]),
    ("+(مكة OR الكاظمي) -السيول", ["kad1"]),
    # filters
    ("source:okaz", None),
    ("source:okaz الصحة", ["health"]),
    ("lang:en", ["eng"]),
    ("id:kad", ["kad1"]),
    ("title:مكة", ["rain"]),
    ("title:الصحة", ["health"]),
    ("date:2021-12", None),
    ("date>=2022-01-01", ["health"]),
    ("date<2021-09", ["schools"]),
    ("date:2021-11 OR date:2021-08", None),
    ("-source:okaz -source:sabq", None),
    ("لاشيء", []),
]


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_queries(
    run: Callable[..., Any], news: Path, query: str, expected: list[str] | None
) -> None:
    found = ids(run, news, query)
    if expected is not None:
        assert found == expected
    else:
        assert found


def test_set_queries(run: Callable[..., Any], news: Path) -> None:
    assert sorted(ids(run, news, "مكة OR الرياض")) == ["kad1", "rain"]
    assert sorted(ids(run, news, "source:okaz")) == ["health", "kad1"]
    assert sorted(ids(run, news, "date:2021-12")) == ["eng", "kad1"]
    assert sorted(ids(run, news, "date:2021-11 OR date:2021-08")) == ["rain", "schools"]
    assert sorted(ids(run, news, "-source:okaz -source:sabq")) == ["eng", "schools"]


def test_more_query_words_rank_first(run: Callable[..., Any], news: Path) -> None:
    # "schools" has both words; "health" only one (repeated in the title).
    assert ids(run, news, "وزارة المدارس")[0] == "schools"


def test_exact_switch_does_not_stem(run: Callable[..., Any], news: Path) -> None:
    assert ids(run, news, "مدارس") == ["schools"]
    assert ids(run, news, "مدارس", "--exact") == []
    assert ids(run, news, "المدارس", "--exact") == ["schools"]
    assert ids(run, news, "المدارس", "--exact") == ["schools"]
    assert ids(run, news, "الكَاظِمي", "--exact") == ["kad1"]


def test_exit_codes(run: Callable[..., Any], news: Path) -> None:
    assert search(run, news, "الكاظمي").exit_code == 0
    assert search(run, news, "لاشيء").exit_code == 1
    # Pasted text is read leniently: found (0) or not (1), never an error.
    assert search(run, news, "(الكاظمي").exit_code == 0
    assert search(run, news, "(لاشيء").exit_code == 1
    assert search(run, news, "--strict", "(الكاظمي").exit_code == 2


def test_error_caret(run: Callable[..., Any], news: Path) -> None:
    result = search(run, news, "--strict", 'مكة "الرياض')
    assert result.exit_code == 2
    lines = result.stderr.splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    assert lines[0].startswith("seeds: error:")
    assert "unclosed quotation mark" in lines[0]
    query_line, caret_line = lines[1], lines[2]
    assert query_line.strip() == 'مكة "الرياض'
    assert caret_line.index("^") == query_line.index('"')


def test_json_output_offsets_map_back(run: Callable[..., Any], news: Path) -> None:
    result = search(run, news, "الكاظمي الرياض", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["query"] == "الكاظمي الرياض"
    assert data["total"] >= 1
    top = data["results"][0]
    assert top["id"] == "kad1" and top["rank"] == 1
    assert {"id", "score", "title", "passages"} <= top.keys()
    text = (news / "kad1.txt").read_text("utf-8")
    marked = []
    for passage in top["passages"]:
        assert text[passage["start"] : passage["end"]] == passage["text"]
        for start, end in passage["highlights"]:
            assert passage["start"] <= start < end <= passage["end"]
            marked.append(text[start:end])
    # The original spelling, harakat included, is what gets highlighted.
    assert "الكَاظِمي" in marked and "الرياض" in marked


def test_jsonl_ids_trec_plain(run: Callable[..., Any], news: Path) -> None:
    jsonl = search(run, news, "وزارة", "--format", "jsonl").output.splitlines()
    assert [json.loads(x)["id"] for x in jsonl] == ["health", "schools"]
    trec = search(run, news, "وزارة", "--format", "trec").output.splitlines()
    assert trec[0].split()[:4] == ["1", "Q0", "health", "1"]
    assert trec[0].split()[5] == "seeds"
    plain = search(run, news, "وزارة", "--format", "plain").output.splitlines()
    assert plain[0].split("\t")[:2] == ["1", "health"]
    assert any(line.startswith("    ") for line in plain)


def test_limit_offset(run: Callable[..., Any], news: Path) -> None:
    everything = ids(run, news, "source:okaz OR source:spa")
    assert len(everything) == 4
    assert ids(run, news, "source:okaz OR source:spa", "--limit", "2") == everything[:2]
    assert ids(run, news, "source:okaz OR source:spa", "--offset", "2") == everything[2:]


def test_explain(run: Callable[..., Any], news: Path) -> None:
    data = json.loads(search(run, news, "الكاظمي مكة", "--format", "json", "--explain").output)
    stems = [t["analyzed"] for t in data["terms"] if t["kind"] == "term"]
    assert stems == [["كاظم"], ["مكه"]]
    surface = [t["analyzed"] for t in data["terms"] if t["kind"] == "exact form"]
    assert surface == [["الكاظمي"], ["مكه"]]
    top = data["results"][0]
    parts = top["explain"]["terms"]
    assert {p["term"] for p in parts if p["kind"] == "term"} == {"الكاظمي", "مكة"}
    assert "coord" not in top["explain"]  # no coordination factor: it was always 1
    assert "lead" not in top["explain"]  # no lead-coverage factor: it was switched off
    total = sum(p["score"] for p in parts) * top["explain"]["proximity"]
    assert total == pytest.approx(top["score"], abs=1e-3)
    plain = search(run, news, "الكاظمي", "--explain", "--format", "plain").output
    assert "كاظم" in plain


def test_kwic(run: Callable[..., Any], news: Path) -> None:
    out = search(run, news, "المدارس", "--kwic", "--format", "plain", "--context", "2").output
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) == 2
    assert all(parts[0] == "schools" and parts[2] == "المدارس" for parts in lines)
    assert lines[0][1] == "الطلاب إلى"
    data = json.loads(search(run, news, "المدارس", "--kwic", "--format", "json").output)
    text = (news / "schools.txt").read_text("utf-8")
    for line in data["lines"]:
        assert text[line["start"] : line["end"]] == line["keyword"]
    by_after = search(run, news, "المدارس", "--kwic", "--format", "plain", "--kwic-sort", "after")
    afters = [line.split("\t")[3] for line in by_after.output.splitlines()]
    assert afters == sorted(afters)


def test_table_output_on_terminal(run: Callable[..., Any], news: Path) -> None:
    result = search(run, news, "الكاظمي", "--format", "table")
    assert result.exit_code == 0
    assert "kad1" in result.output
    kwic = search(run, news, "الكاظمي", "--format", "table", "--kwic")
    assert kwic.exit_code == 0 and "kad1" in kwic.output


def test_batch(run: Callable[..., Any], news: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("الكاظمي\n\nلاشيء\nمكة OR الرياض\n", "utf-8")
    out = search(run, news, "--batch", str(queries), "--format", "jsonl")
    assert out.exit_code == 0
    rows = [json.loads(x) for x in out.output.splitlines()]
    # One line per input line, the blank one too.
    assert [r["query"] for r in rows] == ["الكاظمي", "", "لاشيء", "مكة OR الرياض"]
    assert rows[0]["results"][0]["id"] == "kad1"
    assert set(rows[0]["results"][0]) == {"id", "score"}
    assert rows[1]["results"] == rows[2]["results"] == []
    trec = search(run, news, "--batch", str(queries), "--format", "trec").output.splitlines()
    assert {line.split()[0] for line in trec} == {"1", "4"}  # qid = the line number
    assert all(line.split()[1] == "Q0" and line.split()[5] == "seeds" for line in trec)
    empty = tmp_path / "none.txt"
    empty.write_text("لاشيء\n", "utf-8")
    assert search(run, news, "--batch", str(empty), "--format", "jsonl").exit_code == 1
    bad = tmp_path / "bad.txt"
    bad.write_text("مكة\n(مكة\n", "utf-8")
    assert search(run, news, "--batch", str(bad), "--format", "jsonl").exit_code == 0
    strict = search(run, news, "--strict", "--batch", str(bad), "--format", "jsonl")
    assert strict.exit_code == 2
    assert [json.loads(x).get("error", "") != "" for x in strict.stdout.splitlines()] == [
        False,
        True,
    ]


def test_query_or_batch_required(run: Callable[..., Any], news: Path) -> None:
    assert search(run, news).exit_code == 2


def test_index_follows_corpus_changes(run: Callable[..., Any], news: Path) -> None:
    assert ids(run, news, "الأودية") == ["rain"]
    path = news / "rain.txt"
    path.write_text("لا شيء هنا عن الطقس", "utf-8")
    stamp = time.time() + 5
    os.utime(path, (stamp, stamp))
    assert ids(run, news, "الأودية") == []  # never a stale result: the index is rebuilt
    assert ids(run, news, "الطقس") == ["rain"]


def test_index_command(run: Callable[..., Any], news: Path) -> None:
    status = run("--corpus", str(news), "index", "--status")
    assert status.exit_code == 1
    built = run("--corpus", str(news), "index")
    assert built.exit_code == 0 and "5 documents" in built.output
    assert (news / ".seeds-index" / "index.sqlite").is_file()
    assert run("--corpus", str(news), "index", "--status").exit_code == 0
    assert run("--corpus", str(news), "index", "--rebuild").exit_code == 0


def test_read_only_corpus_uses_cache_dir(
    run: Callable[..., Any], news: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    found = run(
        "--corpus",
        str(news),
        "search",
        "مكة",
        "--format",
        "ids",
        env={"SEEDS_INDEX_DIR": str(cache)},
    )
    assert found.output.split() == ["rain"]
    assert list(cache.rglob("index.sqlite"))
    assert not (news / ".seeds-index").exists()


def test_verb_prefix_variants(run: Callable[..., Any], make_corpus: Callable[..., Path]) -> None:
    corpus = make_corpus(
        [
            {"id": "v1", "text": "استأنف الفريق تدريباته أمس."},
            {"id": "v2", "text": "أعلن الوزير خطة جديدة."},
            {"id": "v3", "text": "الطقس حار اليوم."},
        ],
        name="verbs",
    )
    assert ids(run, corpus, "يستأنف") == ["v1"]
    assert ids(run, corpus, "يعلن") == ["v2"]
    assert ids(run, corpus, "يستأنف", "--exact") == []
