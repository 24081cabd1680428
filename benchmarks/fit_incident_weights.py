"""Fit the incident cue weights on one half of the labelled posts and write the classifier's weight file.

Usage: python benchmarks/fit_incident_weights.py DATA.jsonl [--half A|B|all] [--C 0.5] [--out PATH]

The features are the lexicon's human-readable cue phrases plus a few context flags
(`incident_features`); a regularised multinomial logistic regression learns one weight per
(cue, class), then per-class decision offsets are tuned on the same half (`tune_offsets`). Only the posts of `--half` (default A, by a hash of the id) are used, so the other
half stays unseen for `eval_enrichment.py`. The product never imports scikit-learn: it reads the
weights from the JSON file written here (default ``ioc_stream/data/incident_weights.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.airline_labels import Post, half, load  # noqa: E402
from ioc_stream.enrich.incident import WEIGHTS_PATH  # noqa: E402
from ioc_stream.enrich.incident_features import FEATURES, FITTED, extract  # noqa: E402
from ioc_stream.enrich.lang import detect_lang  # noqa: E402
from ioc_stream.taxonomy import NON_OPERATIONAL, Category  # noqa: E402

#: The classes macro-F1 is taken over (the README's five).
SCORED = (Category.DELAY, Category.CANCELLATION, Category.BAGGAGE, Category.CREW, Category.AIRPORT_QUEUE)

#: Inverse regularisation strength (tried 0.5, 2, 8 by 2-fold on the dev file; 2 was best).
DEFAULT_C = 2.0
#: The fitted half's false-incident rate the decision offsets may spend (target 4%, margin kept).
FIR_BUDGET = 0.025
#: Offsets tried per class and round of the coordinate search.
_STEPS = (-2.0, -1.5, -1.0, -0.6, -0.3, -0.1, 0.1, 0.3, 0.6, 1.0, 1.5, 2.0)
#: Weights smaller than this are dropped from the file (they change no decision).
_EPSILON = 1e-3


def design(posts: list[Post]):  # noqa: ANN201 - scipy matrix
    """The sparse feature matrix of `posts` (one row a post, one column a `FEATURES` entry)."""
    from scipy.sparse import csr_matrix

    data, cols, indptr = [], [], [0]
    for post in posts:
        features = extract(post.text, detect_lang(post.text)).features
        cols.extend(features)
        data.extend(features.values())
        indptr.append(len(cols))
    return csr_matrix((data, cols, indptr), shape=(len(posts), len(FEATURES)))


def _macro_f1_and_fir(gold, predicted) -> tuple[float, float]:  # noqa: ANN001 - numpy arrays
    """Macro-F1 over the five scored classes and false-incident rate, on class indices."""
    import numpy as np

    f1s = []
    for c in (FITTED.index(k) for k in SCORED):
        tp = int(((gold == c) & (predicted == c)).sum())
        denominator = int((gold == c).sum() + (predicted == c).sum())
        f1s.append(2 * tp / denominator if denominator else 0.0)
    quiet = predicted[gold == FITTED.index(Category.NONE)]
    operational = [FITTED.index(k) for k in FITTED if k not in NON_OPERATIONAL]
    return float(np.mean(f1s)), float(np.isin(quiet, operational).mean()) if len(quiet) else 0.0


def tune_offsets(scores, gold, budget: float = FIR_BUDGET) -> list[float]:  # noqa: ANN001 - numpy arrays
    """Per-class offsets added to the sums that maximise macro-F1 with FIR within `budget`.

    The raw arg-max favours the big classes (NONE, customer service); this coordinate search on
    the fitted half's own posts moves each class's bar, so the small classes (crew, queues) get
    their share. Offsets only shift biases: the cue weights stay as fitted. (Tuned on out-of-fold
    scores instead, as `ceiling_study.py` does, they spend the budget more honestly on unseen posts,
    but the shipped classifier scored no better that way: 0.544 / 3.7% against 0.550 / 3.7%, 2-fold.)
    """
    import numpy as np

    offsets = np.zeros(scores.shape[1])

    def objective(o) -> float:  # noqa: ANN001
        f1, fir = _macro_f1_and_fir(gold, (scores + o).argmax(axis=1))
        return f1 - 10.0 * max(0.0, fir - budget)

    best = objective(offsets)
    for scale in (1.0, 0.5, 0.25):
        for k in range(1, scores.shape[1]):  # NONE (column 0) stays the reference
            for step in _STEPS:
                trial = offsets.copy()
                trial[k] += step * scale
                value = objective(trial)
                if value > best:
                    best, offsets = value, trial
    return [float(o) for o in offsets]


def fit(posts: list[Post], c: float = DEFAULT_C) -> dict:
    """Fit on the posts that have a fitting target; return the weight-file payload."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    train = [p for p in posts if p.target is not None]
    x = design(train)
    y = [FITTED.index(p.target) for p in train]
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y)
    if list(model.classes_) != list(range(len(FITTED))):
        raise ValueError("every fitted class needs posts in the fitting half")
    scored = [i for i, p in enumerate(train) if p.gold is not None]
    gold = np.array([FITTED.index(train[i].gold) for i in scored])  # type: ignore[arg-type]
    offsets = tune_offsets(model.decision_function(x[scored]), gold)
    classes = [str(k) for k in FITTED]
    weights = {}
    for j, name in enumerate(FEATURES):
        row = [round(float(w), 3) for w in model.coef_[:, j]]
        if any(abs(w) >= _EPSILON for w in row):
            weights[name] = row
    return {
        "about": "Fitted by benchmarks/fit_incident_weights.py; one weight per (cue, class), logistic scale.",
        "fitted_on": {"posts": len(train), "C": c},
        "classes": classes,
        "bias": [round(float(b + o), 3) for b, o in zip(model.intercept_, offsets)],
        "decision_offsets": [round(o, 3) for o in offsets],
        "weights": weights,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--half", choices=("A", "B", "all"), default="A")
    ap.add_argument("--C", type=float, default=DEFAULT_C)
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    args = ap.parse_args()
    posts, bad = load(args.data)
    chosen = [p for p in posts if args.half == "all" or half(p.id) == args.half]
    payload = fit(chosen, args.C)
    payload["fitted_on"].update({"data": args.data.name, "half": args.half})
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n")
    print(f"fitted on {payload['fitted_on']['posts']} posts (half {args.half}, {bad} unreadable lines): "
          f"{len(payload['weights'])} weighted features -> {args.out}")


if __name__ == "__main__":
    main()
