"""Flight rules: when posts about one flight and category become a SOCIAL_FIRST alert, and what ops events do."""

from __future__ import annotations

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.counters import Counters
from ioc_stream.correlate.episodes import Emit, episode, grow, judge, judge_new
from ioc_stream.correlate.lifecycle import open_alert
from ioc_stream.correlate.matching import flight_accepts, known_by_ops
from ioc_stream.correlate.state import KeyState, OpsRec, Post
from ioc_stream.taxonomy import HIGH_SEVERITY

KIND = "SOCIAL_FIRST"


def trigger(pending: list[Post], post: Post, category: str, config: CorrelationConfig) -> list[Post] | None:
    """The posts that make an alert now that `post` arrived, or None.

    Either one onboard report of a high-severity category (it brings the posts around it), or
    `min_authors` distinct authors within one `author_window_s` window that contains `post`.
    """
    aw = config.author_window_s
    near = [q for q in pending if abs(q.t - post.t) <= aw]
    if post.onboard and category in HIGH_SEVERITY:
        return near
    if len({q.author for q in near}) < config.min_authors:
        return None
    near.sort(key=lambda q: (q.t, q.id))
    for start in near:
        if start.t > post.t:
            break
        window = [q for q in near if start.t <= q.t <= start.t + aw]
        if len({q.author for q in window}) >= config.min_authors:
            return window
    return None


def on_post(
    state: KeyState, flight: str, category: str, post: Post, config: CorrelationConfig, counters: Counters, emit: Emit
) -> None:
    """Fold a post into its alert, count it as ops-first, or keep it pending and open an alert when triggered."""
    rec = episode(state, KIND, category, post.t, config)
    if rec is not None:
        if grow(rec, post, config):
            emit(rec)
        return
    known = known_by_ops(state.ops, category, post.t, config.ops_lookback_s, flight_accepts)
    if known is not None:
        counters.count_ops_first(post.t - known.reported)
        return
    pending = state.pending.setdefault(category, [])
    pending.append(post)
    posts = trigger(pending, post, category, config)
    if posts is None:
        return
    rec = open_alert(KIND, flight, category, posts, post.t, config.evidence_cap)
    if rec.alert_id in state.alerts:  # same flight, category and minute as a retracted alert: never reopen
        return
    taken = {q.id for q in posts}
    keep = []
    for q in pending:
        if q.id in taken:
            continue
        if rec.first_t <= q.t < rec.first_t + config.expire_after_s:
            grow(rec, q, config)
        else:
            keep.append(q)
    if keep:
        state.pending[category] = keep
    else:
        del state.pending[category]
    state.alerts[rec.alert_id] = rec
    emit(rec)
    judge_new(rec, state, flight_accepts, config, emit)


def on_ops(state: KeyState, ops: OpsRec, config: CorrelationConfig, counters: Counters, emit: Emit) -> None:
    """An ops event for the flight: judge its alerts, and turn pending posts it explains into ops-first counts."""
    judge(state, KIND, ops, flight_accepts, config, counters, emit)
    r, lookback = ops.reported, config.ops_lookback_s
    for category in list(state.pending):
        if not flight_accepts(category, ops.type):
            continue
        keep = []
        for p in state.pending[category]:
            if r <= p.t <= r + lookback:
                counters.count_ops_first(p.t - r)
            else:
                keep.append(p)
        if keep:
            state.pending[category] = keep
        else:
            del state.pending[category]
