"""An airport security event, replayed: the station alert comes at the fifth first-hand or relayed report, not later.

tests/fixtures/airport_security_incident.jsonl is hand-written in the style of an airport shooting: twelve
reports within ten minutes (first-hand and relayed, English and Spanish) among sixteen unrelated posts
about the same airport (parking, coffee, a lounge, a short delay, questions).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from ioc_stream.enrich import enrich
from ioc_stream.models import SocialMention
from ioc_stream.pipeline.replay import replay
from ioc_stream.taxonomy import Category

ROWS = [
    json.loads(line)
    for line in (Path(__file__).parent / "fixtures" / "airport_security_incident.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


def _mentions(shift: timedelta = timedelta()) -> list[SocialMention]:
    out = []
    for row in ROWS:
        m = SocialMention.model_validate({k: v for k, v in row.items() if k != "expect"})
        out.append(m.model_copy(update={"created_at": m.created_at + shift}))
    return out


def _reports(mentions: list[SocialMention]) -> list[SocialMention]:
    return [m for m, row in zip(mentions, ROWS) if row["expect"]["incident"]]


@pytest.mark.parametrize("shift_min", [0, 6], ids=["as written", "straddling a 15-min bucket boundary"])
def test_the_station_alert_is_raised_at_the_fifth_report(shift_min: int) -> None:
    mentions = _mentions(timedelta(minutes=shift_min))
    result = replay(mentions, [])
    surges = [a for a in result.alerts if a.kind == "STATION_SURGE" and a.category == Category.SAFETY_SECURITY]
    assert surges, [(a.kind, a.category) for a in result.alerts]
    first = surges[0]
    fifth = sorted(m.created_at for m in _reports(mentions))[4]
    assert first.station == "FLL"
    assert first.detected_at == fifth
    assert first.authors == 5
    incident_ids = {m.id for m in _reports(mentions)}
    assert {e.post_id for e in first.evidence} <= incident_ids  # no unrelated post counted


def test_reports_are_first_hand_or_relayed_and_the_rest_is_not_a_security_incident() -> None:
    for m, row in zip(_mentions(), ROWS):
        incident = enrich(m).incident
        if row["expect"]["incident"]:
            assert incident.report in ("first_hand", "relayed"), m.text
        else:
            assert incident.category != Category.SAFETY_SECURITY, m.text
    reports = [enrich(m).incident for m in _reports(_mentions())]
    assert sum(i.category == Category.SAFETY_SECURITY for i in reports) >= 10
    assert {i.report for i in reports} == {"first_hand", "relayed"}


def test_evidence_says_how_each_post_counted() -> None:
    first = next(a for a in replay(_mentions(), []).alerts if a.kind == "STATION_SURGE")
    assert all(e.counted_as == Category.SAFETY_SECURITY for e in first.evidence)
    assert {e.report for e in first.evidence} <= {"first_hand", "relayed"}
    assert any(e.lang == "es" for e in first.evidence)
