"""Polling the FAA airport status service: a GET every N seconds, each answer a snapshot for the program tracker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx

from ioc_stream import metrics
from ioc_stream.backoff import Backoff
from ioc_stream.connect.waiting import sleep, until
from ioc_stream.ingest.formats import Reader, Result
from ioc_stream.ingest.units import Unit
from ioc_stream.logs import get_logger

log = get_logger("ioc_stream.connect.nas_poll")
FORMAT = "faa-nas"


async def poll(
    client: httpx.AsyncClient, url: str, every: float, reader: Reader, stop: asyncio.Event, backoff: Backoff
) -> AsyncIterator[Result]:
    """Results of each successful poll until `stop`; a failed poll is retried with backoff, a bad document
    is a Problem (dead-lettered by the caller)."""
    polls = 0
    while not stop.is_set():
        wait = every
        try:
            resp = await until(client.get(url, headers={"Accept": "application/xml"}), stop)
            if resp is None:
                return
            if resp.status_code != 200:
                metrics.INGEST_CONNECTIONS.labels(FORMAT, f"http_{resp.status_code}").inc()
                metrics.INGEST_UP.labels(FORMAT).set(0)
                wait = backoff.next(status=resp.status_code)
                log.warning("poll refused", url=url, status=resp.status_code, retry_in_s=wait)
            else:
                polls += 1
                metrics.INGEST_CONNECTIONS.labels(FORMAT, "ok").inc()
                metrics.INGEST_UP.labels(FORMAT).set(1)
                backoff.reset()
                for result in reader.feed(Unit(resp.content, message=polls)):
                    yield result
        except httpx.HTTPError as exc:
            metrics.INGEST_CONNECTIONS.labels(FORMAT, "network_error").inc()
            metrics.INGEST_UP.labels(FORMAT).set(0)
            wait = backoff.next()
            log.warning("poll failed", url=url, error=f"{type(exc).__name__}: {exc}", retry_in_s=wait)
        await sleep(wait, stop)
