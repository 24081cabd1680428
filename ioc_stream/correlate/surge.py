"""Station rules: a surge of posts about one station and category against its rolling baseline -> STATION_SURGE."""

from __future__ import annotations

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.counters import Counters
from ioc_stream.correlate.episodes import Emit, episode, judge, judge_new
from ioc_stream.correlate.lifecycle import (
    ESCALATED,
    RETRACTED,
    add_evidence,
    alert_id,
    capped_insert,
    carry_over,
    hold,
    open_alert,
    settle,
)
from ioc_stream.correlate.matching import known_by_ops, station_accepts
from ioc_stream.correlate.state import AlertRec, Bucket, KeyState, OpsRec, Post

KIND = "STATION_SURGE"


def baseline(buckets: dict[int, Bucket], b: int, n: int) -> float:
    """Mean count of the `n` buckets before bucket `b` (missing buckets count zero)."""
    return sum(buckets[i].count for i in range(b - n, b) if i in buckets) / n


def window_count(buckets: dict[int, Bucket], t: int, window_s: int, bucket_s: int) -> int:
    """Posts in the `window_s` seconds up to and including `t`: a sliding window, so a surge that
    straddles a bucket boundary is seen as soon as it is one (buckets only feed the baseline)."""
    b = t // bucket_s
    lo = t - window_s
    return sum(
        lo < x <= t
        for i in range(b - (window_s + bucket_s - 1) // bucket_s, b + 1)
        if i in buckets
        for x in buckets[i].times
    )


def on_post(
    state: KeyState, station: str, category: str, post: Post, config: CorrelationConfig, counters: Counters, emit: Emit
) -> None:
    """Count the post; grow the station's open surge, or open one when the last 15 minutes surge.

    The count is over a sliding window (`surge_bucket_s` long); the baseline is the mean count of the
    `surge_baseline_buckets` buckets before the window end's own.
    """
    bs = config.surge_bucket_s
    b = post.t // bs
    buckets = state.buckets.setdefault(category, {})
    bucket = buckets.get(b)
    if bucket is None:
        bucket = buckets[b] = Bucket()
    bucket.count += 1
    bucket.times.append(post.t)
    count = window_count(buckets, post.t, bs, bs)
    rec = episode(state, KIND, category, post.t, config)
    if rec is not None:
        if not rec.live:
            rec.members.add(post.id)
            return
        earlier = _earlier_detection(buckets, rec, post.t, config)
        if earlier is not None:  # a late post: the surge would have been seen at `earlier` in event-time order
            add_evidence(rec, post, config.evidence_cap)
            rec.detected_t, rec.first_t = earlier, min(rec.first_t, post.t)
            rec.updated_t = max(rec.updated_t, post.t)
            emit(rec)
        elif post.severity > rec.severity or count >= 2 * rec.peak:  # escalate when it doubles, not per post
            add_evidence(rec, post, config.evidence_cap)
            rec.peak = max(rec.peak, count)
            rec.status = ESCALATED
            rec.updated_t = max(rec.updated_t, post.t)
            emit(rec)
        else:
            hold(rec, post)
        return
    capped_insert(bucket.posts, post, config.evidence_cap)
    # A late post can complete a window ending at a later post already counted: every window end from this
    # post on is tried, earliest first, so whether (and when) a surge opens does not depend on arrival order.
    later = {x for i in (b, b + 1) if i in buckets for x in buckets[i].times if post.t < x < post.t + bs}
    for end in sorted({post.t, *later}):
        if _surges_at(state, station, category, end, config, counters, emit):
            return


def _surging(buckets: dict[int, Bucket], end: int, config: CorrelationConfig) -> tuple[int, float] | None:
    """The window count and baseline when the window ending at `end` surges, else None."""
    bs = config.surge_bucket_s
    count = window_count(buckets, end, bs, bs)
    base = baseline(buckets, end // bs, config.surge_baseline_buckets)
    return (count, base) if count >= max(config.surge_min_mentions, config.surge_factor * base) else None


def _earlier_detection(buckets: dict[int, Bucket], rec: AlertRec, t: int, config: CorrelationConfig) -> int | None:
    """The earliest window end from a late post at `t` to the live surge's detection that surges, if any."""
    if not rec.live or t >= rec.detected_t:
        return None
    bs = config.surge_bucket_s
    ends = sorted({x for i in range(t // bs, rec.detected_t // bs + 1) if i in buckets for x in buckets[i].times})
    return next((end for end in ends if t <= end < rec.detected_t and _surging(buckets, end, config)), None)


def _surges_at(
    state: KeyState, station: str, category: str, end: int, config: CorrelationConfig, counters: Counters, emit: Emit
) -> bool:
    """Open the station's surge if the window ending at `end` surges; True when no later window needs trying."""
    bs = config.surge_bucket_s
    buckets = state.buckets[category]
    b = end // bs
    bucket = buckets[b]
    surging = _surging(buckets, end, config)
    if surging is None:
        return False
    count, base = surging
    if known_by_ops(state.ops, category, end, config.ops_lookback_s, station_accepts) is not None:
        if not bucket.covered:  # counted once a bucket; each window end is still judged on its own
            bucket.covered = True
            counters.surges_covered += 1
        return False
    recent = [q for i in (b - 1, b) if i in buckets for q in buckets[i].posts if end - bs < q.t <= end]
    first = min(x for i in (b - 1, b) if i in buckets for x in buckets[i].times if end - bs < x <= end)
    # Named by the quarter hour its window starts in, which every arrival order of the same posts agrees on.
    aid = alert_id(station, category, first // bs * bs)
    if aid in state.alerts or episode(state, KIND, category, end, config) is not None:
        return True  # this surge was retracted (never reopen), or a surge already stands there
    if recent:
        rec = open_alert(KIND, station, category, recent, end, config.evidence_cap)
    else:  # its posts are another (retracted) surge's evidence, capped away: the counts still say it surged
        rec = AlertRec(aid, KIND, station, category, first, end)
    rec.alert_id, rec.first_t = aid, min(rec.first_t, first)
    rec.peak, rec.baseline = count, base
    state.alerts[aid] = rec
    emit(rec)
    judge_new(rec, state, station_accepts, config, emit)
    return True


def on_ops(state: KeyState, ops: OpsRec, config: CorrelationConfig, counters: Counters, emit: Emit) -> None:
    """A station-level ops event: confirm or retract the station's surges it covers.

    A surge it retracts (it came late: ops knew first) gives back the posts from after what the report
    explains: had it come first (event-time order), those would have been a surge of their own.
    """
    before = {aid for aid, rec in state.alerts.items() if rec.status == RETRACTED}
    judge(state, KIND, ops, station_accepts, config, counters, emit)
    for rec in [r for r in state.alerts.values() if r.kind == KIND and r.status == RETRACTED]:
        if rec.alert_id not in before and rec.ops is ops:
            _recount_after(state, rec, ops, config, counters, emit)


def _recount_after(
    state: KeyState, rec: AlertRec, cause: OpsRec, config: CorrelationConfig, counters: Counters, emit: Emit
) -> None:
    """Every window end past what `cause` explains, earliest first, over the retracted surge's episode and those of
    the surges that opened after it (they may belong to a surge that now opens first); reconciled with what was
    published: versions go on, a surge that no longer stands is RETRACTED by `cause`."""
    horizon, bs = cause.reported + config.ops_lookback_s, config.surge_bucket_s
    buckets = state.buckets.get(rec.category, {})
    later = {
        r.alert_id: r
        for r in state.alerts.values()
        if r.kind == KIND and r.category == rec.category and r.first_t > horizon and not _ops_knew(r, config)
    }
    later[rec.alert_id] = rec  # its later posts may make a surge under its own id (the same quarter hour)
    for other in later.values():  # their posts are evidence again for the surges that open now
        for post in (*other.evidence, *other.held):
            bucket = buckets.get(post.t // bs)
            if post.t > horizon and bucket is not None and all(q.id != post.id for q in bucket.posts):
                capped_insert(bucket.posts, post, config.evidence_cap)
    for aid in later:
        del state.alerts[aid]
    until = max(r.first_t + config.expire_after_s for r in later.values())
    opened: list[AlertRec] = []
    for end in sorted({x for bucket in buckets.values() for x in bucket.times if horizon < x < until}):
        _surges_at(state, rec.subject, rec.category, end, config, counters, opened.append)
    for new in dict.fromkeys(opened):
        prev = later.pop(new.alert_id, None)
        if prev is not None:  # the same surge again: its history and people's actions stay
            carry_over(new, prev)
            if prev is rec:
                counters.retracted -= 1  # it stands after all, under its own id
        emit(new)
    for prev in later.values():  # inside a surge that now came first
        state.alerts[prev.alert_id] = prev
        if prev.status != RETRACTED:
            settle(prev, RETRACTED, cause)
            counters.retracted += 1
            emit(prev)


def _ops_knew(rec: AlertRec, config: CorrelationConfig) -> bool:
    """A surge retracted because ops had reported it by its detection (not one folded into an earlier surge)."""
    ops = rec.ops
    return (
        rec.status == RETRACTED
        and ops is not None
        and ops.reported <= rec.detected_t <= ops.reported + config.ops_lookback_s
    )
