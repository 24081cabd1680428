"""What flight and station rules share: the alert a post belongs to, and letting an ops event judge alerts."""

from __future__ import annotations

from collections.abc import Callable, Collection

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.counters import Counters
from ioc_stream.correlate.lifecycle import (
    CONFIRMED,
    ESCALATED,
    RETRACTED,
    add_evidence,
    covers,
    hold,
    ops_verdict,
    settle,
)
from ioc_stream.correlate.matching import Accepts
from ioc_stream.correlate.state import AlertRec, KeyState, OpsRec, Post

Emit = Callable[[AlertRec], None]


def episode(state: KeyState, kind: str, category: str, t: int, config: CorrelationConfig) -> AlertRec | None:
    """The alert (not retracted) whose episode covers a post at `t`: the latest one that started before it."""
    best = None
    for rec in state.alerts.values():
        if (
            rec.kind == kind
            and rec.category == category
            and rec.status != RETRACTED
            and covers(rec, t, config)
            and (best is None or rec.first_t > best.first_t)
        ):
            best = rec
    return best


def grow(rec: AlertRec, post: Post, config: CorrelationConfig) -> bool:
    """Add a post to its alert; True when the alert ESCALATED (worse severity, or notably more authors).

    Each new author is news up to the evidence cap; past it, only a doubling is, so a viral incident
    does not flood the bridge with versions. Confirmed or expired alerts only remember the post id.
    """
    if not rec.live:
        rec.members.add(post.id)
        return False
    n = len(rec.authors) + (post.author not in rec.authors)
    if post.severity > rec.severity or (
        n > len(rec.authors) and (n <= config.evidence_cap or n >= 2 * rec.emitted_authors)
    ):
        add_evidence(rec, post, config.evidence_cap)
        rec.status = ESCALATED
        rec.updated_t = max(rec.updated_t, post.t)
        return True
    hold(rec, post)
    return False


def judge(
    state: KeyState,
    kind: str,
    ops: OpsRec,
    accepts: Accepts,
    config: CorrelationConfig,
    counters: Counters,
    emit: Emit,
    skip: Collection[str] = (),
) -> None:
    """Let one ops event confirm or retract each alert of `kind` it is compatible with (but those in `skip`)."""
    for rec in list(state.alerts.values()):
        if rec.kind != kind or rec.alert_id in skip or not accepts(rec.category, ops.type):
            continue
        verdict = ops_verdict(rec, ops, config)
        if verdict is None:
            continue
        settle(rec, verdict, ops)
        if verdict == RETRACTED:
            counters.retracted += 1
            if kind == "SOCIAL_FIRST":
                for p in rec.evidence:
                    if ops.reported <= p.t <= ops.reported + config.ops_lookback_s:
                        counters.count_ops_first(p.t - ops.reported)
        emit(rec)


def judge_new(rec: AlertRec, state: KeyState, accepts: Accepts, config: CorrelationConfig, emit: Emit) -> None:
    """A just-opened alert meets the ops events that arrived before it (out of order): the earliest confirming wins."""
    for o in sorted(state.ops, key=lambda o: o.reported):
        if accepts(rec.category, o.type) and ops_verdict(rec, o, config) == CONFIRMED:
            settle(rec, CONFIRMED, o)
            emit(rec)
            return
