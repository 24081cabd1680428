"""Running a live connector: Kafka producer, metrics endpoint, and a clean stop on SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Callable

import httpx

from ioc_stream import metrics
from ioc_stream.config import Settings
from ioc_stream.connect.kafka_out import KafkaOut, Message
from ioc_stream.ingest.formats import Result
from ioc_stream.ingest.problems import Problem
from ioc_stream.kafka.produce import produce
from ioc_stream.logs import get_logger

log = get_logger("ioc_stream.connect.live")
Source = Callable[[httpx.AsyncClient, asyncio.Event], AsyncIterator[Result]]


async def _messages(results: AsyncIterator[Result], out: KafkaOut) -> AsyncIterator[Message]:
    """Results as Kafka messages; the feed's own error objects are logged, not dead-lettered."""
    async for r in results:
        if isinstance(r, Problem) and r.from_feed:
            metrics.INGEST_CONNECTIONS.labels(out.fmt, "feed_error").inc()
            log.warning("feed error", format=out.fmt, error=r.error)
        elif isinstance(r, Problem):
            log.warning("unreadable", format=out.fmt, error=r.error, line=r.line, message=r.message)
            yield out.rejected(r)
        else:
            yield out.record(r)


async def _run(settings: Settings, source: Source, out: KafkaOut) -> int:
    """Produce until the source ends or a signal sets the stop event."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with httpx.AsyncClient(follow_redirects=True) as client:
            return await produce(settings, _messages(source(client, stop), out))
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def run(settings: Settings, source: Source, out: KafkaOut, *, metrics_host: str, metrics_port: int) -> int:
    """Produce what `source` yields until SIGTERM/SIGINT; /metrics on metrics_port (0: none). Returns messages sent."""
    server = None
    if metrics_port:
        from prometheus_client import start_http_server

        from ioc_stream.metrics import REGISTRY

        server, _thread = start_http_server(metrics_port, addr=metrics_host, registry=REGISTRY)
    try:
        return asyncio.run(_run(settings, source, out))
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
