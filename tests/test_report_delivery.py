"""The daily pulse delivered for real: through an SMTP relay on loopback (STARTTLS, credentials, a self-signed
certificate made here) and a webhook receiver on loopback, the message content checked at the other end."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from loopback_mail import PASSWORD, USER, Relay, Webhook
from pydantic import SecretStr

from ioc_stream.backoff import Backoff
from ioc_stream.config import KafkaConfig, Settings, TopicsConfig
from ioc_stream.enrich import enrich
from ioc_stream.kafka.broker import free_port
from ioc_stream.report_config import ReportConfig, SmtpConfig, WebhookConfig
from ioc_stream.reports.delivery import DeliveryError, post_webhook, send_email
from ioc_stream.reports.pulse import PulseBuckets
from ioc_stream.reports.pulse_message import digest, message, webhook_payload
from ioc_stream.serve.app import create_app
from ioc_stream.serve.daily import next_run
from ioc_stream.serve.embedded import EmbeddedApi
from ioc_stream.serve.samples import sample_alerts, sample_mentions

NOW = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
FAST = Backoff(initial=0.01, maximum=0.02)


@pytest.fixture(scope="module")
def pulse_digest():
    buckets = PulseBuckets()
    for m in sample_mentions(NOW, 300):
        buckets.add(enrich(m, "AA"), NOW)
    alerts = sample_alerts(NOW)
    return digest(buckets.summary(NOW, alerts), alerts)


@pytest.fixture
def relay(tmp_path):
    with Relay(tmp_path) as r:
        yield r


def smtp(relay: Relay, **kw) -> SmtpConfig:
    return SmtpConfig(
        **{
            "host": "127.0.0.1",
            "port": relay.port,
            "cafile": relay.cafile,
            "username": USER,
            "password": SecretStr(PASSWORD),
            "sender": "ioc-stream@ops.example.com",
            "recipients": ["exec@example.com", "ioc-leads@example.com"],
            "timeout_s": 5,
            **kw,
        }
    )


def test_the_pulse_arrives_by_email_over_starttls_with_credentials(relay, pulse_digest) -> None:
    mail = message(pulse_digest)
    send_email(mail.email("ioc-stream@ops.example.com", ["exec@example.com", "ioc-leads@example.com"]), smtp(relay))
    (got,) = relay.mail
    assert got.tls and got.user == USER and got.sender == "ioc-stream@ops.example.com"
    assert got.recipients == ["exec@example.com", "ioc-leads@example.com"]
    msg = got.message
    assert msg["Subject"] == mail.subject and msg["Subject"].startswith("Social Pulse 20 Nov 2026: ")
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Hot topics: delay" in text and "Top flights: AA1019" in text and "Top stations:" in text
    assert "P1 AA2390 diversion, OPEN: 3 passengers report a diversion of AA2390" in text
    assert "P1 AA402 medical, CONFIRMED, passengers 14 min ahead of ops" in text  # lead time of a confirmed alert
    assert "lead time p50" in text and "first acknowledgement p50 2 min" in text
    assert "<h2 style='margin:0'>Social Pulse 20 Nov 2026</h2>" in html and "AA2390 diversion" in html


def test_a_wrong_password_fails_at_once_and_is_not_retried(relay, pulse_digest) -> None:
    mail = message(pulse_digest).email("a@example.com", ["b@example.com"])
    with pytest.raises(DeliveryError, match="SMTPAuthenticationError"):
        send_email(mail, smtp(relay, password=SecretStr("wrong")), attempts=3, backoff=FAST)
    assert len(relay.sessions) == 1 and set(relay.logins) == {USER} and relay.mail == []  # smtplib tries PLAIN, LOGIN


def test_an_untrusted_certificate_stops_before_any_credential_is_sent(relay, pulse_digest) -> None:
    mail = message(pulse_digest).email("a@example.com", ["b@example.com"])
    with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
        send_email(mail, smtp(relay, cafile=None), attempts=3, backoff=FAST)  # the system's CAs do not know it
    assert relay.logins == [] and relay.mail == []


def test_credentials_are_never_sent_without_starttls(relay, pulse_digest) -> None:
    mail = message(pulse_digest).email("a@example.com", ["b@example.com"])
    with pytest.raises(DeliveryError, match="without STARTTLS"):
        send_email(mail, smtp(relay, starttls=False))
    with pytest.raises(DeliveryError, match="no IOC_REPORT__SMTP__HOST"):
        send_email(mail, SmtpConfig())
    assert relay.logins == []


def test_a_relay_that_is_down_is_retried_then_reported(pulse_digest) -> None:
    from ioc_stream.kafka.broker import free_port

    mail = message(pulse_digest).email("a@example.com", ["b@example.com"])
    with pytest.raises(DeliveryError, match="ConnectionRefusedError"):
        send_email(
            mail, SmtpConfig(host="127.0.0.1", port=free_port(), recipients=["b@example.com"]), attempts=2, backoff=FAST
        )


@pytest.mark.parametrize("style", ["slack", "teams"])
def test_the_pulse_is_posted_to_a_chat_webhook(pulse_digest, style) -> None:
    with Webhook() as hook:
        post_webhook(
            webhook_payload(pulse_digest, style), WebhookConfig(url=SecretStr(hook.url), style=style, timeout_s=5)
        )
    ((path, content_type, body),) = hook.posts
    assert path == "/services/T0/B0/token-xyz" and content_type == "application/json"
    if style == "slack":
        assert body["text"].startswith("Social Pulse 20 Nov 2026: ")
        assert body["blocks"][0] == {
            "type": "header",
            "text": {"type": "plain_text", "text": "Social Pulse 20 Nov 2026"},
        }
        alerts = body["blocks"][-1]["text"]["text"]
        assert (
            alerts.startswith("*Alerts*\n• P1 AA2390 diversion, OPEN")
            and body["blocks"][-1]["text"]["type"] == "mrkdwn"
        )
    else:
        attachment = body["attachments"][0]
        assert body["type"] == "message" and attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        card = attachment["content"]
        assert card["type"] == "AdaptiveCard" and card["body"][0]["text"] == "Social Pulse 20 Nov 2026"
        facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
        assert [f["title"] for f in facts] == ["Hot topics", "Top flights", "Top stations"]
        assert any(b.get("text", "").startswith("• P1 AA2390 diversion") for b in card["body"])


def test_slack_text_is_escaped() -> None:
    from ioc_stream.reports.pulse_message import Digest

    d = Digest(
        title="T",
        window="w",
        mentions=1,
        open_alerts=0,
        figures=("1 mentions",),
        lists=(("Hot topics", ()),),
        alerts=("P1 AA1 delay, OPEN: <!channel> & <http://x|click>",),
    )
    text = webhook_payload(d, "slack")["blocks"][-1]["text"]["text"]
    assert "&lt;!channel&gt; &amp; &lt;http://x|click&gt;" in text and "<!channel>" not in text


def test_a_webhook_error_is_retried_when_transient_and_never_shows_the_url(pulse_digest) -> None:
    payload = webhook_payload(pulse_digest, "slack")
    with Webhook([503, 200]) as hook:
        post_webhook(payload, WebhookConfig(url=SecretStr(hook.url)), attempts=3, backoff=FAST)
        assert len(hook.posts) == 2
    with Webhook([404]) as hook:
        with pytest.raises(DeliveryError) as failed:
            post_webhook(payload, WebhookConfig(url=SecretStr(hook.url)), attempts=3, backoff=FAST)
        assert len(hook.posts) == 1 and "HTTP 404" in str(failed.value) and "token-xyz" not in str(failed.value)


# --- the daily pulse sent from inside the API ---------------------------------------------------------


def test_next_run_is_the_next_local_time_of_day_across_midnight_and_dst() -> None:
    chicago = ZoneInfo("America/Chicago")
    evening = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 17:30 in Chicago
    assert next_run(evening, "07:00", chicago) == datetime(2026, 11, 21, 7, 0, tzinfo=chicago)
    assert next_run(evening, "17:30", chicago) == datetime(2026, 11, 21, 17, 30, tzinfo=chicago)  # not now: next
    assert next_run(evening, "23:45:30", UTC) == datetime(2026, 11, 20, 23, 45, 30, tzinfo=UTC)
    before_dst_ends = datetime(2026, 10, 31, 20, 0, tzinfo=UTC)  # Chicago leaves daylight time on 1 Nov
    due = next_run(before_dst_ends, "07:00", chicago)
    assert due == datetime(2026, 11, 1, 7, 0, tzinfo=chicago) and due.utcoffset() == timedelta(hours=-6)


def test_the_api_sends_the_daily_pulse_itself_at_the_time_set(tmp_path) -> None:
    # the API with no broker to read from: its view is filled in place, as the Kafka consumer would
    now = datetime.now(UTC)
    with Relay(tmp_path) as relay, Webhook() as hook:
        report = ReportConfig(
            smtp=smtp(relay, recipients=["exec@example.com"]),
            webhook=WebhookConfig(url=SecretStr(hook.url)),
            daily_at=(now + timedelta(seconds=5)).strftime("%H:%M:%S"),
        )
        settings = Settings(
            kafka=KafkaConfig(bootstrap=f"127.0.0.1:{free_port()}"),
            topics=TopicsConfig(prefix="nowhere."),
            report=report,
        )
        with EmbeddedApi(settings, {"bridge-token-daily": "bridge:wall"}) as api:
            for a in sample_alerts(now):
                api.app.state.store.upsert(a)
            for m in sample_mentions(now - timedelta(minutes=1), 120):
                api.app.state.pulse.add(enrich(m, "AA"), now)
            deadline = time.monotonic() + 25
            while not (relay.mail and hook.posts) and time.monotonic() < deadline:
                time.sleep(0.1)
            sent = api.app.state.daily.sent
            mentions = api.app.state.pulse.summary(datetime.now(UTC), []).mentions
        (mail,) = relay.mail
        assert mail.tls and mail.recipients == ["exec@example.com"]
        text = mail.message.get_body(("plain",)).get_content()
        assert mail.message["Subject"].startswith(f"Social Pulse {now:%d %b %Y}: ")
        assert f"\n{mentions:,} mentions (" in text.replace("\r\n", "\n") and "P1 AA2390 diversion, OPEN" in text
        ((_, _, slack),) = hook.posts
        assert slack["blocks"][0]["text"]["text"] == f"Social Pulse {now:%d %b %Y}"
        assert [results for _, results in sent] == [{"e-mail": None, "webhook": None}]


def test_the_api_sends_no_pulse_unless_told_to() -> None:
    settings = Settings(kafka=KafkaConfig(bootstrap=f"127.0.0.1:{free_port()}"), topics=TopicsConfig(prefix="nowhere."))
    assert create_app(settings, {}, kafka=False).state.daily is None
