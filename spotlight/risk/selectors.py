"""Reads for risk: a family's record read for risk (from the database, in the case-file format, so that
the page and the command line read it the same way), the latest identification and review side by side,
the trend, and safety markers. Callers pass a family that came through the read gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import DateField, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.urls import reverse

from spotlight.cases.domain.casefile import CaseRecordPart
from spotlight.cases.interchange import export_case_part, person_refs
from spotlight.cases.models import Family, Person
from spotlight.cases.selectors import review_people
from spotlight.language.engine import review
from spotlight.language.findings import Finding
from spotlight.pattern.domain.casefile import PatternMapPart
from spotlight.pattern.interchange import export_pattern_map_part
from spotlight.pattern.models import NoteFactDecision
from spotlight.risk.domain.casefile import STAFF_RISKS, VISIT_ARRANGEMENTS
from spotlight.risk.domain.checklist import Checklist, default_checklist
from spotlight.risk.domain.evidence import CONTACT, ENTRY, NOTE, PERSON, REFERRAL, Clues, Line, read_record
from spotlight.risk.models import RiskIdentification, RiskReview, SafetyMarker
from spotlight.vocabulary import Role


@dataclass(frozen=True)
class FamilyReading:
    """A family's record read for risk, and where each line it found can be opened."""

    clues: Clues
    #: (line kind, record id in the case file) -> the address of that record on the family page
    links: Mapping[tuple[str, str], str]
    #: person id in the case file -> person
    people: Mapping[str, Person]

    def link(self, line: Line) -> str:
        return self.links.get((line.kind, line.ref), "")


def read_family(family: Family, *, today: dt.date, him: Person | None = None) -> FamilyReading:
    """The family's record read for risk (about every person causing harm, or only ``him``), less the facts
    in notes a worker dismissed."""
    pid = person_refs(family)
    case = CaseRecordPart.model_validate(export_case_part(family, pid))
    pattern = PatternMapPart.model_validate(export_pattern_map_part(family, pid))
    note_refs = {n.pk: n.external_id or f"n{n.pk}" for n in family.notes.only("pk", "external_id")}
    dismissed: dict[str, set[str]] = {}
    for note_id, key in NoteFactDecision.objects.filter(
        family=family, decision=NoteFactDecision.Decision.DISMISSED
    ).values_list("note_id", "key"):
        dismissed.setdefault(note_refs.get(note_id, ""), set()).add(key)
    clues = read_record(
        case, pattern, today=today, him=pid.get(him.pk) if him else None, dismissed=dismissed, second_reader=True
    )
    page = reverse("family_detail", kwargs={"family_id": family.pk})
    links: dict[tuple[str, str], str] = {(NOTE, ref): f"{page}#note-{pk}" for pk, ref in note_refs.items()}
    for pk, ext in family.behaviour_entries.values_list("pk", "external_id"):
        links[(ENTRY, ext or f"b{pk}")] = f"{page}#behaviour-entry-{pk}"
    for pk, ext in family.protective_efforts.values_list("pk", "external_id"):
        links[(ENTRY, ext or f"pe{pk}")] = f"{page}#pattern"
    for pk, ext in family.complicating_factors.values_list("pk", "external_id"):
        links[(ENTRY, ext or f"cf{pk}")] = f"{page}#pattern"
    for pk, ext in family.programme_referrals.values_list("pk", "external_id"):
        links[(REFERRAL, ext or f"pr{pk}")] = f"{page}#pattern"
    for pk, ext in family.contact_attempts.values_list("pk", "external_id"):
        links[(CONTACT, ext or f"c{pk}")] = f"{page}#engagement"
    by_ref = {ref: p for p in family.people.all() for ref in (pid[p.pk],)}
    links.update({(PERSON, ref): f"{page}#people" for ref in by_ref})
    return FamilyReading(clues, links, by_ref)


def last_marac_referral(
    family: Family, survivor: Person, *, before: dt.date, besides: int | None = None
) -> dt.date | None:
    """The day of her last Marac referral recorded on an identification before ``before`` (other than
    the identification ``besides``, being corrected)."""
    earlier = RiskIdentification.objects.filter(
        family=family,
        survivor=survivor,
        struck_out_at=None,
        referred_to_marac_on__isnull=False,
        identified_on__lt=before,
    )
    if besides is not None:
        earlier = earlier.exclude(pk=besides)
    return earlier.order_by("-referred_to_marac_on").values_list("referred_to_marac_on", flat=True).first()


@dataclass(frozen=True)
class HerRisk:
    survivor: Person
    latest: RiskIdentification | None
    earlier: Sequence[RiskIdentification]
    due: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class HisRisk:
    person: Person
    latest: RiskReview | None
    due: dt.date | None
    overdue: bool
    markers: Sequence[SafetyMarker]


@dataclass(frozen=True)
class FamilyRisk:
    hers: Sequence[HerRisk]
    his: Sequence[HisRisk]
    checklist: Checklist

    def level_label(self, level: str) -> str:
        found = self.checklist.level(level)
        return found.label if found else level.replace("_", " ").capitalize()


def family_risk(family: Family, *, today: dt.date) -> FamilyRisk:
    """Her latest risk identification beside the latest review of each person causing harm (his first),
    each with its due date, and the safety markers set on him."""
    people = list(family.people.filter(struck_out_at=None).order_by("id"))
    identifications = list(
        RiskIdentification.objects.filter(family=family, struck_out_at=None).order_by("-identified_on", "-id")
    )
    reviews = list(RiskReview.objects.filter(family=family, struck_out_at=None).order_by("-reviewed_on", "-id"))
    markers = list(SafetyMarker.objects.filter(family=family, struck_out_at=None).order_by("-set_on", "-id"))
    his = []
    for person in (p for p in people if p.role == Role.PERSON_CAUSING_HARM):
        latest_review = next((r for r in reviews if r.person_id == person.pk), None)
        due = latest_review.next_review_on if latest_review else None
        his.append(
            HisRisk(
                person, latest_review, due, bool(due and due < today), [m for m in markers if m.person_id == person.pk]
            )
        )
    hers = []
    for person in (p for p in people if p.role == Role.ADULT_SURVIVOR):
        own = [i for i in identifications if i.survivor_id == person.pk]
        due = own[0].next_review_on if own else None
        hers.append(HerRisk(person, own[0] if own else None, own[1:], due, bool(due and due < today)))
    return FamilyRisk(hers, his, default_checklist())


def markers_for(family: Family) -> dict[int, list[SafetyMarker]]:
    """Person id -> the safety markers set on them (not struck out), newest first."""
    found: dict[int, list[SafetyMarker]] = {}
    for marker in SafetyMarker.objects.filter(family=family, struck_out_at=None).order_by("-set_on", "-id"):
        found.setdefault(marker.person_id, []).append(marker)
    return found


def marker_words(marker: SafetyMarker) -> tuple[list[str], list[str]]:
    """The marker's risks and visit arrangements, in words."""
    return (
        [STAFF_RISKS.get(r, r) for r in marker.risks],
        [VISIT_ARRANGEMENTS.get(a, a) for a in marker.arrangements],
    )


def person_causing_harm(family: Family, wanted: str) -> Person | None:
    """The person causing harm the address names (``?person=<id>``), else the family's first."""
    people = Person.objects.filter(family=family, role=Role.PERSON_CAUSING_HARM, struck_out_at=None).order_by("id")
    if wanted.isascii() and wanted.isdigit() and len(wanted) < 10:
        named = people.filter(pk=int(wanted)).first()
        if named is not None:
            return named
    return people.first()


def level_label(checklist: Checklist, level: str) -> str:
    found = checklist.level(level)
    return found.label if found else level.replace("_", " ").capitalize()


#: What a family without a risk review due sorts as: after every real date
NEVER_DUE = dt.date(9999, 12, 31)


def _latest_due(model: type[RiskIdentification] | type[RiskReview], person_field: str, day_field: str) -> Subquery:
    """The soonest next-review date among the family's latest records, one per person (a later record
    of the same person replaces it)."""
    later = model.objects.filter(
        **{person_field: OuterRef(person_field), f"{day_field}__gt": OuterRef(day_field)}, struck_out_at=None
    )
    latest = (
        model.objects.filter(family=OuterRef("pk"), struck_out_at=None, next_review_on__isnull=False)
        .exclude(Exists(later))
        .order_by("next_review_on")
        .values("next_review_on")[:1]
    )
    return Subquery(latest, output_field=DateField())


def families_by_risk_review_due(families: QuerySet[Family]) -> QuerySet[Family]:
    """The families sorted by the database: the soonest (or most overdue) risk review first, hers or his;
    families with none due last."""
    never = Value(NEVER_DUE, output_field=DateField())
    return families.annotate(
        risk_due=Least(
            Coalesce(_latest_due(RiskIdentification, "survivor", "identified_on"), never),
            Coalesce(_latest_due(RiskReview, "person", "reviewed_on"), never),
        )
    ).order_by("risk_due", "name", "reference", "pk")


@dataclass(frozen=True)
class RiskDue:
    """A risk review due on a family's caseload line: whose, of what kind, when, and whether overdue."""

    person: Person
    what: str
    due: dt.date
    overdue: bool


def risk_due_by_family(family_ids: Sequence[int], *, today: dt.date) -> dict[int, list[RiskDue]]:
    """For a page of families: each latest identification's and review's next review date, in two queries."""
    found: dict[int, list[RiskDue]] = {}
    seen: set[int] = set()
    rows: list[tuple[int, Person, dt.date | None, str]] = [
        (i.family_id, i.survivor, i.next_review_on, "identification")
        for i in RiskIdentification.objects.filter(family_id__in=family_ids, struck_out_at=None)
        .select_related("survivor")
        .order_by("-identified_on", "-id")
    ]
    rows += [
        (r.family_id, r.person, r.next_review_on, "review")
        for r in RiskReview.objects.filter(family_id__in=family_ids, struck_out_at=None)
        .select_related("person")
        .order_by("-reviewed_on", "-id")
    ]
    for family_id, person, due, what in rows:
        if person.pk in seen:
            continue  # only each person's latest counts
        seen.add(person.pk)
        if due is not None:
            found.setdefault(family_id, []).append(RiskDue(person, what, due, due < today))
    return found


def markers_by_family(family_ids: Sequence[int]) -> dict[int, list[SafetyMarker]]:
    """For a page of families: the safety markers set on each person causing harm, in one query."""
    found: dict[int, list[SafetyMarker]] = {}
    for marker in SafetyMarker.objects.filter(family_id__in=family_ids, struck_out_at=None).order_by("-set_on", "-id"):
        found.setdefault(marker.family_id, []).append(marker)
    return found


def criteria_shown(row: RiskIdentification) -> list[dict[str, object]]:
    """An identification's stored criteria, with each counted incident's day as a date."""
    shown = []
    for criterion in row.criteria:
        incidents = [{**i, "on": _iso_day(i.get("on"))} for i in criterion.get("incidents", [])]
        shown.append({**criterion, "incidents": incidents})
    return shown


def _iso_day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def wording(family: Family, texts: Sequence[tuple[str, str]]) -> list[tuple[str, list[Finding]]]:
    """The language review of a record's free text written by staff, field by field (label, findings),
    only fields with something to reconsider. Her own words are hers and are not passed here."""
    people = review_people(family)
    found = [(label, review(text, people)) for label, text in texts if text.strip()]
    return [(label, findings) for label, findings in found if findings]
