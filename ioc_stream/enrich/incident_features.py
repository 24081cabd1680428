"""What a post's words say, as features: the cue phrases found, context flags and rule scores.

Shared by the classifier (which weighs the features with the fitted weights) and by the fitting
script (which learns those weights), so both see exactly the same features.

A feature is an English cue phrase of the lexicon (its regex, e.g. ``delay\\w*``), a Spanish or
Portuguese phrase counts as the English cue it translates (`cue_translations`), so one fitted
weight serves all three languages. Context rules apply while scanning: a negator right before
a cue cancels it ("not delayed"; counted as `NEGATED` instead), a hedge weakens it ("if it gets
cancelled"), and "?" after an inquiry opener makes the post a `QUESTION`. The categories the
crowd labels never name (diversion, medical, tarmac hold...) keep the lexicon's expert weights:
their sums are returned as rule scores beside the features.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ioc_stream.enrich.cue_matcher import CueMatcher
from ioc_stream.enrich.cue_translations import TRANSLATIONS
from ioc_stream.enrich.lexicon import ASK, HEDGE, LEXICONS, NEG, ONBOARD, POS
from ioc_stream.enrich.wordlists import unaccented
from ioc_stream.taxonomy import Category

__all__ = [
    "CONTEXT_FEATURES",
    "FEATURES",
    "FITTED",
    "QUESTION",
    "RULED",
    "Extracted",
    "extract",
    "extract_lowered",
    "lowered",
]

#: Classes whose weights are fitted on crowd labels (OTHER stands for "Bad Flight").
FITTED: tuple[Category, ...] = (
    Category.NONE,
    Category.DELAY,
    Category.CANCELLATION,
    Category.BAGGAGE,
    Category.CREW,
    Category.AIRPORT_QUEUE,
    Category.CUSTOMER_SERVICE,
    Category.BOOKING,
    Category.OTHER,
)
#: Categories no crowd label names: scored by the lexicon's expert weights, most serious first.
RULED: tuple[Category, ...] = (
    Category.SAFETY_SECURITY,
    Category.MEDICAL,
    Category.DISRUPTIVE_PASSENGER,
    Category.DIVERSION,
    Category.GATE_RETURN,
    Category.MECHANICAL,
    Category.TARMAC_HOLD,
)
#: Context features, after the cue features: a negated incident cue, a negated praise cue,
#: an inquiry ending in "?", an exclamation mark, the poster on board.
NEGATED, NEGATED_PRAISE, QUESTION, EXCLAIM, ABOARD = (
    "(negated cue)",
    "(negated praise)",
    "(question)",
    "(exclamation)",
    "(on board)",
)
CONTEXT_FEATURES = (NEGATED, NEGATED_PRAISE, QUESTION, EXCLAIM, ABOARD)
#: Prior features: per lexicon key, the sum of the expert weights of its cues found ("(lexicon
#: DELAY)"), one steady summary beside the individual cues, which few posts carry each.
_PRIOR_KEYS = (*tuple(str(c) for c in FITTED if c is not Category.NONE), POS, "VENT")
PRIOR_FEATURES = tuple(f"(lexicon {key})" for key in _PRIOR_KEYS)
#: Operators, not evidence: they change how the next cue counts and are no features themselves.
_OPERATORS = (NEG, HEDGE)
#: Feature names in weight-file order: every English cue, then the context features.
FEATURES: tuple[str, ...] = (
    tuple(sorted({cue for key, cues in LEXICONS["en"].items() if key not in _OPERATORS for cue in cues}))
    + CONTEXT_FEATURES
    + PRIOR_FEATURES
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
_NEGATED, _NEGATED_PRAISE, _QUESTION, _EXCLAIM, _ABOARD = (_INDEX[n] for n in CONTEXT_FEATURES)

#: A negator or hedge reaches a cue that starts at most this many characters after it ends.
NEGATION_REACH = 12
HEDGE_REACH = 25
#: A hedged cue counts this much.
HEDGE_FACTOR = 0.4
_SENTENCE_END = frozenset(".,!?;\n")
# Rule slots: the ruled categories, then the context keys that steer the scan.
_R = len(RULED)
_SLOT = {str(c): i for i, c in enumerate(RULED)}
_NEG, _HEDGE, _POS, _ASK, _ONBOARD = range(_R, _R + 5)
_SLOT.update({NEG: _NEG, HEDGE: _HEDGE, POS: _POS, ASK: _ASK, ONBOARD: _ONBOARD})
_NOT_NEGATABLE = frozenset({"CREW", "BAGGAGE", "CUSTOMER_SERVICE"})  # "no bags" is still a complaint


class _Cue(NamedTuple):
    """What one matched cue does: its feature (or -1), rule effects, and whether a negator cancels it."""

    operator: int  # _NEG, _HEDGE or -1
    negatable: bool
    negated_feature: int  # what it counts as when a negator cancels it: _NEGATED or _NEGATED_PRAISE
    feature: int
    priors: tuple[tuple[int, float], ...]
    rules: tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class _Table:
    """One language's cues compiled: the scanner and what each matched cue does."""

    matcher: CueMatcher
    cues: dict[str, _Cue]

    @classmethod
    def build(cls, lang: str) -> _Table:
        lexicon = LEXICONS[lang]
        translate = TRANSLATIONS.get(lang, {})
        # Cues match unaccented texts; two spellings of one cue keep the larger weight, never the sum.
        merged: dict[str, dict[str, float]] = {}

        def add(pattern: str, effects: dict[str, float]) -> None:
            slot = merged.setdefault(unaccented(pattern), {})
            for key, weight in effects.items():
                slot[key] = max(slot.get(key, weight), weight)

        for key, phrases in lexicon.items():
            for pattern, weight in phrases.items():
                if pattern not in translate:  # a translated phrase does what its English cue does
                    add(pattern, {key: weight})
        for pattern, english in translate.items():  # a translation does all its English cue does
            english_effects = {key: phrases[english] for key, phrases in LEXICONS["en"].items() if english in phrases}
            add(pattern, {"=" + english: 1.0, **english_effects})
        matcher = CueMatcher(list(merged.items()))
        cues: dict[str, _Cue] = {}
        for name, effects in matcher.effects.items():
            feature, priors, rules, negatable, operator = -1, [], [], True, -1
            for key, weight in effects:
                if key.startswith("="):
                    feature = _INDEX[key[1:]]
                    continue
                if lang == "en" and key not in _OPERATORS:
                    feature = _INDEX[matcher.patterns[name]]
                if key in _PRIOR_KEYS:
                    priors.append((_INDEX[f"(lexicon {key})"], weight))
                if key in _NOT_NEGATABLE:
                    negatable = False
                slot = _SLOT.get(key)
                if slot in (_NEG, _HEDGE):
                    operator = slot
                elif slot is not None:
                    rules.append((slot, weight))
            negated = _NEGATED_PRAISE if any(slot == _POS for slot, _ in rules) else _NEGATED
            cues[name] = _Cue(operator, negatable, negated, feature, tuple(priors), tuple(rules))
        return cls(matcher, cues)


_TABLES = {lang: _Table.build(lang) for lang in LEXICONS}


class Extracted(NamedTuple):
    """The evidence in one post: feature values, rule scores, and the text of each counted cue."""

    features: dict[int, float]
    rules: list[float]
    hits: list[tuple[int, str]]  # (feature, matched text) for cues that counted, incl. via priors
    ruled_hits: list[tuple[int, str]]  # (rule slot, matched text)
    onboard: bool


_new_extracted = tuple.__new__  # Extracted(...) without the generated __new__'s Python call


def lowered(text: str) -> str:
    """The text as every scan reads it: lower case, curly apostrophes straightened."""
    low = text.lower()
    return low.replace("’", "'") if "’" in low else low


def extract(text: str, lang: str = "en") -> Extracted:
    """Find the cues of `text` (in `lang`; English tables when unknown) and apply the context rules."""
    return extract_lowered(lowered(text), lang)


def extract_lowered(low: str, lang: str = "en") -> Extracted:
    """`extract` of a text already passed through `lowered`."""
    table = _TABLES.get(lang) or _TABLES["en"]
    plain = unaccented(low)
    features: dict[int, float] = {}
    rules = [0.0] * (_R + 5)
    hits: list[tuple[int, str]] = []
    ruled_hits: list[tuple[int, str]] = []
    cues = table.cues
    neg_end = hedge_end = -1000
    for start, end, _, name in table.matcher.find(plain):
        found = low[start:end]  # the post's own spelling (same span: `unaccented` keeps lengths)
        operator, negatable, negated, feature, priors, cue_rules = cues[name]
        if operator >= 0:
            if operator == _NEG:
                neg_end = end
            else:
                hedge_end = end
            continue
        if (
            negatable
            and start - neg_end <= NEGATION_REACH
            and low.count(" ", neg_end, start) <= 2  # at most one word between: "not even delayed"
            and not _SENTENCE_END.intersection(low[neg_end:start])
        ):
            features[negated] = features.get(negated, 0.0) + 1.0
            continue
        value = HEDGE_FACTOR if start - hedge_end <= HEDGE_REACH else 1.0
        if feature >= 0:
            features[feature] = features.get(feature, 0.0) + value
            hits.append((feature, found))
        if priors:
            for f, weight in priors:
                features[f] = features.get(f, 0.0) + weight * value
                hits.append((f, found))
        if cue_rules:
            for slot, weight in cue_rules:
                rules[slot] += weight * value if slot < _R else weight
                ruled_hits.append((slot, found))
    if rules[_ASK] and "?" in low:
        features[_QUESTION] = 1.0
    if "!" in low:
        features[_EXCLAIM] = 1.0
    onboard = rules[_ONBOARD] > 0
    if onboard:
        features[_ABOARD] = 1.0
    return _new_extracted(Extracted, (features, rules, hits, ruled_hits, onboard))
