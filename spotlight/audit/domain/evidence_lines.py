"""The evidence beside each question of the audit, in words: counts from a file's stored evidence.

`evidence_lines(kinds, evidence)` turns the counts Spotlight stored when the round was set up
(`FamilyEvidence.to_dict()`) into short lines for the evidence kinds an item names in the
instrument (people, contact attempts, the pattern map, language findings, agencies). Counts
only, never a note's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spotlight.language import family_labels


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _people(e: Mapping[str, Any]) -> list[str]:
    return [
        f"People causing harm named in full: {e.get('harm_people_named', 0)} of {e.get('harm_people', 0)}",
        f"Children with him recorded as a parent or carer: {e.get('children_with_him_as_parent', 0)}"
        f" of {e.get('children', 0)}",
    ]


def _contact(e: Mapping[str, Any]) -> list[str]:
    c: Mapping[str, int] = e.get("contact", {})
    return [
        f"Attempts to contact him: {c.get('attempts', 0)}, by {_n(c.get('methods', 0), 'route')}",
        f"Reached {c.get('reached', 0)}, seen {c.get('seen', 0)}, seen alone {c.get('seen_alone', 0)},"
        f" assessed as a parent {c.get('assessed_as_parent', 0)}, declined {c.get('declined', 0)}",
    ]


def _pattern(e: Mapping[str, Any]) -> list[str]:
    return [
        f"His behaviours on the map: {_n(e.get('behaviour_entries', 0), 'entry', 'entries')} of"
        f" {_n(e.get('behaviour_kinds', 0), 'kind')}, {e.get('presenting_incidents', 0)} presenting incident(s),"
        f" {e.get('prior_relationship_entries', 0)} from earlier relationships",
        f"Harm to each child: {_n(e.get('child_harm_records', 0), 'record')};"
        f" {e.get('children_with_harm', 0)} of {_n(e.get('children', 0), 'child', 'children')} with a specific harm",
        f"Her protective efforts: {e.get('help_seeking_efforts', 0)} help-seeking, {e.get('everyday_efforts', 0)}"
        f" everyday, {e.get('efforts_linked_to_children', 0)} linked to a child",
        f"Complicating factors recorded: {e.get('complicating_factors', 0)}",
        f"Programme referrals for him: {e.get('programme_referrals', 0)}, taking part in"
        f" {e.get('programmes_engaged', 0)}, with support for her alongside"
        f" {e.get('programmes_with_support_for_her', 0)}",
        *_plans(e),
    ]


def _plans(e: Mapping[str, Any]) -> list[str]:
    p: Mapping[str, int] = e.get("plans", {})
    if not p.get("plans"):
        return ["The plan: none recorded"]
    return [
        f"The plan ({_n(p.get('plans', 0), 'plan')}): actions on him {p.get('on_him', 0)}, on her"
        f" {p.get('on_her', 0)}, on agencies {p.get('on_agencies', 0)}; asking her to control his behaviour"
        f" {p.get('control_findings', 0)}; a course for her the only action about the abuse"
        f" {p.get('only_her_course', 0)}",
    ]


def _language(e: Mapping[str, Any]) -> list[str]:
    labels = family_labels()
    found: Mapping[str, int] = e.get("findings_by_family", {})
    lines = [f"Notes with wording to rewrite: {e.get('notes_with_findings', 0)} of {e.get('notes', 0)}"]
    lines += [f"{labels.get(family, family)}: {count}" for family, count in sorted(found.items()) if count]
    return lines


def _agencies(e: Mapping[str, Any]) -> list[str]:
    return [
        f"Agencies involved: {e.get('agencies', 0)}, {e.get('agencies_with_notes', 0)} with notes in the record",
        f"Notes from other agencies: {e.get('agency_notes', 0)} of {e.get('notes', 0)};"
        f" multi-agency meetings: {e.get('multi_agency_meetings', 0)}",
    ]


_BY_KIND = {
    "people": _people,
    "contact_attempts": _contact,
    "pattern_map": _pattern,
    "language_findings": _language,
    "agencies": _agencies,
}


def evidence_lines(kinds: Iterable[str], evidence: Mapping[str, Any]) -> list[str]:
    """Lines for each evidence kind in `kinds` (unknown kinds are skipped), in the order given."""
    lines: list[str] = []
    for kind in kinds:
        make = _BY_KIND.get(str(kind))
        if make is not None:
            lines += make(evidence)
    return lines
