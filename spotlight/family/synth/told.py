"""What each note template tells, in the pattern catalogue's terms, so that the truth covers the facts
a synthetic family's notes tell and not only those on its map.

Each tag names a kind of fact and a catalogue id (``behaviour``, ``child_harm``,
``protective_effort``, and ``prior`` for his behaviour in an earlier relationship); a template
with no tag tells nothing for the map. The tags are the generator's own knowledge of what it
wrote: they are never read from the text, so the truth does not depend on the facts Spotlight
finds in notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from spotlight.family.synth.phrases import (
    ACTS,
    ACTS_PLACED,
    ALL_TEXT,
    IMPACT,
    PROTECTIVE,
    PROTECTIVE_SCHOOL_AGE,
    RESPONSIBILITY,
    Pool,
)

Tag = tuple[str, str]


def _tags(pool: Pool, tags: Sequence[Tag | None]) -> dict[str, tuple[Tag, ...]]:
    if len(tags) != len(pool.all):
        raise ValueError(f"{len(tags)} tags for {len(pool.all)} templates")
    return {template: (tag,) for template, tag in zip(pool.all, tags, strict=True) if tag is not None}


def _said(tags: dict[str, tuple[Tag, ...]]) -> dict[str, tuple[Tag, ...]]:
    """Single templates, by their exact words, from pools that mostly tell nothing for the map."""
    unknown = [template for template in tags if template not in ALL_TEXT]
    if unknown:
        raise ValueError(f"not a note template: {unknown[0]!r}")
    return tags


def _b(kind: str) -> Tag:
    return ("behaviour", kind)


def _h(impact: str) -> Tag:
    return ("child_harm", impact)


def _e(effort: str) -> Tag:
    return ("protective_effort", effort)


TOLD: dict[str, tuple[Tag, ...]] = {
    **_tags(
        ACTS,
        [
            _b("physical_assault"),
            _b("physical_assault"),
            _b("strangulation"),
            _b("physical_assault"),
            _b("damage_property"),
            _b("damage_property"),
            _b("economic_abuse"),
            _b("physical_assault"),
            _b("physical_assault"),
            _b("physical_assault"),
            _b("children_as_weapons"),
            _b("children_as_weapons"),
            _b("damage_property"),
            _b("monitoring"),
            _b("degradation"),
            _b("weapon"),
            _b("physical_assault"),
            _b("strangulation"),
            _b("strangulation"),
            _b("damage_property"),
        ],
    ),
    **_tags(
        ACTS_PLACED,
        [
            _b("isolation"),
            _b("stalking"),
            _b("stalking"),
            _b("stalking"),
            _b("threat_harm"),
            _b("damage_property"),
            _b("economic_abuse"),
            _b("harming_children"),
        ],
    ),
    **_tags(
        IMPACT["infant"],
        [_h("injury_health"), _h("development"), _h("emotional_health"), _h("fear_hiding"), _h("injury_health")],
    ),
    **_tags(
        IMPACT["young"],
        [
            _h("fear_hiding"),
            _h("sleep"),
            _h("fear_hiding"),
            _h("school_learning"),
            _h("emotional_health"),
            _h("intervening_caring"),
            _h("behaviour_change"),
            _h("emotional_health"),
            _h("fear_hiding"),
        ],
    ),
    **_tags(
        IMPACT["teen"],
        [
            _h("intervening_caring"),
            _h("school_learning"),
            _h("fear_hiding"),
            _h("emotional_health"),
            _h("intervening_caring"),
            _h("emotional_health"),
            _h("relationship_with_parent"),
        ],
    ),
    **_tags(
        PROTECTIVE,
        [
            _e("took_children_out"),
            _e("called_police"),
            _e("routines"),
            _e("legal_action"),
            _e("safety_plan"),
            _e("safety_plan"),
            _e("routines"),
            _e("comfort"),
            _e("da_service"),
            _e("took_children_out"),
            _e("other_effort"),
            _e("safety_plan"),
            _e("safety_plan"),
            _e("routines"),
        ],
    ),
    **_tags(
        PROTECTIVE_SCHOOL_AGE,
        [
            _e("school_attendance"),
            _e("safety_plan"),
            _e("routines"),
            _e("safety_plan"),
            _e("safety_plan"),
            _e("told_someone"),
            _e("comfort"),
        ],
    ),
    **_tags(RESPONSIBILITY, [None, None, None, ("prior", "physical_assault"), None, None, None, None]),
    **_said(
        {
            "This fits a pattern of {p_given} controlling {m_given}'s money, phone and friendships.": (
                _b("economic_abuse"),
                _b("monitoring"),
                _b("isolation"),
            ),
            "She was assaulted at the weekend and has bruising to her arm.": (_b("physical_assault"),),
            "{child}'s attendance has dropped to {pct}%; {m_given} was reminded that getting {co} to school is her "
            "responsibility.": (_h("school_learning"),),
            "{m_given} said she was assaulted on {date} and did not call the police.": (_b("physical_assault"),),
            "Saw {p_mr} {where_met} with {kids}. He was warm with {child} but spoke over {m_given} several times and "
            "answered questions put to her.": (_b("monitoring"),),
            "Individual session with {p_mr} {where_met}. He admitted he checks {m_given}'s phone and tracks her "
            "location. We talked about how that control shapes everyday life for {kids}.": (_b("monitoring"),),
            "Assessment of {p_mr} as a parent completed. Strengths: he is affectionate with {child} and on time for "
            "contact. Risks: he has not acknowledged the violence, and he drove to the house after drinking on "
            "{child}'s birthday in breach of his bail.": (_b("breaching_orders"),),
            "Assessment session with {p_mr}: he chose to bring up {m_given}'s new friendships during contact, in "
            "front of {child}. We discussed how this puts {child} in the middle.": (_b("contact_abuse"),),
        }
    ),
}
