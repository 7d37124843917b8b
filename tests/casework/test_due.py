"""When a child is next due to be seen and he is next due to be contacted: worked out by the database the
same as by the standards (working days skip weekends), shown on the caseload and the family page, with
"Overdue by N days" as prominent as "Never seen"; a child's plan status recorded from the family page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote, ContactAttempt, Person
from spotlight.casework import selectors, services
from spotlight.casework.domain.standards import contact_standards, due_on, parse_interval
from spotlight.casework.models import ChildPlan
from spotlight.clock import local_today
from tests.casework.conftest import days_ago, make_family
from tests.conftest import World, writable

CP = parse_interval("10 working days")
HIS = parse_interval("4 weeks")


@pytest.mark.django_db
def test_the_database_works_out_the_same_due_dates_as_the_standards(world: World) -> None:
    """A fortnight of start days (every weekday), for each plan, never seen and seen since: the database's
    due date is the standards' own."""
    team = world.teams["North"]
    standards = contact_standards()
    expected: dict[int, dt.date | None] = {}
    for offset in range(14):
        for plan in ("child_protection", "child_in_need", "looked_after", "early_help"):
            family = make_family(f"F{offset} {plan}", team, plan=plan, plan_started=40 + offset, opened=50 + offset)
            child = family.people.get(role="child")
            interval = standards.intervals().get(plan)
            expected[child.pk] = due_on(interval, last_seen=None, applies_from=days_ago(40 + offset))
            him = family.people.get(role="person_causing_harm")
            expected[him.pk] = due_on(HIS, last_seen=None, applies_from=days_ago(50 + offset))
        seen = make_family(f"S{offset}", team, child_seen=offset, him_reached=offset + 3)
        child, him = seen.people.get(role="child"), seen.people.get(role="person_causing_harm")
        expected[child.pk] = CP.due_after(days_ago(offset))
        expected[him.pk] = HIS.due_after(days_ago(offset + 3))
    due = selectors.contact_due_by_person(
        list(world.teams["North"].families.values_list("pk", flat=True)), today=local_today()
    )
    for person_id, when in expected.items():
        assert due[person_id].due_on == when, (Person.objects.get(pk=person_id), due[person_id])
    survivor = Person.objects.filter(role="adult_survivor", family__reference__startswith="CW-").first()
    assert survivor is not None and due[survivor.pk].due_on is None  # no standard for her


@pytest.mark.django_db
def test_an_attempt_that_did_not_reach_him_is_not_contact(world: World) -> None:
    family = make_family("Attempted family", world.teams["North"], him_reached=None, opened=10)
    him = family.people.get(role="person_causing_harm")
    ContactAttempt.objects.create(
        family=family, person=him, occurred_on=days_ago(2), outcome="attempted", method="phone"
    )
    due = selectors.contact_due_by_person([family.pk], today=local_today())[him.pk]
    assert due.last_seen is None and due.due_on == HIS.due_after(days_ago(10))


@pytest.mark.django_db
def test_the_caseload_shows_overdue_visits_as_prominently_as_never_seen(world: World, client: Client) -> None:
    worker = world.users["sw_north"]
    make_family("Overdue family", world.teams["North"], worker=worker, child_seen=30, him_reached=40)
    make_family("Never family", world.teams["North"], worker=worker, plan_started=20, child_seen=None)
    make_family("Fine family", world.teams["North"], worker=worker, child_seen=0, him_reached=0)
    client.force_login(worker)
    page = client.get(reverse("caseload")).content.decode()
    late = (local_today() - CP.due_after(days_ago(30))).days
    his_late = (local_today() - HIS.due_after(days_ago(40))).days
    assert f'<span class="spotlight-flag govuk-!-display-block">Overdue by {late} days</span>' in page
    assert f'<span class="spotlight-flag govuk-!-display-block">Overdue by {his_late} days</span>' in page
    never_late = (local_today() - CP.due_after(days_ago(20))).days
    assert f"Overdue by {never_late} days" in page and '<span class="spotlight-flag">Never seen</span>' in page
    assert f"Next visit due {CP.due_after(local_today()):%-d %b %Y}" in page
    assert "Child protection plan" in page


@pytest.mark.django_db
def test_the_family_page_shows_what_is_due_and_records_a_plan_status(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    mia = family.people.get(role="child")
    client.force_login(world.users["sw_north"])
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert 'id="contact-due"' in page and "No plan status recorded" in page
    assert reverse("child_plan_record", args=[family.pk]) + f"?child={mia.pk}" in page
    started = days_ago(30)
    response = client.post(
        reverse("child_plan_record", args=[family.pk]),
        {
            "child": mia.pk,
            "status": "child_protection",
            "started_on_day": started.day,
            "started_on_month": started.month,
            "started_on_year": started.year,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#contact-due")
    plan = ChildPlan.objects.get(child=mia)
    assert plan.current and plan.status == "child_protection" and plan.recorded_by == world.users["sw_north"]
    assert AccessLogEntry.objects.filter(family=family, action="create", what=f"child plan status {plan.pk}").exists()
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert "plan status recorded: Child protection plan" in page
    seen = days_ago(10)  # the note in the test world: Mia seen 10 days ago
    late = (local_today() - CP.due_after(seen)).days
    assert (f"Overdue by {late} day" in page) == (late > 0)


@pytest.mark.django_db
def test_a_bad_plan_status_form_says_what_is_wrong_and_keeps_what_was_typed(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    mia = family.people.get(role="child")
    client.force_login(world.users["sw_north"])
    tomorrow = local_today() + dt.timedelta(days=1)
    response = client.post(
        reverse("child_plan_record", args=[family.pk]),
        {
            "child": mia.pk,
            "status": "child_protection",
            "started_on_day": tomorrow.day,
            "started_on_month": tomorrow.month,
            "started_on_year": tomorrow.year,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "The date the plan started must be today or in the past" in page
    assert f'value="{tomorrow.year}"' in page and 'value="child_protection" checked' in page
    response = client.post(
        reverse("child_plan_record", args=[family.pk]),
        {
            "child": mia.pk,
            "status": "made_up",
            "started_on_day": "31",
            "started_on_month": "2",
            "started_on_year": "2026",
        },
    )
    page = response.content.decode()
    assert "Choose one of the plan statuses listed" in page and "must be a real date" in page
    assert not ChildPlan.objects.exists()


@pytest.mark.django_db
def test_the_plan_that_started_last_is_the_childs_plan_now(world: World) -> None:
    family = world.families["north_allocated"]
    mia = family.people.get(role="child")
    target = writable(world.users["sw_north"], family)
    services.child_plan_record(target=target, child_id=mia.pk, status="child_in_need", started_on=days_ago(100))
    later = services.child_plan_record(
        target=target, child_id=mia.pk, status="child_protection", started_on=days_ago(20)
    )
    earlier = services.child_plan_record(target=target, child_id=mia.pk, status="early_help", started_on=days_ago(200))
    assert ChildPlan.objects.filter(child=mia).count() == 3  # every status recorded is kept
    assert list(ChildPlan.objects.filter(child=mia, current=True)) == [later]
    assert not ChildPlan.objects.get(pk=earlier.pk).current
    him = family.people.get(role="person_causing_harm")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.child_plan_record(target=target, child_id=him.pk, status="nope", started_on=local_today())
    assert set(caught.value.message_dict) == {"child", "status"}
    assert "Darren Reid is not recorded as a child" in caught.value.message_dict["child"][0]


@pytest.mark.django_db
def test_a_note_with_the_child_present_moves_the_next_visit(world: World) -> None:
    family = make_family("Moving family", world.teams["North"], plan_started=30)
    child = family.people.get(role="child")
    assert selectors.contact_due_by_person([family.pk], today=local_today())[child.pk].due_on == CP.due_after(
        days_ago(30)
    )
    note = CaseNote.objects.create(family=family, occurred_on=days_ago(1), contact_type="school_visit", text="Saw Sam.")
    note.present.set([child])
    due = selectors.contact_due_by_person([family.pk], today=local_today())[child.pk]
    assert due.last_seen == days_ago(1) and due.due_on == CP.due_after(days_ago(1)) and not due.is_overdue


@pytest.mark.django_db
def test_a_note_struck_out_as_entered_in_error_is_not_a_visit(world: World) -> None:
    family = make_family("Struck family", world.teams["North"], plan_started=30, child_seen=2)
    child = family.people.get(role="child")
    CaseNote.objects.filter(family=family).update(struck_out_at=timezone.now(), struck_out_reason="Wrong family.")
    due = selectors.contact_due_by_person([family.pk], today=local_today())[child.pk]
    assert due.last_seen is None and due.due_on == CP.due_after(days_ago(30))
