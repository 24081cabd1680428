"""The one place Kafka clients (aiokafka and Faust) get their connection settings from, SASL/TLS included."""

from __future__ import annotations

import ssl
from typing import Any

from ioc_stream.config import KafkaConfig


def ssl_context(kafka: KafkaConfig) -> ssl.SSLContext | None:
    """A TLS context for SSL / SASL_SSL (CA, optional client cert), else None."""
    if kafka.security_protocol not in ("SSL", "SASL_SSL"):
        return None
    ctx = ssl.create_default_context(cafile=kafka.ssl_cafile)
    if kafka.ssl_certfile:
        ctx.load_cert_chain(kafka.ssl_certfile, kafka.ssl_keyfile)
    return ctx


def client_kwargs(k: KafkaConfig, role: str = "") -> dict[str, Any]:
    """Keyword arguments for an aiokafka client (producer, consumer, admin); `role` suffixes the client id."""
    client_id = f"{k.client_id}-{role}" if role else k.client_id
    kw: dict[str, Any] = {
        "bootstrap_servers": k.bootstrap,
        "client_id": client_id,
        "security_protocol": k.security_protocol,
    }
    ctx = ssl_context(k)
    if ctx is not None:
        kw["ssl_context"] = ctx
    if k.sasl_mechanism:
        kw["sasl_mechanism"] = k.sasl_mechanism
        kw["sasl_plain_username"] = k.sasl_username
        kw["sasl_plain_password"] = k.sasl_password.get_secret_value() if k.sasl_password else None
    return kw


def faust_credentials(kafka: KafkaConfig) -> Any:
    """Faust `broker_credentials` for the configured security protocol (None for PLAINTEXT)."""
    import faust

    ctx = ssl_context(kafka)
    if kafka.sasl_mechanism:
        password = kafka.sasl_password.get_secret_value() if kafka.sasl_password else ""
        return faust.SASLCredentials(
            username=kafka.sasl_username or "",
            password=password,
            mechanism=kafka.sasl_mechanism,
            ssl_context=ctx,
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None


def faust_broker_url(kafka: KafkaConfig) -> str:
    """Faust's broker URL(s): "kafka://h1:9092;kafka://h2:9092"."""
    return ";".join(f"kafka://{host.strip()}" for host in kafka.bootstrap.split(",") if host.strip())
