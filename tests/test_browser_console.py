"""The pages in a real Chromium (Debian's, driven by Playwright): live updates, shared actions, untrusted text, roles.

Set IOC_UPDATE_SCREENSHOTS=1 to rewrite docs/console.png, docs/wall.png, docs/pulse.png, docs/author-history.png and
docs/scorecard-page.png from the sample night.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

expect = pytest.importorskip("playwright.sync_api").expect

from ioc_stream.config import KafkaConfig, Settings, TopicsConfig  # noqa: E402 - after the skip when playwright is absent
from ioc_stream.desk_config import DeskConfig  # noqa: E402 - after the skip when playwright is absent
from ioc_stream.models import AlertStatus  # noqa: E402 - after the skip when playwright is absent
from ioc_stream.reports.archive import week_of  # noqa: E402 - after the skip when playwright is absent
from ioc_stream.reports.scorecard import iso_week  # noqa: E402 - after the skip when playwright is absent
from ioc_stream.serve.embedded import EmbeddedApi, send  # noqa: E402 - after the skip when playwright is absent
from ioc_stream.serve.samples import (  # noqa: E402 - after the skip when playwright is absent
    SAMPLE_PROFILES,
    SAMPLE_UNITS,
    sample_alerts,
    sample_connection_risk,
    sample_enriched,
    sample_history,
)

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.kafka,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} absent: `apt-get install chromium` (CI installs it)"
    ),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
TOKENS = {
    "liaison-token-maria": "liaison:maria",
    "liaison-token-joao": "liaison:joao",
    "bridge-token-wall1": "bridge:wall",
}
DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture(scope="module")
def env(broker, tmp_path_factory):
    profiles = tmp_path_factory.mktemp("desk") / "profiles.csv"
    profiles.write_text("loyalty_id,tier\n" + "".join(f"{k},{v}\n" for k, v in SAMPLE_PROFILES.items()))
    settings = Settings(
        kafka=KafkaConfig(bootstrap=broker.bootstrap),
        topics=TopicsConfig(prefix=f"web{uuid.uuid4().hex[:6]}.", partitions=2),
        desk=DeskConfig(units=SAMPLE_UNITS, profiles=str(profiles)),
    )
    alerts_topic = settings.topics.name(settings.topics.alerts)
    with EmbeddedApi(settings, TOKENS) as api:
        api.wait_ready()
        now = datetime.now(UTC)
        send(
            broker.bootstrap,
            settings.topics.name(settings.topics.enriched),
            [(m.id, m.model_dump_json().encode()) for m in [*sample_enriched(now), *sample_history(now)]],
        )
        night = [*sample_alerts(now), sample_connection_risk(now)]
        send(broker.bootstrap, alerts_topic, [(a.alert_id, a.model_dump_json().encode()) for a in night])
        deadline = time.monotonic() + 10
        while (
            httpx.get(f"{api.url}/api/alerts", headers=auth("bridge-token-wall1")).json()["count"] < len(night)
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        yield (
            api,
            lambda alert: send(broker.bootstrap, alerts_topic, [(alert.alert_id, alert.model_dump_json().encode())]),
        )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def open_page(browser, url: str, problems: list[str] | None = None, width: int = 1440, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    if problems is not None:
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    return page


def console(browser, api, token: str, problems=None):
    """The console signed in through its login form (the token then lives in sessionStorage)."""
    page = open_page(browser, f"{api.url}/console", problems)
    page.fill("#token", token)
    page.press("#token", "Enter")
    page.wait_for_selector(".alert-row")
    return page


def fresh_alert(alert_id: str, **update):
    """The first sample alert under a new id, of no unit unless `update` gives one."""
    base = sample_alerts(datetime.now(UTC))[0]
    return base.model_copy(update={"alert_id": alert_id, "unit": None, "units": [], **update})


def test_screenshots_of_console_wall_and_pulse(env, browser, tmp_path) -> None:
    api, _ = env
    out = DOCS if os.environ.get("IOC_UPDATE_SCREENSHOTS") else tmp_path
    problems: list[str] = []
    page = console(browser, api, "liaison-token-maria", problems)
    page.wait_for_selector(".timeline svg circle")
    page.screenshot(path=out / "console.png")
    wall = open_page(browser, f"{api.url}/wall#token=bridge-token-wall1", problems, 1920, 1080)
    wall.wait_for_selector(".card")
    assert wall.locator(".card").count() == 5  # open + escalated only
    assert wall.locator(".card").first.get_attribute("data-p") == "1"
    wall.screenshot(path=out / "wall.png")
    pulse = open_page(browser, f"{api.url}/pulse#token=bridge-token-wall1", problems)
    pulse.wait_for_selector(".chart svg rect")
    assert pulse.locator(".chart.wide svg rect").count() == 24
    pulse.screenshot(path=out / "pulse.png", full_page=True)
    page.click('.post[data-post-id="a-2390-div-p2"] .author')
    page.wait_for_selector('#author [data-testid="history-badge"]')
    page.screenshot(path=out / "author-history.png")
    card = open_page(browser, f"{api.url}/scorecard#token=bridge-token-wall1", problems)
    card.wait_for_selector('[data-testid="mentions"]')
    card.screenshot(path=out / "scorecard-page.png", full_page=True)
    assert problems == []
    for name in ("console", "wall", "pulse", "author-history", "scorecard-page"):
        assert (out / f"{name}.png").stat().st_size > 20_000


def test_alert_from_kafka_appears_in_an_open_console_within_2s(env, browser) -> None:
    api, produce = env
    page = console(browser, api, "liaison-token-maria")
    page.evaluate("window.__sameDocument = true")
    started = time.monotonic()
    produce(
        fresh_alert(
            "a-live-web",
            flight="AA1888",
            explanation="2 passengers report a diversion of AA1888; ops has not reported it.",
        )
    )
    page.wait_for_selector('[data-alert-id="a-live-web"]', timeout=2_000)
    elapsed = time.monotonic() - started
    print(f"alert produced -> visible in the console: {elapsed * 1000:.0f} ms")
    assert elapsed < 2.0
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    assert "AA1888" in page.locator('[data-alert-id="a-live-web"]').inner_text()


def test_ack_in_one_console_shows_in_another(env, browser) -> None:
    api, produce = env
    produce(fresh_alert("a-shared", flight="AA2117", priority=1))
    maria = console(browser, api, "liaison-token-maria")
    joao = console(browser, api, "liaison-token-joao")
    for page in (maria, joao):
        page.click('[data-alert-id="a-shared"]')
        page.wait_for_selector('[data-testid="status"]')
    maria.keyboard.press("a")
    joao.wait_for_selector('[data-alert-id="a-shared"] .chip.acked', timeout=2_000)
    assert "ack maria" in joao.locator('[data-alert-id="a-shared"]').inner_text()
    expect(joao.locator(".detail .facts")).to_contain_text("maria", timeout=2_000)
    # a note typed in joao's console reaches maria's
    joao.keyboard.press("n")
    joao.keyboard.type("Crew scheduling informed")
    joao.keyboard.press("Enter")
    expect(maria.locator(".detail .notes")).to_contain_text("Crew scheduling informed", timeout=2_000)


def test_keyboard_moves_selection_and_focuses_filter(env, browser) -> None:
    api, _ = env
    page = console(browser, api, "liaison-token-maria")
    first = page.locator('.alert-row[aria-selected="true"]').get_attribute("data-alert-id")
    selected = page.locator('.alert-row[aria-selected="true"]')
    page.keyboard.press("j")
    expect(selected).not_to_have_attribute("data-alert-id", first)
    page.keyboard.press("k")
    expect(selected).to_have_attribute("data-alert-id", first)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "filter"
    page.keyboard.type("MIA")
    expect(page.locator(".alert-row")).to_have_count(1)
    assert "AA930" in page.locator(".alert-row").inner_text()


def test_post_text_with_markup_is_shown_as_text_and_runs_nothing(env, browser) -> None:
    api, produce = env
    evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> we are diverting'
    base = fresh_alert("a-xss", flight="AA666")
    evidence = [
        base.evidence[0].model_copy(update={"excerpt": evil, "author": "<b>mallory</b>", "cues": ["<i>cue</i>"]})
    ]
    produce(base.model_copy(update={"evidence": evidence, "explanation": evil, "priority": 1}))
    problems: list[str] = []
    page = console(browser, api, "liaison-token-maria", problems)
    page.click('[data-alert-id="a-xss"]')
    page.wait_for_selector(".post[data-post-id] .text")
    assert page.locator(".post .text").first.inner_text() == evil
    assert page.locator(".detail .why").inner_text() == evil
    assert "@<b>mallory</b>" in page.locator(".post .author").first.inner_text()
    assert page.locator(".detail img, .alerts img, .detail script").count() == 0
    wall = open_page(browser, f"{api.url}/wall#token=bridge-token-wall1", problems)
    wall.wait_for_selector('[data-alert-id="a-xss"]')
    assert wall.locator('[data-alert-id="a-xss"] img').count() == 0
    time.sleep(0.3)
    assert page.evaluate("window.__pwned") is None and wall.evaluate("window.__pwned") is None
    assert problems == []


def test_evidence_shows_how_each_post_reports_and_counted(env, browser) -> None:
    api, produce = env
    base = fresh_alert("a-kinds", flight="AA777")
    first = base.evidence[0]
    relayed = first.model_copy(
        update={"post_id": "p-relay", "report": "relayed", "counted_as": "DIVERSION", "primary_category": "MEDICAL"}
    )
    produce(base.model_copy(update={"evidence": [first, relayed], "category": "DIVERSION", "priority": 1}))
    problems: list[str] = []
    page = console(browser, api, "liaison-token-maria", problems)
    page.click('[data-alert-id="a-kinds"]')
    page.wait_for_selector('.post[data-post-id="p-relay"]')
    relay = page.locator('.post[data-post-id="p-relay"]')
    assert relay.locator('[data-testid="report"]').inner_text() == "relayed"
    assert relay.locator('[data-testid="counted-as"]').inner_text() == "counted as diversion, primary medical"
    assert page.locator(f'.post[data-post-id="{first.post_id}"] [data-testid="counted-as"]').count() == 0
    assert problems == []


def test_an_action_without_the_liaison_role_is_refused(env, browser) -> None:
    api, _ = env
    page = console(browser, api, "bridge-token-wall1")
    page.click('[data-alert-id="a-930-cnx"]')
    page.wait_for_selector('[data-action="ack"][aria-disabled="true"]')
    page.keyboard.press("a")
    toast = page.wait_for_selector('[data-testid="toast"]', timeout=2_000)
    assert "Refused (403)" in toast.inner_text() and "may read but not act" in toast.inner_text()
    alert = httpx.get(f"{api.url}/api/alerts/a-930-cnx", headers=auth("bridge-token-wall1")).json()["alert"]
    assert alert["acked_at"] is None


def test_wall_updates_itself_and_drops_confirmed_alerts(env, browser) -> None:
    api, produce = env
    wall = open_page(browser, f"{api.url}/wall#token=bridge-token-wall1", width=1920, height=1080)
    wall.wait_for_selector(".card")
    alert = fresh_alert("a-wall", flight="AA321", priority=1)
    produce(alert)
    wall.wait_for_selector('[data-alert-id="a-wall"]', timeout=2_000)
    produce(alert.model_copy(update={"version": alert.version + 1, "status": AlertStatus.CONFIRMED}))
    wall.wait_for_selector('[data-alert-id="a-wall"]', state="detached", timeout=2_000)


def test_wrong_token_is_asked_again(env, browser) -> None:
    api, _ = env
    page = open_page(browser, f"{api.url}/console")
    page.fill("#token", "not-a-real-token")
    page.press("#token", "Enter")
    expect(page.locator("#login-error")).to_contain_text("not accepted")
    assert page.locator(".alert-row").count() == 0


@pytest.fixture(scope="module")
def risk(env) -> str:
    """The id of the night's CONNECTION_RISK (it names the leg's departure, so it depends on when the night began)."""
    api, _ = env
    found = httpx.get(f"{api.url}/api/alerts?kind=CONNECTION_RISK", headers=auth("bridge-token-wall1")).json()
    (alert,) = found["alerts"]
    return alert["alert_id"]


def rows(page) -> set[str]:
    return {el.get_attribute("data-alert-id") for el in page.locator(".alert-row").all()}


def test_console_filters_by_unit_and_kind_and_remembers_the_unit(env, browser, risk) -> None:
    api, _ = env
    problems: list[str] = []
    page = console(browser, api, "liaison-token-maria", problems)
    expect(page.locator("#unit option")).to_have_count(4)  # all units, then the three of IOC_DESK__UNITS
    page.select_option("#unit", "ORD narrowbody")
    expect(page.locator(".alert-row")).to_have_count(2)
    assert rows(page) == {"a-1019-tarmac", risk}
    assert (
        "unit=ORD+narrowbody" in page.url and page.get_attribute("#wall-link", "href") == "/wall?unit=ORD%20narrowbody"
    )
    assert page.locator('[data-alert-id="a-1019-tarmac"] [data-testid="unit"]').inner_text() == "ORD narrowbody"
    page.select_option("#kind", "CONNECTION_RISK")
    expect(page.locator(".alert-row")).to_have_count(1)
    page.select_option("#unit", "")
    page.select_option("#status", "all")
    expect(page.locator(".alert-row")).to_have_count(1)
    assert rows(page) == {risk}
    page.select_option("#kind", "")
    page.select_option("#unit", "DFW narrowbody")
    expect(page.locator(".alert-row")).to_have_count(3)  # the CLT surge goes to the unit with CLT as a hub
    assert rows(page) == {"a-2390-div", "a-clt-surge", "a-402-med"}
    again = open_page(browser, f"{api.url}/console?unit=Widebody")  # the token is this tab's: sign in again
    again.fill("#token", "liaison-token-maria")
    again.press("#token", "Enter")
    expect(again.locator(".alert-row")).to_have_count(1)
    assert rows(again) == {"a-930-cnx"} and again.input_value("#unit") == "Widebody"
    assert problems == []


def test_a_connection_risk_shows_what_ops_reported_and_its_leg(env, browser, risk) -> None:
    api, _ = env
    page = console(browser, api, "liaison-token-maria")
    page.click(f'[data-alert-id="{risk}"]')
    expect(page.locator(".detail .why")).to_contain_text("connection at risk: group of 40 (Lincoln HS band)")
    facts = page.locator(".detail .facts").inner_text()
    assert "OPS REPORTED" in facts.upper() and "connection risk" in facts and "ORD→DFW" in facts and "738" in facts
    assert "ORD narrowbody" in facts and "AUTHORS" not in facts.upper()
    expect(page.locator(".detail")).to_contain_text("No posts: the ops feed alone raised it.")


def test_the_wall_shows_one_unit(env, browser, risk) -> None:
    api, produce = env
    wall = open_page(browser, f"{api.url}/wall?unit=ORD%20narrowbody#token=bridge-token-wall1", width=1920, height=1080)
    wall.wait_for_selector(".card")
    assert {c.get_attribute("data-alert-id") for c in wall.locator(".card").all()} == {"a-1019-tarmac", risk}
    assert wall.locator("#unit").inner_text() == "ORD narrowbody"
    assert "connection at risk" in wall.locator(f'[data-alert-id="{risk}"]').inner_text()
    produce(fresh_alert("a-wall-dfw", flight="AA1500", unit="DFW narrowbody", units=["DFW narrowbody"], priority=1))
    produce(fresh_alert("a-wall-ord", flight="AA1501", unit="ORD narrowbody", units=["ORD narrowbody"], priority=1))
    wall.wait_for_selector('[data-alert-id="a-wall-ord"]', timeout=2_000)
    assert wall.locator('[data-alert-id="a-wall-dfw"]').count() == 0  # another unit's, live on the stream too
    assert wall.locator(".card").first.get_attribute("data-alert-id") == "a-wall-ord"  # P1 first


@pytest.mark.parametrize(
    ("token", "shown"), [("liaison-token-maria", "AA84127731"), ("bridge-token-wall1", "****7731")]
)
def test_the_authors_history_and_customer_badge_mask_the_id_but_for_the_liaison(env, browser, token, shown) -> None:
    api, _ = env
    problems: list[str] = []
    page = console(browser, api, token, problems)
    page.click('[data-alert-id="a-2390-div"]')
    dm = page.locator('.post[data-post-id="a-2390-div-p2"]')
    expect(dm.locator('[data-testid="customer"]')).to_have_text(f"Executive Platinum {shown}")
    expect(page.locator('[data-testid="customer-badge"]')).to_have_text(f"Executive Platinum {shown}")
    dm.locator(".author").click()
    drawer = page.locator("#author")
    expect(drawer.locator('[data-testid="history-badge"]')).to_have_text(f"Executive Platinum {shown}")
    expect(drawer.locator(".post")).to_have_count(3)
    assert [p.get_attribute("data-post-id") for p in drawer.locator(".post").all()] == ["hist-1", "hist-2", "hist-3"]
    assert "****7731" in drawer.locator('.post[data-post-id="hist-1"] .text').inner_text()  # never whole in a post
    theirs = {a.get_attribute("data-alert-id") for a in drawer.locator(".history-alert").all()}
    assert "a-2390-div" in theirs and "a-1019-tarmac" not in theirs  # (the fresh alerts here reuse his evidence)
    if shown.startswith("*"):
        assert "AA84127731" not in page.content()
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    assert problems == []


def test_the_scorecard_page_shows_the_weeks_the_api_holds(env, browser) -> None:
    api, _ = env
    problems: list[str] = []
    page = open_page(browser, f"{api.url}/scorecard#token=bridge-token-wall1", problems)
    page.wait_for_selector('[data-testid="mentions"]')
    served = httpx.get(f"{api.url}/api/scorecard", headers=auth("bridge-token-wall1")).json()
    week = week_of(datetime.now(UTC))
    assert served["week"] == week and page.input_value("#week") == week and f"week={week}" in page.url
    assert page.locator('[data-testid="mentions"] .v').inner_text() == f"{served['mentions']:,}"
    assert page.locator('[data-testid="alerts"] .v').inner_text() == str(served["alerts"]["total"])
    expect(page.locator(".chart").nth(0)).to_contain_text("connection risk")
    stories = [r.get_attribute("data-alert-id") for r in page.locator("tr[data-alert-id]").all()]
    assert stories == [s["alert_id"] for s in served["top_stories"]]
    page.click("#prev")
    expect(page.locator("#week")).to_have_value(week_of(iso_week(week)[0] - timedelta(days=7)))
    assert problems == []
    for _ in range(3):
        page.click("#prev")
    expect(page.locator('[data-testid="refused"]')).to_contain_text("is not held: the API keeps 21 days")


def test_wall_and_console_say_when_the_ops_feed_is_silent(env, browser) -> None:
    """The newest judgement was made while the ops feed was silent: both screens say since when; once a
    version judged with the feed back in step arrives, the banner goes."""
    api, produce = env
    now = datetime.now(UTC).replace(microsecond=0)
    wall = open_page(browser, f"{api.url}/wall#token=bridge-token-wall1", width=1920, height=1080)
    wall.wait_for_selector(".card")
    page = console(browser, api, "liaison-token-maria")
    assert wall.locator("#opsfeed").is_hidden()
    silent = fresh_alert(
        "a-silent",
        flight="AA777",
        updated_at=now + timedelta(minutes=1),
        ops_feed_silent=True,
        ops_feed_as_of=datetime(now.year, now.month, now.day, 14, 5, tzinfo=UTC),
    )
    produce(silent)
    for screen in (wall, page):
        screen.wait_for_selector("#opsfeed:not([hidden])", timeout=3_000)
        assert screen.locator("#opsfeed").inner_text() == "ops feed silent since 14:05Z"
    produce(silent.model_copy(update={"version": silent.version + 1, "updated_at": now + timedelta(minutes=2),
                                      "ops_feed_silent": False, "ops_feed_as_of": None}))  # fmt: skip
    for screen in (wall, page):
        screen.wait_for_selector("#opsfeed", state="hidden", timeout=3_000)
