"""The FastAPI application: alert feed, actions, SSE, pulse, scorecard, authors, health and the pages, behind bearer
auth."""

from __future__ import annotations

import hashlib
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path as FilePath
from typing import Annotated

from aiokafka.errors import KafkaError
from fastapi import FastAPI, Header, HTTPException, Path, Query
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ioc_stream.alerts.authors import AuthorBook, AuthorHistory
from ioc_stream.alerts.store import AlertQuery, AlertStore
from ioc_stream.alerts.timeline import detail
from ioc_stream.config import Settings
from ioc_stream.desk_config import Unit, load_profiles
from ioc_stream.metrics import API_ACTIONS, API_ALERTS_HELD, API_SSE_CLIENTS, REGISTRY
from ioc_stream.models import Alert, AlertAction, AlertKind, AlertStatus
from ioc_stream.reports.archive import WeekArchive, WeekOutOfReach, week_of
from ioc_stream.reports.pulse import PulseBuckets
from ioc_stream.reports.scorecard import Scorecard
from ioc_stream.schedule.zones import zone
from ioc_stream.serve.auth import Principal, RateLimiter, Role, TokenBook
from ioc_stream.serve.auth_deps import Reader, Writer
from ioc_stream.serve.daily import DailyPulse
from ioc_stream.serve.kafka_io import KafkaIO
from ioc_stream.serve.shell import SecurityAndMetrics
from ioc_stream.serve.sse import HEARTBEAT_S, Hub, alert_events, parse_last_event_id
from ioc_stream.serve.wire import AckBody, ActionResult, AlertDetail, AlertList, Health, NoteBody, Pulse
from ioc_stream.taxonomy import Category

WEB = FilePath(str(resources.files("ioc_stream") / "web"))
PAGES = ("console", "wall", "pulse", "scorecard")


def _now() -> datetime:
    return datetime.now(UTC)


def clock_seq() -> int:
    """Where the change log's ids start: the clock in microseconds, so SSE ids keep growing across restarts."""
    return int(_now().timestamp() * 1_000_000)


def sees_loyalty_ids(who: Principal) -> bool:
    """Only the liaison role sees a loyalty id in full; every other role, and every page, sees it masked."""
    return who.role == Role.LIAISON


def derive_action_id(kind: str, alert_id: str, user: str, text: str | None = None) -> str:
    """A stable id for an action the client gave no id for: retrying the same request is a no-op."""
    digest = hashlib.sha256("\x1f".join((kind, alert_id, user, text or "")).encode()).hexdigest()[:24]
    return f"{kind}-{digest}"


def create_app(
    settings: Settings, tokens: dict[str, str] | None = None, *, kafka: bool = True, heartbeat_s: float = HEARTBEAT_S
) -> FastAPI:
    """The API over a fresh materialised view; `tokens` overrides settings.api.tokens (the demo's random ones)."""
    hub = Hub()
    conf = settings.api
    profiles = load_profiles(settings.desk.profiles) if settings.desk.profiles else None
    authors = AuthorBook(profiles, max_authors=conf.history_authors, posts_per_author=conf.history_posts)
    store = AlertStore(seq=clock_seq(), on_change=hub.notify, authors=authors)
    pulse = PulseBuckets(event_time=conf.pulse_clock == "event")
    archive = WeekArchive(zone(conf.scorecard_tz), conf.scorecard_days)
    io = KafkaIO(settings, store, pulse, archive=archive)

    def now() -> datetime:
        """The wall clock, or the newest post's time when a feed runs ahead of it (IOC_API__PULSE_CLOCK=event)."""
        return pulse.clock(_now())

    def todays_pulse() -> tuple[Pulse, list[Alert]]:
        return pulse.summary(_now(), store.all()), list(store.all())

    daily = (
        DailyPulse(settings.report, zone(settings.report.daily_tz), todays_pulse, _now)
        if settings.report.daily_at
        else None
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if kafka:
            io.start()
        if daily is not None:
            daily.start()
        yield
        if daily is not None:
            await daily.stop()
        await io.stop()

    app = FastAPI(
        title="ioc-stream API",
        version="1.0",
        summary="Alerts raised when passengers report a disruption before the ops feeds do.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.tokens = TokenBook(settings.api.tokens if tokens is None else tokens)
    app.state.limiter = RateLimiter(settings.api.write_rate_per_minute)
    app.state.store, app.state.pulse, app.state.hub, app.state.kafka = store, pulse, hub, io
    app.state.archive, app.state.daily = archive, daily
    app.add_middleware(SecurityAndMetrics)
    if settings.api.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
        )

    #: What every route behind a token may answer besides its own (the OpenAPI document says so).
    denied = {401: {"description": "No or bad token"}}

    @app.get("/api/me", tags=["alerts"], responses=denied)
    def me(who: Reader) -> dict[str, str | bool]:
        """Who the token belongs to and whether it may act (the console greys out actions otherwise)."""
        return {"user": who.user, "role": who.role.value, "can_act": who.role.can_write}

    @app.get("/api/alerts", tags=["alerts"], responses=denied)
    def list_alerts(
        who: Reader,
        status: Annotated[list[AlertStatus] | None, Query(description="Repeat to allow several")] = None,
        station: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
        flight: Annotated[str | None, Query(max_length=8, description="e.g. AA2390")] = None,
        category: Category | None = None,
        since: Annotated[datetime | None, Query(description="Only alerts updated at or after this time")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        unit: Annotated[
            str | None, Query(max_length=64, description="Only alerts that go to this unit (IOC_DESK__UNITS)")
        ] = None,
        kind: AlertKind | None = None,
    ) -> AlertList:
        """Alerts, newest detection first; `seq` lets the stream resume exactly after this list."""
        q = AlertQuery(frozenset(status or ()), station, flight, category, since, limit, unit, kind)
        alerts = store.query(q)
        return AlertList(alerts=alerts, count=len(alerts), seq=store.seq)

    @app.get(
        "/api/alerts/stream",
        tags=["alerts"],
        response_class=StreamingResponse,
        responses={
            **denied,
            200: {
                "content": {"text/event-stream": {}},
                "description": "`event: alert` frames (data: Alert JSON), `event: reset`, heartbeat comments",
            },
        },
    )
    async def stream_alerts(
        who: Reader,
        last_event_id: Annotated[str | None, Header(description="Resume after this event id")] = None,
        after: Annotated[
            int | None, Query(description="Same as Last-Event-ID, for clients that cannot set headers")
        ] = None,
    ) -> StreamingResponse:
        """Server-Sent Events: every alert change; ids grow monotonically; resumable with Last-Event-ID."""
        start = parse_last_event_id(last_event_id)

        async def counted():
            API_SSE_CLIENTS.inc()
            try:
                async for chunk in alert_events(store, hub, start if start is not None else after, heartbeat_s):
                    yield chunk
            finally:
                API_SSE_CLIENTS.dec()

        return StreamingResponse(
            counted(), media_type="text/event-stream", headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        )

    def held(alert_id: str) -> Alert:
        alert = store.get(alert_id)
        if alert is None:
            raise HTTPException(404, f"no alert {alert_id!r}")
        return alert

    @app.get("/api/alerts/{alert_id}", tags=["alerts"], responses={**denied, 404: {"description": "Unknown alert"}})
    def get_alert(alert_id: str, who: Reader) -> AlertDetail:
        """One alert with its evidence, the timeline of posts vs ops events (lead time) and the loyalty customers
        among its authors (their ids in full for the liaison role only)."""
        alert = held(alert_id)
        return detail(alert, authors.customers((e.author for e in alert.evidence), sees_loyalty_ids(who)))

    @app.get("/api/authors/{handle}", tags=["alerts"], responses=denied)
    def get_author(handle: Annotated[str, Path(min_length=1, max_length=200)], who: Reader) -> AuthorHistory:
        """A post's author: the customer a direct message linked to the handle (tier from the profile table, the
        loyalty id in full for the liaison role only), their earlier posts and the alerts they are in."""
        return authors.history(handle, store.all(), sees_loyalty_ids(who))

    @app.get("/api/units", tags=["alerts"], responses=denied)
    def list_units(who: Reader) -> list[Unit]:
        """The units of the operations center (IOC_DESK__UNITS): what the console and the wall filter by."""
        return settings.desk.units

    async def act(alert_id: str, kind: str, who, action_id: str | None, text: str | None = None) -> ActionResult:
        held(alert_id)
        action = AlertAction(
            action_id=action_id or derive_action_id(kind, alert_id, who.user, text),
            alert_id=alert_id,
            action=kind,
            by=who.user,
            at=_now(),
            text=text,
        )
        if store.already(action):
            return ActionResult(action=action, alert=store.get(alert_id), duplicate=True)
        try:
            await io.send_action(action)
        except KafkaError as exc:
            raise HTTPException(
                503, f"could not record the action on Kafka ({exc.__class__.__name__}); nothing was changed, retry"
            ) from exc
        alert, fresh = store.act(action)
        API_ACTIONS.labels(action=kind).inc()
        return ActionResult(action=action, alert=alert, duplicate=not fresh)

    writes = {
        **denied,
        400: {"description": "The body is not readable (not UTF-8 JSON)"},
        404: {"description": "Unknown alert"},
        403: {"description": "Role may not act"},
        429: {"description": "Rate limited (Retry-After)"},
        503: {"description": "Kafka unavailable"},
    }

    @app.post("/api/alerts/{alert_id}/ack", tags=["actions"], responses=writes)
    async def ack(alert_id: str, who: Writer, body: AckBody | None = None) -> ActionResult:
        """Acknowledge: the liaison has seen it and is on it."""
        return await act(alert_id, "ack", who, body.action_id if body else None)

    @app.post("/api/alerts/{alert_id}/resolve", tags=["actions"], responses=writes)
    async def resolve(alert_id: str, who: Writer, body: AckBody | None = None) -> ActionResult:
        """Resolve: nothing more for the liaison to do (acknowledges too)."""
        return await act(alert_id, "resolve", who, body.action_id if body else None)

    @app.post("/api/alerts/{alert_id}/notes", tags=["actions"], responses=writes)
    async def add_note(alert_id: str, who: Writer, body: NoteBody) -> ActionResult:
        """Add a note to the alert's log."""
        return await act(alert_id, "note", who, body.action_id, body.text)

    @app.get("/api/pulse", tags=["pulse"], responses=denied)
    def get_pulse(who: Reader) -> Pulse:
        """The last 24 hours: mentions, categories, flights, stations, alerts by status, lead and ack times."""
        return pulse.summary(_now(), store.all())

    @app.get(
        "/api/scorecard",
        tags=["pulse"],
        responses={
            **denied,
            404: {"description": "A week the API no longer (or not yet) holds"},
            422: {"description": "Bad week"},
        },
    )
    def get_scorecard(
        who: Reader,
        week: Annotated[
            str | None, Query(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2026-W47 (default: this one)")
        ] = None,
        top: Annotated[int, Query(ge=1, le=20)] = 5,
    ) -> Scorecard:
        """The weekly scorecard (as `ioc-stream report weekly --json` writes it) of a week the API holds: this one
        or the last two (IOC_API__SCORECARD_DAYS, weeks counted in IOC_API__SCORECARD_TZ)."""
        at = now()
        try:
            return archive.scorecard(week or week_of(at, archive.tz), at, top)
        except WeekOutOfReach as exc:
            raise HTTPException(404, str(exc)) from exc
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    @app.get("/healthz", tags=["ops"])
    def healthz() -> Health:
        """The process is up."""
        return Health(status="ok")

    @app.get("/readyz", tags=["ops"], responses={503: {"model": Health, "description": "Still catching up"}})
    def readyz(response: Response) -> Health:
        """Ready once caught up with the topics' end offsets as they were at start."""
        if not io.ready:
            response.status_code = 503
        return Health(status="ok" if io.ready else "starting", detail={"kafka": io.state, "alerts": str(len(store))})

    @app.get("/metrics", tags=["ops"], response_class=PlainTextResponse)
    def metrics() -> Response:
        """Prometheus text exposition of every ioc_ metric this process holds."""
        API_ALERTS_HELD.set(len(store))
        return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/console")

    for page in PAGES:
        app.add_api_route(f"/{page}", _page(page), include_in_schema=False, methods=["GET"])
    app.mount("/static", StaticFiles(directory=WEB), name="static")
    return app


def _page(name: str):
    def serve() -> FileResponse:
        return FileResponse(WEB / f"{name}.html", media_type="text/html", headers={"Cache-Control": "no-cache"})

    serve.__name__ = f"page_{name}"
    return serve
