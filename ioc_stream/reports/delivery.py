"""Sending a report: e-mail through an SMTP relay (STARTTLS before credentials), chat through a webhook (HTTP POST).

Each channel is tried `attempts` times on a transient failure (connection trouble, SMTP 4xx, HTTP 5xx or 429),
with the connectors' backoff between tries; a permanent refusal (bad credentials, 4xx) fails at once.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any, TypeVar

import httpx

from ioc_stream.backoff import Backoff
from ioc_stream.report_config import ReportConfig, SmtpConfig, WebhookConfig
from ioc_stream.reports.pulse_message import Digest, message, webhook_payload

T = TypeVar("T")


class DeliveryError(RuntimeError):
    """A channel could not deliver; says which and why."""


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, ssl.SSLError):  # an untrusted certificate stays untrusted
        return False
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError | OSError | httpx.TransportError)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, httpx.HTTPStatusError):  # its text would name the URL, and a webhook URL is a secret
        return f"HTTP {exc.response.status_code} {exc.response.reason_phrase}"
    return f"{type(exc).__name__}: {exc}"


def with_retries(
    what: str, attempt: Callable[[], T], attempts: int, backoff: Backoff, sleep: Callable[[float], None] = time.sleep
) -> T:
    """`attempt()`, again after a transient failure (at most `attempts` tries); DeliveryError when it gives up."""
    for n in range(1, attempts + 1):
        try:
            return attempt()
        except (smtplib.SMTPException, OSError, httpx.HTTPError) as exc:
            if not _transient(exc) or n == attempts:
                raise DeliveryError(f"{what}: {_describe(exc)}") from None
            sleep(backoff.next())
    raise AssertionError("unreachable")


def tls_context(cafile: str | None) -> ssl.SSLContext:
    """Certificate and host name verified, against `cafile` when given (a private relay), else the system's CAs."""
    return ssl.create_default_context(cafile=cafile)


def send_email(msg: EmailMessage, config: SmtpConfig, attempts: int = 3, backoff: Backoff | None = None) -> None:
    """Deliver `msg` to `config.recipients` through the relay; credentials only once the connection is encrypted."""
    if not config.host or not config.recipients:
        raise DeliveryError("e-mail: no IOC_REPORT__SMTP__HOST or no recipients")
    host = config.host
    if config.username and not config.starttls:
        raise DeliveryError("e-mail: refusing to send SMTP credentials without STARTTLS")

    def attempt() -> None:
        with smtplib.SMTP(host, config.port, timeout=config.timeout_s) as smtp:
            smtp.ehlo()
            if config.starttls:
                smtp.starttls(context=tls_context(config.cafile))
                smtp.ehlo()
            if config.username:
                smtp.login(config.username, config.password.get_secret_value() if config.password else "")
            smtp.send_message(msg, from_addr=config.sender, to_addrs=config.recipients)

    with_retries(
        f"e-mail via {config.host}:{config.port}", attempt, attempts, backoff or Backoff(initial=1.0, maximum=30.0)
    )


def post_webhook(
    payload: dict[str, Any], config: WebhookConfig, attempts: int = 3, backoff: Backoff | None = None
) -> None:
    """POST `payload` as JSON to the webhook; any 2xx is delivered."""
    if config.url is None:
        raise DeliveryError("webhook: no IOC_REPORT__WEBHOOK__URL")
    url = config.url.get_secret_value()

    def attempt() -> None:
        with httpx.Client(timeout=config.timeout_s) as client:
            client.post(url, json=payload).raise_for_status()

    with_retries(f"webhook on {httpx.URL(url).host}", attempt, attempts, backoff or Backoff(initial=1.0, maximum=30.0))


def channels(d: Digest, config: ReportConfig) -> list[tuple[str, Callable[[], None]]]:
    """The channels configured for the pulse `d`: ("e-mail", send it) when an SMTP host is set, ("webhook", post
    it) when a webhook URL is."""
    out: list[tuple[str, Callable[[], None]]] = []
    smtp, hook = config.smtp, config.webhook
    if smtp.host:
        mail = message(d).email(smtp.sender, smtp.recipients)
        out.append(("e-mail", lambda: send_email(mail, smtp, config.attempts)))
    if hook.url:
        out.append(("webhook", lambda: post_webhook(webhook_payload(d, hook.style), hook, config.attempts)))
    return out


def deliver(d: Digest, config: ReportConfig) -> dict[str, str | None]:
    """Send the pulse on every configured channel (one failing does not keep the other from delivering):
    channel -> None when delivered, else why not."""
    results: dict[str, str | None] = {}
    for name, send in channels(d, config):
        try:
            send()
            results[name] = None
        except DeliveryError as exc:
            results[name] = str(exc)
    return results
