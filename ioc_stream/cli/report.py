"""`ioc-stream report weekly` (the scorecard: HTML and JSON figures) and `ioc-stream report pulse` (the daily pulse, sent)."""

from __future__ import annotations

import typer

from ioc_stream.cli.app import app

report_app = typer.Typer(help="Reports for people: the weekly scorecard, the daily social pulse.", no_args_is_help=True)
app.add_typer(report_app, name="report")
