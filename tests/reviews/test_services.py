"""Archive language reviews' services, called directly: who may start one, what it fixes when it
starts, running it in the same process, and cancelling (only her own)."""

from __future__ import annotations

import pytest

from spotlight.cases.gate import families_readable_by
from spotlight.reviews import services
from spotlight.reviews.models import ArchiveReviewFamily, ArchiveReviewStatus
from tests.conftest import World


@pytest.mark.django_db
def test_only_quality_leads_start_one_and_it_fixes_the_families_open_to_them(world: World) -> None:
    for name in ("sw_north", "auditor", "admin"):
        with pytest.raises(services.ArchiveReviewRefused):
            services.archive_review_create(user=world.users[name])
    manager = world.users["manager_north"]
    row = services.archive_review_create(user=manager)
    fixed = set(ArchiveReviewFamily.objects.filter(review=row).values_list("family_id", flat=True))
    assert fixed == set(families_readable_by(manager).values_list("id", flat=True))
    with pytest.raises(services.ArchiveReviewAlreadyRunning):
        services.archive_review_create(user=manager)


@pytest.mark.django_db
def test_running_it_counts_every_note_and_only_she_may_cancel_it(world: World) -> None:
    manager = world.users["manager_north"]
    row = services.archive_review_create(user=manager)
    with pytest.raises(services.ArchiveReviewRefused):
        services.archive_review_cancel(user=world.users["idva_north"], review_row=row)
    done = services.archive_review_run(row.pk, chunk=1)
    assert done.status == ArchiveReviewStatus.DONE
    assert done.families_done == done.families_total == len(world.families) - 1  # not the South family
    assert done.notes_reviewed == 1  # the one note in the world
    assert services.archive_review_cancel(user=manager, review_row=done) is False, "it had already ended"
