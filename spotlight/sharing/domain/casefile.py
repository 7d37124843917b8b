"""Information sharing's part of the case-file format: each time information about the family was shared
with another agency or received from one. What kinds (never the information itself), with whom, when,
why and on what lawful basis. Pure Python (pydantic, no Django); every field is optional, so files
written before sharing was carried still read. Kinds, reasons and bases are checked against the
information-sharing file in use."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import StringConstraints

from spotlight.cases.domain.casefile import Identifier, Name, PlainName, Record, Report, check_unique_ids
from spotlight.sharing.domain.vocabulary import default_sharing

ChoiceId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), PlainName]


class SharingRecord(Record):
    id: Identifier
    direction: Literal["shared", "received"]
    agency: Name
    on: dt.date
    #: the kinds of information, ids from the information-sharing file (never the information)
    kinds: tuple[ChoiceId, ...]
    reason: ChoiceId
    lawful_basis: ChoiceId
    #: the worker confirmed, after the warning, that sharing sealed details was safe and necessary
    sealed_details_confirmed: bool = False


class SharingPart(Record):
    information_sharing: tuple[SharingRecord, ...] = ()


def check_sharing_part(part: SharingPart, *, err: Report, today: dt.date) -> None:
    """Kinds, reasons and bases from the information-sharing file in use; at least one kind; no date in
    the future; sealed details shared only with the worker's confirmation."""
    if not part.information_sharing:
        return
    vocabulary = default_sharing()
    kinds = {k.id: k for k in vocabulary.kinds}
    reasons = {r.id for r in vocabulary.reasons}
    bases = {b.id for b in vocabulary.lawful_bases}
    check_unique_ids(err, "information_sharing", [s.id for s in part.information_sharing])
    for i, record in enumerate(part.information_sharing):
        at = f"information_sharing[{i}]"
        if not record.kinds:
            err(f"{at}.kinds", "name at least one kind of information")
        for j, kind in enumerate(record.kinds):
            if kind not in kinds:
                err(f"{at}.kinds[{j}]", f'"{kind}" is not a kind of information in the information-sharing file')
        if record.reason not in reasons:
            err(f"{at}.reason", f'"{record.reason}" is not a reason in the information-sharing file')
        if record.lawful_basis not in bases:
            err(f"{at}.lawful_basis", f'"{record.lawful_basis}" is not a lawful basis in the information-sharing file')
        if record.on > today:
            err(f"{at}.on", f"date {record.on.isoformat()} is in the future")
        sensitive = [k for k in record.kinds if k in kinds and kinds[k].sensitive]
        if record.direction == "shared" and sensitive and not record.sealed_details_confirmed:
            err(f"{at}.sealed_details_confirmed", "sealed details were shared: say that the worker confirmed it")
