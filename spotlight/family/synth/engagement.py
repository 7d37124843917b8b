"""Contact attempts with the people causing harm: how hard the workers try to reach him, and
whether he is contacted, seen, seen alone, assessed as a parent, or declines, by practice level."""

from __future__ import annotations

import datetime as dt
import random

from spotlight.cases.domain.casefile import ContactAttemptRecord
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.fields import note_fields
from spotlight.family.synth.people import Harm
from spotlight.family.synth.phrases import ATTEMPT_NOTE, OUTCOME_NOTE
from spotlight.vocabulary import AgencyKind, ContactType, EngagementMethod, EngagementOutcome

#: (date, order drawn, him, outcome, method, the attempt's own note), in date order.
AttemptRow = tuple[dt.date, int, Harm, EngagementOutcome, EngagementMethod, str]

METHODS: dict[EngagementOutcome, tuple[EngagementMethod, ...]] = {
    EngagementOutcome.ATTEMPTED: (
        EngagementMethod.LETTER,
        EngagementMethod.PHONE,
        EngagementMethod.TEXT_OR_EMAIL,
        EngagementMethod.HOME_VISIT,
        EngagementMethod.OFFICE_APPOINTMENT,
        EngagementMethod.THROUGH_ANOTHER_AGENCY,
    ),
    EngagementOutcome.CONTACTED: (EngagementMethod.PHONE, EngagementMethod.TEXT_OR_EMAIL),
    EngagementOutcome.SEEN: (EngagementMethod.HOME_VISIT, EngagementMethod.OFFICE_APPOINTMENT),
    EngagementOutcome.SEEN_ALONE: (EngagementMethod.OFFICE_APPOINTMENT, EngagementMethod.HOME_VISIT),
    EngagementOutcome.ASSESSED_AS_PARENT: (EngagementMethod.OFFICE_APPOINTMENT, EngagementMethod.HOME_VISIT),
    EngagementOutcome.DECLINED: (
        EngagementMethod.PHONE,
        EngagementMethod.LETTER,
        EngagementMethod.TEXT_OR_EMAIL,
        EngagementMethod.THROUGH_ANOTHER_AGENCY,
    ),
}

METHOD_CONTACT_TYPE: dict[EngagementMethod, ContactType] = {
    EngagementMethod.PHONE: ContactType.PHONE_CALL,
    EngagementMethod.LETTER: ContactType.LETTER_OR_MESSAGE,
    EngagementMethod.TEXT_OR_EMAIL: ContactType.LETTER_OR_MESSAGE,
    EngagementMethod.HOME_VISIT: ContactType.HOME_VISIT,
    EngagementMethod.OFFICE_APPOINTMENT: ContactType.OFFICE_VISIT,
    EngagementMethod.THROUGH_ANOTHER_AGENCY: ContactType.RECORD,
}


def _accountable_outcomes(rng: random.Random, primary: bool) -> list[EngagementOutcome]:
    """Repeated efforts to reach him, see him alone and assess him as a parent."""
    o = EngagementOutcome
    if not primary and rng.random() < 0.35:
        return [o.ATTEMPTED] * rng.randint(1, 2)
    if rng.random() < 0.08:  # tried hard, never reached him
        return [o.ATTEMPTED] * rng.randint(2, 4)
    seq = [o.ATTEMPTED] * rng.randint(0, 2) + [o.CONTACTED]
    if rng.random() < 0.12:
        seq.append(o.DECLINED)
        if rng.random() < 0.5:
            seq.append(o.ATTEMPTED)
        return seq
    if rng.random() < 0.8:
        seq.append(o.SEEN)
    if rng.random() < 0.7:
        seq.append(o.SEEN_ALONE)
    if rng.random() < (0.7 if primary else 0.4):
        seq.append(o.ASSESSED_AS_PARENT)
    return seq


def _mixed_outcomes(rng: random.Random, primary: bool) -> list[EngagementOutcome]:
    """Often a try or two; sometimes contact, seldom more."""
    o = EngagementOutcome
    if rng.random() < (0.25 if primary else 0.6):
        return []
    seq = [o.ATTEMPTED] * rng.randint(1, 2)
    r = rng.random()
    if r < 0.1:
        seq.append(o.DECLINED)
    elif r < 0.65:
        seq.append(o.CONTACTED)
        if rng.random() < 0.35:
            seq.append(o.SEEN)
            if rng.random() < 0.4:
                seq.append(o.ASSESSED_AS_PARENT)
    return seq


def _blaming_outcomes(rng: random.Random, primary: bool) -> list[EngagementOutcome]:
    """Mostly nothing; never anything with a second man."""
    o = EngagementOutcome
    r = rng.random()
    if r < 0.6 or not primary:
        return []
    if r < 0.9:
        return [o.ATTEMPTED] * rng.randint(1, 2)
    return [o.CONTACTED] if rng.random() < 0.5 else [o.ATTEMPTED, o.DECLINED]


def _outcomes(rng: random.Random, practice: str, primary: bool) -> list[EngagementOutcome]:
    if practice == "accountable":
        return _accountable_outcomes(rng, primary)
    if practice == "mixed":
        return _mixed_outcomes(rng, primary)
    return _blaming_outcomes(rng, primary)


def contact_attempts(f: FamilyFile) -> tuple[list[AttemptRow], list[ContactAttemptRecord]]:
    """The attempts to reach each person causing harm, as rows (for the notes about them) and records."""
    rng = f.rng
    span = (f.today - f.start).days
    rows: list[AttemptRow] = []
    order = 0
    via = f.agency_by_kind.get(AgencyKind.PROBATION) or f.agency_by_kind.get(AgencyKind.PERPETRATOR_PROGRAMME)
    for idx, h in enumerate(f.harms):
        outcomes = _outcomes(rng, f.practice, primary=idx == 0)
        days = sorted(rng.randint(0, span) for _ in outcomes)
        ctx = note_fields(f, f.today, target=h)
        ctx["via_agency"] = via.name if via else "another agency"
        for day, outcome in zip(days, outcomes, strict=True):
            methods = METHODS[outcome]
            if via is None:
                methods = tuple(m for m in methods if m != EngagementMethod.THROUGH_ANOTHER_AGENCY)
            method = rng.choice(methods)
            if outcome == EngagementOutcome.ATTEMPTED:
                note = ATTEMPT_NOTE[method].pick(rng, True).format_map(ctx)
            elif f.practice == "accountable" or rng.random() < 0.5:
                note = OUTCOME_NOTE[outcome]
            else:
                note = ""
            order += 1
            rows.append((f.start + dt.timedelta(days=day), order, h, outcome, method, note))
    rows.sort(key=lambda r: (r[0], r[1]))
    author = f.worker or "Allocated social worker"
    records = [
        ContactAttemptRecord(
            id=f"c{i:02d}", person=h.pid, date=day, outcome=outcome, method=method, author=author, note=note
        )
        for i, (day, _, h, outcome, method, note) in enumerate(rows, start=1)
    ]
    return rows, records
