"""The fields a note template is filled in with (see `phrases`), for one family on one day."""

from __future__ import annotations

import datetime as dt

from spotlight.cases.domain.casefile import AgencyRecord
from spotlight.family.synth.dates import MONTHS, age_text, day_text
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.people import Child, Harm
from spotlight.family.synth.phrases import join
from spotlight.vocabulary import AgencyKind

#: Keys of the fields that no template uses: the day {date} names, and his person id
DAY_FIELD, HIM_FIELD = "_day", "_him"


def note_fields(
    f: FamilyFile,
    on: dt.date,
    *,
    target: Harm | None,
    child: Child | None = None,
    agency: AgencyRecord | None = None,
) -> dict[str, str]:
    """Template fields for a note dated `on`; without `target`, nothing that names him."""
    rng = f.rng
    people = f.people
    born = f.born(on) or list(f.children[:1])
    child = child or rng.choice(born)
    others = [c for c in born if c is not child]
    child2 = rng.choice(others) if others else child
    mg, ms = people.mother_given, people.mother_surname
    if target is None and not people.mother_safe_surname:
        m = rng.choice((mg, mg, mg, "mum"))
    else:
        m = rng.choice((mg, mg, f"Ms {ms}", f"Ms {ms}", f"{mg} {ms}"))
    incident = on - dt.timedelta(days=rng.randint(0, 6))
    earlier = on - dt.timedelta(days=rng.randint(20, 120))
    gran = people.gran
    if gran is not None and gran.female:
        gran_ref = rng.choice((f"{gran.given} {gran.family}", f"{mg}'s mother"))
    elif gran is not None:
        gran_ref = f"{gran.given} {gran.family}"
    else:
        gran_ref = "her mother"
    school = f.agency_by_kind.get(AgencyKind.SCHOOL)
    da = f.agency_by_kind.get(AgencyKind.DOMESTIC_ABUSE_SERVICE)
    prog = f.agency_by_kind.get(AgencyKind.PERPETRATOR_PROGRAMME)
    subst = f.agency_by_kind.get(AgencyKind.SUBSTANCE_USE)
    due = people.unborn_due
    ctx = {
        "m": m,
        "m_pos": f"{mg}'s",
        "m_subj": mg,
        "m_given": mg,
        "child": child.given,
        "child_age": f"{child.given} ({age_text(child.dob, on)})",
        "cs": "she" if child.female else "he",
        "co": "her" if child.female else "him",
        "cp": "her" if child.female else "his",
        "child2": child2.given,
        "kids": "the children" if len(born) > 1 else child.given,
        "kids_names": join([c.given for c in born]),
        "date": day_text(incident),
        "month": MONTHS[earlier.month - 1],
        "pct": str(rng.randint(82, 99)),
        "edd_month": f"{MONTHS[due.month - 1]} {due.year}" if due else "",
        "school": school.name if school else "school",
        "da": da.name if da else "the domestic abuse service",
        "programme": prog.name if prog else "a behaviour change programme",
        "agency": agency.name if agency else "the police",
        "gran": gran_ref,
        "substance": subst.name if subst else "the substance use service",
        # not template fields: what the generator keeps of what it wrote (see FamilyFile.dated)
        DAY_FIELD: incident.isoformat(),
    }
    if target is not None:
        ctx.update(_his_fields(f, target, child, several=len(born) > 1))
    return ctx


def _his_fields(f: FamilyFile, target: Harm, child: Child, *, several: bool) -> dict[str, str]:
    """How a note names him and how he stands to the family."""
    mg = f.people.mother_given
    full = f"{target.given} {target.family}"
    mr = f"Mr {target.family}"
    if target.is_father:
        rel = "the children's father" if several else f"{child.given}'s father"
        goal = f"a good dad to {child.given}"
    else:
        rel = f"{mg}'s partner" if target.current else f"{mg}'s former partner"
        goal = f"a good stepdad to {child.given}" if target.step else f"someone {child.given} can rely on"
    return {
        "p": f.rng.choice((full, full, mr)),
        "p_mr": mr,
        "p_given": target.given,
        "p_rel": rel,
        "p_goal": goal,
        HIM_FIELD: target.pid,
    }
