"""The desk's tables for a command (schedule, units, impact table): loaded once; a bad file exits 2 naming it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ioc_stream.config import Settings
    from ioc_stream.desk.reference import Desk


def desk_of(settings: Settings) -> Desk | None:
    """The desk of IOC_DESK__*, or None when nothing is configured."""
    from ioc_stream.desk.reference import load_desk
    from ioc_stream.desk_config import ImpactTableError
    from ioc_stream.schedule.json_format import ScheduleFileError

    try:
        desk = load_desk(settings.desk)
    except (ScheduleFileError, ImpactTableError) as exc:
        typer.echo(f"ioc-stream: {exc}", err=True)
        raise typer.Exit(2) from exc
    return desk or None
