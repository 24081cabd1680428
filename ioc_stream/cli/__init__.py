"""The `ioc-stream` command line: one module per area registers its sub-commands on `app`."""

from __future__ import annotations

from ioc_stream.cli import enrich, ingest, model, replay, serve, stream  # noqa: F401  (each registers its commands)
from ioc_stream.cli.app import app

__all__ = ["app"]
