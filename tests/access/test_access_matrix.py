"""Need-to-know, checked for every role and every way a family can be read.

Each family page, list, search and export either shows the family or refuses it
exactly as the rules say; sealed details appear only for the permitted user; every
read and write leaves a row in the access log.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry, AppendOnly
from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from tests.conftest import PASSWORD, SEALED_ADDRESS, SEALED_PHONE, World

# Which families each user may read.
EXPECTED: dict[str, set[str]] = {
    "sw_north": {"north_allocated", "north_team"},
    "idva_north": {"north_allocated", "north_team"},
    "manager_north": {"north_allocated", "north_team", "north_by_south"},
    "auditor": {"south"},
    "admin": set(),
    "sw_south": {"south", "north_by_south"},
}
# sw_north and idva_north also see north_by_south: it belongs to their team.
EXPECTED["sw_north"].add("north_by_south")
EXPECTED["idva_north"].add("north_by_south")

WRITERS = {"sw_north", "idva_north", "manager_north", "sw_south"}
#: Who may download case files: staff who work with the record (issue 10: not auditors, not administrators).
EXPORTERS = WRITERS


def login(client: Client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def log_rows() -> int:
    return AccessLogEntry.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_family_pages_show_or_refuse_exactly_as_the_rules_say(world: World, client: Client, username: str) -> None:
    login(client, username)
    for key, family in world.families.items():
        before = log_rows()
        page = client.get(reverse("family_detail", args=[family.pk]))
        partial = client.get(reverse("family_detail", args=[family.pk]), {"show": "notes"}, HTTP_HX_REQUEST="true")
        export = client.get(reverse("family_export", args=[family.pk]))
        allowed = key in EXPECTED[username]
        for response in (page, partial):
            assert response.status_code == (200 if allowed else 404), (username, key, response.status_code)
        exporter = allowed and username in EXPORTERS
        assert export.status_code == (200 if exporter else 403 if allowed else 404), (username, key, export)
        if allowed:
            assert family.name in page.content.decode()
            if exporter:
                assert json.loads(export.content.decode().strip())["id"] == family.reference
        else:
            assert family.name not in page.content.decode()
        rows = AccessLogEntry.objects.order_by("id")[before:]
        assert len(rows) >= 3, "every read, allowed or refused, is logged"
        assert {r.family_id for r in rows} == {family.pk}
        expected_actions = {"view", "export"} if exporter else {"view", "refused"} if allowed else {"refused"}
        assert {r.action for r in rows} <= expected_actions
        assert all(r.username == username for r in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_lists_searches_and_exports_hold_only_readable_families(world: World, client: Client, username: str) -> None:
    login(client, username)
    visible = {world.families[k].name for k in EXPECTED[username]}
    hidden = {f.name for k, f in world.families.items() if k not in EXPECTED[username]}

    team_list = client.get(reverse("caseload"), {"show": "team"}).content.decode()
    mine = client.get(reverse("caseload")).content.decode()
    downloaded = client.get(reverse("caseload_export"))
    assert downloaded.status_code == (200 if username in EXPORTERS else 403)
    export = downloaded.content.decode() if username in EXPORTERS else ""
    exported = {json.loads(line)["name"] for line in export.splitlines() if line.strip()}
    for name in hidden:
        assert name not in team_list and name not in mine
        assert name not in exported
    if username in EXPORTERS:
        assert exported == visible
    if username != "admin":
        for name in visible:
            assert name in team_list

    for key, family in world.families.items():
        before = log_rows()
        results = client.get(reverse("family_search"), {"q": family.name.split()[0]}).content.decode()
        assert (family.name in results) == (key in EXPECTED[username]), (username, key)
        if key in EXPECTED[username]:
            row = AccessLogEntry.objects.order_by("-id").first()
            assert (
                log_rows() == before + 1 and row is not None and row.action == "search" and row.family_id == family.pk
            )


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_documents_are_downloaded_attached_and_struck_out_exactly_as_the_rules_say(  # type: ignore[no-untyped-def]
    world: World, client: Client, username: str, settings, tmp_path
) -> None:
    from django.core.files.base import ContentFile

    from spotlight.documents.services import document_attach
    from tests.conftest import writable

    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    content = b"%PDF-1.4\n% a letter about the family\n"
    documents = {
        key: document_attach(
            target=writable(world.users["sw_south" if key == "south" else "manager_north"], family),
            kind="letter",
            title=f"Letter to the {family.name}",
            upload=ContentFile(content, name="school-letter.pdf"),
        )
        for key, family in world.families.items()
    }
    login(client, username)
    for key, family in world.families.items():
        document = documents[key]
        before = log_rows()
        download = client.get(reverse("document_download", args=[family.pk, document.pk]))
        attach = client.get(reverse("document_attach", args=[family.pk]))
        strike_out = client.get(reverse("document_strike_out", args=[family.pk, document.pk]))
        allowed = key in EXPECTED[username]
        writer = allowed and username in WRITERS
        assert download.status_code == (200 if allowed else 404), (username, key, download.status_code)
        for response in (attach, strike_out):
            assert response.status_code == (200 if writer else 403 if allowed else 404), (username, key, response)
        if allowed:
            assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]
            assert download["Content-Disposition"].startswith("attachment")
        rows = AccessLogEntry.objects.order_by("id")[before:]
        assert len(rows) >= 1 and {r.family_id for r in rows} == {family.pk}
        assert {r.action for r in rows} <= ({"view"} if writer else {"view", "refused"} if allowed else {"refused"})
        assert all(r.username == username for r in rows)
        if allowed:
            assert f"document {document.pk} downloaded" in {r.what for r in rows}
        # Another family's document, asked for through this family's address, is not found, and logged.
        other = next(d for k, d in documents.items() if k != key)
        before = log_rows()
        assert client.get(reverse("document_download", args=[family.pk, other.pk])).status_code == 404
        assert AccessLogEntry.objects.order_by("-id").first().action == "refused"  # type: ignore[union-attr]
        assert log_rows() > before
    assert not AccessLogEntry.objects.filter(what__icontains="school-letter").exists()
    assert not AccessLogEntry.objects.filter(what__icontains="Letter to").exists()


@pytest.mark.django_db
def test_worker_caseload_lists_her_allocated_families_first(world: World, client: Client) -> None:
    login(client, "sw_north")
    mine = client.get(reverse("caseload")).content.decode()
    assert "Reid family" in mine
    assert "Osei family" not in mine, (
        "a family of her team that is not allocated to her is under 'all your teams' families'"
    )
    assert "Never contacted (1 attempt)" in mine, "one attempt that did not reach him is not contact"


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_writes_are_refused_unless_the_role_may_change_the_family(world: World, client: Client, username: str) -> None:
    login(client, username)
    family = world.families["south"]
    today = local_today()
    data = {
        "occurred_on_day": today.day,
        "occurred_on_month": today.month,
        "occurred_on_year": today.year,
        "contact_type": "phone_call",
        "text": "Spoke with Sarah about the safety plan.",
    }
    before_notes = CaseNote.objects.filter(family=family).count()
    before = log_rows()
    response = client.post(reverse("note_add", args=[family.pk]), data)
    readable = "south" in EXPECTED[username]
    if readable and username in WRITERS:
        assert response.status_code == 302
        assert CaseNote.objects.filter(family=family).count() == before_notes + 1
        row = AccessLogEntry.objects.order_by("-id").first()
        assert row is not None and row.action == "create" and row.what.startswith("case note")
    else:
        assert response.status_code == (403 if readable else 404)
        assert CaseNote.objects.filter(family=family).count() == before_notes
        assert AccessLogEntry.objects.order_by("-id").first().action == "refused"  # type: ignore[union-attr]
    assert log_rows() > before


#: Pages about one family that write: a child's plan status, a task, her risk
#: identification, his risk review, a safety marker, an outcome record, a win, a strengths letter.
CASEWORK_FAMILY_PAGES = (
    "child_plan_record",
    "task_add",
    "risk_identify",
    "risk_review",
    "safety_marker",
    "outcome_add",
    "win_add",
    "letter_draft",
    "programme_referral_add",
    "plan_new",
    "sharing_add",
)
#: Casework's lists: who may open each (the others are refused with a reason).
CASEWORK_LISTS = {"due_this_week": WRITERS, "overdue_in_teams": {"manager_north"}}


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_casework_pages_show_or_refuse_exactly_as_the_rules_say(world: World, client: Client, username: str) -> None:
    login(client, username)
    for key, family in world.families.items():
        for name in CASEWORK_FAMILY_PAGES:
            before = log_rows()
            response = client.get(reverse(name, args=[family.pk]))
            allowed = key in EXPECTED[username]
            expected = (200 if username in WRITERS else 403) if allowed else 404
            assert response.status_code == expected, (username, key, name, response.status_code)
            if expected != 200:
                assert log_rows() > before, "every refusal is logged"
    for name, openers in CASEWORK_LISTS.items():
        response = client.get(reverse(name))
        assert response.status_code == (200 if username in openers else 403), (username, name)
        hidden = {f.name for k, f in world.families.items() if k not in EXPECTED[username]}
        assert not any(family_name in response.content.decode() for family_name in hidden)


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_corrections_and_earlier_versions_show_or_refuse_exactly_as_the_rules_say(
    world: World, client: Client, username: str
) -> None:
    """A record's earlier versions are read through the read gate; changing it, striking it out or
    keeping its wording need the write gate. Every refusal is logged."""
    login(client, username)
    for key, family in world.families.items():
        note = CaseNote.objects.create(
            family=family, occurred_on=local_today(), contact_type="home_visit", text="Sarah failed to protect Mia."
        )
        allowed = key in EXPECTED[username]
        writer = allowed and username in WRITERS
        for name, write in (
            ("record_versions", False),
            ("record_change", True),
            ("record_strike_out", True),
        ):
            before = log_rows()
            response = client.get(reverse(name, args=[family.pk, "case-note", note.pk]))
            expected = (200 if writer or not write else 403) if allowed else 404
            assert response.status_code == expected, (username, key, name, response.status_code)
            assert log_rows() > before, "every view and every refusal is logged"
        keep = client.get(reverse("wording_keep", args=[family.pk, note.pk]))
        assert keep.status_code == ((200 if writer else 403) if allowed else 404), (username, key, "keep")
        struck = client.post(reverse("record_strike_out", args=[family.pk, "case-note", note.pk]), {"reason": "Test"})
        note.refresh_from_db()
        assert note.is_struck_out == writer and struck.status_code == (302 if writer else 403 if allowed else 404)


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_earlier_sealed_details_only_for_the_permitted_user(world: World, client: Client, username: str) -> None:
    from spotlight.access.models import SealedDetail

    login(client, username)
    family = world.families["north_allocated"]
    detail = SealedDetail.objects.get(person=world.survivor)
    for name in ("record_versions", "record_change"):
        response = client.get(reverse(name, args=[family.pk, "sealed-details", detail.pk]))
        readable = "north_allocated" in EXPECTED[username]
        expected = 200 if username == "idva_north" else (403 if readable else 404)
        assert response.status_code == expected, (username, name)
        if expected != 200:
            assert SEALED_ADDRESS not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_sealed_details_only_for_the_permitted_user(world: World, client: Client, username: str) -> None:
    login(client, username)
    family = world.families["north_allocated"]
    url = reverse("sealed_details", args=[family.pk, world.survivor.pk])
    response = client.get(url)
    body = response.content.decode()
    if username == "idva_north":
        assert response.status_code == 200
        assert SEALED_ADDRESS in body and SEALED_PHONE in body
        assert AccessLogEntry.objects.order_by("-id").first().action == "view_sealed"  # type: ignore[union-attr]
    else:
        assert response.status_code in (403, 404)
        assert SEALED_ADDRESS not in body and SEALED_PHONE not in body

    # Never in a family page, list, search or export, whoever asks.
    for other in (
        client.get(reverse("family_detail", args=[family.pk])),
        client.get(reverse("caseload"), {"show": "team"}),
        client.get(reverse("family_search"), {"q": "Reid"}),
        client.get(reverse("caseload_export")),
        client.get(reverse("family_export", args=[family.pk])),
        client.get(reverse("risk_identify", args=[family.pk])),
        client.get(reverse("risk_review", args=[family.pk])),
    ):
        text = other.content.decode()
        assert SEALED_ADDRESS not in text and SEALED_PHONE not in text and "Hawthorn" not in text
    # Never in the access log's text.
    assert not AccessLogEntry.objects.filter(what__icontains="Hawthorn").exists()
    assert not AccessLogEntry.objects.filter(what__icontains="07700").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_risk_records_show_or_refuse_exactly_as_the_rules_say(world: World, client: Client, username: str) -> None:
    """A risk identification and a risk review are read by whoever may read the family (logged, without
    their words), refused to everyone else; sealed details never appear in them."""
    from spotlight.risk.models import RiskIdentification, RiskReview

    today = local_today()
    login(client, username)
    for key, family in world.families.items():
        survivor = family.people.get(role="adult_survivor")
        him = family.people.get(role="person_causing_harm")
        ident = RiskIdentification.objects.create(family=family, survivor=survivor, identified_on=today, level="high")
        review = RiskReview.objects.create(family=family, person=him, reviewed_on=today, level="high", reasons="x")
        for name, arg in (("risk_identification", ident.pk), ("risk_review_detail", review.pk)):
            before = log_rows()
            response = client.get(reverse(name, args=[family.pk, arg]))
            allowed = key in EXPECTED[username]
            assert response.status_code == (200 if allowed else 404), (username, key, name, response.status_code)
            body = response.content.decode()
            assert SEALED_ADDRESS not in body and SEALED_PHONE not in body
            assert log_rows() > before
        other = world.families["south" if key != "south" else "north_team"]
        if key in EXPECTED[username]:  # a record of another family is not found through this one
            other_row = RiskIdentification.objects.create(
                family=other, survivor=other.people.get(role="adult_survivor"), identified_on=today
            )
            assert client.get(reverse("risk_identification", args=[family.pk, other_row.pk])).status_code == 404


#: Who works at a front door (the North or South team's): caseworkers and team managers, of their own teams.
FRONT_DOOR = {"sw_north": "North", "idva_north": "North", "manager_north": "North", "sw_south": "South"}


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_the_front_door_and_matching_show_or_refuse_exactly_as_the_rules_say(
    world: World, client: Client, username: str
) -> None:
    """The front-door list, each referral (at North's front door, linked to each family), the new-referral
    form and each family's programme matching: who may open each, every view logged, no sealed detail."""
    from spotlight.frontdoor.models import Referral

    today = local_today()
    referrals = {
        key: Referral.objects.create(
            team=world.teams["North"], received_on=today, referrer_kind="school", presenting_concern="neglect",
            text="Referral text.", suggested="none", family=family,
        )
        for key, family in world.families.items()
    }  # fmt: skip
    login(client, username)
    team = FRONT_DOOR.get(username)
    for name in ("front_door", "referral_new"):
        response = client.get(reverse(name))
        assert response.status_code == (200 if team else 403), (username, name)
    for key, family in world.families.items():
        readable = key in EXPECTED[username]
        for url, allowed in (
            (reverse("programme_matches", args=[family.pk]), readable),
            (reverse("referral_detail", args=[referrals[key].pk]), readable or team == "North"),
        ):
            before = log_rows()
            response = client.get(url)
            assert response.status_code == (200 if allowed else 404), (username, key, url, response.status_code)
            body = response.content.decode()
            assert SEALED_ADDRESS not in body and SEALED_PHONE not in body
            assert log_rows() > before, "every view and refusal is logged"
            if "front-door" in url and allowed:  # screened only at her own team's front door
                assert ("Record the decision" in body) == (team == "North" and username in WRITERS), (username, key)
    if team:
        listed = client.get(reverse("front_door"), {"since": "month"}).content.decode()
        shown = {key for key, r in referrals.items() if reverse("referral_detail", args=[r.pk]) in listed}
        assert shown == (set(world.families) if team == "North" else EXPECTED[username]), username


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_plans_marac_and_sharing_show_or_refuse_exactly_as_the_rules_say(
    world: World, client: Client, username: str
) -> None:
    """Each family's plan, its printed copy and the chronology by agency; a Marac meeting of North's with
    every family on its agenda and its minutes: who may open each, every view logged, no sealed detail."""
    from spotlight.marac.models import MaracCase, MaracMeeting
    from spotlight.plans.models import Plan

    today = local_today()
    plans = {
        k: Plan.objects.create(family=f, kind="child_protection", started_on=today) for k, f in world.families.items()
    }
    meeting = MaracMeeting.objects.create(
        team=world.teams["North"], held_on=today, coordinator=world.users["idva_north"]
    )
    for family in world.families.values():
        MaracCase.objects.create(meeting=meeting, family=family, survivor=family.people.get(role="adult_survivor"))
    login(client, username)
    for key, family in world.families.items():
        readable = key in EXPECTED[username]
        for name, args in (
            ("plan_detail", [family.pk, plans[key].pk]),
            ("plan_print", [family.pk, plans[key].pk]),
            ("family_agencies", [family.pk]),
        ):
            before = log_rows()
            response = client.get(reverse(name, args=args))
            assert response.status_code == (200 if readable else 404), (username, key, name)
            body = response.content.decode()
            assert SEALED_ADDRESS not in body and SEALED_PHONE not in body
            assert log_rows() > before
    # the meeting: its coordinator's team's Marac leads open it, and see only the cases they may read
    coordinates = username in {"idva_north", "manager_north"}
    for name in ("marac_meeting", "marac_minutes"):
        response = client.get(reverse(name, args=[meeting.pk]))
        assert response.status_code == (200 if coordinates else 404), (username, name)
        if coordinates:
            body = response.content.decode()
            assert SEALED_ADDRESS not in body and SEALED_PHONE not in body
            assert all(f.name in body for f in world.families.values()), "the coordinator attends: every case"
    home = client.get(reverse("marac_home"))
    assert home.status_code == 200
    assert ("The Marac list" in home.content.decode()) == coordinates, "only Marac leads see the list"


@pytest.mark.django_db
def test_sealed_details_link_appears_only_for_the_permitted_user(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    url = reverse("sealed_details", args=[family.pk, world.survivor.pk])
    login(client, "idva_north")
    assert url in client.get(reverse("family_detail", args=[family.pk])).content.decode()
    client.logout()
    login(client, "sw_north")
    assert url not in client.get(reverse("family_detail", args=[family.pk])).content.decode()


@pytest.mark.django_db
def test_signed_out_visitors_see_nothing(world: World, client: Client) -> None:
    for url in (
        reverse("caseload"),
        reverse("family_detail", args=[world.families["north_allocated"].pk]),
        reverse("caseload_export"),
        reverse("family_search") + "?q=Reid",
        reverse("due_this_week"),
        reverse("overdue_in_teams"),
        reverse("child_plan_record", args=[world.families["north_allocated"].pk]),
        reverse("task_add", args=[world.families["north_allocated"].pk]),
        reverse("risk_identify", args=[world.families["north_allocated"].pk]),
        reverse("risk_review", args=[world.families["north_allocated"].pk]),
        reverse("safety_marker", args=[world.families["north_allocated"].pk]),
        reverse("outcome_add", args=[world.families["north_allocated"].pk]),
        reverse("win_add", args=[world.families["north_allocated"].pk]),
        reverse("team_board"),
        reverse("supervision_home"),
        reverse("front_door"),
        reverse("marac_home"),
        reverse("marac_meeting", args=[1]),
        reverse("marac_minutes", args=[1]),
        reverse("plan_new", args=[world.families["north_allocated"].pk]),
        reverse("plan_detail", args=[world.families["north_allocated"].pk, 1]),
        reverse("plan_print", args=[world.families["north_allocated"].pk, 1]),
        reverse("sharing_add", args=[world.families["north_allocated"].pk]),
        reverse("family_agencies", args=[world.families["north_allocated"].pk]),
        reverse("programme_matches", args=[world.families["north_allocated"].pk]),
        reverse("referral_new"),
        reverse("referral_detail", args=[1]),
        reverse("supervision_detail", args=[1]),
        reverse("letter_draft", args=[world.families["north_allocated"].pk]),
        reverse("outcomes_report"),
        reverse("risk_identification", args=[world.families["north_allocated"].pk, 1]),
        reverse("document_download", args=[world.families["north_allocated"].pk, 1]),
        reverse("document_attach", args=[world.families["north_allocated"].pk]),
        reverse("record_versions", args=[world.families["north_allocated"].pk, "case-note", 1]),
        reverse("record_change", args=[world.families["north_allocated"].pk, "case-note", 1]),
        reverse("record_strike_out", args=[world.families["north_allocated"].pk, "case-note", 1]),
        reverse("wording_keep", args=[world.families["north_allocated"].pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)
def test_access_log_is_append_only(world: World, client: Client) -> None:
    login(client, "sw_north")
    client.get(reverse("family_detail", args=[world.families["north_allocated"].pk]))
    row = AccessLogEntry.objects.order_by("-id").first()
    assert row is not None
    row.what = "something else"
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        row.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=row.pk).update(what="rewritten")
    row.refresh_from_db()
    assert row.what == "family page"


@pytest.mark.django_db
def test_a_manager_can_neither_read_nor_close_another_teams_audit_round(world: World, client: Client) -> None:
    from spotlight.access.models import StaffRole, User
    from spotlight.audit import services
    from spotlight.audit.models import AuditRound

    manager_south = User.objects.create_user(
        username="manager_south", password=PASSWORD, staff_role=StaffRole.TEAM_MANAGER
    )
    manager_south.teams.set([world.teams["South"]])
    north_round = services.audit_round_create(
        user=world.users["manager_north"],
        request=services.RoundRequest(
            name="North spot check", sample_size=2, seed=1, by_team=False, auditors=[world.users["auditor"]]
        ),
    )
    assert set(north_round.assignments.values_list("family__team__name", flat=True)) == {"North"}

    login(client, "manager_south")
    for name in ("audit_round_detail", "audit_round_report", "audit_round_csv"):
        assert client.get(reverse(name, args=[north_round.pk])).status_code == 404, name
    listing = client.get(reverse("audit_list")).content.decode()
    assert "North spot check" not in listing
    assert client.post(reverse("audit_round_close", args=[north_round.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.audit_round_close(user=manager_south, audit_round=north_round)
    assert AuditRound.objects.get(pk=north_round.pk).closed_at is None, "the round stays open"

    client.logout()
    login(client, "manager_north")  # her own team's round: she reads it and may close it
    assert client.get(reverse("audit_round_detail", args=[north_round.pk])).status_code == 200
    assert client.post(reverse("audit_round_close", args=[north_round.pk])).status_code == 302
    assert AuditRound.objects.get(pk=north_round.pk).closed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "lands_on"),
    [("sw_north", "caseload"), ("manager_north", "caseload"), ("auditor", "audit_list"), ("admin", "admin:index")],
)
def test_each_role_lands_where_its_work_is(world: World, client: Client, username: str, lands_on: str) -> None:
    login(client, username)
    response = client.get(reverse("caseload"), follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse(lands_on)
    if username == "manager_north":
        assert "Reid family" in response.content.decode(), "a manager lands on her teams' caseload"
