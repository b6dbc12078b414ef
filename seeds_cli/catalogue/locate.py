"""Where the corpus is: an explicit folder, $SEEDS_CORPUS, the nearest seeds/INDEX.md, or the bundled one."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from seeds_cli.errors import CorpusError

ENV_VAR = "SEEDS_CORPUS"


def bundled_corpus() -> Path | None:
    """The corpus shipped with the package (installed), or the checkout's ``seeds/`` (editable)."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "bundled", package.parent / "seeds"):
        if (candidate / "INDEX.md").is_file():
            return candidate
    return None


def _as_corpus_dir(value: str | os.PathLike[str], origin: str) -> Path:
    """The corpus folder the user named (a folder, or its INDEX.md), checked."""
    path = Path(value).expanduser()
    if path.name == "INDEX.md" and path.is_file():
        return path.parent
    hint = "give a corpus folder holding INDEX.md"
    if not path.exists():
        raise CorpusError(f"{origin}: {path} does not exist", hint=hint)
    if not path.is_dir():
        raise CorpusError(f"{origin}: {path} is not a folder", hint=hint)
    if not (path / "INDEX.md").exists():
        raise CorpusError(
            f"{origin}: {path} has no INDEX.md",
            hint="create one with 'seeds init DIR', or point at a corpus folder",
        )
    return path


def locate_corpus(
    explicit: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> Path:
    """Resolve the corpus folder in the documented order of precedence."""
    if explicit:
        return _as_corpus_dir(explicit, "--corpus")
    env = os.environ if env is None else env
    if env.get(ENV_VAR):
        return _as_corpus_dir(env[ENV_VAR], ENV_VAR)
    here = (Path.cwd() if cwd is None else Path(cwd)).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds" / "INDEX.md").is_file():
            return folder / "seeds"
    bundled = bundled_corpus()
    if bundled is None:
        raise CorpusError(
            "no corpus found: no seeds/INDEX.md here or above, and no bundled corpus",
            hint="pass --corpus DIR or set SEEDS_CORPUS",
        )
    return bundled


def corpus_folder(
    explicit: str | os.PathLike[str] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> str:
    """:func:`locate_corpus` as a string, for callers that keep paths as strings."""
    return str(locate_corpus(explicit, env=env, cwd=cwd))
