"""The weekly scorecard page in a real Chromium: it renders the hand-computed week, fetches nothing, runs nothing.

Set IOC_UPDATE_SCREENSHOTS=1 to rewrite docs/scorecard.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

from scorecard_week import ALERTS, MENTIONS, WEEK
from test_browser_console import ARGS, CHROMIUM, DOCS

from ioc_stream.reports.scorecard import scorecard
from ioc_stream.reports.scorecard_html import render_html

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} absent: `apt-get install chromium` (CI installs it)"
)


def test_the_scorecard_page_renders_offline_with_its_figures(tmp_path) -> None:
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "scorecard.html"
    page_file.write_text(render_html(scorecard(WEEK, MENTIONS, ALERTS)), encoding="utf-8")
    out = DOCS if os.environ.get("IOC_UPDATE_SCREENSHOTS") else tmp_path
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            assert requests == [page_file.as_uri()]  # the page alone: no stylesheet, font or image fetched
            assert page.title() == "Weekly scorecard 2026-W47"
            tiles = page.locator(".tile").all_inner_texts()
            assert tiles[0].split("\n") == ["7", "mentions"] and tiles[3].startswith("15 min")
            stories = page.locator("table").nth(2).locator("tr")
            assert stories.count() == 1 + 6 and "<diversion> of AA2390 & more" in stories.nth(2).inner_text()
            assert page.locator(".bar").count() == 3  # DELAY; DFW and CLT
            page.screenshot(path=out / "scorecard.png", full_page=True)
        finally:
            browser.close()
    assert (out / "scorecard.png").stat().st_size > 10_000
