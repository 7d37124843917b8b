"""The timeline of his behaviour on the family page, drawn in a real browser (Debian's Chromium through
Playwright) by vega-embed from Spotlight's own static files.

A social worker opens a family whose pattern map has dated entries, a period, an entry in an earlier
relationship, risk indicators and one entry with no readable date. The chart draws one symbol per entry
it can place in time, leaves the undated one out and says so, keeps the table, loads nothing from outside
Spotlight, and axe-core finds no serious or critical problem on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spotlight.pattern.domain.timeline import ENTRIES_MARK, RISK_MARK
from spotlight.pattern.services import behaviour_entry_create
from tests.browser.conftest import SHOTS, axe_problems, shot, sign_in, wait_for_chart
from tests.conftest import PASSWORD, build_world, writable

pytestmark = pytest.mark.browser

SECRET = "He grabbed her by the throat in the kitchen"


@pytest.mark.django_db(transaction=True)
def test_the_family_page_draws_his_behaviour_over_time(live_server: Any, page: Any) -> None:
    world = build_world()
    family, him, worker = world.families["north_allocated"], world.him, world.users["sw_north"]
    entries: list[dict[str, Any]] = [
        {"kind": "monitoring", "source": "adult_survivor", "occurred_on": dt.date(2024, 2, 10)},
        {"kind": "isolation", "source": "child", "occurred_on": dt.date(2024, 6, 3)},
        {
            "kind": "strangulation",
            "source": "police",
            "occurred_on": dt.date(2025, 1, 14),
            "presenting_incident": True,
            "during": SECRET,
        },
        {"kind": "threat_to_kill", "source": "police", "occurred_on": dt.date(2025, 1, 20)},
        {
            "kind": "economic_abuse",
            "source": "records",
            "relationship": "prior",
            "prior_partner": "Kim",
            "period": "2018 to 2020",
        },
        {"kind": "stalking", "source": "records", "period": "for years, on and off"},  # no readable date
    ]
    for fields in entries:
        behaviour_entry_create(target=writable(worker, family), person_id=him.pk, **fields)
    on_chart = 5

    outside: list[str] = []
    page.on(
        "request",
        lambda request: outside.append(request.url) if not request.url.startswith(live_server.url) else None,
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status >= 400 else None)

    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.get_by_role("heading", name="Families allocated to you").wait_for()
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.get_by_role("heading", name="Pattern of his behaviour").wait_for()

    chart = page.locator(f"#pattern-timeline-{him.pk}")
    chart.locator("svg").first.wait_for()
    wait_for_chart(page, f"pattern-timeline-{him.pk}")
    symbols = chart.locator(f"g.{ENTRIES_MARK}_marks path")
    assert symbols.count() == on_chart
    assert chart.locator(f"g.{RISK_MARK}_marks path").count() == 2  # strangulation, threats to kill
    svg_text = chart.locator("svg").first.inner_html()
    assert "Darren Reid: his behaviour over time" in svg_text
    assert SECRET not in svg_text and "Kim" not in svg_text

    # The text equivalent: the caption says what the chart shows and what it leaves out; the table stays.
    caption = chart.locator("figcaption").inner_text()
    assert f"{on_chart} entries" in caption
    assert "1 entry has no date or readable period and is not on the chart" in caption
    assert "1 in an earlier relationship" in caption and "2 risk indicators" in caption
    table = page.locator(f"#pattern-entries-{him.pk}")
    assert table.locator("tbody tr").count() == len(entries)
    assert chart.locator("[data-chart-canvas]").get_attribute("aria-hidden") == "true"

    # A tooltip on hover: when, which behaviour, the source and the relationship, never what happened.
    symbols.first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    tip = tooltip.inner_text()
    assert "Economic abuse" in tip and "2018 to 2020" in tip and "Records" in tip and "An earlier relationship" in tip
    page.mouse.move(0, 0)

    assert outside == [], f"the page loaded from outside Spotlight: {outside}"
    assert errors == []
    assert [url for url in missing if not url.endswith("/favicon.ico")] == []
    assert [m for m in console if m.startswith("warning")] == []  # Vega warns about a spec it cannot honour
    chart.scroll_into_view_if_needed()
    shot(page, "pattern-timeline")
    chart.screenshot(path=str(SHOTS / "pattern-timeline-chart.png"))
    assert axe_problems(page) == []


@pytest.mark.django_db(transaction=True)
def test_without_the_chart_scripts_the_page_keeps_its_caption_and_table(live_server: Any, page: Any) -> None:
    world = build_world()
    family, him, worker = world.families["north_allocated"], world.him, world.users["sw_north"]
    behaviour_entry_create(
        target=writable(worker, family),
        person_id=him.pk,
        kind="monitoring",
        source="police",
        occurred_on=dt.date(2024, 2, 1),
    )
    page.route("**/vega-embed.min.js", lambda route: route.abort())
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.get_by_role("heading", name="Families allocated to you").wait_for()
    page.goto(f"{live_server.url}/families/{family.pk}/")

    chart_id = f"pattern-timeline-{him.pk}"
    wait_for_chart(page, chart_id, "failed")
    chart = page.locator(f"#{chart_id}")
    assert chart.locator("svg").count() == 0
    assert "1 entry of 1 kind of behaviour" in chart.locator("figcaption").inner_text()
    assert page.locator(f"#pattern-entries-{him.pk} tbody tr").count() == 1
    assert errors == []
    assert axe_problems(page) == []
