"""The alert state machine shared by flight and station alerts: open, grow, confirm, retract, expire, act.

Every transition is decided from event times only, so the same facts in a different arrival order
reach the same final status. Functions mutate the AlertRec and say whether a new version is due;
the engine bumps `version` and renders.
"""

from __future__ import annotations

from bisect import insort

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.state import AlertRec, OpsRec, Post
from ioc_stream.correlate.times import epoch, stamp
from ioc_stream.models import AlertAction

OPEN, ESCALATED, CONFIRMED, RETRACTED, EXPIRED = "OPEN", "ESCALATED", "CONFIRMED", "RETRACTED", "EXPIRED"


def alert_id(subject: str, category: str, first_t: int) -> str:
    """Deterministic id from subject, category and the first report's minute: AA2390:DIVERSION:20150224T1935Z."""
    return f"{subject}:{category}:{stamp(first_t)}"


def by_time(p: Post) -> tuple[int, str]:
    """Sort key of posts: event time, then id."""
    return (p.t, p.id)


def capped_insert(posts: list[Post], post: Post, cap: int) -> None:
    """Insert in time order; past `cap`, drop from the middle so the first and the newest stay."""
    insort(posts, post, key=by_time)
    if len(posts) > cap:
        del posts[cap // 2]


def add_evidence(rec: AlertRec, post: Post, cap: int) -> None:
    """Fold one post into the alert: evidence kept in time order, capped keeping the first and the newest."""
    rec.members.add(post.id)
    rec.authors.add(post.author)
    if post.severity > rec.severity:
        rec.severity = post.severity
    capped_insert(rec.evidence, post, cap)


def hold(rec: AlertRec, post: Post) -> None:
    """Fold a post in without a new version: counted at once, shown as evidence with the next version."""
    rec.members.add(post.id)
    rec.authors.add(post.author)
    rec.held.append(post)


def flush_held(rec: AlertRec, cap: int) -> None:
    """Move held posts into the evidence, just before a new version is rendered."""
    for post in rec.held:
        capped_insert(rec.evidence, post, cap)
    rec.held.clear()


def open_alert(kind: str, subject: str, category: str, posts: list[Post], detected_t: int, cap: int) -> AlertRec:
    """A new OPEN alert from the posts that triggered it, detected at the event time of the deciding post."""
    first_t = min(p.t for p in posts)
    rec = AlertRec(alert_id(subject, category, first_t), kind, subject, category, first_t, detected_t)
    for p in posts:
        add_evidence(rec, p, cap)
    return rec


def covers(rec: AlertRec, t: int, config: CorrelationConfig) -> bool:
    """Whether a post at `t` belongs to this alert's episode (a little before its first report, until expiry)."""
    return rec.first_t - config.author_window_s <= t < rec.first_t + config.expire_after_s


def ops_verdict(rec: AlertRec, ops: OpsRec, config: CorrelationConfig) -> str | None:
    """RETRACTED if ops had reported it by the time the alert was detected (so it would never have opened in
    event-time order), CONFIRMED if ops reported it later (the earliest such report wins), else None."""
    if rec.status == RETRACTED:
        return None
    r, detected = ops.reported, rec.detected_t
    if detected - config.ops_lookback_s <= r <= detected:
        return RETRACTED
    if detected < r <= rec.first_t + config.match_window_s:
        if rec.status != CONFIRMED or r < rec.ops.reported:  # type: ignore[union-attr]
            return CONFIRMED
    return None


def settle(rec: AlertRec, verdict: str, ops: OpsRec) -> None:
    """Apply an ops verdict: record the ops event, and the lead time when confirmed."""
    rec.status = verdict
    rec.ops = ops
    rec.members.add(ops.id)
    rec.updated_t = max(rec.updated_t, ops.reported)
    if verdict == CONFIRMED:
        rec.confirmed_t = ops.reported
        rec.lead_s = ops.reported - rec.first_t
    else:
        rec.confirmed_t = rec.lead_s = None


def expire(rec: AlertRec, watermark: int, config: CorrelationConfig) -> bool:
    """EXPIRED once the watermark passes first report + expire_after without confirmation."""
    deadline = rec.first_t + config.expire_after_s
    if rec.live and deadline <= watermark:
        rec.status = EXPIRED
        rec.updated_t = max(rec.updated_t, deadline)
        return True
    return False


def carry_over(new: AlertRec, prev: AlertRec) -> None:
    """An alert derived again under a published id keeps what was published of it: its version count, the ids
    folded in, the authors last shown, and people's acks, resolutions and notes."""
    new.version, new.emitted_authors, new.members = prev.version, prev.emitted_authors, new.members | prev.members
    new.acked_by, new.acked_t, new.resolved_by, new.resolved_t = (
        prev.acked_by,
        prev.acked_t,
        prev.resolved_by,
        prev.resolved_t,
    )
    new.notes = prev.notes


def act(rec: AlertRec, action: AlertAction) -> bool:
    """Fold a person's ack/resolve/note in by the one rule (AlertAction.effect); False when it changes nothing."""
    rec.members.add(action.action_id)
    at = epoch(action.at)
    ack, resolve, note = action.effect(rec.acked_by is not None, rec.resolved_by is not None)
    if ack:
        rec.acked_by, rec.acked_t = action.by, at
    if resolve:
        rec.resolved_by, rec.resolved_t = action.by, at
    if note:
        rec.notes.append([action.by, at, action.text or ""])
    if not (ack or resolve or note):
        return False
    rec.updated_t = max(rec.updated_t, at)
    return True
