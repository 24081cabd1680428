"""The Faust worker: a routing agent (inputs -> one keyed topic) and a correlation agent (keyed -> alerts).

Topology, all topic names from config.TopicsConfig (with its prefix):

    social.mentions ─┐                         ┌─> ioc.alerts (key alert_id, Alert JSON)
    ops.flight-events├─ route ─> ioc.keyed-events ─ correlate ─┤  state: Faust table (changelog topic)
    ioc.alert-actions┘   │      (key = state key)              └─> ioc.deadletter
                         ├─> ioc.enriched-mentions (every post as enriched, for the API's pulse)
                         └─> ioc.deadletter

Both steps take whole fetches (kafka/faust_seam.py: no per-message Faust stream machinery), decode raw
bytes themselves (orjson/pydantic), and send outputs through the producer's buffer without awaiting
delivery; Faust flushes the producer before it commits offsets, so delivery is at-least-once and the
engine's idempotence makes re-delivery harmless (consumers de-duplicate alerts by (alert_id, version)).

State store: IOC_STORE=memory:// (default; a restarted worker re-reads the whole changelog) or rocksdb://
(RocksDB via rocksdict, one database per partition under IOC_DATA_DIR, so a restart on the same directory
reads only the changelog past what it persisted; /readyz says how many records it re-read, `restored`).
Worker knobs: kafka/tuning.py (IOC_WORKER_*).
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import faust
from pydantic import ValidationError

from ioc_stream import metrics
from ioc_stream.config import Settings
from ioc_stream.correlate.engine import Conflict
from ioc_stream.ingest.messages import Reason, Rejected
from ioc_stream.kafka.client import faust_broker_url, faust_credentials
from ioc_stream.kafka.deadletter import dead_letter
from ioc_stream.kafka.faust_seam import BatchApp, raw_send, table_store
from ioc_stream.kafka.topics import STATE_TABLE
from ioc_stream.kafka.tuning import WorkerTuning
from ioc_stream.logs import get_logger
from ioc_stream.models import Alert, AlertStatus, EnrichedMention, OpsEvent
from ioc_stream.pipeline.envelope import Packed
from ioc_stream.pipeline.merge import EventTimeMerge
from ioc_stream.pipeline.ordering import arrival_order, event_time
from ioc_stream.pipeline.partitions import partition_for
from ioc_stream.pipeline.processor import Item, KeyedProcessor, Outcome
from ioc_stream.pipeline.routing import TimeBounds, route, warm_up
from ioc_stream.recent import Recent

log = get_logger("ioc_stream.worker")

_RAW = {"key_type": bytes, "value_type": bytes, "key_serializer": "raw", "value_serializer": "raw"}
_LIVE = (AlertStatus.OPEN, AlertStatus.ESCALATED)


class TableStore:
    """processor.StateStore over a Faust table of bytes -> bytes (keys are encoded here)."""

    def __init__(self, table: Any) -> None:
        self.table = table

    def get(self, key: str) -> bytes | None:
        return self.table.get(key.encode())

    def put(self, key: str, value: bytes | None) -> None:
        k = key.encode()
        if value is not None:
            self.table[k] = value
        elif k in self.table:
            del self.table[k]

    def keys(self) -> Iterable[str]:
        return [k.decode() if isinstance(k, bytes) else k for k in list(self.table.keys())]


class StreamWorker:
    """Builds the Faust app (topics, table, agents, timer, web views) for one set of Settings."""

    def __init__(
        self,
        settings: Settings,
        tuning: WorkerTuning | None = None,
        *,
        web_port: int | None = None,
        correlator: Any = None,
    ) -> None:
        self.settings = settings
        self.tuning = tuning or WorkerTuning()
        t, k, tun = settings.topics, settings.kafka, self.tuning
        self.app = BatchApp(
            k.group_id,
            broker=faust_broker_url(k),
            broker_credentials=faust_credentials(k),
            broker_client_id=k.client_id,
            store=table_store(settings.store),  # Faust's stores as kafka/faust_seam.py adapts them
            datadir=settings.data_dir,
            tabledir=f"tables-{k.group_id}",  # the databases hold offsets of this group's changelog topic
            topic_partitions=t.partitions,
            topic_replication_factor=t.replication,
            consumer_auto_offset_reset="earliest",
            broker_session_timeout=tun.session_timeout_s,
            broker_heartbeat_interval=tun.heartbeat_interval_s,
            broker_rebalance_timeout=tun.rebalance_timeout_s,
            broker_commit_interval=tun.commit_interval_s,
            broker_max_poll_records=tun.max_poll_records,
            # a partition's fetch must hold its largest message (a broker without KIP-74 would stall on it)
            consumer_max_fetch_size=max(tun.max_partition_fetch_bytes, t.max_message_bytes + 65_536),
            producer_linger=tun.producer_linger_ms / 1000.0,
            # Records held by the event-time merge are unacked on purpose: a rebalance or shutdown must
            # not wait for them (their offsets stay uncommitted and the next owner re-reads them).
            stream_wait_empty=False,
            web_enabled=True,
            web_port=web_port or settings.web_port,
            web_bind="0.0.0.0",
            table_standby_replicas=0,
            recovery_consistency_check=tun.recovery_consistency_check,
            **{"key_serializer": "raw", "value_serializer": "raw"},
        )
        self.app.fetch_max_wait_ms = tun.fetch_max_wait_ms
        self.names = {role: t.name(getattr(t, role)) for role in ("mentions", "ops", "actions")}
        self.roles = {name: role for role, name in self.names.items()}
        self.inputs = self.app.topic(*self.names.values(), **_RAW)
        self.keyed = self.app.topic(t.name(t.keyed), partitions=t.partitions, **_RAW)
        self.alerts_topic = t.name(t.alerts)
        self.enriched_topic = t.name(t.enriched)
        self.deadletter_topic = t.name(t.deadletter)
        self.table = self.app.Table(
            STATE_TABLE, partitions=t.partitions, use_partitioner=True, key_type=bytes, value_type=bytes
        )
        from ioc_stream.correlate import KeyState
        from ioc_stream.desk.reference import load_desk

        self.desk = load_desk(settings.desk)  # read once: the schedule completes records, the engine uses it all
        self.correlator = correlator or _correlator(settings, self.desk)
        self.processor = KeyedProcessor(
            self.correlator,
            KeyState,
            TableStore(self.table),
            partitions=t.partitions,
        )
        c = settings.correlation
        self.bounds = TimeBounds(c.max_ahead_s, c.retention_s)
        self._input_time: dict[str, int] = {}  # input -> latest event time routed, for its event-time lag
        self._assigned: frozenset[int] = frozenset()
        self._generation = -1
        self._lag: dict[tuple[str, int], int] | None = None
        self._open: dict[str, str] = {}
        self._recent = Recent()
        self._counted: dict[str, int] = {}
        self._processed: Counter[str] = Counter()
        self.packed = Packed()
        self.merge: EventTimeMerge[tuple[Any, Any]] = EventTimeMerge(time.monotonic)
        self._next_offset: dict[Any, int] = {}
        self._route_generation = -1
        self._releasing = asyncio.Lock()
        self._release_later: asyncio.TimerHandle | None = None
        self._release_task: asyncio.Future[None] | None = None
        self._register()

    # -- wiring ----------------------------------------------------------------------------------
    def _register(self) -> None:
        app, tun = self.app, self.tuning
        app.subscribe(self.on_batch, self.inputs, self.keyed)
        app.timer(tun.tick_interval_s, name="tick")(self._on_timer)
        app.on_rebalance_complete.connect(self._on_rebalance_complete)
        app.page("/metrics")(_view(self._metrics_view))
        app.page("/healthz")(_view(self._health_view))
        app.page("/readyz")(_view(self._ready_view))

    async def on_batch(self, messages: Sequence[Any]) -> None:
        """One fetch: route the input messages, then correlate the keyed ones."""
        keyed = self.keyed.get_topic_name()
        inputs = [m for m in messages if m.topic != keyed]
        if inputs:
            await self.route_batch(inputs)
        if len(inputs) < len(messages):
            await self.correlate_batch([m for m in messages if m.topic == keyed])

    # -- routing ---------------------------------------------------------------------------------
    async def route_batch(self, messages: Sequence[Any]) -> None:
        """Validate, enrich and re-key one batch of input messages; bad ones go to the dead-letter topic.

        Good records wait in the event-time merge (their offsets stay unacked, so uncommitted) until
        no lagging input partition could hold an earlier one.
        """
        self._sync_route_generation()
        carrier, max_bytes = self.settings.carrier, self.settings.topics.max_message_bytes
        ack, roles, add, now = self.app.consumer.ack, self.roles, self.merge.add, time.time()
        schedule, bounds, latest = self.desk.schedule, self.bounds, self._input_time
        counts = InputCounts(carrier)
        for msg in messages:
            role = roles[msg.topic]
            try:
                routed = route(
                    role,
                    msg.value,
                    carrier=carrier,
                    max_bytes=max_bytes,
                    ts=msg.timestamp or now,
                    schedule=schedule,
                    bounds=bounds,
                )
            except Rejected as rej:
                await self._dead_letter(msg.value, msg.topic, msg.partition, msg.offset, rej.reason, rej.error)
                ack(msg)
                continue
            counts.add(routed.record)
            t = event_time(routed.record)
            if t is not None and t > latest.get(role, t - 1):
                latest[role] = t
            add(msg.tp, arrival_order(routed.record), (routed, msg))
        for msg in messages:
            self._next_offset[msg.tp] = msg.offset + 1
        counts.publish()
        metrics.EVENTS_PROCESSED.labels("route").inc(len(messages))
        self._processed["route"] += len(messages)
        await self.release_routed()

    async def release_routed(self, force: bool = False) -> None:
        """Send what the merge can release to the keyed topic, in event-time order, and ack it."""
        if not len(self.merge):
            return
        async with self._releasing:  # one release at a time, so keyed records leave in merge order
            tun = self.tuning
            # aiokafka's send itself (Faust's wrapper adds sensors we do not use), partition precomputed
            send, keyed, ack = raw_send(self.app), self.keyed.get_topic_name(), self.app.consumer.ack
            enriched = self.enriched_topic
            partition_of, n = keyed_partition, self.settings.topics.partitions
            lagging, quiet = await self._input_states()
            force = force or self.merge.stalled(lagging, tun.reorder_max_hold_s)
            remember = self.packed.add
            for routed, msg in self.merge.release(lagging, quiet=quiet, grace=tun.reorder_grace_s, force=force):
                for key, envelope in routed.outputs:
                    remember(envelope, routed.record, routed.ts)
                    await send(keyed, envelope, key=key.encode(), partition=partition_of(key, n))
                if routed.enriched is not None:  # the pulse reads these instead of enriching again
                    await send(enriched, routed.enriched, key=msg.key)
                ack(msg)
            if len(self.merge) and self._release_later is None:  # held for the grace: look again soon
                self._release_later = asyncio.get_running_loop().call_later(tun.reorder_grace_s, self._release_again)

    def _release_again(self) -> None:
        self._release_later = None
        self._release_task = asyncio.ensure_future(self.release_routed())  # held: a bare task may be collected

    async def _input_states(self) -> tuple[set[Any], set[Any]]:
        """Input partitions with records the consumer has not handed us yet, and those read to the end."""
        consumer, lagging, quiet = self.app.consumer, set(), set()
        for tp in consumer.assignment():
            if tp.topic not in self.roles:
                continue
            position = self._next_offset.get(tp)
            if position is None:
                position = await consumer.position(tp)
            highwater = consumer.highwater(tp)  # None until the first fetch of tp answered: unknown, so wait
            if highwater is None or position is None or position < highwater:
                lagging.add(tp)
            else:
                quiet.add(tp)
        return lagging, quiet

    def _sync_route_generation(self) -> None:
        """After a rebalance the consumer re-reads from committed offsets: drop what the merge held."""
        if self._route_generation != self.app.rebalancing_count:
            self.merge.clear()
            self._next_offset.clear()
            self._route_generation = self.app.rebalancing_count

    # -- correlation -----------------------------------------------------------------------------
    async def correlate_batch(self, messages: Sequence[Any]) -> None:
        """Apply one batch of keyed events, partition by partition, and emit every alert change."""
        self._sync_assignment()
        by_partition: dict[int, list[Item]] = {}
        unpack = self.packed.unpack
        for msg in messages:
            try:
                item = Item(msg.key.decode(), unpack(msg.value), msg)
            except (ValueError, AttributeError) as exc:
                reason = Reason.SCHEMA if isinstance(exc, ValidationError) else Reason.DECODE
                await self._dead_letter(
                    msg.value, msg.topic, msg.partition, msg.offset, reason, f"keyed envelope: {exc}"
                )
                continue
            by_partition.setdefault(msg.partition, []).append(item)
        out = Outcome()
        for partition, items in by_partition.items():
            out.extend(self.processor.process(partition, items))
        await self._emit(out)
        ack = self.app.consumer.ack
        for msg in messages:
            ack(msg)
        metrics.EVENTS_PROCESSED.labels("correlate").inc(len(messages))
        self._processed["correlate"] += len(messages)
        self._drain_counters()

    def _drain_counters(self) -> None:
        """Move the engine's running counters into the Prometheus metrics (deltas since last time)."""
        c = self.correlator.counters
        for lag in c.ops_first_lags:
            metrics.OPS_FIRST_LAG.observe(lag)
        c.ops_first_lags.clear()
        for name, metric in (
            ("ops_first", metrics.OPS_FIRST.labels("any")),
            ("late_mentions", metrics.LATE_EVENTS.labels("mentions", "dropped")),
            ("late_ops", metrics.LATE_EVENTS.labels("ops", "dropped")),
            ("ops_after_judgement", metrics.LATE_EVENTS.labels("ops", "after_judgement")),
            ("conflicts", metrics.CONFLICTS),
        ):
            value = getattr(c, name)
            if value > self._counted.get(name, 0):
                metric.inc(value - self._counted.get(name, 0))
            self._counted[name] = value

    async def _on_rebalance_complete(self, sender: Any = None, **_: Any) -> None:
        """Faust recovered the table for the new assignment (streams resume next): rebuild from it."""
        self._sync_assignment(force=True)

    def _settled(self) -> bool:
        """True when no rebalance or table recovery is under way."""
        app = self.app
        return app.tables.recovery.completed.is_set() and not app.rebalancing and not app.in_recovery

    def _sync_assignment(self, force: bool = False) -> None:
        """Rebuild clocks and deadline indexes from the table when the keyed partitions we own changed."""
        keyed = self.keyed.get_topic_name()
        assigned = frozenset(tp.partition for tp in self.app.consumer.assignment() if tp.topic == keyed)
        generation = self.app.rebalancing_count
        if not force and assigned == self._assigned and generation == self._generation:
            return
        indexed = self.processor.rebuild(assigned)
        log.info("state rebuilt", partitions=sorted(assigned), keys=indexed, rebalance=generation)
        self._assigned, self._generation = assigned, generation

    async def _emit(self, out: Outcome) -> None:
        send, now = self.app.producer.send, time.time()
        for alert, ts in out.alerts:
            await send(self.alerts_topic, alert.alert_id.encode(), alert.model_dump_json().encode(), None, None, None)
            self._count_alert(alert, now, ts)
        keyed = self.keyed.get_topic_name()
        for key, raw, exc in out.quarantined:  # the bytes kept with their key; the key started fresh
            p = partition_for(key, self.settings.topics.partitions)
            await self._dead_letter(raw, keyed, p, -1, Reason.STATE, f"state of {key}: {type(exc).__name__}: {exc}")
        for failed, exc in out.failures:
            error = f"{type(exc).__name__}: {exc}"
            if isinstance(failed, Item):
                msg = failed.ref
                reason = Reason.CONFLICT if isinstance(exc, Conflict) else Reason.PROCESSING
                await self._dead_letter(msg.value, msg.topic, msg.partition, msg.offset, reason, error)
            else:  # a tick of a state key failed: the key is what we can show
                p = partition_for(failed, self.settings.topics.partitions)
                await self._dead_letter(failed.encode(), keyed, p, -1, Reason.PROCESSING, f"tick {failed}: {error}")

    def _count_alert(self, alert: Alert, now: float, ts: float | None) -> None:
        if not self._recent.add((alert.alert_id, alert.version)):
            return
        metrics.ALERTS.labels(alert.status, alert.category, alert.severity).inc()
        if alert.status in _LIVE:
            self._open[alert.alert_id] = alert.kind
        elif self._open.pop(alert.alert_id, None) is not None and alert.lead_time_s is not None:
            metrics.LEAD_TIME.observe(alert.lead_time_s)
        if ts:
            metrics.DETECTION_LATENCY.observe(max(0.0, now - ts))
        bound = log.bind(alert_id=alert.alert_id, flight=alert.flight, station=alert.station)
        bound.info("alert", status=str(alert.status), version=alert.version, category=str(alert.category))

    async def _dead_letter(
        self, original: bytes | None, topic: str, partition: int, offset: int, reason: Reason, error: str
    ) -> None:
        record = dead_letter(
            original,
            topic=topic,
            partition=partition,
            offset=offset,
            reason=reason,
            error=error,
            keep_bytes=self.settings.topics.max_message_bytes,
        )
        await self.app.producer.send(self.deadletter_topic, None, record, None, None, None)
        metrics.DEADLETTERS.labels(str(reason)).inc()
        log.warning("dead letter", topic=topic, partition=partition, offset=offset, reason=str(reason), error=error)

    # -- timer -----------------------------------------------------------------------------------
    async def _on_timer(self) -> None:
        """Rebuild after a rebalance, tick due keys of idle partitions, refresh the gauges."""
        if not self._settled():
            return
        await self.release_routed()
        out = Outcome()
        for partition in sorted(self._assigned):
            out.extend(self.processor.tick(partition))
        await self._emit(out)
        await self._refresh_gauges()

    async def _refresh_gauges(self) -> None:
        consumer, watched = self.app.consumer, {*self.names.values(), self.keyed.get_topic_name()}
        lag: dict[tuple[str, int], int] = {}
        for tp in consumer.assignment():
            if tp.topic not in watched:
                continue
            position = await consumer.position(tp)
            behind = max(0, (consumer.highwater(tp) or 0) - (position or 0))
            lag[(tp.topic, tp.partition)] = behind
            metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(behind)
        self._lag = lag
        metrics.TABLE_KEYS.labels(STATE_TABLE).set(len(self.table))
        wall = time.time()
        for role, t in self._input_time.items():  # how far each input's event time trails the wall clock
            metrics.INPUT_EVENT_TIME_LAG.labels(role).set(wall - t)
        metrics.WORKER_UP.set(1 if self._assigned else 0)
        for kind in ("SOCIAL_FIRST", "STATION_SURGE"):
            metrics.OPEN_ALERTS.labels(kind).set(sum(1 for k in self._open.values() if k == kind))

    # -- web -------------------------------------------------------------------------------------
    def readiness(self) -> dict[str, Any]:
        """Ready = partitions assigned, table recovered, and consumer lag under tuning.ready_max_lag.

        Also says how many messages each step has processed since start (a cheap progress probe).
        """
        recovered = self._settled()
        lag = None if self._lag is None else sum(self._lag.values())
        ready = bool(self._assigned) and recovered and lag is not None and lag <= self.tuning.ready_max_lag
        processed = {"route": self._processed["route"], "correlate": self._processed["correlate"]}
        return {
            "ready": ready,
            "assigned": sorted(self._assigned),
            "recovered": recovered,
            "lag": lag,
            "processed": processed,
            "restored": self.table.data.restored,  # changelog records recovery re-read since start
        }

    async def _metrics_view(self, web: Any, request: Any) -> Any:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        return web.bytes(generate_latest(metrics.REGISTRY), content_type=CONTENT_TYPE_LATEST.split(";")[0])

    async def _health_view(self, web: Any, request: Any) -> Any:
        return web.json({"alive": True})

    async def _ready_view(self, web: Any, request: Any) -> Any:
        state = self.readiness()
        return web.json(state, status=200 if state["ready"] else 503)

    def run(self) -> None:
        """Run the worker in the foreground until SIGINT/SIGTERM."""
        warm_up(self.settings.carrier)
        quiet_gc()
        worker = faust.Worker(self.app, loglevel=self.tuning.log_level, redirect_stdouts=False)
        worker.execute_from_commandline()


def quiet_gc() -> None:
    """Freeze what start-up allocated (Faust, enrichment tables) out of the collector's way, and collect
    the young generation less often: batches allocate many short-lived objects, and a full collection
    walks everything the merge and the state hold."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _correlator(settings: Settings, desk: Any) -> Any:
    """The engine with the configured priority table and the desk's tables."""
    from ioc_stream.alerts.correlator import Correlator
    from ioc_stream.alerts.priority import Priorities

    priorities = Priorities.load(settings.priority_table) if settings.priority_table else None
    return Correlator(settings.correlation, priorities, desk if desk else None)


def _view(handler: Any) -> Any:
    """A Faust view handler calling a bound method with (view, request)."""

    async def get(self: Any, request: Any) -> Any:
        return await handler(self, request)

    get.__name__ = handler.__name__.strip("_")
    return get


@lru_cache(maxsize=65_536)
def keyed_partition(key: str, partitions: int) -> int:
    """partition_for, remembered: state keys repeat (a flight's posts and ops events), murmur2 is Python."""
    return partition_for(key, partitions)


class InputCounts:
    """A batch's input metrics, counted in dicts and published once (a labelled inc costs ~1-2 us).

    Flights are counted for `carrier` only: its flight numbers bound the label set (at most 9,999
    series), where every airline's flights that posts name would grow it without end.
    """

    __slots__ = ("carrier", "flights", "geotagged", "mentions", "ops", "stations")

    def __init__(self, carrier: str) -> None:
        self.carrier = carrier
        self.mentions: Counter[tuple[str, str]] = Counter()
        self.geotagged = 0
        self.stations: Counter[str] = Counter()
        self.flights: Counter[str] = Counter()
        self.ops: Counter[str] = Counter()

    def add(self, record: Any) -> None:
        if isinstance(record, EnrichedMention):
            self.mentions[(record.lang, record.incident.category)] += 1
            self.geotagged += record.geo is not None
            for station in record.stations:
                self.stations[station.code] += 1
            for flight in record.flights:
                if flight.carrier == self.carrier:
                    self.flights[flight.flight] += 1
        elif isinstance(record, OpsEvent):
            self.ops[record.type] += 1

    def publish(self) -> None:
        for (lang, category), n in self.mentions.items():
            metrics.MENTIONS.labels(lang, category).inc(n)
        if self.geotagged:
            metrics.MENTIONS_GEOTAGGED.inc(self.geotagged)
        for code, n in self.stations.items():
            metrics.MENTIONS_BY_STATION.labels(code).inc(n)
        for flight, n in self.flights.items():
            metrics.MENTIONS_BY_FLIGHT.labels(flight).inc(n)
        for kind, n in self.ops.items():
            metrics.OPS_EVENTS.labels(kind).inc(n)
