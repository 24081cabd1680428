"""Waiting on I/O that a stop request (SIGTERM) must be able to interrupt."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Awaitable
from typing import TypeVar

T = TypeVar("T")


async def until(awaitable: Awaitable[T], stop: asyncio.Event) -> T | None:
    """The awaitable's result, or None as soon as `stop` is set (the awaitable is cancelled)."""
    task = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            return task.result()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return None
    finally:
        stopper.cancel()


async def sleep(seconds: float, stop: asyncio.Event) -> None:
    """Sleep `seconds`, or less when `stop` is set."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


_END = object()


async def each(source: AsyncIterable[T], stop: asyncio.Event) -> AsyncIterator[T]:
    """Items of `source` until it ends or `stop` is set (a read in progress is cancelled)."""
    it = source.__aiter__()
    while True:
        item = await until(anext(it, _END), stop)
        if item is None or item is _END:
            return
        yield item  # type: ignore[misc]
