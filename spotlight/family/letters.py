"""The strengths letter to the adult survivor: drafted from her recorded protective efforts and wins, in
plain and specific words, for the worker to edit and record as given; printable. In the family layer
because it reads the pattern map (her efforts) and the wins.

The draft never holds anything about the person causing harm: each effort is said in the letter's own
words about what she did (spotlight/data/wins.yaml), and a win whose words name him (his names, or
"he", "him", "his") is left out, counted, for the worker to add in her own words if she wishes. It never
holds sealed details, and the record refuses a letter that does (`wins.services.letter_record`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.cases.editing import apply_errors
from spotlight.cases.gate import family_for_read, family_for_write
from spotlight.cases.models import Family, Person
from spotlight.clock import local_today, long_date
from spotlight.language.engine import join_names
from spotlight.pattern.models import ProtectiveEffort
from spotlight.ui.requests import staff_user
from spotlight.vocabulary import Role
from spotlight.wins import services
from spotlight.wins.domain.wins import Wins, default_wins
from spotlight.wins.forms import LetterForm
from spotlight.wins.models import StrengthsLetter, Win

_HIM = re.compile(r"\b(he|him|his|himself)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    text: str
    #: wins left out because their words name him
    left_out: int


def _names(people: list[Person]) -> str:
    return join_names([p.given_name for p in people]) or "the children"


def _day(day: dt.date | None) -> str:
    return f"On {long_date(day)}, " if day else ""


def draft_letter(family: Family, survivor: Person, wins: Wins, *, signed: str) -> Draft:
    """The letter's first draft for ``survivor``: her efforts on the map and the wins she or a child made."""
    people = list(Person.objects.filter(family=family, struck_out_at=None))
    children = _names([p for p in people if p.role == Role.CHILD and p.date_of_birth])
    him = [p for p in people if p.role == Role.PERSON_CAUSING_HARM]
    lines = []
    efforts = ProtectiveEffort.objects.filter(family=family, survivor=survivor, struck_out_at=None).order_by(
        "occurred_on", "id"
    )
    for effort in efforts:
        words = wins.letter.efforts.get(effort.kind)
        if words:
            said = words.format(children=children)
            lines.append(f"- {_day(effort.occurred_on)}{said if effort.occurred_on else said[0].upper() + said[1:]}.")
    left_out = 0
    for win in Win.objects.filter(family=family, struck_out_at=None, who__in=("survivor", "child")).order_by(
        "happened_on"
    ):
        if _HIM.search(win.what) or any(_names_him(win.what, p) for p in him):
            left_out += 1
            continue
        lines.append(f"- {long_date(win.happened_on)}: {win.what}")
    body = "\n".join(lines) if lines else "- [Say specifically what she did, and when.]"
    text = (
        f"Dear {survivor.given_name},\n\n{wins.letter.opening.format(children=children)}\n\n{body}\n\n"
        f"{wins.letter.closing.format(children=children)}\n\nWith best wishes,\n{signed}\n"
    )
    return Draft(text, left_out)


def _names_him(text: str, person: Person) -> bool:
    return any(name and re.search(rf"\b{re.escape(name)}\b", text) for name in (person.given_name, person.family_name))


def _survivor(family: Family, wanted: str) -> Person:
    survivors = Person.objects.filter(family=family, role=Role.ADULT_SURVIVOR, struck_out_at=None).order_by("id")
    if wanted:
        found = survivors.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
        if found is None:
            raise Http404("No adult survivor with that id in this family.")
        return found
    first = survivors.first()
    if first is None:
        raise Http404("No adult survivor is recorded in this family.")
    return first


@require_http_methods(["GET", "POST"])
def letter_draft(request: HttpRequest, family_id: int) -> HttpResponse:
    """Draft, edit and record a strengths letter. Nothing typed is lost when it is refused."""
    target = family_for_write(staff_user(request), family_id, what="strengths letter form")
    family = target.family
    survivor = _survivor(family, request.GET.get("survivor", "") or request.POST.get("survivor", ""))
    draft = draft_letter(family, survivor, default_wins(), signed=target.user.display_name)
    form = LetterForm(request.POST or None, initial={"text": draft.text, "survivor": survivor.pk})
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            letter = services.letter_record(
                target=target,
                survivor_id=survivor.pk,
                text=data["text"],
                given_on=data["given_on"],
                given_how=data["given_how"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Strengths letter recorded as given.", extra_tags="section:wins")
            return redirect(reverse("letter_print", kwargs={"family_id": family.pk, "letter_id": letter.pk}))
    context = {"family": family, "form": form, "survivor": survivor, "left_out": draft.left_out}
    return render(request, "family/letter_form.html", context)


@require_GET
def letter_print(request: HttpRequest, family_id: int, letter_id: int) -> HttpResponse:
    family = family_for_read(staff_user(request), family_id, what=f"strengths letter {letter_id}")
    letter = StrengthsLetter.objects.filter(family=family, pk=letter_id).select_related("survivor").first()
    if letter is None:
        raise Http404("No such letter in this family.")
    how = services.GIVEN_HOW.get(letter.given_how, letter.given_how)
    return render(
        request, "family/letter_print.html", {"family": family, "letter": letter, "how": how, "today": local_today()}
    )
