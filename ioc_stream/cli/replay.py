"""`ioc-stream` replay commands."""

from __future__ import annotations

from ioc_stream.cli.app import app  # noqa: F401
