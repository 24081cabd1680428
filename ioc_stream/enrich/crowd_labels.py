"""The airline-tweets crowd labels read the README's way: which category a post stands for, and its half.

Shared by the evaluation and the weight-fitting scripts so both score and split posts alike.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import NamedTuple

from ioc_stream.taxonomy import Category

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


class Post(NamedTuple):
    """One labelled post: id, text, the category scored against (None: not scored), the fitting target."""

    id: str
    text: str
    gold: Category | None
    target: Category | None


def gold(label: dict, reasons: dict[str, Category] = REASON_CATEGORY) -> Category | None:
    """The category a crowd label stands for, or None when it is not scored."""
    if label["sentiment"] != "negative":
        return Category.NONE if label["sentiment_confidence"] >= MIN_CONFIDENCE else None
    if (label.get("negative_reason_confidence") or 0.0) < MIN_CONFIDENCE:
        return None
    return reasons.get(label.get("negative_reason") or "")


def half(post_id: str) -> str:
    """Deterministic half "A" or "B" of a post, by CRC-32 of its id."""
    return "AB"[zlib.crc32(post_id.encode()) & 1]


def load(path: Path) -> tuple[list[Post], int]:
    """Read the labelled posts of `path`; unreadable lines are counted, never fatal."""
    posts, bad = [], 0
    fitting = REASON_CATEGORY | TRAINING_ONLY
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            label = raw["label"]
            posts.append(Post(raw["id"], raw["text"], gold(label), gold(label, fitting)))
        except (ValueError, KeyError, TypeError):
            bad += 1
    return posts, bad
