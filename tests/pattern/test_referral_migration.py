"""No programme referral recorded before support offers and progress were kept is lost: the migration
gives each one step from its status (and its date, or the day he was referred), and keeps the rest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("pattern", "0005_note_fact_decisions")]
AFTER = [("pattern", "0006_referral_progress_and_support_for_her")]


@pytest.mark.django_db(transaction=True)
def test_every_earlier_referral_gets_one_step_and_keeps_what_it_held() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    team = old.get_model("access", "Team").objects.create(name="North")
    family = old.get_model("cases", "Family").objects.create(name="Reid family", team=team, reference="T-1")
    him = old.get_model("cases", "Person").objects.create(
        family=family, role="person_causing_harm", given_name="Darren"
    )
    referral = old.get_model("pattern", "ProgrammeReferral")
    started = referral.objects.create(
        family=family,
        person=him,
        programme="one_to_one",
        referred_on=dt.date(2026, 3, 1),
        status="started",
        status_on=dt.date(2026, 4, 2),
        support_for_her=True,
        note="He has been to two sessions.",
    )
    waiting = referral.objects.create(
        family=family, person=him, programme="fathering_programme", referred_on=dt.date(2026, 5, 6)
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("pattern", "ProgrammeReferral")
    after = {r.pk: r for r in new.objects.all()}
    assert after[started.pk].progress == [{"status": "started", "on": "2026-04-02", "sessions": None}]
    assert after[waiting.pk].progress == [{"status": "referred", "on": "2026-05-06", "sessions": None}]
    assert (after[started.pk].support_for_her, after[started.pk].note) == (True, "He has been to two sessions.")
    assert after[started.pk].support_provider == "" and after[started.pk].support_survivor_id is None
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # as the other tests expect it
