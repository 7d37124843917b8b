"""Writes for wins. Takes the `WritableFamily` the write gate hands out, checks everything (a win that says
nothing specific is refused, saying what is missing), saves and logs: what kind of record and its id,
never its words."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.cases.gate import WritableFamily, families_readable_by
from spotlight.cases.models import Person
from spotlight.cases.selectors import holds_sealed_detail, review_people
from spotlight.clock import local_today
from spotlight.language import review
from spotlight.language.findings import PRAISE_FAMILIES
from spotlight.wins.domain.wins import default_wins, generic
from spotlight.wins.models import StrengthsLetter, Supervision, Win


@dataclasses.dataclass(frozen=True)
class WinGiven:
    happened_on: dt.date
    what: str
    who: str
    why_it_matters: str
    shows: str
    person_id: int | None = None
    told_to_family: bool = False


def win_fill(target: WritableFamily, row: Win, given: WinGiven) -> None:
    """Checks a win (new, or a correction) and sets it."""
    wins = default_wins()
    errors: dict[str, str] = {}
    what = given.what.strip()
    if not what:
        errors["what"] = "Say what happened: who did what, and when."
    else:
        praise = generic(what, review_people(target.family))
        if praise:
            errors["what"] = (
                f"Say what exactly happened: “{praise}” does not say what anyone did. Who did what, and when?"
            )
    if not given.why_it_matters.strip():
        errors["why_it_matters"] = "Say why it matters: for her, for the children, or for the work."
    if given.who not in {c.id for c in wins.who}:
        errors["who"] = "Choose who did it."
    if given.shows not in {c.id for c in wins.shows}:
        errors["shows"] = "Choose what it shows."
    if given.happened_on > local_today():
        errors["happened_on"] = "The date must be today or in the past."
    person = None
    if given.person_id:
        person = Person.objects.filter(family=target.family, pk=given.person_id, struck_out_at=None).first()
        if person is None:
            errors["person"] = "This person is not recorded in this family."
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    row.happened_on, row.what, row.who, row.person = given.happened_on, what, given.who, person
    row.why_it_matters, row.shows, row.told_to_family = given.why_it_matters.strip(), given.shows, given.told_to_family


def win_record(*, target: WritableFamily, given: WinGiven) -> Win:
    row = Win(family=target.family, recorded_by=target.user)
    win_fill(target, row, given)
    with transaction.atomic():
        row.save()
        target.log(AccessAction.CREATE, f"win {row.pk}")
    return row


#: How a strengths letter can be given
GIVEN_HOW = {
    "in_person": "Given to her in person",
    "read_aloud": "Read with her",
    "post": "Posted to a safe address she chose",
    "email": "Sent to a safe email address she chose",
}


def letter_record(
    *, target: WritableFamily, survivor_id: int, text: str, given_on: dt.date, given_how: str
) -> StrengthsLetter:
    """Record a strengths letter as given. Refused, saying why, if it would give away a sealed detail, or
    if the language review finds wording in it that blames her or hides who did what."""
    errors: dict[str, str] = {}
    survivor = Person.objects.filter(
        family=target.family, pk=survivor_id, role="adult_survivor", struck_out_at=None
    ).first()
    if survivor is None:
        errors["survivor"] = "Choose the adult survivor the letter is for."
    body = text.strip()
    if not body:
        errors["text"] = "Write the letter."
    elif survivor is not None and holds_sealed_detail(body, survivor):
        errors["text"] = (
            "The letter holds one of her sealed details (an address, a phone number or a safe contact): "
            "take it out. A letter can be lost or read by someone else."
        )
    else:
        blames = [f for f in review(body, review_people(target.family)) if f.family not in PRAISE_FAMILIES]
        if blames:
            words = "; ".join(f"“{f.text}” ({f.family_label.lower() or f.family})" for f in blames[:3])
            errors["text"] = f"Reword before it is given: {words}."
    if given_how not in GIVEN_HOW:
        errors["given_how"] = "Choose how the letter was given."
    if given_on > local_today():
        errors["given_on"] = "The date must be today or in the past."
    if errors or survivor is None:
        raise ValidationError({field: [message] for field, message in errors.items()})
    letter = StrengthsLetter(
        family=target.family,
        survivor=survivor,
        text=body,
        given_on=given_on,
        given_how=given_how,
        recorded_by=target.user,
    )
    with transaction.atomic():
        letter.save()
        target.log(AccessAction.CREATE, f"strengths letter {letter.pk}")
    return letter


def supervision_record(
    *,
    supervisor: User,
    worker: User,
    held_on: dt.date,
    going_well: str,
    worries: str,
    decisions: str,
    family_ids: list[int],
) -> Supervision:
    """Record a supervision session. It starts with what is going well; the families discussed must be
    hers (allocated to her) and readable by the supervisor. Logged with the families it names, never its words."""
    if not policy.may_supervise(supervisor, worker):
        raise PermissionDenied("Supervision is recorded by a team manager of one of the worker's teams.")
    errors: dict[str, str] = {}
    if not going_well.strip():
        errors["going_well"] = "Start with what is going well: a family, a moment, something she did that helped."
    if held_on > local_today():
        errors["held_on"] = "The date must be today or in the past."
    allowed = set(
        families_readable_by(supervisor)
        .filter(allocations__worker=worker, allocations__ended_on__isnull=True, pk__in=family_ids)
        .values_list("pk", flat=True)
    )
    if set(family_ids) - allowed:
        errors["families"] = "Choose from the families allocated to her."
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    with transaction.atomic():
        row = Supervision.objects.create(
            worker=worker,
            supervisor=supervisor,
            held_on=held_on,
            going_well=going_well.strip(),
            worries=worries.strip(),
            decisions=decisions.strip(),
        )
        row.families.set(sorted(allowed))
        access_log_write_many(
            user=supervisor, action=AccessAction.CREATE, what=f"supervision {row.pk}", family_ids=sorted(allowed)
        )
    return row
