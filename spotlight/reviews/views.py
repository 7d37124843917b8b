"""The language review's pages: the note editor with its live review, a family's language review, and
archive reviews. Thin: services and tasks write, selectors read, the gate decides access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.cases import forms as case_forms
from spotlight.cases import services as case_services
from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, families_readable_by, family_for_read, family_for_write
from spotlight.cases.models import Family
from spotlight.cases.selectors import review_people
from spotlight.reviews import selectors, services, tasks
from spotlight.reviews.editor import with_live_review
from spotlight.reviews.forms import KeepWordingForm
from spotlight.ui.requests import not_allowed, staff_user

NOT_A_STARTER = "Only team managers and domestic abuse specialists can start or see archive language reviews."


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, family_id: int) -> HttpResponse:
    """A new case note, its wording reviewed as she types. Advice only: the note saves either way."""

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        note = case_services.case_note_create(
            target=target,
            occurred_on=data["occurred_on"],
            contact_type=data["contact_type"],
            agency_id=data["agency"].pk if data["agency"] else None,
            present_ids=data["present"],
            text=data["text"],
        )
        counts = selectors.note_finding_counts(target.family, [note]).get(note.pk)
        if counts and counts.to_rewrite:
            plural = "s" if counts.to_rewrite != 1 else ""
            return (
                f"Case note added to the chronology. The language review suggests rewording "
                f"{counts.to_rewrite} phrase{plural} in it."
            )
        return "Case note added to the chronology."

    def live_review(family: Family) -> dict[str, Any]:
        text = request.POST.get("text", "") if request.method == "POST" else ""
        return {"draft": selectors.draft_review(text, review_people(family))}

    return family_form_view(
        request,
        family_id,
        what="add case note form",
        title="Add a case note",
        submit="Add the note",
        make_form=lambda family, data: with_live_review(case_forms.CaseNoteForm(data, family=family), family),
        save=save,
        template="cases/note_form.html",
        extra=live_review,
    )


@require_POST
def note_review(request: HttpRequest, family_id: int) -> HttpResponse:
    """The live language review of a note being written. Advice only: nothing is saved, and
    neither the draft nor the findings are logged anywhere."""
    family = family_for_write(staff_user(request), family_id, what="language review of a draft note").family
    draft = selectors.draft_review(request.POST.get("text", ""), review_people(family))
    response = render(request, "reviews/_live_review_response.html", {"draft": draft, "family": family})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def family_language(request: HttpRequest, family_id: int) -> HttpResponse:
    """Every finding across the family's case notes. Logged as a view of the family, never with the words."""
    user = staff_user(request)
    family = family_for_read(user, family_id, what="language review page")
    report = selectors.family_language_report(family)
    context = {"family": family, "report": report, "can_write": policy.may_change_record(user)}
    return render(request, "reviews/family_language.html", context)


def _list_page(request: HttpRequest, user: User, *, error: str = "", status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "reviews": list(selectors.user_archive_reviews(user.pk)[:20]),
        "running": selectors.active_archive_review(user),
        "families_open": families_readable_by(user).count(),
        "error": error,
    }
    return render(request, "reviews/archive_list.html", context, status=status)


@require_GET
def archive_review_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_start_archive_review(user):
        return not_allowed(request, NOT_A_STARTER)
    return _list_page(request, user)


@require_POST
def archive_review_start(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_start_archive_review(user):
        return not_allowed(request, NOT_A_STARTER)
    try:
        started = tasks.archive_review_start(user=user)
    except services.ArchiveReviewAlreadyRunning as exc:
        return _list_page(request, user, error=str(exc), status=409)
    except services.ArchiveReviewRefused as exc:
        return _list_page(request, user, error=str(exc), status=400)
    messages.success(
        request, f"Archive review started: {started.families_total} families. This page shows its progress."
    )
    return redirect("archive_review_detail", review_id=started.pk)


@require_GET
def archive_review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    """Progress while it runs (htmx polls the progress section every 2 seconds), then the results."""
    user = staff_user(request)
    if not policy.may_start_archive_review(user):
        return not_allowed(request, NOT_A_STARTER)
    review = selectors.archive_review_for(user, review_id)
    results = None
    if not review.is_active and review.families_done:
        results = selectors.archive_results(review, families_readable_by(user))
        access_log_write_many(
            user=user,
            action=AccessAction.VIEW,
            what=f"archive language review {review.pk} results",
            family_ids=[row.family_id for row in results.top_families],
        )
    context = {"review": review, "results": results}
    if request.htmx:  # type: ignore[attr-defined]  # set by django_htmx's middleware
        return render(request, "reviews/_archive_progress.html", context)
    return render(request, "reviews/archive_detail.html", context)


@require_POST
def archive_review_cancel(request: HttpRequest, review_id: int) -> HttpResponse:
    user = staff_user(request)
    review = selectors.archive_review_for(user, review_id)
    if services.archive_review_cancel(user=user, review_row=review):
        messages.success(request, "Archive review cancelled. The counts so far are kept.")
    else:
        messages.success(request, "This archive review had already ended, so there was nothing to cancel.")
    return redirect("archive_review_detail", review_id=review.pk)


@require_http_methods(["GET", "POST"])
def wording_keep(request: HttpRequest, family_id: int, note_id: int) -> HttpResponse:
    """Keep flagged wording on purpose, with a reason, beside the finding (not typed into the note)."""
    source = request.POST if request.method == "POST" else request.GET

    def make_form(family: Family, data: Any) -> KeepWordingForm:
        initial = {name: source.get(name, "") for name in ("rule", "start", "end")}
        return KeepWordingForm(data, initial=initial)

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.wording_keep(
            target=target,
            note_id=note_id,
            rule=data["rule"],
            start=data["start"],
            end=data["end"],
            reason=data["reason"],
        )
        return "The wording is kept, with your reason. The review shows it as kept, not as wording to rewrite."

    def extra(family: Family) -> dict[str, Any]:
        return {"finding": selectors.note_finding(family, note_id, source.get("rule", ""), source.get("start", ""))}

    return family_form_view(
        request,
        family_id,
        what=f"keep wording in case note {note_id} form",
        title="Keep this wording on purpose",
        submit="Keep the wording",
        make_form=make_form,
        save=save,
        template="reviews/keep_wording.html",
        extra=extra,
    )
