"""Real servers on 127.0.0.1 for the delivery tests: an SMTP relay (aiosmtpd) that requires STARTTLS and
authentication, with a throwaway self-signed certificate, and a webhook receiver (http.server)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ioc_stream.kafka.broker import free_port

USER, PASSWORD = "pulse-bot", "s3cret-pass"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """(certificate, key) PEM files for 127.0.0.1 and localhost, valid for a day, signed by their own key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ioc-stream test relay")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "relay.pem", folder / "relay.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    tls: bool
    user: str | None


@dataclass
class Relay:
    """An SMTP relay on loopback: STARTTLS required before AUTH and MAIL, PLAIN/LOGIN against USER/PASSWORD."""

    folder: Path
    port: int = field(default_factory=free_port)
    mail: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    sessions: set[int] = field(default_factory=set)  # the SMTP sessions that tried to log in

    @property
    def cafile(self) -> str:
        return str(self.cert)

    def __enter__(self) -> Relay:
        # aiosmtpd logs each session; kept to itself (an earlier CLI test may have left a handler on a closed stream)
        self._log = logging.getLogger("mail.log")
        self._propagate, self._log.propagate = self._log.propagate, False
        self.cert, key = self_signed(self.folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, key)
        relay = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                msg = message_from_bytes(envelope.original_content, policy=policy.default)
                relay.mail.append(
                    Received(
                        envelope.mail_from,
                        list(envelope.rcpt_tos),
                        msg,
                        session.ssl is not None,
                        session.auth_data.login.decode() if session.authenticated else None,
                    )
                )
                return "250 OK"

        def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == USER.encode()
                and auth_data.password == PASSWORD.encode()
            )
            relay.logins.append(auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?")
            relay.sessions.add(id(session))
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        self.controller = Controller(
            Handler(),
            hostname="127.0.0.1",
            port=self.port,
            tls_context=context,
            require_starttls=True,
            authenticator=authenticate,
            auth_require_tls=True,
            auth_required=True,
        )
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
        self._log.propagate = self._propagate


class Webhook:
    """A chat webhook on loopback: records each POST (path, JSON body); answers the statuses given, then 200."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.statuses, self.posts = list(statuses or []), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.posts.append((self.path, self.headers.get("Content-Type"), json.loads(body)))
                status = outer.statuses.pop(0) if outer.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}/services/T0/B0/token-xyz"

    def __enter__(self) -> Webhook:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
