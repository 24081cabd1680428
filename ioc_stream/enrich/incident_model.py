"""The fitted incident model shipped in the package: one linear scorer over cue and word features.

`ioc-stream model train` fits it on crowd-labelled posts (scikit-learn, offline) and writes
``data/incident_model.json``; scoring needs only these weights. A post's score for a class is the
class's bias plus the weight of every feature the post has: cue features (the lexicon's phrases,
counted in en/es/pt alike through their translations, and the context flags) and, for English
posts, word features (canonical unigrams and bigrams, `words`). Spanish and Portuguese posts are
scored on the cue features alone, with decision offsets tuned for that view, so English
vocabulary never speaks for a post in another language. Weights are centred per feature (their
mean over the classes is zero), so a weight reads directly as how far a feature pushes a class
above the others.
"""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ioc_stream.enrich.incident_features import FEATURES
from ioc_stream.taxonomy import Category

__all__ = ["FORMAT", "MODEL_PATH", "IncidentModel"]

#: The weights shipped with the package, and the file format they are written in.
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "incident_model.json"
FORMAT = "ioc-stream/incident-model/2"


@dataclass(frozen=True, slots=True)
class IncidentModel:
    """Classes, the bias of each view (words: English; cues: other languages), and weight rows.

    `rows` holds one row per cue feature (`FEATURES` order; None where the file has no weights),
    then one per word feature (`vocabulary` maps a word feature to its index in `rows`).
    """

    version: str
    classes: tuple[Category, ...]
    bias_words: tuple[float, ...]
    bias_cues: tuple[float, ...]
    rows: tuple[tuple[float, ...] | None, ...]
    vocabulary: dict[str, int]
    about: dict[str, Any]

    @classmethod
    def from_payload(cls, payload: dict[str, Any], strict: bool = True) -> IncidentModel:
        """Build from the model file's JSON; cue features the file does not name weigh nothing.

        A cue the lexicon no longer has (edited since the fit) is an error, or with `strict` off a
        warning and ignored (how an edited lexicon still loads until `ioc-stream model train`;
        tests/test_incident_model.py holds the shipped model to strict).
        """
        if payload.get("format") != FORMAT:
            raise ValueError(f"not an incident model of format {FORMAT!r}: {payload.get('format')!r} (retrain)")
        classes = tuple(Category(c) for c in payload["classes"])
        if len(set(classes)) != len(classes) or Category.NONE not in classes:
            raise ValueError("a model's classes are distinct and include NONE")
        intercept = payload["intercept"]
        offsets = payload["offsets"]
        for name, values in (
            ("intercept", intercept),
            ("words offsets", offsets["words"]),
            ("cues offsets", offsets["cues"]),
        ):
            if len(values) != len(classes):
                raise ValueError(f"the model's {name} has {len(values)} entries for {len(classes)} classes")
        cues: dict[str, list[float]] = payload["cues"]
        stale = set(cues) - set(FEATURES)
        if stale:
            message = f"incident model names {len(stale)} cues the lexicon lacks (retrain): {sorted(stale)[:3]}"
            if strict:
                raise ValueError(message)
            warnings.warn(message, stacklevel=2)
        rows: list[tuple[float, ...] | None] = [tuple(cues[name]) if name in cues else None for name in FEATURES]
        vocabulary: dict[str, int] = {}
        for word, row in payload["words"].items():
            vocabulary[word] = len(rows)
            rows.append(tuple(row))
        for row in rows:
            if row is not None and len(row) != len(classes):
                raise ValueError("a weight row does not have one weight per class")
        numbers = [
            *intercept,
            *offsets["words"],
            *offsets["cues"],
            *(w for row in rows if row is not None for w in row),
        ]
        if not all(math.isfinite(w) for w in numbers):
            raise ValueError("the model holds a weight that is not a finite number")
        return cls(
            version=str(payload["version"]),
            classes=classes,
            bias_words=tuple(b + o for b, o in zip(intercept, offsets["words"])),
            bias_cues=tuple(b + o for b, o in zip(intercept, offsets["cues"])),
            rows=tuple(rows),
            vocabulary=vocabulary,
            about={k: payload[k] for k in ("trained", "heldout") if k in payload},
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH, strict: bool = True) -> IncidentModel:
        """Read a model file written by the training command."""
        return cls.from_payload(json.loads(path.read_text(encoding="utf-8")), strict)
