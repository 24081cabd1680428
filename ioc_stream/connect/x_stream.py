"""Reading an X API v2 filtered stream: one long GET with a bearer token, line by line, reconnecting with backoff."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

from ioc_stream import metrics
from ioc_stream.backoff import Backoff
from ioc_stream.connect.waiting import each, sleep
from ioc_stream.ingest.formats import Reader, Result, XReader
from ioc_stream.ingest.units import Unit
from ioc_stream.logs import get_logger

log = get_logger("ioc_stream.connect.x_stream")
FORMAT = "x-v2"


async def follow(
    client: httpx.AsyncClient,
    url: str,
    token: str,
    reader: Reader,
    stop: asyncio.Event,
    backoff: Backoff,
    *,
    stall_s: float = 30.0,
) -> AsyncIterator[Result]:
    """Results of every line until `stop`. A refused connection, a dropped one, a stall (no byte, not even
    a keep-alive, for `stall_s`) or a disconnect error object all lead to a reconnect after a backoff."""
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    timeout = httpx.Timeout(10.0, read=stall_s)
    line = 0
    while not stop.is_set():
        status = None
        try:
            async with client.stream("GET", url, headers=headers, timeout=timeout) as resp:
                status = resp.status_code
                if status != 200:
                    body = (await resp.aread())[:300].decode("utf-8", "replace")
                    metrics.INGEST_CONNECTIONS.labels(FORMAT, f"http_{status}").inc()
                    log.warning("stream refused", url=url, status=status, body=body)
                else:
                    metrics.INGEST_CONNECTIONS.labels(FORMAT, "ok").inc()
                    metrics.INGEST_UP.labels(FORMAT).set(1)
                    log.info("stream connected", url=url)
                    backoff.reset()
                    async for text in each(resp.aiter_lines(), stop):
                        line += 1
                        for result in reader.feed(Unit(text.encode(), line=line)):
                            yield result
                        if isinstance(reader, XReader) and reader.disconnected:
                            reader.disconnected = False
                            log.warning("stream sent a disconnect error: reconnecting", url=url)
                            break
                    status = None
        except httpx.HTTPError as exc:
            metrics.INGEST_CONNECTIONS.labels(FORMAT, "network_error").inc()
            log.warning("stream dropped", url=url, error=f"{type(exc).__name__}: {exc}")
        metrics.INGEST_UP.labels(FORMAT).set(0)
        if stop.is_set():
            return
        wait = backoff.next(status=status)
        log.info("reconnecting", url=url, in_s=wait)
        await sleep(wait, stop)
