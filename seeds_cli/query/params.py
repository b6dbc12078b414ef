"""The ranking's parameters: their values and what each one does, in one place.

docs/search.md shows :func:`parameter_table` (a test keeps the two the same), and
``--explain`` names them. The values were tuned on the known-item training set and checked on
the development set (bench/RESULTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


def _param(default: float, doc: str) -> float:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True, slots=True)  # hashable: the scoring memo is keyed by it
class Params:
    k1: float = _param(1.2, "term-frequency saturation (field weights scale the pseudo-tf up)")
    idf_power: float = _param(
        0.6, "each word weighs idf^idf_power: below 1, a long query's common words count more"
    )
    b_body: float = _param(0.75, "length normalization of the body")
    b_lead: float = _param(0.5, "length normalization of the lead")
    b_title: float = _param(0.5, "length normalization of the title")
    w_body: float = _param(1.0, "weight of the body (the whole text)")
    w_lead: float = _param(1.5, "weight of the lead: the first 50 words, the first 25 twice")
    w_title: float = _param(2.0, "weight of the title")
    w_exact: float = _param(0.3, "weight of each word's exact (normalized, unstemmed) form")
    w_verb: float = _param(0.3, "weight of each verb-prefix variant of a word's stem")
    w_prep: float = _param(0.03, "weight of each form of a word with ب or ل attached")
    w_phrase_word: float = _param(
        1.0,
        "a phrase among other words (a quoted name in a headline) also counts each of its words at this weight",
    )
    prox: float = _param(0.4, "proximity factor: 1 + prox · Σ idf/distance / Σ idf")
    prox_window: int = _param(8, "proximity: farthest distance counted, in words")
    rerank: int = _param(100, "how many of the best documents proximity re-ranks")
    max_expansions: int = _param(
        64, "a query's prefixes (word*) match their most frequent terms: this many, shared"
    )

    def field_weights(self, name: str) -> tuple[float, float]:
        """``(b, w)`` of a field: body, lead or title."""
        if name == "body":
            return self.b_body, self.w_body
        if name == "lead":
            return self.b_lead, self.w_lead
        if name == "title":
            return self.b_title, self.w_title
        raise ValueError(f"no field {name!r}")


def parameter_table() -> str:
    """The parameters as a Markdown table: name, default value, meaning."""
    rows = ["| parameter | value | meaning |", "|---|---|---|"]
    for f in fields(Params):
        value = f.default
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        rows.append(f"| `{f.name}` | {shown} | {f.metadata['doc']} |")
    return "\n".join(rows) + "\n"
