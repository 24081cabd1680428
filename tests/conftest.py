"""Shared fixtures: a real embedded broker per test session (never a mock of Kafka)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ioc_stream.kafka.broker import EmbeddedBroker


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """One Tansu broker on a free loopback port for the whole session; topics are per-test (prefix)."""
    log = tmp_path_factory.mktemp("broker") / "broker.log"
    with EmbeddedBroker(log_path=log) as b:
        yield b


@pytest.fixture
def ns(broker: EmbeddedBroker, tmp_path):
    """A test's own topics (created) and consumer group on the session broker; its workers die with it."""
    from stream_helpers import Namespace

    n = Namespace(broker.bootstrap, tmp_path)
    n.create_topics()
    yield n
    n.close()
