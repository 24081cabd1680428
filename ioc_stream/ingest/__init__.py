"""Native feeds in: X API v2 posts, IATA MVT/DIV telexes, FAA NAS airport status and IATA AIDX, as our contracts.

Pure parsers (bytes or text in, models or problems out; no I/O, no clock) sit beside the thin I/O
that reads files, polls and streams over HTTP, and produces to Kafka. `formats.FORMATS` lists them.
"""

from __future__ import annotations
