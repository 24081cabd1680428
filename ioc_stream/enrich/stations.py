"""Airports a post places itself at: IATA codes, city/airport names, geotags (airportsdata)."""

from __future__ import annotations

from ioc_stream.models import Geo, StationRef


def extract_stations(text: str, geo: Geo | None = None, place: str | None = None) -> list[StationRef]:
    """Stations named in `text`, or nearest to `geo`."""
    return []
