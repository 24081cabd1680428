"""From an EnrichedMention to the compact Post record the rules and the evidence use."""

from __future__ import annotations

import re

from ioc_stream.correlate.state import Post
from ioc_stream.correlate.times import epoch
from ioc_stream.enrich.report import counts_as_report
from ioc_stream.models import EnrichedMention, Incident
from ioc_stream.taxonomy import CATEGORY_SEVERITY, NON_OPERATIONAL, Category, Severity

EXCERPT_MAX = 280


def excerpt(text: str, limit: int = EXCERPT_MAX) -> str:
    """The text, cut to `limit` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def mask_loyalty(loyalty_id: str) -> str:
    """Only the last four characters of a loyalty id are shown: ****4321."""
    return "****" + loyalty_id[-4:]


def post_text(m: EnrichedMention) -> str:
    """The post's text as others see it: the loyalty id a direct message gives is masked in it too."""
    customer = m.customer
    if customer is None:
        return m.text
    return re.sub(re.escape(customer.loyalty_id), mask_loyalty(customer.loyalty_id), m.text, flags=re.IGNORECASE)


def severity(category: str, onboard: bool, stated: str | None = None) -> int:
    """Category severity, one step worse when reported onboard, never below what the classifier stated."""
    sev = min(int(CATEGORY_SEVERITY[category]) + onboard, int(Severity.CRITICAL))  # type: ignore[index]
    named = Severity.__members__.get(stated) if stated else None
    return max(sev, int(named)) if named is not None else sev


def counted_categories(incident: Incident, min_confidence: float) -> list[Category]:
    """The operational categories a post counts under: its primary one, and every other it reports with at
    least `min_confidence`; none for a question or talk."""
    if not counts_as_report(incident.report):
        return []
    primary = incident.category
    confidences = incident.confidences
    return [
        c
        for c in incident.categories or [primary]
        if c not in NON_OPERATIONAL and (c == primary or confidences.get(c, 0.0) >= min_confidence)
    ]


def to_post(m: EnrichedMention) -> Post:
    """The evidence record of one post, counted under its primary category (`Post.counting_as` for others)."""
    inc = m.incident
    customer = m.customer
    stations = m.stations
    return Post(
        m.id,
        m.author.handle,
        epoch(m.created_at),
        excerpt(post_text(m)),
        list(inc.cues),
        m.lang,
        inc.onboard,
        m.channel,
        mask_loyalty(customer.loyalty_id) if customer is not None else None,
        stations[0].code if stations else None,
        severity(inc.category, inc.onboard, inc.severity),
        inc.report,
        str(inc.category),
        str(inc.category),
    )
