"""Fuzz the parsers, the analyzer and the renderers with generated and mutated inputs.

    python bench/fuzz.py --count 100000            # a fixed number of cases
    python bench/fuzz.py --seconds 600             # as many cases as fit in ten minutes
    python bench/fuzz.py --count 100000 --results  # also rewrite the Fuzzing section of RESULTS.md

Each case picks a target, then an input: generated from scratch (random code points, with a bias
towards controls, bidi marks, brackets and Arabic), or a seed (the bundled article, its INDEX.md,
sample queries) mutated by byte or character flips, insertions, deletions, duplications and
splices. A crash is any exception other than the project's own error types, or a broken
invariant: analyzer offsets outside the text, a control character in rendered output, a word lost
by rendering. Crashing inputs are saved under bench/_work/fuzz-crashes/ to replay.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import random
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from seeds_cli.catalogue.files import FileProblem, decode_text  # noqa: E402
from seeds_cli.catalogue.indexmd import parse_index  # noqa: E402
from seeds_cli.catalogue.safe_yaml import YamlProblem, load_mapping  # noqa: E402
from seeds_cli.errors import SeedsError  # noqa: E402

EXPECTED = (SeedsError, FileProblem, YamlProblem)
ACTIVE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
WORD = re.compile(r"\w+")
NASTY = (
    "\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\x9c\xa0\u200b\u200c\u200d\u200e\u200f\u2028"
    "\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\ufffd\ud800\udfff"
    "[]{}()<>:*\"'\\/#-_.,;!?&|=%@`~^$+ "
)
ARABIC = "ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإؤئةىًٌٍَُِّْـ٠١٢٣٤٥٦٧٨٩،؛؟"
TOKENS = [
    "---",
    "## ",
    "- file: ",
    "- date: ",
    "title: ",
    "&a ",
    "*a",
    "!!python/object:os.system",
    "2020-13-45",
    "\x1b[31m",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;http://x\x1b\\",
    "[bold]",
    "[/]",
    "[link=file:///etc/passwd]",
    "title:",
    "date:2021-02-30",
    "source:",
    " OR ",
    " AND ",
    " NOT ",
    "(",
    ")",
    '"',
    "*",
    "../",
    "\r\n",
    "\r",
    "\n\n",
]


class Crash(Exception):
    """A broken invariant (as opposed to an unexpected exception)."""


# --- seeds and input generation -----------------------------------------------------------


def load_seeds() -> dict[str, list[str]]:
    corpus = REPO / "seeds"
    index = (corpus / "INDEX.md").read_text("utf-8")
    article = next(p for p in sorted(corpus.glob("*.txt"))).read_text("utf-8")
    paragraphs = [p for p in article.split("\n") if p.strip()]
    return {
        "index": [index, index.replace("\n", "\r\n"), index.split("## ")[0]],
        "yaml": ["title: T\nlang: ar\ndescription: >-\n  folded\n", "a: [1, 2]\nb: {c: d}\n"],
        "query": [
            "التحالف الدولي",
            '"القوات العراقية" OR داعش',
            "title:العراق date:2021-12 -مستشارين",
            "(a OR b) AND NOT c*",
            "source:إيلاف lang:ar",
        ],
        "text": [article, *paragraphs[:5]],
    }


def random_text(rng: random.Random, size: int) -> str:
    out = []
    for _ in range(size):
        roll = rng.random()
        if roll < 0.25:
            out.append(rng.choice(NASTY))
        elif roll < 0.5:
            out.append(rng.choice(ARABIC))
        elif roll < 0.6:
            out.append(rng.choice(TOKENS))
        elif roll < 0.8:
            out.append(chr(rng.randrange(0x20, 0x7F)))
        else:
            out.append(chr(rng.randrange(0, 0x110000)))
    return "".join(out)


def mutate(rng: random.Random, text: str, pool: list[str]) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        at = rng.randrange(len(chars) + 1)
        if op == 0 and chars:  # flip
            chars[min(at, len(chars) - 1)] = random_text(rng, 1)
        elif op == 1:  # insert
            chars[at:at] = list(random_text(rng, rng.randint(1, 10)))
        elif op == 2 and chars:  # delete
            del chars[at : at + rng.randint(1, 20)]
        elif op == 3 and chars:  # duplicate a slice
            end = min(len(chars), at + rng.randint(1, 200))
            chars[at:at] = chars[at:end] * rng.randint(1, 4)
        elif op == 4:  # splice another seed
            other = rng.choice(pool)
            start = rng.randrange(len(other) + 1)
            chars[at:at] = list(other[start : start + rng.randint(1, 300)])
        elif op == 5:  # a hostile token
            chars[at:at] = list(rng.choice(TOKENS))
        else:  # truncate
            del chars[at:]
    return "".join(chars)


def make_input(rng: random.Random, pool: list[str], limit: int) -> str:
    if rng.random() < 0.3:
        return random_text(rng, rng.randint(0, min(limit, 400)))
    return mutate(rng, rng.choice(pool), pool)[:limit]


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(buf) + 1)
        op = rng.randrange(4)
        if op == 0 and buf:
            buf[min(at, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[at:at] = rng.choice(
                [
                    b"\xff",
                    b"\xfe\xff",
                    b"\xef\xbb\xbf",
                    b"\xc3",
                    b"\xed\xa0\x80",
                    b"\x00",
                    b"\xf4\x90",
                ]
            )
        elif op == 2 and buf:
            del buf[at : at + rng.randint(1, 8)]
        else:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(buf)


# --- targets ------------------------------------------------------------------------------


def target_index(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    text = make_input(rng, seeds["index"], 20000)
    parsed = parse_index(text)
    for problem in parsed.problems:
        if problem.line is not None and problem.line < 1:
            raise Crash(f"problem line {problem.line}")
    return text


def target_yaml(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    text = make_input(rng, seeds["yaml"] + seeds["index"], 3000)
    try:
        data = load_mapping(text)
    except YamlProblem as exc:
        if exc.line < 1:
            raise Crash(f"YAML problem line {exc.line}") from None
    else:
        if not isinstance(data, dict):
            raise Crash("not a mapping")
    return text


def target_decode(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    data = mutate_bytes(rng, rng.choice(seeds["text"]).encode("utf-8")[: rng.randint(0, 3000)])
    try:
        text = decode_text(data)
    except FileProblem as exc:
        match = re.search(r"byte (\d+) is 0x([0-9a-f]{2})", exc.message)
        if match and data[int(match.group(1))] != int(match.group(2), 16):
            raise Crash(f"wrong byte reported: {exc.message}") from None
    else:
        if text.encode("utf-8") not in (data, data[3:]):
            raise Crash("decoding changed the text")
    return data


def target_query(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    from seeds_cli.errors import QueryError
    from seeds_cli.index.query import parse_query

    query = make_input(rng, seeds["query"], 500)
    try:
        parse_query(query)
    except QueryError as exc:
        if not 0 <= exc.position <= len(query):
            raise Crash(f"query error position {exc.position} outside the query") from None
    return query


def target_analyzer(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    from seeds_cli.analysis.analyzer import analyze

    text = make_input(rng, seeds["text"], 5000)
    lang = rng.choice(["ar", "en", "fr", "", "und"])
    last = -1
    for term, start, end, position in analyze(text, lang, stem=rng.random() < 0.8):
        if not (0 <= start < end <= len(text)) or not term or position <= last:
            raise Crash(f"bad term {(term, start, end, position)} for text of {len(text)}")
        last = position
    return text


def target_clean(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    from seeds_cli.render.safe import clean_block, clean_block_mapped, clean_inline

    text = make_input(rng, seeds["text"] + seeds["index"], 3000)
    inline, block = clean_inline(text), clean_block(text)
    if ACTIVE.search(inline) or "\n" in inline or ACTIVE.search(block.replace("\n", "")):
        raise Crash("control character left by cleaning")
    mapped, where = clean_block_mapped(text)
    if mapped != block or len(where) != len(mapped) + 1 or where[-1] != len(text):
        raise Crash("clean_block_mapped disagrees with clean_block")
    return text


def target_render(rng: random.Random, seeds: dict[str, list[str]]) -> object:
    from seeds_cli.render.article import render_article, render_article_plain
    from seeds_cli.render.bidi.layout import display_inline
    from seeds_cli.render.safe import clean_block

    text = make_input(rng, seeds["text"], 3000)
    title = make_input(rng, seeds["query"], 200)
    meta = {"id": "x", "title": title, "source": title[::-1], "date": "2021-12-29"}
    mode = rng.choice(["logical", "visual"])
    lines = render_article(meta, text, width=rng.randint(1, 160), mode=mode)
    shown = "\n".join(line.plain for line in lines)
    if ACTIVE.search(shown.replace("\n", "")):
        raise Crash("control character in the article view")
    plain = render_article_plain(meta, text)
    it = iter(WORD.findall(plain))
    if not all(any(w == h for h in it) for w in WORD.findall(clean_block(text))):
        raise Crash("a word was lost by render_article_plain")
    if ACTIVE.search(display_inline(title, mode, max_cells=rng.randint(0, 100))):
        raise Crash("control character in display_inline")
    return {"meta": meta, "text": text, "mode": mode}


TARGETS: dict[str, Callable[[random.Random, dict[str, list[str]]], object]] = {
    "indexmd": target_index,
    "yaml": target_yaml,
    "decode": target_decode,
    "query": target_query,
    "analyzer": target_analyzer,
    "clean": target_clean,
    "render": target_render,
}


# --- the run ------------------------------------------------------------------------------


def run(count: int | None, seconds: float | None, seed: int, only: list[str]) -> dict:
    seeds = load_seeds()
    names = only or list(TARGETS)
    available = []
    for name in names:
        try:
            TARGETS[name](random.Random(0), seeds)
            available.append(name)
        except ImportError as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
        except Exception:
            available.append(name)
    cases: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    kinds: set[str] = set()
    out = HERE / "_work" / "fuzz-crashes"
    start = time.monotonic()
    rng = random.Random(seed)
    n = 0
    while (count is None or n < count) and (seconds is None or time.monotonic() - start < seconds):
        name = available[n % len(available)]
        case_seed = rng.getrandbits(64)
        n += 1
        cases[name] += 1
        try:
            TARGETS[name](random.Random(case_seed), seeds)
        except EXPECTED:
            continue
        except Exception as exc:
            crashes[name] += 1
            detail = re.sub(r"\d+|'\\[ux][0-9a-f]+'", "N", str(exc))[:120]
            kind = f"{name}: {type(exc).__name__}: {detail}"
            if kind not in kinds:
                kinds.add(kind)
                print(f"CRASH {kind} (replay: --only {name} --seed-case {case_seed})")
                out.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha1(kind.encode()).hexdigest()[:12]
                (out / f"{name}-{digest}.txt").write_text(
                    f"case seed {case_seed}\n\n{traceback.format_exc()}", "utf-8"
                )
        if n % 10000 == 0:
            print(f"{n:,} cases, {sum(crashes.values())} crashes, {time.monotonic() - start:.0f}s")
    return {
        "cases": n,
        "crashes": sum(crashes.values()),
        "by_target": {k: (cases[k], crashes[k]) for k in available},
        "kinds": sorted(kinds),
        "seconds": time.monotonic() - start,
        "seed": seed,
    }


def replay(name: str, case_seed: int) -> None:
    TARGETS[name](random.Random(case_seed), load_seeds())
    print("no crash")


def write_results(summary: dict, count: int | None, seconds: float | None) -> None:
    path = HERE / "RESULTS.md"
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n"
    budget = f"--count {count}" if count else f"--seconds {seconds:g}"
    rows = "\n".join(
        f"| {name} | {cases:,} | {crashes} |"
        for name, (cases, crashes) in summary["by_target"].items()
    )
    section = (
        "## Fuzzing\n\n"
        f"`python bench/fuzz.py {budget} --seed {summary['seed']}` on "
        f"{_dt.date.today().isoformat()}, Python {sys.version.split()[0]}: "
        f"**{summary['cases']:,} cases, {summary['crashes']} crashes** "
        f"in {summary['seconds']:.0f} s.\n\n"
        "Inputs are generated (random code points biased towards controls, bidi marks, brackets,\n"
        "Arabic and hostile tokens) or mutated from the bundled article, its INDEX.md and sample\n"
        "queries. A crash is an exception other than the project's own error types, or a broken\n"
        "invariant (analyzer offsets outside the text, a control character in rendered output, a\n"
        "word lost by rendering, a wrong byte offset in a decoding error).\n\n"
        "| target | cases | crashes |\n|---|---:|---:|\n" + rows + "\n"
    )
    if summary["kinds"]:
        section += "\nDistinct crashes:\n\n" + "".join(f"- `{k}`\n" for k in summary["kinds"])
    # The section ends at the next heading or at another section's marker comment.
    pattern = re.compile(r"^## Fuzzing\n.*?(?=^## |^<!-- |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, help="number of cases (default 100000)")
    parser.add_argument("--seconds", type=float, help="run for this long instead")
    parser.add_argument("--seed", type=int, default=6, help="random seed (default 6)")
    parser.add_argument("--only", action="append", choices=list(TARGETS), default=[])
    parser.add_argument("--seed-case", type=int, help="replay one case of --only TARGET")
    parser.add_argument("--results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if args.seed_case is not None:
        replay(args.only[0], args.seed_case)
        return 0
    count = args.count if args.count or args.seconds else 100_000
    summary = run(count, args.seconds, args.seed, args.only)
    for name, (cases, crashes) in summary["by_target"].items():
        print(f"{name:10} {cases:>9,} cases {crashes:>6} crashes")
    print(f"total {summary['cases']:,} cases, {summary['crashes']} crashes")
    if args.results:
        write_results(summary, count if not args.seconds else None, args.seconds)
    return 1 if summary["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
