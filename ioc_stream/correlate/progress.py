"""Each input's event-time progress, apart, and the two watermarks the engine judges and forgets by.

Posts and the ops feed come from different systems: either can lag (a connector down for hours, then
catching up). One watermark for both would call the lagging feed's events too late, so the shells
track the latest event time of each input and the engine derives:

- the *judged* watermark, up to which an alert may be called unconfirmed (EXPIRED): the ops feed's
  own progress, or, once the ops feed is idle (more than `idle_after_s` behind the posts), the posts'
  progress minus that allowance, so a silent feed is flagged, not waited for forever;
- the *kept* watermark, below which events are too late and state may be forgotten: the slower
  input's progress, but never more than `retention_s` behind the faster one.

An ops event that arrives after its alert was judged still confirms or retracts it (within retention),
so the final outcome does not depend on how the two feeds interleaved.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """The latest event time (epoch seconds) read from each input; None until that input has delivered."""

    mentions: int | None = None
    ops: int | None = None

    def advanced(self, input: str, t: int) -> Progress:
        """This progress after an event of `input` ("mentions" or "ops") at `t`."""
        if input == "ops":
            return self if self.ops is not None and t <= self.ops else Progress(self.mentions, t)
        return self if self.mentions is not None and t <= self.mentions else Progress(t, self.ops)

    def merged(self, other: Progress) -> Progress:
        """The later of both inputs' progress."""
        return Progress(_later(self.mentions, other.mentions), _later(self.ops, other.ops))

    def ops_silent(self, idle_after_s: int) -> bool:
        """True when the posts have run more than `idle_after_s` past the ops feed (or it never delivered)."""
        m, o = self.mentions, self.ops
        return m is not None and (o is None or m - o > idle_after_s)

    def judged(self, lateness_s: int, idle_after_s: int) -> int | None:
        """The watermark alerts are judged to: ops progress, or the posts' minus the idle allowance."""
        m, o = self.mentions, self.ops
        if o is None:
            return None if m is None else m - idle_after_s - lateness_s
        if m is None:
            return o - lateness_s
        return max(o, m - idle_after_s) - lateness_s

    def kept(self, lateness_s: int, retention_s: int) -> int | None:
        """The watermark below which events are too late: the slower input's, at most `retention_s` behind."""
        m, o = self.mentions, self.ops
        if m is None and o is None:
            return None
        if m is None or o is None:
            return (m if o is None else o) - retention_s - lateness_s  # type: ignore[operator]
        return max(min(m, o), max(m, o) - retention_s) - lateness_s


def _later(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else max(a, b)
