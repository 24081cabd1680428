"""Which partition a state key lands on, computed exactly as the Kafka producer's default partitioner does."""

from __future__ import annotations

import struct
from functools import lru_cache

_M = 0x5BD1E995
_MASK = 0xFFFFFFFF
_WORDS = struct.Struct("<I")


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 hash of `data` (its Java client's `Utils.murmur2`), as an unsigned 32-bit number."""
    length = len(data)
    h = (0x9747B28C ^ length) & _MASK
    body = length - length % 4
    for (k,) in _WORDS.iter_unpack(data[:body]):
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = ((h * _M) & _MASK) ^ k
    tail = length - body
    if tail == 3:
        h ^= data[body + 2] << 16
    if tail >= 2:
        h ^= data[body + 1] << 8
    if tail >= 1:
        h = ((h ^ data[body]) * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    return h ^ (h >> 15)


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
