"""The `ioc-stream` command line: one module per area registers its sub-commands on `app`."""

from __future__ import annotations

from ioc_stream.cli import (  # noqa: F401  (each registers its commands)
    enrich,
    ingest,
    model,
    replay,
    report,
    schedule,
    serve,
    stream,
)
from ioc_stream.cli.app import app

__all__ = ["app"]
