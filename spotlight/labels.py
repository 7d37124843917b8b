"""Configurable labels for each role, read from a YAML file and validated on load."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

from spotlight.datafiles import DataFileInvalid, in_use, load_model
from spotlight.vocabulary import PRONOUN_FORMS, PronounForms, Pronouns, Role

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class RoleLabel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    singular: Label
    plural: Label
    short: Label
    #: the pronouns screens use for someone in this role whose own pronouns are not recorded
    pronouns: Pronouns | None = None


class RoleLabels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    person_causing_harm: RoleLabel
    adult_survivor: RoleLabel
    child: RoleLabel
    other_adult: RoleLabel

    def for_role(self, role: Role | str) -> RoleLabel:
        label: RoleLabel = getattr(self, Role(role).value)
        return label


class LabelsFileInvalid(DataFileInvalid):
    pass


def load_role_labels(path: Path) -> RoleLabels:
    return load_model(path, RoleLabels, "role labels file", LabelsFileInvalid)


LABELS_ENV = "SPOTLIGHT_ROLE_LABELS_FILE"


def role_labels() -> RoleLabels:
    """The labels in use: the authority's file if configured (LABELS_ENV), else Spotlight's own."""
    try:
        return in_use(LABELS_ENV, "role_labels.yaml", load_role_labels)
    except LabelsFileInvalid:
        raise
    except DataFileInvalid as exc:
        raise LabelsFileInvalid(str(exc)) from exc


_THEY = PRONOUN_FORMS[Pronouns.THEY]
_WORD = re.compile(r"\b(?:[Hh]im|[Hh]is|[Hh]e|[Ss]he|[Hh]er)\b")


def _forms(role: Role, recorded: set[str], labels: RoleLabels) -> PronounForms:
    if len(recorded) == 1:
        return PRONOUN_FORMS[Pronouns(recorded.pop())]
    if recorded:  # people in the same role who use different pronouns
        return _THEY
    default = labels.for_role(role).pronouns
    return PRONOUN_FORMS[default] if default else _THEY


@dataclass(frozen=True)
class FamilyWords:
    """The pronouns screens use for a family's person causing harm ("he", "him", "his") and adult
    survivor ("she", "her", "her_pos"): as recorded for them, else the role's configured default.
    Where a role's people use different pronouns, "they"."""

    he: str
    him: str
    his: str
    she: str
    her: str
    her_pos: str
    # verbs that agree with "he" or "they": "he takes" / "they take" ({{ he }} take{{ he_s }})
    he_s: str = "s"
    he_is: str = "is"
    he_was: str = "was"
    he_does: str = "does"
    she_does: str = "does"

    def say(self, text: str) -> str:
        """Screen text written with the defaults ("he", "his", "her"...) in this family's words."""
        if self == DEFAULT_WORDS:
            return text
        return _WORD.sub(lambda m: self._word(m.group(0), text[m.end() : m.end() + 12]), text)

    def _word(self, word: str, after: str) -> str:
        low = word.lower()
        if low == "her":
            found = self.her_pos if after.startswith((" protective", " own", " children", " child")) else self.her
        else:
            found = {"he": self.he, "him": self.him, "his": self.his, "she": self.she}[low]
        return found[:1].upper() + found[1:] if word[0].isupper() else found


def family_words(people: Iterable[tuple[str, str]], labels: RoleLabels | None = None) -> FamilyWords:
    """From each person's (role, recorded pronouns, "" when none)."""
    labels = labels or role_labels()
    recorded: dict[str, set[str]] = {Role.PERSON_CAUSING_HARM.value: set(), Role.ADULT_SURVIVOR.value: set()}
    for role, pronouns in people:
        if str(role) in recorded and pronouns:
            recorded[str(role)].add(str(pronouns))
    his = _forms(Role.PERSON_CAUSING_HARM, recorded[Role.PERSON_CAUSING_HARM.value], labels)
    hers = _forms(Role.ADULT_SURVIVOR, recorded[Role.ADULT_SURVIVOR.value], labels)
    plural, she_plural = his is _THEY, hers is _THEY
    return FamilyWords(
        his.subject,
        his.object,
        his.possessive,
        hers.subject,
        hers.object,
        hers.possessive,
        he_s="" if plural else "s",
        he_is="are" if plural else "is",
        he_was="were" if plural else "was",
        he_does="do" if plural else "does",
        she_does="do" if she_plural else "does",
    )


#: The words screens are written with: what `FamilyWords.say` leaves alone.
DEFAULT_WORDS = FamilyWords("he", "him", "his", "she", "her", "her")
