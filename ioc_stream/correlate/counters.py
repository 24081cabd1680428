"""What the engine counts besides alerts, as plain ints and lists the shells (metrics, summary) read."""

from __future__ import annotations


class Counters:
    """Running totals of one Correlator; shells may read and clear the lag lists."""

    __slots__ = (
        "actions",
        "conflicts",
        "duplicates",
        "evicted_keys",
        "late_dropped",
        "late_mentions",
        "late_ops",
        "ops_after_judgement",
        "mentions",
        "ops_events",
        "ops_first",
        "ops_first_lags",
        "orphan_actions",
        "retracted",
        "surges_covered",
    )  # fmt: skip

    def __init__(self) -> None:
        self.mentions = 0  # posts applied (per key)
        self.ops_events = 0
        self.actions = 0
        self.duplicates = 0  # events applied before (same post id, event_id, action_id)
        self.late_dropped = 0  # events older than the key's kept watermark: too late, dropped
        self.late_mentions = 0  # of which posts
        self.late_ops = 0  # of which ops events
        self.ops_after_judgement = 0  # ops events older than the judged watermark, still applied (a lagging feed)
        self.conflicts = 0  # repeated ids with other content, refused
        self.ops_first = 0  # posts ops already knew about
        self.ops_first_lags: list[int] = []  # post created_at - ops reported_at, seconds
        self.retracted = 0  # alerts withdrawn because ops turned out to have known first
        self.surges_covered = 0  # station surges a station-level ops event already explained
        self.orphan_actions = 0  # actions on alerts no longer (or never) held
        self.evicted_keys = 0

    def count_ops_first(self, lag_s: int) -> None:
        """One post that ops knew about `lag_s` seconds before it was written."""
        self.ops_first += 1
        self.ops_first_lags.append(lag_s)

    def as_dict(self) -> dict[str, int]:
        """The integer counters by name."""
        return {f: getattr(self, f) for f in Counters.__slots__ if f != "ops_first_lags"}
