"""Facts found in notes, on screen: listed for the worker, added to the map from a form filled in from
the note, or dismissed and never offered again. Through the read and write gates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from spotlight.audit.services import evidence_for_family
from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry, NoteFactDecision
from spotlight.pattern.selectors import facts_in_notes
from tests.conftest import PASSWORD, SpotlightClient, World

NOTE = "Home visit. Sarah said Darren took her bank card last month. Mia hides under her bed when he shouts."


def _client(username: str) -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _note(world: World, key: str = "north_allocated") -> CaseNote:
    return CaseNote.objects.create(
        family=world.families[key],
        occurred_on=local_today() - dt.timedelta(days=3),
        contact_type="home_visit",
        text=NOTE,
    )


def _url(name: str, world: World, family: str = "north_allocated", **kwargs: object) -> str:
    return reverse(name, kwargs={"family_id": world.families[family].pk, **kwargs})


@pytest.mark.django_db
def test_a_worker_sees_what_the_notes_hold_adds_one_and_dismisses_another(world: World) -> None:
    note = _note(world)
    client = _client("sw_north")
    family_page = client.get(_url("family_detail", world)).content.decode()
    assert "in the notes are not on the map" in family_page

    page = client.get(_url("notes_facts", world)).content.decode()
    assert "Economic abuse" in page and "<mark>took her bank card</mark>" in page
    lines = {line.fact.catalogue_id: line for line in facts_in_notes(world.families["north_allocated"])}
    money, hiding = lines["economic_abuse"], lines["fear_hiding"]
    assert money.people == [world.him] and [c.given_name for c in hiding.children] == ["Mia"]

    add = _url("note_fact_add", world, note_id=note.pk, key=money.key)
    form = client.get(add).content.decode()
    assert 'value="economic_abuse" selected' in form and "Found in the note of" in form
    assert "took her bank card last month" in form  # the sentence, for her to check and correct
    data = {
        "person": str(world.him.pk),
        "kind": "economic_abuse",
        "relationship": "current",
        "period": "last month",
        "source": "adult_survivor",
        "description": "Sarah said Darren took her bank card last month.",
    }
    response = client.post(add, data)
    assert response.status_code == 302
    entry = BehaviourEntry.objects.get(family=world.families["north_allocated"])
    assert entry.kind == "economic_abuse" and entry.person == world.him
    decision = NoteFactDecision.objects.get(note=note, key=money.key)
    assert decision.decision == "accepted" and decision.behaviour_entry == entry and "bank" not in decision.key

    family = world.families["north_allocated"]
    assert evidence_for_family(family).in_notes.children_harmed  # the note's harm to Mia is audit evidence
    dismiss = _url("note_fact_dismiss", world, note_id=note.pk, key=hiding.key)
    assert client.post(dismiss).status_code == 302
    assert not evidence_for_family(family).in_notes.children_harmed  # dismissed, it no longer is
    left = {line.fact.catalogue_id for line in facts_in_notes(world.families["north_allocated"])}
    assert "economic_abuse" not in left and "fear_hiding" not in left
    assert client.post(dismiss).status_code == 404  # not offered, so not dismissed twice
    assert client.get(add).status_code == 404


@pytest.mark.django_db
def test_a_bad_key_or_another_familys_note_is_not_found(world: World) -> None:
    note = _note(world, "south")
    client = _client("sw_north")
    assert client.get(_url("note_fact_add", world, note_id=note.pk, key="0" * 64)).status_code == 404
    assert (
        client.get(f"/families/{world.families['north_allocated'].pk}/pattern/found-in-notes/1/nothex/add/").status_code
        == 404
    )
    assert client.get(_url("notes_facts", world, "south")).status_code == 404  # not hers to read


@pytest.mark.django_db
def test_a_reader_who_may_not_change_the_record_cannot_add_or_dismiss(world: World) -> None:
    note = _note(world, "south")
    line = facts_in_notes(world.families["south"])[0]
    client = _client("auditor")
    page = client.get(_url("notes_facts", world, "south")).content.decode()
    assert "Add to the map" not in page and "Dismiss" not in page
    assert client.post(_url("note_fact_dismiss", world, "south", note_id=note.pk, key=line.key)).status_code == 403
    assert not NoteFactDecision.objects.exists()


@pytest.mark.django_db
def test_a_draft_is_read_for_the_map_as_she_types_and_nothing_is_kept(world: World) -> None:
    from spotlight.access.models import AccessLogEntry

    logged = AccessLogEntry.objects.count()
    client = _client("sw_north")
    response = client.post(_url("draft_facts", world), {"text": NOTE})
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Economic abuse" in page and "<mark>took her bank card</mark>" in page
    assert "Nothing found" in client.post(_url("draft_facts", world), {"text": "Phoned the school."}).content.decode()
    assert not NoteFactDecision.objects.exists()
    assert not AccessLogEntry.objects.filter(what__icontains="bank").exists()
    assert AccessLogEntry.objects.count() - logged <= 2  # the gate's own line per request, never the words
    assert _client("auditor").post(_url("draft_facts", world, "south"), {"text": NOTE}).status_code == 403


@pytest.mark.django_db
def test_a_draft_of_only_concerns_asks_whats_working_and_one_with_her_efforts_does_not(world: World) -> None:
    client = _client("sw_north")
    url = _url("draft_facts", world)
    concern = client.post(url, {"text": "Darren punched the door and Mia hid under her bed."}).content.decode()
    assert "What's working?" in concern.replace("&#x27;", "'")
    both = client.post(url, {"text": "Darren punched the door. Sarah took Mia to her sister's house."}).content.decode()
    assert "What's working?" not in both.replace("&#x27;", "'")
