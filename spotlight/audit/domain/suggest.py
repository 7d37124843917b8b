"""Suggested ratings for the audit instrument's items, from a family's evidence. Pure Python.

`suggest(item_id, evidence)` maps `FamilyEvidence` onto the item's 1-4 anchors (see
`spotlight/data/audit_instrument.yaml`) and says why, in plain words. The auditor confirms or
changes every suggestion; a suggestion is a starting point laid out with its evidence, never
the rating itself. Each rule is a small function; `RULES` keys them by item id.

An authority's own instrument may add items Spotlight has no rule for: `suggest_all` leaves
those out, and `suggest` raises KeyError for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spotlight.audit.domain.evidence import FamilyEvidence
from spotlight.audit.domain.instrument import Instrument

#: Topics of FactsInNotes.first_found (the kinds of fact, and "prior" for an earlier relationship)
CHILD_HARM_TOPIC = "child_harm"
PROTECTIVE_TOPIC = "protective_effort"


@dataclass(frozen=True)
class Suggestion:
    rating: int
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"rating": self.rating, "reasons": list(self.reasons)}


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _times(count: int) -> str:
    return {0: "never", 1: "once", 2: "twice"}.get(count, f"{count} times")


def named_as_parent(e: FamilyEvidence) -> Suggestion:
    if e.harm_people == 0:
        return Suggestion(1, ("No person causing harm is recorded among the family's people.",))
    if e.harm_people_named == 0:
        return Suggestion(1, (f"{_n(e.harm_people, 'person')} causing harm recorded, none with a family name.",))
    reasons = [f"Named in full: {e.harm_people_named} of {e.harm_people} people causing harm."]
    if e.children == 0:
        reasons.append("No child born yet, so no relationship to a child to record.")
        return Suggestion(3, tuple(reasons))
    reasons.append(f"He is recorded as a parent or carer to {e.children_with_him_as_parent} of {e.children} children.")
    if e.children_with_him_as_parent < e.children:
        return Suggestion(2, tuple(reasons))
    if e.contact.assessed_as_parent:
        reasons.append("He was assessed as a parent.")
        return Suggestion(4, tuple(reasons))
    if not e.notes_about_him_as_parent:
        # listed as a parent, but never treated as one: an auditor reads the notes, not only the list
        reasons.append("No note treats him as a parent (his care of the children, his time with them).")
        return Suggestion(2, tuple(reasons))
    reasons.append(
        f"{_n(e.notes_about_him_as_parent, 'note')} treat him as a parent, but he was not assessed as one, so "
        "his role as a parent does not run through the file."
    )
    return Suggestion(3, tuple(reasons))


def contacted_and_seen(e: FamilyEvidence) -> Suggestion:
    c = e.contact
    if c.attempts == 0:
        return Suggestion(1, ("No attempt to contact him is recorded.",))
    first = f"{_n(c.attempts, 'attempt')} to contact him ({_n(c.methods, 'route')})"
    if c.reached == 0:
        if c.attempts >= 3 and c.methods >= 2:
            return Suggestion(3, (f"{first}; never reached, but several routes were tried.",))
        return Suggestion(2, (f"{first}; never reached.",))
    if c.seen == 0:
        return Suggestion(3, (f"{first}; reached {_times(c.reached)}, never seen.",))
    if c.seen_alone == 0:
        return Suggestion(3, (f"{first}; seen {_times(c.seen)}, not alone.",))
    return Suggestion(4, (f"{first}; seen {_times(c.seen)}, alone {_times(c.seen_alone)}.",))


def assessed_as_parent(e: FamilyEvidence) -> Suggestion:
    c = e.contact
    if c.assessed_as_parent:
        reasons = [f"Assessed as a parent ({_times(c.assessed_as_parent)})."]
        if e.children and e.children_with_harm == e.children:
            reasons.append(f"His actions and their impact are recorded for each of the {e.children} children.")
            return Suggestion(4, tuple(reasons))
        reasons.append(f"His actions are recorded for {e.children_with_harm} of {e.children} children.")
        return Suggestion(3, tuple(reasons))
    if c.reached or e.behaviour_entries:
        entries = _n(e.behaviour_entries, "behaviour entry", "behaviour entries")
        return Suggestion(
            2,
            (f"No assessment of him as a parent; he appears through {entries} and was reached {_times(c.reached)}.",),
        )
    return Suggestion(1, ("No assessment of him as a parent, no behaviour entries, and he was never reached.",))


def _told(e: FamilyEvidence, topic: str, count: int, what: str) -> tuple[str, ...]:
    """Where facts beyond the map came from: "3 more kinds of behaviour found in the notes, first in
    the note of 4 March 2026", or nothing when the notes add none."""
    return (f"{what.format(n=count)} {e.in_notes.where(topic)}; not on the pattern map.",) if count else ()


def pattern_beyond_incident(e: FamilyEvidence) -> Suggestion:
    total = e.all_behaviours
    # without a map, the first behaviour the notes record stands for the presenting incident
    beyond = total - max(e.presenting_incidents, 1 if total else 0)
    summary = (
        f"{_n(e.behaviour_entries, 'behaviour entry', 'behaviour entries')} of {_n(e.behaviour_kinds, 'kind')} "
        f"recorded on the map; {beyond} beyond the presenting incident."
    )
    told = (*_told(e, "behaviour", len(e.in_notes.behaviour_kinds), "{n} more kinds of his behaviour"), e.risk_line())
    if beyond <= 0:
        return Suggestion(1, (summary, *told))
    if e.all_behaviour_kinds <= 1:
        return Suggestion(2, (summary, *told, "Only one kind of behaviour: incidents, not yet a pattern."))
    if e.all_behaviour_kinds >= 3 and e.all_with_source == total and e.all_sources >= 2:
        sources = f"Every entry and note has its source ({_n(e.all_sources, 'kind')} of source)."
        return Suggestion(4, (summary, *told, sources))
    return Suggestion(3, (summary, *told))


def prior_relationships(e: FamilyEvidence) -> Suggestion:
    told = _told(e, "prior", e.in_notes.prior_facts, "{n} kinds of his behaviour in an earlier relationship")
    if e.all_prior == 0:
        if e.notes_mentioning_prior_partner:
            return Suggestion(
                2,
                (
                    f"No behaviour from his earlier relationships recorded; "
                    f"{_n(e.notes_mentioning_prior_partner, 'note')} mention an earlier partner.",
                ),
            )
        return Suggestion(
            1, ("No behaviour from his earlier relationships, on the map or in the notes, and no note mentions an "
                "earlier partner.",)
        )  # fmt: skip
    summary = f"{_n(e.prior_relationship_entries, 'entry', 'entries')} from his earlier relationships on the map."
    if e.all_prior >= 2 and e.all_behaviour_kinds >= 3:
        return Suggestion(4, (summary, *told, "Read beside the current pattern of several kinds of behaviour."))
    return Suggestion(3, (summary, *told))


def his_actions_harming_child(e: FamilyEvidence) -> Suggestion:
    exposure = e.findings("exposure")
    note = (f"The language review found {_n(exposure, 'exposure phrase')}.",) if exposure else ()
    if e.children == 0:
        return Suggestion(1, ("No child born yet.",))
    told = _told(e, CHILD_HARM_TOPIC, e.in_notes.child_harm_facts, "Harm to a child ({n})")
    if e.all_child_harms == 0:
        if e.all_behaviours:
            return Suggestion(
                2 if not exposure else 1,
                ("His behaviours are recorded, but no harm linked to a child, on the map or in the notes.", *note),
            )
        return Suggestion(1, ("No action of his that harmed a child is recorded, on the map or in the notes.", *note))
    summary = f"His actions harming a child recorded for {e.all_children_with_harm} of {e.children} children."
    if e.all_children_with_harm < e.children:
        return Suggestion(2, (summary, *told, *note))
    if e.all_using_children:
        using = f"{_n(e.all_using_children, 'record')} of how he used or targeted the children."
        return Suggestion(4, (summary, *told, using))
    return Suggestion(3, (summary, *told, *note))


def impact_on_child(e: FamilyEvidence) -> Suggestion:
    if e.children == 0:
        return Suggestion(1, ("No child born yet.",))
    exposure = e.findings("exposure")
    note = (f"The language review found {_n(exposure, 'exposure phrase')}.",) if exposure else ()
    told = _told(e, CHILD_HARM_TOPIC, e.in_notes.child_harm_facts, "Impact on a child ({n})")
    if e.all_children_with_harm == 0 and not e.in_notes.child_harm_facts:
        return Suggestion(1, ("No specific impact on a child recorded, on the map or in the notes.", *note))
    summary = f"Specific impact recorded for {e.all_children_with_harm} of {e.children} children."
    if e.all_children_with_harm < e.children:
        return Suggestion(2, (summary, *told, *note))
    if e.harms_from_child:
        return Suggestion(4, (summary, *told, f"{_n(e.harms_from_child, 'harm')} recorded from the child."))
    return Suggestion(3, (summary, *told))


def protective_efforts(e: FamilyEvidence) -> Suggestion:
    ftp = e.findings("failure_to_protect")
    note = (f"The language review found {_n(ftp, 'failure-to-protect phrase')}.",) if ftp else ()
    told_count = e.in_notes.help_seeking + e.in_notes.everyday
    told = _told(e, PROTECTIVE_TOPIC, told_count, "{n} more kinds of her protective efforts")
    if e.all_efforts == 0:
        return Suggestion(1, ("None of her protective efforts is recorded, on the map or in the notes.", *note))
    summary = (
        f"{_n(e.all_help_seeking, 'help-seeking effort')} and {_n(e.all_everyday, 'everyday effort')}; "
        f"{e.all_efforts_linked} of {e.all_efforts} linked to a child."
    )
    if not (e.all_help_seeking and e.all_everyday):
        return Suggestion(2, (summary, *told, "Only one side of the spectrum.", *note))
    if e.all_efforts_linked == e.all_efforts:
        return Suggestion(4, (summary, *told, *note))
    return Suggestion(3, (summary, *told, *note))


def plan_aimed_at_him(e: FamilyEvidence) -> Suggestion:
    """From the plan as written (when there is one), his programme referrals and contact with him, and
    the notes' wording: a plan that asks her to control him, or whose only action about the abuse is a
    course for her, is at most 2 whatever else is recorded."""
    shifting = e.findings("responsibility_shifting")
    words = f"{_n(shifting, 'responsibility-shifting phrase')} in the notes"
    first = f"{words}; he was reached {_times(e.contact.reached)}."
    plan = _plan_line(e)
    if e.plans.control_findings or e.plans.only_her_course:
        return Suggestion(1 if shifting or not e.plans.on_him else 2, (first, *plan_lines(plan)))
    if e.notes_naming_mediation:
        # mediation, couples work or anger management treat coercive control as a shared problem or
        # a temper: not a plan aimed at his choices
        mediation = (
            f"{_n(e.notes_naming_mediation, 'note')} name mediation, couples work or anger management, "
            "which do not answer coercive control."
        )
        return Suggestion(1 if shifting else 2, (first, mediation, *plan_lines(plan)))
    if not e.programme_referrals:
        no_plan = (
            "No referral of him to a programme is recorded: suggested from the language review and contact with "
            "him; at most 3."
        )
        lines = (first, no_plan, *plan_lines(plan))
        if shifting and not e.contact.reached:
            return Suggestion(1, lines)
        if shifting or not e.contact.reached:
            return Suggestion(2, lines)
        return Suggestion(3, lines)
    referred = f"Referred to {_n(e.programme_referrals, 'programme')}"
    referred += f", taking part in {e.programmes_engaged}" if e.programmes_engaged else ", not yet taking part"
    support = e.programmes_with_support_for_her
    referred += "; support offered to her alongside." if support else "; no support for her recorded alongside."
    lines = (first, referred, *plan_lines(plan))
    if shifting:
        return Suggestion(2, lines)
    if support and e.contact.reached and (not e.plans.plans or e.plans.on_him):
        return Suggestion(4, lines)
    return Suggestion(3, lines)


def _plan_line(e: FamilyEvidence) -> str:
    p = e.plans
    if not p.plans:
        return ""
    line = (
        f"The plan: {_n(p.on_him, 'action')} on him, {p.on_her} on her, {p.on_agencies} on agencies; "
        f"{_n(p.control_findings, 'action')} asking her to control his behaviour."
    )
    if p.only_her_course:
        line += " Its only action about the abuse is a course for her."
    return line


def plan_lines(line: str) -> tuple[str, ...]:
    return (line,) if line else ()


def accountable_language(e: FamilyEvidence) -> Suggestion:
    n = e.notes_with_findings
    # The same cut-points as spotlight.family.synth.audit_truth.blaming_notes_rating: none, one, a few, many.
    counts = ", ".join(f"{family} {count}" for family, count in sorted(e.findings_by_family.items()))
    summary = f"{n} of {e.notes} notes with language-review findings" + (f" ({counts})." if counts else ".")
    rating = 4 if n == 0 else 3 if n == 1 else 2 if n <= 3 else 1
    return Suggestion(rating, (summary,))


def agencies_joined_up(e: FamilyEvidence) -> Suggestion:
    if e.agencies == 0:
        return Suggestion(1, ("No other agency is recorded.",))
    summary = (
        f"{_n(e.agencies, 'agency', 'agencies')}; {_n(e.agency_notes, 'note')} from {e.agencies_with_notes} of them"
    )
    if e.agency_notes == 0:
        return Suggestion(2, (summary + ".",))
    meetings = f"{_n(e.multi_agency_meetings, 'multi-agency meeting')}"
    if e.agencies_with_notes < 2 and not e.multi_agency_meetings:
        # one agency's referral and updates are one agency's view, not agencies working together
        return Suggestion(2, (f"{summary}; {meetings}: one agency's notes only, not yet joined up.",))
    if e.agencies_with_notes >= 2 and e.multi_agency_meetings and e.contact.reached:
        return Suggestion(4, (f"{summary}; {meetings}; he was reached.",))
    return Suggestion(3, (f"{summary}; {meetings}.",))


RULES: dict[str, Callable[[FamilyEvidence], Suggestion]] = {
    "named_as_parent": named_as_parent,
    "contacted_and_seen": contacted_and_seen,
    "assessed_as_parent": assessed_as_parent,
    "pattern_beyond_incident": pattern_beyond_incident,
    "prior_relationships": prior_relationships,
    "his_actions_harming_child": his_actions_harming_child,
    "impact_on_child": impact_on_child,
    "protective_efforts": protective_efforts,
    "plan_aimed_at_him": plan_aimed_at_him,
    "accountable_language": accountable_language,
    "agencies_joined_up": agencies_joined_up,
}


def suggest(item_id: str, evidence: FamilyEvidence) -> Suggestion:
    """The suggested rating for one item; KeyError if Spotlight has no rule for it."""
    return RULES[item_id](evidence)


def suggest_all(instrument: Instrument, evidence: FamilyEvidence) -> dict[str, Suggestion]:
    """Suggestions for every item of the instrument that Spotlight has a rule for, in instrument order.

    A rating outside the instrument's scale (an authority's instrument with fewer points) is
    clamped onto it.
    """
    low, high = min(instrument.values), max(instrument.values)
    out: dict[str, Suggestion] = {}
    for _domain, item in instrument.items():
        rule = RULES.get(item.id)
        if rule is not None:
            s = rule(evidence)
            out[item.id] = s if low <= s.rating <= high else Suggestion(min(high, max(low, s.rating)), s.reasons)
    return out
