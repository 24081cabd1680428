"""The Faust seam's contract: the pinned release, and every Faust internal kafka/faust_seam.py relies on.

A Faust (or aiokafka) upgrade that renames, drops or rewrites one of them fails here, by name, before
the worker can misbehave silently; kafka/faust_seam.py is the one module to read and adapt then.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib
import inspect
import re
import tempfile
import tomllib
from importlib.metadata import version
from pathlib import Path

import aiokafka
import pytest

from ioc_stream.kafka import faust_seam
from ioc_stream.kafka.faust_seam import (
    FAUST_VERSION,
    PRIVATE_ATTRIBUTES,
    UPSTREAM_SOURCES,
    BatchApp,
    RocksStore,
    table_store,
)

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_faust_is_the_release_the_seam_was_read_from():
    assert version("faust-streaming") == FAUST_VERSION


def test_pyproject_pins_that_release_exactly():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"faust-streaming=={FAUST_VERSION}" in deps


@pytest.mark.parametrize("path", sorted(UPSTREAM_SOURCES))
def test_upstream_code_the_seam_builds_on_is_unchanged(path):
    module, owner, name = path.rsplit(".", 2)
    source = inspect.getsource(getattr(getattr(importlib.import_module(module), owner), name))
    assert hashlib.sha256(source.encode()).hexdigest() == UPSTREAM_SOURCES[path], (
        f"{path} changed upstream: re-read it against kafka/faust_seam.py, then record its new hash"
    )


def _owners() -> dict[str, object]:
    """One live object per owner named in PRIVATE_ATTRIBUTES (built, never started: no broker needed)."""

    async def build() -> dict[str, object]:
        app = BatchApp("seam-contract", broker="kafka://127.0.0.1:9", web_enabled=False, datadir=tmp)
        consumer = app.consumer
        thread = consumer._new_consumer_thread()
        table = app.Table("contract", partitions=1, key_type=bytes, value_type=bytes)
        return {
            "faust RocksDB store": RocksStore(table_store("rocksdb://"), app, table),
            "faust.App": app,
            "faust Consumer (aiokafka driver)": consumer,
            "faust AIOKafkaConsumerThread": thread,
            "faust Producer (aiokafka driver)": app.producer,
            "aiokafka.AIOKafkaConsumer": aiokafka.AIOKafkaConsumer(bootstrap_servers="127.0.0.1:9"),
        }

    with tempfile.TemporaryDirectory() as tmp:  # the RocksDB store makes its backup folder on creation
        return asyncio.run(build())


def test_every_private_attribute_the_seam_uses_still_exists():
    owners = _owners()
    assert set(owners) == set(PRIVATE_ATTRIBUTES)
    missing = [
        f"{owner}.{name}"
        for owner, names in PRIVATE_ATTRIBUTES.items()
        for name in names
        if not hasattr(owners[owner], name)
    ]
    assert not missing, f"Faust internals gone: {missing}"


def test_the_seam_lists_every_private_attribute_it_touches():
    """Nothing private is used in kafka/faust_seam.py without being listed (and so checked) above."""
    source = inspect.getsource(faust_seam)
    used = set(re.findall(r"\.(_[a-z][a-z_]+)\b", source))
    listed = {name for names in PRIVATE_ATTRIBUTES.values() for name in names}
    assert used <= listed, f"unlisted private attributes: {sorted(used - listed)}"


def test_no_other_module_touches_faust_internals():
    """Outside the seam, ioc_stream reaches the Faust app, its consumer and producer by public names only."""
    private = re.compile(r"\b(app|consumer|producer|fetcher|transport)\._[a-z]")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "ioc_stream").rglob("*.py")
        if path.name != "faust_seam.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if private.search(line)
    ]
    assert not offenders


def test_the_rocksdb_store_writes_outside_a_stream_event_where_the_changelog_record_goes(tmp_path):
    """Faust's RocksDB store takes a write's partition from the current stream event, which the batch path
    has none of (it fails there); RocksStore puts it in the database of the key's changelog partition."""
    from ioc_stream.pipeline.partitions import partition_for

    async def write() -> dict[int, bytes | None]:
        app = BatchApp("seam-rocks", broker="kafka://127.0.0.1:9", web_enabled=False, datadir=tmp_path)
        table = app.Table("state", partitions=4, use_partitioner=True, key_type=bytes, value_type=bytes)
        store = RocksStore(table_store("rocksdb://"), app, table)
        for key in (b"F:AA1", b"F:AA2", b"S:DFW"):
            store[key] = b"v-" + key
        return {p: [k for k in db.keys() if not k.startswith(b"__faust")] for p, db in store._dbs.items()}

    by_partition = asyncio.run(write())
    want: dict[int, list[bytes]] = {}
    for key in (b"F:AA1", b"F:AA2", b"S:DFW"):
        want.setdefault(partition_for(key, 4), []).append(key)
    assert {p: sorted(keys) for p, keys in by_partition.items()} == {p: sorted(k) for p, k in want.items()}
