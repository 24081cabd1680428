"""Airport reference data, loaded once on first use: valid IATA codes, names posts use, large airports by place."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from ioc_stream.enrich.wordlists import KeyWords, data_lines, fold, trie_pattern

__all__ = ["EARTH_RADIUS_KM", "Names", "haversine_km", "iata_codes", "names", "nearest_large", "stop_words"]

EARTH_RADIUS_KM = 6371.0088
_KM_PER_DEG_LAT = 111.2


@cache
def iata_codes() -> frozenset[str]:
    """Every IATA airport code airportsdata knows (about 7,900)."""
    import airportsdata

    return frozenset(airportsdata.load("IATA"))


@cache
def stop_words() -> tuple[frozenset[str], frozenset[str]]:
    """(never, context): valid codes that are usually words; `never` ones are never stations."""
    sections: dict[str, set[str]] = {"never": set(), "context": set()}
    current = sections["context"]
    for line in data_lines("station_stopwords.txt"):
        if line.startswith("["):
            current = sections[line.strip("[]")]
        else:
            current.update(line.split())
    return frozenset(sections["never"]), frozenset(sections["context"])


@dataclass(frozen=True, slots=True)
class Names:
    """City and airport names -> IATA code, with the regexes that find them in a post.

    `loose` runs on the lowercased post (case-insensitive matching in `re` is several times
    slower); `exact` runs on the post as written, for names that are also common words. Both are
    tried only where a key word of a name stands in the lowercased post (`loose_keys`, `exact_keys`;
    `key_words` holds both kinds), or, for names made of one-letter words, where `literals` stand.
    """

    loose: re.Pattern[str]
    folded: dict[str, str]
    exact: re.Pattern[str]
    exact_codes: dict[str, str]
    loose_keys: KeyWords
    exact_keys: KeyWords
    key_words: frozenset[str]
    literals: tuple[str, ...]

    def folded_code(self, matched: str) -> str | None:
        """Code for a name `loose` matched, whatever its case or accents."""
        return self.folded.get(fold(matched))


@cache
def names() -> Names:
    """The curated city/airport-name table (data/city_airports.csv), compiled."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    spellings: set[str] = set()
    for line in data_lines("city_airports.csv"):
        code, _, alternatives = line.partition(",")
        for name in alternatives.split("|"):
            if name.startswith("="):
                exact[name[1:]] = code
                continue
            folded.setdefault(fold(name), code)
            spellings.update((name.lower(), fold(name)))
    spellings |= {s.replace("'", "\u2019") for s in spellings if "'" in s}
    first = re.escape("".join(sorted({s[0] for s in spellings})))
    end = r"(?![\w'\u2019])"
    return Names(
        loose=re.compile(rf"\b(?=[{first}])(?:{trie_pattern(sorted(spellings))}){end}"),
        folded=folded,
        exact=re.compile(rf"(?<![\w'\u2019])(?:{trie_pattern(sorted(exact))}){end}"),
        exact_codes=exact,
        loose_keys=(loose_keys := KeyWords.of(spellings)),
        exact_keys=(exact_keys := KeyWords.of(name.lower() for name in exact)),
        key_words=loose_keys.keys | exact_keys.keys,
        literals=loose_keys.literals + exact_keys.literals,
    )


@cache
def _large_grid() -> dict[tuple[int, int], list[tuple[str, float, float]]]:
    """Large airports bucketed by whole-degree (lat, lon) cell, for a cheap first cut."""
    import airportsdata

    db = airportsdata.load("IATA")
    grid: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    for line in data_lines("airports_major.txt"):
        for code in line.split():
            a = db[code]
            grid.setdefault((math.floor(a["lat"]), math.floor(a["lon"])), []).append((code, a["lat"], a["lon"]))
    return grid


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def nearest_large(lat: float, lon: float, radius_km: float = 60.0) -> tuple[str, float] | None:
    """(code, km) of the nearest large airport within `radius_km` of a point, else None."""
    grid = _large_grid()
    dlat = math.ceil(radius_km / _KM_PER_DEG_LAT)
    coslat = max(math.cos(math.radians(lat)), 0.01)
    dlon = min(math.ceil(radius_km / (_KM_PER_DEG_LAT * coslat)), 180)
    cy, cx = math.floor(lat), math.floor(lon)
    best: tuple[str, float] | None = None
    for y in range(cy - dlat, cy + dlat + 1):
        for x in range(cx - dlon, cx + dlon + 1):
            for code, alat, alon in grid.get((y, (x + 180) % 360 - 180), ()):
                km = haversine_km(lat, lon, alat, alon)
                if km <= radius_km and (best is None or km < best[1]):
                    best = (code, km)
    return best
