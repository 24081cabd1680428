"""`ioc-stream model train` and `model show`: fit the incident model on crowd-labelled posts, and read it back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ioc_stream.cli.app import app

model_app = typer.Typer(help="The fitted incident model shipped in ioc_stream/data/.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command()
def train(
    data: Annotated[Path, typer.Argument(help="Crowd-labelled posts (airline-tweets-2015 dev.jsonl format)")],
    out: Annotated[Path | None, typer.Option(help="Model file to write (default: the shipped one)")] = None,
    version: Annotated[str, typer.Option(help="Version recorded in the model file")] = "dev",
    half: Annotated[str | None, typer.Option(help="Fit on half A or B only (by CRC-32 of the post id)")] = None,
) -> None:
    """Fit the incident model (needs scikit-learn: pip install 'ioc-stream[train]'); deterministic."""
    try:
        from ioc_stream.enrich.incident_training import fit
    except ImportError as exc:
        typer.echo(f"ioc-stream: training needs scikit-learn ({exc}); pip install 'ioc-stream[train]'", err=True)
        raise typer.Exit(2) from exc
    from ioc_stream.enrich.crowd_labels import half as half_of
    from ioc_stream.enrich.crowd_labels import load
    from ioc_stream.enrich.incident_model import MODEL_PATH

    if half not in (None, "A", "B"):
        raise typer.BadParameter("--half is A or B")
    if not data.is_file():
        typer.echo(f"ioc-stream: cannot read {data}", err=True)
        raise typer.Exit(2)
    posts, bad = load(data)
    chosen = [p for p in posts if half is None or half_of(p.id) == half]
    payload = fit(chosen, version=version)
    payload["trained"].update({"data": data.name, "half": half or "all", "unreadable_lines": bad})
    target = out or MODEL_PATH
    target.write_text(json.dumps(payload, indent=0, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    trained = payload["trained"]
    typer.echo(
        f"fitted on {trained['posts']} posts ({bad} unreadable lines): {len(payload['cues'])} cue and "
        f"{trained['word_features_kept']} word features -> {target}"
    )


@model_app.command()
def show(
    path: Annotated[Path | None, typer.Argument(help="Model file (default: the shipped one)")] = None,
    top: Annotated[int, typer.Option(help="Features shown per class")] = 12,
) -> None:
    """Print the model's version, training figures and its strongest features per class."""
    from ioc_stream.enrich.incident_features import FEATURES
    from ioc_stream.enrich.incident_model import MODEL_PATH, IncidentModel

    model = IncidentModel.load(path or MODEL_PATH)
    names = list(FEATURES) + list(model.vocabulary)
    typer.echo(f"incident model {model.version}: {len(model.classes)} classes, {len(model.vocabulary)} word features")
    typer.echo(json.dumps(model.about, indent=1))
    for k, category in enumerate(model.classes):
        ranked = sorted(((row[k], names[i]) for i, row in enumerate(model.rows) if row is not None), reverse=True)
        typer.echo(f"{category}: " + ", ".join(f"{name} ({w:+.2f})" for w, name in ranked[:top]))
