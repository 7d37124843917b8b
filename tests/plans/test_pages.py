"""Plans on screen: a worker writes a plan with actions for him, her and an agency, sees its balance and
the finding on an action that asks her to control him, updates and reviews it, and prints it for the
family without any finding, reference or sealed detail; mistakes are named with nothing typed lost; an
auditor reads and cannot write; another family's plan is not found; a plan's action is corrected with
its earlier version kept."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.clock import local_today
from spotlight.plans.models import Plan, PlanAction
from tests.conftest import PASSWORD, SEALED_ADDRESS, SpotlightClient, World

CONTROL = "Sarah to make sure Darren does not come back to the house"


def _client(username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def _plan(client: SpotlightClient, world: World) -> Plan:
    family = world.families["north_allocated"]
    response = client.post(
        reverse("plan_new", args=[family.pk]),
        {
            "kind": "child_protection",
            **_date("started_on", local_today()),
            **_date("next_review_on", local_today() + dt.timedelta(days=90)),
        },
    )
    plan = Plan.objects.get(family=family)
    assert response["Location"] == reverse("plan_detail", args=[family.pk, plan.pk])
    return plan


def _act(client: SpotlightClient, world: World, plan: Plan, text: str, who: str, agency: str = "") -> object:
    return client.post(
        reverse("plan_action_add", args=[plan.family_id, plan.pk]),
        {"text": text, "who": who, "agency": agency, **_date("due_on", local_today() + dt.timedelta(days=30))},
    )


@pytest.mark.django_db
def test_a_plan_shows_its_balance_and_what_to_write_instead(world: World) -> None:
    client = _client()
    plan = _plan(client, world)
    family = plan.family
    _act(client, world, plan, "Darren to attend Caring Dads and not to contact Sarah", str(world.him.pk))
    _act(client, world, plan, CONTROL, str(world.survivor.pk))
    _act(client, world, plan, "To act on any breach of bail conditions", "agency", agency="Northshire Police")
    page = _text(client.get(reverse("plan_detail", args=[family.pk, plan.pk])))
    balance = page.split('id="plan-balance"')[1].split("</section>")[0]
    assert "On him: <strong>1</strong>" in balance and "On her: <strong>1</strong>" in balance
    assert "On agencies: <strong>1</strong>" in balance and "1 action asks her to control" in balance
    control = PlanAction.objects.get(text=CONTROL)
    marked = page.split(f'id="action-{control.pk}"')[1].split("</li>")[0]
    assert "Asks her to make sure of what he does" in marked and "Instead:" in marked
    section = _text(client.get(reverse("family_detail", args=[family.pk])))
    assert "1 asks her to control his behaviour" in section.split('id="plans"')[1]
    assert not AccessLogEntry.objects.filter(what__icontains="Caring").exists()


@pytest.mark.django_db
def test_an_action_is_updated_and_the_plan_reviewed_with_every_step_kept(world: World) -> None:
    client = _client()
    plan = _plan(client, world)
    _act(client, world, plan, "Darren to attend Caring Dads", str(world.him.pk))
    action = PlanAction.objects.get()
    url = reverse("plan_action_update", args=[plan.family_id, plan.pk, action.pk])
    refused = _text(
        client.post(url, {"status": "not_done", **_date("on", local_today()), "note": "He did not go.", "version": "1"})
    )
    assert "Say why it was not done" in refused and "He did not go." in refused
    client.post(url, {"status": "in_progress", **_date("on", local_today()), "note": "Assessed.", "version": "1"})
    client.post(
        url,
        {"status": "not_done", **_date("on", local_today()), "not_done_reason": "He stopped going.", "version": "2"},
    )
    action.refresh_from_db()
    assert [u["status"] for u in action.updates] == ["in_progress", "not_done"] and action.version == 3
    stale = _text(client.post(url, {"status": "done", **_date("on", local_today()), "version": "1"}))
    assert "after you opened this page" in stale
    review = reverse("plan_review", args=[plan.family_id, plan.pk])
    assert "Enter the date of the next review" in _text(client.post(review, _date("reviewed_on", local_today())))
    client.post(review, {**_date("reviewed_on", local_today()), "ended": "on"})
    plan.refresh_from_db()
    assert plan.status == "ended" and plan.reviewed == [local_today().isoformat()]


@pytest.mark.django_db
def test_mistakes_are_named_and_what_was_typed_is_kept(world: World) -> None:
    client = _client()
    plan = _plan(client, world)
    page = _text(_act(client, world, plan, "Darren to attend a programme", "agency"))
    assert "Name the agency that must act" in page and "Darren to attend a programme" in page
    sealed = _text(_act(client, world, plan, f"Move to {SEALED_ADDRESS}", str(world.survivor.pk)))
    assert "holds a sealed detail" in sealed
    assert not PlanAction.objects.exists()
    bad = _text(
        client.post(
            reverse("plan_new", args=[plan.family_id]),
            {"kind": "", **_date("started_on", local_today() + dt.timedelta(days=2))},
        )
    )
    assert "Choose the kind of plan" in bad and "must be today or in the past" in bad.lower()


@pytest.mark.django_db
def test_the_printed_plan_says_who_does_what_and_nothing_else(world: World) -> None:
    client = _client()
    plan = _plan(client, world)
    _act(client, world, plan, "Darren to attend Caring Dads", str(world.him.pk))
    _act(client, world, plan, CONTROL, str(world.survivor.pk))
    printed = _text(client.get(reverse("plan_print", args=[plan.family_id, plan.pk])))
    article = printed.split('id="plan"')[1]
    assert article.index("What Darren Reid will do") < article.index("What Sarah Reid will do")
    assert "Caring Dads" in article and "will be looked at again on" in article
    assert "Instead" not in article and plan.family.reference not in printed and SEALED_ADDRESS not in printed


@pytest.mark.django_db
def test_an_auditor_reads_a_plan_and_another_familys_plan_is_not_found(world: World) -> None:
    client = _client()
    plan = _plan(client, world)
    other = world.families["south"]
    assert client.get(reverse("plan_detail", args=[other.pk, plan.pk])).status_code == 404
    assert _client("sw_south").get(reverse("plan_detail", args=[plan.family_id, plan.pk])).status_code == 404
    south_plan = Plan.objects.create(family=other, kind="child_in_need", started_on=local_today())
    auditor = _client("auditor")
    page = _text(auditor.get(reverse("plan_detail", args=[other.pk, south_plan.pk])))
    assert "Child in need plan" in page and "Add an action" not in page
    assert auditor.get(reverse("plan_action_add", args=[other.pk, south_plan.pk])).status_code == 403


@pytest.mark.django_db
def test_an_action_is_corrected_with_its_earlier_version_kept(world: World) -> None:
    client = _client()
    plan = _plan(client, world)
    _act(client, world, plan, "Darren to attend Caring Dad", str(world.him.pk))
    action = PlanAction.objects.get()
    url = reverse("record_change", args=[plan.family_id, "plan-action", action.pk])
    form = _text(client.get(url))
    assert "Darren to attend Caring Dad" in form
    client.post(
        url,
        {
            "text": "Darren to attend Caring Dads",
            "who": str(world.him.pk),
            "agency": "",
            "version": "1",
            **_date("due_on", local_today()),
        },
    )
    action.refresh_from_db()
    assert action.text == "Darren to attend Caring Dads" and action.version == 2
