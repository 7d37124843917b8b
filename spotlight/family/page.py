"""The family page: every app's section, in order. To add a section, write it in its own app
(see `spotlight.cases.sections.FamilySection`) and list it here; nothing in `cases` changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases import sections as case_sections
from spotlight.cases.models import Family
from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.casework import sections as casework_sections
from spotlight.clock import local_today
from spotlight.documents import sections as document_sections
from spotlight.labels import family_words, role_labels
from spotlight.marac import sections as marac_sections
from spotlight.outcomes import sections as outcome_sections
from spotlight.pattern import sections as pattern_sections
from spotlight.plans import sections as plan_sections
from spotlight.reviews import sections as review_sections
from spotlight.risk import sections as risk_sections
from spotlight.sharing import sections as sharing_sections
from spotlight.vocabulary import Role
from spotlight.wins import sections as win_sections

SECTIONS: tuple[FamilySection, ...] = tuple(
    sorted(
        (
            case_sections.RESTRICTION,
            case_sections.ALLOCATION,
            case_sections.ENGAGEMENT,
            pattern_sections.PATTERN_MAP,
            risk_sections.RISK,
            win_sections.WINS,
            plan_sections.PLANS,
            marac_sections.MARAC,
            casework_sections.CONTACT_DUE,
            casework_sections.TASKS,
            outcome_sections.OUTCOMES,
            case_sections.PEOPLE,
            case_sections.AGENCIES,
            sharing_sections.SHARING,
            case_sections.chronology_section(
                badges=(
                    risk_sections.marker_badges,
                    win_sections.win_badges,
                    review_sections.language_badges,
                    document_sections.document_badges,
                )
            ),
            document_sections.DOCUMENTS,
            review_sections.LANGUAGE,
        ),
        key=lambda s: s.order,
    )
)
SECTIONS_BY_KEY: Mapping[str, FamilySection] = {s.key: s for s in SECTIONS}


@dataclass(frozen=True)
class BuiltSection:
    section: FamilySection
    context: Mapping[str, object]

    family: Family | None = None

    @property
    def title(self) -> str:
        """The section's title with the configured words for each role, and the family's pronouns."""
        labels = role_labels()
        title = self.section.title.format(**{role.value: labels.for_role(role).singular for role in Role})
        return self.family.words.say(title) if self.family is not None else title


def page_context(family: Family, user: User) -> dict[str, object]:
    """What every section's template may use besides its own reads."""
    return {
        "family": family,
        "can_write": policy.may_change_record(user),
        "can_see_sealed": policy.may_see_sealed(user),
        "can_export": policy.may_export(user),
    }


def build_sections(
    family: Family, user: User, query: Mapping[str, str], *, only: str | None = None
) -> list[BuiltSection]:
    """The sections `user` may see (or just the one named `only`), each with what it shows.
    `family` must have come through the read gate."""
    request = SectionRequest(family=family, user=user, today=local_today(), query=query)
    chosen = [SECTIONS_BY_KEY[only]] if only else list(SECTIONS)
    built = [BuiltSection(s, s.build(request), family) for s in chosen if s.shown_to(user)]
    _words_from_sections(family, request)
    return built


def _words_from_sections(family: Family, request: SectionRequest) -> None:
    """The family's pronouns (`Family.words`, read once and kept on the family) from the people the
    sections have read already, so the titles and templates do not read the people again."""
    if "people" in vars(request) and "words" not in vars(family):
        vars(family)["words"] = family_words((p.role, p.pronouns) for p in request.people)
