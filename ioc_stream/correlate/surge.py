"""Station rules: a surge of posts about one station and category against its rolling baseline -> STATION_SURGE."""

from __future__ import annotations

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.counters import Counters
from ioc_stream.correlate.episodes import Emit, episode, judge, judge_new
from ioc_stream.correlate.lifecycle import ESCALATED, add_evidence, alert_id, capped_insert, hold, open_alert
from ioc_stream.correlate.matching import known_by_ops, station_accepts
from ioc_stream.correlate.state import Bucket, KeyState, OpsRec, Post

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

    The count is over a sliding window (`surge_bucket_s` long) ending at the post; the baseline is the
    mean count of the `surge_baseline_buckets` buckets before the post's own.
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
        if post.severity > rec.severity or count >= 2 * rec.peak:  # escalate when it doubles, not per post
            add_evidence(rec, post, config.evidence_cap)
            rec.peak = max(rec.peak, count)
            rec.status = ESCALATED
            rec.updated_t = max(rec.updated_t, post.t)
            emit(rec)
        else:
            hold(rec, post)
        return
    capped_insert(bucket.posts, post, config.evidence_cap)
    if bucket.covered:
        return
    base = baseline(buckets, b, config.surge_baseline_buckets)
    if count < max(config.surge_min_mentions, config.surge_factor * base):
        return
    if known_by_ops(state.ops, category, post.t, config.ops_lookback_s, station_accepts) is not None:
        bucket.covered = True
        counters.surges_covered += 1
        return
    aid = alert_id(station, category, b * bs)
    if aid in state.alerts:  # this bucket's surge was retracted: never reopen
        return
    recent = [q for i in (b - 1, b) if i in buckets for q in buckets[i].posts if post.t - bs < q.t <= post.t]
    rec = open_alert(KIND, station, category, recent, post.t, config.evidence_cap)
    rec.alert_id = aid
    rec.peak, rec.baseline = count, base
    state.alerts[aid] = rec
    emit(rec)
    judge_new(rec, state, station_accepts, config, emit)


def on_ops(state: KeyState, ops: OpsRec, config: CorrelationConfig, counters: Counters, emit: Emit) -> None:
    """A station-level ops event: confirm or retract the station's surges it covers."""
    judge(state, KIND, ops, station_accepts, config, counters, emit)
