"""The timeline of his behaviour: the Vega-Lite spec built from the pattern map (pure, then through the
selector and onto the family page)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from spotlight.cases.models import Person
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.timeline import (
    CURRENT_COLOUR,
    CURRENT_SHAPE,
    ENTRIES_MARK,
    PERIODS_MARK,
    PRIOR_COLOUR,
    PRIOR_SHAPE,
    RISK_MARK,
    TimelineEntry,
    his_timeline,
    read_period,
)
from spotlight.pattern.selectors import pattern_map
from spotlight.pattern.services import behaviour_entry_create
from tests.conftest import PASSWORD, SpotlightClient, World, writable

SECRET = "grabbed her by the throat in the kitchen"
PARTNER = "his former partner, Jade Okafor"
PLACE = "14 Hawthorn Close"


def _entry(kind: str, label: str, **extra: object) -> TimelineEntry:
    fields: dict[str, object] = {
        "kind": kind,
        "behaviour": label,
        "occurred_on": dt.date(2024, 3, 5),
        "period": "",
        "prior_relationship": False,
        "relationship": "The current relationship",
        "source": "Police",
        "risk_indicator": False,
    }
    fields.update(extra)
    return TimelineEntry(**fields)  # type: ignore[arg-type]


def _layer(spec: dict[str, object], name: str) -> dict[str, object]:
    layers = spec["layer"]
    assert isinstance(layers, list)
    (layer,) = [layer for layer in layers if layer["name"] == name]
    return layer  # type: ignore[no-any-return]


def test_reading_a_period_finds_its_start_and_end() -> None:
    assert read_period("2018 to 2019") == read_period("2018-2019")
    period = read_period("2018 to 2019")
    assert period and (period.start, period.end) == (dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    assert period.label() == "2018 to 2019"
    period = read_period("March 2019 to June 2020")
    assert period and (period.start, period.end) == (dt.date(2019, 3, 1), dt.date(2020, 6, 30))
    assert period.label() == "Mar 2019 to Jun 2020"
    period = read_period("Feb 2024")
    assert period and (period.start, period.end, period.label()) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 2, 29),
        "Feb 2024",
    )
    period = read_period("summer 2020")
    assert period and period.label() == "2020"
    assert read_period("when Mia was a baby") is None
    assert read_period("") is None


def test_rows_follow_the_catalogue_order_not_the_order_of_the_entries() -> None:
    entries = [
        _entry("threat_to_kill", "Threats to kill her or the children", occurred_on=dt.date(2024, 1, 1)),
        _entry("monitoring", "Monitoring her (phone, messages, location, money)", occurred_on=dt.date(2024, 2, 1)),
        _entry("physical_assault", "Physical assault (hitting, kicking, pushing, throwing things at her)"),
        _entry("monitoring", "Monitoring her (phone, messages, location, money)", occurred_on=dt.date(2024, 4, 1)),
    ]
    timeline = his_timeline("Darren Reid", entries, default_catalogue())
    assert timeline is not None
    y = _layer(timeline.spec, ENTRIES_MARK)["encoding"]["y"]  # type: ignore[index]
    assert y["sort"] == ["Physical assault", "Threats to kill her or the children", "Monitoring her"]
    assert [v["row"] for v in timeline.spec["data"]["values"]] == [
        "Threats to kill her or the children",
        "Monitoring her",
        "Physical assault",
        "Monitoring her",
    ]
    # the full catalogue label is in the tooltip
    assert {v["behaviour"] for v in timeline.spec["data"]["values"]} >= {
        "Monitoring her (phone, messages, location, money)"
    }
    assert timeline.spec["$schema"].endswith("/vega-lite/v6.json")


def test_prior_and_current_relationships_differ_by_colour_and_by_shape_with_a_legend() -> None:
    entries = [
        _entry("isolation", "Isolating her from family and friends"),
        _entry(
            "isolation",
            "Isolating her from family and friends",
            occurred_on=None,
            period="2016 to 2018",
            prior_relationship=True,
            relationship="An earlier relationship",
        ),
    ]
    timeline = his_timeline("Darren Reid", entries, default_catalogue())
    assert timeline is not None
    encoding = _layer(timeline.spec, ENTRIES_MARK)["encoding"]
    colour, shape = encoding["color"], encoding["shape"]  # type: ignore[index]
    assert colour["field"] == shape["field"] == "relationship"
    assert (
        colour["scale"]["domain"] == shape["scale"]["domain"] == ["The current relationship", "An earlier relationship"]
    )
    assert colour["scale"]["range"] == [CURRENT_COLOUR, PRIOR_COLOUR]
    assert shape["scale"]["range"] == [CURRENT_SHAPE, PRIOR_SHAPE]
    assert colour["legend"] is not None and colour["title"] == shape["title"]  # one legend for both
    values = timeline.spec["data"]["values"]
    assert [v["relationship"] for v in values] == ["The current relationship", "An earlier relationship"]
    # the period is a range bar from its start to its end
    assert (values[1]["start"], values[1]["end"], values[1]["when"]) == ("2016-01-01", "2018-12-31", "2016 to 2018")
    assert values[0]["end"] is None and values[0]["when"] == "5 Mar 2024"
    assert _layer(timeline.spec, PERIODS_MARK)["encoding"]["x2"] == {"field": "end"}  # type: ignore[index]
    assert "1 in an earlier relationship" in timeline.description


def test_risk_indicators_are_ringed_and_in_the_legend() -> None:
    entries = [
        _entry("strangulation", "Non-fatal strangulation or suffocation", risk_indicator=True),
        _entry("isolation", "Isolating her from family and friends"),
    ]
    timeline = his_timeline("Darren Reid", entries, default_catalogue())
    assert timeline is not None
    risk = _layer(timeline.spec, RISK_MARK)
    assert risk["transform"] == [{"filter": "datum.risk == 'Yes'"}]
    assert risk["encoding"]["stroke"]["legend"] is not None  # type: ignore[index]
    assert [v["risk"] for v in timeline.spec["data"]["values"]] == ["Yes", "No"]
    assert "1 risk indicator, ringed" in timeline.description
    tooltip = [t["field"] for t in _layer(timeline.spec, ENTRIES_MARK)["encoding"]["tooltip"]]  # type: ignore[index]
    assert tooltip == ["when", "behaviour", "source", "relationship", "risk"]
    # no layer for periods when there are none
    assert [layer["name"] for layer in timeline.spec["layer"]] == [RISK_MARK, ENTRIES_MARK]


def test_undated_entries_are_left_out_and_counted_and_none_dated_means_no_chart() -> None:
    dated = _entry("isolation", "Isolating her from family and friends")
    undated = _entry("stalking", "Stalking or harassment", occurred_on=None, period="when Mia was a baby")
    timeline = his_timeline("Darren Reid", [dated, undated, undated], default_catalogue())
    assert timeline is not None
    assert (timeline.charted, timeline.left_out) == (1, 2)
    assert len(timeline.spec["data"]["values"]) == 1
    assert "2 entries have no date or readable period and are not on the chart" in timeline.description
    assert "Stalking" not in json.dumps(timeline.spec)  # no empty row for it either
    assert his_timeline("Darren Reid", [undated], default_catalogue()) is None
    assert his_timeline("Darren Reid", [], default_catalogue()) is None


def test_a_kind_no_longer_in_the_catalogue_gets_the_last_row() -> None:
    entries = [
        _entry("retired_kind", "A kind the authority removed"),
        _entry("isolation", "Isolating her from family and friends"),
    ]
    timeline = his_timeline("Darren Reid", entries, default_catalogue())
    assert timeline is not None
    y = _layer(timeline.spec, ENTRIES_MARK)["encoding"]["y"]  # type: ignore[index]
    assert y["sort"] == ["Isolating her from family and friends", "A kind the authority removed"]


def _record(world: World, him: Person, **fields: object) -> None:
    family = him.family
    defaults: dict[str, object] = {"person_id": him.pk, "source": "adult_survivor"}
    behaviour_entry_create(target=writable(world.users["sw_north"], family), **defaults | fields)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_no_free_text_of_an_entry_reaches_the_spec(world: World) -> None:
    him = world.him
    _record(
        world,
        him,
        kind="other_behaviour",
        occurred_on=dt.date(2024, 5, 1),
        description=SECRET,
        place=PLACE,
        presenting_incident=True,
        before=SECRET,
        during=SECRET,
        after=SECRET,
    )
    _record(
        world,
        him,
        kind="strangulation",
        relationship="prior",
        prior_partner=PARTNER,
        period="around 2017, after she left her job at the bakery",
        place=PLACE,
    )
    (his,) = pattern_map(world.families["north_allocated"]).people_causing_harm
    assert his.timeline is not None and his.timeline.charted == 2
    text = json.dumps(his.timeline.spec) + his.timeline.description
    for words in (SECRET, PARTNER, "Jade", PLACE, "Hawthorn", "bakery", "after she left"):
        assert words not in text
    assert "2017" in text  # the period, in Spotlight's own words
    assert "Darren Reid: his behaviour over time" in text


@pytest.mark.django_db
def test_two_people_causing_harm_get_a_chart_each_with_his_name(world: World) -> None:
    family = world.families["north_allocated"]
    other = Person.objects.create(family=family, role="person_causing_harm", given_name="Wayne", family_name="Cole")
    _record(world, world.him, kind="isolation", occurred_on=dt.date(2024, 1, 2))
    _record(world, world.him, kind="monitoring", occurred_on=dt.date(2024, 2, 2))
    _record(world, other, kind="stalking", period="2019 to 2020", relationship="prior")
    _record(world, other, kind="threat_to_kill", period="not known")
    first, second = pattern_map(family).people_causing_harm
    assert first.timeline is not None and second.timeline is not None
    assert first.timeline.spec["title"]["text"] == "Darren Reid: his behaviour over time"
    assert second.timeline.spec["title"]["text"] == "Wayne Cole: his behaviour over time"
    assert (first.timeline.charted, first.timeline.left_out) == (2, 0)
    assert (second.timeline.charted, second.timeline.left_out) == (1, 1)
    assert [v["behaviour"] for v in second.timeline.spec["data"]["values"]] == ["Stalking or harassment"]

    client = SpotlightClient()
    assert client.login(username="sw_north", password=PASSWORD)
    page = client.get(reverse("family_detail", kwargs={"family_id": family.pk})).content.decode()
    assert page.count('data-spotlight-chart="') == 2
    assert f'id="pattern-timeline-{world.him.pk}-spec"' in page
    assert f'id="pattern-timeline-{other.pk}-spec"' in page
    assert page.count("js/charts.js") == 2  # a module: the browser runs it once
    assert "vega/vega.min.js" in page and "vega-embed/vega-embed.min.js" in page
    assert "https://cdn" not in page
    # the chart comes first in the section, the tables stay
    assert page.index("pattern-timeline-") < page.index(f'id="pattern-entries-{world.him.pk}"')
    assert f'href="#pattern-entries-{other.pk}"' in page


@pytest.mark.django_db
def test_with_no_dated_entry_the_section_has_no_chart(world: World) -> None:
    _record(world, world.him, kind="isolation", period="for years")
    client = SpotlightClient()
    assert client.login(username="sw_north", password=PASSWORD)
    page = client.get(reverse("family_detail", kwargs={"family_id": world.families["north_allocated"].pk}))
    html = page.content.decode()
    assert "data-spotlight-chart" not in html and "charts.js" not in html
    assert f'id="pattern-entries-{world.him.pk}"' in html


@pytest.mark.django_db
def test_entries_known_by_a_period_sort_by_its_start(world: World) -> None:
    _record(world, world.him, kind="isolation", occurred_on=dt.date(2020, 6, 1))
    _record(world, world.him, kind="monitoring", period="2018 to 2019", relationship="prior")
    _record(world, world.him, kind="stalking", period="not known")
    _record(world, world.him, kind="jealousy", period="March 2020")
    (his,) = pattern_map(world.families["north_allocated"]).people_causing_harm
    assert [e.entry.kind for e in his.entries] == ["monitoring", "jealousy", "isolation", "stalking"]
