"""X API v2 posts (filtered stream lines, search responses, compliance events) read as `social_mention`s: pure.

A stream line holds one post with its expansions ({"data": {...}, "includes": {...},
"matching_rules": [...]}); a search response holds a list ({"data": [...], "includes", "meta"});
compliance events say a post was deleted or dropped; error objects say the stream is in trouble;
blank lines are keep-alives.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import ValidationError

from ioc_stream.ingest.jsonl import describe
from ioc_stream.ingest.problems import Unreadable
from ioc_stream.models import SocialMention

PLATFORM = "x"
#: Compliance events that take a post out of public view (the others are read and ignored).
_REMOVING = ("delete", "drop")
_IGNORED_COMPLIANCE = (
    "tweet_edit",
    "withheld",
    "status_withheld",
    "undrop",
    "scrub_geo",
    "user_delete",
    "user_undelete",
    "user_protect",
    "user_unprotect",
    "user_suspend",
    "user_unsuspend",
    "user_withheld",
    "user_profile_modification",
)


@dataclass(frozen=True, slots=True)
class Post:
    """One post as a mention; `chain` is its edit chain's first id (the mention's id), `version` its place
    in the chain, `sources` every id whose deletion takes it down (its versions, the post it reposts)."""

    mention: SocialMention
    chain: str
    version: int
    sources: frozenset[str]


@dataclass(frozen=True, slots=True)
class Removal:
    """A compliance event: these post ids (and every post of their edit chains) are gone."""

    ids: frozenset[str]
    event: str


@dataclass(frozen=True, slots=True)
class StreamError:
    """An error object the API sent instead of (or beside) data."""

    error: str
    disconnect: bool


Item = Post | Removal | StreamError


def parse_line(raw: bytes | str) -> list[Item]:
    """What one line of a stream or search dump says (nothing for a keep-alive). Raises Unreadable."""
    if not raw.strip():
        return []
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Unreadable(describe(exc)) from None
    if not isinstance(obj, dict):
        raise Unreadable("json: not an object")
    return parse_object(obj)


def _object(parent: dict[str, Any], key: str) -> dict[str, Any]:
    """`parent[key]` when it is a JSON object, else an empty one (fields the API may omit or null)."""
    value = parent.get(key)
    return value if isinstance(value, dict) else {}


def parse_object(obj: dict[str, Any]) -> list[Item]:
    """Posts, removals and error objects of one decoded response object."""
    items: list[Item] = []
    data = obj.get("data")
    if isinstance(data, dict) and any(k in data for k in (*_REMOVING, *_IGNORED_COMPLIANCE)):
        return _compliance(data)
    includes = _object(obj, "includes")
    if isinstance(data, dict):
        items.append(_post(data, includes))
    elif isinstance(data, list):
        items.extend(_post(d, includes) for d in data)
    elif data is not None:
        raise Unreadable("data: neither a post nor a list of posts")
    for err in obj.get("errors") or []:
        if isinstance(err, dict):
            title = err.get("title") or err.get("type") or "error"
            detail = err.get("detail") or err.get("message") or ""
            items.append(
                StreamError(
                    f"x-api: {title}: {detail}".rstrip(": "),
                    "disconnect" in str(title).lower() or bool(err.get("disconnect_type")),
                )
            )
    if not items and "meta" not in obj:
        raise Unreadable("neither data, errors nor a compliance event")
    return items


def _compliance(data: dict[str, Any]) -> list[Item]:
    """A compliance event: a Removal for delete and drop, nothing for the others."""
    for event in _REMOVING:
        body = data.get(event)
        if isinstance(body, dict):
            tweet = _object(body, "tweet")
            if not tweet.get("id"):
                raise Unreadable(f"{event} compliance event without tweet.id")
            return [Removal(frozenset({str(tweet["id"])}), event)]
    return []


def _post(tweet: Any, includes: dict[str, Any]) -> Post:
    """One tweet object (with the response's expansions) as a mention."""
    if not isinstance(tweet, dict) or not tweet.get("id"):
        raise Unreadable("post without an id")
    tid = str(tweet["id"])
    users = _by_id(includes.get("users"))
    places = _by_id(includes.get("places"))
    quoted = _by_id(includes.get("tweets"))
    history = [str(i) for i in tweet.get("edit_history_tweet_ids") or [tid]]
    chain = history[0]
    version = history.index(tid) if tid in history else len(history) - 1
    text, sources = tweet.get("text"), {tid, *history}
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") == "retweeted" and ref.get("id"):
            sources.add(str(ref["id"]))
            original = quoted.get(str(ref["id"]))
            if original and original.get("text"):
                # A repost's own text is "RT @user: " and a truncation: the original's text, still marked as
                # passed on, so the classifier reads it as relayed rather than a second first-hand report.
                who = users.get(str(original.get("author_id") or ""), {}).get("username")
                text = f"RT @{who}: {original['text']}" if who else f"RT: {original['text']}"
    if not isinstance(text, str):
        raise Unreadable(f"post {tid}: no text")
    if not tweet.get("created_at"):
        raise Unreadable(f"post {tid}: no created_at (ask for tweet.fields=created_at)")
    author_id = str(tweet.get("author_id") or "")
    user = users.get(author_id, {})
    metrics = _object(user, "public_metrics")
    record: dict[str, Any] = {
        "id": chain,
        "platform": PLATFORM,
        "author": {
            "handle": user.get("username") or author_id or "unknown",
            "followers": metrics.get("followers_count"),
        },
        "text": html.unescape(text),
        "created_at": tweet["created_at"],
        "lang": _lang(tweet.get("lang")),
        "channel": "public",
    }
    geo = _object(tweet, "geo")
    place = places.get(str(geo.get("place_id") or ""), {})
    record["geo"] = _point(geo.get("coordinates")) or _box_centre(place.get("geo"))
    record["place"] = place.get("full_name")
    try:
        mention = SocialMention.model_validate({k: v for k, v in record.items() if v is not None})
    except ValidationError as exc:
        raise Unreadable(f"post {tid}: {describe(exc)}") from None
    return Post(mention, chain, version, frozenset(sources))


def _by_id(rows: Any) -> dict[str, dict[str, Any]]:
    """An expansion list by id."""
    return {str(r["id"]): r for r in rows or [] if isinstance(r, dict) and r.get("id") is not None}


def _lang(code: Any) -> str | None:
    """BCP 47 code, or None for X's "und" and its q* pseudo-codes (media only, hashtags only, ...)."""
    if not isinstance(code, str) or not code or code == "und" or (len(code) == 3 and code.startswith("q")):
        return None
    return code


def _point(coords: Any) -> dict[str, float] | None:
    """GeoJSON Point [lon, lat] -> {"lat", "lon"}."""
    if isinstance(coords, dict) and coords.get("type") == "Point":
        pair = coords.get("coordinates")
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, (int, float)) for v in pair):
            return {"lat": float(pair[1]), "lon": float(pair[0])}
    return None


def _box_centre(geo: Any) -> dict[str, float] | None:
    """Centre of a place's bbox [west, south, east, north] (across the antimeridian too)."""
    box = geo.get("bbox") if isinstance(geo, dict) else None
    if not (isinstance(box, list) and len(box) == 4 and all(isinstance(v, (int, float)) for v in box)):
        return None
    west, south, east, north = (float(v) for v in box)
    if west > east:
        east += 360.0
    lon = (west + east) / 2
    return {"lat": round((south + north) / 2, 6), "lon": round(lon - 360.0 if lon > 180 else lon, 6)}
