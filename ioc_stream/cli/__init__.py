"""The `ioc-stream` command line: one module per area registers its sub-commands on `app`."""

from __future__ import annotations

from ioc_stream.cli.app import app
from ioc_stream.cli import enrich, ingest, model, replay, report, schedule, stream, serve  # noqa: F401  (each registers its commands)

__all__ = ["app"]
