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
from pathlib import Path

from ioc_stream.enrich.incident_features import FEATURES, QUESTION, RULED, Extracted, extract
from ioc_stream.models import Incident
from ioc_stream.taxonomy import CATEGORY_SEVERITY, NON_OPERATIONAL, Category, Severity

__all__ = ["SPECIFIC", "THRESHOLD", "WEIGHTS_PATH", "IncidentClassifier", "Weights", "classify"]

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


class IncidentClassifier:
    """Classifies posts with one set of fitted weights (see the module docstring)."""

    __slots__ = ("_none", "_weights")

    def __init__(self, weights: Weights):
        self._weights = weights
        self._none = weights.classes.index(Category.NONE)

    def logits(self, found: Extracted) -> list[float]:
        """Each fitted class's sum: its bias plus the weight of every feature found."""
        scores = list(self._weights.bias)
        rows, k = self._weights.rows, range(len(scores))
        for feature, value in found.features.items():
            row = rows[feature]
            if row is not None:
                for i in k:
                    scores[i] += value * row[i]
        return scores

    def classify(self, text: str, lang: str = "en") -> Incident:
        """Classify `text` (in `lang`, English tables when unknown) into the incident taxonomy."""
        found = extract(text, lang)
        scores = self.logits(found)
        top = max(range(len(scores)), key=scores.__getitem__)
        if _QUESTION in found.features and scores[top] - scores[self._none] < INQUIRY_MARGIN:
            top = self._none
        peak = max(scores)
        exps = [math.exp(s - peak) for s in scores]
        total = sum(exps)
        fitted = self._weights.classes[top]
        ruled = [
            (c, s)
            for c, s in zip(RULED, found.rules)
            if s >= SPECIFIC or (s >= THRESHOLD and fitted is not Category.NONE)
        ]
        specific = [c for c, s in ruled if s >= SPECIFIC]
        if specific:
            category = specific[0]
            best = dict(ruled)[category]
            confidence = best / (best + 1.0)
        else:
            category = fitted if fitted is not Category.NONE else Category.NONE
            confidence = max(exps[top] / total, 0.5) if top == self._none else exps[top] / total
        if category is Category.NONE:
            return Incident.model_construct(
                category=Category.NONE,
                confidence=round(confidence, 3),
                categories=[],
                cues=self._cues(found, self._none),
                onboard=found.onboard,
                severity=Severity.NONE.name,
            )
        categories = [category] + [c for c, _ in ruled]
        if fitted is not Category.NONE:
            categories.append(fitted)
        categories += [
            c for c, e in zip(self._weights.classes, exps) if c is not Category.NONE and e / total >= SECONDARY
        ]
        cues = [text for slot, text in found.ruled_hits if slot < len(RULED) and RULED[slot] in categories]
        if fitted is not Category.NONE:
            cues += self._cues(found, top)
        return Incident.model_construct(
            category=category,
            confidence=round(min(confidence, 1.0), 3),
            categories=list(dict.fromkeys(categories)),
            cues=list(dict.fromkeys(cues)),
            onboard=found.onboard,
            severity=_severity(category, found.onboard),
        )

    def _cues(self, found: Extracted, k: int) -> list[str]:
        """The matched phrases that raised class `k` above the classes' average, strongest first.

        (Softmax weights are relative: only a cue's lead over the other classes moves a decision.)
        """
        rows = self._weights.rows
        raised = []
        for f, text in found.hits:
            row = rows[f]
            if row is not None and (lead := row[k] - sum(row) / len(row)) > 0:
                raised.append((lead, text))
        return list(dict.fromkeys(text for _, text in sorted(raised, key=lambda r: -r[0])))


_DEFAULT = IncidentClassifier(Weights.load())


def classify(text: str, lang: str = "en") -> Incident:
    """Classify `text` (in `lang`, English tables when unknown) with the shipped weights.

    >>> inc = classify("we're diverting to Tulsa, medical emergency on board")
    >>> str(inc.category), [str(c) for c in inc.categories[:2]], inc.onboard, inc.severity
    ('MEDICAL', ['MEDICAL', 'DIVERSION'], True, 'CRITICAL')
    """
    return _DEFAULT.classify(text, lang)
