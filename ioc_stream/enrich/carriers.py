"""Airline designators and names posts use ("UA 938", "Copa flight 635"), so other carriers' flights stay theirs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ioc_stream.enrich.wordlists import data_lines, fold, trie_pattern

__all__ = ["Carriers", "WORDLIKE", "carriers"]

#: Designators that are also everyday words or abbreviations ("give US 20", "LA 100"): when spaced
#: from the number they need a 3-4 digit flight number to count.
WORDLIKE: frozenset[str] = frozenset({"US", "AS", "AM", "LA", "AD", "OS", "AR", "SK", "AY", "EI", "TP"})


@dataclass(frozen=True, slots=True)
class Carriers:
    """The curated carrier table (data/carriers.csv) with regex fragments for designators and names."""

    designators: frozenset[str]
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
    spellings: set[str] = set()
    for line in data_lines("carriers.csv"):
        code, _, names = line.partition(",")
        designators.add(code)
        for name in names.split("|"):
            by_name[fold(name)] = code
            spellings.update((name, name.upper()))
    return Carriers(
        designators=frozenset(designators),
        by_name=by_name,
        designator_pattern=trie_pattern(sorted(designators)),
        name_pattern=trie_pattern(sorted(spellings)).replace(r"\ ", r"\s+"),
    )
