"""`ioc-stream enrich` and `ioc-stream schemas`: the pure enrichment and the contracts, from the shell."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ioc_stream.cli.app import app, open_input


@app.command()
def enrich(
    file: Annotated[Path | None, typer.Argument(help="Mention JSONL; stdin when omitted or '-'")] = None,
    carrier: Annotated[
        str | None, typer.Option(help="Carrier of bare flight numbers (default: IOC_CARRIER or AA)")
    ] = None,
) -> None:
    """Enrich social-mention JSONL: one enriched line out per good line in, errors on stderr."""
    from ioc_stream.config import get_settings
    from ioc_stream.enrich import enrich as enrich_one
    from ioc_stream.ingest.jsonl import LineError, parse_lines
    from ioc_stream.models import SocialMention

    carrier = carrier or get_settings().carrier
    out, err = sys.stdout.buffer, sys.stderr.buffer
    with open_input(file) as src:
        for item in parse_lines(src, SocialMention):
            if isinstance(item, LineError):
                err.write(item.to_json() + b"\n")
                continue
            out.write(enrich_one(item.value, carrier).model_dump_json(exclude_none=True).encode() + b"\n")
    out.flush()


@app.command()
def schemas(
    out: Annotated[Path, typer.Option(help="Directory to write <contract>.json into")] = Path("schemas"),
    check: Annotated[bool, typer.Option(help="Only compare; exit 1 when a checked-in schema drifted")] = False,
) -> None:
    """Write (or --check) the JSON Schema of every contract, generated from the models."""
    from ioc_stream.schemas import render_all

    drifted = []
    for name, text in render_all().items():
        target = out / f"{name}.json"
        if check:
            if not target.exists() or target.read_text() != text:
                drifted.append(str(target))
        else:
            out.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    if drifted:
        typer.echo("schemas drifted from the models: " + ", ".join(drifted) + " (run `make schemas`)", err=True)
        raise typer.Exit(1)
