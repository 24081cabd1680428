"""Per-key correlation state: plain slots records with epoch-second ints, serialised with orjson.

The changelog encoding carries a format number (`FORMAT`): a worker reads what the previous version
wrote (format 1: no number, no judged watermark, no content sums) and writes the current one.
"""

from __future__ import annotations

from typing import Any

import orjson

_NON_STR = orjson.OPT_NON_STR_KEYS

#: The changelog encoding of KeyState written now; from_bytes reads this one and every earlier one.
FORMAT = 2


class StateFormatError(ValueError):
    """A stored state that cannot be decoded (corrupt, or written by a newer version)."""


class Post:
    """One post as evidence: what the liaison sees, and what the rules need (author, time, onboard)."""

    __slots__ = (
        "id", "author", "t", "excerpt", "cues", "lang", "onboard", "channel", "loyalty", "station", "severity",
        "report", "primary", "counted_as",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        author: str,
        t: int,
        excerpt: str = "",
        cues: list[str] | None = None,
        lang: str = "en",
        onboard: bool = False,
        channel: str = "public",
        loyalty: str | None = None,
        station: str | None = None,
        severity: int = 1,
        report: str = "first_hand",
        primary: str | None = None,
        counted_as: str | None = None,
    ) -> None:
        self.id = id
        self.author = author
        self.t = t
        self.excerpt = excerpt
        self.cues = cues if cues is not None else []
        self.lang = lang
        self.onboard = onboard
        self.channel = channel
        self.loyalty = loyalty
        self.station = station
        self.severity = severity
        self.report = report  # first_hand or relayed: the report kinds that count
        self.primary = primary  # the post's own primary category
        self.counted_as = counted_as  # the category it counts under here (primary or another it reports)

    def to_list(self) -> list[Any]:
        return [getattr(self, f) for f in Post.__slots__]

    @classmethod
    def from_list(cls, v: list[Any]) -> Post:
        """The inverse of to_list; a list written before `report` and the categories existed reads as first-hand."""
        return cls(*v)

    def counting_as(self, category: str, severity: int) -> Post:
        """The same post counted under another category it reports, at that category's severity."""
        copy = Post.from_list(self.to_list())
        copy.counted_as, copy.severity = category, severity
        return copy


class OpsRec:
    """An ops event as the rules need it: type, when it happened, when ops knew (`reported`)."""

    __slots__ = ("id", "type", "occurred", "reported", "station", "details")

    def __init__(
        self,
        id: str,
        type: str,
        occurred: int,
        reported: int,
        station: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        self.id = id
        self.type = type
        self.occurred = occurred
        self.reported = reported
        self.station = station
        self.details = details or {}

    def to_list(self) -> list[Any]:
        return [self.id, self.type, self.occurred, self.reported, self.station, self.details]

    @classmethod
    def from_list(cls, v: list[Any]) -> OpsRec:
        return cls(*v)


class AlertRec:
    """The live record behind one alert_id; every emitted Alert is rendered from it."""

    __slots__ = (
        "alert_id", "kind", "subject", "category", "status", "version", "first_t", "detected_t", "updated_t",
        "confirmed_t", "lead_s", "severity", "evidence", "authors", "members", "ops", "acked_by", "acked_t",
        "resolved_by", "resolved_t", "notes", "emitted_authors", "peak", "baseline", "held",
    )  # fmt: skip

    def __init__(self, alert_id: str, kind: str, subject: str, category: str, first_t: int, detected_t: int) -> None:
        self.alert_id = alert_id
        self.kind = kind
        self.subject = subject
        self.category = category
        self.status = "OPEN"
        self.version = 0
        self.first_t = first_t
        self.detected_t = detected_t
        self.updated_t = detected_t
        self.confirmed_t: int | None = None
        self.lead_s: int | None = None
        self.severity = 0
        self.evidence: list[Post] = []
        self.authors: set[str] = set()
        self.members: set[str] = set()  # ids of every post, ops event and action folded in (idempotence)
        self.ops: OpsRec | None = None
        self.acked_by: str | None = None
        self.acked_t: int | None = None
        self.resolved_by: str | None = None
        self.resolved_t: int | None = None
        self.notes: list[list[Any]] = []  # [by, t, text]
        self.emitted_authors = 0
        self.peak = 0  # surges: the highest bucket count seen
        self.baseline = 0.0  # surges: the baseline it was measured against
        # posts folded in without a new version: shown with the next version, so that what a given
        # (alert_id, version) shows never changes
        self.held: list[Post] = []

    @property
    def live(self) -> bool:
        """Open or escalated: still waiting for ops."""
        return self.status == "OPEN" or self.status == "ESCALATED"

    def to_list(self) -> list[Any]:
        out = []
        for f in AlertRec.__slots__:
            v = getattr(self, f)
            if f == "evidence" or f == "held":
                v = [p.to_list() for p in v]
            elif f in ("authors", "members"):
                v = sorted(v)
            elif f == "ops":
                v = v.to_list() if v is not None else None
            out.append(v)
        return out

    @classmethod
    def from_list(cls, v: list[Any]) -> AlertRec:
        rec = cls.__new__(cls)
        for f, x in zip(AlertRec.__slots__, v, strict=True):
            if f == "evidence" or f == "held":
                x = [Post.from_list(p) for p in x]
            elif f in ("authors", "members"):
                x = set(x)
            elif f == "ops":
                x = OpsRec.from_list(x) if x is not None else None
            setattr(rec, f, x)
        return rec


class Bucket:
    """Posts about one (station, category) in one event-time bucket, for surge detection."""

    __slots__ = ("count", "posts", "covered", "times")

    def __init__(
        self, count: int = 0, posts: list[Post] | None = None, covered: bool = False, times: list[int] | None = None
    ) -> None:
        self.count = count
        self.posts = posts if posts is not None else []  # evidence, capped
        self.covered = covered  # a surge here was already explained by a station-level ops event
        self.times = times if times is not None else []  # every post's event time, for sliding-window counts


class KeyState:
    """Everything one key ("F:AA2390" or "S:DFW") holds; cheap to create, bounded by eviction."""

    __slots__ = ("floor", "judged", "evict_at", "seen", "sums", "pending", "ops", "alerts", "buckets")

    def __init__(self) -> None:
        self.floor: int | None = None  # the kept watermark this key was advanced to; older events are too late
        self.judged: int | None = None  # the judged watermark: alerts unconfirmed by then have expired
        self.evict_at: int | None = None  # the kept watermark at which eviction next has something to do
        self.seen: dict[str, int] = {}  # event id -> event time, for duplicates
        self.sums: dict[str, int] = {}  # event id -> content sum: a repeated id with other content is a conflict
        self.pending: dict[str, list[Post]] = {}  # category -> posts not (yet) behind an alert
        self.ops: list[OpsRec] = []
        self.alerts: dict[str, AlertRec] = {}
        self.buckets: dict[str, dict[int, Bucket]] = {}  # category -> bucket index -> bucket

    def set_pending(self, category: str, posts: list[Post]) -> None:
        """Replace a category's pending posts, dropping the entry when there are none."""
        if posts:
            self.pending[category] = posts
        else:
            self.pending.pop(category, None)

    def empty(self) -> bool:
        """True when the key holds nothing worth keeping."""
        return not (self.seen or self.pending or self.ops or self.alerts or self.buckets)

    def to_bytes(self) -> bytes:
        """orjson bytes for a Faust table / changelog, in the current FORMAT."""
        return orjson.dumps(
            {
                "v": FORMAT,
                "f": self.floor,
                "j": self.judged,
                "e": self.evict_at,
                "s": self.seen,
                "c": self.sums,
                "p": {c: [p.to_list() for p in ps] for c, ps in self.pending.items()},
                "o": [o.to_list() for o in self.ops],
                "a": [a.to_list() for a in self.alerts.values()],
                "b": [
                    [c, b, k.count, [p.to_list() for p in k.posts], k.covered, k.times]
                    for c, bs in self.buckets.items()
                    for b, k in bs.items()
                ],
            },
            option=_NON_STR,
        )

    @classmethod
    def from_bytes(cls, b: bytes) -> KeyState:
        """The inverse of to_bytes, for this FORMAT and every earlier one; raises StateFormatError."""
        try:
            d = orjson.loads(b)
            version = d.get("v", 1)
            if version > FORMAT:
                raise StateFormatError(f"state format {version} is newer than this worker's {FORMAT}")
            return cls._decode(d)
        except StateFormatError:
            raise
        except Exception as exc:  # corrupt bytes or a shape no format had
            raise StateFormatError(f"undecodable state: {type(exc).__name__}: {exc}") from exc

    @classmethod
    def _decode(cls, d: dict[str, Any]) -> KeyState:
        s = cls()
        s.floor = d["f"]
        s.judged = d.get("j", s.floor)  # format 1 had one watermark for both
        s.evict_at = d["e"]
        s.seen = d["s"]
        s.sums = d.get("c", {})
        s.pending = {c: [Post.from_list(p) for p in ps] for c, ps in d["p"].items()}
        s.ops = [OpsRec.from_list(o) for o in d["o"]]
        for a in d["a"]:
            rec = AlertRec.from_list(a)
            s.alerts[rec.alert_id] = rec
        for c, bi, count, posts, covered, *times in d["b"]:
            evidence = [Post.from_list(p) for p in posts]
            s.buckets.setdefault(c, {})[bi] = Bucket(count, evidence, covered, times[0] if times else None)
            if not times:  # written before `times`: the evidence's times, the rest at the earliest of those
                known = sorted(p.t for p in evidence)[:count]
                s.buckets[c][bi].times = known + [min(known, default=0)] * (count - len(known))
        return s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyState) and self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]
