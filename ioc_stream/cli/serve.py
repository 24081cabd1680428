"""`ioc-stream api` (alert feed API, console, wall, pulse) and `ioc-stream openapi` (the checked-in API document)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ioc_stream.cli.app import app

OPENAPI_PATH = Path("docs/openapi.json")


def render_openapi() -> str:
    """The OpenAPI document of the API, as checked in (stable key order, trailing newline)."""
    from ioc_stream.config import Settings
    from ioc_stream.serve.app import create_app

    return json.dumps(create_app(Settings(), {}, kafka=False).openapi(), indent=2, sort_keys=True) + "\n"


@app.command()
def api(
    broker: Annotated[str | None, typer.Option(help="Kafka bootstrap (default: IOC_KAFKA__BOOTSTRAP)")] = None,
    host: Annotated[str | None, typer.Option(help="Bind address (default: IOC_API__HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: IOC_API__PORT, 8080)")] = None,
) -> None:
    """Serve the alert feed API, the liaison console (/console), the bridge wall (/wall) and the pulse (/pulse)."""
    import uvicorn

    from ioc_stream.config import get_settings
    from ioc_stream.serve.app import create_app
    from ioc_stream.serve.auth import demo_tokens

    settings = get_settings().model_copy(deep=True)
    if broker:
        settings.kafka.bootstrap = broker
    host, port = host or settings.api.host, port or settings.api.port
    tokens = settings.api.tokens or demo_tokens()
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    typer.echo(
        f"ioc-stream api on {base}  (kafka {settings.kafka.bootstrap}, topics prefix {settings.topics.prefix!r})",
        err=True,
    )
    if not settings.api.tokens:
        typer.echo("no IOC_API__TOKENS configured: generated tokens for this run:", err=True)
        for token, spec in tokens.items():
            typer.echo(f"  {spec.split(':')[0]:8} {token}", err=True)
        wall = next(t for t, s in tokens.items() if s.startswith("bridge"))
        typer.echo(f"console: {base}/console   wall: {base}/wall#token={wall}   pulse: {base}/pulse", err=True)
    uvicorn.run(
        create_app(settings, tokens),
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=2,
    )


@app.command()
def openapi(
    out: Annotated[Path, typer.Option(help="Where the OpenAPI document lives")] = OPENAPI_PATH,
    check: Annotated[bool, typer.Option(help="Only compare; exit 1 when the checked-in document drifted")] = False,
) -> None:
    """Write (or --check) the API's OpenAPI document, generated from the FastAPI app."""
    text = render_openapi()
    if check:
        if not out.exists() or out.read_text() != text:
            typer.echo(f"{out} drifted from the API (run `ioc-stream openapi`)", err=True)
            raise typer.Exit(1)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
