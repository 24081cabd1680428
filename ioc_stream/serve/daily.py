"""The daily Social Pulse sent from inside the API process (IOC_REPORT__DAILY_AT), from the API's own pulse and
alerts: the in-process alternative to the k8s CronJob. Run it in one replica only: each replica would send it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

import structlog

from ioc_stream.models import Alert
from ioc_stream.report_config import ReportConfig
from ioc_stream.reports.delivery import deliver
from ioc_stream.reports.pulse import Pulse
from ioc_stream.reports.pulse_message import digest

log = structlog.get_logger("ioc_stream.serve.daily")

#: Longest single sleep: a clock that jumps (suspend, NTP step) is noticed within a minute.
NAP_S = 60.0


def _say(level: str, event: str, **fields: str) -> None:
    """Log, but never let a broken log stream stop the pulse."""
    try:
        getattr(log, level)(event, **fields)
    except (OSError, ValueError):
        pass


def next_run(now: datetime, at: str, tz: tzinfo) -> datetime:
    """The first moment after `now` when the local clock of `tz` reads `at` ("07:00" or "07:00:30")."""
    hour, minute, *second = (int(x) for x in at.split(":"))
    local = now.astimezone(tz)
    day = local.date()
    for shift in range(3):  # today, else tomorrow (the day after covers a time a DST change skipped)
        d = day + timedelta(days=shift)
        due = datetime(d.year, d.month, d.day, hour, minute, second[0] if second else 0, tzinfo=tz)
        if due > now:
            return due
    raise AssertionError("unreachable: a time of day recurs within two days")


class DailyPulse:
    """Sleeps until `config.daily_at`, then digests `source()` (the API's pulse and alerts) and delivers it."""

    def __init__(
        self,
        config: ReportConfig,
        tz: tzinfo,
        source: Callable[[], tuple[Pulse, list[Alert]]],
        clock: Callable[[], datetime],
    ) -> None:
        assert config.daily_at is not None
        self.config, self.tz, self.source, self.clock = config, tz, source, clock
        self.at: str = config.daily_at
        self.sent: list[tuple[datetime, dict[str, str | None]]] = []  # when, and each channel's outcome
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="ioc-api-daily-pulse")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def send_now(self) -> dict[str, str | None]:
        """Digest and deliver the pulse as it stands (the delivery's blocking I/O runs on a thread)."""
        pulse, alerts = self.source()
        results = await asyncio.to_thread(deliver, digest(pulse, alerts, self.config.top), self.config)
        self.sent.append((self.clock(), results))
        for channel, error in results.items():
            if error is None:
                _say("info", "pulse_sent", channel=channel)
            else:
                _say("warning", "pulse_not_sent", channel=channel, error=error)
        return results

    async def _run(self) -> None:
        while True:
            due = next_run(self.clock(), self.at, self.tz)
            _say("info", "pulse_scheduled", at=due.isoformat())
            while (left := (due - self.clock()).total_seconds()) > 0:
                await asyncio.sleep(min(left, NAP_S))
            try:
                await self.send_now()
            except Exception as exc:  # a failed day must not stop the next one
                _say("error", "pulse_failed", error=f"{type(exc).__name__}: {exc}")
