"""State that survives upgrades: the previous format loads, an undecodable record is quarantined, not fatal."""

from __future__ import annotations

import base64
from pathlib import Path

import orjson
import pytest
from correlate_factory import at, mention, ops

from ioc_stream.alerts.correlator import Correlator
from ioc_stream.config import CorrelationConfig
from ioc_stream.correlate import KeyState
from ioc_stream.correlate.state import FORMAT, StateFormatError
from ioc_stream.pipeline.envelope import Envelope
from ioc_stream.pipeline.partitions import partition_for
from ioc_stream.pipeline.processor import DictStore, Item, KeyedProcessor

FIXTURE = Path(__file__).parent / "fixtures" / "state" / "format1.jsonl"
PARTS = 4


def format1_rows() -> list[dict]:
    """Key states written by format 1 (main before per-input progress), with the alerts they held."""
    lines = FIXTURE.read_bytes().splitlines()
    return [orjson.loads(line) for line in lines[1:]]


def test_the_fixture_is_format_1_and_holds_alerts() -> None:
    rows = format1_rows()
    assert rows and sum(len(r["alerts"]) for r in rows) >= 5
    assert all("v" not in orjson.loads(base64.b64decode(r["state"])) for r in rows)


@pytest.mark.parametrize("row", format1_rows(), ids=lambda r: r["key"])
def test_state_written_by_format_1_loads_with_its_alerts_and_is_written_back_in_the_current_format(row) -> None:
    state = KeyState.from_bytes(base64.b64decode(row["state"]))
    assert sorted([a.alert_id, a.status, a.version] for a in state.alerts.values()) == row["alerts"]
    assert state.judged == state.floor  # format 1 had one watermark for both inputs
    written = state.to_bytes()
    assert orjson.loads(written)["v"] == FORMAT
    assert KeyState.from_bytes(written) == state


def test_a_format_1_state_goes_on_correlating() -> None:
    """A live alert restored from format 1 still expires when the watermark passes its deadline."""
    rows = [r for r in format1_rows() if any(s in ("OPEN", "ESCALATED") for _, s, _ in r["alerts"])]
    assert rows, "the fixture should hold a live alert"
    c = Correlator(CorrelationConfig())
    state = KeyState.from_bytes(base64.b64decode(rows[0]["state"]))
    deadline = min(r.first_t for r in state.alerts.values() if r.live) + c.config.expire_after_s
    from ioc_stream.correlate.times import utc

    state, out = c.tick(rows[0]["key"], state, utc(deadline))
    assert out and {a.status for a in out} == {"EXPIRED"}


def test_a_state_from_a_newer_format_or_corrupt_bytes_raises_a_state_format_error() -> None:
    with pytest.raises(StateFormatError, match="newer"):
        KeyState.from_bytes(orjson.dumps({"v": FORMAT + 1}))
    for bad in (b"\xff\x00garbage", b"[]", orjson.dumps({"v": FORMAT, "f": 1})):
        with pytest.raises(StateFormatError, match="undecodable"):
            KeyState.from_bytes(bad)


def _key_on(partition: int) -> str:
    n = 1
    while partition_for(f"F:AA{n}", PARTS) != partition:
        n += 1
    return f"F:AA{n}"


def test_an_undecodable_state_is_quarantined_and_the_key_starts_fresh() -> None:
    """The processor hands the bytes back with the key, clears them, and applies the event to a fresh state."""
    key = _key_on(0)
    store = DictStore({key: b"\x00not a state"})
    proc = KeyedProcessor(Correlator(CorrelationConfig()), KeyState, store, partitions=PARTS)
    proc.rebuild([0])
    flight = key[2:]
    posts = [mention(f"p{i}", a, i, flight=flight) for i, a in enumerate(("alice", "bob"))]
    out = proc.process(0, [Item(key, Envelope("m", p, 0.0)) for p in posts])
    assert [(k, raw) for k, raw, _ in out.quarantined] == [(key, b"\x00not a state")]
    assert isinstance(out.quarantined[0][2], StateFormatError)
    assert [a.status for a, _ in out.alerts] == ["OPEN"] and not out.failures
    assert KeyState.from_bytes(store[key]).alerts  # the fresh state was written over the bad bytes


def test_a_repeated_id_with_other_content_is_a_conflict_not_a_duplicate() -> None:
    """The same post again changes nothing; another post under its id is refused loudly, and never replaces it."""
    key = _key_on(1)
    flight = key[2:]
    proc = KeyedProcessor(Correlator(CorrelationConfig()), KeyState, DictStore(), partitions=PARTS)
    first = mention("p1", "alice", 0, flight=flight)
    copy = mention("p1", "alice", 0, flight=flight)
    other = mention("p1", "alice", 0, flight=flight, text="we are diverting to Wichita, engine trouble")
    out = proc.process(1, [Item(key, Envelope("m", e, 0.0)) for e in (first, copy, other)])
    assert len(out.failures) == 1 and type(out.failures[0][1]).__name__ == "Conflict"
    assert "p1" in str(out.failures[0][1])
    c = proc.correlator.counters
    assert c.duplicates == 1 and c.conflicts == 1 and c.mentions == 1


def test_an_ops_event_copy_with_another_report_time_is_a_conflict() -> None:
    key = _key_on(2)
    flight = key[2:]
    proc = KeyedProcessor(Correlator(CorrelationConfig()), KeyState, DictStore(), partitions=PARTS)
    posts = [mention(f"p{i}", a, i, flight=flight) for i, a in enumerate(("alice", "bob"))]
    good = ops("o1", 20, flight_number=flight[2:])
    moved = good.model_copy(update={"reported_at": at(25)})
    out = proc.process(
        2, [Item(key, Envelope(k, e, 0.0)) for k, e in [*(("m", p) for p in posts), ("o", good), ("o", moved)]]
    )
    assert [a.status for a, _ in out.alerts] == ["OPEN", "CONFIRMED"]
    assert len(out.failures) == 1 and type(out.failures[0][1]).__name__ == "Conflict"


def test_a_partition_watermark_written_by_format_1_reads_as_both_inputs_latest_time() -> None:
    """Format 1 kept one number per partition (the latest event time minus the allowed lateness): after the
    upgrade both inputs start from that latest time, so nothing is judged earlier or later than before."""
    from ioc_stream.pipeline.partitions import watermark_key

    config = CorrelationConfig()
    latest = int(at(60).timestamp())
    store = DictStore({watermark_key(0, PARTS): orjson.dumps(float(latest - config.allowed_lateness_s))})
    proc = KeyedProcessor(Correlator(config), KeyState, store, partitions=PARTS)
    proc.rebuild([0])
    clock = proc.clocks[0]
    assert (clock.progress.mentions, clock.progress.ops) == (latest, latest)
    assert clock.watermark == latest - config.allowed_lateness_s  # the judged watermark format 1 had
