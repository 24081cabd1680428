"""How a post speaks of what it mentions: a first-hand report, a relayed one, a question, or talk.

The bridge acts on reports of something happening now. "We're hiring flight attendants", "new
baggage fees from March" or "this movie is the bomb" name incident topics without reporting one,
and "is flight 2390 delayed?" asks rather than tells. The kind is decided from the weighted phrases
of `report_lexicon` (the phrases found are returned, so the console can show why):

- talk, when talk phrases weigh at least `TALK_MIN` and more than the first-hand and relay ones
  together (a post from on board counts `ONBOARD_WEIGHT` more first-hand: nobody on a diverting
  aircraft is "just talking");
- relayed, when relay phrases weigh at least `RELAY_MIN` and no less than the talk ones;
- question, when the post opens an inquiry and has a "?", with little first-hand weight (a complaint
  phrased as a question, "why are we still sitting on the tarmac after 3 hours?", stays first-hand);
- first-hand otherwise.
"""

from __future__ import annotations

from ioc_stream.enrich.cue_matcher import CueMatcher
from ioc_stream.enrich.report_lexicon import FIRST, QUERY, RELAY, REPORT_LEXICONS, TALK
from ioc_stream.enrich.wordlists import unaccented

__all__ = ["FIRST_HAND", "QUESTION", "RELAYED", "REPORT_KINDS", "TALK_KIND", "counts_as_report", "report_kind"]

FIRST_HAND, RELAYED, QUESTION, TALK_KIND = "first_hand", "relayed", "question", "talk"
#: Every kind, in the order the contract lists them.
REPORT_KINDS = (FIRST_HAND, RELAYED, QUESTION, TALK_KIND)
#: The kinds that report something happening now (what alerts count).
_REPORTS = frozenset({FIRST_HAND, RELAYED})

TALK_MIN = 2.0
RELAY_MIN = 2.0
ONBOARD_WEIGHT = 2.0
#: An inquiry with this much first-hand weight is a complaint phrased as a question.
QUESTION_FIRST_MAX = 1.5


def _matcher(lexicon: dict[str, dict[str, float]]) -> CueMatcher:
    """One scanner over a language's report phrases, unaccented like the texts (two spellings: the larger weight)."""
    merged: dict[str, dict[str, float]] = {}
    for key, phrases in lexicon.items():
        for pattern, weight in phrases.items():
            slot = merged.setdefault(unaccented(pattern), {})
            slot[key] = max(slot.get(key, weight), weight)
    return CueMatcher(list(merged.items()))


_MATCHERS = {lang: _matcher(lexicon) for lang, lexicon in REPORT_LEXICONS.items()}


def counts_as_report(kind: str) -> bool:
    """True for the kinds that report something happening now (first-hand and relayed)."""
    return kind in _REPORTS


def report_kind(low: str, lang: str, inquiry: bool, onboard: bool) -> tuple[str, list[str]]:
    """The report kind of a lower-cased post and the phrases that decided it.

    `inquiry`: the incident scan saw an inquiry opener and a "?" (its question flag);
    `onboard`: the poster is on the aircraft.
    """
    matcher = _MATCHERS.get(lang) or _MATCHERS["en"]
    first = ONBOARD_WEIGHT if onboard else 0.0
    relay = talk = query = 0.0
    relay_cues: list[str] = []
    talk_cues: list[str] = []
    for start, end, _, name in matcher.find(unaccented(low)):
        text = low[start:end]
        for key, weight in matcher.effects[name]:
            if key == FIRST:
                first += weight
            elif key == RELAY:
                relay += weight
                relay_cues.append(text)
            elif key == TALK:
                talk += weight
                talk_cues.append(text)
            elif key == QUERY:
                query += weight
    if talk >= TALK_MIN and talk > first + relay:
        return TALK_KIND, talk_cues
    if relay >= RELAY_MIN and relay >= talk:
        return RELAYED, relay_cues
    if (inquiry or (query and "?" in low)) and first < QUESTION_FIRST_MAX:
        return QUESTION, []
    return FIRST_HAND, []
