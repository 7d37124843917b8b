"""Risk on screen, through the read and write gates: a risk identification with her (what the record
already says shown beside each question, never pre-answered; an unanswered question named, nothing she
said lost), the result with the Marac criteria, his risk review pre-filled from the record with both
answers kept, a safety marker shown where he is named, and every view in the access log without words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry
from spotlight.risk.domain.checklist import default_checklist
from spotlight.risk.models import RiskIdentification, RiskReview, SafetyMarker
from tests.conftest import PASSWORD, SpotlightClient, World

KNIFE = "Police notification. Last night Darren stood over Sarah with a knife and said he would finish it."


def _client(username: str) -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _url(name: str, world: World, family: str = "north_allocated", **kwargs: object) -> str:
    return reverse(name, kwargs={"family_id": world.families[family].pk, **kwargs})


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _answers(yes: int) -> dict[str, str]:
    return {f"q_{q.id}": "yes" if i < yes else "no" for i, q in enumerate(default_checklist().questions)}


@pytest.mark.django_db
def test_the_checklist_shows_what_the_record_says_and_never_answers_for_her(world: World) -> None:
    family = world.families["north_allocated"]
    today = local_today()
    CaseNote.objects.create(family=family, occurred_on=today - dt.timedelta(days=2), contact_type="record", text=KNIFE)
    BehaviourEntry.objects.create(
        family=family,
        person=world.him,
        kind="strangulation",
        occurred_on=today - dt.timedelta(days=40),
        source="police",
    )
    page = _client("idva_north").get(_url("risk_identify", world)).content.decode()
    assert "The pattern map records “Non-fatal strangulation or suffocation” by Darren Reid" in page
    assert "stood over Sarah with a knife" in page
    assert page.index("In her own words") < page.index("What he has done") < page.index("Her situation")
    assert (
        " checked" not in page.split("What he has done")[1].split("Professional judgement")[0]
    )  # nothing pre-answered


@pytest.mark.django_db
def test_an_unanswered_question_is_named_and_nothing_she_said_is_lost(world: World) -> None:
    data = {"person": str(world.survivor.pk), **_date("identified_on", local_today()), **_answers(3)}
    del data["q_strangulation"]
    data["her_next"] = "He will come back when he is released."
    response = _client("idva_north").post(_url("risk_identify", world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Answer “Strangulation, choking, suffocation or drowning”: yes, no or not known" in page
    assert "He will come back when he is released." in page
    assert not RiskIdentification.objects.exists()


@pytest.mark.django_db
def test_fourteen_yes_meets_visible_high_risk_and_the_family_page_shows_both_sides(world: World) -> None:
    client = _client("idva_north")
    data = {"person": str(world.survivor.pk), **_date("identified_on", local_today()), **_answers(14)}
    data["her_fears_most"] = "Darren."
    response = client.post(_url("risk_identify", world), data)
    assert response.status_code == 302
    row = RiskIdentification.objects.get()
    assert row.yes_count == 14 and row.level == "high"
    assert [c["id"] for c in row.criteria_met] == ["visible_high_risk"]
    assert row.next_review_on == local_today() + dt.timedelta(days=14)
    detail = client.get(_url("risk_identification", world, identification_id=row.pk)).content.decode()
    assert "14 of 24 answers are yes" in detail and "Darren." in detail
    family_page = client.get(_url("family_detail", world)).content.decode()
    his, hers = family_page.index('id="risk-his"'), family_page.index('id="risk-hers"')
    assert his < hers
    assert "No review of the risk Darren presents has been recorded." in family_page
    logged = AccessLogEntry.objects.filter(what=f"risk identification {row.pk}")
    assert logged.filter(action="create").exists() and logged.filter(action="view").exists()
    assert not AccessLogEntry.objects.filter(what__icontains="Darren.").exists()


@pytest.mark.django_db
def test_judgement_without_reasons_is_refused_and_judgement_cannot_lower(world: World) -> None:
    client = _client("idva_north")
    base = {"person": str(world.survivor.pk), **_date("identified_on", local_today())}
    page = client.post(
        _url("risk_identify", world), {**base, **_answers(2), "judgement_level": "high"}
    ).content.decode()
    assert "Give the reasons for your professional judgement" in page
    lower = {**base, **_answers(15), "judgement_level": "medium", "judgement_reasons": "She seems calmer."}
    page = client.post(_url("risk_identify", world), lower).content.decode()
    assert "raise the level, not lower it" in page and "She seems calmer." in page
    assert not RiskIdentification.objects.exists()


@pytest.mark.django_db
def test_his_review_is_prefilled_from_the_record_and_both_answers_are_kept(world: World) -> None:
    family = world.families["north_allocated"]
    BehaviourEntry.objects.create(
        family=family,
        person=world.him,
        kind="weapon",
        occurred_on=local_today() - dt.timedelta(days=9),
        source="police",
    )
    client = _client("sw_north")
    form = client.get(_url("risk_review", world)).content.decode()
    assert "Using or threatening a weapon" in form
    assert 'name="q_weapons" type="radio" value="yes" checked' in form
    assert 'name="q_strangulation" type="radio" value="yes" checked' not in form
    assert "His own account is not recorded in the notes." in form or "No contact with him recorded" in form
    items = {
        f"q_{i}": "not_known"
        for i in (
            "escalation strangulation threats_to_kill weapons stalking separation children_and_contact breaches "
            "earlier_partners harm_to_children harm_to_animals suicide_threats substances_mental_health engagement "
            "programmes his_account"
        ).split()
    }
    data = {
        "person": str(world.him.pk),
        **_date("reviewed_on", local_today()),
        **items,
        "level": "medium",
        "reasons": "A knife on record.",
    }
    assert client.post(_url("risk_review", world), data).status_code == 302
    review = RiskReview.objects.get()
    assert review.items["weapons"] == {"suggested": "yes", "answer": "not_known", "comment": ""}
    assert review.items["strangulation"]["suggested"] == "not_known"


@pytest.mark.django_db
def test_a_safety_marker_is_shown_where_he_is_named_to_those_who_may_read_the_family(world: World) -> None:
    client = _client("sw_north")
    data = {
        "person": str(world.him.pk),
        "risks": ["threats_to_staff", "dogs"],
        "arrangements": ["joint_visits"],
        **_date("set_on", local_today()),
    }
    assert client.post(_url("safety_marker", world), data).status_code == 302
    assert SafetyMarker.objects.get().risks == ["threats_to_staff", "dogs"]
    page = client.get(_url("family_detail", world)).content.decode()
    assert "Safety marker for staff: Threats to professionals, Dogs. Visits: Joint visits only." in page
    refused = _client("sw_south").get(_url("risk_identify", world))
    assert refused.status_code in (403, 404)


@pytest.mark.django_db
def test_a_marker_with_nothing_chosen_is_refused_with_a_clear_message(world: World) -> None:
    data = {"person": str(world.him.pk), **_date("set_on", local_today())}
    page = _client("sw_north").post(_url("safety_marker", world), data).content.decode()
    assert "Say what the risk to staff is, or how visits must be arranged" in page


@pytest.mark.django_db
def test_the_caseload_marks_risk_reviews_due_and_sorts_by_them(world: World) -> None:
    today = local_today()
    team = world.families["north_team"]
    allocated = world.families["north_allocated"]
    RiskIdentification.objects.create(
        family=team,
        survivor=team.people.get(role="adult_survivor"),
        identified_on=today - dt.timedelta(days=40),
        level="high",
        next_review_on=today - dt.timedelta(days=26),
    )
    RiskReview.objects.create(
        family=allocated,
        person=world.him,
        reviewed_on=today,
        level="medium",
        reasons="x",
        next_review_on=today + dt.timedelta(days=28),
    )
    SafetyMarker.objects.create(family=allocated, person=world.him, risks=["dogs"], set_on=today)
    page = _client("manager_north").get(reverse("caseload"), {"show": "team", "sort": "risk"}).content.decode()
    assert "Risk identification overdue since" in page and "Risk review due" in page
    assert page.index("Osei family") < page.index("Reid family") < page.index("Pryce family")
    assert "Safety marker for staff" in page


@pytest.mark.django_db
def test_a_knife_written_in_a_note_is_in_the_family_pages_risk_warning(world: World) -> None:
    family = world.families["north_allocated"]
    CaseNote.objects.create(family=family, occurred_on=local_today(), contact_type="record", text=KNIFE)
    page = _client("sw_north").get(_url("family_detail", world)).content.decode()
    warning = page.split('id="pattern-risk-indicators"')[1].split("</div>")[0]
    assert "described in the notes and not yet on the map" in warning
    assert "Using or threatening a weapon (1 note" in warning


@pytest.mark.django_db
def test_what_staff_wrote_in_a_review_goes_through_the_language_review(world: World) -> None:
    review = RiskReview.objects.create(
        family=world.families["north_allocated"],
        person=world.him,
        reviewed_on=local_today(),
        level="high",
        reasons="Mum failed to protect the children from the violence.",
    )
    page = _client("sw_north").get(_url("risk_review_detail", world, review_id=review.pk)).content.decode()
    assert "Wording to reconsider" in page and "failed to protect" in page.split("Wording to reconsider")[1]


@pytest.mark.django_db
def test_a_safety_marker_shows_beside_notes_that_name_him_in_the_chronology(world: World) -> None:
    family = world.families["north_allocated"]
    note = CaseNote.objects.create(
        family=family, occurred_on=local_today(), contact_type="home_visit", text="Darren was in the kitchen."
    )
    SafetyMarker.objects.create(family=family, person=world.him, risks=["dogs"], set_on=local_today())
    page = _client("sw_north").get(_url("family_detail", world)).content.decode()
    entry = page.split(f'id="note-{note.pk}"')[1].split("</article>")[0]
    assert "Safety marker for staff" in entry


@pytest.mark.django_db
def test_a_risk_identification_is_corrected_with_its_result_worked_out_again_and_struck_out(world: World) -> None:
    client = _client("idva_north")
    base = {"person": str(world.survivor.pk), **_date("identified_on", local_today())}
    assert client.post(_url("risk_identify", world), {**base, **_answers(13)}).status_code == 302
    row = RiskIdentification.objects.get()
    assert row.level == "medium"
    change = _url("record_change", world, kind="risk-identification", record_id=row.pk)
    form = client.get(change).content.decode()
    assert 'name="q_current_injury" type="radio" value="yes" checked' in form
    response = client.post(change, {**base, **_answers(14), "version": "1"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.yes_count, row.level, row.version) == (14, "high", 2)
    assert [c["id"] for c in row.criteria_met] == ["visible_high_risk"]
    versions = client.get(_url("record_versions", world, kind="risk-identification", record_id=row.pk))
    assert versions.status_code == 200 and "Changed" in versions.content.decode()
    strike = _url("record_strike_out", world, kind="risk-identification", record_id=row.pk)
    assert client.post(strike, {"reason": "Entered on the wrong family"}).status_code == 302
    row.refresh_from_db()
    assert row.is_struck_out
    page = client.get(_url("family_detail", world)).content.decode()
    assert "No risk identification with Sarah has been recorded." in page
