"""X API v2 posts as social mentions: every field, reposts, edits, deletions, error objects, keep-alives, bad lines."""

from __future__ import annotations

import orjson
import pytest
from ingest_helpers import FIXTURES, read_fixture, utc

from ioc_stream.ingest.formats import FORMATS, Context, XReader
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.ingest.units import Unit
from ioc_stream.ingest.x_v2 import Post, Removal, StreamError, parse_line


def test_a_stream_maps_every_field() -> None:
    out = read_fixture("x-v2", "x_stream.jsonl")
    ids = [m.id for m in out.records]
    assert ids == [
        "1895000000000000001",
        "1895000000000000002",
        "1895000000000000003",
        "1895000000000000004",
        "1895000000000000007",
    ]
    first = out.records[0]
    assert (first.platform, first.author.handle, first.author.followers, first.lang, first.channel) == (
        "x",
        "skyrider_ana",
        1234,
        "en",
        "public",
    )
    assert first.text == "we're diverting to Tulsa on AA611, captain says weather & fuel"  # entities unescaped
    assert first.created_at == utc("2015-02-24T17:20:11Z")
    assert (first.geo.lat, first.geo.lon) == (32.8998, -97.0403)  # the exact point wins over the place
    assert first.place == "Dallas-Fort Worth, TX"
    second = out.records[1]
    assert (second.geo.lat, second.geo.lon) == (41.83, -87.73)  # no point: the centre of the place's box
    assert second.place == "Chicago, IL" and second.lang == "pt"
    fiji = out.records[-1]
    assert (fiji.geo.lat, fiji.geo.lon) == (-17.5, 179.0)  # a box across the antimeridian
    assert fiji.author.followers is None


def test_a_repost_carries_the_original_text_marked_as_passed_on_and_its_own_author() -> None:
    repost = read_fixture("x-v2", "x_stream.jsonl").records[2]
    assert repost.author.handle == "plane_spotter9"
    assert repost.text == "RT @skyrider_ana: we're diverting to Tulsa on AA611, captain says weather & fuel"
    assert repost.created_at == utc("2015-02-24T17:26:02Z")
    from ioc_stream.enrich import enrich

    assert enrich(repost).incident.report == "relayed"  # a bystander passing it on, not a second passenger


def test_the_latest_edit_wins_at_the_first_version_time_and_place() -> None:
    out = read_fixture("x-v2", "x_stream.jsonl")
    edited = out.records[3]
    assert edited.id == "1895000000000000004"  # the edit chain's first id: one post, however often edited
    assert edited.text == "flight 2390 delayed again, 3 hours now"
    assert edited.created_at == utc("2015-02-24T17:30:00Z")


def test_a_deleted_post_is_dropped_and_an_error_object_reported() -> None:
    out = read_fixture("x-v2", "x_stream.jsonl")
    assert "1895000000000000006" not in {m.id for m in out.records}
    assert [(p.line, p.error.split(":")[1].strip()) for p in out.problems] == [(6, "operational-disconnect")]


def test_deleting_an_original_takes_its_reposts_and_every_version_with_it() -> None:
    lines = (FIXTURES / "x_stream.jsonl").read_bytes().splitlines()
    delete = orjson.dumps(
        {"data": {"delete": {"tweet": {"id": "1895000000000000001", "author_id": "501"}, "event_at": "x"}}}
    )
    drop_edit = orjson.dumps({"data": {"drop": {"tweet": {"id": "1895000000000000005"}, "event_at": "x"}}})
    reader = FORMATS["x-v2"].reader(Context())
    for n, line in enumerate([*lines, delete, drop_edit], start=1):
        reader.feed(Unit(line, line=n))
    assert [m.id for m in reader.final([])] == ["1895000000000000002", "1895000000000000007"]


def test_live_reading_emits_each_chain_once_per_newer_version() -> None:
    reader = XReader(Context())
    emitted = [
        r
        for n, line in enumerate((FIXTURES / "x_stream.jsonl").read_bytes().splitlines(), 1)
        for r in reader.feed(Unit(line, line=n))
        if not hasattr(r, "error")
    ]
    assert [m.id for m in emitted].count("1895000000000000004") == 2  # the post, then its edit (same id)
    assert reader.disconnected  # the operational-disconnect error object asks for a reconnect
    older = orjson.dumps(
        {
            "data": {
                "id": "1895000000000000004",
                "text": "old",
                "created_at": "2015-02-24T17:30:00Z",
                "edit_history_tweet_ids": ["1895000000000000004"],
            }
        }
    )
    assert reader.feed(Unit(older, line=99)) == []  # an older version arriving late changes nothing


def test_keep_alives_search_responses_and_compliance_noise() -> None:
    assert parse_line(b"\r\n") == [] and parse_line(b"   ") == []
    out = read_fixture("x-v2", "x_search.json")  # a saved, pretty-printed search response
    assert [m.author.handle for m in out.records] == ["grumpy601", "maria_602"]
    assert len(out.problems) == 1 and "Could not find tweet" in out.problems[0].error  # partial error, data kept
    edit = parse_line(
        b'{"data":{"tweet_edit":{"tweet":{"id":"5"},"initial_tweet_id":"4","edit_tweet_ids":["4","5"],"event_at":"x"}}}'
    )
    assert edit == []
    items = parse_line(b'{"data":{"delete":{"tweet":{"id":"9","author_id":"1"},"event_at":"x"}}}')
    assert items == [Removal(frozenset({"9"}), "delete")]
    err = parse_line(b'{"errors":[{"title":"ConnectionException","detail":"too many connections"}]}')
    assert isinstance(err[0], StreamError) and not err[0].disconnect


def test_bad_lines_are_reported_and_the_rest_is_read() -> None:
    out = read_fixture("x-v2", "x_bad.jsonl")
    assert [m.id for m in out.records] == ["1", "5"]
    assert [p.line for p in out.problems] == [2, 3, 4, 5, 6, 8, 9]
    assert "json" in out.problems[0].error and "created_at" in out.problems[2].error
    assert out.records[0].author.handle == "ok_user" and out.records[0].lang is None


@pytest.mark.parametrize(
    "line", [b'"just a string"', b'{"data": 5}', b'{"data": {"id": "1", "created_at": "2015-02-24T00:00:00Z"}}']
)
def test_unusable_objects_raise(line: bytes) -> None:
    with pytest.raises(Unreadable):
        parse_line(line)


def test_lang_pseudo_codes_and_missing_users() -> None:
    [post] = parse_line(
        b'{"data":{"id":"1","text":"#AA","created_at":"2015-02-24T00:00:00Z","author_id":"77","lang":"qht"}}'
    )
    assert isinstance(post, Post) and post.mention.lang is None and post.mention.author.handle == "77"
