"""The flight schedule: IATA SSIM and a simple CSV in, one versioned JSON file, a pure index of legs out."""

from __future__ import annotations

from ioc_stream.schedule.index import Schedule
from ioc_stream.schedule.legs import Leg, Service, flight_key, parse_flight

__all__ = ["Leg", "Schedule", "Service", "flight_key", "parse_flight"]
