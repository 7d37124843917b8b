"""Keeping wording on purpose is an action beside the finding, with its own reason (issue 11), not
markup typed into the note; markers typed before stay readable and are shown as kept."""

from __future__ import annotations

import pytest

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote
from spotlight.cases.selectors import review_people
from spotlight.clock import local_today
from spotlight.language import review
from spotlight.reviews.models import KeptWording
from spotlight.reviews.selectors import note_finding_counts
from tests.conftest import SpotlightClient, World

FLAGGED = "Sarah failed to protect Mia from the violence."


def _note(world: World, text: str = FLAGGED) -> CaseNote:
    return CaseNote.objects.create(
        family=world.families["north_allocated"], occurred_on=local_today(), contact_type="home_visit", text=text
    )


def _client(world: World, username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    client.force_login(world.users[username])
    return client


def _keep_url(note: CaseNote) -> str:
    finding = review(note.text, review_people(note.family))[0]
    return (
        f"/families/{note.family_id}/notes/{note.pk}/keep/?rule={finding.rule}&start={finding.start}&end={finding.end}"
    )


def _keep_post(note: CaseNote, reason: str) -> dict[str, object]:
    finding = review(note.text, review_people(note.family))[0]
    return {"rule": finding.rule, "start": finding.start, "end": finding.end, "reason": reason}


@pytest.mark.django_db
def test_a_worker_keeps_flagged_wording_with_a_reason_and_it_counts_as_kept(world: World) -> None:
    note = _note(world)
    client = _client(world)
    before = note_finding_counts(note.family, [note])[note.pk]
    language = client.get(f"/families/{note.family_id}/language/").content.decode()
    assert "Keep this wording, with a reason" in language
    page = client.get(_keep_url(note))
    assert page.status_code == 200 and "failed to protect" in page.content.decode()
    missing = client.post(f"/families/{note.family_id}/notes/{note.pk}/keep/", _keep_post(note, " "))
    assert missing.status_code == 200 and "Say why you are keeping this wording" in missing.content.decode()
    done = client.post(
        f"/families/{note.family_id}/notes/{note.pk}/keep/", _keep_post(note, "Her mother's words, quoted")
    )
    assert done.status_code == 302
    after = note_finding_counts(note.family, [note])[note.pk]
    assert after.kept == before.kept + 1 and after.to_rewrite == before.to_rewrite - 1
    kept = KeptWording.objects.get(note=note)
    assert kept.reason == "Her mother's words, quoted" and "protect" not in kept.key
    assert AccessLogEntry.objects.filter(what=f"case note {note.pk}: wording kept").exists()
    assert not AccessLogEntry.objects.filter(what__icontains="protect").exists()
    assert (
        "Kept, because: Her mother&#x27;s words, quoted"
        in client.get(f"/families/{note.family_id}/language/").content.decode()
    )


@pytest.mark.django_db
def test_wording_rewritten_away_has_nothing_left_to_keep(world: World) -> None:
    note = _note(world)
    client = _client(world)
    post = _keep_post(note, "Quoted")
    note.text = "Darren hit Sarah. Sarah took Mia to her sister's that night."
    note.save()
    refused = client.post(f"/families/{note.family_id}/notes/{note.pk}/keep/", post)
    assert refused.status_code == 200 and "no longer finds that wording" in refused.content.decode()
    assert not KeptWording.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?rule=x&start=abc&end=1", "", "?start=-4&end=2&rule="])
def test_a_bad_finding_in_the_address_gets_a_clear_message_not_an_error(world: World, query: str) -> None:
    note = _note(world)
    client = _client(world)
    assert client.get(f"/families/{note.family_id}/notes/{note.pk}/keep/{query}").status_code == 200
    posted = client.post(
        f"/families/{note.family_id}/notes/{note.pk}/keep/{query}", {"reason": "Quoted", "start": "abc"}
    )
    assert posted.status_code == 200 and "does not say which wording to keep" in posted.content.decode()


@pytest.mark.django_db
def test_only_those_who_may_change_the_record_keep_wording(world: World) -> None:
    note = CaseNote.objects.create(
        family=world.families["south"], occurred_on=local_today(), contact_type="home_visit", text=FLAGGED
    )
    auditor = _client(world, "auditor")
    assert auditor.post(f"/families/{note.family_id}/notes/{note.pk}/keep/", _keep_post(note, "x")).status_code == 403
    assert (
        _client(world).post(f"/families/{note.family_id}/notes/{note.pk}/keep/", _keep_post(note, "x")).status_code
        == 404
    )
    assert not KeptWording.objects.exists()


@pytest.mark.django_db
def test_a_keep_marker_typed_in_a_note_is_shown_as_kept_not_as_markup(world: World) -> None:
    _note(world, "Sarah said she <b>failed to protect</b> Mia [[keep: her own words]] and cried.")
    page = _client(world).get(f"/families/{world.families['north_allocated'].pk}/").content.decode()
    assert "[[keep" not in page
    assert "Kept on purpose: her own words" in page
    assert "&lt;b&gt;failed to protect&lt;/b&gt;" in page  # the note's own text stays escaped
