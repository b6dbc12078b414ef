"""Right-to-left text on terminals: the one package that does bidi for every command.

Two ways to show Arabic on a terminal:

* ``logical``: send the text in logical (reading) order and let the terminal reorder and shape
  it.  Right for terminals that implement bidi (mlterm, Konsole, Apple Terminal, VTE in its
  default implicit mode) and the only choice for pipes and files.
* ``visual``: the terminal draws cells left to right as given, so we do its work: shape the
  Arabic into presentation forms (arabic-reshaper), wrap in logical order measuring cells, then
  reorder each line on its own (Unicode bidi algorithm, rules W1–N2, I1–I2, L1–L4) so the first
  line holds the start of the paragraph, and right-align right-to-left paragraphs.

The steps, in the order output goes through them: :mod:`.terminal` (which mode, and VTE's
explicit mode), :mod:`.shaping` (presentation forms with an index map), :mod:`.algorithm` (the
reordering of one line) and :mod:`.layout` (wrapping a paragraph into display lines).
"""

from seeds_cli.render.bidi.algorithm import base_direction, reorder_line
from seeds_cli.render.bidi.layout import (
    Line,
    display_inline,
    layout_paragraph,
    line_to_plain,
    line_to_text,
)
from seeds_cli.render.bidi.shaping import shape
from seeds_cli.render.bidi.terminal import MODES, BidiDecision, decide_bidi, vte_explicit_mode

__all__ = [
    "MODES",
    "BidiDecision",
    "Line",
    "base_direction",
    "decide_bidi",
    "display_inline",
    "layout_paragraph",
    "line_to_plain",
    "line_to_text",
    "reorder_line",
    "shape",
    "vte_explicit_mode",
]
