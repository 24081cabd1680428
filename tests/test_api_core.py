"""The API's pure core: the materialised view, local actions vs worker versions, SSE log, auth, rate limit, pulse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ioc_stream.alerts.actions import apply_action
from ioc_stream.alerts.store import AlertQuery, AlertStore
from ioc_stream.alerts.timeline import detail
from ioc_stream.enrich import enrich
from ioc_stream.models import AlertAction, AlertStatus
from ioc_stream.reports.pulse import PulseBuckets
from ioc_stream.serve.app import clock_seq
from ioc_stream.serve.auth import RateLimiter, Role, TokenBook
from ioc_stream.serve.samples import sample_alerts, sample_mentions
from ioc_stream.taxonomy import Category

NOW = datetime(2026, 3, 14, 3, 0, tzinfo=UTC)


def alerts():
    return {a.alert_id: a for a in sample_alerts(NOW)}


def action(
    kind: str, alert_id: str = "a-2390-div", by: str = "maria", text: str | None = None, action_id: str | None = None
):
    return AlertAction(
        action_id=action_id or f"{kind}-{by}-{text}", alert_id=alert_id, action=kind, by=by, at=NOW, text=text
    )


def test_highest_version_wins_and_repeats_are_ignored() -> None:
    store = AlertStore()
    a = alerts()["a-2390-div"]
    assert store.upsert(a) is not None
    v2 = a.model_copy(update={"version": 2, "status": AlertStatus.ESCALATED})
    assert store.upsert(v2).alert.status == AlertStatus.ESCALATED
    assert store.upsert(a) is None and store.upsert(v2) is None
    assert store.get(a.alert_id).version == 2


def test_local_action_survives_an_unrelated_worker_version_then_yields_to_the_worker() -> None:
    store = AlertStore()
    a = alerts()["a-2390-div"]
    store.upsert(a)
    acked, fresh = store.act(action("ack"))
    assert fresh and acked.acked_by == "maria" and acked.version == a.version
    # the worker escalates before it has folded the ack: the ack must not disappear from the view
    store.upsert(a.model_copy(update={"version": 2, "status": AlertStatus.ESCALATED}))
    assert store.get(a.alert_id).acked_by == "maria"
    # the worker's version with the ack (its own timestamp) supersedes ours
    worker_at = NOW + timedelta(seconds=3)
    store.upsert(a.model_copy(update={"version": 3, "acked_by": "maria", "acked_at": worker_at}))
    assert store.get(a.alert_id).acked_at == worker_at
    assert not store._pending


def test_repeated_action_id_is_not_applied_twice() -> None:
    store = AlertStore()
    store.upsert(alerts()["a-2390-div"])
    note = action("note", text="Called the station", action_id="n1")
    store.act(note)
    again, fresh = store.act(note)
    assert not fresh and [n.text for n in again.notes] == ["Called the station"]
    assert store.already(note)


def test_first_ack_wins_and_resolve_also_acknowledges() -> None:
    a = alerts()["a-930-cnx"]
    first = apply_action(a, action("ack", a.alert_id, by="maria"))
    assert apply_action(first, action("ack", a.alert_id, by="joao")).acked_by == "maria"
    resolved = apply_action(a, action("resolve", a.alert_id, by="joao"))
    assert (resolved.resolved_by, resolved.acked_by) == ("joao", "joao")


def test_change_log_resumes_after_an_id_and_signals_a_gap() -> None:
    store = AlertStore(history=3)
    start = store.seq
    for a in alerts().values():
        store.upsert(a)
    assert store.seq == start + 7
    assert [c.seq for c in store.changes_after(store.seq - 2)] == [store.seq - 1, store.seq]
    assert store.changes_after(start + 1) is None  # older than the 3 kept entries
    assert store.changes_after(store.seq + 5) is None  # an id this process never issued
    assert store.changes_after(store.seq) == []


def test_seq_keeps_growing_across_restarts() -> None:
    first = AlertStore(seq=clock_seq())
    first.upsert(sample_alerts(NOW)[0])
    assert AlertStore(seq=clock_seq()).seq > first.seq - 1  # a new process starts above the old one's ids
    assert first.changes_after(AlertStore(seq=clock_seq()).seq) is None


def test_query_filters_and_order() -> None:
    store = AlertStore()
    for a in alerts().values():
        store.upsert(a)
    ids = lambda **kw: [a.alert_id for a in store.query(AlertQuery(**kw))]
    assert ids()[0] == "a-2390-div"  # newest detection first
    assert set(ids(statuses=frozenset({AlertStatus.CONFIRMED}))) == {"a-402-med", "a-1377-gr"}
    assert ids(flight="aa 1019") == ["a-1019-tarmac"]
    assert ids(station="clt") == ["a-clt-surge"]
    assert ids(category=Category.MEDICAL) == ["a-402-med"]
    assert ids(since=NOW - timedelta(minutes=8)) == ["a-2390-div", "a-clt-surge"]
    assert len(ids(limit=2)) == 2


def test_prune_drops_only_old_terminal_alerts() -> None:
    store = AlertStore(retention=timedelta(days=7))
    for a in alerts().values():
        store.upsert(a)
    assert store.prune(NOW + timedelta(days=2)) == 0
    dropped = store.prune(NOW + timedelta(days=8))
    assert dropped == 3  # confirmed x2 (one also resolved) and expired; open ones stay however old
    assert {a.status for a in store.all()} <= {AlertStatus.OPEN, AlertStatus.ESCALATED}


def test_timeline_orders_posts_detection_ops_and_people() -> None:
    med = alerts()["a-402-med"]
    d = detail(med)
    kinds = [t.kind for t in d.timeline]
    assert kinds == ["post", "detected", "ack", "ops_occurred", "ops_reported", "note", "resolve"]
    assert [t.side for t in d.timeline] == ["social", "social", "people", "ops", "ops", "people", "people"]
    assert d.lead_time_s == 14 * 60
    no_ops = detail(alerts()["a-2390-div"])
    assert no_ops.lead_time_s is None and {t.side for t in no_ops.timeline} == {"social"}


def test_token_book_roles_users_and_bad_config() -> None:
    book = TokenBook({"tok-aaaaaaaa": "liaison:maria", "tok-bbbbbbbb": "bridge"})
    assert book.lookup("tok-aaaaaaaa").user == "maria" and book.lookup("tok-aaaaaaaa").role is Role.LIAISON
    assert book.lookup("tok-bbbbbbbb").user.startswith("bridge-")
    assert book.lookup("tok-aaaaaaa") is None and book.lookup("") is None
    with pytest.raises(ValueError, match="bridge, liaison or admin"):
        TokenBook({"tok-cccccccc": "root"})
    with pytest.raises(ValueError, match="8 characters"):
        TokenBook({"short": "admin"})
    with pytest.raises(ValueError, match="at most 128 characters"):  # it would sign actions (AlertAction.by)
        TokenBook({"tok-dddddddd": "liaison:" + "m" * 129})
    assert TokenBook({"tok-dddddddd": "liaison:" + "m" * 128}).lookup("tok-dddddddd").user == "m" * 128


def test_rate_limiter_refills_over_time() -> None:
    t = [0.0]
    limiter = RateLimiter(per_minute=3, clock=lambda: t[0])
    assert [limiter.check("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = limiter.check("k")
    assert wait == pytest.approx(20.0) and RateLimiter.retry_after(wait) == "20"
    assert limiter.check("other") == 0.0  # per key
    t[0] = 20.0
    assert limiter.check("k") == 0.0


def test_pulse_buckets_by_hour_and_forgets_the_day_before() -> None:
    pulse = PulseBuckets()
    mentions = sample_mentions(NOW, count=400)
    taken = [m for m in mentions if pulse.add(enrich(m), NOW)]
    start = NOW - timedelta(hours=23)  # NOW is on the hour: 24 buckets, the current one included
    assert taken == [m for m in mentions if m.created_at >= start] and len(taken) > 350
    p = pulse.summary(NOW, sample_alerts(NOW))
    assert p.since == start and p.mentions == len(taken) and len(p.per_hour) == 24
    assert sum(h.mentions for h in p.per_hour) == len(taken)
    assert p.geotagged == sum(m.geo is not None for m in taken)
    assert p.languages[0].key == "en"
    assert p.alerts_by_status["CONFIRMED"] == 2 and p.alerts_open == 4
    assert p.lead_time_median_s == (14 * 60 + 31 * 60) / 2 and p.lead_time_p90_s == 31 * 60
    assert p.ack_median_s == 120
    later = pulse.summary(NOW + timedelta(hours=30), [])
    assert later.mentions == 0 and len(pulse._buckets) == 0


def test_pulse_on_event_time_follows_a_feed_running_ahead_of_the_wall_clock() -> None:
    """The demo's day runs 120x: by wall clock its posts are hours in the future; on event time they count."""
    ahead = NOW + timedelta(hours=30)
    mentions = [enrich(m) for m in sample_mentions(ahead, count=200)]  # the 24 h before `ahead`, all after NOW
    wall, event = PulseBuckets(), PulseBuckets(event_time=True)
    assert not any(wall.add(m, NOW) for m in mentions if m.created_at > NOW + timedelta(hours=1))
    taken = [m for m in mentions if event.add(m, NOW)]
    newest = max(m.created_at for m in mentions)
    assert event.clock(NOW) == newest
    p = event.summary(NOW, [])
    assert p.until == newest and p.mentions == len(taken) > 150
    assert event.clock(newest + timedelta(days=2)) == newest + timedelta(days=2)  # the wall clock wins once later
