"""Every command that draws right-to-left text on a terminal makes the same bidi decision as
``seeds show``: visual only for a terminal, VTE switched to explicit mode around it."""

from __future__ import annotations

from pathlib import Path

import pytest

PRESENTATION_FORMS = {chr(c) for c in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]}


def _shaped(text: str) -> bool:
    return any(c in PRESENTATION_FORMS for c in text)


@pytest.mark.parametrize("command", [["list", "--format", "table"], ["stats", "--format", "table"]])
def test_a_pipe_never_gets_presentation_forms(run, corpus: Path, command: list[str]) -> None:
    # --color always makes rich treat the pipe as a terminal; the bidi decision must not.
    result = run("--corpus", str(corpus), "--color", "always", *command)
    assert result.exit_code == 0, result.output
    assert "سيارات جديدة" in result.output or "الكتاب" in result.output
    assert not _shaped(result.output)


@pytest.mark.parametrize("command", [["list", "--format", "table"], ["stats", "--format", "table"]])
def test_vte_is_switched_to_explicit_mode_around_visual_output(
    run, corpus: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import seeds_cli.render.console as console

    monkeypatch.setattr(console, "stream_is_terminal", lambda stream=None: True)
    result = run("--corpus", str(corpus), *command, env={"VTE_VERSION": "7600"})
    assert result.exit_code == 0, result.output
    assert _shaped(result.output)
    assert result.stdout.startswith("\x1b[8l")
    assert result.stdout.endswith("\x1b[8h")
