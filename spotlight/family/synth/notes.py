"""The case notes of a synthetic family's file: who wrote each, when, who was there, and its text,
in the words of the file's practice level (see `truth` and `phrases`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from spotlight.cases.domain.casefile import AgencyRecord
from spotlight.family.synth.dates import age_years
from spotlight.family.synth.engagement import METHOD_CONTACT_TYPE, AttemptRow
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.fields import DAY_FIELD, HIM_FIELD, note_fields
from spotlight.family.synth.people import Child, Harm
from spotlight.family.synth.phrases import (
    ABSENT_BODY,
    ABSENT_BODY_SCHOOL_AGE,
    ABSENT_PLAN,
    ACTS,
    ACTS_PLACED,
    BLAME_HIM,
    BLAME_NO_HIM,
    HIM_CONTACT,
    HIM_CONTACT_THIN,
    HIM_IN_PASSING,
    IMPACT,
    INCIDENT_OPEN,
    NEUTRAL,
    OPEN,
    PLAN_ACCOUNTABLE,
    PREGNANCY,
    PRESENCE,
    PROTECTIVE,
    PROTECTIVE_SCHOOL_AGE,
    RESPONSIBILITY,
    SENTENCE_START,
    STRENGTHS,
    STRENGTHS_SCHOOL_AGE,
    Pool,
    choose,
    fit,
)
from spotlight.family.synth.truth import CONTACT_NOTE_CHANCE, NOTE_KIND_WEIGHTS, NOTE_KINDS
from spotlight.vocabulary import REACHED_OUTCOMES, AgencyKind, ContactType, EngagementMethod, EngagementOutcome

# (weight, agency kind or None for the authority's own workers, contact types)
_Setting = tuple[float, AgencyKind | None, tuple[ContactType, ...]]
_CT = ContactType
_SETTINGS: dict[str, tuple[_Setting, ...]] = {
    "incident": (
        (3.0, AgencyKind.POLICE, (_CT.RECORD,)),
        (2.0, None, (_CT.PHONE_CALL, _CT.HOME_VISIT, _CT.OFFICE_VISIT)),
        (0.7, None, (_CT.MULTI_AGENCY_MEETING,)),
        (1.0, AgencyKind.DOMESTIC_ABUSE_SERVICE, (_CT.PHONE_CALL, _CT.RECORD)),
        (0.7, AgencyKind.SCHOOL, (_CT.PHONE_CALL, _CT.SCHOOL_VISIT)),
    ),
    "protective": (
        (3.0, None, (_CT.HOME_VISIT, _CT.OFFICE_VISIT, _CT.PHONE_CALL, _CT.VIDEO_CALL)),
        (1.5, AgencyKind.DOMESTIC_ABUSE_SERVICE, (_CT.PHONE_CALL, _CT.OFFICE_VISIT, _CT.RECORD)),
        (1.0, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT, _CT.PHONE_CALL)),
        (0.7, AgencyKind.HEALTH, (_CT.HOME_VISIT,)),
    ),
    "strengths": (
        (3.0, None, (_CT.HOME_VISIT, _CT.OFFICE_VISIT, _CT.VIDEO_CALL)),
        (1.5, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT,)),
        (0.7, AgencyKind.HEALTH, (_CT.HOME_VISIT,)),
        (0.7, AgencyKind.DOMESTIC_ABUSE_SERVICE, (_CT.PHONE_CALL,)),
    ),
    "neutral": (
        (2.5, None, (_CT.RECORD, _CT.MULTI_AGENCY_MEETING, _CT.PHONE_CALL, _CT.LETTER_OR_MESSAGE)),
        (2.0, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT, _CT.LETTER_OR_MESSAGE)),
        (1.5, AgencyKind.HEALTH, (_CT.HOME_VISIT, _CT.RECORD)),
        (1.0, AgencyKind.HOUSING, (_CT.LETTER_OR_MESSAGE, _CT.PHONE_CALL)),
        (0.5, AgencyKind.MENTAL_HEALTH, (_CT.LETTER_OR_MESSAGE,)),
        (0.5, AgencyKind.SUBSTANCE_USE, (_CT.RECORD,)),
        (0.3, AgencyKind.OTHER, (_CT.LETTER_OR_MESSAGE,)),
    ),
    "absent": (
        (4.0, None, (_CT.HOME_VISIT, _CT.PHONE_CALL, _CT.OFFICE_VISIT, _CT.MULTI_AGENCY_MEETING)),
        (1.0, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT,)),
        (0.6, AgencyKind.HEALTH, (_CT.HOME_VISIT,)),
    ),
    "blaming": (
        (4.0, None, (_CT.HOME_VISIT, _CT.MULTI_AGENCY_MEETING, _CT.PHONE_CALL, _CT.RECORD)),
        (1.5, AgencyKind.POLICE, (_CT.RECORD,)),
        (0.7, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT,)),
        (0.3, AgencyKind.CHILDRENS_SOCIAL_CARE, (_CT.RECORD,)),
    ),
}


@dataclass
class NoteDraft:
    date: dt.date
    order: int
    #: "incident", "protective", "strengths", "neutral", "absent", "blaming", or "contact" (with him).
    kind: str
    contact_type: ContactType
    agency: str | None
    author: str
    present: tuple[str, ...]
    text: str
    mentions_him: bool


def _fmt(template: str, ctx: Mapping[str, str]) -> str:
    return SENTENCE_START.sub(lambda m: m.group(0).upper(), template.format_map(ctx))


def _written(f: FamilyFile, template: str, text: str, ctx: Mapping[str, str]) -> str:
    f.written[text] = (template, ctx.get("child", ""))
    return _kept(f, template, text, ctx)


def _kept(f: FamilyFile, template: str, text: str, ctx: Mapping[str, str]) -> str:
    """What the generator keeps of a sentence for its truth (nothing it draws): whom it is about, and
    the day it names."""
    if HIM_FIELD in ctx:
        f.whose[text] = ctx[HIM_FIELD]
    if "{date}" in template:
        f.dated[text] = (template, dt.date.fromisoformat(ctx[DAY_FIELD]))
    return text


def _some(f: FamilyFile, pools: Sequence[Pool], k: int, plural: bool, ctx: Mapping[str, str]) -> list[str]:
    return [_written(f, t, _fmt(t, ctx), ctx) for t in choose(f.rng, pools, plural, f.used, k)]


def _one(f: FamilyFile, pool: Pool, plural: bool, ctx: Mapping[str, str]) -> str:
    template = pool.pick(f.rng, plural, f.used)
    return _written(f, template, _fmt(template, ctx), ctx)


def _setting(f: FamilyFile, kind: str) -> tuple[ContactType, AgencyRecord | None]:
    rng = f.rng
    options = [s for s in _SETTINGS[kind] if s[1] is None or s[1] in f.agency_by_kind]
    _weight, agency_kind, types = rng.choices(options, weights=[s[0] for s in options])[0]
    return rng.choice(types), (f.agency_by_kind[agency_kind] if agency_kind else None)


def _author(f: FamilyFile, agency: AgencyRecord | None, *, first: bool = False) -> str:
    if agency is not None:
        return agency.contact
    if first:
        return "Duty social worker"
    return f.worker or "Allocated social worker"


def _present(f: FamilyFile, ct: ContactType, on: dt.date, child: Child | None) -> tuple[str, ...]:
    born = f.born(on)
    mother = f.people.mother_pid
    if ct in (ContactType.RECORD, ContactType.LETTER_OR_MESSAGE):
        return ()
    if ct == ContactType.SCHOOL_VISIT:
        return (child.pid,) if child else tuple(c.pid for c in born[:1])
    if ct == ContactType.HOME_VISIT:
        return (mother, *(c.pid for c in born))
    if ct == ContactType.MULTI_AGENCY_MEETING:
        gran = f.people.gran
        with_gran = (gran.pid,) if gran and f.rng.random() < 0.3 else ()
        return (mother, *with_gran)
    return (mother,)


def _target(f: FamilyFile) -> Harm:
    if len(f.harms) > 1 and f.rng.random() < 0.3:
        return f.harms[1]
    return f.harms[0]


def _pregnancy(f: FamilyFile, on: dt.date, ctx: Mapping[str, str]) -> list[str]:
    due = f.people.unborn_due
    if due is None or on < due - dt.timedelta(days=210) or f.rng.random() > 0.35:
        return []
    return [_one(f, PREGNANCY, True, ctx)]


def _band(child: Child, on: dt.date) -> str:
    age = age_years(child.dob, on)
    return "infant" if age < 3 else "young" if age < 11 else "teen"


def _incident_sentences(f: FamilyFile, ct: ContactType, ctx: dict[str, str], plural: bool) -> list[str]:
    """The opening sentence of an incident: he, what he did, and which child was there."""
    rng = f.rng
    channel = (
        "record"
        if ct in (ContactType.RECORD, ContactType.LETTER_OR_MESSAGE)
        else "meeting"
        if ct == ContactType.MULTI_AGENCY_MEETING
        else "talk"
    )
    act_ctx = dict(ctx)
    if channel == "talk":  # she is telling it: "she told me he pushed her"
        act_ctx.update(m="her", m_pos="her", m_subj="she")
    if rng.random() < 0.3:
        act = ACTS_PLACED.pick(rng, plural, f.used)
        ctx["act"] = _written(f, act, act.format_map(act_ctx), act_ctx)
        ctx["where"] = ""
    else:
        act = ACTS.pick(rng, plural, f.used)
        ctx["act"] = _written(f, act, act.format_map(act_ctx), act_ctx)
        ctx["where"] = " " + PRESENCE.pick(rng, plural, f.used).format_map(act_ctx)
    opening = INCIDENT_OPEN[channel].pick(rng, plural, f.used)
    return [_kept(f, opening, _fmt(opening, ctx), ctx)]


@dataclass(frozen=True)
class _Day:
    """What a note written on one day is about."""

    on: dt.date
    ct: ContactType
    agency: AgencyRecord | None
    born: list[Child]
    child: Child

    @property
    def plural(self) -> bool:
        return len(self.born) > 1

    @property
    def school_age(self) -> bool:
        return age_years(self.child.dob, self.on) >= 5


class _Text(NamedTuple):
    parts: list[str]
    #: parts that must not be dropped to keep the note short.
    keep: list[str]
    mentions_him: bool
    child: Child


def _incident(f: FamilyFile, d: _Day) -> _Text:
    rng = f.rng
    target = _target(f)
    ctx = note_fields(f, d.on, target=target, child=d.child, agency=d.agency)
    out = _incident_sentences(f, d.ct, ctx, d.plural)
    for c in rng.sample(d.born, min(len(d.born), rng.choice((1, 1, 2)))):
        cctx = note_fields(f, d.on, target=target, child=c, agency=d.agency)
        out.append(_one(f, IMPACT[_band(c, d.on)], d.plural, cctx))
    if rng.random() < 0.6:
        out.append(_one(f, RESPONSIBILITY, d.plural, ctx))
    if rng.random() < 0.5:
        out.append(_one(f, PLAN_ACCOUNTABLE, d.plural, ctx))
    return _Text(out, [], True, d.child)


def _protective(f: FamilyFile, d: _Day) -> _Text:
    ctx = note_fields(f, d.on, target=_target(f), child=d.child, agency=d.agency)
    pools = (PROTECTIVE, PROTECTIVE_SCHOOL_AGE) if d.school_age else (PROTECTIVE,)
    out = _some(f, pools, f.rng.randint(1, 3), d.plural, ctx)
    if f.rng.random() < 0.4:
        out.insert(0, _one(f, OPEN[d.ct], d.plural, ctx))
    out += _pregnancy(f, d.on, ctx)
    return _Text(out, [], False, d.child)


def _strengths(f: FamilyFile, d: _Day) -> _Text:
    ctx = note_fields(f, d.on, target=None, child=d.child, agency=d.agency)
    pools = (STRENGTHS, STRENGTHS_SCHOOL_AGE) if d.school_age else (STRENGTHS,)
    out = _some(f, pools, f.rng.randint(1, 3), d.plural, ctx)
    if f.rng.random() < 0.5:
        out.insert(0, _one(f, OPEN[d.ct], d.plural, ctx))
    out += _pregnancy(f, d.on, ctx)
    return _Text(out, [], False, d.child)


def _neutral(f: FamilyFile, d: _Day) -> _Text:
    child = d.child
    agency = d.agency
    if agency is not None and agency.kind == AgencyKind.SCHOOL:
        group = "nursery" if "Nursery" in agency.name else "school"
        # Routine school news is about a child who goes there.
        pupils = [c for c in d.born if (age_years(c.dob, d.on) < 5) == (group == "nursery")]
        child = f.rng.choice(pupils) if pupils else child
    else:
        group = {AgencyKind.HEALTH: "health", AgencyKind.HOUSING: "housing"}.get(
            agency.kind if agency else AgencyKind.OTHER, "other"
        )
    ctx = note_fields(f, d.on, target=None, child=child, agency=agency)
    out = _some(f, (NEUTRAL[group],), f.rng.randint(1, 2), d.plural, ctx)
    out += _pregnancy(f, d.on, ctx)
    return _Text(out, [], False, child)


def _absent(f: FamilyFile, d: _Day) -> _Text:
    """A mother-focused note about the risk that should mention him and does not."""
    ctx = note_fields(f, d.on, target=None, child=d.child, agency=d.agency)
    pools = (ABSENT_BODY, ABSENT_BODY_SCHOOL_AGE) if d.school_age else (ABSENT_BODY,)
    out = [_one(f, OPEN[d.ct], d.plural, ctx)]
    out += _some(f, pools, f.rng.randint(1, 3), d.plural, ctx)
    if f.rng.random() < 0.5:
        out.append(_one(f, ABSENT_PLAN, d.plural, ctx))
    out += _pregnancy(f, d.on, ctx)
    return _Text(out, [], False, d.child)


def _blaming(f: FamilyFile, d: _Day) -> _Text:
    """At least one flagged sentence, at most six sentences."""
    rng = f.rng
    plural = d.plural
    mentions = rng.random() < 0.55
    ctx = note_fields(f, d.on, target=_target(f) if mentions else None, child=d.child, agency=d.agency)
    if mentions and f.practice == "mixed" and rng.random() < 0.4:
        out = _incident_sentences(f, d.ct, ctx, plural)
    elif rng.random() < 0.6:
        out = [_one(f, OPEN[d.ct], plural, ctx)]
    else:
        out = []
    keep: list[str] = []
    body: list[str] = []
    if mentions:
        body.append(_one(f, BLAME_HIM, plural, ctx))
        if rng.random() < 0.4:
            body.append(_one(f, BLAME_NO_HIM, plural, ctx))
        keep += body
        if rng.random() < 0.3:
            body.append(_one(f, HIM_IN_PASSING, plural, ctx))
    else:
        body += _some(f, (BLAME_NO_HIM,), rng.choice((1, 1, 2)), plural, ctx)
        keep += body
    pools = (ABSENT_BODY, ABSENT_BODY_SCHOOL_AGE) if d.school_age else (ABSENT_BODY,)
    body += _some(f, pools, rng.randint(0, 2), plural, ctx)
    rng.shuffle(body)
    out += body
    return _Text(out, keep, mentions, d.child)


_WRITERS = {
    "incident": _incident,
    "protective": _protective,
    "strengths": _strengths,
    "neutral": _neutral,
    "absent": _absent,
    "blaming": _blaming,
}


def note_text(
    f: FamilyFile, kind: str, on: dt.date, ct: ContactType, agency: AgencyRecord | None
) -> tuple[str, bool, Child]:
    """(text, whether it refers to him, the child it is mostly about)."""
    born = f.born(on)
    day = _Day(on, ct, agency, born, f.rng.choice(born))
    text = _WRITERS[kind](f, day)
    return fit(text.parts, text.keep), text.mentions_him, text.child


def _contact_note(
    f: FamilyFile, day: dt.date, h: Harm, outcome: EngagementOutcome, method: EngagementMethod
) -> NoteDraft:
    """The case note of a contact with him: a full account at accountable practice, often a thin one otherwise."""
    rng = f.rng
    thin = f.practice != "accountable" and outcome in HIM_CONTACT_THIN and rng.random() < 0.6
    pools = HIM_CONTACT_THIN if thin else HIM_CONTACT
    ct = METHOD_CONTACT_TYPE[method]
    agency: AgencyRecord | None = None
    if method == EngagementMethod.THROUGH_ANOTHER_AGENCY:
        agency = f.agency_by_kind.get(AgencyKind.PROBATION) or f.agency_by_kind.get(AgencyKind.PERPETRATOR_PROGRAMME)
    ctx = note_fields(f, day, target=h, agency=agency)
    if method == EngagementMethod.OFFICE_APPOINTMENT:
        ctx["where_met"] = "at the office"
    elif h.lives_with_her:
        ctx["where_met"] = "at the family home"
    else:
        ctx["where_met"] = "at his flat"
    ctx["by_method"] = {
        EngagementMethod.PHONE: "by phone",
        EngagementMethod.LETTER: "in a letter",
        EngagementMethod.TEXT_OR_EMAIL: "by text message",
    }.get(method, f"through {agency.name}" if agency else "through another agency")
    ctx["via_agency"] = agency.name if agency else "another agency"
    text = _one(f, pools[outcome], len(f.born(day)) > 1, ctx)
    if outcome == EngagementOutcome.SEEN and method == EngagementMethod.HOME_VISIT and h.lives_with_her:
        present: tuple[str, ...] = (h.pid, f.people.mother_pid, *(c.pid for c in f.born(day)))
    elif ct in (ContactType.RECORD, ContactType.LETTER_OR_MESSAGE):
        present = ()
    else:
        present = (h.pid,)
    return NoteDraft(day, 1000, "contact", ct, agency.id if agency else None, _author(f, agency), present, text, True)


def note_drafts(f: FamilyFile, attempt_rows: Sequence[AttemptRow]) -> list[NoteDraft]:
    """The file's notes, not yet in date order: notes of contacts with him first, then the rest,
    the first of them on the day the case opened."""
    rng = f.rng
    total = min(25, int(rng.triangular(3, 26, 8)))
    drafts: list[NoteDraft] = []
    chance = CONTACT_NOTE_CHANCE[f.practice]
    for day, _, h, outcome, method, _ in attempt_rows:
        if outcome in REACHED_OUTCOMES and len(drafts) < total - 2 and rng.random() < chance:
            drafts.append(_contact_note(f, day, h, outcome, method))
    span = (f.today - f.start).days
    weights = NOTE_KIND_WEIGHTS[f.practice]
    # The first note is about the incident when practice is good, in blaming words when it is poor.
    # (The choice for "mixed" is drawn whatever the level, so the stream of draws stays the same.)
    first_kind = {
        "accountable": "incident",
        "mixed": rng.choice(("incident", "blaming")),
        "blaming": "blaming",
    }[f.practice]
    for n in range(total - len(drafts)):
        if n == 0:
            kind, day = first_kind, f.start
        else:
            kind = rng.choices(NOTE_KINDS, weights=weights)[0]
            day = f.start + dt.timedelta(days=rng.randint(1, span))
        ct, agency = _setting(f, kind)
        text, mentions, child = note_text(f, kind, day, ct, agency)
        drafts.append(
            NoteDraft(
                day,
                n + 1,
                kind,
                ct,
                agency.id if agency else None,
                _author(f, agency, first=n == 0),
                _present(f, ct, day, child),
                text,
                mentions,
            )
        )
    return drafts
