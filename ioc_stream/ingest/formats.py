"""The four native formats: how to cut each input into units, and a reader that turns units into records.

A reader is incremental (`feed` returns what to emit now: the live connectors use it) and also knows
the whole input's outcome (`final`: a COR replaces what it corrects, the latest edit of a post wins,
a deleted post is dropped), which the offline `ioc-stream ingest FORMAT FILE` writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from ioc_stream.ingest import units
from ioc_stream.ingest.aidx import ROOT as AIDX_ROOT
from ioc_stream.ingest.aidx import parse_notification
from ioc_stream.ingest.faa_nas import ROOT as NAS_ROOT
from ioc_stream.ingest.faa_nas import parse_status
from ioc_stream.ingest.mvt_events import TelexLog
from ioc_stream.ingest.nas_programs import Programs
from ioc_stream.ingest.problems import Problem, Unreadable
from ioc_stream.ingest.units import Unit
from ioc_stream.ingest.x_timeline import Timeline
from ioc_stream.ingest.x_v2 import Post, Removal, StreamError, parse_line
from ioc_stream.models import OpsEvent, SocialMention

Record = SocialMention | OpsEvent
Result = Record | Problem


@dataclass(frozen=True, slots=True)
class Context:
    """What a parser may know besides its input (no clock: the shell passes `near`, the time the input is read near)."""

    carrier: str = "AA"
    near: datetime | None = None
    delay_margin_minutes: int = 15


class Reader:
    """Units in, records out; subclasses say how one unit reads."""

    def __init__(self, ctx: Context) -> None:
        """A fresh reader: no state from any other input."""
        self.ctx = ctx

    def feed(self, unit: Unit) -> list[Result]:
        """Read one unit: the records to emit now, or the problem that made it unreadable."""
        try:
            out: list[Result] = list(self.read(unit))
        except Unreadable as exc:
            return [Problem(str(exc), line=unit.line, message=unit.message, raw=unit.raw)]
        return out

    def read(self, unit: Unit) -> Iterable[Result]:
        """The records (or raised Unreadable) of one unit."""
        raise NotImplementedError

    def final(self, emitted: list[Record]) -> list[Record]:
        """The whole input's records in input order, given everything `feed` emitted (default: just that).

        The reader keeps nothing of what it emitted itself: a live connector feeds it for days.
        """
        return emitted


class XReader(Reader):
    """X API v2 lines: posts through the edit/delete timeline; error objects are problems."""

    def __init__(self, ctx: Context) -> None:
        """A fresh reader: no state from any other input."""
        super().__init__(ctx)
        self.timeline = Timeline()
        self.disconnected = False

    def read(self, unit: Unit) -> Iterator[Result]:
        """The records (or raised Unreadable) of one unit."""
        for item in parse_line(unit.raw):
            if isinstance(item, StreamError):
                self.disconnected = self.disconnected or item.disconnect
                yield Problem(item.error, line=unit.line, raw=unit.raw, from_feed=True)
            elif isinstance(item, (Post, Removal)):
                mention = self.timeline.add(item)
                if mention is not None:
                    yield mention

    def final(self, emitted: list[Record]) -> list[Record]:
        """The whole input's records in input order, after edits, deletions and corrections."""
        return list(self.timeline.mentions())


class MvtReader(Reader):
    """Telexes through the telex log (so a COR replaces the message it corrects)."""

    def __init__(self, ctx: Context) -> None:
        """A fresh reader: no state from any other input."""
        super().__init__(ctx)
        if ctx.near is None:
            raise ValueError("MVT time stamps carry no month: a reference time (Context.near) is needed")
        self.log = TelexLog(ctx.near)

    def read(self, unit: Unit) -> list[OpsEvent]:
        """The records (or raised Unreadable) of one unit."""
        text = unit.raw.decode("utf-8", errors="replace")
        if "\ufffd" in text or not text.isascii():
            raise Unreadable("encoding: a telex is ASCII text")
        return self.log.add(text)

    def final(self, emitted: list[Record]) -> list[Record]:
        """The whole input's records in input order, after edits, deletions and corrections."""
        return [e for slot in self.log.slots for e in slot]


class NasReader(Reader):
    """FAA status documents, each a poll, through the program tracker (start and end events only)."""

    def __init__(self, ctx: Context) -> None:
        """A fresh reader: no state from any other input."""
        super().__init__(ctx)
        self.programs = Programs(ctx.carrier)

    def read(self, unit: Unit) -> list[OpsEvent]:
        """The records (or raised Unreadable) of one unit."""
        return self.programs.observe(parse_status(unit.raw))


class AidxReader(Reader):
    """AIDX notifications; an event already emitted (a repeated notification) is not emitted again."""

    def __init__(self, ctx: Context) -> None:
        """A fresh reader: no state from any other input."""
        super().__init__(ctx)
        self.seen: set[str] = set()

    def read(self, unit: Unit) -> Iterator[OpsEvent]:
        """The records (or raised Unreadable) of one unit."""
        for event in parse_notification(unit.raw, margin_minutes=self.ctx.delay_margin_minutes):
            if event.event_id not in self.seen:
                self.seen.add(event.event_id)
                yield event


@dataclass(frozen=True, slots=True)
class Format:
    """A format's name on the command line, the input topic its records go to, how to cut and read it."""

    name: str
    role: Literal["mentions", "ops"]
    cut: Callable[[bytes], Iterator[Unit]]
    reader: Callable[[Context], Reader]
    summary: str = ""


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "x-v2",
            "mentions",
            units.lines,
            XReader,
            "X API v2 posts: filtered stream lines, search responses, compliance events",
        ),
        Format("mvt", "ops", units.telexes, MvtReader, "IATA AHM 780 MVT / MVA / DIV movement telexes"),
        Format(
            "faa-nas",
            "ops",
            lambda d: units.documents(d, NAS_ROOT),
            NasReader,
            "FAA NAS airport status XML, one document per poll",
        ),
        Format(
            "aidx",
            "ops",
            lambda d: units.documents(d, AIDX_ROOT),
            AidxReader,
            "IATA AIDX IATA_AIDX_FlightLegNotifRQ XML",
        ),
    )
}


@dataclass
class Outcome:
    """A whole input read: its records in input order and every problem, in order."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_all(fmt: Format, data: bytes, ctx: Context) -> Outcome:
    """Read a whole input offline (pure: same bytes and context, same outcome)."""
    reader = fmt.reader(ctx)
    out = Outcome()
    emitted: list[Record] = []
    for unit in fmt.cut(data):
        for r in reader.feed(unit):
            if isinstance(r, Problem):
                out.problems.append(r)
            else:
                emitted.append(r)
    out.records = reader.final(emitted)
    return out
