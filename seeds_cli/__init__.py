"""seeds: catalogue, read and search a corpus of Arabic (and other) news texts from a terminal."""

from __future__ import annotations

__version__ = "0.1.0"
