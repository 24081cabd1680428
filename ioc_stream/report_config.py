"""Where the reports go and read from: the SMTP relay, the chat webhook, the live API for the daily pulse."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr


class SmtpConfig(BaseModel):
    """IOC_REPORT__SMTP__HOST=smtp.example.com, __USERNAME, __PASSWORD, __RECIPIENTS='["ioc-exec@example.com"]'."""

    host: str | None = Field(default=None, description="No host: no e-mail")
    port: int = 587
    starttls: bool = Field(
        default=True, description="Upgrade with STARTTLS before anything else is said (credentials never go in clear)"
    )
    cafile: str | None = Field(
        default=None, description="CA bundle to verify the relay's certificate (default: the system's)"
    )
    username: str | None = None
    password: SecretStr | None = None
    sender: str = "ioc-stream@localhost"
    recipients: list[str] = Field(default_factory=list)
    timeout_s: float = 30.0


class WebhookConfig(BaseModel):
    """IOC_REPORT__WEBHOOK__URL=https://hooks.example.com/... (a secret: its URL holds a token), __STYLE=slack|teams."""

    url: SecretStr | None = Field(default=None, description="No URL: no chat post")
    style: Literal["slack", "teams"] = "slack"
    timeout_s: float = 10.0


class ReportConfig(BaseModel):
    """The daily pulse's delivery; with no files given it reads the live API (a bridge token is enough)."""

    api_url: str = "http://127.0.0.1:8080"
    api_token: SecretStr | None = None
    smtp: SmtpConfig = SmtpConfig()
    webhook: WebhookConfig = WebhookConfig()
    top: int = Field(default=5, ge=1, le=20, description="Topics, flights, stations and alerts listed")
    attempts: int = Field(default=3, ge=1, le=10, description="Tries per channel on a transient failure")
    daily_at: str | None = Field(
        default=None,
        pattern=r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
        description='Send the pulse from inside the API process every day at this time ("07:00", in `daily_tz`); '
        "none (the default): the API sends nothing, a CronJob runs `report pulse --send` instead",
    )
    daily_tz: str = Field(default="UTC", description="The zone of `daily_at` (IANA name)")
