"""Which partition a state key lands on, computed exactly as the Kafka producer's default partitioner does."""

from __future__ import annotations

from functools import lru_cache

from aiokafka.partitioner import murmur2


def partition_for(key: str | bytes, partitions: int) -> int:
    """The partition the default (murmur2) partitioner picks for `key` among `partitions`."""
    raw = key.encode() if isinstance(key, str) else key
    return (murmur2(raw) & 0x7FFFFFFF) % partitions


@lru_cache(maxsize=256)
def watermark_key(partition: int, partitions: int) -> str:
    """A table key that hashes onto `partition`, under which that partition's watermark is kept.

    Keys starting with "W:" never collide with state keys ("F:..." / "S:...").
    """
    i = 0
    while partition_for(f"W:{i}", partitions) != partition:
        i += 1
    return f"W:{i}"


def is_watermark_key(key: str) -> bool:
    """True for the bookkeeping keys made by watermark_key()."""
    return key.startswith("W:")
