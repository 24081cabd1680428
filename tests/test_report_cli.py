"""`ioc-stream report weekly` and `report pulse`: JSONL files (or the live API) in; figures, pages, deliveries out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from loopback_mail import PASSWORD, USER, Relay, Webhook
from scorecard_week import ALERTS, EXPECTED, EXPECTED_STORIES, MENTIONS, WEEK
from typer.testing import CliRunner

from ioc_stream.cli import app
from ioc_stream.config import KafkaConfig, Settings, TopicsConfig, get_settings
from ioc_stream.enrich import enrich
from ioc_stream.kafka.broker import free_port
from ioc_stream.serve.embedded import EmbeddedApi
from ioc_stream.serve.samples import sample_alerts, sample_mentions


def run(*args: str, env: dict[str, str] | None = None):
    get_settings.cache_clear()  # the settings of this command's environment
    try:
        return CliRunner().invoke(app, list(args), env=env)
    finally:
        get_settings.cache_clear()


def write_jsonl(path, rows) -> str:
    path.write_text("".join(r.model_dump_json() + "\n" for r in rows))
    return str(path)


def test_weekly_json_figures_are_the_hand_computed_ones_and_the_page_is_written(tmp_path) -> None:
    mentions = write_jsonl(tmp_path / "m.jsonl", MENTIONS)
    alerts = tmp_path / "a.jsonl"
    write_jsonl(alerts, ALERTS)
    alerts.write_text(alerts.read_text() + "{broken\n")
    out, page = tmp_path / "w.json", tmp_path / "w.html"
    result = run(
        "report",
        "weekly",
        "--week",
        WEEK,
        "--mentions",
        mentions,
        "--alerts",
        str(alerts),
        "--json",
        str(out),
        "--html",
        str(page),
    )
    assert result.exit_code == 0, result.output
    got = json.loads(out.read_text())
    assert {k: got[k] for k in EXPECTED} == EXPECTED
    assert [s["alert_id"] for s in got["top_stories"]] == EXPECTED_STORIES
    bad_line = json.loads(result.stderr.splitlines()[0])
    assert (bad_line["line"], bad_line["file"]) == (15, str(alerts)) and "Invalid JSON" in bad_line["error"]
    assert "Weekly scorecard 2026-W47" in page.read_text()


def test_weekly_reads_raw_posts_too_and_refuses_a_bad_week(tmp_path) -> None:
    raw = tmp_path / "raw.jsonl"
    raw.write_text(
        json.dumps(
            {
                "id": "r1",
                "platform": "x",
                "author": {"handle": "a"},
                "text": "AA2390 diverted to Tulsa",
                "created_at": "2026-11-18T10:00:00Z",
            }
        )
        + "\n"
    )
    alerts = write_jsonl(tmp_path / "a.jsonl", [])
    out = tmp_path / "w.json"
    assert (
        run(
            "report",
            "weekly",
            "--week",
            WEEK,
            "--mentions",
            str(raw),
            "--alerts",
            alerts,
            "--json",
            str(out),
            "--html",
            str(tmp_path / "w.html"),
        ).exit_code
        == 0
    )
    assert json.loads(out.read_text())["mentions"] == 1
    bad = run("report", "weekly", "--week", "2026-47", "--mentions", str(raw), "--alerts", alerts)
    assert bad.exit_code == 2 and "YYYY-Www" in bad.stderr
    assert (
        run(
            "report", "weekly", "--week", WEEK, "--mentions", str(raw), "--alerts", alerts, "--tz", "Mars/Base"
        ).exit_code
        == 2
    )


@pytest.fixture
def night(tmp_path):
    """Posts and alert versions of a night ending 20 Nov 2026 13:00Z, as files."""
    now = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
    mentions = write_jsonl(tmp_path / "m.jsonl", [enrich(m, "AA") for m in sample_mentions(now, 300)])
    return mentions, write_jsonl(tmp_path / "a.jsonl", sample_alerts(now))


def test_pulse_without_send_prints_the_message_of_the_files(night, tmp_path) -> None:
    mentions, alerts = night
    result = run("report", "pulse", "--mentions", mentions, "--alerts", alerts, "--html", str(tmp_path / "p.html"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Social Pulse 20 Nov 2026 (last 24 h: 19 Nov 1")
    assert "P1 AA2390 diversion, OPEN" in result.stdout and "Hot topics: delay" in result.stdout
    assert "<h2" in (tmp_path / "p.html").read_text()
    assert run("report", "pulse", "--mentions", mentions).exit_code == 2  # files go in pairs


def test_pulse_send_delivers_by_email_and_webhook(night, tmp_path) -> None:
    mentions, alerts = night
    with Relay(tmp_path) as relay, Webhook() as hook:
        env = {
            "IOC_REPORT__SMTP__HOST": "127.0.0.1",
            "IOC_REPORT__SMTP__PORT": str(relay.port),
            "IOC_REPORT__SMTP__CAFILE": relay.cafile,
            "IOC_REPORT__SMTP__USERNAME": USER,
            "IOC_REPORT__SMTP__PASSWORD": PASSWORD,
            "IOC_REPORT__SMTP__SENDER": "ioc-stream@ops.example.com",
            "IOC_REPORT__SMTP__RECIPIENTS": '["exec@example.com"]',
            "IOC_REPORT__WEBHOOK__URL": hook.url,
            "IOC_REPORT__WEBHOOK__STYLE": "teams",
        }
        result = run("report", "pulse", "--send", "--mentions", mentions, "--alerts", alerts, env=env)
        assert result.exit_code == 0, result.output
        assert "pulse sent by e-mail" in result.stderr and "pulse sent by webhook" in result.stderr
        (mail,) = relay.mail
        assert mail.tls and mail.user == USER and mail.recipients == ["exec@example.com"]
        assert "P1 AA2390 diversion, OPEN" in mail.message.get_body(("plain",)).get_content()
        ((_, _, card),) = hook.posts
        assert card["attachments"][0]["content"]["body"][0]["text"] == "Social Pulse 20 Nov 2026"
        # one channel failing does not stop the other; the exit code says something failed
        env["IOC_REPORT__SMTP__PASSWORD"] = "wrong"
        failed = run("report", "pulse", "--send", "--mentions", mentions, "--alerts", alerts, env=env)
        assert failed.exit_code == 1 and "SMTPAuthenticationError" in failed.stderr and len(hook.posts) == 2
    nothing = run("report", "pulse", "--send", "--mentions", mentions, "--alerts", alerts)
    assert nothing.exit_code == 2 and "no channel configured" in nothing.stderr


def test_pulse_reads_the_live_api_when_no_files_are_given(tmp_path) -> None:
    # the API with no broker to read from: its view is filled in place, as the Kafka consumer would
    settings = Settings(kafka=KafkaConfig(bootstrap=f"127.0.0.1:{free_port()}"), topics=TopicsConfig(prefix="nowhere."))
    now = datetime.now(UTC)
    with EmbeddedApi(settings, {"bridge-token-pulse1": "bridge:pulse"}) as api:
        for a in sample_alerts(now):
            api.app.state.store.upsert(a)
        for m in sample_mentions(now - timedelta(minutes=1), 120):
            api.app.state.pulse.add(enrich(m, "AA"), now)
        env = {"IOC_REPORT__API_URL": api.url, "IOC_REPORT__API_TOKEN": "bridge-token-pulse1"}
        result = run("report", "pulse", env=env)
        assert result.exit_code == 0, result.output
        mentions = api.app.state.pulse.summary(datetime.now(UTC), []).mentions
        assert f"\n{mentions:,} mentions (" in result.stdout and "P1 AA2390 diversion, OPEN" in result.stdout
        denied = run("report", "pulse", env={**env, "IOC_REPORT__API_TOKEN": "not-a-token"})
        assert denied.exit_code == 2 and "HTTPStatusError" in denied.stderr
