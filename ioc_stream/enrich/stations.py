"""Airports a post places itself at: IATA codes, city/airport names, geotags (airportsdata).

Speed: a post's capitals and words are split out at C speed and looked up in sets first; the code
and name patterns run only when one may match, and names only where one of their key words stands.
"""

from __future__ import annotations

import re
from functools import cache

from ioc_stream.construct import builder
from ioc_stream.enrich.airports import iata_codes, names, nearest_large, stop_words
from ioc_stream.enrich.wordlists import capitals, scan, words
from ioc_stream.models import Geo, StationRef

__all__ = ["GEO_RADIUS_KM", "extract_stations"]

_station_ref = builder(StationRef)

#: A geotag farther than this from every large airport names no station.
GEO_RADIUS_KM = 60.0

#: Uppercase three-letter words, optionally hashtagged; never inside handles, links or longer words.
_CODE = re.compile(r"(?<![\w@$/.'’])(#?)([A-Z]{3})(?![\w'’])")
#: What may stand between the two ends of a route: "DFW-LAX", "DFW>LAX", "MIA 2 TPA", "GRU para MIA".
_ROUTE_GAP = re.compile(
    r"\s*(?:-+>?|–+>?|—+>?|→|➡️?|✈️?|=>|>+|/|\bto\b|\b2\b|\ba\b|\bpara\b|\bpra\b|\bal\b|\bvia\b)\s*", re.I
)
_AIRPORT_AFTER = re.compile(
    r"['’]?s?\s+(?:airport|airpt|arpt|int'?l|international|terminal|aeropuerto|aeroporto)\b", re.I
)
_AIRPORT_BEFORE = re.compile(r"\b(?:airport|aeropuerto|aeroporto)(?:\s+(?:de|do|of|in))?\s+$", re.I)
_PLACE_BEFORE = re.compile(r"(?:\b(?:at|in|to|from|into|via|out\s+of|de|desde|para|em|en|no|na)|@)\s+$", re.I)
#: Words for the shouting test (handles count as lowercase words: that only makes it more careful).
_CAPS_WORD = re.compile(r"\b[A-Z]{2,}\b")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")


def extract_stations(text: str, geo: Geo | None = None, place: str | None = None) -> list[StationRef]:
    """Stations a post names or is posted from, each once, in this order: codes, names, place, geotag.

    Codes must be real IATA airports; a code that is also a common word ("THE", "MAN") needs a route
    or an airport keyword next to it, and in an all-caps post every code needs such context.
    """
    found: dict[str, StationRef] = {}
    shouting: bool | None = None
    worth_a_look, codes = _worth_a_look()
    seen = worth_a_look.intersection(words(text))  # usually empty: then no code, and names only as literals
    if seen and (tokens := _code_tokens(text, [word.upper() for word in seen if word in codes])):
        shouting = _shouting(text)
        for code, evidence in _codes(text, tokens, shouting):
            found.setdefault(code, _station_ref({"code": code, "source": "code", "evidence": evidence}))
    for code, evidence in _names(text, seen, shouting):
        found.setdefault(code, _station_ref({"code": code, "source": "name", "evidence": evidence}))
    if place:
        for code, evidence in _names(place, worth_a_look.intersection(words(place)), False):
            found.setdefault(code, _station_ref({"code": code, "source": "place", "evidence": evidence}))
            break
    if geo is not None and (hit := nearest_large(geo.lat, geo.lon, GEO_RADIUS_KM)):
        code, km = hit
        evidence = f"{geo.lat:.4f},{geo.lon:.4f} is {km:.0f} km from {code}"
        found.setdefault(code, _station_ref({"code": code, "source": "geo", "evidence": evidence}))
    return list(found.values())


@cache
def _worth_a_look() -> tuple[frozenset[str], frozenset[str]]:
    """(every lowercased word that may be a code or a name's key word, the code ones among them).

    A code stands in a post as a whole word, so lowercased it is one of the post's words: only valid
    codes that are not stop-words can be stations.
    """
    never, _ = stop_words()
    codes = frozenset(code.lower() for code in iata_codes() - never)
    return codes | names().key_words, codes


def _code_tokens(text: str, candidates: list[str]) -> list[re.Match[str]]:
    """What `_CODE.finditer(text)` finds of the `candidates` (the valid codes that are not stop-words
    among the post's words, in capitals), in order: tried only where they stand."""
    tokens = []
    for code in candidates:
        i = text.find(code)
        while i >= 0:
            if (i and text[i - 1] == "#" and (m := _CODE.match(text, i - 1))) or (m := _CODE.match(text, i)):
                tokens.append(m)
            i = text.find(code, i + 3)
    return sorted(tokens, key=lambda m: m.start()) if len(candidates) > 1 else tokens


def _codes(text: str, tokens: list[re.Match[str]], shouting: bool) -> list[tuple[str, str]]:
    """(code, evidence) for the code `tokens` that name a station."""
    _, context = stop_words()
    out = []
    for i, m in enumerate(tokens):
        code = m.group(2)
        if code in context or shouting:
            routed = _route_partner(text, tokens, i, context)
            keyword = _AIRPORT_AFTER.match(text, m.end()) or _AIRPORT_BEFORE.search(
                text, max(0, m.start() - 24), m.start()
            )
            placed = code not in context and (
                m.group(1) or _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start())
            )
            if not (routed or keyword or placed):
                continue
        out.append((code, m.group().lstrip("#")))
    return out


def _route_partner(text: str, tokens: list[re.Match[str]], i: int, context: frozenset[str]) -> bool:
    """True if the code at `tokens[i]` is one end of a route whose other end is a clear code."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and tokens[j].group(2) not in context:
            a, b = sorted((tokens[i], tokens[j]), key=lambda t: t.start())
            if _ROUTE_GAP.fullmatch(text, a.end(), b.start()):
                return True
    return False


def _shouting(text: str) -> bool:
    """An all-caps post: its uppercase words are not codes, so codes need context."""
    valid = iata_codes()
    if sum(1 for w in capitals(text) if len(w) > 1 and w not in valid) < 3:
        return False  # each uppercase word is a run of capitals: too few of them
    upper = sum(1 for w in _CAPS_WORD.findall(text) if w not in valid)
    return upper >= 3 and upper > 2 * len(_LOWER_WORD.findall(text))


def _names(text: str, seen: frozenset[str], shouting: bool | None) -> list[tuple[str, str]]:
    """(code, evidence) for city/airport names in `text`, in order; `seen`: the words of `text` (lowercased)
    among those worth a look."""
    table = names()
    low = text.lower()
    if table.key_words.isdisjoint(seen) and not any(literal in low for literal in table.literals):
        return []
    same = len(low) == len(text)
    loose = table.loose_keys.starts(seen, low)
    if same:  # a key word's place in the lowercased post is its place in the post
        starts = table.exact_keys.starts(seen, low)
        if not (loose or starts):
            return []
        exact = scan(table.exact, text, starts)
    else:
        exact = list(table.exact.finditer(text))
    hits: list[tuple[int, str, str]] = []
    for m in scan(table.loose, low, loose):
        if code := table.folded_code(m.group()):
            hits.append((m.start(), code, text[m.start() : m.end()] if same else m.group()))
    for m in exact:
        word = m.group()
        if word.isupper() and (shouting if shouting is not None else _shouting(text)):
            continue  # "LA", "NYC" in an all-caps post may just be shouted words
        hits.append((m.start(), table.exact_codes[word], word))
    hits.sort()
    return [(code, evidence) for _, code, evidence in hits]
