"""Flight numbers named in a post ("flight 1019", "AA973", "vuelo 1010"), never prices or times.

Speed: Python's `re` tries every alternative of a pattern at every character, so scanning a whole post
with the noise and flight patterns costs ~100 us. Every match of either pattern holds a digit run, so
only digit runs are searched for (`\\d+`, which `re` skips to quickly). For each run a "before" pattern,
matched on the reversed post where the run starts, says where a match could begin, and the full pattern
is tried anchored at that one position. Tried left to right with the same bookkeeping as `finditer`,
the anchored tries find what a whole-post scan finds.
"""

from __future__ import annotations

import re
from functools import cache

from ioc_stream.enrich.airports import iata_codes, stop_words
from ioc_stream.enrich.carriers import WORDLIKE, carriers
from ioc_stream.enrich.wordlists import lowered, reversed_trie_pattern, spaced
from ioc_stream.models import FlightRef

__all__ = ["extract_flights"]

_DIGITS = re.compile(r"\d+")

# Words, each spelled once; the patterns below look for them forwards and backwards.
_FLIGHT = ("flights", "flight", "flts", "flt", "fl", "flght", "flite", "fligth", "vuelos", "vuelo", "voos", "voo", "vôos", "vôo")
_IS = ("is", "es", "é", "was", "era")
_POSSESSIVE = ("my", "the", "our", "your", "his", "her", "their", "this", "that")
_ABOARD = ("on", "aboard", "onboard", "connecting to", "connection to", "connect to", "connecting", "connection")
_PLACE = (
    "gates", "gate", "seats", "seat", "rows", "row", "terminal", "zone", "group", "door", "carousel", "belt", "concourse",
    "pier", "room", "ext", "puerta", "asiento", "fila", "sala", "portao", "portão", "assento", "esteira", "cinta",
)
_CLOCK = ("at", "by", "until", "till", "til", "before", "after", "around")
_ES_PT_CLOCK = ("a las", "a la", "às", "as")


def _words(words: tuple[str, ...]) -> str:
    """Alternation of `words` in the order given (first match wins, as the pattern always did)."""
    return "(?:" + spaced("|".join(map(re.escape, words))) + ")"


def _backwards(words: tuple[str, ...] | frozenset[str]) -> str:
    return "(?:" + spaced(reversed_trie_pattern(sorted(words))) + ")"


#: Spans whose digits are never flight numbers, blanked (same length) before the search. A span is
#: what `finditer` finds: the first alternative that matches at the leftmost position.
_NOISE_PARTS = (
    r"https?://\S+ | www\.\S+ | @\w+",  # links, handles
    r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b",  # phone numbers
    r"\b1-?8\d\d-[A-Za-z]{4,}",  # 1-800-FLOWERS
    r"\b\d{1,2}:\d{2}(?:\s?[ap]\.?m\b\.?)?",  # 6:40, 6:40pm
    r"\b\d{1,4}\s?[aApP]\.?[mM]\b\.? | \b\d{1,4}[apAP]\b",  # 640pm, 6 AM, 10p
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b | \b\d{1,2}-\d{1,2}-\d{2,4}\b",  # 2/24, 2/24/15
    r"(?:R\$|[$€£])\s?\d[\d,.]*",  # prices
    r"\b\d+(?:[.,]\d+)+",  # 2.5, 37,000, $17.58
    r"\b[AB]3\d\d\b | \bB?7[0-8]7(?:-\d+|[A-Z]+)?\b(?=-|\s*(?:max|MAX|dreamliner|Dreamliner))",  # aircraft
    rf"(?i:\b{_words(_PLACE)}\s*[#:]?\s*[A-Z]?\d{{1,4}}[A-Z]?\b)",  # gate 23, seat 12C
    r"(?i:\b(?:call|dial|text|llam[ae]\w*|lig(?:ue|ar)\w*)\s+[\d()\s.-]+\b)",  # dialled numbers
    rf"(?i:\b{_words(_CLOCK)}\s+\d{{1,4}}\b)",  # clock times
    rf"\b{_words(_ES_PT_CLOCK)}\s+\d{{1,2}}\b",  # es/pt clock times
    r"@\s*\d{1,4}\b",
)


def _alternatives(parts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.X)


_HIDDEN = _alternatives(_NOISE_PARTS[:1])
_NOISE = _alternatives(_NOISE_PARTS)
#: The parts that can start on a digit, still in order: what `_NOISE` tries there.
_NOISE_AT_DIGIT = _alternatives(tuple(_NOISE_PARTS[i] for i in (1, 2, 3, 4, 5, 7, 8)))
#: Where a noise span holding a digit run could start before it: the prefixes above spelled backwards,
#: matched on the lowercased reversed post where the run starts (a superset: `_NOISE` confirms).
_NOISE_BEFORE = re.compile(
    rf"""
      [()\s.-]*+(?<=\s)(?:llac|laid|txet|\w*[ae]mall|\w*(?:eu|ra)gil)\b   # call 917 ...
    | [a-z]?\s*+[\#:]?\s*+{_backwards(_PLACE)}\b                        # gate B14
    | \s++{_backwards(_CLOCK)}\b                                         # at 640
    | \s++{_backwards(_ES_PT_CLOCK)}\b                                   # a las 10
    | \s*+@ | \s?(?:\$r|[$€£]) | [(+] | [ab]\b                            # @ 640, $200, (800) ..., A321
    """,
    re.X,
)
#: What may come between a route number and the airport code after it ("1171 LGA-FLL", "2390 to LAX").
_ROUTE_AHEAD = r"\s*,?\s*(?:(?i:from|to|out\s+of|de|desde|para)\s+)?"
_ROUTE_AFTER = re.compile(_ROUTE_AHEAD + r"[A-Z]{3}\b")

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
_NUMBER_GROUPS = ("knum", "dnum", "nnum", "pnum", "onum", "lnum", "hnum", "rnum", "cnum")


@cache
def _pattern() -> re.Pattern[str]:
    """The one regex for every way a post names a flight; group names tell which way matched."""
    c = carriers()
    d, n = c.designator_pattern, c.name_pattern
    end = r"(?![\w%+]|[.,:]\d)"
    return re.compile(
        rf"""
          (?:(?P<pre>(?<![\w])(?:{d}|(?i:{n})))\s+)?
          (?i:\b{_words(_FLIGHT)})
          (?:\s*(?:\#|(?i:n(?:o|r|º|°|um)\.?|number|n[uú]mero)))?\s*(?:(?i:{_words(_IS)})\s+)?
          (?:(?P<kcode>{d})\s?-?)?\#?\s?(?P<knum>\d{{1,4}}){end}
        | (?<![\w-])(?P<dcode>{d})(?P<dsep>\s?[-#]?\s?)(?P<dnum>\d{{1,4}}){end}
        | (?<![\w])(?P<name>{n})\s+\#?(?P<nnum>\d{{2,4}}){end}
        | (?i:\b{_words(_POSSESSIVE)}\s+)(?P<pnum>\d{{2,4}})\s+(?i:flight|flt)\b
        | (?i:\b{_words(_ABOARD)}\s+)\#?(?P<onum>\d{{3,4}}){end}
        | ^\s*\#?(?P<lnum>\d{{3,4}}){end}
        | (?<![\w\#])\#(?P<hnum>\d{{3,4}}){end}
        | (?<![\w\#])(?P<rnum>\d{{3,4}})(?={_ROUTE_AHEAD}(?P<rto>[A-Z]{{3}})\b)
        | \b(?P<rfrom>[A-Z]{{3}})(?:\s+|\s*-\s*)(?P<cnum>\d{{3,4}}){end}
        """,
        re.X,
    )


@cache
def _before_lowered() -> re.Pattern[str]:
    """Where a flight match could start before its number, for the ways that read words in any case:
    their prefixes spelled backwards, matched on the lowercased reversed post where the number starts.
    A superset (designators match in lowercase too): `_pattern` confirms. Group `kw`: the keyword."""
    c = carriers()
    d = _backwards(frozenset(code.lower() for code in c.designators))
    n = _backwards(frozenset(map(lowered, c.names)))
    return re.compile(
        rf"""
          \s?\#?(?:-?\s?{d})?(?:\s+{_backwards(_IS)})?
          \s*+(?:(?:\#|\.?(?:o|r|º|°|mu)n|rebmun|orem[uú]n)\s*+)?
          (?P<kw>{_backwards(_FLIGHT)})\b(?:\s+(?:{d}|{n})(?!\w))?       # knum, after a designator or name
        | \#?\s++{_backwards(_ABOARD)}\b                                 # onum
        | \s++{_backwards(_POSSESSIVE)}\b                                 # pnum
        """,
        re.X,
    )


@cache
def _before_cased() -> re.Pattern[str]:
    """Where a flight match could start before its number, for the ways that need capitals or nothing:
    their prefixes spelled backwards, matched on the reversed post where the number starts."""
    c = carriers()
    d = _backwards(c.designators)
    n = _backwards(c.names | {name.upper() for name in c.names})
    return re.compile(
        rf"""
          \#?\s*\Z                             # lnum: nothing but blanks (say, a masked handle) before it
        | \#?\s+{n}(?!\w)                      # nnum
        | (?:\s+|\s*-\s*)[A-Z]{{3}}\b           # cnum
        | \s?[-\#]?\s?{d}(?![\w-])             # dnum
        | \#(?![\w\#])                          # hnum
        """,
        re.X,
    )


@cache
def _digit_designators() -> frozenset[str]:
    """Designators ending in a digit ("B6"): the run in "B6123" starts inside the designator."""
    return frozenset(code for code in carriers().designators if code[-1].isdigit())


#: On the reversed post at a number: the non-word characters before the number, then the word before those.
_BEHIND = re.compile(r"(\W*+)(\w*+)")
#: Separator characters that start a noise span by themselves: "@ 640", "$200", "(800) ...", "+1 ...".
_NOISE_MARKS = frozenset("@$€£(+")
#: Words that may stand right before a noise number ("gate 23", "at 640", "call 917 ...").
_NOISE_WORDS = frozenset(_PLACE + _CLOCK + ("call", "dial", "text", "las", "la", "às", "as"))
#: Number words that may stand between "flight" and the number ("flight no. 123", "voo nº 906").
_NUMBER_WORDS = ("no", "nr", "nº", "n", "num", "number", "numero", "número")


@cache
def _flight_words() -> tuple[frozenset[str], frozenset[str]]:
    """(any case, cased): lowercase words that may stand right before a flight number, for the ways
    `_before_lowered` and `_before_cased` find; a number after none of them needs neither."""
    c = carriers()
    designators = {code.lower() for code in c.designators}
    name_ends = {lowered(name.split()[-1]) for name in c.names}
    aboard_ends = {words.split()[-1] for words in _ABOARD}
    return (
        frozenset(_FLIGHT + _IS + _NUMBER_WORDS + _POSSESSIVE) | aboard_ends | designators | name_ends,
        frozenset(designators | name_ends),
    )


def extract_flights(text: str, carrier: str = "AA") -> list[FlightRef]:
    """Flights named in `text`, in order, each once; numbers that name no carrier belong to `carrier`.

    A designator or airline name next to the number keeps that airline ("UA 938" -> UA938);
    the @handle a post is addressed to is not a carrier signal.
    """
    if not _DIGITS.search(text):
        return []
    masked, runs = _mask_noise(text)
    if not runs:
        return []
    post = _Reversed(masked)
    found: dict[str, FlightRef] = {}
    taken = 0  # end of the last match: as in `finditer`, the next one starts at or after it
    for s, e in runs:
        if e <= taken or not (m := _match_near(post, max(s, taken), e, taken)):
            continue
        taken = m.end()
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


class _Reversed:
    """A post spelled backwards, as written and lowercased, for looking behind a position."""

    __slots__ = ("text", "size", "back", "lowback")

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self.back = text[::-1]
        self.lowback = lowered(self.back)

    def behind(self, at: int) -> tuple[str, str, bool]:
        """(separators, lowercased word, cased word) just before `at`: "flight #123" -> (" #", "flight", "flight");
        the word is "" when only non-word characters precede, back to the start."""
        m = _BEHIND.match(self.back, self.size - at)
        word = m.group(2)[::-1]
        return m.group(1), word.lower(), word

    def start(self, pattern: re.Pattern[str], at: int, *, lower: bool = False) -> int | None:
        """Where in the post a match of `pattern` (spelled backwards) ending at `at` begins, if any."""
        m = pattern.match(self.lowback if lower else self.back, self.size - at)
        return None if m is None else self.size - m.end()


def _mask_noise(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with links, handles and noise spans blanked (same length), and the digit runs left in it."""
    masked = _HIDDEN.sub(_blank, text) if "@" in text or "/" in text or "www." in text else text
    post = _Reversed(masked)
    spans: list[tuple[int, int]] = []
    runs: list[tuple[int, int]] = []
    taken = 0
    for run in _DIGITS.finditer(masked):
        s, e = run.span()
        if e <= taken:
            continue
        s = max(s, taken)
        p = post.start(_NOISE_BEFORE, s, lower=True) if _may_follow_noise(*post.behind(s)) else None
        if p is not None and p >= taken and (m := _NOISE.match(masked, p)):
            spans.append(m.span())
            taken = m.end()
            if taken > s:
                continue
        if _may_start_noise(masked, s, e) and (m := _NOISE_AT_DIGIT.match(masked, s)):
            spans.append(m.span())
            taken = m.end()
        else:
            runs.append((s, e))
    return (_blanked(masked, spans) if spans else masked), runs


def _may_follow_noise(separators: str, word: str, _cased: str) -> bool:
    """Cheap necessary condition for `_NOISE_BEFORE` to match before a number: the word and marks before it."""
    return (
        not _NOISE_MARKS.isdisjoint(separators)
        or word in _NOISE_WORDS
        or len(word) == 1  # "gate B14", "A321"
        or word[:-1] in _PLACE  # "gateB14"
        or word.startswith(("llam", "lig"))
    )


def _may_start_noise(text: str, s: int, e: int) -> bool:
    """Cheap necessary condition for `_NOISE_AT_DIGIT` to match at the digit run [s, e): what follows it."""
    if text[s:e] == "1":
        return True  # 1-800-..., 1 (800) ...
    if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
        return False  # the other parts start at a word boundary
    after = text[e : e + 1]
    if not after:
        return False
    if after in ":/-.,aApP":
        return True  # 6:40, 2/24, 2-24-15, 800-..., 2.5, 37,000, 6am
    if after.isspace():
        return e - s in (3, 6) or text[e + 1 : e + 2] in ("a", "A", "p", "P")  # 800 555 1234, 6 AM
    if after == ")":
        return e - s == 3
    return e - s == 3 and text[s] == "7" and text[s + 2] == "7"  # 737MAX


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    parts = []
    last = 0
    for start, end in spans:
        parts += (text[last:start], " " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _match_near(post: _Reversed, s: int, e: int, taken: int) -> re.Match[str] | None:
    """The flight match `finditer` would find next around the digit run at [s, e), starting at or after `taken`."""
    text = post.text
    if text[s - 1 : s + 1] in _digit_designators():
        at: tuple[int, ...] = (s, s + 1)  # "B6123": the number may start after the designator's digit
    elif e - s > 4:
        return None
    else:
        at = (s,)
    starts = set()
    any_case, cased = _flight_words()
    for i in at:
        separators, word, as_written = post.behind(i)
        if word in any_case or word[:-2] in _FLIGHT:  # "flightUA123"
            if (m := _before_lowered().match(post.lowback, post.size - i)) is not None:
                starts.add(post.size - m.end())
                if m.group("kw") is not None:
                    starts.add(post.size - m.end("kw"))  # in case what precedes the keyword is no designator
        if (
            word in cased
            or separators[:1] == "#"
            or not word  # nothing but blanks back to the start
            or (len(word) == 3 and as_written.isascii() and as_written.isupper())
        ) and (p := post.start(_before_cased(), i)) is not None:
            starts.add(p)
    if 3 <= e - s <= 4 and not (s and (text[s - 1].isalnum() or text[s - 1] in "_#")) and _ROUTE_AFTER.match(text, e):
        starts.add(s)  # a route number ("1171 LGA-FLL") has nothing before it
    pattern = _pattern()
    for p in sorted(starts):
        if p >= taken and (m := pattern.match(text, p)):
            return m
    return None


def _number_group(m: re.Match[str]) -> str:
    for g in _NUMBER_GROUPS:
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
