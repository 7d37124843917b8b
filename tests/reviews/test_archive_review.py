"""Archive language reviews, run by the real database worker (`db_worker --batch`).

The counts it stores equal the sum of `review()` over every note of every family the
user could read when it started; its progress reaches the total; it stores counts only.
"""

from __future__ import annotations

import html
import json
import re
import signal
from collections import Counter
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from spotlight.access.models import AccessLogEntry, User
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import CaseNote, Family
from spotlight.cli import DEMO_PASSWORD, _ensure_demo_users, load_synthetic
from spotlight.clock import local_today
from spotlight.language import Person, family_labels, review
from spotlight.reviews.models import (
    ArchiveReview,
    ArchiveReviewFamily,
    ArchiveReviewRuleCount,
    ArchiveReviewTeamCount,
)

WORKERS = {"North": ["sw.demo", "idva.demo"], "South": ["sw.south"]}


def run_worker() -> None:
    """What `spotlight manage db_worker --batch` does: run every queued task, then stop."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.fixture
def archive(transactional_db: None) -> Iterator[None]:
    _ensure_demo_users()
    load_synthetic(count=14, seed=11, today=local_today(), teams=("North", "South"), workers=WORKERS)
    yield


def login(client: Client, username: str) -> None:
    assert client.login(username=username, password=DEMO_PASSWORD)


def expected_counts(families: list[Family]) -> tuple[Counter[str], Counter[str], dict[int, Counter[str]]]:
    """What review() finds across the families' notes: totals, per rule, and per family."""
    totals: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    per_family: dict[int, Counter[str]] = {}
    for family in families:
        people = [Person(p.full_name, p.role) for p in family.people.order_by("id")]
        mine: Counter[str] = Counter()
        for note in CaseNote.objects.filter(family=family):
            findings = review(note.text, people)
            mine["notes"] += 1
            mine["findings"] += len(findings)
            mine["dismissed"] += sum(1 for f in findings if f.is_dismissed)
            per_rule.update(f.rule for f in findings)
        per_family[family.pk] = mine
        totals.update(mine)
    return totals, per_rule, per_family


@pytest.mark.usefixtures("archive")
def test_the_worker_counts_exactly_what_review_finds_in_every_readable_family(client: Client) -> None:
    manager = User.objects.get(username="manager.demo")
    readable = list(families_readable_by(manager).order_by("id"))
    assert 0 < len(readable) < Family.objects.count(), "the manager reads her team's families, not the other team's"
    CaseNote.objects.create(
        family=readable[0],
        occurred_on=local_today(),
        contact_type="record",
        text="The police log says she failed to protect [[keep: the police log's words, quoted]] the children.",
    )

    login(client, "manager.demo")
    response = client.post(reverse("archive_review_start"))
    review_row = ArchiveReview.objects.get(started_by=manager)
    assert response.status_code == 302 and response["Location"] == reverse(
        "archive_review_detail", args=[review_row.pk]
    )
    assert review_row.status == "queued" and review_row.families_done == 0
    stored = list(ArchiveReviewFamily.objects.filter(review=review_row).values_list("family_id", flat=True))
    assert sorted(stored) == [f.pk for f in readable], "the family list is fixed through the read gate at start"
    assert DBTaskResult.objects.get(id=review_row.task_id).status == "READY"

    run_worker()

    review_row.refresh_from_db()
    task = DBTaskResult.objects.get(id=review_row.task_id)
    assert task.status == "SUCCESSFUL", task.traceback
    totals, per_rule, per_family = expected_counts(readable)
    assert totals["findings"] > 0, "synthetic notes of varied practice quality have findings"
    assert totals["dismissed"] == 1, "the note kept with a reason is counted as kept"
    assert review_row.status == "done" and review_row.finished_at is not None
    assert review_row.families_done == review_row.families_total == len(readable)
    assert review_row.percent_done == 100
    assert review_row.notes_reviewed == totals["notes"]
    assert review_row.findings == totals["findings"]
    assert review_row.dismissed == totals["dismissed"]
    assert task.return_value == {
        "review": review_row.pk,
        "families_done": len(readable),
        "families_total": len(readable),
        "findings": totals["findings"],
        "dismissed": totals["dismissed"],
    }
    for row in ArchiveReviewFamily.objects.filter(review=review_row):
        assert row.done
        assert (row.notes, row.findings, row.dismissed) == (
            per_family[row.family_id]["notes"],
            per_family[row.family_id]["findings"],
            per_family[row.family_id]["dismissed"],
        )
    rule_rows = Counter[str]()
    for rule_count in ArchiveReviewRuleCount.objects.filter(review=review_row):
        rule_rows[rule_count.rule] += rule_count.findings
    assert rule_rows == per_rule
    teams = {t.team_name: t for t in ArchiveReviewTeamCount.objects.filter(review=review_row)}
    assert set(teams) == {f.team.name for f in readable}
    assert sum(t.findings for t in teams.values()) == totals["findings"]
    assert sum(t.families for t in teams.values()) == len(readable)

    # The results page: totals by kind of wording, the families with most findings, and the teams.
    page = client.get(reverse("archive_review_detail", args=[review_row.pk])).content.decode()
    text = html.unescape(page)
    assert "hx-trigger" not in page, "polling stops when the review has finished"
    assert f"{totals['findings'] - totals['dismissed']} finding" in text
    for label in family_labels().values():
        assert label in text
    worst = max(readable, key=lambda f: per_family[f.pk]["findings"] - per_family[f.pk]["dismissed"])
    assert f'href="{reverse("family_language", args=[worst.pk])}"' in page
    for other in Family.objects.exclude(pk__in=[f.pk for f in readable]):
        assert other.name not in text
    assert re.search(r'id="archive-by-team"', page)


@pytest.mark.usefixtures("archive")
def test_progress_is_visible_while_queued_and_polled_every_two_seconds(client: Client) -> None:
    login(client, "idva.demo")
    client.post(reverse("archive_review_start"))
    review_row = ArchiveReview.objects.get(started_by__username="idva.demo")
    url = reverse("archive_review_detail", args=[review_row.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'hx-get="{url}"' in page
    assert f"0 of {review_row.families_total} families reviewed" in page
    assert "Waiting for the background worker" in page
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="archive-progress"') and "<html" not in partial
    run_worker()
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial
    assert f"{review_row.families_total} of {review_row.families_total} families reviewed" in partial
    assert "Results" in partial


@pytest.mark.usefixtures("archive")
def test_a_second_review_while_one_is_running_is_refused_with_a_clear_message(client: Client) -> None:
    login(client, "manager.demo")
    client.post(reverse("archive_review_start"))
    first = ArchiveReview.objects.get(started_by__username="manager.demo")
    response = client.post(reverse("archive_review_start"))
    assert response.status_code == 409
    text = html.unescape(response.content.decode())
    assert "There is a problem" in text
    assert "You already have an archive review running" in text
    assert f"0 of {first.families_total} families reviewed" in text
    assert reverse("archive_review_detail", args=[first.pk]) in text
    assert ArchiveReview.objects.filter(started_by__username="manager.demo").count() == 1
    assert DBTaskResult.objects.count() == 1

    run_worker()
    assert client.post(reverse("archive_review_start")).status_code == 302, "once it has finished, another may start"
    assert ArchiveReview.objects.filter(started_by__username="manager.demo").count() == 2


@pytest.mark.usefixtures("archive")
def test_a_cancelled_review_stops_and_frees_the_user_to_start_another(client: Client) -> None:
    login(client, "manager.demo")
    client.post(reverse("archive_review_start"))
    review_row = ArchiveReview.objects.get(started_by__username="manager.demo")
    response = client.post(reverse("archive_review_cancel", args=[review_row.pk]), follow=True)
    assert "Archive review cancelled." in response.content.decode()
    run_worker()
    review_row.refresh_from_db()
    assert review_row.status == "cancelled" and review_row.families_done == 0
    assert DBTaskResult.objects.get(id=review_row.task_id).status == "SUCCESSFUL"
    assert client.post(reverse("archive_review_start")).status_code == 302


@pytest.mark.usefixtures("archive")
@pytest.mark.parametrize("username", ["sw.demo", "auditor.demo", "admin.demo"])
def test_only_managers_and_domestic_abuse_specialists_start_archive_reviews(client: Client, username: str) -> None:
    login(client, username)
    for response in (client.get(reverse("archive_review_list")), client.post(reverse("archive_review_start"))):
        assert response.status_code == 403
        assert "Only team managers and domestic abuse specialists" in html.unescape(response.content.decode())
    assert not ArchiveReview.objects.exists() and not DBTaskResult.objects.exists()


@pytest.mark.usefixtures("archive")
def test_another_users_review_is_not_found(client: Client) -> None:
    login(client, "manager.demo")
    client.post(reverse("archive_review_start"))
    review_row = ArchiveReview.objects.get()
    login(client, "idva.demo")
    assert client.get(reverse("archive_review_detail", args=[review_row.pk])).status_code == 404
    assert client.post(reverse("archive_review_cancel", args=[review_row.pk])).status_code == 404
    assert ArchiveReview.objects.get().status == "queued"


@pytest.mark.usefixtures("archive")
def test_the_review_stores_and_logs_counts_never_the_words(client: Client) -> None:
    login(client, "manager.demo")
    client.post(reverse("archive_review_start"))
    run_worker()
    review_row = ArchiveReview.objects.get()
    client.get(reverse("archive_review_detail", args=[review_row.pk]))
    flagged = {f.text.lower() for n in CaseNote.objects.all() for f in review(n.text)}
    sentences = {s.strip().lower() for n in CaseNote.objects.all() for s in n.text.split(".") if len(s.strip()) > 25}
    assert flagged and sentences
    stored = json.dumps(
        [
            list(ArchiveReview.objects.values()),
            list(ArchiveReviewFamily.objects.values()),
            list(ArchiveReviewRuleCount.objects.values()),
            list(ArchiveReviewTeamCount.objects.values()),
            list(DBTaskResult.objects.values("args_kwargs", "return_value", "traceback")),
            list(AccessLogEntry.objects.values("what")),
        ],
        default=str,
    ).lower()
    rule_ids = set(ArchiveReviewRuleCount.objects.values_list("rule", flat=True))  # ids, like "non-engagement"
    assert not [w for w in flagged - rule_ids if len(w) > 12 and w in stored]
    assert not [s for s in sentences if s in stored]
    logged = AccessLogEntry.objects.filter(what=f"archive language review {review_row.pk} (counts only)")
    assert logged.count() == review_row.families_total


def shared_database_url() -> str:
    """DATABASE_URL for the database this test runs on, so a worker process can share it."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.usefixtures("archive")
def test_the_demo_worker_process_runs_a_review_started_in_the_web_app(client: Client) -> None:
    import os
    import time

    from spotlight.cli import start_task_worker, stop_task_worker

    login(client, "manager.demo")
    client.post(reverse("archive_review_start"))
    review_row = ArchiveReview.objects.get()
    worker = start_task_worker(env={**os.environ, "DATABASE_URL": shared_database_url()})
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            review_row.refresh_from_db()
            if not review_row.is_active:
                break
            assert worker.poll() is None, "the worker process stopped on its own"
            time.sleep(0.2)
    finally:
        stop_task_worker(worker)
    assert worker.returncode == 0, "the worker stops cleanly when asked"
    assert review_row.status == "done", review_row.status
    totals, _, _ = expected_counts(list(Family.objects.filter(pk__in=review_row.family_rows.values("family_id"))))
    assert (review_row.families_done, review_row.findings, review_row.dismissed) == (
        review_row.families_total,
        totals["findings"],
        totals["dismissed"],
    )


@pytest.mark.usefixtures("archive")
def test_a_review_whose_worker_stopped_carries_on_where_it_stopped_without_counting_twice(client: Client) -> None:
    from spotlight.reviews import services, tasks

    login(client, "manager.demo")
    client.post(reverse("archive_review_start"))
    review_row = ArchiveReview.objects.get()
    # A worker claimed the task, reviewed the first families, and was stopped (the demo's Ctrl+C).
    DBTaskResult.objects.get(id=review_row.task_id).claim("a-worker-that-stopped")
    ArchiveReview.objects.filter(pk=review_row.pk).update(status="running")
    services._review_chunk(review_row.pk, list(ArchiveReviewFamily.objects.filter(review=review_row)[:3]))
    review_row.refresh_from_db()
    assert review_row.families_done == 3
    old_task = review_row.task_id

    assert tasks.archive_reviews_requeue_interrupted() == 1
    assert tasks.archive_reviews_requeue_interrupted() == 0, "a queued task is left to run"
    assert DBTaskResult.objects.get(id=old_task).status == "FAILED"
    run_worker()

    review_row.refresh_from_db()
    assert review_row.status == "done" and review_row.task_id != old_task
    totals, _, _ = expected_counts(list(Family.objects.filter(pk__in=review_row.family_rows.values("family_id"))))
    assert (review_row.families_done, review_row.notes_reviewed, review_row.findings) == (
        review_row.families_total,
        totals["notes"],
        totals["findings"],
    )


@pytest.mark.usefixtures("archive")
@pytest.mark.parametrize(("username", "shown"), [("manager.demo", True), ("idva.demo", True), ("sw.demo", False)])
def test_the_menu_offers_the_archive_review_only_to_those_who_can_start_one(
    client: Client, username: str, shown: bool
) -> None:
    login(client, username)
    page = client.get(reverse("caseload")).content.decode()
    assert ("Language across the archive" in page) is shown
