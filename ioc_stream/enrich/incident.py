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
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import add, itemgetter, mul, sub
from pathlib import Path

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
_LEAD = itemgetter(0)


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
_FIELDS = tuple(Incident.model_fields)
_new = object.__new__
_set = object.__setattr__


def build_incident(
    category: Category, confidence: float, categories: list[Category], cues: list[str], onboard: bool, severity: str
) -> Incident:
    """``Incident.model_construct(...)`` with these fields, built directly (no validation, ten times faster).

    Sets exactly what ``model_construct`` sets for a model like `Incident` (no aliases, defaults
    or post-init; extra fields forbidden): the field values in declaration order, every field
    marked as set, no extra or private values.
    """
    incident = _new(Incident)
    _set(
        incident,
        "__dict__",
        {
            "category": category,
            "confidence": confidence,
            "categories": categories,
            "cues": cues,
            "onboard": onboard,
            "severity": severity,
        },
    )
    _set(incident, "__pydantic_fields_set__", {"category", "confidence", "categories", "cues", "onboard", "severity"})
    _set(incident, "__pydantic_extra__", None)
    _set(incident, "__pydantic_private__", None)
    return incident


if (
    _FIELDS != ("category", "confidence", "categories", "cues", "onboard", "severity")
    or Incident.__pydantic_post_init__
    or Incident.model_config.get("extra") == "allow"
    or any(f.alias or f.validation_alias for f in Incident.model_fields.values())
):  # pragma: no cover - the model changed: fall back to pydantic's own constructor

    def build_incident(  # type: ignore[no-redef]
        category: Category, confidence: float, categories: list[Category], cues: list[str], onboard: bool, severity: str
    ) -> Incident:
        """``Incident.model_construct(...)`` with these fields."""
        return Incident.model_construct(
            category=category, confidence=confidence, categories=categories, cues=cues, onboard=onboard, severity=severity
        )


class IncidentClassifier:
    """Classifies posts with one set of fitted weights (see the module docstring)."""

    __slots__ = ("_bias", "_classes", "_leads", "_none", "_plain", "_rows", "_weights")

    def __init__(self, weights: Weights):
        self._weights = weights
        self._classes = weights.classes
        self._none = weights.classes.index(Category.NONE)
        self._bias = list(weights.bias)
        self._rows = weights.rows
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
        scores: Iterable[float] = self._bias
        rows = self._rows
        for feature, value in found.features.items():
            row = rows[feature]
            if row is not None:  # score + value * weight, class by class (value 1.0 leaves weights as they are)
                scores = map(add, scores, row if value == 1.0 else map(mul, row, repeat(value)))
        return list(scores)

    def classify(self, text: str, lang: str = "en") -> Incident:
        """Classify `text` (in `lang`, English tables when unknown) into the incident taxonomy."""
        found = extract(text, lang)
        if not found.features and not found.ruled_hits and self._plain is not None:
            return build_incident(_NONE, self._plain, [], [], False, "NONE")
        scores = self.logits(found)
        none = self._none
        peak = max(scores)
        top = scores.index(peak)
        if _QUESTION in found.features and peak - scores[none] < INQUIRY_MARGIN:
            top = none
        rules = found.rules
        ruled = (
            [(c, s) for c, s in zip(RULED, rules) if s >= SPECIFIC or (s >= THRESHOLD and top != none)]
            if found.ruled_hits and max(rules[:_RULED]) >= THRESHOLD
            else ()
        )
        confidence = None
        for category, best in ruled:  # the most serious specific ruled category, if any, is primary
            if best >= SPECIFIC:
                confidence = best / (best + 1.0)
                break
        else:
            if top == none:
                total = sum(map(math.exp, map(sub, scores, repeat(peak))))
                confidence = round(max(math.exp(scores[none] - peak) / total, 0.5), 3)
                return build_incident(_NONE, confidence, [], self._cues(found, none), found.onboard, "NONE")
            category = self._classes[top]
        exps = list(map(math.exp, map(sub, scores, repeat(peak))))
        total = sum(exps)
        if confidence is None:
            confidence = exps[top] / total
        categories = [category]
        categories += [c for c, _ in ruled]
        if top != none:
            categories.append(self._classes[top])
        categories += [c for k, (c, e) in enumerate(zip(self._classes, exps)) if k != none and e / total >= SECONDARY]
        cues = [phrase for slot, phrase in found.ruled_hits if slot < _RULED and RULED[slot] in categories]
        if top != none:
            cues += self._cues(found, top)
        return build_incident(
            category,
            round(min(confidence, 1.0), 3),
            list(dict.fromkeys(categories)),
            list(dict.fromkeys(cues)),
            found.onboard,
            _SEVERITY[category, found.onboard],
        )

    def _cues(self, found: Extracted, k: int) -> list[str]:
        """The matched phrases that raised class `k` above the classes' average, strongest first.

        (Softmax weights are relative: only a cue's lead over the other classes moves a decision.)
        """
        leads = self._leads[k]
        raised = [(leads[f], phrase) for f, phrase in found.hits if leads[f] > 0]
        if len(raised) < 2:
            return [phrase for _, phrase in raised]
        return list(dict.fromkeys(phrase for _, phrase in sorted(raised, key=_LEAD, reverse=True)))


_DEFAULT = IncidentClassifier(Weights.load())


def classify(text: str, lang: str = "en") -> Incident:
    """Classify `text` (in `lang`, English tables when unknown) with the shipped weights.

    >>> inc = classify("we're diverting to Tulsa, medical emergency on board")
    >>> str(inc.category), [str(c) for c in inc.categories[:2]], inc.onboard, inc.severity
    ('MEDICAL', ['MEDICAL', 'DIVERSION'], True, 'CRITICAL')
    """
    return _DEFAULT.classify(text, lang)
