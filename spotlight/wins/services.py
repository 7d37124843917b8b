"""Writes for wins. Takes the `WritableFamily` the write gate hands out, checks everything (a win that says
nothing specific is refused, saying what is missing), saves and logs: what kind of record and its id,
never its words."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Person
from spotlight.cases.selectors import review_people
from spotlight.clock import local_today
from spotlight.wins.domain.wins import default_wins, generic
from spotlight.wins.models import Win


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
