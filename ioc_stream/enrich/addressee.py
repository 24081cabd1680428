"""Which airline a post is addressed to ("@Delta flight 1019" is Delta's flight, not ours)."""

from __future__ import annotations

import re
from functools import cache

from ioc_stream.enrich.wordlists import data_lines

_HANDLE = re.compile(r"@(\w{1,30})")


@cache
def _handles() -> dict[str, str]:
    """data/carrier_handles.csv: lower-case handle -> IATA designator."""
    table = {}
    for line in data_lines("carrier_handles.csv"):
        handle, _, code = line.partition(",")
        table[handle.strip()] = code.strip()
    return table


def flight_carrier(text: str, default: str) -> str:
    """The carrier of a post's bare flight numbers: the one other airline it is addressed to, else `default`.

    A post that tags our own airline, or several other airlines, or none, keeps `default`:
    only an unambiguous address to another airline moves its flights there.
    """
    if "@" not in text:
        return default
    table = _handles()
    addressed = {table[h.lower()] for h in _HANDLE.findall(text) if h.lower() in table}
    if len(addressed) == 1 and default not in addressed:
        return addressed.pop()
    return default
