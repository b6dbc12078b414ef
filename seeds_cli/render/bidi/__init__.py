"""Right-to-left text on terminals: the one package that does bidi for every command.

Two ways to show Arabic on a terminal:

* ``logical``: send the text in logical (reading) order and let the terminal reorder and shape
  it.  Right for terminals that implement bidi (mlterm, Konsole, Apple Terminal, VTE in its
  default implicit mode) and the only choice for pipes and files.
* ``visual``: the terminal draws cells left to right as given, so we do its work: shape the
  Arabic into presentation forms (arabic-reshaper), wrap in logical order measuring cells, then
  reorder each line on its own (Unicode bidi algorithm, rules W1–N2, I1–I2, L1–L4) so the first
  line holds the start of the paragraph, and right-align right-to-left paragraphs.

The steps, in the order output goes through them, each a module to import from:
:mod:`.terminal` (which mode, VTE's explicit mode, mlterm's cells), :mod:`.shaping`
(presentation forms with an index map), :mod:`.algorithm` (the reordering of one line) and
:mod:`.layout` (wrapping a paragraph into display lines).  This file imports none of them, so
a command that only needs the mode decision loads only :mod:`.terminal`.
"""
