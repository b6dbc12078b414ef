"""Run the examples of README.md and docs/*.md that need SaudiNewsNet, and check what they print.

The test suite runs every other example over the bundled corpus (tests/test_docs_examples.py);
the blocks marked ``<!-- docs-test: saudinewsnet -->`` are run here, by hand, each in a fresh
folder holding the 18 daily JSON files of SaudiNewsNet (unzipped once into --work), with HOME
set to that folder so that ``~/snn`` stays inside it. A block marked
``<!-- docs-test: saudinewsnet snn -->`` also finds there ``snn``: all of SaudiNewsNet imported
with ``seeds import --dedupe`` (30,124 documents), made once and kept in --work with its index.

    python bench/docs_examples.py            # --shared ../shared --work bench/_work/docs-examples

Exit status 0 when every such example prints what its page shows, 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.docs_examples import all_blocks, check_block, environment  # noqa: E402


def unpack(shared: Path, work: Path) -> list[Path]:
    """The JSON files of SaudiNewsNet, unzipped into ``work/json`` unless already there."""
    zips = sorted((shared / "corpora" / "saudinewsnet").glob("*.zip"))
    if not zips:
        sys.exit(f"docs_examples: no SaudiNewsNet zip files under {shared}/corpora/saudinewsnet")
    out = work / "json"
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                target = out / Path(name).name
                if not target.exists():
                    archive.extract(name, out)
                files.append(target)
    return files


def imported(work: Path, files: list[Path]) -> Path:
    """``work/snn``: SaudiNewsNet imported with --dedupe, made once (atomically, by import)."""
    corpus = work / "snn"
    if not (corpus / "INDEX.md").exists():
        command = [sys.executable, "-m", "seeds_cli", "import", *map(str, files)]
        subprocess.run([*command, "--to", str(corpus), "--dedupe"], check=True, cwd=REPO)
    return corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "_work" / "docs-examples")
    args = parser.parse_args()

    files = unpack(args.shared, args.work)
    blocks = [block for block in all_blocks() if block.kind == "saudinewsnet"]
    failed = 0
    for block in blocks:
        cwd = args.work / "run"
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir()
        for path in files:
            (cwd / path.name).symlink_to(path.resolve())
        if block.directive.split()[1:] == ["snn"]:
            (cwd / "snn").symlink_to(imported(args.work, files).resolve())
        start = time.monotonic()
        problems = check_block(block, cwd, environment(cwd), timeout=None)
        took = time.monotonic() - start
        print(f"{block.name}: {'ok' if not problems else 'FAILED'} ({took:.0f} s)")
        for problem in problems:
            print(problem, end="\n\n")
        failed += bool(problems)
        shutil.rmtree(cwd, ignore_errors=True)
    print(f"{len(blocks) - failed} of {len(blocks)} SaudiNewsNet examples are true")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
