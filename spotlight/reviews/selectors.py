"""Reads for the language review pages: a draft note, a family's notes, an archive review.

Callers pass families they got from the read gate (`spotlight.cases.gate`);
nothing here decides who may read what. Nothing here logs a note's words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.http import Http404

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases.models import CaseNote, Family
from spotlight.cases.selectors import review_people
from spotlight.language import Finding, Severity, family_labels, review
from spotlight.language import Person as ReviewPerson
from spotlight.language.findings import with_kept
from spotlight.reviews.excerpts import Excerpt, excerpt
from spotlight.reviews.models import (
    ACTIVE_STATUSES,
    ArchiveReview,
    ArchiveReviewFamily,
    ArchiveReviewRuleCount,
    ArchiveReviewTeamCount,
    KeptWording,
)

#: Longest draft the note editor reviews as the worker types (the note form's own limit).
LIVE_REVIEW_MAX_CHARS = 100_000

#: What each severity asks of the worker, as shown on a tag beside the finding.
SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "Rewrite",
    Severity.WARNING: "Reconsider",
    Severity.SUGGESTION: "Suggestion",
}

#: How to mark the wording up: `<mark class="spotlight-mark spotlight-mark--{severity}">`.
SEVERITY_TAG_CLASSES: dict[Severity, str] = {
    Severity.ERROR: "govuk-tag--red",
    Severity.WARNING: "govuk-tag--orange",
    Severity.SUGGESTION: "govuk-tag--blue",
}

#: How a worker keeps wording she means, with her reason (the engine reads this marker).
KEEP_MARKER_EXAMPLE = "[[keep: your reason]]"


def family_label(rule_family: str) -> str:
    return family_labels().get(rule_family, rule_family.replace("_", " ").capitalize())


@dataclass(frozen=True)
class FindingView:
    """One finding, ready to show: the wording in its sentence, why it matters, what to write instead."""

    finding: Finding
    excerpt: Excerpt

    @property
    def severity(self) -> str:
        return self.finding.severity.value

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.finding.severity]

    @property
    def tag_class(self) -> str:
        return SEVERITY_TAG_CLASSES[self.finding.severity]

    @property
    def family_label(self) -> str:
        return self.finding.family_label or family_label(self.finding.family)


@dataclass(frozen=True)
class ReviewedText:
    """What the review found in one piece of text: findings to rewrite, and findings kept with a reason."""

    open: list[FindingView]
    kept: list[FindingView]

    @property
    def to_rewrite(self) -> int:
        return len(self.open)

    @property
    def kept_count(self) -> int:
        return len(self.kept)

    @property
    def total(self) -> int:
        return len(self.open) + len(self.kept)


def kept_wording(note_ids: Iterable[int] = (), *, family_ids: Iterable[int] = ()) -> dict[int, dict[str, str]]:
    """For each note (of these notes, or of these families), the wording kept on purpose: its key
    (`kept_key`) and the worker's reason."""
    rows = KeptWording.objects.filter(Q(note_id__in=list(note_ids)) | Q(note__family_id__in=list(family_ids)))
    kept: dict[int, dict[str, str]] = defaultdict(dict)
    for note_id, key, reason in rows.values_list("note_id", "key", "reason"):
        kept[note_id][key] = reason
    return kept


def reviewed_text(text: str, people: Sequence[ReviewPerson], kept: Mapping[str, str] | None = None) -> ReviewedText:
    findings = sorted(with_kept(review(text, people), kept or {}), key=lambda f: (f.start, f.end))
    views = [FindingView(f, excerpt(text, f.start, f.end)) for f in findings]
    return ReviewedText(
        open=[v for v in views if not v.finding.is_dismissed], kept=[v for v in views if v.finding.is_dismissed]
    )


@dataclass(frozen=True)
class DraftReview:
    """The live review of a note being written."""

    result: ReviewedText | None
    problem: str = ""  # a message for the worker when the draft could not be reviewed


def draft_review(text: str, people: Sequence[ReviewPerson]) -> DraftReview:
    if not text.strip():
        return DraftReview(result=None)
    if len(text) > LIVE_REVIEW_MAX_CHARS:
        return DraftReview(
            result=None,
            problem=(
                f"The note is longer than {LIVE_REVIEW_MAX_CHARS:,} characters, so its wording cannot be checked "
                "as you type. Shorten it, or split it into more than one note."
            ),
        )
    return DraftReview(result=reviewed_text(text, people))


@dataclass(frozen=True)
class NoteCounts:
    to_rewrite: int
    kept: int


def note_finding_counts(family: Family, notes: Iterable[CaseNote]) -> dict[int, NoteCounts]:
    """How many findings each note has, for the badges in the chronology (notes with none are left out)."""
    people = review_people(family)
    notes = list(notes)
    kept_by_note = kept_wording(n.pk for n in notes)
    counts: dict[int, NoteCounts] = {}
    for note in notes:
        findings = with_kept(review(note.text, people), kept_by_note.get(note.pk, {}))
        if findings:
            kept = sum(1 for f in findings if f.is_dismissed)
            counts[note.pk] = NoteCounts(to_rewrite=len(findings) - kept, kept=kept)
    return counts


@dataclass(frozen=True)
class RuleFamilyCount:
    rule_family: str
    label: str
    findings: int
    dismissed: int

    @property
    def to_rewrite(self) -> int:
        return self.findings - self.dismissed


def _rule_family_counts(counts: dict[str, list[int]]) -> list[RuleFamilyCount]:
    """Every rule family the engine knows, in its own order, then any others that were counted."""
    labels = family_labels()
    order = list(labels) + sorted(k for k in counts if k not in labels)
    return [RuleFamilyCount(k, family_label(k), counts.get(k, [0, 0])[0], counts.get(k, [0, 0])[1]) for k in order]


@dataclass(frozen=True)
class NoteReview:
    note: CaseNote
    reviewed: ReviewedText


@dataclass
class FamilyLanguageReport:
    family: Family
    notes_total: int
    notes: list[NoteReview] = field(default_factory=list)  # only notes with findings, newest first
    by_rule_family: list[RuleFamilyCount] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(n.reviewed.total for n in self.notes)

    @property
    def kept(self) -> int:
        return sum(n.reviewed.kept_count for n in self.notes)

    @property
    def to_rewrite(self) -> int:
        return self.findings - self.kept

    @property
    def notes_clean(self) -> int:
        return self.notes_total - len(self.notes)


def family_language_report(family: Family) -> FamilyLanguageReport:
    """Every finding across the family's case notes, grouped by note, with counts by rule family."""
    people = review_people(family)
    notes = (
        CaseNote.objects.filter(family=family, struck_out_at=None)
        .select_related("agency")
        .order_by("-occurred_on", "-id")
    )
    report = FamilyLanguageReport(family=family, notes_total=0)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kept = kept_wording(notes.values_list("id", flat=True))
    for note in notes:
        report.notes_total += 1
        reviewed = reviewed_text(note.text, people, kept.get(note.pk))
        if reviewed.total:
            report.notes.append(NoteReview(note, reviewed))
        for view in (*reviewed.open, *reviewed.kept):
            counts[view.finding.family][0] += 1
            counts[view.finding.family][1] += int(view.finding.is_dismissed)
    report.by_rule_family = _rule_family_counts(counts)
    return report


@dataclass
class ArchiveResults:
    review: ArchiveReview
    by_rule_family: list[RuleFamilyCount]
    top_families: Sequence[ArchiveReviewFamily]
    families_not_shown: int
    teams: list[ArchiveReviewTeamCount]


def user_archive_reviews(user_id: int) -> QuerySet[ArchiveReview]:
    return ArchiveReview.objects.filter(started_by_id=user_id)


def active_archive_review(user: User) -> ArchiveReview | None:
    return ArchiveReview.objects.filter(started_by=user, status__in=ACTIVE_STATUSES).first()


def archive_review_for(user: User, review_id: int) -> ArchiveReview:
    """Her own archive review (nobody else's is open to her: "not found")."""
    found = ArchiveReview.objects.filter(pk=review_id).first()
    if found is None or not policy.may_manage_archive_review(user, started_by_id=found.started_by_id):
        raise Http404("No archive review with that number is yours.")
    return found


def archive_results(review: ArchiveReview, readable: QuerySet[Family], *, top: int = 20) -> ArchiveResults:
    """The counts of an archive review. Families are named only if the user can still read them."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in ArchiveReviewRuleCount.objects.filter(review=review).values("rule_family", "findings", "dismissed"):
        counts[row["rule_family"]][0] += row["findings"]
        counts[row["rule_family"]][1] += row["dismissed"]
    with_findings = ArchiveReviewFamily.objects.filter(review=review, done=True, findings__gt=0)
    shown = with_findings.filter(family_id__in=readable.values("id"))
    top_families = list(
        shown.select_related("family", "team")
        .annotate(open_findings=F("findings") - F("dismissed"))
        .order_by("-open_findings", "-findings", "family__name", "family_id")[:top]
    )
    return ArchiveResults(
        review=review,
        by_rule_family=_rule_family_counts(counts),
        top_families=top_families,
        families_not_shown=with_findings.count() - shown.count(),
        teams=list(ArchiveReviewTeamCount.objects.filter(review=review).order_by("team_name")),
    )


def note_finding(family: Family, note_id: int, rule: str, start: str) -> FindingView | None:
    """One finding in a note of the family (by rule and where it starts), to show beside the keep form;
    None when the note or the finding is not there (the form then says so)."""
    note = CaseNote.objects.filter(family=family, pk=note_id).first()
    if note is None or not start.isdigit():
        return None
    for f in review(note.text, review_people(family)):
        if f.rule == rule and f.start == int(start):
            return FindingView(f, excerpt(note.text, f.start, f.end))
    return None
