"""The API's Kafka shell: materialise `ioc.alerts`; feed the pulse, the scorecard archive and the authors' history
from `ioc.enriched-mentions`; write actions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError
from pydantic import ValidationError

from ioc_stream.alerts.store import AlertStore
from ioc_stream.config import Settings
from ioc_stream.kafka.client import client_kwargs
from ioc_stream.kafka.topics import create_topics
from ioc_stream.metrics import API_BAD_RECORDS
from ioc_stream.models import Alert, AlertAction, EnrichedMention
from ioc_stream.recent import Recent
from ioc_stream.reports.archive import WeekArchive
from ioc_stream.reports.pulse import PulseBuckets

log = structlog.get_logger("ioc_stream.serve")

PRUNE_EVERY_S = 60.0


class KafkaIO:
    """One consumer over every partition of the alerts and enriched-mentions topics (no group: each replica
    sees all)."""

    def __init__(
        self,
        settings: Settings,
        store: AlertStore,
        pulse: PulseBuckets,
        clock: Callable[[], datetime] | None = None,
        archive: WeekArchive | None = None,
    ):
        self.settings = settings
        self.store = store
        self.pulse = pulse
        self._mentions_seen = Recent(200_000)
        self.archive = archive
        self.clock = clock or (lambda: datetime.now(UTC))
        topics = settings.topics
        self.alerts_topic = topics.name(topics.alerts)
        self.enriched_topic = topics.name(topics.enriched)
        self.actions_topic = topics.name(topics.actions)
        self.state = "connecting to kafka"
        self._behind: dict[TopicPartition, int] | None = None
        self._next: dict[TopicPartition, int] = {}
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task | None = None

    @property
    def ready(self) -> bool:
        """Caught up with the end offsets the topics had when we started."""
        return self._behind is not None and not self._behind

    def start(self) -> None:
        """Run in the background, reconnecting on failure; /readyz reports progress."""
        self._task = asyncio.create_task(self._run_forever(), name="ioc-api-kafka")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._producer:
            await self._producer.stop()

    async def send_action(self, action: AlertAction) -> None:
        """Write one action to `ioc.alert-actions`, keyed by alert id; raises when Kafka is unavailable."""
        if self._producer is None:
            raise KafkaError("not connected to kafka yet")
        await self._producer.send_and_wait(
            self.actions_topic, action.model_dump_json().encode(), key=action.alert_id.encode()
        )

    async def _run_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._run()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.state = f"kafka error: {exc!r}; retrying"
                log.warning("kafka_retry", error=repr(exc), delay_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _run(self) -> None:
        kw = client_kwargs(self.settings.kafka, "api")
        self.state = "creating missing topics"
        created = await create_topics(self.settings, only={self.alerts_topic, self.enriched_topic, self.actions_topic})
        if created:  # the worker (or another replica) makes them too; whoever is first
            log.info("topics_created", topics=sorted(created))
        if self._producer is None:
            producer = AIOKafkaProducer(**kw, acks="all")
            await producer.start()
            self._producer = producer
        consumer = AIOKafkaConsumer(**kw, group_id=None, enable_auto_commit=False)
        await consumer.start()
        try:
            await self._assign(consumer)
            await self._consume(consumer)
        finally:
            await consumer.stop()

    async def _assign(self, consumer: AIOKafkaConsumer) -> None:
        self.state = "assigning partitions"
        await consumer.topics()
        tps = {
            topic: [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
            for topic in (self.alerts_topic, self.enriched_topic)
        }
        every = tps[self.alerts_topic] + tps[self.enriched_topic]
        consumer.assign(every)
        await consumer.seek_to_beginning(*tps[self.alerts_topic])
        # the pulse needs 24 h; the scorecard archive (and so the authors' history) its days
        back = timedelta(days=self.settings.api.scorecard_days) if self.archive is not None else timedelta(hours=24)
        since_ms = int((self.clock() - max(back, timedelta(hours=24))).timestamp() * 1000)
        found = await consumer.offsets_for_times(dict.fromkeys(tps[self.enriched_topic], since_ms))
        ends = await consumer.end_offsets(every)
        for tp in tps[self.enriched_topic]:
            consumer.seek(tp, found[tp].offset if found.get(tp) else ends[tp])
        for tp in every:  # after a reconnect: carry on where we were, so nothing is counted twice
            if tp in self._next:
                consumer.seek(tp, self._next[tp])
        self._behind = {tp: end for tp, end in ends.items() if end > 0}
        self.state = "catching up"

    async def _consume(self, consumer: AIOKafkaConsumer) -> None:
        handlers = {self.alerts_topic: self._on_alert, self.enriched_topic: self._on_mention}
        next_prune = time.monotonic() + PRUNE_EVERY_S
        while True:
            batches = await consumer.getmany(timeout_ms=500, max_records=2_000)
            for tp, records in batches.items():
                handle = handlers[tp.topic]
                for record in records:
                    if record.value is not None:
                        handle(record.value)
                self._next[tp] = records[-1].offset + 1
            if self._behind:
                for tp in list(self._behind):
                    if await consumer.position(tp) >= self._behind[tp]:
                        del self._behind[tp]
                if not self._behind:
                    self.state = "ready"
                    log.info("caught_up", alerts=len(self.store))
            elif self._behind is not None and self.state != "ready":
                self.state = "ready"
            if time.monotonic() >= next_prune:
                next_prune = time.monotonic() + PRUNE_EVERY_S
                self.store.prune(self.clock())
                if self.archive is not None:
                    self.archive.prune(self.pulse.clock(self.clock()))

    def _on_alert(self, value: bytes) -> None:
        try:
            alert = Alert.model_validate_json(value)
        except ValidationError as exc:
            API_BAD_RECORDS.labels(topic="alerts").inc()
            log.warning("bad_alert", error=str(exc).splitlines()[0], size=len(value))
            return
        self.store.upsert(alert)
        if self.archive is not None:
            self.archive.add_alert(alert)

    def _on_mention(self, value: bytes) -> None:
        try:
            mention = EnrichedMention.model_validate_json(value)
        except ValidationError as exc:
            API_BAD_RECORDS.labels(topic="mentions").inc()
            log.debug("bad_mention", error=str(exc).splitlines()[0], size=len(value))
            return
        if not self._mentions_seen.add(mention.id):  # the worker re-published it (a restart): counted once
            return
        self.pulse.add(mention, self.clock())
        self.store.authors.add(mention)  # a direct message's loyalty id stays here: never logged
        if self.archive is not None:
            self.archive.add_mention(mention)
