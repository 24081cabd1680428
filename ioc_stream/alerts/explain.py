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


def _silence(ops_silent_since: int | bool | None) -> str:
    """How far the ops feed had been read when it fell silent, for a sentence ("" while it keeps up)."""
    if ops_silent_since is False:
        return ""
    if ops_silent_since is None or ops_silent_since is True:
        return ", as far as we know: no ops event has been read yet"
    return f", as far as we know: the ops feed is silent since {clock(ops_silent_since)}"


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
    ops_silent_since: int | bool | None = False,
) -> str:
    """Why this alert exists, in one sentence, e.g. "3 passengers report a diversion of AA2390 (first 19:35Z,
    one onboard); ops has not reported it."; judged while the ops feed was silent, it says since when."""
    config = config or CorrelationConfig()
    expire_after_s = config.expire_after_s
    what = _flight(rec) if rec.kind == "SOCIAL_FIRST" else _surge(rec, config.surge_bucket_s)
    silence = _silence(ops_silent_since)
    ops = rec.ops
    if rec.status == "CONFIRMED" and ops is not None:
        tail = f"ops reported {ops.type} at {clock(ops.reported)}, {_minutes(ops.reported - rec.first_t)} later"
    elif rec.status == "RETRACTED" and ops is not None:
        tail = f"ops had reported {ops.type} at {clock(ops.reported)}, before the first post, so no alert stands"
    elif rec.status == "EXPIRED":
        tail = f"ops did not report it within {_minutes(expire_after_s)}{silence}"
    elif rec.kind == "STATION_SURGE":
        tail = f"no ground stop or delay program is reported there{silence}"
    else:
        tail = f"ops has not reported it{silence}"
    why = f" (high impact: {reason})" if reason else ""
    return f"{what}; {tail}{why}."
