"""Background tasks for language reviews, run by the database worker (`spotlight manage db_worker`)."""

from __future__ import annotations

from django_tasks import task

from spotlight.reviews import services


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
