"""Fits the incident model on crowd-labelled posts (offline; needs scikit-learn, the product never does).

One multinomial logistic regression over the cue features (`incident_features`) and the word
features (`words`) of the labelled posts, weighted by the crowd's confidence (a label three
workers in five agreed on teaches less than a unanimous one). The raw arg-max favours the big
classes, so per-class decision offsets are tuned on out-of-fold scores only (repeated k-fold
inside the training posts, never the fitted model's own scores): they maximise macro-F1 over the
scored classes with the false-incident rate within a budget, once for English posts (cues and
words) and once for the cue-only view that Spanish and Portuguese posts get.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from ioc_stream.enrich.crowd_labels import SCORED, LabelledPost
from ioc_stream.enrich.incident_features import FEATURES, FITTED, extract, lowered
from ioc_stream.enrich.incident_model import FORMAT
from ioc_stream.enrich.lang import detect_lang
from ioc_stream.enrich.words import tokens, word_features
from ioc_stream.taxonomy import NON_OPERATIONAL, Category

__all__ = ["Settings", "cue_matrix", "fit", "macro_f1_and_fir", "tune_offsets"]


@dataclass(frozen=True)
class Settings:
    """Everything a fit depends on besides the posts (the defaults were chosen by 2-fold study, BENCHMARKS.md)."""

    c: float = 0.25  # inverse L2 strength
    min_df: int = 3  # a word feature must occur in this many training posts
    confidence_power: float = 2.0  # sample weight = clip(crowd confidence, 0.3, 1) ** power
    budget: float = 0.035  # false-incident rate the offsets may spend (the target is 4%)
    cue_budget: float = 0.035  # the same for the cue-only view (Spanish and Portuguese posts)
    folds: int = 4
    repeats: int = 3  # out-of-fold passes (different shuffles) the offsets are tuned on
    min_weight: float = 0.01  # word rows whose largest centred weight is below this are dropped


#: Offsets tried per class and round of the coordinate search.
_STEPS = (-2.0, -1.5, -1.0, -0.6, -0.3, -0.1, 0.1, 0.3, 0.6, 1.0, 1.5, 2.0)
_NONE = FITTED.index(Category.NONE)
_SCORED_INDEX = [FITTED.index(k) for k in SCORED]
_OPERATIONAL = [FITTED.index(k) for k in FITTED if k not in NON_OPERATIONAL]


def macro_f1_and_fir(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    """Macro-F1 over the scored classes and the false-incident rate, on class indices."""
    f1s = []
    for c in _SCORED_INDEX:
        tp = int(((gold == c) & (predicted == c)).sum())
        denominator = int((gold == c).sum() + (predicted == c).sum())
        f1s.append(2 * tp / denominator if denominator else 0.0)
    quiet = predicted[gold == _NONE]
    return float(np.mean(f1s)), float(np.isin(quiet, _OPERATIONAL).mean()) if len(quiet) else 0.0


def tune_offsets(scores: np.ndarray, gold: np.ndarray, budget: float) -> list[float]:
    """Per-class offsets added to the scores that maximise macro-F1 with the false-incident rate within `budget`.

    A coordinate search: each class's bar moves in steps (NONE stays the reference), kept when the
    objective improves; three rounds of halving steps. Only biases move: the weights stay as fitted.
    """
    offsets = np.zeros(scores.shape[1])

    def objective(o: np.ndarray) -> float:
        f1, fir = macro_f1_and_fir(gold, (scores + o).argmax(axis=1))
        return f1 - 10.0 * max(0.0, fir - budget)

    best = objective(offsets)
    for scale in (1.0, 0.5, 0.25):
        for k in range(scores.shape[1]):
            if k == _NONE:
                continue
            for step in _STEPS:
                trial = offsets.copy()
                trial[k] += step * scale
                value = objective(trial)
                if value > best:
                    best, offsets = value, trial
    return [float(o) for o in offsets]


@dataclass
class _Design:
    """The training posts as matrices: all features (English view) and cue features only."""

    full: csr_matrix
    cues: csr_matrix
    vocabulary: list[str]


def _features(posts: Sequence[LabelledPost]) -> tuple[list[dict[int, float]], list[list[str]]]:
    """Per post: its cue feature values, and its word features (English posts only, as at run time)."""
    cue_rows, word_rows = [], []
    for post in posts:
        lang = detect_lang(post.text)
        cue_rows.append(extract(post.text, lang).features)
        word_rows.append(word_features(tokens(lowered(post.text))) if lang == "en" else [])
    return cue_rows, word_rows


def _design(posts: Sequence[LabelledPost], min_df: int) -> _Design:
    """Sparse matrices of the posts; the vocabulary is every word feature in at least `min_df` posts."""
    cue_rows, word_rows = _features(posts)
    df = Counter(w for words in word_rows for w in set(words))
    vocabulary = sorted(w for w, n in df.items() if n >= min_df)
    index = {w: len(FEATURES) + i for i, w in enumerate(vocabulary)}
    width = len(FEATURES) + len(vocabulary)
    data: list[float] = []
    cols: list[int] = []
    indptr = [0]
    cue_indptr = [0]
    cue_data: list[float] = []
    cue_cols: list[int] = []
    for features, words in zip(cue_rows, word_rows):
        cue_cols.extend(features)
        cue_data.extend(features.values())
        cue_indptr.append(len(cue_cols))
        present = sorted({index[w] for w in words if w in index})
        cols.extend(list(features) + present)
        data.extend(list(features.values()) + [1.0] * len(present))
        indptr.append(len(cols))
    n = len(posts)
    return _Design(
        full=csr_matrix((data, cols, indptr), shape=(n, width)),
        cues=csr_matrix((cue_data, cue_cols, cue_indptr), shape=(n, width)),
        vocabulary=vocabulary,
    )


def cue_matrix(posts: Sequence[LabelledPost]) -> csr_matrix:
    """The cue features of the posts alone, one row a post (`FEATURES` columns)."""
    return _design(posts, min_df=len(posts) + 1).full


def _model(settings: Settings) -> LogisticRegression:
    return LogisticRegression(C=settings.c, max_iter=5000)


def fit(posts: Sequence[LabelledPost], settings: Settings = Settings(), version: str = "dev") -> dict[str, Any]:
    """Fit on the posts that have a fitting target; return the model file's payload (recording `version`)."""
    train = [p for p in posts if p.target is not None]
    design = _design(train, settings.min_df)
    y = np.array([FITTED.index(p.target) for p in train if p.target is not None])
    if sorted(set(y)) != list(range(len(FITTED))):
        raise ValueError("every fitted class needs posts among the training posts")
    weight = np.clip(np.array([p.confidence for p in train]), 0.3, 1.0) ** settings.confidence_power
    scored = np.array([p.gold is not None for p in train])
    gold = np.array([FITTED.index(p.gold) if p.gold is not None else -1 for p in train])
    views: dict[str, list[np.ndarray]] = {"words": [], "cues": []}
    for seed in range(settings.repeats):
        oof = {view: np.zeros((len(train), len(FITTED))) for view in views}
        for a, b in StratifiedKFold(settings.folds, shuffle=True, random_state=seed).split(design.full, y):
            model = _model(settings).fit(design.full[a], y[a], sample_weight=weight[a])
            oof["words"][b] = model.decision_function(design.full[b])
            oof["cues"][b] = model.decision_function(design.cues[b])
        for view in views:
            views[view].append(oof[view][scored])
    budgets = {"words": settings.budget, "cues": settings.cue_budget}
    offsets = {
        view: tune_offsets(np.vstack(parts), np.tile(gold[scored], settings.repeats), budgets[view])
        for view, parts in views.items()
    }
    model = _model(settings).fit(design.full, y, sample_weight=weight)
    coef = model.coef_ - model.coef_.mean(axis=0, keepdims=True)  # same decisions, readable weights
    n_cues = len(FEATURES)
    cues = {}
    for j, name in enumerate(FEATURES):
        row = [round(float(w), 3) for w in coef[:, j]]
        if any(row):
            cues[name] = row
    words = {}
    for i, word in enumerate(design.vocabulary):
        column = coef[:, n_cues + i]
        if float(np.abs(column).max()) >= settings.min_weight:
            words[word] = [round(float(w), 3) for w in column]
    return {
        "format": FORMAT,
        "version": version,
        "classes": [str(k) for k in FITTED],
        "intercept": [round(float(b), 4) for b in model.intercept_],
        "offsets": {view: [round(o, 3) for o in values] for view, values in offsets.items()},
        "trained": {
            "posts": len(train),
            "by_class": {str(FITTED[k]): int(n) for k, n in sorted(Counter(y.tolist()).items())},
            "settings": settings.__dict__,
            "vocabulary": len(design.vocabulary),
            "word_features_kept": len(words),
        },
        "cues": cues,
        "words": words,
    }
