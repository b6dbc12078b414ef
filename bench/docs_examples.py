"""Run the examples of README.md and docs/*.md that need SaudiNewsNet, and check what they print.

The test suite runs every other example over the bundled corpus (tests/test_docs_examples.py);
the blocks marked ``<!-- docs-test: saudinewsnet -->`` are run here, by hand, each in a fresh
folder holding the 18 daily JSON files of SaudiNewsNet (unzipped once into --work), with HOME
set to that folder so that ``~/snn`` stays inside it.

    python bench/docs_examples.py            # --shared ../shared --work bench/_work/docs-examples

Exit status 0 when every such example prints what its page shows, 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
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
