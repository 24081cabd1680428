"""The API on a background thread (uvicorn, loopback, free port): for the demo, tests and screenshots."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import httpx
import uvicorn

from ioc_stream.config import Settings
from ioc_stream.kafka.broker import free_port
from ioc_stream.serve.app import create_app


@dataclass
class EmbeddedApi:
    """`ioc-stream api` in-process; `start()` returns once it listens, `wait_ready()` once caught up."""

    settings: Settings
    tokens: dict[str, str] | None = None
    port: int = field(default_factory=free_port)
    heartbeat_s: float = 15.0
    server: uvicorn.Server | None = None
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def app(self):
        return self.server.config.app

    def start(self, timeout: float = 30.0) -> EmbeddedApi:
        """Serve on 127.0.0.1:port from a daemon thread."""
        app = create_app(self.settings, self.tokens, heartbeat_s=self.heartbeat_s)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"ioc-api-{self.port}", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"API did not start on {self.url}")
            time.sleep(0.02)
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Block until /readyz says the view has caught up with Kafka."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if httpx.get(f"{self.url}/readyz").status_code == 200:
                return
            time.sleep(0.05)
        raise TimeoutError(f"API not ready within {timeout}s: {httpx.get(f'{self.url}/readyz').text}")

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(10)

    def __enter__(self) -> EmbeddedApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def send(bootstrap: str, topic: str, records: list[tuple[str, bytes]]) -> None:
    """Produce (key, value) records and wait for the broker's acks (for demos, screenshots and tests)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from aiokafka import AIOKafkaProducer

    async def main() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
        await producer.start()
        try:
            await asyncio.gather(*[await producer.send(topic, value, key=key.encode()) for key, value in records])
        finally:
            await producer.stop()

    # on its own thread: callers may already run an event loop (Playwright's sync API does)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(lambda: asyncio.run(main())).result()
