"""Background work for language reviews, run by the database worker (`spotlight manage db_worker`):
queueing an archive review, running it, and queueing again the ones a stopped worker left unfinished.

Imports run one way: tasks call services, never the reverse.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from spotlight.access.models import User
from spotlight.reviews import services
from spotlight.reviews.models import ACTIVE_STATUSES, ArchiveReview


class ArchiveReviewFailed(Exception):
    """Raised, without the original exception's message, when an archive review stops on an error:
    an error message could quote a note, and task results and worker logs must never hold one."""


@task()
def run_archive_review(review_id: int) -> dict[str, int]:
    try:
        done = services.archive_review_run(review_id)
    except Exception as exc:
        services.archive_review_fail(review_id, reason=f"The review stopped on an error ({type(exc).__name__}).")
        raise ArchiveReviewFailed(f"archive review {review_id} stopped on {type(exc).__name__}") from None
    return {
        "review": done.pk,
        "families_done": done.families_done,
        "families_total": done.families_total,
        "findings": done.findings,
        "dismissed": done.dismissed,
    }


def _queue(review_row: ArchiveReview) -> None:
    review_row.task_id = str(run_archive_review.enqueue(review_row.pk).id)
    review_row.save(update_fields=["task_id"])


@transaction.atomic
def archive_review_start(*, user: User) -> ArchiveReview:
    """Fixes the families the user can read now, and queues the background review of their notes
    (in the same transaction: both happen, or neither)."""
    review_row = services.archive_review_create(user=user)
    _queue(review_row)
    return review_row


def archive_reviews_requeue_interrupted() -> int:
    """Queues again every unfinished archive review whose task is no longer waiting to run, for
    example because the worker was stopped in the middle of it. The review carries on from the
    families it had not finished. Call it only when no worker is running (as `spotlight demo` does)."""
    from django_tasks_db.models import DBTaskResult  # the backend's own table, only needed here

    requeued = 0
    for row in ArchiveReview.objects.filter(status__in=ACTIVE_STATUSES):
        found = DBTaskResult.objects.filter(id=row.task_id).first() if row.task_id else None
        if found is not None and found.status == "READY":
            continue
        if found is not None and found.status == "RUNNING":
            found.set_failed(services.ArchiveReviewInterrupted(f"archive review {row.pk}: the worker stopped"))
        _queue(row)
        requeued += 1
    return requeued
