"""Audit rounds through the browser's requests: setting up, rating a file, results, CSV, comparison."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessAction, AccessLogEntry, AuditGrant, StaffRole, Team, User
from spotlight.audit import services
from spotlight.audit.domain.instrument import default_instrument
from spotlight.audit.domain.roundfile import parse_round_text
from spotlight.audit.models import AuditAssignment, AuditRound
from spotlight.cli import DEMO_PASSWORD, _ensure_demo_users, load_synthetic
from spotlight.clock import local_today
from tests.conftest import SpotlightClient

WORKERS = {"North": ["sw.demo", "idva.demo"], "South": ["sw.south"]}


@pytest.fixture
def world(db: None) -> dict[str, User]:
    _ensure_demo_users()
    load_synthetic(count=20, seed=8, today=local_today(), teams=("North", "South"), workers=WORKERS)
    return {u.username: u for u in User.objects.all()}


def client_for(username: str) -> Client:
    client = SpotlightClient()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def _set_up(world: dict[str, User], name: str = "Q1 2027, before training", size: int = 4, seed: int = 3) -> AuditRound:
    request = services.RoundRequest(
        name=name,
        sample_size=size,
        seed=seed,
        by_team=False,
        auditors=[world["auditor.demo"], world["auditor.two"]],
        double_rated=1,
    )
    return services.audit_round_create(user=world["manager.demo"], request=request)


def _rate_all(world: dict[str, User], audit_round: AuditRound, shift: int = 0) -> None:
    """Each auditor accepts Spotlight's suggestions, moved by `shift` within the scale."""
    for assignment in audit_round.assignments.select_related("auditor"):
        ratings = {
            r.item: services.ItemRating(rating=max(1, min(4, (r.suggested or 2) + shift)))
            for r in assignment.ratings.all()
        }
        services.audit_ratings_save(user=assignment.auditor, assignment=assignment, ratings=ratings)


def test_a_manager_sets_up_a_round_with_the_form(world: dict[str, User]) -> None:
    client = client_for("manager.demo")
    page = client.get(reverse("audit_round_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("audit_round_new"),
        {
            "name": "Q1 2027, before training",
            "sample_size": "5",
            "seed": "17",
            "auditors": [world["auditor.demo"].pk, world["auditor.two"].pk],
            "double_rated": "2",
        },
    )
    audit_round = AuditRound.objects.get()
    assert response.status_code == 302 and response.url == reverse("audit_round_detail", args=[audit_round.pk])
    assert (audit_round.sample_size, audit_round.seed, audit_round.double_rated) == (5, 17, 2)
    detail = client.get(response.url).content.decode()
    assert "0 of 7 files rated" in detail


def test_mistakes_in_the_round_form_are_named_and_what_was_typed_is_kept(world: dict[str, User]) -> None:
    client = client_for("manager.demo")
    response = client.post(
        reverse("audit_round_new"),
        {
            "name": "After the new chronology",
            "sample_size": "lots",
            "seed": "9",
            "double_rated": "-1",
            "opened_from_day": "31",
            "opened_from_month": "2",
            "opened_from_year": "2026",
        },
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    for message in (
        "There is a problem",
        "Enter the number of files as a whole number, like 30",
        "Choose at least one auditor",
        "Enter 0 or more files to be rated twice",
        "First day a case opened must be a real date",
    ):
        assert message in page
    assert 'value="After the new chronology"' in page and 'value="lots"' in page
    assert not AuditRound.objects.exists()


def test_the_auditor_sees_the_evidence_and_the_suggestion_preselected(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    assignment = audit_round.assignments.filter(auditor=world["auditor.demo"]).first()
    assert assignment is not None
    page = client_for("auditor.demo").get(reverse("audit_file", args=[audit_round.pk, assignment.pk]))
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    for row in assignment.ratings.all():
        assert row.suggested is not None
        checked = re.search(rf'name="rating_{row.item}" type="radio" value="(\w+)" checked', text)
        assert checked is not None and checked.group(1) == str(row.suggested)
        for reason in row.reasons:
            assert reason in text
    assert f"{assignment.evidence['contact']['attempts']} (" in text
    assert AccessLogEntry.objects.filter(
        user=world["auditor.demo"], family=assignment.family, what=f"audit evidence in round {audit_round.pk}"
    ).exists()


def test_the_auditor_saves_and_goes_on_to_her_next_file(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    mine = list(audit_round.assignments.filter(auditor=world["auditor.demo"]).order_by("family__reference"))
    first = mine[0]
    data = {f"rating_{r.item}": str(r.suggested) for r in first.ratings.all()}
    data["rating_named_as_parent"] = "na"
    data["comment_named_as_parent"] = "He is not in the household."
    response = client_for("auditor.demo").post(reverse("audit_file", args=[audit_round.pk, first.pk]), data)
    assert response.status_code == 302
    assert response.url == reverse("audit_file", args=[audit_round.pk, mine[1].pk])
    first.refresh_from_db()
    assert first.completed_at is not None
    row = first.ratings.get(item="named_as_parent")
    assert (row.rating, row.not_applicable, row.comment) == (None, True, "He is not in the household.")


def test_a_missing_rating_is_named_and_the_other_choices_are_kept(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    first = audit_round.assignments.filter(auditor=world["auditor.demo"]).first()
    assert first is not None
    data = {f"rating_{r.item}": "1" for r in first.ratings.all()}
    del data["rating_contacted_and_seen"]
    data["comment_plan_aimed_at_him"] = "The plan asks her to leave."
    response = client_for("auditor.demo").post(reverse("audit_file", args=[audit_round.pk, first.pk]), data)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Choose a rating for this question, or mark it not applicable" in page
    assert 'name="rating_named_as_parent" type="radio" value="1" checked' in page
    assert "The plan asks her to leave." in page
    first.refresh_from_db()
    assert first.completed_at is None


def test_an_auditor_cannot_open_another_auditors_file_or_the_results(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    theirs = (
        audit_round.assignments.filter(auditor=world["auditor.two"])
        .exclude(family__in=audit_round.assignments.filter(auditor=world["auditor.demo"]).values("family"))
        .first()
    )
    assert theirs is not None
    client = client_for("auditor.demo")
    assert client.get(reverse("audit_file", args=[audit_round.pk, theirs.pk])).status_code == 404
    assert client.get(reverse("family_detail", args=[theirs.family_id])).status_code == 404
    assert client.get(reverse("audit_round_csv", args=[audit_round.pk])).status_code == 403
    assert client.get(reverse("audit_compare")).status_code == 403
    assert client_for("sw.demo").get(reverse("audit_list")).status_code == 403


def test_results_count_each_rated_file_once_and_agreement_is_shown(world: dict[str, User]) -> None:
    audit_round = _set_up(world, size=6)
    _rate_all(world, audit_round)
    page = html.unescape(
        client_for("manager.demo").get(reverse("audit_round_detail", args=[audit_round.pk])).content.decode()
    )
    assert "7 of 7 files rated: the round is complete" in page
    table = page[page.index('id="round-results"') : page.index("</table>", page.index('id="round-results"'))]
    suggested = {}
    for a in audit_round.assignments.order_by("family__reference", "auditor__username"):
        for r in a.ratings.all():
            suggested.setdefault((a.family_id, r.item), r.suggested)
    instrument = default_instrument()
    question = instrument.item("contacted_and_seen").question
    row = table[table.index(question) :].split("</tr>")[0]
    counts = [int(c) for c in re.findall(r'numeric">(\d+) <span', row)]
    expected = [sum(1 for (f, i), v in suggested.items() if i == "contacted_and_seen" and v == p) for p in (1, 2, 3, 4)]
    assert counts == expected
    assert 'id="suggestion-agreement"' in page and 'id="auditor-agreement"' in page
    assert "saw Spotlight's suggestion" in page  # the agreement with suggestions is read for what it is
    assert "almost perfect" in page.lower()  # auditors who accept every suggestion agree with it completely


def test_the_ratings_csv_is_a_round_file_and_its_export_is_logged(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    _rate_all(world, audit_round)
    response = client_for("manager.demo").get(reverse("audit_round_csv", args=[audit_round.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == audit_round.assignments.count() * len(default_instrument().items())
    parsed = parse_round_text(text, default_instrument(), name="round.csv", json_format=False)
    assert {r.family_ref for r in parsed} == set(audit_round.assignments.values_list("family__reference", flat=True))
    logged = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, what=f"audit ratings of round {audit_round.pk}")
    assert set(logged.values_list("family_id", flat=True)) == set(
        audit_round.assignments.values_list("family_id", flat=True)
    )


def test_comparing_two_rounds_shows_the_change_and_names_mistakes(world: dict[str, User]) -> None:
    before = _set_up(world, name="Before", size=8, seed=1)
    after = _set_up(world, name="After", size=8, seed=2)
    _rate_all(world, before, shift=-2)
    _rate_all(world, after, shift=+2)
    client = client_for("manager.demo")
    page = html.unescape(
        client.get(reverse("audit_compare"), {"before": before.pk, "after": after.pk}).content.decode()
    )
    assert 'govuk-tag--green">Improved' in page and "govuk-tag--red" not in page
    assert "Before (8 families) and After (8 families)" in page
    csv_text = client.get(reverse("audit_compare"), {"before": before.pk, "after": after.pk, "format": "csv"}).content
    assert b"improved" in csv_text.lower()
    report = client.get(reverse("audit_compare"), {"before": before.pk, "after": after.pk, "format": "report"})
    assert report.status_code == 200 and b"<svg" in report.content
    wrong = client.get(reverse("audit_compare"), {"before": before.pk, "after": before.pk})
    assert wrong.status_code == 400
    assert "Choose a different round to compare with the earlier one" in html.unescape(wrong.content.decode())


def test_the_printable_round_report_has_the_chart_and_the_figures(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    _rate_all(world, audit_round)
    report = client_for("manager.demo").get(reverse("audit_round_report", args=[audit_round.pk]))
    text = html.unescape(report.content.decode())
    assert report.status_code == 200 and "<svg" in text and "@media print" in text
    assert audit_round.name in text
    assert AuditAssignment.objects.filter(round=audit_round, completed_at__isnull=True).count() == 0


def test_a_rated_file_can_be_read_with_the_auditors_comments_through_the_read_gate(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    assignment = audit_round.assignments.select_related("auditor").first()
    assert assignment is not None
    ratings = {r.item: services.ItemRating(rating=1) for r in assignment.ratings.all()}
    ratings["plan_aimed_at_him"] = services.ItemRating(rating=1, comment="The plan asks her to move away.")
    services.audit_ratings_save(user=assignment.auditor, assignment=assignment, ratings=ratings)
    url = reverse("audit_file_ratings", args=[audit_round.pk, assignment.pk])
    page = html.unescape(client_for("manager.demo").get(url).content.decode())
    assert "The plan asks her to move away." in page and assignment.auditor.display_name in page
    detail = client_for("manager.demo").get(reverse("audit_round_detail", args=[audit_round.pk])).content.decode()
    assert url in detail
    # A South worker's manager view: sw.south cannot run audits; a manager of another team cannot read it.
    other = User.objects.create_user(
        username="manager.south", password=DEMO_PASSWORD, staff_role=StaffRole.TEAM_MANAGER
    )
    other.teams.set([assignment.family.team.__class__.objects.get(name="South")])
    assert client_for("manager.south").get(url).status_code == 404
    assert AccessLogEntry.objects.filter(user=other, action=AccessAction.REFUSED, family=assignment.family).exists()


def test_results_can_be_shown_for_one_team(world: dict[str, User]) -> None:
    lead = User.objects.create_user(username="lead.both", password=DEMO_PASSWORD, staff_role=StaffRole.DA_SPECIALIST)
    lead.teams.set(list(Team.objects.all()))
    request = services.RoundRequest(
        name="Both teams", sample_size=10, seed=5, by_team=True, auditors=[world["auditor.demo"]]
    )
    audit_round = services.audit_round_create(user=lead, request=request)
    _rate_all(world, audit_round)
    by_team = dict(
        audit_round.assignments.values_list("family__team__name")
        .annotate(n=Count("id"))
        .values_list("family__team__name", "n")
    )
    assert set(by_team) == {"North", "South"}
    client = client_for("lead.both")
    for team, files in by_team.items():
        page = html.unescape(
            client.get(reverse("audit_round_detail", args=[audit_round.pk]), {"team": team}).content.decode()
        )
        assert f"Results for {team}" in page
        assert f"From the {files} rated file" in page
    everyone = html.unescape(client.get(reverse("audit_round_detail", args=[audit_round.pk])).content.decode())
    assert "From the 10 rated files" in everyone


def test_the_audit_list_shows_each_domain_round_by_round(world: dict[str, User]) -> None:
    before = _set_up(world, name="Before", size=8, seed=1)
    after = _set_up(world, name="After", size=8, seed=2)
    _set_up(world, name="Not rated yet", size=3, seed=3)
    _rate_all(world, before, shift=-1)
    _rate_all(world, after, shift=+1)
    response = client_for("idva.demo").get(reverse("audit_list"))
    page = html.unescape(response.content.decode())
    spec = response.context["trend_spec"]
    assert [p["round"] for p in spec["data"]["values"]][:1] == ["Before"]
    assert {p["round"] for p in spec["data"]["values"]} == {"Before", "After"}  # unrated rounds are left out
    rows = dict(response.context["trend_rows"]["rows"])
    instrument = default_instrument()
    assert set(rows) == {d.title for d in instrument.domains}
    assert all(later > earlier for earlier, later in rows.values())  # every rating was moved up by 2 points
    assert 'id="audit-trend-table"' in page


def test_closing_a_round_ends_the_auditors_access_and_keeps_the_results(world: dict[str, User]) -> None:
    audit_round = _set_up(world)
    rated = audit_round.assignments.filter(auditor=world["auditor.demo"]).first()
    waiting = audit_round.assignments.filter(auditor=world["auditor.two"]).first()
    assert rated is not None and waiting is not None
    services.audit_ratings_save(
        user=world["auditor.demo"],
        assignment=rated,
        ratings={r.item: services.ItemRating(rating=3) for r in rated.ratings.all()},
    )
    auditor = client_for("auditor.two")
    file_url = reverse("audit_file", args=[audit_round.pk, waiting.pk])
    assert auditor.get(reverse("family_detail", args=[waiting.family_id])).status_code == 200

    assert client_for("auditor.demo").post(reverse("audit_round_close", args=[audit_round.pk])).status_code == 403
    response = client_for("manager.demo").post(reverse("audit_round_close", args=[audit_round.pk]))
    assert response.status_code == 302
    audit_round.refresh_from_db()
    assert audit_round.closed_at is not None and audit_round.closed_by == world["manager.demo"]
    assert not AuditGrant.objects.filter(sample=audit_round.name).exists()

    assert auditor.get(reverse("family_detail", args=[waiting.family_id])).status_code == 404
    assert auditor.get(file_url).status_code == 404
    assert waiting.family.name not in auditor.get(reverse("audit_list")).content.decode()
    with pytest.raises(services.RoundClosed):
        services.audit_ratings_save(
            user=world["auditor.two"],
            assignment=AuditAssignment.objects.get(pk=waiting.pk),
            ratings={r.item: services.ItemRating(rating=2) for r in waiting.ratings.all()},
        )
    page = html.unescape(
        client_for("manager.demo").get(reverse("audit_round_detail", args=[audit_round.pk])).content.decode()
    )
    assert "Closed on" in page and "Close this round" not in page
    assert "From the 1 rated file" in page  # the results stay
    again = client_for("manager.demo").post(reverse("audit_round_close", args=[audit_round.pk]), follow=True)
    assert "was already closed" in html.unescape(again.content.decode())


def test_asking_for_more_files_than_there_are_takes_every_family_and_says_so(world: dict[str, User]) -> None:
    client = client_for("manager.demo")
    response = client.post(
        reverse("audit_round_new"),
        {"name": "Everything", "sample_size": "300", "seed": "1", "auditors": [world["auditor.demo"].pk]},
        follow=True,
    )
    audit_round = AuditRound.objects.get()
    page = html.unescape(response.content.decode())
    assert audit_round.sample_size == audit_round.population < 300
    assert f"only {audit_round.population} families were open to you, so every one is in the sample" in page
