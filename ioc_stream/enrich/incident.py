"""Incident category of a post, with the cues that decided it, in en/es/pt.

A transparent linear scorer over human-readable cue phrases (`incident_features`). Two kinds of
weights, both readable:

- the classes crowd labels name (delay, cancellation, baggage, crew, queues, customer service,
  booking, other, and NONE for no incident) use weights fitted on labelled posts by
  ``benchmarks/fit_incident_weights.py`` and stored in ``data/incident_weights.json``: each class
  sums its bias and the weights of the cues found; the highest sum wins;
- the operational categories no label names (diversion, gate return, tarmac hold, mechanical,
  medical, disruptive passenger, safety) use the lexicon's expert weights: a category reaching
  `THRESHOLD` is reported, and with `SPECIFIC` evidence ("stuck on the tarmac", "diverted") it
  is the primary category, the most serious first (`RULED` order).

Every decision can be read back from `Incident.cues`: the phrases that pushed the winner up.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from itertools import repeat
from operator import add, itemgetter, sub
from pathlib import Path

from ioc_stream.construct import builder
from ioc_stream.enrich.incident_features import FEATURES, QUESTION, RULED, Extracted, extract
from ioc_stream.models import Incident
from ioc_stream.taxonomy import CATEGORY_SEVERITY, NON_OPERATIONAL, Category, Severity

__all__ = ["SPECIFIC", "THRESHOLD", "WEIGHTS_PATH", "IncidentClassifier", "Weights", "build_incident", "classify"]

#: The fitted weights shipped with the package.
WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "data" / "incident_weights.json"
#: Expert score a ruled category needs to be reported (alongside a fitted incident class).
THRESHOLD = 1.5
#: Expert score that makes a ruled category primary, and reportable even when the fitted
#: classes see no incident ("we're diverting to Tulsa").
SPECIFIC = 3.0
#: Another fitted class this probable is reported too, after the primary.
SECONDARY = 0.3
#: An inquiry ("is my flight delayed?") is a report only if its class beats NONE by this much.
INQUIRY_MARGIN = 2.0
_QUESTION = FEATURES.index(QUESTION)
_RULED = len(RULED)
_NONE = Category.NONE
_LEAD, _PHRASE = itemgetter(0), itemgetter(1)
_exp = math.exp


@dataclass(frozen=True, slots=True)
class Weights:
    """Fitted weights: classes, their biases, and per feature (`FEATURES` order) a row or None."""

    classes: tuple[Category, ...]
    bias: tuple[float, ...]
    rows: tuple[tuple[float, ...] | None, ...]

    @classmethod
    def from_payload(cls, payload: dict) -> Weights:
        """Build from the weight file's JSON; cues the file does not name weigh nothing."""
        classes = tuple(Category(c) for c in payload["classes"])
        known = payload["weights"]
        stale = set(known) - set(FEATURES)
        if stale:
            raise ValueError(f"weight file names cues the lexicon lacks (refit): {sorted(stale)[:5]}")
        rows = tuple(tuple(known[name]) if name in known else None for name in FEATURES)
        return cls(classes, tuple(payload["bias"]), rows)

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Weights:
        """Read a weight file written by the fitting script."""
        return cls.from_payload(json.loads(path.read_text(encoding="utf-8")))


def _severity(category: Category, onboard: bool) -> str:
    """Category severity, one step worse when an operational event is reported from on board."""
    level = CATEGORY_SEVERITY[category]
    if onboard and category not in NON_OPERATIONAL:
        level = Severity(min(level + 1, Severity.CRITICAL))
    return level.name


_SEVERITY = {(c, onboard): _severity(c, onboard) for c in CATEGORY_SEVERITY for onboard in (False, True)}
_incident = builder(Incident)


def build_incident(
    category: Category, confidence: float, categories: list[Category], cues: list[str], onboard: bool, severity: str
) -> Incident:
    """An `Incident` of these already-typed fields, unvalidated (see `ioc_stream.construct`)."""
    return _incident(
        {
            "category": category,
            "confidence": confidence,
            "categories": categories,
            "cues": cues,
            "onboard": onboard,
            "severity": severity,
        }
    )


class IncidentClassifier:
    """Classifies posts with one set of fitted weights (see the module docstring)."""

    __slots__ = ("_bias", "_classes", "_first", "_leads", "_none", "_plain", "_rows", "_weights")

    def __init__(self, weights: Weights):
        self._weights = weights
        self._classes = weights.classes
        self._none = weights.classes.index(Category.NONE)
        self._bias = list(weights.bias)
        self._rows = weights.rows
        # Per feature: bias + weight, the scores after a first feature of value 1.0 (same float steps).
        self._first = tuple(None if row is None else list(map(add, self._bias, row)) for row in weights.rows)
        # Per class, per feature: how far the class's weight is above the feature's average
        # (0.0 for features without weights, which raise nothing).
        self._leads = tuple(
            tuple(0.0 if row is None else row[k] - sum(row) / len(row) for row in weights.rows)
            for k in range(len(weights.classes))
        )
        # A post without any cue gets the biases' verdict: NONE at this confidence (None if the
        # biases alone favour another class, which then goes the general way).
        bias = self._bias
        peak = max(bias)
        self._plain = (
            round(max(math.exp(bias[self._none] - peak) / sum(map(math.exp, map(sub, bias, repeat(peak)))), 0.5), 3)
            if bias.index(peak) == self._none
            else None
        )

    def logits(self, found: Extracted) -> list[float]:
        """Each fitted class's sum: its bias plus the weight of every feature found."""
        return _logits(self._bias, self._first, self._rows, found.features)

    def classify(self, text: str, lang: str = "en") -> Incident:
        """Classify `text` (in `lang`, English tables when unknown) into the incident taxonomy."""
        features, rules, hits, ruled_hits, onboard = extract(text, lang)
        if not features and not ruled_hits and self._plain is not None:
            return build_incident(_NONE, self._plain, [], [], False, "NONE")
        scores = _logits(self._bias, self._first, self._rows, features)
        none = self._none
        peak = max(scores)
        top = scores.index(peak)
        if _QUESTION in features and peak - scores[none] < INQUIRY_MARGIN:
            top = none
        ruled = (
            [(c, s) for c, s in zip(RULED, rules) if s >= SPECIFIC or (s >= THRESHOLD and top != none)]
            if ruled_hits and max(rules[:_RULED]) >= THRESHOLD
            else ()
        )
        confidence = None
        for category, best in ruled:  # the most serious specific ruled category, if any, is primary
            if best >= SPECIFIC:
                confidence = best / (best + 1.0)
                break
        else:
            if top == none:
                total = sum([_exp(s - peak) for s in scores])
                own = 1.0 if scores[none] == peak else _exp(scores[none] - peak)  # exp(0.0) is 1.0
                confidence = round(max(own / total, 0.5), 3)
                return build_incident(_NONE, confidence, [], self._cues(hits, none) if hits else [], onboard, "NONE")
            category = self._classes[top]
        exps = [_exp(s - peak) for s in scores]
        total = sum(exps)
        if confidence is None:
            confidence = exps[top] / total
        categories = [category]
        for c, _ in ruled:
            if c not in categories:
                categories.append(c)
        if top != none and self._classes[top] not in categories:
            categories.append(self._classes[top])
        # Every other fitted class this probable (division as written: e / total >= SECONDARY).
        for c, e in zip(self._classes, exps):
            if e / total >= SECONDARY and c is not _NONE and c not in categories:
                categories.append(c)
        cues = [phrase for slot, phrase in ruled_hits if slot < _RULED and RULED[slot] in categories] if ruled_hits else []
        if top != none and hits:
            cues += self._cues(hits, top)
        return build_incident(
            category,
            round(min(confidence, 1.0), 3),
            categories,
            list(dict.fromkeys(cues)) if len(cues) > 1 else cues,
            onboard,
            _SEVERITY[category, onboard],
        )

    def _cues(self, hits: list[tuple[int, str]], k: int) -> list[str]:
        """The matched phrases that raised class `k` above the classes' average, strongest first.

        (Softmax weights are relative: only a cue's lead over the other classes moves a decision.)
        """
        leads = self._leads[k]
        raised = [(leads[f], phrase) for f, phrase in hits if leads[f] > 0]
        if len(raised) < 2:
            return [phrase for _, phrase in raised]
        return list(dict.fromkeys(map(_PHRASE, sorted(raised, key=_LEAD, reverse=True))))


def _logits(
    bias: list[float],
    first: tuple[list[float] | None, ...],
    rows: tuple[tuple[float, ...] | None, ...],
    features: dict[int, float],
) -> list[float]:
    """Per class: bias + value * weight for each feature in `features` order (the exact float steps).

    `first` holds bias + weight per feature, the sums after a leading feature of value 1.0.
    (Comprehensions, not map chains: compiled by mypyc they become C loops.)
    """
    scores: list[float] | None = None
    for feature, value in features.items():
        row = rows[feature]
        if row is None:
            continue
        if scores is None:
            start = first[feature]
            scores = list(start) if value == 1.0 and start is not None else [b + w * value for b, w in zip(bias, row)]
        elif value == 1.0:
            scores = [s + w for s, w in zip(scores, row)]
        else:
            scores = [s + w * value for s, w in zip(scores, row)]
    return list(bias) if scores is None else scores


_DEFAULT = IncidentClassifier(Weights.load())


def classify(text: str, lang: str = "en") -> Incident:
    """Classify `text` (in `lang`, English tables when unknown) with the shipped weights.

    >>> inc = classify("we're diverting to Tulsa, medical emergency on board")
    >>> str(inc.category), [str(c) for c in inc.categories[:2]], inc.onboard, inc.severity
    ('MEDICAL', ['MEDICAL', 'DIVERSION'], True, 'CRITICAL')
    """
    return _DEFAULT.classify(text, lang)
