"""A post's author as the liaison needs to know them: their earlier posts and alerts, the loyalty id a direct
message linked to their handle, and the tier the optional profile table gives it.

Bounded: the posts of at most `max_authors` handles (the least recently heard from go first), `posts_per_author`
each, and at most `max_links` linked loyalty ids. A loyalty id is only ever shown in full when asked (`full`: the
API asks for the liaison role); everywhere else it is masked to its last four characters.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ioc_stream.correlate.posts import excerpt, mask_loyalty, post_text
from ioc_stream.models import Alert, AlertKind, AlertStatus, EnrichedMention
from ioc_stream.taxonomy import Category


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Customer(_Body):
    """The loyalty customer behind a handle: the id (in full only for the liaison role) and the profile's tier."""

    loyalty_id: str = Field(description="In full for the liaison role, else masked (****4321)")
    masked: bool
    tier: str | None = Field(default=None, description="From the profile table (IOC_DESK__PROFILES), if listed")


class PostRef(_Body):
    """One earlier post of the author, as the console lists it."""

    post_id: str
    created_at: datetime
    channel: Literal["public", "direct"]
    lang: str
    excerpt: str
    category: Category
    flights: list[str]
    stations: list[str]


class AlertRef(_Body):
    """An alert the author's posts are evidence of."""

    alert_id: str
    kind: AlertKind
    status: AlertStatus
    category: Category
    flight: str | None
    station: str | None
    priority: int
    detected_at: datetime
    explanation: str


class AuthorHistory(_Body):
    """GET /api/authors/{handle}: who they are to the airline, what they posted before, which alerts they are in."""

    handle: str
    customer: Customer | None
    posts: list[PostRef] = Field(description="Newest first, as far as the API has read the feed")
    alerts: list[AlertRef] = Field(description="Newest detection first")


def _post(m: EnrichedMention) -> PostRef:
    return PostRef(
        post_id=m.id,
        created_at=m.created_at,
        channel=m.channel,
        lang=m.lang,
        excerpt=excerpt(post_text(m)),  # a direct message's loyalty id masked, as in alert evidence
        category=m.incident.category,
        flights=[f.flight for f in m.flights],
        stations=[s.code for s in m.stations],
    )


def _alert(a: Alert) -> AlertRef:
    return AlertRef(
        alert_id=a.alert_id,
        kind=a.kind,
        status=a.status,
        category=a.category,
        flight=a.flight,
        station=a.station,
        priority=a.priority,
        detected_at=a.detected_at,
        explanation=a.explanation,
    )


def _aware(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def _key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


class AuthorBook:
    """Handles -> their recent posts and linked loyalty id; loyalty ids -> tiers (the profile table)."""

    def __init__(
        self,
        profiles: Mapping[str, str] | None = None,
        max_authors: int = 10_000,
        posts_per_author: int = 10,
        max_links: int = 100_000,
    ) -> None:
        self.profiles = dict(profiles or {})
        self.max_authors, self.posts_per_author, self.max_links = max_authors, posts_per_author, max_links
        self._posts: OrderedDict[str, deque[PostRef]] = OrderedDict()
        self._links: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._posts)

    def add(self, m: EnrichedMention) -> None:
        """Remember a post under its author; a direct message with a loyalty id links that id to the handle."""
        key = _key(m.author.handle)
        if m.channel == "direct" and m.customer is not None:
            self._links[key] = m.customer.loyalty_id
            self._links.move_to_end(key)
            while len(self._links) > self.max_links:
                self._links.popitem(last=False)
        posts = self._posts.get(key)
        if posts is None:
            posts = self._posts[key] = deque(maxlen=self.posts_per_author)
            while len(self._posts) > self.max_authors:
                self._posts.popitem(last=False)
        self._posts.move_to_end(key)
        if all(p.post_id != m.id for p in posts):  # a re-read of the topic adds nothing
            posts.append(_post(m))

    def customer(self, handle: str, full: bool = False) -> Customer | None:
        """The customer linked to `handle`, the id in full only when `full`."""
        loyalty = self._links.get(_key(handle))
        if loyalty is None:
            return None
        shown = loyalty if full else mask_loyalty(loyalty)
        return Customer(loyalty_id=shown, masked=not full, tier=self.profiles.get(loyalty))

    def customers(self, handles: Iterable[str], full: bool = False) -> dict[str, Customer]:
        """The linked customers among `handles`, by handle."""
        return {h: c for h in dict.fromkeys(handles) if (c := self.customer(h, full)) is not None}

    def history(self, handle: str, alerts: Iterable[Alert], full: bool = False, limit: int = 20) -> AuthorHistory:
        """The author's customer badge, their posts and the alerts their posts are evidence of (newest first)."""
        key = _key(handle)
        posts = sorted(self._posts.get(key, ()), key=lambda p: (_aware(p.created_at), p.post_id), reverse=True)
        theirs = [a for a in alerts if any(_key(e.author) == key for e in a.evidence)]
        theirs.sort(key=lambda a: (_aware(a.detected_at), a.alert_id), reverse=True)
        return AuthorHistory(
            handle=handle,
            customer=self.customer(handle, full),
            posts=posts[:limit],
            alerts=[_alert(a) for a in theirs[:limit]],
        )
