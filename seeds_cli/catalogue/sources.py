"""Names of a corpus's sources: what readers call ``okaz`` (عكاظ), and the sources nearest a name.

A corpus names its sources in INDEX.md's front matter, each source id with one name or a list::

    sources:
      okaz: عكاظ
      aawsat: [الشرق الأوسط, الشرق الاوسط]

``seeds import`` writes the Arabic names of the SaudiNewsNet sources it meets
(:data:`KNOWN_NAMES`); a corpus that names none still gets those names for the ids it has.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

# The 14 sources of SaudiNewsNet, by the ids its records carry, with the names their readers use.
KNOWN_NAMES: dict[str, str] = {
    "3alyoum": "عين اليوم",
    "aawsat": "الشرق الأوسط",
    "aleqtisadiya": "الاقتصادية",
    "aljazirah": "الجزيرة",
    "almadina": "المدينة",
    "alriyadh": "الرياض",
    "alwatan": "الوطن",
    "alweeam": "الوئام",
    "alyaum": "اليوم",
    "arreyadi": "الرياضي",
    "arriyadiyah": "الرياضية",
    "okaz": "عكاظ",
    "sabq": "سبق",
    "was": "واس",  # the Saudi Press Agency
}


def known_names(source_ids: Iterable[str]) -> dict[str, str]:
    """The known names of these source ids (for an import's front matter), in id order."""
    wanted = {s.casefold() for s in source_ids}
    return {sid: name for sid, name in sorted(KNOWN_NAMES.items()) if sid in wanted}


def source_names(root: str | os.PathLike[str], source_ids: Iterable[str]) -> dict[str, list[str]]:
    """Each source id's names: the corpus's own (INDEX.md front matter), else the known ones."""
    declared = _declared_names(root)
    out: dict[str, list[str]] = {}
    for sid in source_ids:
        names = declared.get(sid.casefold())
        if names is None:
            known = KNOWN_NAMES.get(sid.casefold())
            names = [known] if known else []
        out[sid] = names
    return out


def _declared_names(root: str | os.PathLike[str]) -> dict[str, list[str]]:
    """The ``sources`` mapping of INDEX.md's front matter ({} if there is none or it is not
    readable: names only help, they are never needed)."""
    from seeds_cli.catalogue.safe_yaml import YamlProblem, load_mapping

    lines: list[str] = []
    try:
        with open(os.path.join(root, "INDEX.md"), encoding="utf-8-sig", errors="replace") as f:
            if f.readline().strip() != "---":
                return {}
            for line in f:
                if line.strip() in ("---", "..."):
                    break
                lines.append(line)
                if len(lines) > 2000:
                    return {}
            else:
                return {}
        data = load_mapping("".join(lines))
    except (OSError, YamlProblem):
        return {}
    declared = data.get("sources")
    if not isinstance(declared, Mapping):
        return {}
    out: dict[str, list[str]] = {}
    for sid, value in declared.items():
        names = value if isinstance(value, list) else [value]
        out[str(sid).casefold()] = [str(n) for n in names if isinstance(n, (str, int)) and str(n)]
    return out


def _key(text: str) -> str:
    """A name as compared: normalized as words are for search, without spaces and ال."""
    from seeds_cli.analysis import normalize

    key = normalize(text).replace(" ", "").replace("-", "").replace("_", "")
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def resolve_source(value: str, names: Mapping[str, list[str]]) -> str | None:
    """The one source id whose name is ``value`` (``عكاظ`` -> ``okaz``), or whose id is
    ``value`` once normalized (``ايلاف`` -> ``إيلاف``); None if there is not exactly one."""
    key = _key(value)
    found = {sid for sid, given in names.items() if any(_key(n) == key for n in [sid, *given])}
    return found.pop() if len(found) == 1 else None


def nearest_sources(value: str, names: Mapping[str, list[str]], limit: int = 3) -> list[str]:
    """The source ids whose id or name is most like ``value``, best first (none if nothing is
    close): "okaz (عكاظ)" style labels are left to the caller."""
    from difflib import SequenceMatcher

    key = _key(value)
    scored = []
    for sid, given in names.items():
        best = 0.0
        for candidate in [sid, *given]:
            other = _key(candidate)
            if not key or not other:
                continue
            ratio = SequenceMatcher(None, key, other).ratio()
            if key in other or other in key:
                ratio = max(ratio, 0.75)
            best = max(best, ratio)
        if best >= 0.5:
            scored.append((-best, sid))
    return [sid for _, sid in sorted(scored)[:limit]]
