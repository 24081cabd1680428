"""Incident category of a post, with the cues that decided it and whether it reports anything, in en/es/pt.

Three readings of one post, each explainable:

- the classes crowd labels name (delay, cancellation, baggage, crew, queues, customer service,
  booking, other, and NONE) come from the fitted linear model (`incident_model`): each class sums
  its bias and the weights of the post's cue and word features; the highest sum wins;
- the operational categories no label names (diversion, gate return, tarmac hold, mechanical,
  medical, disruptive passenger, safety and security) use the lexicon's expert weights: a category
  reaching `THRESHOLD` is reported, and with `SPECIFIC` evidence ("stuck on the tarmac",
  "shots fired") it is the primary category, the most serious first (`RULED` order);
- the report kind (`report`): talk ("we're hiring flight attendants") gets no category at all,
  and the other kinds keep theirs (the correlator counts first-hand and relayed reports only).

`Incident.cues` lists, strongest first, the phrases and words that pushed the primary category up;
`Incident.report_cues` the phrases that made a post relayed or talk.
"""

from __future__ import annotations

import math
from operator import itemgetter

from ioc_stream.construct import builder
from ioc_stream.enrich.incident_features import FEATURES, QUESTION, RULED, extract_lowered, lowered
from ioc_stream.enrich.incident_model import IncidentModel
from ioc_stream.enrich.report import TALK_KIND, report_kind
from ioc_stream.enrich.words import AIRLINE, HANDLE, NUMBER, URL, display, spans, tokens, word_features
from ioc_stream.models import Incident
from ioc_stream.taxonomy import CATEGORY_SEVERITY, NON_OPERATIONAL, Category, Severity

__all__ = ["MAX_CUES", "SECONDARY", "SPECIFIC", "THRESHOLD", "IncidentClassifier", "build_incident", "classify"]

#: Expert score a ruled category needs to be reported (alongside a fitted incident class).
THRESHOLD = 1.5
#: Expert score that makes a ruled category primary, and reportable even when the fitted
#: classes see no incident ("we're diverting to Tulsa").
SPECIFIC = 3.0
#: Another fitted class this probable is reported too, after the primary.
SECONDARY = 0.3
#: A feature must push its class this far above the others to be shown as a cue.
MIN_LEAD = 0.25
#: At most this many cues explain a decision.
MAX_CUES = 6
_RULED = len(RULED)
_QUESTION_FEATURE = FEATURES.index(QUESTION)
_NONE = Category.NONE
_LEAD = itemgetter(0)
_exp = math.exp
#: Word features made only of these explain nothing to a person: placeholders ("@handle", "a number")
#: and English function words ("but", "we're").
_UNEXPLAINING = frozenset(
    {URL, HANDLE, NUMBER, AIRLINE}
    | set(
        "a an the and or but to of in on at for with from by as is are was were be been am i i'm im we we're you "
        "your u it it's this that my our me us they their them he she so just do did does have has had will would "
        "can could if what how when there here up out all not no".split()
    )
)


def _severity(category: Category, onboard: bool) -> str:
    """Category severity, one step worse when an operational event is reported from on board."""
    level = CATEGORY_SEVERITY[category]
    if onboard and category not in NON_OPERATIONAL:
        level = Severity(min(level + 1, Severity.CRITICAL))
    return level.name


_SEVERITY = {(c, onboard): _severity(c, onboard) for c in CATEGORY_SEVERITY for onboard in (False, True)}
_incident = builder(Incident)


def build_incident(
    category: Category,
    confidence: float,
    categories: list[Category],
    cues: list[str],
    onboard: bool,
    severity: str,
    report: str = "first_hand",
    report_cues: list[str] | None = None,
    confidences: dict[Category, float] | None = None,
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
            "report": report,
            "report_cues": report_cues if report_cues is not None else [],
            "confidences": confidences if confidences is not None else {},
        }
    )


def _explainable(feature: str) -> bool:
    """False for word features made only of placeholders and function words ("_handle", "but", "to the")."""
    return not all(part in _UNEXPLAINING for part in feature.split(" "))


class IncidentClassifier:
    """Classifies posts with one fitted model (see the module docstring)."""

    __slots__ = ("_bias_cues", "_bias_words", "_classes", "_model", "_none", "_rows", "_shown", "_vocabulary")

    def __init__(self, model: IncidentModel):
        self._model = model
        self._classes = model.classes
        self._none = model.classes.index(Category.NONE)
        self._bias_words = list(model.bias_words)
        self._bias_cues = list(model.bias_cues)
        self._rows = model.rows
        self._vocabulary = model.vocabulary
        # Word features a person can read as a cue (placeholder-only ones never are).
        self._shown = frozenset(w for w in model.vocabulary if _explainable(w))

    @property
    def model(self) -> IncidentModel:
        """The fitted model this classifier scores with."""
        return self._model

    def classify(self, text: str, lang: str = "en") -> Incident:
        """Classify `text` (in `lang`; English tables when unknown) into the incident taxonomy."""
        low = lowered(text)
        features, rules, hits, ruled_hits, onboard = extract_lowered(low, lang)
        english = lang != "es" and lang != "pt"
        raw: list[str] = []
        words: list[tuple[int, int]] = []  # (feature, position in word_features(raw)) of readable word features
        if english:
            raw = tokens(low)
            vocabulary, shown = self._vocabulary, self._shown
            for position, word in enumerate(word_features(raw)):
                index = vocabulary.get(word)
                if index is not None and index not in features:
                    features[index] = 1.0
                    if word in shown:
                        words.append((index, position))
            bias = self._bias_words
        else:
            bias = self._bias_cues
        scores = _logits(bias, self._rows, features)
        none = self._none
        peak = max(scores)
        top = scores.index(peak)
        ruled = (
            [(c, s) for c, s in zip(RULED, rules) if s >= SPECIFIC or (s >= THRESHOLD and top != none)]
            if ruled_hits and max(rules[:_RULED]) >= THRESHOLD
            else []
        )
        kind, report_cues = report_kind(low, lang, _inquiry(features), onboard)
        if kind == TALK_KIND or (top == none and not any(s >= SPECIFIC for _, s in ruled)):
            exps = [_exp(s - peak) for s in scores]
            confidence = round(max(exps[none] / sum(exps), 0.5), 3)
            cues = self._cues(hits, words, raw, low, none) if top == none and kind != TALK_KIND else []
            return build_incident(_NONE, confidence, [], cues[:MAX_CUES], onboard, "NONE", kind, report_cues)
        exps = [_exp(s - peak) for s in scores]
        total = sum(exps)
        confidences: dict[Category, float] = {}
        category: Category | None = None
        for c, best in ruled:  # the most serious specific ruled category, if any, is primary
            confidences[c] = round(best / (best + 1.0), 3)
            if category is None and best >= SPECIFIC:
                category = c
        if top != none:
            fitted = self._classes[top]
            confidences.setdefault(fitted, round(exps[top] / total, 3))
            if category is None:
                category = fitted
        assert category is not None  # top is not NONE, or a ruled category is specific
        # Every other fitted class this probable is reported too (division as written: e / total >= SECONDARY).
        for c, e in zip(self._classes, exps):
            if c is not _NONE and c not in confidences and e / total >= SECONDARY:
                confidences[c] = round(e / total, 3)
        categories = [category] + [c for c in confidences if c is not category]
        # The expert phrases of the primary and every other ruled category reported, primary first; the
        # words that raised a fitted primary class.
        cues = [phrase for slot, phrase in ruled_hits if slot < _RULED and RULED[slot] is category]
        cues += [phrase for slot, phrase in ruled_hits if slot < _RULED and RULED[slot] in confidences]
        if category not in RULED:
            cues += self._cues(hits, words, raw, low, top)
        return build_incident(
            category,
            min(confidences[category], 1.0),
            categories,
            list(dict.fromkeys(cues))[:MAX_CUES] if len(cues) > 1 else cues,
            onboard,
            _SEVERITY[category, onboard],
            kind,
            report_cues,
            confidences,
        )

    def _cues(
        self, hits: list[tuple[int, str]], words: list[tuple[int, int]], raw: list[str], low: str, k: int
    ) -> list[str]:
        """The matched phrases and words that raised class `k` above the others, strongest first.

        Weights are centred per feature, so a feature's weight for `k` is its lead over the average
        class; a word already inside a stronger phrase shown is not shown again.
        """
        rows = self._rows
        raised: list[tuple[float, str | int]] = []
        for f, phrase in hits:
            row = rows[f]
            if row is not None and row[k] >= MIN_LEAD:
                raised.append((row[k], phrase))
        for f, position in words:
            row = rows[f]
            if row is not None and row[k] >= MIN_LEAD:
                raised.append((row[k], position))
        raised.sort(key=_LEAD, reverse=True)
        shown: list[str] = []
        token_spans: list[tuple[int, int]] | None = None
        for _, what in raised[: 2 * MAX_CUES]:
            if isinstance(what, str):
                phrase = what
            else:
                if token_spans is None:
                    token_spans = spans(low)
                phrase = display(what, len(raw), token_spans, low)
            if not any(phrase in other for other in shown):
                shown.append(phrase)
        return shown


def _inquiry(features: dict[int, float]) -> bool:
    """The incident scan's question flag: an inquiry opener and a "?"."""
    return _QUESTION_FEATURE in features


def _logits(bias: list[float], rows: tuple[tuple[float, ...] | None, ...], features: dict[int, float]) -> list[float]:
    """Per class: bias + value * weight for each feature in `features` (comprehensions: C loops when compiled)."""
    scores = list(bias)
    for feature, value in features.items():
        row = rows[feature]
        if row is None:
            continue
        if value == 1.0:
            scores = [s + w for s, w in zip(scores, row)]
        else:
            scores = [s + w * value for s, w in zip(scores, row)]
    return scores


_DEFAULT = IncidentClassifier(IncidentModel.load(strict=False))


def classify(text: str, lang: str = "en") -> Incident:
    """Classify `text` (in `lang`; English tables when unknown) with the shipped model.

    >>> inc = classify("we're diverting to Tulsa, medical emergency on board")
    >>> str(inc.category), [str(c) for c in inc.categories[:2]], inc.onboard, inc.severity
    ('MEDICAL', ['MEDICAL', 'DIVERSION'], True, 'CRITICAL')
    """
    return _DEFAULT.classify(text, lang)
