"""What the reports read: JSONL files (posts raw or enriched, alert versions as replay writes them) or the live API."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

import httpx
from pydantic import Discriminator, RootModel, Tag

from ioc_stream.enrich import enrich
from ioc_stream.models import Alert, EnrichedMention, SocialMention
from ioc_stream.pipeline.replay import OnError, read_jsonl
from ioc_stream.reports.pulse import Pulse


def _shape(value: Any) -> str:
    return "enriched" if isinstance(value, dict) and "incident" in value else "raw"


class MentionLine(
    RootModel[
        Annotated[
            Annotated[EnrichedMention, Tag("enriched")] | Annotated[SocialMention, Tag("raw")], Discriminator(_shape)
        ]
    ]
):
    """A JSONL line of posts: as `ioc-stream enrich` wrote it (kept as it is) or as the feed gave it (enriched here)."""


def read_mentions(
    lines: Iterable[bytes], carrier: str, name: str = "mentions", on_error: OnError | None = None
) -> list[EnrichedMention]:
    """Every good line as an enriched mention; bad lines go to `on_error` (file `name`, line number, reason)."""
    rows, _ = read_jsonl(lines, MentionLine, name, on_error)
    return [r.root if isinstance(r.root, EnrichedMention) else enrich(r.root, carrier) for r in rows]


def read_alerts(lines: Iterable[bytes], name: str = "alerts", on_error: OnError | None = None) -> list[Alert]:
    """Every alert version of a JSONL file (the output of `ioc-stream replay`, or a dump of `ioc.alerts`)."""
    return read_jsonl(lines, Alert, name, on_error)[0]


def fetch_pulse(api_url: str, token: str | None, timeout_s: float = 30.0) -> tuple[Pulse, list[Alert]]:
    """The live API's 24 h pulse and the alerts updated in its window (any read token will do)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=api_url, headers=headers, timeout=timeout_s) as client:
        pulse = Pulse.model_validate_json(client.get("/api/pulse").raise_for_status().content)
        since = {"since": pulse.since.isoformat(), "limit": 1000}
        page = client.get("/api/alerts", params=since).raise_for_status().json()
    return pulse, [Alert.model_validate(a) for a in page["alerts"]]


def newest(mentions: Iterable[EnrichedMention]) -> datetime | None:
    """The latest post time: where a file's 24 hours end."""
    return max((m.created_at for m in mentions), default=None)
