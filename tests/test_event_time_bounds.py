"""Event-time bounds: a record stamped far from when it entered Kafka (live) or from its file's time line
(offline) is refused as time_skew and moves no watermark."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from ioc_stream.config import CorrelationConfig
from ioc_stream.ingest.messages import Reason, Rejected
from ioc_stream.kafka.produce import event_stamp
from ioc_stream.pipeline.replay import replay_records
from ioc_stream.pipeline.routing import TimeBounds, route
from ioc_stream.pipeline.timeline import WINDOW, off_time_line
from ioc_stream.simulate import generate

POST = {"id": "p1", "platform": "x", "author": {"handle": "a"}, "text": "flight 2390 diverted to Tulsa"}
NOON = datetime(2026, 3, 2, 12, tzinfo=UTC).timestamp()
DEFAULT = TimeBounds()


def routed(created_at: str, ts: float, bounds: TimeBounds | None = DEFAULT):
    value = orjson.dumps({**POST, "created_at": created_at})
    return route("mentions", value, carrier="AA", max_bytes=10_000, ts=ts, bounds=bounds)


@pytest.mark.parametrize(
    ("created_at", "words"),
    [("2099-01-01T00:00:00Z", "ahead of"), ("2026-03-02T12:06:00Z", "ahead of"), ("2026-02-28T11:59:00Z", "behind")],
)
def test_a_post_stamped_too_far_from_its_broker_time_is_time_skew(created_at: str, words: str) -> None:
    with pytest.raises(Rejected) as err:
        routed(created_at, NOON)
    assert err.value.reason == Reason.TIME_SKEW and f"{words} its broker timestamp" in err.value.error


@pytest.mark.parametrize("created_at", ["2026-03-02T12:04:00Z", "2026-03-01T12:01:00Z", "2026-03-02T11:00:00Z"])
def test_a_post_within_the_bounds_is_routed(created_at: str) -> None:
    assert routed(created_at, NOON).outputs


def test_without_bounds_or_a_broker_time_nothing_is_judged() -> None:
    assert routed("2099-01-01T00:00:00Z", NOON, None).outputs
    assert routed("2099-01-01T00:00:00Z", 0.0).outputs


def test_a_replayed_record_is_stamped_with_its_own_event_time() -> None:
    post = orjson.dumps({**POST, "created_at": "2026-03-02T12:00:00Z"})
    ops = orjson.dumps({"event_id": "e", "reported_at": "2026-03-02T12:00:30+00:00"})
    assert event_stamp(post) == NOON * 1000 and event_stamp(ops) == (NOON + 30) * 1000
    assert (
        event_stamp(b"{not json") is None and event_stamp(b'{"created_at": 12}') is None and event_stamp(None) is None
    )


def test_off_the_time_line_is_far_from_the_median_of_its_neighbours() -> None:
    day = list(range(0, 86_400, 300))  # a day of records, 5 min apart
    skewed = day[:50] + [4_102_444_800] * 12 + day[50:]  # a dozen from 2099 in the middle
    off = off_time_line(skewed, 24 * 3600)
    assert [i for i, o in enumerate(off) if o] == list(range(50, 62))
    week = list(range(0, 7 * 86_400, 2_400))  # a sparse week in file order (a record every 40 min)
    assert len(week) > 2 * WINDOW and not any(off_time_line(week, 24 * 3600))


def test_the_replay_refuses_skewed_posts_and_raises_the_days_alerts_regardless() -> None:
    sc = generate(31, datetime(2026, 3, 2, 6, tzinfo=UTC), 6, 80)
    skewed = [{**POST, "id": f"skew{n}", "text": f"flight {3000 + n} diverted", "created_at": "2099-01-01T00:00:00Z"}
              for n in range(12)]  # fmt: skip
    mentions = sc.mentions[:40] + skewed + sc.mentions[40:]
    clean = replay_records(sc.mentions, sc.ops, CorrelationConfig())
    dirty = replay_records(mentions, sc.ops, CorrelationConfig())
    assert dirty.time_skew == {"mentions": 12, "ops": 0} and dirty.summary()["time_skew"]["mentions"] == 12
    assert [a.model_dump() for a in dirty.alerts] == [a.model_dump() for a in clean.alerts]
    assert len(clean.alerts) >= 5
