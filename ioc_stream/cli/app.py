"""The typer application every command module registers on."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

app = typer.Typer(
    help="ioc-stream: correlate social posts with flight-ops events and alert the bridge when passengers report first.",
    no_args_is_help=True,
    add_completion=False,
)


def open_input(path: Path | None):
    """A binary line source: the file, or stdin when no path (or '-') is given; exit 2 if unreadable."""
    if path is None or str(path) == "-":
        return sys.stdin.buffer
    try:
        return path.open("rb")
    except OSError as exc:
        typer.echo(f"ioc-stream: cannot read {path}: {exc.strerror}", err=True)
        raise typer.Exit(2) from exc


@app.command()
def version() -> None:
    """Print the version and whether the enrichment core runs compiled (mypyc) or from source."""
    from ioc_stream import __version__, native

    typer.echo(f"ioc-stream {__version__}; enrichment core: {native.MODE}")
