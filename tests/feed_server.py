"""A local HTTP server for the live-connector tests: serves recorded fixtures on 127.0.0.1, real HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ioc_stream.kafka.broker import free_port

#: (status, body chunks, keep the connection open with keep-alives afterwards)
Reply = tuple[int, list[bytes], bool]


class FeedServer:
    """Answers each GET with the next reply of `replies(path, headers, n)`; records every request.

    Start with `with FeedServer(...) as server:`; leaving stops it and ends any held-open stream."""

    def __init__(self, replies: Callable[[str, dict[str, str], int], Reply]) -> None:
        self.replies, self.port = replies, free_port()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.stopping = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # the body ends when the connection closes, as a dropped stream does

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                outer.requests.append((self.path, headers))
                status, chunks, hold = outer.replies(self.path, headers, len(outer.requests))
                self.send_response(status)
                self.send_header(
                    "Content-Type", "application/json" if b"{" in b"".join(chunks[:1]) else "application/xml"
                )
                self.end_headers()
                try:
                    for chunk in chunks:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                    while hold and not outer.stopping.wait(0.2):
                        self.wfile.write(b"\r\n")  # the stream's keep-alive
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        time.sleep(0.3)
        self.httpd.shutdown()
        self.httpd.server_close()
