"""The ``seeds`` console script: start a search's freshness check, then run the CLI.

A search must check every listed file before it shows a result (one ``stat`` each: tens of
milliseconds on a large corpus). That check needs only the corpus folder and the index, so it
is started here, before click and the commands are imported, and runs in a child process
while they load; the search adopts it (``index.location.find_index``). Only a plain
``seeds [global options] search ...`` call is recognised; anything else, or anything
unexpected on the way, leaves the whole check to the search itself.
"""

from __future__ import annotations

import os
import sys

# The global options that take a value (see cli.main); --debug is the only flag.
_VALUED = frozenset({"--corpus", "--color", "--max-file-size", "--bidi", "--index-dir"})


def search_globals(argv: list[str]) -> tuple[str | None, str | None] | None:
    """(--corpus, --index-dir) of a ``seeds ... search`` command line, or None for any other."""
    if "-h" in argv or "--help" in argv or "--" in argv:
        return None
    values: dict[str, str] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--debug":
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name in _VALUED:
            if not eq:
                if i + 1 >= len(argv):
                    return None
                value = argv[i + 1]
                i += 1
            values[name] = value
            i += 1
            continue
        return (values.get("--corpus"), values.get("--index-dir")) if arg == "search" else None
    return None


def start_search_check(argv: list[str]) -> None:
    """Start the freshness check of the index a ``seeds search`` in ``argv`` will read."""
    found = search_globals(argv)
    if found is None or not sys.platform.startswith("linux"):
        return
    corpus, index_dir = found
    try:
        from seeds_cli.catalogue.locate import corpus_folder
        from seeds_cli.index.location import start_early

        if index_dir:  # as cli.main sets it for the index layer
            os.environ["SEEDS_INDEX_DIR"] = os.path.abspath(index_dir)
        start_early(corpus_folder(corpus))
    except Exception:  # the search itself will meet it, and report it
        return


def main() -> None:
    """Run ``seeds`` (the console script and ``python -m seeds_cli``)."""
    start_search_check(sys.argv[1:])
    from seeds_cli.cli.main import main as run

    run()
