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
from collections.abc import Iterable
from functools import cache

from ioc_stream.construct import builder
from ioc_stream.enrich.airports import iata_codes, stop_words
from ioc_stream.enrich.carriers import WORDLIKE, carriers
from ioc_stream.enrich.wordlists import is_word_char, lowered, reversed_trie_pattern, spaced
from ioc_stream.models import FlightRef

__all__ = ["extract_flights"]

_flight_ref = builder(FlightRef)

_DIGITS = re.compile(r"\d+")
_ASCII_DIGITS = re.compile(r"[0-9]+")  # what `\d+` finds in ASCII text, without a Unicode lookup per character

# Words, each spelled once; the patterns below look for them forwards and backwards.
_FLIGHT = (
    "flights",
    "flight",
    "flts",
    "flt",
    "fl",
    "flght",
    "flite",
    "fligth",
    "vuelos",
    "vuelo",
    "voos",
    "voo",
    "vôos",
    "vôo",
)
_IS = ("is", "es", "é", "was", "era")
_POSSESSIVE = ("my", "the", "our", "your", "his", "her", "their", "this", "that")
_ABOARD = ("on", "aboard", "onboard", "connecting to", "connection to", "connect to", "connecting", "connection")
_PLACE = (
    "gates",
    "gate",
    "seats",
    "seat",
    "rows",
    "row",
    "terminal",
    "zone",
    "group",
    "door",
    "carousel",
    "belt",
    "concourse",
    "pier",
    "room",
    "ext",
    "puerta",
    "asiento",
    "fila",
    "sala",
    "portao",
    "portão",
    "assento",
    "esteira",
    "cinta",
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
_DIALLED = _alternatives(_NOISE_PARTS[10:11])
_DIAL_WORDS = ("call", "dial", "text", "llam", "lig")
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
_MORE = re.compile(
    r"\s*(?:,?\s*(?:\band\b|\bor\b|\by\b|\be\b|\bthen\b)|,|&|/|->|>)\s*(?:(?i:flight|flt)\s*)?#?(\d{3,4})(?![\w%+]|[.,:]\d)"
)

_IMPLICIT = frozenset({"pnum", "onum", "lnum", "hnum", "rnum", "cnum"})
_AIRCRAFT = frozenset(
    {"707", "717", "727", "737", "747", "757", "767", "777", "787", "319", "320", "321", "330", "340", "350", "380"}
)
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
          \s?\#?(?:-?\s?{d})?(?:\s*{_backwards(_IS)})?
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


def _spelled_back(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word[::-1] for word in words)


# Cheap gates before the look-behind patterns, on the word before a number spelled backwards (lowercased).
#: Separator characters that start a noise span by themselves: "@ 640", "$200", "(800) ...", "+1 ...".
_NOISE_MARKS = frozenset("@$€£(+")
#: Words that may stand right before a noise number ("gate 23", "at 640", "call 917 ...").
_NOISE_WORDS_BACK = _spelled_back(_PLACE + _CLOCK + ("call", "dial", "text", "las", "la", "às", "as"))
_PLACE_BACK = _spelled_back(_PLACE)
_FLIGHT_BACK = _spelled_back(_FLIGHT)
#: Number words that may stand between "flight" and the number ("flight no. 123", "voo nº 906").
_NUMBER_WORDS = ("no", "nr", "nº", "n", "num", "number", "numero", "número")


_GLUED_ENDS = tuple(sorted(_FLIGHT_BACK | _spelled_back(_NUMBER_WORDS)))


def _glued_keyword(low: str) -> bool:
    """Whether the word before a number (spelled backwards, lowercased) starts with a flight keyword or a number
    word that has something glued on: a number word, "is"/"was", a designator ("flightno", "flightwas", "vooAA",
    "numberB6"); `_pattern` lets them touch. A superset (any word starting "fl" or "n"): the look-behind and
    `_pattern` confirm."""
    return low.endswith(_GLUED_ENDS)


@cache
def _flight_words_back() -> tuple[frozenset[str], frozenset[str]]:
    """(any case, cased): the lowercased words that may stand right before a flight number, spelled
    backwards, for the ways `_before_lowered` and `_before_cased` find; after no such word, neither can match."""
    c = carriers()
    designators = {code.lower() for code in c.designators}
    name_ends = {lowered(name.split()[-1]) for name in c.names}
    aboard_ends = {words.split()[-1] for words in _ABOARD}
    any_case = set(_FLIGHT + _IS + _NUMBER_WORDS + _POSSESSIVE) | aboard_ends | designators | name_ends
    return _spelled_back(any_case), _spelled_back(designators | name_ends)


def extract_flights(text: str, carrier: str = "AA") -> list[FlightRef]:
    """Flights named in `text`, in order, each once; numbers that name no carrier belong to `carrier`.

    A designator or airline name next to the number keeps that airline ("UA 938" -> UA938);
    the @handle a post is addressed to is not a carrier signal.
    """
    if not (_ASCII_DIGITS if text.isascii() else _DIGITS).search(text):
        return []
    raw = _Backwards(text)
    spans, runs = _noise(text, raw)
    if not runs:
        return []
    masked = _blanked(text, spans) if spans else text
    back = _Backwards(masked) if spans else raw
    found: dict[str, FlightRef] = {}
    taken = 0  # end of the last match: as in `finditer`, the next one starts at or after it
    last_blank = j = 0
    for s, e, near in runs:
        if s < taken:
            continue
        while j < len(spans) and spans[j][0] < s:
            last_blank = spans[j][1]
            j += 1
        if last_blank > near[3]:  # blanking changed what stands before the number: look again
            near = back.behind(s)
        if not (m := _match_near(back, masked, s, e, near, taken)):
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


#: What stands before a number: (non-word characters, word, word lowercased, where the word starts),
#: the strings spelled backwards: "flight #123" at 123 -> (" #", "thgilf", "thgilf", 0).
_Near = tuple[str, str, str, int]


class _Backwards:
    """A post spelled backwards (as written, and lowercased), made on first use, for looking behind a position."""

    __slots__ = ("text", "size", "_back", "_low")

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self._back: str | None = None
        self._low: str | None = None

    @property
    def back(self) -> str:
        if self._back is None:
            self._back = self.text[::-1]
        return self._back

    @property
    def low(self) -> str:
        if self._low is None:
            self._low = lowered(self.back)
        return self._low

    def behind(self, at: int) -> _Near:
        """What stands before position `at`."""
        m = _BEHIND.match(self.back, self.size - at)
        assert m is not None  # every part of the pattern may match empty
        word = m.group(2)
        return m.group(1), word, word.lower(), self.size - m.end()

    def start(self, pattern: re.Pattern[str], at: int, *, lower: bool = False) -> int | None:
        """Where in the post a match of `pattern` (spelled backwards) ending at `at` begins, if any."""
        m = pattern.match(self.low if lower else self.back, self.size - at)
        return None if m is None else self.size - m.end()


def _noise(text: str, back: _Backwards) -> tuple[list[tuple[int, int]], list[tuple[int, int, _Near]]]:
    """The spans of `text` to blank, in order, and its digit runs left outside them with what stands before each.

    The spans are what `_NOISE.finditer(text)` finds: links, handles and "call  -" spans with no digit
    come from their own scans; every other span holds a digit run and is tried only around one.
    """
    fixed = _digitless_spans(text)
    spans: list[tuple[int, int]] = []
    runs: list[tuple[int, int, _Near]] = []
    taken = k = 0
    for run in _DIGITS.finditer(text):
        s, e = run.span()
        while k < len(fixed) and fixed[k][0] < s:
            if fixed[k][0] >= taken:
                spans.append(fixed[k])
                taken = fixed[k][1]
            k += 1
        if e <= taken:
            continue
        s = max(s, taken)
        near = back.behind(s)
        if _may_follow_noise(near) and (p := back.start(_NOISE_BEFORE, s, lower=True)) is not None and p >= taken:
            if m := _NOISE.match(text, p):
                spans.append(m.span())
                taken = m.end()
                if taken > s:
                    continue
        if _may_start_noise(text, s, e) and (m := _NOISE_AT_DIGIT.match(text, s)):
            spans.append(m.span())
            taken = m.end()
        elif e - s > 1 and text[e - 1] == "1" and (m := _NOISE_AT_DIGIT.match(text, e - 1)):
            spans.append(m.span())  # "flight321-800-555-1234": a phone number's leading 1 may end a run
            taken = m.end()
            runs.append((s, e - 1, near))
        else:
            runs.append((s, e, near))
    spans += (span for span in fixed[k:] if span[0] >= taken)
    return spans, runs


def _digitless_spans(text: str) -> list[tuple[int, int]]:
    """Noise spans that need no digit, in order: links, handles, and "call" followed by blanks or dashes."""
    spans = []
    taken = 0
    for start in sorted(_places(text, ("@", "http", "www."))):
        if start >= taken and (m := _HIDDEN.match(text, start)):
            spans.append(m.span())
            taken = m.end()
    low = lowered(text)
    for start in sorted(_places(low, _DIAL_WORDS)):
        if not (start and is_word_char(low[start - 1])) and (m := _DIALLED.match(text, start)):
            if not _DIGITS.search(text, start, m.end()):
                spans.append(m.span())
    return sorted(spans)


def _places(text: str, needles: tuple[str, ...]) -> list[int]:
    """Every place in `text` where one of `needles` starts."""
    found = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            found.append(i)
            i = text.find(needle, i + 1)
    return found


def _may_follow_noise(near: _Near) -> bool:
    """Cheap necessary condition for `_NOISE_BEFORE` to match before a number: the word and marks before it."""
    separators, _, word, _ = near
    return (
        not _NOISE_MARKS.isdisjoint(separators)
        or word in _NOISE_WORDS_BACK
        or len(word) == 1  # "gate B14", "A321"
        or word[1:] in _PLACE_BACK  # "gateB14"
        or word.endswith(("mall", "gil"))  # llamar, ligue
    )


def _may_start_noise(text: str, s: int, e: int) -> bool:
    """Cheap necessary condition for `_NOISE_AT_DIGIT` to match at the digit run [s, e): what follows it."""
    if text[s:e] == "1":
        return True  # 1-800-..., 1 (800) ...
    if s and is_word_char(text[s - 1]):
        return False  # the other parts start at a word boundary
    size = e - s
    if size == 3 and text[s] == "7" and text[s + 2] == "7":
        return True  # 737-800, 787 Dreamliner
    after, then = text[e : e + 1], text[e + 1 : e + 2]
    if after in ("-", ")"):
        return True  # 2-24-15, 800-555-..., 1800-FLOWERS, 800) 555-...
    if after in (":", "/"):
        return size <= 2  # 6:40, 2/24
    if after in (".", ","):
        return then.isdecimal()  # 2.5, 37,000, 800.555.1234
    if after in ("a", "A", "p", "P"):
        return size <= 4  # 6am, 10p
    if after.isspace():
        return (size in (3, 6) and then.isdecimal()) or (
            size <= 4 and then in ("a", "A", "p", "P")
        )  # 800 555 1234, 6 AM
    return False


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += (text[last:start], " " * (end - start))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _match_near(back: _Backwards, masked: str, s: int, e: int, near: _Near, taken: int) -> re.Match[str] | None:
    """The flight match `finditer` would find next around the digit run at [s, e), starting at or after
    `taken`; `near` is what stands before the run."""
    at: tuple[tuple[int, _Near], ...]
    if masked[s - 1 : s + 1] in _digit_designators():
        at = ((s, near), (s + 1, back.behind(s + 1)))  # "B6123": the number may start after the designator's digit
    elif e - s > 4:
        return None
    else:
        at = ((s, near),)
    any_case, cased = _flight_words_back()
    starts = set()
    for i, (separators, word, low, _) in at:
        if (low in any_case or _glued_keyword(low)) and (m := _before_lowered().match(back.low, back.size - i)):
            starts.add(back.size - m.end())
            if m.group("kw") is not None:
                starts.add(back.size - m.end("kw"))  # in case what precedes the keyword is no designator
        if (
            low in cased
            or separators[:1] == "#"
            or not word  # nothing but blanks back to the start
            or (len(word) == 3 and word.isascii() and word.isupper())
        ) and (p := back.start(_before_cased(), i)) is not None:
            starts.add(p)
    separators, word = near[0], near[1]
    if 3 <= e - s <= 4 and separators[:1] != "#" and (separators or not word) and _ROUTE_AFTER.match(masked, e):
        starts.add(s)  # a route number ("1171 LGA-FLL") has nothing before it: no word character nor "#"
    pattern = _pattern()
    for p in sorted(starts):
        if p >= taken and (m := pattern.match(masked, p)):
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
        found[flight] = _flight_ref(
            {"carrier": airline, "number": digits, "flight": flight, "evidence": evidence.strip()}
        )
