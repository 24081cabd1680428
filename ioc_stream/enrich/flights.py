"""Flight numbers named in a post ("flight 1019", "AA973", "vuelo 1010"), never prices or times."""

from __future__ import annotations

from ioc_stream.models import FlightRef


def extract_flights(text: str, carrier: str = "AA") -> list[FlightRef]:
    """Flights named in `text`; bare numbers belong to `carrier`."""
    return []
