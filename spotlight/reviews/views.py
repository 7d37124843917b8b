"""Archive language reviews. Thin: services start and cancel them, selectors read their counts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from spotlight.access.models import AccessAction, User
from spotlight.access.selectors import families_readable_by
from spotlight.access.services import access_log_write_many
from spotlight.reviews import selectors, services
from spotlight.reviews.models import ArchiveReview
from spotlight.ui.requests import not_allowed, staff_user

NOT_A_STARTER = "Only team managers and domestic abuse specialists can start or see archive language reviews."


def _list_page(request: HttpRequest, user: User, *, error: str = "", status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "reviews": list(selectors.user_archive_reviews(user.pk)[:20]),
        "running": services.active_archive_review(user),
        "families_open": families_readable_by(user).count(),
        "error": error,
    }
    return render(request, "reviews/archive_list.html", context, status=status)


@require_GET
def archive_review_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not services.can_start_archive_review(user):
        return not_allowed(request, NOT_A_STARTER)
    return _list_page(request, user)


@require_POST
def archive_review_start(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not services.can_start_archive_review(user):
        return not_allowed(request, NOT_A_STARTER)
    try:
        started = services.archive_review_start(user=user)
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
    if not services.can_start_archive_review(user):
        return not_allowed(request, NOT_A_STARTER)
    review = get_object_or_404(ArchiveReview, pk=review_id, started_by=user)
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
    review = get_object_or_404(ArchiveReview, pk=review_id, started_by=user)
    if services.archive_review_cancel(user=user, review_row=review):
        messages.success(request, "Archive review cancelled. The counts so far are kept.")
    else:
        messages.success(request, "This archive review had already ended, so there was nothing to cancel.")
    return redirect("archive_review_detail", review_id=review.pk)
