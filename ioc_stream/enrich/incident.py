"""Incident category of a post, with the cues that decided it, in en/es/pt.

A transparent linear scorer: each cue found in the post (see `lexicon`) adds its weight to its
categories; context cues then adjust the sums: a negator right before a cue cancels it ("not
delayed"), a hedge weakens it ("if it gets cancelled"), praise that outweighs complaint damps
every category ("thanks for finding my bag"), and an inquiry ending in "?" halves them ("is my
flight delayed?"). Categories reaching `THRESHOLD` are reported, highest score first, ties broken
by `PRIORITY`; below it the post is NONE. Every decision can be read back from `Incident.cues`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ioc_stream.enrich.cue_matcher import CueMatcher
from ioc_stream.enrich.lexicon import ASK, HEDGE, LEXICONS, NEG, ONBOARD, POS, VENT, Lexicon
from ioc_stream.models import Incident
from ioc_stream.taxonomy import CATEGORY_SEVERITY, NON_OPERATIONAL, Category, Severity

__all__ = ["PRIORITY", "THRESHOLD", "classify"]

#: Tie-break order, worst first: of two equal scores the more serious category is primary.
PRIORITY: tuple[Category, ...] = (
    Category.SAFETY_SECURITY,
    Category.MEDICAL,
    Category.DISRUPTIVE_PASSENGER,
    Category.DIVERSION,
    Category.GATE_RETURN,
    Category.MECHANICAL,
    Category.TARMAC_HOLD,
    Category.CANCELLATION,
    Category.DELAY,
    Category.BAGGAGE,
    Category.CREW,
    Category.AIRPORT_QUEUE,
    Category.CUSTOMER_SERVICE,
    Category.BOOKING,
    Category.OTHER,
)
#: Score a category needs to be reported.
THRESHOLD = 1.5
#: A negator or hedge reaches a cue that starts at most this many characters after it ends.
NEGATION_REACH = 12
HEDGE_REACH = 25
#: A hedged cue keeps this share of its weight.
HEDGE_FACTOR = 0.4
#: Share of the operational evidence that counts as complaint against praise.
OWN_EVIDENCE = 0.5
#: Staff cues count this much more in a post that complains ("the gate agent, again, ugh").
COMPLAINED_ABOUT = 1.5
#: An inquiry ("is my flight delayed?") keeps this share of every score.
QUESTION_FACTOR = 0.5
#: Categories whose cues name people, things or missing service: "no bags" is still a complaint.
_NOT_NEGATABLE = frozenset({Category.CREW, Category.CUSTOMER_SERVICE, Category.BAGGAGE})
_SENTENCE_END = frozenset(".!?;\n")

# Context keys get slots after the categories.
_N = len(PRIORITY)
_SLOT: dict[str, int] = {str(c): i for i, c in enumerate(PRIORITY)}
_NEG, _HEDGE, _POS, _VENT, _ASK, _ONBOARD = range(_N, _N + 6)
_SLOT.update({NEG: _NEG, HEDGE: _HEDGE, POS: _POS, VENT: _VENT, ASK: _ASK, ONBOARD: _ONBOARD})
# Slots a negator cancels: categories except people/service, plus praise and "on board".
_NEGATABLE = frozenset(i for i, c in enumerate(PRIORITY) if c not in _NOT_NEGATABLE) | {_POS, _ONBOARD}
# Operational categories that are events (not people): their evidence weighs against praise.
_EVENTS = tuple(i for i, c in enumerate(PRIORITY) if c not in NON_OPERATIONAL and c is not Category.CREW)
_CREW = PRIORITY.index(Category.CREW)


@dataclass(frozen=True, slots=True)
class _Table:
    """One language's lexicon compiled: the regex and, per cue group, its (slot, weight) pairs."""

    matcher: CueMatcher
    effects: dict[str, tuple[tuple[int, float], ...]]

    @classmethod
    def build(cls, lexicon: Lexicon) -> _Table:
        matcher = CueMatcher((pattern, {key: weight}) for key, cues in lexicon.items() for pattern, weight in cues.items())
        effects = {name: tuple((_SLOT[key], w) for key, w in eff) for name, eff in matcher.effects.items()}
        return cls(matcher, effects)


_TABLES = {lang: _Table.build(lexicon) for lang, lexicon in LEXICONS.items()}


def _severity(category: Category, onboard: bool) -> str:
    """Category severity, one step worse when an operational event is reported from on board."""
    level = CATEGORY_SEVERITY[category]
    if onboard and category not in NON_OPERATIONAL:
        level = Severity(min(level + 1, Severity.CRITICAL))
    return level.name


def classify(text: str, lang: str = "en") -> Incident:
    """Classify `text` (in `lang`, English tables when unknown) into the incident taxonomy.

    >>> inc = classify("we're diverting to Tulsa, medical emergency on board")
    >>> inc.category, inc.categories, inc.onboard, inc.severity
    ('MEDICAL', ['MEDICAL', 'DIVERSION'], True, 'CRITICAL')
    """
    table = _TABLES.get(lang) or _TABLES["en"]
    low = text.lower()
    if "’" in low:
        low = low.replace("’", "'")
    effects, resolve = table.effects, table.matcher.resolver.match
    scores = [0.0] * (_N + 6)
    hits: list[tuple[int, str]] = []  # (slot, cue text) that counted
    neg_end = hedge_end = -1000
    for m in table.matcher.scanner.finditer(low):
        start = m.start()
        negated = (
            start - neg_end <= NEGATION_REACH
            and low.count(" ", neg_end, start) <= 2  # at most one word between: "not even delayed"
            and not _SENTENCE_END.intersection(low[neg_end:start])
        )
        hedged = start - hedge_end <= HEDGE_REACH
        for slot, weight in effects[resolve(low, start).lastgroup]:  # type: ignore[union-attr,index]
            if slot == _NEG:
                neg_end = m.end()
                continue
            if slot == _HEDGE:
                hedge_end = m.end()
                continue
            if negated and slot in _NEGATABLE:
                if slot == _POS:  # "not happy" complains
                    scores[_VENT] += weight
                continue
            if hedged and slot < _N:
                weight *= HEDGE_FACTOR
            scores[slot] += weight
            hits.append((slot, m.group()))
    damp = 1.0
    context: list[str] = []
    # Reported trouble is itself a complaint: half its weight stands against the praise, so
    # "thanks for the 6 hour delay" stays a delay while "thanks for finding my bag" does not.
    against = scores[_VENT] + OWN_EVIDENCE * sum(scores[i] for i in _EVENTS)
    if scores[_VENT] >= 1.0:  # staff named in a complaint are the complaint: "your employees suck"
        scores[_CREW] *= COMPLAINED_ABOUT
    if scores[_POS] > against:
        damp = 1.0 / (1.0 + 2.0 * (scores[_POS] - against))
        context = [cue for slot, cue in hits if slot == _POS]
    if scores[_ASK] and "?" in low and scores[_VENT] < 1.0:
        damp *= QUESTION_FACTOR
        context += [cue for slot, cue in hits if slot == _ASK]
    onboard = scores[_ONBOARD] > 0
    found = sorted((i for i in range(_N) if scores[i] * damp >= THRESHOLD), key=lambda i: (-scores[i], i))
    if not found:
        best = max(scores[:_N]) * damp
        return Incident.model_construct(
            category=Category.NONE,
            confidence=round(max(0.5, 1.0 - 0.5 * best / THRESHOLD), 3),
            categories=[],
            cues=context,
            onboard=onboard,
            severity=Severity.NONE.name,
        )
    top = scores[found[0]] * damp
    second = scores[found[1]] * damp if len(found) > 1 else 0.0
    confidence = top / (top + 1.0) * (0.6 + 0.4 * (top - second) / top) + 0.05 * min(scores[_VENT], 2.0)
    cues = [cue for slot in found for s, cue in hits if s == slot]
    category = PRIORITY[found[0]]
    return Incident.model_construct(
        category=category,
        confidence=round(min(confidence, 1.0), 3),
        categories=[PRIORITY[i] for i in found],
        cues=list(dict.fromkeys(cues + context)),
        onboard=onboard,
        severity=_severity(category, onboard),
    )
