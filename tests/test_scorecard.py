"""The weekly scorecard against a hand-computed week: figures, stories, what bubbled up, the JSON and the HTML page."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest
from scorecard_week import ALERTS, EXPECTED, EXPECTED_STORIES, EXPECTED_STORIES_TOP2, MENTIONS, WEEK

from ioc_stream.reports.archive import WeekArchive, WeekOutOfReach, week_of
from ioc_stream.reports.scorecard import iso_week, scorecard
from ioc_stream.reports.scorecard_html import render_html


def figures(card) -> dict:
    return json.loads(card.model_dump_json())


def test_the_figures_of_a_hand_computed_week() -> None:
    got = figures(scorecard(WEEK, MENTIONS, ALERTS))
    assert {k: got[k] for k in EXPECTED} == EXPECTED
    assert [s["alert_id"] for s in got["top_stories"]] == EXPECTED_STORIES


def test_top_stories_are_the_largest_alerts_and_surges_with_their_explanation() -> None:
    stories = scorecard(WEEK, MENTIONS, ALERTS, top=2).top_stories
    assert [(s.alert_id, s.kind.value, s.subject, s.authors) for s in stories] == EXPECTED_STORIES_TOP2
    first = stories[1]
    assert (
        first.status == "CONFIRMED" and first.lead_time_s == 900 and first.explanation.startswith("4 passengers report")
    )


def test_the_order_of_alert_versions_does_not_matter_and_no_alert_counts_twice() -> None:
    assert figures(scorecard(WEEK, MENTIONS, reversed(ALERTS))) == figures(scorecard(WEEK, MENTIONS, ALERTS))
    assert figures(scorecard(WEEK, MENTIONS, ALERTS + ALERTS)) == figures(scorecard(WEEK, MENTIONS, ALERTS))


def test_an_empty_week_has_zeros_and_no_percentiles() -> None:
    got = figures(scorecard("2026-W30", MENTIONS, ALERTS))
    assert (got["mentions"], got["geotagged_share"], got["alerts"]["total"]) == (0, 0.0, 0)
    assert got["lead_time_s"] == {"p50": None, "p90": None, "n": 0} and got["top_stories"] == []
    assert got["bubbled_up"] == {"categories": [], "stations": []}


def test_the_week_can_be_a_local_one() -> None:
    central = timezone(timedelta(hours=-6))
    since, until = iso_week(WEEK, central)
    assert since.isoformat() == "2026-11-16T00:00:00-06:00" and until - since == timedelta(days=7)
    # the week starts six hours later in UTC: m7 (22 Nov 23:59Z), m8 (23 Nov 00:00Z) and m1 (16 Nov 10:00Z) are in
    assert scorecard(WEEK, MENTIONS, ALERTS, tz=central).mentions == 8


@pytest.mark.parametrize("week", ["2026-47", "2026-W54", "W47", "2026-W7"])
def test_a_week_that_is_not_an_iso_week_is_refused(week) -> None:
    with pytest.raises(ValueError, match="week"):
        iso_week(week)


class _Page(HTMLParser):
    """What a browser would fetch or run, and the text it would show."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.fetches += [v for k, v in attrs if k in ("src", "href") and v and not v.startswith("#")]

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_the_html_page_is_self_contained_and_escapes_text() -> None:
    page = render_html(scorecard(WEEK, MENTIONS, ALERTS))
    parsed = _Page()
    parsed.feed(page)
    assert parsed.fetches == [] and "script" not in parsed.tags  # no external asset, nothing to run
    shown = " ".join(parsed.text)
    assert "<diversion>" in shown and "<diversion>" not in page and "&lt;diversion&gt; of AA2390 &amp; more" in page
    assert "Weekly scorecard 2026-W47" in shown
    for figure in ("7", "42.9%", "15 min", "30 min", "20 min", "1 h 30 min", "+300%"):
        assert figure in shown, figure


# --- what the API keeps: the archive --------------------------------------------------------------


def archived(tz=UTC, days: int = 21) -> WeekArchive:
    archive = WeekArchive(tz, days)
    for m in MENTIONS:
        archive.add_mention(m)
    for a in ALERTS:
        archive.add_alert(a)
    return archive


def test_the_archive_serves_the_same_scorecard_as_the_files() -> None:
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)  # the Wednesday after
    assert figures(archived().scorecard(WEEK, now)) == figures(scorecard(WEEK, MENTIONS, ALERTS))
    central = timezone(timedelta(hours=-6))
    assert figures(archived(central).scorecard(WEEK, now)) == figures(scorecard(WEEK, MENTIONS, ALERTS, tz=central))
    assert week_of(now) == "2026-W48" and week_of(datetime(2026, 11, 23, 3, tzinfo=UTC), central) == "2026-W47"


def test_the_archive_is_bounded_and_refuses_the_weeks_it_no_longer_holds() -> None:
    archive = archived(days=10)
    assert len(archive._tallies) <= 11  # never more than `days` + 1 local days, whatever the clock says
    assert all(not a.evidence for a in archive._alerts.values())  # the scorecard reads no evidence
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    with pytest.raises(WeekOutOfReach, match=r"2026-W47 is not held: the API keeps 10 days \(2026-W48 to 2026-W48\)"):
        archive.scorecard(WEEK, now)  # its week before is older than 10 days
    with pytest.raises(WeekOutOfReach):
        archived().scorecard("2026-W49", now)  # not begun
    held = archived()
    held.prune(datetime(2026, 12, 20, tzinfo=UTC))
    assert len(held) == 0 and not held._tallies
