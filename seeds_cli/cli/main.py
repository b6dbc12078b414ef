"""The ``seeds`` entry point: global options, lazily loaded commands, and error handling.

Commands live in their own modules and are imported only when invoked, so ``seeds list`` does not
pay for importing the search engine or rich.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from typing import Any

import click

from seeds_cli import __version__
from seeds_cli.cli.options import completion
from seeds_cli.cli.state import AppState, parse_size

# command name -> "module:attribute", imported on first use
COMMANDS: dict[str, str] = {
    "browse": "seeds_cli.cli.browse_cmd:browse_command",
    "list": "seeds_cli.cli.list_cmd:list_command",
    "show": "seeds_cli.cli.show_cmd:show_command",
    "check": "seeds_cli.cli.check_cmd:check_command",
    "import": "seeds_cli.cli.import_cmd:import_command",
    "init": "seeds_cli.cli.init_cmd:init_command",
    "export": "seeds_cli.cli.export_cmd:export_command",
    "completion": "seeds_cli.cli.completion_cmd:completion_command",
    "stats": "seeds_cli.cli.stats_cmd:stats_command",
    "search": "seeds_cli.cli.search_cmd:search_command",
    "index": "seeds_cli.cli.index_cmd:index_command",
    "similar": "seeds_cli.cli.similar_cmd:similar_command",
    "dupes": "seeds_cli.cli.dupes_cmd:dupes_command",
}

HELP = """Catalogue, read and search a corpus of Arabic (and other) news texts.

The corpus is the folder given by --corpus, else $SEEDS_CORPUS, else the nearest seeds/INDEX.md
from here upward, else the corpus bundled with seeds.

\b
Examples:
  seeds list
  seeds --corpus ~/news list --source okaz --since 2015-08-01
  seeds check
"""


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when run or listed, and whose errors end as
    one line on stderr with a documented exit status (also under click's test runner)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """As click's, but a usage error is one line too: what is wrong, and where to look."""
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx else "seeds"
            _error(f"{exc.format_message()} — see '{path} --help'")
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            _error(exc.format_message())
            sys.exit(exc.exit_code)
        except (click.exceptions.Abort, KeyboardInterrupt):
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(_quiet_broken_pipe())
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        from seeds_cli.errors import SeedsError

        debug = bool(getattr(ctx.obj, "debug", False)) or "--debug" in sys.argv[1:]
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except SeedsError as exc:
            if debug:
                raise
            report_error(exc)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(_quiet_broken_pipe())
        except OSError as exc:
            if debug:
                raise
            _error(f"{exc.filename or 'I/O'}: {exc.strerror or exc}")
            ctx.exit(2)
        except Exception as exc:  # a bug: still one line; the traceback is behind --debug
            if debug:
                raise
            _error(
                f"internal error: {type(exc).__name__}: {exc} — rerun with --debug and report it"
            )
            ctx.exit(2)


@click.group(cls=LazyGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="seeds")
@click.option(
    "--corpus",
    metavar="DIR",
    envvar="SEEDS_CORPUS",
    shell_complete=completion("complete_dirs"),
    help="Corpus folder (holding INDEX.md). Default: $SEEDS_CORPUS, nearest seeds/, bundled.",
)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour output; NO_COLOR and FORCE_COLOR are honoured in auto.",
)
@click.option(
    "--max-file-size",
    metavar="SIZE",
    default="64M",
    show_default=True,
    help="Refuse corpus files larger than this (bytes, or with K/M/G).",
)
@click.option(
    "--bidi",
    type=click.Choice(["auto", "visual", "logical"]),
    envvar="SEEDS_BIDI",
    default="auto",
    show_default=True,
    help="Right-to-left display: visual (seeds reorders), logical (the terminal does). Also $SEEDS_BIDI.",
)
@click.option(
    "--index-dir",
    metavar="DIR",
    envvar="SEEDS_INDEX_DIR",
    help="Keep search indexes here (default: CORPUS/.seeds-index when writable, else the "
    "user cache folder). Also $SEEDS_INDEX_DIR.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.pass_context
def cli(
    ctx: click.Context,
    corpus: str | None,
    color: str,
    max_file_size: str,
    bidi: str,
    index_dir: str | None,
    debug: bool,
) -> None:
    ctx.obj = AppState(
        corpus=corpus,
        color=color,
        max_file_size=parse_size(max_file_size),
        bidi=bidi,
        debug=debug,
        index_dir=index_dir or None,
    )


def main(argv: list[str] | None = None) -> None:
    """Run the CLI as the ``seeds`` console script."""
    _tolerate_narrow_encodings()
    try:
        cli.main(args=argv, prog_name="seeds")
    except KeyboardInterrupt:  # before or after a command ran
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(_quiet_broken_pipe())


def _tolerate_narrow_encodings() -> None:
    """On a non-UTF-8 stdout (PYTHONIOENCODING=ascii, a strict C locale), characters it cannot
    encode are written as visible ``\\uXXXX`` escapes instead of failing the command."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, LookupError, ValueError, OSError):
            encoding = getattr(stream, "encoding", None)
            if encoding and codecs.lookup(encoding).name != "utf-8":
                stream.reconfigure(errors="backslashreplace")


def report_error(exc: Exception) -> None:
    """Print a SeedsError as one line; a query error also shows the query with a caret under it."""
    from seeds_cli.errors import QueryError, SeedsError

    message = exc.one_line() if isinstance(exc, SeedsError) else str(exc)
    if isinstance(exc, QueryError):
        from seeds_cli.render.safe import clean_inline

        query = clean_inline(exc.query)
        start = max(0, min(exc.position - 30, len(query) - 60))
        shown = query[start : start + 80]
        _error(f"query position {exc.position + 1}: {message}")
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"  {shown}\n  {' ' * (exc.position - start)}^\n")
        return
    _error(message)


def _error(message: str) -> None:
    from seeds_cli.render.safe import clean_inline

    try:
        sys.stderr.write(f"seeds: error: {clean_inline(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _quiet_broken_pipe() -> int:
    # The reader went away (``| head``): point stdout at /dev/null so the final flush is silent.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 0
