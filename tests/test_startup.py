"""What a command imports and builds before its first byte of output: the piped, one-off
commands load only what their output needs (no timing here, only which modules load)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SAMPLE_DOCS, write_corpus

# Run in a fresh process, output piped: which of these modules did the command import?
PROBE = """
import json, sys
from seeds_cli.cli.main import main
watched = json.loads(sys.argv[1])
try:
    main(sys.argv[2:])
except SystemExit:
    pass
report = {"loaded": sorted(m for m in watched if m in sys.modules)}
sys.stderr.write("PROBE " + json.dumps(report) + "\\n")
"""

WATCHED = [
    "rich",
    "seeds_cli.cli.complete",  # shell completion: only when Tab is pressed
    "seeds_cli.catalogue.catalogue",
    "seeds_cli.index.builder",
    "seeds_cli.render.output",
    "heapq",
    "numpy",  # ranking a few postings is faster in plain Python than numpy's import
]


def probe(*args: str, index_dir: Path) -> dict:
    """Run ``seeds ARGS`` in ``index_dir``, which holds the corpus as seeds/ (found as most
    users' is: not given with --corpus, whose folder goes through pathlib)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEEDS_", "FORCE_COLOR"))}
    env["SEEDS_INDEX_DIR"] = str(index_dir)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(WATCHED), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=index_dir,
        timeout=60,
        check=False,
    )
    line = next(x for x in done.stderr.splitlines() if x.startswith("PROBE "))
    return json.loads(line[len("PROBE ") :])


def test_piped_commands_import_no_rich_or_completion(tmp_path: Path) -> None:
    write_corpus(tmp_path / "seeds", SAMPLE_DOCS)
    probe("index", index_dir=tmp_path)  # building the index may take what it needs
    for args in (["search", "الكتاب"], ["list"], ["show", "a1"], ["stats"]):
        loaded = probe(*args, index_dir=tmp_path)["loaded"]
        for module in ("rich", "seeds_cli.cli.complete"):
            assert module not in loaded, (args, module)


def test_search_of_a_fresh_index_loads_no_catalogue(tmp_path: Path) -> None:
    write_corpus(tmp_path / "seeds", SAMPLE_DOCS)
    probe("index", index_dir=tmp_path)
    assert probe("search", "غائب", index_dir=tmp_path)["loaded"] == []
    found = probe("search", "الكتاب", index_dir=tmp_path)["loaded"]
    assert "seeds_cli.index.builder" not in found
    assert "seeds_cli.catalogue.catalogue" not in found  # the text is read directly
    assert "numpy" not in found


def test_generated_stopwords_are_current() -> None:
    """_stopword_terms.py is what the lists in stopwords.py analyze to now; regenerate it with
    seeds_cli.analysis.stopwords.write_generated_module()."""
    from seeds_cli.analysis import stopwords

    assert stopwords.analyzed_stopwords() == (stopwords.ARABIC, stopwords.ENGLISH)
    source = Path(stopwords.__file__).with_name("_stopword_terms.py").read_text("utf-8")
    assert source == stopwords.generated_module()
