"""Crowd-labelled airline posts read the data set README's way: the category a post stands for, and its half.

The training command and the evaluation both read labels here, so they score and split posts alike
(the format is that of ``airline-tweets-2015/dev.jsonl``: a social mention plus a crowd `label`).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any, NamedTuple

from ioc_stream.taxonomy import Category

__all__ = ["MIN_CONFIDENCE", "REASON_CATEGORY", "SCORED", "TRAINING_ONLY", "LabelledPost", "gold", "half", "load"]

MIN_CONFIDENCE = 0.6
#: The README's mapping; reasons absent here ("Bad Flight", "Can't Tell") are not scored.
REASON_CATEGORY = {
    "Late Flight": Category.DELAY,
    "Cancelled Flight": Category.CANCELLATION,
    "Lost Luggage": Category.BAGGAGE,
    "Damaged Luggage": Category.BAGGAGE,
    "Flight Attendant Complaints": Category.CREW,
    "longlines": Category.AIRPORT_QUEUE,
    "Customer Service Issue": Category.CUSTOMER_SERVICE,
    "Flight Booking Problems": Category.BOOKING,
}
#: For fitting only: "Bad Flight" posts (seats, food, wifi...) teach what OTHER looks like.
TRAINING_ONLY = {"Bad Flight": Category.OTHER}
#: The classes macro-F1 is taken over (the README's five operational ones).
SCORED = (Category.DELAY, Category.CANCELLATION, Category.BAGGAGE, Category.CREW, Category.AIRPORT_QUEUE)


class LabelledPost(NamedTuple):
    """One labelled post: the category scored against (None: not scored), the fitting target, and
    the crowd's confidence in the judgement that decides them (the reason's if negative)."""

    id: str
    text: str
    gold: Category | None
    target: Category | None
    confidence: float
    airline: str


def gold(label: dict[str, Any], reasons: dict[str, Category] = REASON_CATEGORY) -> Category | None:
    """The category a crowd label stands for, or None when it is not scored."""
    if label["sentiment"] != "negative":
        return Category.NONE if label["sentiment_confidence"] >= MIN_CONFIDENCE else None
    if (label.get("negative_reason_confidence") or 0.0) < MIN_CONFIDENCE:
        return None
    return reasons.get(label.get("negative_reason") or "")


def _confidence(label: dict[str, Any]) -> float:
    """The confidence of the judgement that decides the class: the reason's if negative, else the sentiment's."""
    if label["sentiment"] == "negative":
        return float(label.get("negative_reason_confidence") or 0.0)
    return float(label["sentiment_confidence"])


def half(post_id: str) -> str:
    """Deterministic half "A" or "B" of a post, by CRC-32 of its id."""
    return "AB"[zlib.crc32(post_id.encode()) & 1]


def load(path: Path) -> tuple[list[LabelledPost], int]:
    """Read the labelled posts of `path`; unreadable lines are counted, never fatal."""
    posts, bad = [], 0
    fitting = REASON_CATEGORY | TRAINING_ONLY
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            label = raw["label"]
            posts.append(
                LabelledPost(
                    raw["id"],
                    raw["text"],
                    gold(label),
                    gold(label, fitting),
                    _confidence(label),
                    label.get("airline") or "",
                )
            )
        except (ValueError, KeyError, TypeError):
            bad += 1
    return posts, bad
