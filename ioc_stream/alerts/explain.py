"""One human sentence per alert version saying why it exists, for the bridge feed and the console."""

from __future__ import annotations

from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate.state import AlertRec
from ioc_stream.correlate.times import clock
from ioc_stream.desk.impact import Disruption
from ioc_stream.schedule.legs import Leg

_NOUN = {
    "DELAY": "a delay",
    "CANCELLATION": "a cancellation",
    "DIVERSION": "a diversion",
    "GATE_RETURN": "a return to the gate",
    "TARMAC_HOLD": "a tarmac hold",
    "MECHANICAL": "a mechanical problem",
    "MEDICAL": "a medical emergency",
    "DISRUPTIVE_PASSENGER": "a disruptive passenger",
    "CREW": "a crew problem",
    "BAGGAGE": "a baggage problem",
    "SAFETY_SECURITY": "a safety or security incident",
    "AIRPORT_QUEUE": "long airport queues",
}


def _minutes(seconds: int) -> str:
    m = round(seconds / 60)
    return f"{m // 60} h {m % 60} min" if m >= 90 else f"{m} min"


def _people(n: int) -> str:
    return "1 passenger reports" if n == 1 else f"{n} passengers report"


def _flight(rec: AlertRec) -> str:
    onboard = sum(1 for p in rec.evidence if p.onboard)
    extra = "" if not onboard else (", one onboard" if onboard == 1 else f", {onboard} onboard")
    what = _NOUN.get(rec.category, rec.category.lower())
    return f"{_people(rec.emitted_authors)} {what} of {rec.subject} (first {clock(rec.first_t)}{extra})"


def _surge(rec: AlertRec, bucket_s: int) -> str:
    return (
        f"{rec.peak} posts in {_minutes(bucket_s)} report {_NOUN.get(rec.category, rec.category.lower())} at "
        f"{rec.subject} (baseline {rec.baseline:.1f}, first {clock(rec.first_t)})"
    )


def explain_risk(
    rec: AlertRec, leg: Leg | None, disruption: Disruption | None, reason: str | None, expire_after_s: int
) -> str:
    """Why a CONNECTION_RISK alert exists (from the ops feed alone), e.g. "Ops reports AA2390 ORD->DFW delayed
    25 min (at 22:02Z); connection at risk: group of 40 connecting DFW->SAT at 19:15, 45 min connection (...)."."""
    route = f" {leg.origin}->{leg.destination}" if leg else ""
    what = disruption.text() if disruption else _NOUN.get(rec.category, rec.category.lower())
    reported = f" (at {clock(rec.ops.reported)})" if rec.ops else ""
    tail = f"; closed {_minutes(expire_after_s)} after ops reported it" if rec.status == "EXPIRED" else ""
    return f"Ops reports {rec.subject}{route} {what}{reported}; connection at risk: {reason or 'unknown'}{tail}."


def explain(
    rec: AlertRec,
    reason: str | None = None,
    config: CorrelationConfig | None = None,
) -> str:
    """Why this alert exists, in one sentence, e.g. "3 passengers report a diversion of AA2390 (first 19:35Z,
    one onboard); ops has not reported it.". It depends on the alert alone, so live and replay say the same;
    whether ops was silent when it was judged is in ops_feed_silent / ops_feed_as_of, shown beside it."""
    config = config or CorrelationConfig()
    expire_after_s = config.expire_after_s
    what = _flight(rec) if rec.kind == "SOCIAL_FIRST" else _surge(rec, config.surge_bucket_s)
    ops = rec.ops
    if rec.status == "CONFIRMED" and ops is not None:
        tail = f"ops reported {ops.type} at {clock(ops.reported)}, {_minutes(ops.reported - rec.first_t)} later"
    elif rec.status == "RETRACTED" and ops is not None:
        tail = f"ops had reported {ops.type} at {clock(ops.reported)}, before the first post, so no alert stands"
    elif rec.status == "EXPIRED":
        tail = f"ops did not report it within {_minutes(expire_after_s)}"
    elif rec.kind == "STATION_SURGE":
        tail = "no ground stop or delay program is reported there"
    else:
        tail = "ops has not reported it"
    why = f" (high impact: {reason})" if reason else ""
    return f"{what}; {tail}{why}."
