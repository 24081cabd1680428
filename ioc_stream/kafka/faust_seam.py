"""The one seam to Faust internals: a consumer that hands each fetch of chosen topics to one handler, as a list.

Faust delivers every message on its own: a `wait_first` (two tasks) in the fetch loop, an Event, a
channel queue, the stream iterator, one ack coroutine each -- about 150 us per message on these
machines, a ceiling of ~6,000 messages/s before any work is done. The worker's agents only ever want
batches, so for its topics this consumer skips all of that: each fetch's records become Faust
`ConsumerMessage`s (so offsets, acks and commits work as usual: the handler calls `consumer.ack`)
and go to `app.batch_handler` in one call. Every other topic (table changelogs during recovery)
takes Faust's usual per-message path. Group membership, rebalancing, table recovery, the producer,
timers and web views are Faust's, unchanged.

The table stores are Faust's too, with two changes (`table_store` maps the configured URL to them):
RocksDB's store puts a write in the partition database the key's changelog record goes to (Faust reads
that from the current stream event, which the batch path has none of), and both stores count the
changelog records recovery applied (`restored`: how much of the changelog a start had to re-read).

That loop stands on Faust's private attributes. They are used here and nowhere else (the worker calls
`BatchApp.subscribe` and `raw_send`), pyproject.toml pins the Faust release they were read from
(`FAUST_VERSION`), and tests/test_faust_seam.py fails, naming what moved, when an upgrade changes
any of them (`PRIVATE_ATTRIBUTES`) or the upstream code this module re-implements (`UPSTREAM_SOURCES`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import faust
from faust.stores import STORES
from faust.stores import memory as faust_memory
from faust.stores import rocksdb as faust_rocksdb
from faust.transport.consumer import CONSUMER_FETCHING
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import Message

from ioc_stream.pipeline.partitions import partition_for

#: A handler of one fetch's messages of the batch topics (all partitions, each partition in offset order).
BatchHandler = Callable[[Sequence[Message]], Awaitable[None]]

#: The faust-streaming release the internals below were read from (pyproject.toml pins exactly this).
FAUST_VERSION = "0.15.3"

#: Every private attribute this module touches, by the object that owns it at run time.
PRIVATE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "faust.App": ("_new_transport",),
    "faust Consumer (aiokafka driver)": (
        "_new_consumer_thread",
        "_drain_messages",
        "_wait_next_records",
        "_to_message",
        "_read_offset",
        "_buffered_partitions",
        "_n_acked",
        "_commit_every",
        "_stopped",
    ),
    "faust AIOKafkaConsumerThread": ("_create_worker_consumer",),
    "faust Producer (aiokafka driver)": ("_ensure_producer",),
    "aiokafka.AIOKafkaConsumer": ("_fetch_max_wait_ms",),
    "faust RocksDB store": ("_set", "_db_for_partition", "_key_index"),
}

#: sha256 of the Faust functions this module re-implements or builds on; a change upstream must be read here.
UPSTREAM_SOURCES: dict[str, str] = {
    "faust.transport.consumer.Consumer._drain_messages": "44a2500309e83c630493f6828af50166ec8d96a0b3e4fb2bab735f704ae93417",  # noqa: E501
    "faust.transport.drivers.aiokafka.AIOKafkaConsumerThread._create_worker_consumer": "c2701bfc3e6f6cad95c2be36d6a255a86e2c57d18d36cc1082b5fb5c482d99d7",  # noqa: E501
    "faust.transport.drivers.aiokafka.Producer._ensure_producer": "5592a4bbdf2513253f98233a4eac931ded2a531a86f269cddcc33bc3f5827db5",  # noqa: E501
    "faust.app.base.App._new_transport": "42db531312dd776fc3937154a32f19eeb9ad7d4ebc2722a92d081a2d271baea1",
    "faust.stores.rocksdb.Store._set": "4227e561e288d9413bf663a3a67940fd4976f5484e70e49445858ce4d400d26e",
}


def table_store(url: str) -> str:
    """The store URL for the state table: IOC_STORE's memory:// or rocksdb://, as the stores below."""
    scheme, sep, rest = url.partition("://")
    if scheme not in _STORES or not sep:
        raise ValueError(f"IOC_STORE must be memory:// or rocksdb://, not {url!r}")
    return f"{_STORES[scheme]}://{rest}"


def raw_send(app: faust.App) -> Callable[..., Awaitable[Any]]:
    """aiokafka's `send` under the app's producer (Faust's wrapper adds sensors the worker does not use)."""
    return app.producer._ensure_producer().send  # type: ignore[attr-defined, no-any-return]


class ConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    """Faust's consumer thread with the broker's long-poll wait from `app.fetch_max_wait_ms`.

    Faust fixes it at 1,500 ms; a broker that answers a fetch only when that wait ends (or the fetch
    is full) then adds up to that much to every hop through the keyed topic.
    """

    def _create_worker_consumer(self, transport: Any) -> Any:
        consumer = super()._create_worker_consumer(transport)
        consumer._fetch_max_wait_ms = self.consumer.app.fetch_max_wait_ms  # read when the consumer starts
        return consumer


class BatchConsumer(faust_aiokafka.Consumer):
    """Faust's aiokafka consumer, draining fetches of `app.batch_topics` whole into `app.batch_handler`."""

    def _new_consumer_thread(self) -> ConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

    async def _drain_messages(self, fetcher: Any) -> None:  # pragma: no cover - runs inside the worker
        app = self.app
        handler: BatchHandler = app.batch_handler
        batch_topics: frozenset[str] = app.batch_topics
        callback, to_message = self.callback, self._to_message
        read_offset = self._read_offset
        stopping = lambda: self._stopped.is_set() or fetcher._stopped.is_set()
        try:
            while not stopping():
                self.diag.set_flag(CONSUMER_FETCHING)
                records, active = await self._wait_next_records(1.0)
                await self.sleep(0)
                if records is None or self.should_stop:
                    continue
                if not self.flow_active:  # a rebalance began: Faust seeks back to committed offsets
                    await self.perform_seek()
                    continue
                generation = app.consumer_generation_id
                batch: list[Message] = []
                for tp, recs in records.items():
                    if app.consumer_generation_id != generation:
                        break
                    if active is not None and tp not in active and tp not in self._buffered_partitions:
                        continue
                    since = read_offset[tp]
                    if tp.topic in batch_topics:
                        fresh = [to_message(tp, r) for r in recs if since is None or r.offset >= since]
                        if fresh:
                            batch += fresh
                            read_offset[tp] = fresh[-1].offset
                        continue
                    for r in recs:  # changelog records (recovery): Faust's own per-message delivery
                        if since is None or r.offset >= since:
                            await self.wait_first(callback(to_message(tp, r)), self.suspend_flow.wait())
                            read_offset[tp] = r.offset
                if batch and app.consumer_generation_id == generation:
                    inbound = app.monitor.stream_inbound_time
                    now = time.monotonic()
                    for tp in {m.tp for m in batch}:
                        inbound[tp] = now  # Faust's "stream is idle" diagnostics look here
                    await handler(batch)
                if self._commit_every is not None and self._n_acked >= self._commit_every:
                    self._n_acked = 0
                    await self.commit()
                self.diag.unset_flag(CONSUMER_FETCHING)
        except self.consumer_stopped_errors:
            if not self.transport.app.should_stop:
                raise
        except asyncio.CancelledError:
            if not self.transport.app.should_stop:
                raise
        except Exception as exc:
            self.log.exception("Drain messages raised: %r", exc)
            raise
        finally:
            self.diag.unset_flag(CONSUMER_FETCHING)


class BatchTransport(faust_aiokafka.Transport):
    """The aiokafka transport with the batch-draining consumer."""

    Consumer = BatchConsumer


class BatchApp(faust.App):
    """A Faust app whose consumer gives whole fetches of `batch_topics` to `batch_handler`.

    Register the topics with `subscribe(...)` (no agents needed for them) and set the handler before
    the worker starts.
    """

    batch_topics: frozenset[str] = frozenset()
    #: How long the broker may hold a fetch waiting for data (aiokafka's fetch_max_wait_ms).
    fetch_max_wait_ms: int = 1500

    async def batch_handler(self, messages: Sequence[Message]) -> None:
        raise NotImplementedError("set app.batch_handler before starting the worker")

    def subscribe(self, handler: BatchHandler, *topics: Any) -> None:
        """Consume `topics` (Faust topic objects) in batches with `handler`."""
        for topic in topics:
            self.topics.add(topic)
        self.batch_topics = self.batch_topics | {name for topic in topics for name in topic.topics}
        self.batch_handler = handler  # type: ignore[method-assign]

    def _new_transport(self) -> Any:
        return BatchTransport(self.conf.broker_consumer, self)


class _Restored:
    """Counts the changelog records recovery applies to a store (mixed in before Faust's store)."""

    restored = 0

    def apply_changelog_batch(self, batch: Any, to_key: Any, to_value: Any) -> None:
        events = list(batch)
        super().apply_changelog_batch(events, to_key, to_value)  # type: ignore[misc]
        self.restored += len(events)


class MemoryStore(_Restored, faust_memory.Store):  # type: ignore[misc]
    """Faust's in-memory store: a start re-reads the whole changelog."""


class RocksStore(_Restored, faust_rocksdb.Store):  # type: ignore[misc]
    """Faust's RocksDB store (rocksdict), one database per partition under the app's table directory.

    A start reads the changelog only past the offset each partition's database persisted.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if faust_rocksdb.rocksdict is None:
            raise ImportError("IOC_STORE=rocksdb:// needs rocksdict (a dependency of ioc-stream: reinstall it)")
        super().__init__(*args, **kwargs)

    def _set(self, key: bytes, value: bytes | None) -> None:
        # Faust's picks the partition of the stream event being processed; the changelog record of a
        # use_partitioner table goes where the producer's (murmur2) partitioner puts its key.
        partition = partition_for(key, self.table.partitions)
        self._key_index[key] = partition
        self._db_for_partition(partition).put(key, value)


_STORES = {"memory": "ioc-memory", "rocksdb": "ioc-rocksdb"}
STORES.aliases.update({"ioc-memory": f"{__name__}:MemoryStore", "ioc-rocksdb": f"{__name__}:RocksStore"})
