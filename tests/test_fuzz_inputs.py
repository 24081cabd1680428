"""10,000 malformed input messages on the real broker, among a scenario's good ones: each bad one is dead-lettered
byte for byte with the reason it deserves, the worker stays up, and the alerts are the replay's of the good alone.

The malformed messages are made here, seeded, of many kinds (`KINDS`): bytes that are no UTF-8 or no JSON, JSON cut
short, nested past the parser's limit, arrays and scalars, and objects that break the contracts (numbers for
timestamps and ids, naive or empty timestamps, missing fields, wrong types, coordinates out of range, empty or
oversize text, details nested too deep), plus messages over the size limit.
"""

from __future__ import annotations

import base64
import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from stream_helpers import Namespace, alert_signature, clock_events, in_event_time_order, last_time, replay_signature

from ioc_stream.fields import MAX_DEPTH, MAX_TEXT
from ioc_stream.ingest.messages import Reason, Rejected, decode
from ioc_stream.simulate import generate

pytestmark = pytest.mark.kafka

START = datetime(2026, 3, 1, 6, tzinfo=UTC)
BAD = 10_000
SEED = 12
LIMIT = 256 * 1024  # topics.max_message_bytes (checked against the settings in the test)

Mutation = Callable[[random.Random, dict[str, Any], str], bytes | None]


def _json(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record)


def _time_field(role: str, rnd: random.Random) -> str:
    return "created_at" if role == "mentions" else rnd.choice(["occurred_at", "reported_at"])


def _id_field(role: str) -> str:
    return "id" if role == "mentions" else "event_id"


def _nested(levels: int, open_: bytes = b'{"a":', close: bytes = b"}") -> bytes:
    return open_ * levels + b"1" + close * levels


# --- not a JSON object: Reason.DECODE -------------------------------------------------------------------------------


def random_bytes(rnd: random.Random, good: dict, role: str) -> bytes:
    return rnd.randbytes(rnd.randint(0, 200)) + b"\xff"  # 0xff is never UTF-8


def invalid_utf8(rnd: random.Random, good: dict, role: str) -> bytes:
    bad = rnd.choice([b"\xc3\x28", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x82"])
    field = "text" if role == "mentions" else "event_id"
    return _json({**good, field: "@@"}).replace(b"@@", b"ok " + bad, 1)


def truncated(rnd: random.Random, good: dict, role: str) -> bytes:
    whole = _json(good)
    return whole[: rnd.randint(1, len(whole) - 1)]


def not_an_object(rnd: random.Random, good: dict, role: str) -> bytes:
    return rnd.choice([b"[]", _json([good]), b"12", b"-0.5e3", b'"a post"', b"null", b"true", b"false", b"[1,2,3]"])


def not_json(rnd: random.Random, good: dict, role: str) -> bytes:
    return rnd.choice(
        [
            b"",
            b" ",
            b"hello",
            b"{'id': '1'}",
            b"{id: 1}",
            b'{"a": NaN}',
            b'{"a": 1,}',
            b"{}{}",
            b"\x00",
            b"\xef\xbb\xbf{}",
        ]
    )


def nested_past_the_parser(rnd: random.Random, good: dict, role: str) -> bytes:
    levels = rnd.randint(1030, 3000)  # orjson refuses more than 1024
    return rnd.choice([_nested(levels), _nested(levels, b"[", b"]"), b'{"details":' + _nested(levels) + b"}"])


# --- JSON objects that break the contract: Reason.SCHEMA ------------------------------------------------------------


def number_timestamp(rnd: random.Random, good: dict, role: str) -> bytes:
    value = rnd.choice([0, 12, 1_772_344_800, 1_772_344_800_000, 1.7723448e9, -1])
    return _json({**good, _time_field(role, rnd): value})


def bad_timestamp(rnd: random.Random, good: dict, role: str) -> bytes:
    value = rnd.choice(
        ["", " ", "2026-03-01T06:00:00", "2026-03-01", "06:00", "yesterday", "1772344800", "2026-02-30T06:00:00Z",
         "2026-03-01T24:00:00Z", "2026-03-01 06:00:00Z", "2026-03-01T06:00Z", "01/03/2026 06:00",
         "2026-03-01T06:00:00+24:00"]
    )  # fmt: skip
    return _json({**good, _time_field(role, rnd): value})


def missing_field(rnd: random.Random, good: dict, role: str) -> bytes:
    required = ["id", "platform", "author", "text", "created_at"] if role == "mentions" else None
    required = required or ["event_id", "type", "carrier", "occurred_at", "reported_at"]
    gone = set(rnd.sample(required, rnd.randint(1, len(required))))
    return _json({k: v for k, v in good.items() if k not in gone})


def bad_id(rnd: random.Random, good: dict, role: str) -> bytes:
    value = rnd.choice(["", "   ", "\t", 0, 42, 3.5, None, True, ["x"], {"id": "x"}, "x" * 129])
    return _json({**good, _id_field(role): value})


def wrong_type(rnd: random.Random, good: dict, role: str) -> bytes:
    if role == "mentions":
        field, value = rnd.choice(
            [("author", "pax"), ("author", ["pax"]), ("author", {"handle": 7}),
             ("author", {"handle": "a", "followers": "9"}), ("author", {"handle": "a", "followers": True}),
             ("platform", 1), ("text", 7), ("text", ["t"]),
             ("geo", "DFW"), ("geo", [32.9, -97.0]), ("lang", 1), ("place", {"name": "DFW"}), ("channel", 1),
             ("customer", "AA123"), ("customer", {"loyalty_id": 123456})]
        )  # fmt: skip
    else:
        field, value = rnd.choice(
            [("type", 1), ("carrier", 11), ("flight_number", 2390), ("flight_number", "AA2390"),
             ("service_date", 20260301), ("service_date", "2026-3-1"), ("origin", 1), ("station", "dfw"),
             ("details", "diverted"), ("details", [1, 2])]
        )  # fmt: skip
    return _json({**good, field: value})


def bad_enum(rnd: random.Random, good: dict, role: str) -> bytes:
    if role == "mentions":
        return _json({**good, "channel": rnd.choice(["dm", "PUBLIC", ""])})
    return _json({**good, "type": rnd.choice(["ALIENS", "delay", ""])})


def coordinates(rnd: random.Random, good: dict, role: str) -> bytes:
    lat, lon = rnd.choice(
        [(90.01, 0), (-91, 0), (0, 180.5), (0, -181), (1e9, 0), ("32.9", -97), (32.9, True), (None, 1)]
    )
    return _json({**good, "geo": {"lat": lat, "lon": lon}})


def text_bounds(rnd: random.Random, good: dict, role: str) -> bytes:
    text = rnd.choice(["", " ", "\n\t ", "x" * (MAX_TEXT + 1), "é" * (MAX_TEXT + rnd.randint(1, 99))])
    return _json({**good, "text": text})


def details_too_deep(rnd: random.Random, good: dict, role: str) -> bytes:
    inner = _nested(rnd.randint(MAX_DEPTH, 1000))  # (details itself is a level)
    return _json({**good, "details": "@@"}).replace(b'"@@"', inner, 1)


# --- too large: Reason.OVERSIZE -------------------------------------------------------------------------------------


def oversize(rnd: random.Random, good: dict, role: str) -> bytes:
    return _json({**good, "padding": "x" * (LIMIT + rnd.randint(1, 4096))})


BOTH, POSTS, EVENTS = ("mentions", "ops"), ("mentions",), ("ops",)
#: kind -> (how it is made, the reason it must get, weight, the input topics it goes to); oversize ones are few
#: (each is a quarter megabyte).
KINDS: dict[str, tuple[Mutation, Reason, int, tuple[str, ...]]] = {
    "random_bytes": (random_bytes, Reason.DECODE, 10, BOTH),
    "invalid_utf8": (invalid_utf8, Reason.DECODE, 8, BOTH),
    "truncated": (truncated, Reason.DECODE, 10, BOTH),
    "not_an_object": (not_an_object, Reason.DECODE, 6, BOTH),
    "not_json": (not_json, Reason.DECODE, 6, BOTH),
    "nested_past_the_parser": (nested_past_the_parser, Reason.DECODE, 3, BOTH),
    "number_timestamp": (number_timestamp, Reason.SCHEMA, 10, BOTH),
    "bad_timestamp": (bad_timestamp, Reason.SCHEMA, 10, BOTH),
    "missing_field": (missing_field, Reason.SCHEMA, 8, BOTH),
    "bad_id": (bad_id, Reason.SCHEMA, 8, BOTH),
    "wrong_type": (wrong_type, Reason.SCHEMA, 10, BOTH),
    "bad_enum": (bad_enum, Reason.SCHEMA, 3, BOTH),
    "coordinates": (coordinates, Reason.SCHEMA, 5, POSTS),
    "text_bounds": (text_bounds, Reason.SCHEMA, 5, POSTS),
    "details_too_deep": (details_too_deep, Reason.SCHEMA, 3, EVENTS),
    "oversize": (oversize, Reason.OVERSIZE, 0, BOTH),
}
OVERSIZE = 20


def malformed(
    seed: int, mentions: list[dict], ops: list[dict], count: int
) -> list[tuple[str, bytes | None, Reason, str]]:
    """`count` malformed (role, value, reason, kind), made from the good records (seeded)."""
    rnd = random.Random(seed)
    names = [k for k in KINDS if KINDS[k][2]]
    weights = [KINDS[k][2] for k in names]
    kinds = ["oversize"] * OVERSIZE + rnd.choices(names, weights, k=count - OVERSIZE)
    out = []
    for kind in kinds:
        make, reason, _, roles = KINDS[kind]
        role = rnd.choice(roles)
        out.append((role, make(rnd, rnd.choice(mentions if role == "mentions" else ops), role), reason, kind))
    return out


def test_fuzzed_inputs_are_dead_lettered_and_the_good_ones_alert_as_the_replay(broker, tmp_path) -> None:
    ns = Namespace(broker.bootstrap, tmp_path)
    assert ns.settings.topics.max_message_bytes == LIMIT
    sc = generate(7, START, 3, 60)
    mentions, ops = sc.mentions, sc.ops + clock_events(4, last_time(sc.mentions, sc.ops))
    bad = malformed(SEED, sc.mentions, sc.ops, BAD)
    for role, value, reason, kind in bad:  # the contracts refuse each as its kind says (offline, as the worker will)
        with pytest.raises(Rejected) as rejected:
            decode(role, value, LIMIT)
        assert rejected.value.reason == reason, (kind, value[:200] if value else value, rejected.value.error)
    kinds = Counter(kind for *_, kind in bad)
    assert len(kinds) == len(KINDS) and min(kinds.values()) >= OVERSIZE

    rnd = random.Random(SEED + 1)
    mixed = in_event_time_order(mentions, ops)
    for role, value, *_ in bad:
        mixed.insert(rnd.randrange(len(mixed) + 1), (role, value))
    ns.create_topics()
    try:
        worker = ns.worker()
        worker.wait_ready()
        expected = replay_signature(ns.tmp, mentions, ops)  # the good records alone, offline
        assert len(expected) >= 10
        ns.send(mixed, rate=5000)

        letters = [orjson.loads(v) for _, v in ns.read("deadletter", want=BAD, timeout=60)]
        sent = Counter(str(reason) for _, _, reason, _ in bad)
        assert Counter(d["reason"] for d in letters) == sent
        assert len(letters) == BAD  # and no good message among them
        topic = {role: ns.topic(role) for role in ("mentions", "ops")}
        assert Counter(
            (d["topic"], base64.b64decode(d["original_b64"]) if not d.get("truncated") else d["size"], d["reason"])
            for d in letters
        ) == Counter(
            (topic[role], (value or b"") if len(value or b"") <= LIMIT else len(value or b""), str(reason))
            for role, value, reason, _ in bad
        )  # byte for byte (the oversize ones by size)
        assert all(d["error"] and d["offset"] >= 0 for d in letters)
        assert len({(d["topic"], d["partition"], d["offset"]) for d in letters}) == BAD  # each message once
        schema_errors = [d["error"] for d in letters if d["reason"] == "schema"]
        assert all(e.startswith("schema: ") and e.split(": ")[1] for e in schema_errors)  # each names its field

        assert alert_signature([v for _, v in ns.read("alerts", want=len(expected))]) == expected
        assert worker.proc is not None and worker.proc.poll() is None, "the worker died"
        assert worker.get("/healthz") == (200, b'{"alive":true}')
        assert worker.readiness()["ready"]
        metrics = worker.get("/metrics")[1].decode()
        for reason, n in sent.items():
            assert f'ioc_deadletters_total{{reason="{reason}"}} {float(n)}' in metrics
        print(f"\nfuzz: {BAD} malformed by reason {dict(sent)}; by kind {dict(sorted(kinds.items()))}")
    finally:
        ns.close()
