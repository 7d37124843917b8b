"""Audit rounds held in Spotlight: sampling through the read gate, assignment to auditors with
read-only grants, evidence and suggestions laid out per file, and the auditor's ratings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spotlight.access.models import AccessLogEntry, AuditGrant, User
from spotlight.audit import services
from spotlight.audit.domain.instrument import default_instrument
from spotlight.audit.domain.sampling import sample_families
from spotlight.audit.domain.suggest import suggest_all
from spotlight.audit.models import AuditAssignment, AuditRating
from spotlight.cases.gate import NotAllowed, families_readable_by, family_for_read, family_for_write
from spotlight.cases.models import CaseNote, Family
from spotlight.cli import _ensure_demo_users, load_synthetic
from spotlight.clock import local_today

WORKERS = {"North": ["sw.demo", "idva.demo"], "South": ["sw.south"]}


@pytest.fixture
def world(db: None) -> dict[str, User]:
    _ensure_demo_users()
    load_synthetic(count=24, seed=5, today=local_today(), teams=("North", "South"), workers=WORKERS)
    return {u.username: u for u in User.objects.all()}


def _request(users: dict[str, User], **overrides: object) -> services.RoundRequest:
    fields: dict[str, object] = {
        "name": "Q1 2027, before training",
        "sample_size": 6,
        "seed": 42,
        "by_team": False,
        "auditors": [users["auditor.demo"], users["auditor.two"]],
        "double_rated": 2,
    }
    fields.update(overrides)
    return services.RoundRequest(**fields)  # type: ignore[arg-type]


def test_a_round_samples_only_families_open_to_its_manager_reproducibly(world: dict[str, User]) -> None:
    manager = world["manager.demo"]
    audit_round = services.audit_round_create(user=manager, request=_request(world))
    open_to_her = families_readable_by(manager)
    expected = sample_families([(f.reference, f.team.name) for f in open_to_her], size=6, seed=42)
    sampled = sorted(set(audit_round.assignments.values_list("family__reference", flat=True)))
    assert sampled == sorted(ref for ref, _team in expected)
    assert audit_round.population == open_to_her.count() < Family.objects.count()  # South is not hers
    assert set(audit_round.assignments.values_list("family__team__name", flat=True)) == {"North"}


def test_files_are_shared_in_turn_and_some_are_rated_twice_by_different_auditors(world: dict[str, User]) -> None:
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world))
    assert audit_round.assignments.count() == 6 + 2
    by_family: dict[int, list[int]] = {}
    for a in audit_round.assignments.all():
        by_family.setdefault(a.family_id, []).append(a.auditor_id)
    twice = [auditors for auditors in by_family.values() if len(auditors) == 2]
    assert len(twice) == 2 and all(len(set(a)) == 2 for a in twice)
    counts = [audit_round.assignments.filter(auditor=world[u]).count() for u in ("auditor.demo", "auditor.two")]
    assert counts == [4, 4]


def test_each_file_holds_the_evidence_and_spotlights_suggestion_for_every_item(world: dict[str, User]) -> None:
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    instrument = default_instrument()
    assignment = audit_round.assignments.select_related("family").first()
    assert assignment is not None
    evidence = services.evidence_for_family(assignment.family)
    assert assignment.evidence == evidence.to_dict()
    expected = suggest_all(instrument, evidence)
    stored = {r.item: (r.suggested, r.reasons) for r in assignment.ratings.all()}
    assert stored == {i: (s.rating, list(s.reasons)) for i, s in expected.items()}
    assert all(r.rating is None for r in assignment.ratings.all())


def test_the_auditor_reads_her_files_read_only_and_nothing_else(world: dict[str, User]) -> None:
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    auditor = world["auditor.two"]
    mine = audit_round.assignments.filter(auditor=auditor).first()
    theirs = audit_round.assignments.exclude(auditor=auditor).first()
    assert mine is not None and theirs is not None
    assert AuditGrant.objects.filter(auditor=auditor, family=mine.family, sample=audit_round.name).exists()
    assert family_for_read(auditor, mine.family_id, what="family page") == mine.family
    with pytest.raises(PermissionDenied):
        family_for_write(auditor, mine.family_id, what="case note")
    with pytest.raises(NotAllowed):
        family_for_read(auditor, theirs.family_id, what="family page")


def test_setting_up_a_round_logs_each_file_read_without_its_words(world: dict[str, User]) -> None:
    before = AccessLogEntry.objects.count()
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    families = set(audit_round.assignments.values_list("family_id", flat=True))
    assert {r.family_id for r in rows} == families
    texts = list(CaseNote.objects.filter(family_id__in=families).values_list("text", flat=True))
    assert all(r.what == f"audit evidence counted for round {audit_round.pk}" for r in rows)
    assert not any(t[:30] in r.what for t in texts for r in rows)


@pytest.mark.parametrize("role", ["sw.demo", "auditor.demo", "admin.demo"])
def test_only_managers_and_da_specialists_set_up_rounds(world: dict[str, User], role: str) -> None:
    with pytest.raises(PermissionDenied):
        services.audit_round_create(user=world[role], request=_request(world))


def test_every_mistake_in_a_round_request_is_named(world: dict[str, User]) -> None:
    manager = world["manager.demo"]
    services.audit_round_create(user=manager, request=_request(world, double_rated=0))
    with pytest.raises(ValidationError) as caught:
        services.audit_round_create(
            user=manager,
            request=_request(
                world,
                name="q1 2027, BEFORE training",
                sample_size=0,
                auditors=[world["sw.demo"]],
                double_rated=0,
                opened_from=dt.date(2026, 5, 1),
                opened_to=dt.date(2026, 4, 1),
            ),
        )
    problems = caught.value.message_dict
    assert set(problems) == {"name", "sample_size", "auditors", "opened_to"}
    assert "already a round called" in problems["name"][0]
    with pytest.raises(ValidationError) as caught:
        services.audit_round_create(
            user=manager, request=_request(world, name="Another", auditors=[world["auditor.demo"]], double_rated=1)
        )
    assert "two auditors" in caught.value.message_dict["double_rated"][0]


def test_a_round_can_sample_only_cases_opened_in_a_period(world: dict[str, User]) -> None:
    north = list(families_readable_by(world["manager.demo"]).order_by("reference"))
    early, late = north[:5], north[5:]
    Family.objects.filter(pk__in=[f.pk for f in early]).update(opened_on=dt.date(2026, 1, 10))
    Family.objects.filter(pk__in=[f.pk for f in late]).update(opened_on=dt.date(2026, 6, 10))
    audit_round = services.audit_round_create(
        user=world["manager.demo"],
        request=_request(world, sample_size=50, double_rated=0, opened_to=dt.date(2026, 3, 31)),
    )
    assert audit_round.population == 5
    assert set(audit_round.assignments.values_list("family_id", flat=True)) == {f.pk for f in early}


def _all_ratings(value: int | None) -> dict[str, services.ItemRating]:
    return {
        item.id: services.ItemRating(rating=value, not_applicable=value is None)
        for _d, item in default_instrument().items()
    }


def test_the_auditor_confirms_or_changes_each_rating_and_both_are_kept(world: dict[str, User]) -> None:
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    assignment = audit_round.assignments.filter(auditor=world["auditor.demo"]).first()
    assert assignment is not None
    suggested = {r.item: r.suggested for r in assignment.ratings.all()}
    chosen = _all_ratings(2)
    chosen["agencies_joined_up"] = services.ItemRating(rating=None, not_applicable=True, comment="No agencies.")
    services.audit_ratings_save(user=world["auditor.demo"], assignment=assignment, ratings=chosen)
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    rows = {r.item: r for r in assignment.ratings.all()}
    assert {i: r.suggested for i, r in rows.items()} == suggested  # the suggestion is never overwritten
    assert rows["agencies_joined_up"].rating is None and rows["agencies_joined_up"].not_applicable
    assert rows["agencies_joined_up"].comment == "No agencies."
    assert all(r.rating == 2 for i, r in rows.items() if i != "agencies_joined_up")


def test_ratings_off_the_scale_or_missing_are_refused_by_item(world: dict[str, User]) -> None:
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    assignment = audit_round.assignments.filter(auditor=world["auditor.demo"]).first()
    assert assignment is not None
    chosen = _all_ratings(3)
    chosen["named_as_parent"] = services.ItemRating(rating=7)
    del chosen["contacted_and_seen"]
    with pytest.raises(ValidationError) as caught:
        services.audit_ratings_save(user=world["auditor.demo"], assignment=assignment, ratings=chosen)
    assert set(caught.value.message_dict) == {"named_as_parent", "contacted_and_seen"}
    assert not AuditRating.objects.filter(assignment=assignment, rated_at__isnull=False).exists()


def test_nobody_else_can_rate_an_auditors_file(world: dict[str, User]) -> None:
    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    assignment = AuditAssignment.objects.filter(round=audit_round, auditor=world["auditor.demo"]).first()
    assert assignment is not None
    for other in ("auditor.two", "manager.demo"):
        with pytest.raises(PermissionDenied):
            services.audit_ratings_save(user=world[other], assignment=assignment, ratings=_all_ratings(4))
    assert assignment.ratings.filter(rating__isnull=False).count() == 0


def test_each_questions_evidence_lines_come_from_the_stored_counts(world: dict[str, User]) -> None:
    from spotlight.audit.domain.evidence_lines import evidence_lines
    from spotlight.language import family_labels

    audit_round = services.audit_round_create(user=world["manager.demo"], request=_request(world, double_rated=0))
    for assignment in audit_round.assignments.all():
        e = assignment.evidence
        contact = evidence_lines(["contact_attempts"], e)
        assert contact[0].startswith(f"Attempts to contact him: {e['contact']['attempts']},")
        language = evidence_lines(["language_findings"], e)
        assert language[0] == f"Notes with wording to rewrite: {e['notes_with_findings']} of {e['notes']}"
        shown = {line.rsplit(": ", 1)[0]: int(line.rsplit(": ", 1)[1]) for line in language[1:]}
        labels = family_labels()
        assert shown == {labels[f]: n for f, n in e["findings_by_family"].items() if n}
        assert evidence_lines(["no_such_kind"], e) == []
