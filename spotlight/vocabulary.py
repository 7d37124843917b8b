"""The case record's controlled vocabularies.

Pure Python: the web app uses these as model choices, and the case-file format
(`spotlight.casefile`) validates exported files against them without Django.

The words shown on screen for each role are configuration (see `spotlight.labels`);
the values here are the stable identifiers stored in the database and in files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

_E = TypeVar("_E", bound=StrEnum)


class Pronouns(StrEnum):
    """The pronouns a person uses, as recorded; blank on the record when not recorded."""

    SHE = "she"
    HE = "he"
    THEY = "they"


@dataclass(frozen=True)
class PronounForms:
    """Each way a set of pronouns is written: "she", "her", "her", "hers"."""

    subject: str
    object: str
    possessive: str
    label: str  # as offered on a form: "she/her"


PRONOUN_FORMS: dict[Pronouns, PronounForms] = {
    Pronouns.SHE: PronounForms("she", "her", "her", "she/her"),
    Pronouns.HE: PronounForms("he", "him", "his", "he/him"),
    Pronouns.THEY: PronounForms("they", "them", "their", "they/them"),
}


class Role(StrEnum):
    """A person's role in the family, as far as the domestic abuse is concerned."""

    PERSON_CAUSING_HARM = "person_causing_harm"
    ADULT_SURVIVOR = "adult_survivor"
    CHILD = "child"
    OTHER_ADULT = "other_adult"


#: Order in which roles are listed on a family page: his behaviour comes first.
ROLE_ORDER: tuple[Role, ...] = (
    Role.PERSON_CAUSING_HARM,
    Role.ADULT_SURVIVOR,
    Role.CHILD,
    Role.OTHER_ADULT,
)


class RelationshipKind(StrEnum):
    """How the first person in a relationship stands to the second."""

    PARTNER = "partner"
    FORMER_PARTNER = "former_partner"
    PARENT = "parent"
    STEP_PARENT = "step_parent"
    MOTHERS_PARTNER = "mothers_partner"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    OTHER = "other"


RELATIONSHIP_PHRASES: dict[RelationshipKind, str] = {
    RelationshipKind.PARTNER: "partner of",
    RelationshipKind.FORMER_PARTNER: "former partner of",
    RelationshipKind.PARENT: "parent of",
    RelationshipKind.STEP_PARENT: "step-parent of",
    RelationshipKind.MOTHERS_PARTNER: "mother's partner, living with",
    RelationshipKind.SIBLING: "sibling of",
    RelationshipKind.GRANDPARENT: "grandparent of",
    RelationshipKind.OTHER_RELATIVE: "relative of",
    RelationshipKind.OTHER: "known to",
}


class ContactType(StrEnum):
    """How a case note's contact happened."""

    HOME_VISIT = "home_visit"
    OFFICE_VISIT = "office_visit"
    PHONE_CALL = "phone_call"
    VIDEO_CALL = "video_call"
    SCHOOL_VISIT = "school_visit"
    MULTI_AGENCY_MEETING = "multi_agency_meeting"
    LETTER_OR_MESSAGE = "letter_or_message"
    RECORD = "record"


CONTACT_TYPE_LABELS: dict[ContactType, str] = {
    ContactType.HOME_VISIT: "Home visit",
    ContactType.OFFICE_VISIT: "Office visit",
    ContactType.PHONE_CALL: "Phone call",
    ContactType.VIDEO_CALL: "Video call",
    ContactType.SCHOOL_VISIT: "School or nursery visit",
    ContactType.MULTI_AGENCY_MEETING: "Multi-agency meeting",
    ContactType.LETTER_OR_MESSAGE: "Letter, email or text message",
    ContactType.RECORD: "Record or information received",
}


class EngagementOutcome(StrEnum):
    """What came of one attempt to contact or engage the person causing harm.

    Each attempt is its own entry so that "he was never contacted" can be read from
    the data rather than only from notes.
    """

    ATTEMPTED = "attempted"
    CONTACTED = "contacted"
    SEEN = "seen"
    SEEN_ALONE = "seen_alone"
    ASSESSED_AS_PARENT = "assessed_as_parent"
    DECLINED = "declined"


ENGAGEMENT_OUTCOME_LABELS: dict[EngagementOutcome, str] = {
    EngagementOutcome.ATTEMPTED: "Attempted, no contact made",
    EngagementOutcome.CONTACTED: "Contacted (spoke with him)",
    EngagementOutcome.SEEN: "Seen",
    EngagementOutcome.SEEN_ALONE: "Seen alone",
    EngagementOutcome.ASSESSED_AS_PARENT: "Assessed as a parent",
    EngagementOutcome.DECLINED: "Contacted, and he declined to engage",
}

#: Outcomes in which the worker actually reached him.
REACHED_OUTCOMES: frozenset[EngagementOutcome] = frozenset(
    {
        EngagementOutcome.CONTACTED,
        EngagementOutcome.SEEN,
        EngagementOutcome.SEEN_ALONE,
        EngagementOutcome.ASSESSED_AS_PARENT,
        EngagementOutcome.DECLINED,
    }
)


class EngagementMethod(StrEnum):
    PHONE = "phone"
    LETTER = "letter"
    TEXT_OR_EMAIL = "text_or_email"
    HOME_VISIT = "home_visit"
    OFFICE_APPOINTMENT = "office_appointment"
    THROUGH_ANOTHER_AGENCY = "through_another_agency"


ENGAGEMENT_METHOD_LABELS: dict[EngagementMethod, str] = {
    EngagementMethod.PHONE: "Phone",
    EngagementMethod.LETTER: "Letter",
    EngagementMethod.TEXT_OR_EMAIL: "Text message or email",
    EngagementMethod.HOME_VISIT: "Home visit",
    EngagementMethod.OFFICE_APPOINTMENT: "Office appointment",
    EngagementMethod.THROUGH_ANOTHER_AGENCY: "Through another agency (for example probation)",
}


class AgencyKind(StrEnum):
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    POLICE = "police"
    HEALTH = "health"
    SCHOOL = "school"
    DOMESTIC_ABUSE_SERVICE = "domestic_abuse_service"
    PERPETRATOR_PROGRAMME = "perpetrator_programme"
    PROBATION = "probation"
    HOUSING = "housing"
    ADULT_SOCIAL_CARE = "adult_social_care"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_USE = "substance_use"
    OTHER = "other"


AGENCY_KIND_LABELS: dict[AgencyKind, str] = {
    AgencyKind.CHILDRENS_SOCIAL_CARE: "Children's social care",
    AgencyKind.POLICE: "Police",
    AgencyKind.HEALTH: "Health",
    AgencyKind.SCHOOL: "School or nursery",
    AgencyKind.DOMESTIC_ABUSE_SERVICE: "Domestic abuse service",
    AgencyKind.PERPETRATOR_PROGRAMME: "Behaviour change programme",
    AgencyKind.PROBATION: "Probation",
    AgencyKind.HOUSING: "Housing",
    AgencyKind.ADULT_SOCIAL_CARE: "Adult social care",
    AgencyKind.MENTAL_HEALTH: "Mental health service",
    AgencyKind.SUBSTANCE_USE: "Substance use service",
    AgencyKind.OTHER: "Other agency",
}


def choices(labels: Mapping[_E, str]) -> list[tuple[str, str]]:
    """(stored value, label shown) pairs, for form and model choices."""
    return [(k.value, v) for k, v in labels.items()]


def relationship_phrase(kind: str) -> str:
    return RELATIONSHIP_PHRASES[RelationshipKind(kind)]
