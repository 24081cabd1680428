"""Flight numbers named in a post ("flight 1019", "AA973", "vuelo 1010"), never prices or times."""

from __future__ import annotations

import re
from functools import cache

from ioc_stream.enrich.airports import iata_codes, stop_words
from ioc_stream.enrich.carriers import WORDLIKE, carriers
from ioc_stream.models import FlightRef

__all__ = ["extract_flights"]

_DIGIT = re.compile(r"\d")

#: Spans whose digits are never flight numbers; blanked (same length) before the search.
_NOISE = re.compile(
    r"""
      https?://\S+ | www\.\S+ | @\w+                                          # links, handles
    | (?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b                  # phone numbers
    | \b1-?8\d\d-[A-Za-z]{4,}                                                    # 1-800-FLOWERS
    | \b\d{1,2}:\d{2}(?:\s?[ap]\.?m\b\.?)?                                      # 6:40, 6:40pm
    | \b\d{1,4}\s?[aApP]\.?[mM]\b\.? | \b\d{1,4}[apAP]\b                        # 640pm, 6 AM, 10p
    | \b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b | \b\d{1,2}-\d{1,2}-\d{2,4}\b            # 2/24, 2/24/15
    | (?:R\$|[$€£])\s?\d[\d,.]*                                                 # prices
    | \b\d+(?:[.,]\d+)+                                                         # 2.5, 37,000, $17.58
    | \b[AB]3\d\d\b | \bB?7[0-8]7(?:-\d+|[A-Z]+)?\b(?=-|\s*(?:max|MAX|dreamliner|Dreamliner))
    | (?i:\b(?:gates?|seats?|rows?|terminal|zone|group|door|carousel|belt|concourse|pier|room|ext
           |puerta|asiento|fila|sala|port[aã]o|assento|esteira|cinta)\s*[#:]?\s*[A-Z]?\d{1,4}[A-Z]?\b)
    | (?i:\b(?:call|dial|text|llam[ae]\w*|lig(?:ue|ar)\w*)\s+[\d()\s.-]+\b)                      # dialled numbers
    | (?i:\b(?:at|by|until|till|til|before|after|around)\s+\d{1,4}\b)            # clock times
    | \b(?:a\s+las?|às|as)\s+\d{1,2}\b                                          # es/pt clock times
    | @\s*\d{1,4}\b
    """,
    re.X,
)

#: What may follow a number that is a count, an amount or a range, not a flight.
_NOT_A_FLIGHT_AFTER = re.compile(
    r"""(?ix)\s*(?:
      [%+] | x\b | [-–]\s*\d | (?:to|a)\s+\d
    | [-–]?\s*(?:hours?|hrs?|h|hs|mins?|minutes?|minutos?|horas?|secs?|seconds?|days?|d[ií]as|weeks?|semanas?
       |months?|meses|years?|yrs?|a[nñ]os|y/?o|people|ppl|pax|passengers?|pasajeros|passageiros|persons
       |personas|pessoas|times|veces|vezes|miles|mi|km|kms|points|pts|dollars|bucks|usd|reais|pesos|euros
       |lbs?|kg|kgs|calls?|numbers?|n[uú]meros?|flights|vuelos|voos|seats|bags|rows|gates|tickets|vouchers
       |rooms|customers|kids|members|percent|degrees|tweets|emails|agents|cancell?ations|delays|st|nd|rd|th)\b
    | [#º°ª]
    )"""
)

#: "... & 3574", ", 2705", "/ 1243": more flights listed after one we found.
_MORE = re.compile(r"\s*(?:,?\s*(?:\band\b|\bor\b|\by\b|\be\b|\bthen\b)|,|&|/|->|>)\s*(?:(?i:flight|flt)\s*)?#?(\d{3,4})(?![\w%+]|[.,:]\d)")

_IMPLICIT = frozenset({"pnum", "onum", "lnum", "hnum", "rnum", "cnum"})
_AIRCRAFT = frozenset({"707", "717", "727", "737", "747", "757", "767", "777", "787", "319", "320", "321", "330", "340", "350", "380"})


@cache
def _pattern() -> re.Pattern[str]:
    """The one regex for every way a post names a flight; group names tell which way matched."""
    c = carriers()
    d, n = c.designator_pattern, c.name_pattern
    end = r"(?![\w%+]|[.,:]\d)"
    return re.compile(
        rf"""
          (?:(?P<pre>(?<![\w])(?:{d}|(?i:{n})))\s+)?
          (?i:\b(?:flights?|flts?|fl|flght|flite|fligth|vuelos?|voos?|v[ôo]os?))
          (?:\s*(?:\#|(?i:n(?:o|r|º|°|um)\.?|number|n[uú]mero)))?\s*(?:(?i:is|es|é|was|era)\s+)?
          (?:(?P<kcode>{d})\s?-?)?\#?\s?(?P<knum>\d{{1,4}}){end}
        | (?<![\w-])(?P<dcode>{d})(?P<dsep>\s?[-#]?\s?)(?P<dnum>\d{{1,4}}){end}
        | (?<![\w])(?P<name>{n})\s+\#?(?P<nnum>\d{{2,4}}){end}
        | (?i:\b(?:my|the|our|your|his|her|their|this|that)\s+)(?P<pnum>\d{{2,4}})\s+(?i:flight|flt)\b
        | (?i:\b(?:on|aboard|onboard|connecting\s+to|connection\s+to|connect\s+to|connecting|connection)\s+)
            \#?(?P<onum>\d{{3,4}}){end}
        | ^\s*\#?(?P<lnum>\d{{3,4}}){end}
        | (?<![\w\#])\#(?P<hnum>\d{{3,4}}){end}
        | (?<![\w\#])(?P<rnum>\d{{3,4}})(?=\s*,?\s*(?:(?i:from|to|out\s+of|de|desde|para)\s+)?(?P<rto>[A-Z]{{3}})\b)
        | \b(?P<rfrom>[A-Z]{{3}})(?:\s+|\s*-\s*)(?P<cnum>\d{{3,4}}){end}
        """,
        re.X,
    )


def extract_flights(text: str, carrier: str = "AA") -> list[FlightRef]:
    """Flights named in `text`, in order, each once; numbers that name no carrier belong to `carrier`.

    A designator or airline name next to the number keeps that airline ("UA 938" -> UA938);
    the @handle a post is addressed to is not a carrier signal.
    """
    if not _DIGIT.search(text):
        return []
    masked = _NOISE.sub(_blank, text)
    found: dict[str, FlightRef] = {}
    for m in _pattern().finditer(masked):
        kind = _number_group(m)
        number = m.group(kind)
        if not _accept(m, kind, number, masked):
            continue
        airline = _airline(m, carrier)
        _add(found, airline, number, text[m.start("lnum" if kind == "lnum" else 0) : m.end()])
        pos = m.end()
        while more := _MORE.match(masked, pos):
            if _NOT_A_FLIGHT_AFTER.match(masked, more.end()) or _implausible(more.group(1)):
                break
            _add(found, airline, more.group(1), text[more.start(1) : more.end(1)])
            pos = more.end()
    return list(found.values())


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _number_group(m: re.Match[str]) -> str:
    for g in ("knum", "dnum", "nnum", "pnum", "onum", "lnum", "hnum", "rnum", "cnum"):
        if m.group(g) is not None:
            return g
    raise AssertionError("flight pattern matched without a number")


def _accept(m: re.Match[str], kind: str, number: str, masked: str) -> bool:
    """Guards the regex cannot express: counts/amounts after the number, years, aircraft, clock times."""
    if _NOT_A_FLIGHT_AFTER.match(masked, m.end(kind)):
        return False
    if kind == "dnum":
        code, sep = m.group("dcode"), m.group("dsep")
        if not sep and not code.isalpha():
            return False  # "B6123" is too ambiguous; "B6 123" is fine
        if code in WORDLIKE and sep and len(number) < 3:
            return False  # "give US 20"
    if kind not in _IMPLICIT:
        return True
    if _implausible(number):
        return False
    if kind == "pnum" and _clock_like(number):
        return False  # "the 630 flight" is a departure time
    if kind == "rnum":
        return _clear_code(m.group("rto"))
    if kind == "cnum":
        return _clear_code(m.group("rfrom"))
    return True


def _implausible(number: str) -> bool:
    """Years and aircraft types are never taken for a flight without an explicit "flight"/designator."""
    return number in _AIRCRAFT or (len(number) == 4 and 1990 <= int(number) <= 2030)


def _clock_like(number: str) -> bool:
    if len(number) < 3:
        return False
    hh, mm = int(number[:-2]), int(number[-2:])
    return 1 <= hh <= 24 and mm < 60 and mm % 5 == 0


def _clear_code(code: str) -> bool:
    """An uppercase airport code that is not also a common word."""
    never, context = stop_words()
    return code in iata_codes() and code not in never and code not in context


def _airline(m: re.Match[str], default: str) -> str:
    named = m.group("kcode") or m.group("pre") or m.group("dcode") or m.group("name")
    return carriers().code(named) if named else default


def _add(found: dict[str, FlightRef], airline: str, number: str, evidence: str) -> None:
    digits = number.lstrip("0")
    if not digits:
        return
    flight = f"{airline}{digits}"
    if flight not in found:
        found[flight] = FlightRef.model_construct(carrier=airline, number=digits, flight=flight, evidence=evidence.strip())
