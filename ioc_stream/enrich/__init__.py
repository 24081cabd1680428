"""Enrichment: a raw post in, structured and explainable facts out (pure, no I/O)."""

from __future__ import annotations

from ioc_stream.construct import builder
from ioc_stream.enrich.addressee import flight_carrier
from ioc_stream.enrich.flights import extract_flights
from ioc_stream.enrich.incident import classify
from ioc_stream.enrich.lang import detect_lang
from ioc_stream.enrich.stations import extract_stations
from ioc_stream.models import EnrichedMention, SocialMention

__all__ = ["enrich"]

_enriched = builder(EnrichedMention)


def enrich(mention: SocialMention, carrier: str = "AA") -> EnrichedMention:
    """Enrich one post; `carrier` (ours) owns bare flight numbers unless the post addresses one other airline."""
    text = mention.text
    lang = detect_lang(text, mention.lang)
    return _enriched(
        {
            "id": mention.id,
            "platform": mention.platform,
            "author": mention.author,
            "text": text,
            "created_at": mention.created_at,
            "channel": mention.channel,
            "customer": mention.customer,
            "geo": mention.geo,
            "place": mention.place,
            "lang": lang,
            "flights": extract_flights(text, flight_carrier(text, carrier)),
            "stations": extract_stations(text, mention.geo, mention.place),
            "incident": classify(text, lang),
            "legs": None,  # the schedule is the pipeline's (pipeline/scheduled.py), enrichment has no I/O
        }
    )
