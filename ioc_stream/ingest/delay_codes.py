"""IATA AHM 730 delay codes (numeric and alphabetic) and their meanings, with AHM 731 sub-codes passed through."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class DelayCode:
    """One row of the shipped table (ioc_stream/data/iata_delay_codes.csv)."""

    code: str
    alpha: str
    group: str
    meaning: str


@lru_cache(maxsize=1)
def table() -> dict[str, DelayCode]:
    """Every code by its numeric form and by its two-letter form."""
    text = resources.files("ioc_stream").joinpath("data/iata_delay_codes.csv").read_text()
    out: dict[str, DelayCode] = {}
    for row in csv.DictReader(text.splitlines()):
        code = DelayCode(row["code"], row["alpha"], row["group"], row["meaning"])
        out[code.code] = code
        if code.alpha:
            out[code.alpha] = code
    return out


_CODE = re.compile(r"(\d{2}|[A-Z]{2})([A-Z])?")


def describe(raw: str) -> dict[str, str]:
    """{"code", "meaning", "group"[, "sub_code"]} of a code as a telex writes it ("72", "WT", "93A")."""
    m = _CODE.fullmatch(raw)
    known = table().get(m[1]) if m else None
    if m is None or known is None:
        return {"code": raw, "meaning": "unknown delay code"}
    out = {"code": known.code, "meaning": known.meaning, "group": known.group}
    if m[2]:
        out["sub_code"] = m[2]
    return out
