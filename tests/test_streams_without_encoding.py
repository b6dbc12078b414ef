"""``main`` copes with standard streams that name no encoding (an embedding program's
StringIO, some IDE consoles): it must not crash before the command runs."""

from __future__ import annotations

import contextlib
import io

import pytest

from seeds_cli.cli.main import main


def test_main_with_a_stdout_that_has_no_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    with contextlib.suppress(SystemExit):
        main(["--version"])
    assert out.getvalue().startswith("seeds")
