"""Station surges: mentions per (station, category) per 15-min bucket against the mean of the 8 before."""

from __future__ import annotations

from correlate_factory import mention, ops

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import alert_key
from ioc_stream.taxonomy import Category, OpsEventType

KEY = "S:DFW"
QUEUE = Category.AIRPORT_QUEUE


def posts(n: int, start_min: float, category: Category = QUEUE, prefix: str = "p", step: float = 1):
    return [
        mention(
            f"{prefix}{i}", f"{prefix}author{i}", start_min + i * step, category=category, flight=None, station="DFW"
        )
        for i in range(n)
    ]


def run(events, c=None):
    c = c or Correlator(CorrelationConfig())
    state, out = None, []
    for e in events:
        state, alerts = c.apply(KEY, state, e)
        out += alerts
    return c, out


def test_five_posts_in_a_quiet_bucket_open_a_station_surge() -> None:
    # T0 is 19:35, inside the 19:30 bucket; posts 1 min apart stay in it
    _, out = run(posts(5, 0))
    assert [(a.kind, a.status, a.station, a.flight) for a in out] == [("STATION_SURGE", "OPEN", "DFW", None)]
    assert out[0].alert_id == "DFW:AIRPORT_QUEUE:20150224T1930Z" and alert_key(out[0].alert_id) == KEY
    assert "5 posts in 15 min report long airport queues at DFW (baseline 0.0" in out[0].explanation


def test_four_posts_are_not_a_surge() -> None:
    assert run(posts(4, 0))[1] == []


def test_busy_baseline_raises_the_bar() -> None:
    history = [e for b in range(1, 9) for e in posts(3, -15 * b, prefix=f"h{b}-")]  # 3 per bucket before
    _, out = run([*history, *posts(8, 0)])
    assert out == []  # 8 < 3 x 3.0
    _, out = run([*history, *posts(9, 0, step=0.5)])
    assert [a.status for a in out] == ["OPEN"]


def test_station_ground_stop_already_reported_covers_the_surge() -> None:
    gs = ops("g1", -20, OpsEventType.GROUND_STOP, flight_number=None, station="DFW")
    c, out = run([gs, *posts(6, 0, category=Category.DELAY)])
    assert out == [] and c.counters.surges_covered == 1


def test_ground_stop_does_not_explain_a_medical_surge() -> None:
    gs = ops("g1", -20, OpsEventType.GROUND_STOP, flight_number=None, station="DFW")
    _, out = run([gs, *posts(5, 0, category=Category.MEDICAL)])
    assert [a.status for a in out] == ["OPEN"]


def test_later_station_event_confirms_and_earlier_one_arriving_late_retracts() -> None:
    later = ops("g1", 30, OpsEventType.GROUND_STOP, flight_number=None, station="DFW")
    _, out = run([*posts(5, 0), later])
    assert [(a.status, a.lead_time_s) for a in out] == [("OPEN", None), ("CONFIRMED", 1800.0)]
    earlier = ops("g0", -5, OpsEventType.GROUND_STOP, flight_number=None, station="DFW")
    c, out = run([*posts(5, 0), earlier])
    assert [a.status for a in out] == ["OPEN", "RETRACTED"] and c.counters.retracted == 1


def test_surge_escalates_when_it_doubles_not_on_every_post() -> None:
    _, out = run(posts(12, 0, step=0.5))
    assert [(a.status, a.version) for a in out] == [("OPEN", 1), ("ESCALATED", 2)]
    assert "10 posts in 15 min" in out[-1].explanation


def test_the_end_of_a_ground_stop_neither_covers_nor_confirms_a_surge() -> None:
    ended = ops("g1-end", -20, OpsEventType.GROUND_STOP, flight_number=None, station="DFW")
    ended = ended.model_copy(update={"details": {"status": "ended"}})
    c, out = run([ended, *posts(6, 0, category=Category.DELAY)])
    assert [a.status for a in out] == ["OPEN"] and c.counters.surges_covered == 0
