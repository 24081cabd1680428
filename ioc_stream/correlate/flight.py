"""Flight rules: when posts about one flight and category become a SOCIAL_FIRST alert, and what ops events do."""

from __future__ import annotations

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.counters import Counters
from ioc_stream.correlate.episodes import Emit, grow, judge, judge_new
from ioc_stream.correlate.lifecycle import (
    CONFIRMED,
    ESCALATED,
    RETRACTED,
    add_evidence,
    alert_id,
    by_time,
    carry_over,
    covers,
    expire,
    open_alert,
    settle,
)
from ioc_stream.correlate.matching import flight_accepts, known_by_ops
from ioc_stream.correlate.posts import severity
from ioc_stream.correlate.state import AlertRec, KeyState, OpsRec, Post
from ioc_stream.correlate.times import epoch
from ioc_stream.desk.reference import Desk
from ioc_stream.models import OpsEvent
from ioc_stream.taxonomy import HIGH_SEVERITY

KIND = "SOCIAL_FIRST"
RISK = "CONNECTION_RISK"


def trigger_time(posts: list[Post], category: str, config: CorrelationConfig) -> int | None:
    """The event time at which time-ordered `posts` first justify an alert, or None.

    That is the first onboard report of a high-severity category, or the post that brings
    `min_authors` distinct authors within one `author_window_s`.
    """
    high = category in HIGH_SEVERITY
    aw, need = config.author_window_s, config.min_authors
    authors: dict[str, int] = {}
    lo = 0
    for q in posts:
        if high and q.onboard:
            return q.t
        authors[q.author] = authors.get(q.author, 0) + 1
        while posts[lo].t < q.t - aw:
            gone = posts[lo].author
            authors[gone] -= 1
            if not authors[gone]:
                del authors[gone]
            lo += 1
        if len(authors) >= need:
            return q.t
    return None


def trigger(pending: list[Post], post: Post, category: str, config: CorrelationConfig) -> tuple[list[Post], int] | None:
    """The posts that open an alert now that `post` arrived, and the detection time; None if not yet."""
    aw = config.author_window_s
    near = sorted((q for q in pending if abs(q.t - post.t) <= aw), key=by_time)
    detected = trigger_time(near, category, config)
    if detected is None:
        return None
    return [q for q in near if detected - aw <= q.t <= detected], detected


def join(rec: AlertRec, post: Post, config: CorrelationConfig, counters: Counters) -> bool:
    """Add a post to its episode's alert; True when a new version is due.

    A post from before the alert's detection moves its history back whatever its status: first
    report and detection time, then the lead time (or a retraction, if ops turns out to have known
    by the earlier detection) are derived again, as if the posts had come in event-time order.
    """
    if post.t >= rec.detected_t:
        return grow(rec, post, config)
    add_evidence(rec, post, config.evidence_cap)
    rec.first_t = min(rec.first_t, post.t)
    detected = trigger_time(rec.evidence, rec.category, config)
    if detected is not None and detected < rec.detected_t:
        rec.detected_t = detected
    if rec.status == CONFIRMED and rec.ops is not None:
        if rec.ops.reported <= rec.detected_t:
            settle(rec, RETRACTED, rec.ops)
            counters.retracted += 1
        else:
            rec.lead_s = rec.ops.reported - rec.first_t
    elif rec.status == RETRACTED and rec.ops is not None and rec.ops.reported > rec.detected_t:
        settle(rec, CONFIRMED, rec.ops)  # in event-time order the posts came first: ops confirmed it
        counters.retracted -= 1
    return True


def _retracted_before(state: KeyState, category: str, post: Post, config: CorrelationConfig) -> AlertRec | None:
    """A retracted alert whose episode a late post from before its detection and before the ops report belongs to
    (it may un-retract it: in event-time order the posts would have come first)."""
    for rec in state.alerts.values():
        if rec.kind == KIND and rec.category == category and rec.status == RETRACTED and rec.ops is not None:
            if post.t < rec.detected_t and post.t < rec.ops.reported and admits(rec, post, config):
                return rec
    return None


def admits(rec: AlertRec, post: Post, config: CorrelationConfig) -> bool:
    """Whether a post belongs to the alert's episode: from an author window before its first report until
    expiry, but a post before the first report only from what the event-time order still holds when the
    alert is detected (detection with this post - author window - allowed lateness). Older pending posts
    are forgotten as the watermark passes, at a moment that depends on how the feeds interleaved: the
    episode must not."""
    if not covers(rec, post.t, config):
        return False
    if post.t >= rec.first_t:
        return True
    detected = trigger_time(sorted([*rec.evidence, post], key=by_time), rec.category, config)
    earliest = rec.detected_t if detected is None else min(detected, rec.detected_t)
    return post.t >= earliest - config.author_window_s - config.allowed_lateness_s


def _episode(state: KeyState, category: str, post: Post, config: CorrelationConfig) -> AlertRec | None:
    """The alert (not retracted) whose episode admits the post: the latest one that started before it."""
    best = None
    for rec in state.alerts.values():
        if rec.kind == KIND and rec.category == category and rec.status != RETRACTED and admits(rec, post, config):
            if best is None or rec.first_t > best.first_t:
                best = rec
    return best


def absorb(state: KeyState, rec: AlertRec, config: CorrelationConfig, counters: Counters) -> None:
    """Pending posts of the alert's category that its episode now covers join it (repeatedly, as each
    earlier post moves the episode back), so the outcome does not depend on which post came first.

    Only posts its episode `admits`: none from before what the event-time order still holds at detection."""
    pending = state.pending.get(rec.category)
    while pending:
        inside = [q for q in pending if admits(rec, q, config)]
        if not inside:
            break
        for q in sorted(inside, key=by_time, reverse=True):
            join(rec, q, config, counters)
        taken = {q.id for q in inside}
        pending = [q for q in pending if q.id not in taken]
    state.set_pending(rec.category, pending or [])


def _merge_target(state: KeyState, category: str, first_t: int, config: CorrelationConfig) -> AlertRec | None:
    """A standing alert of the same episode that started after these (late) posts: they join it instead."""
    for rec in state.alerts.values():
        if rec.kind == KIND and rec.category == category and rec.status != RETRACTED:
            if first_t <= rec.first_t < first_t + config.expire_after_s:
                return rec
    return None


def on_post(
    state: KeyState, flight: str, category: str, post: Post, config: CorrelationConfig, counters: Counters, emit: Emit
) -> None:
    """Fold a post into its alert, count it as ops-first, or keep it pending and open an alert when triggered."""
    known = known_by_ops(state.ops, category, post.t, config.ops_lookback_s, flight_accepts)
    rec = _episode(state, category, post, config)
    if rec is None and known is None:  # a post ops already knew of revives nothing
        rec = _retracted_before(state, category, post, config)
    if rec is not None:
        first, detected = rec.first_t, rec.detected_t
        if join(rec, post, config, counters):
            if rec.first_t < first or rec.detected_t < detected:  # the episode reaches further back now
                absorb(state, rec, config, counters)
            emit(rec)
        return
    if known is not None:
        counters.count_ops_first(post.t - known.reported)
        return
    pending = state.pending.setdefault(category, [])
    pending.append(post)
    found = trigger(pending, post, category, config)
    if found is None:
        return
    posts, detected = found
    first_t = posts[0].t
    rec = _merge_target(state, category, first_t, config)
    if rec is None:
        rec = open_alert(KIND, flight, category, posts, detected, config.evidence_cap)
        if rec.alert_id in state.alerts:  # same flight, category and minute as a retracted alert: never reopen
            return
        state.alerts[rec.alert_id] = rec
        fresh = True
    else:
        for q in posts:
            join(rec, q, config, counters)
        fresh = False
    taken = {q.id for q in posts}
    state.pending[category] = [q for q in pending if q.id not in taken]
    absorb(state, rec, config, counters)
    emit(rec)
    if fresh:
        judge_new(rec, state, flight_accepts, config, emit)


def on_ops(
    state: KeyState, flight: str, ops: OpsRec, config: CorrelationConfig, counters: Counters, emit: Emit
) -> None:
    """An ops event for the flight: judge its alerts, and turn pending posts it explains into ops-first counts.

    An ops event older than posts it explains (a lagging ops feed catching up) re-derives the alerts of
    those categories from their posts in event-time order (`rederive`), as if it had come first.
    """
    r, lookback = ops.reported, config.ops_lookback_s
    explains: dict[str, list[AlertRec]] = {}
    for rec in state.alerts.values():
        if (
            rec.kind == KIND
            and rec.status != RETRACTED
            and flight_accepts(rec.category, ops.type)
            and any(r <= p.t <= r + lookback for p in (*rec.evidence, *rec.held))
        ):
            explains.setdefault(rec.category, []).append(rec)
    for category in sorted(explains):
        rederive(state, flight, explains[category], ops, config, counters, emit)
    rederived = {rec.alert_id for recs in explains.values() for rec in recs}
    judge(state, KIND, ops, flight_accepts, config, counters, emit, skip=rederived)
    for category in list(state.pending):
        if not flight_accepts(category, ops.type):
            continue
        keep = []
        for p in state.pending[category]:
            if r <= p.t <= r + lookback:
                counters.count_ops_first(p.t - r)
            else:
                keep.append(p)
        state.set_pending(category, keep)


def rederive(
    state: KeyState,
    flight: str,
    alerts: list[AlertRec],
    cause: OpsRec,
    config: CorrelationConfig,
    counters: Counters,
    emit: Emit,
) -> None:
    """Alerts of one category that `cause` explains posts of, again from their posts (and the category's pending
    ones) in event-time order with every ops event held, reconciled with what was published: an alert that
    comes out differently gets a new version (people's actions kept), one that no longer stands is RETRACTED
    by `cause`, a new one opens.

    Retracted alerts are not re-read (the ops events that retracted them may be forgotten by now), nor posts
    an alert dropped from the middle of its evidence (past the cap); a confirmed alert brings its ops event.
    """
    category = alerts[0].category
    since = min(rec.first_t for rec in alerts) - config.author_window_s
    old = {  # the explained alerts and every later one of the category: their posts may belong together now
        rec.alert_id: rec
        for rec in state.alerts.values()
        if rec.kind == KIND and rec.category == category and rec.status != RETRACTED and rec.first_t >= since
    }
    posts = {p.id: p for rec in old.values() for p in (*rec.evidence, *rec.held)}
    posts.update((p.id, p) for p in state.pending.get(category, []))
    scratch = KeyState()
    held = {o.id for o in state.ops}
    scratch.ops = [*state.ops, *(rec.ops for rec in old.values() if rec.ops is not None and rec.ops.id not in held)]
    for post in sorted(posts.values(), key=by_time):  # posts the ops events explain are counted ops-first here
        on_post(scratch, flight, category, post, config, counters, _ignore)
    for aid, new in scratch.alerts.items():
        if new.live and state.judged is not None:
            expire(new, state.judged, config)
        prev = old.pop(aid, None) or state.alerts.get(aid)  # a retracted one with this id comes back: same versions
        if prev is not None:
            carry_over(new, prev)
            new.updated_t = max(new.updated_t, prev.updated_t)
        state.alerts[aid] = new
        if prev is None or _outcome(new) != _outcome(prev):
            emit(new)
    for prev in old.values():
        if prev.status != RETRACTED:
            settle(prev, RETRACTED, cause)
            counters.retracted += 1
            emit(prev)
    state.set_pending(category, scratch.pending.get(category, []))


def _outcome(rec: AlertRec) -> tuple[object, ...]:
    """What a re-derived alert must keep to need no new version."""
    ops = rec.ops.id if rec.ops else None
    return (rec.status, rec.first_t, rec.detected_t, rec.lead_s, ops, rec.severity, [p.id for p in rec.evidence])


def _ignore(rec: AlertRec) -> None:
    """An emitter for a scratch derivation: what it would publish is reconciled afterwards."""


def on_risk(state: KeyState, flight: str, event: OpsEvent, ops: OpsRec, desk: Desk, emit: Emit) -> None:
    """CONNECTION_RISK, from the ops feed alone: a DELAY or CANCELLATION of a leg whose listed group or
    high-volume connection may not hold (`Desk.leg_at_risk`) opens that leg's alert (its id names the leg's
    scheduled departure, so one alert a leg); each later such report of the leg is a new version."""
    leg = desk.leg_at_risk(event)
    if leg is None:
        return
    aid = alert_id(flight, RISK, epoch(leg.departure_utc))
    rec = state.alerts.get(aid)
    if rec is None:
        rec = state.alerts[aid] = AlertRec(aid, RISK, flight, ops.type, ops.reported, ops.reported)
    elif not rec.live or (rec.category == "CANCELLATION" and ops.type != "CANCELLATION"):
        rec.members.add(ops.id)  # closed (the connection was made or missed), or a delay of a cancelled leg
        return
    else:
        rec.status = ESCALATED
    if ops.type == "CANCELLATION":  # a cancellation outranks any delay of the same leg
        rec.category = ops.type
    rec.severity = max(rec.severity, severity(rec.category, False))
    rec.ops = ops
    rec.members.add(ops.id)
    rec.updated_t = max(rec.updated_t, ops.reported)
    emit(rec)
