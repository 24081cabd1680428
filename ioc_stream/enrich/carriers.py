"""Airline designators and names posts use ("UA 938", "Copa flight 635"), so other carriers' flights stay theirs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ioc_stream.enrich.wordlists import data_lines, fold, spaced, trie_pattern

__all__ = ["WORDLIKE", "Carriers", "carriers"]

#: Designators that are also everyday words or abbreviations ("give US 20", "LA 100"): when spaced
#: from the number they need a 3-4 digit flight number to count.
WORDLIKE: frozenset[str] = frozenset({"US", "AS", "AM", "LA", "AD", "OS", "AR", "SK", "AY", "EI", "TP"})


@dataclass(frozen=True, slots=True)
class Carriers:
    """The curated carrier table (data/carriers.csv) with regex fragments for designators and names.

    `names` are the airline names as written; `name_pattern` finds them as written or in capitals.
    """

    designators: frozenset[str]
    names: frozenset[str]
    by_name: dict[str, str]
    designator_pattern: str
    name_pattern: str

    def code(self, designator_or_name: str) -> str:
        """IATA designator for a matched designator or airline name (any case)."""
        if designator_or_name in self.designators:
            return designator_or_name
        return self.by_name[fold(" ".join(designator_or_name.split()))]


@cache
def carriers() -> Carriers:
    """Load data/carriers.csv once."""
    designators: set[str] = set()
    by_name: dict[str, str] = {}
    written: set[str] = set()
    for line in data_lines("carriers.csv"):
        code, _, names = line.partition(",")
        designators.add(code)
        for name in names.split("|"):
            by_name[fold(name)] = code
            written.add(name)
    return Carriers(
        designators=frozenset(designators),
        names=frozenset(written),
        by_name=by_name,
        designator_pattern=trie_pattern(sorted(designators)),
        name_pattern=spaced(trie_pattern(sorted(written | {name.upper() for name in written}))),
    )
