"""Seeded scenario generator with ground truth: flights, ops events, passengers' posts (en/es/pt) and noise."""

from __future__ import annotations

from ioc_stream.simulate.live import stream
from ioc_stream.simulate.scenario import Scenario, generate

__all__ = ["Scenario", "generate", "stream"]
