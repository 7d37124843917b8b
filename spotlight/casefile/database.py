"""Import and export of the case-file format (`spotlight.casefile.format`) to and from the database.

Each app reads and writes its own part (`spotlight.casefile.database`, `spotlight.pattern.interchange`);
this module runs them in turn for every family. Import is all-or-nothing: the whole file is checked
inside one transaction, and if any line is wrong nothing is written and every problem is reported by
line and field. To add an app's part, add its export to `family_to_record` and its writer to
`_write_batch`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.db.models import QuerySet

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.casefile.format import CaseFileError, CaseFileInvalid, FamilyRecord, dump_family, scan_families
from spotlight.cases.interchange import BATCH, Lookups, export_case_part, person_refs, write_case_part
from spotlight.cases.models import Family
from spotlight.clock import local_today
from spotlight.pattern.interchange import export_pattern_map_part, write_pattern_map_part

# --- export -------------------------------------------------------------------------


def family_to_record(family: Family) -> FamilyRecord:
    """The family as one case-file record, every app's part in it. Sealed details are never included."""
    pid = person_refs(family)
    return FamilyRecord(**export_case_part(family, pid), **export_pattern_map_part(family, pid))


def export_families(
    families: QuerySet[Family], out: TextIO, *, user: User | None, progress: Callable[[int], None] | None = None
) -> int:
    """Writes every family in `families` (which the caller got through the read gate)."""
    count = 0
    ids: list[int] = []
    for family in families.select_related("team").order_by("id").iterator(chunk_size=200):
        out.write(dump_family(family_to_record(family)))
        out.write("\n")
        ids.append(family.pk)
        count += 1
        if progress:
            progress(1)
        if len(ids) >= BATCH:
            access_log_write_many(user=user, action=AccessAction.EXPORT, what="case-file export", family_ids=ids)
            ids = []
    if ids:
        access_log_write_many(user=user, action=AccessAction.EXPORT, what="case-file export", family_ids=ids)
    return count


# --- import -------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import wrote: families, and how many of each kind of record (`result.notes`, ...)."""

    families: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    unknown_workers: set[str] = field(default_factory=set)

    def __getattr__(self, name: str) -> int:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.counts[name]


def _write_batch(batch: list[FamilyRecord], lookups: Lookups, result: ImportResult, user: User | None) -> None:
    written = write_case_part(list(batch), lookups, today=local_today())
    result.counts.update(written.counts)
    result.counts.update(write_pattern_map_part(written.families, list(batch), written.people, user=user))
    result.unknown_workers |= written.unknown_workers
    result.families += len(batch)
    access_log_write_many(
        user=user, action=AccessAction.IMPORT, what="case-file import", family_ids=[f.pk for f in written.families]
    )


def _allocation_problems(pending: list[tuple[int, FamilyRecord]], lookups: Lookups) -> list[CaseFileError]:
    """Families are allocated to staff who hold a caseload (social workers, domestic abuse specialists),
    never to an auditor, a manager or an administrator."""
    problems = []
    for number, record in pending:
        for i, username in enumerate(record.allocated_to):
            worker = lookups.user(username)
            if worker is not None and not policy.has_caseload(worker):
                problems.append(
                    CaseFileError(
                        number,
                        f"allocated_to[{i}]",
                        f'"{username}" is {worker.get_staff_role_display().lower()}: families are allocated to '
                        "social workers and domestic abuse specialists",
                    )
                )
    return problems


def import_case_file(
    lines: Iterable[str | bytes],
    *,
    user: User | None = None,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    max_errors: int = 50,
) -> ImportResult:
    """Imports every family in the file, or none: raises CaseFileInvalid naming each problem."""
    result = ImportResult()
    errors: list[CaseFileError] = []
    with transaction.atomic():
        lookups = Lookups()
        pending: list[tuple[int, FamilyRecord]] = []

        def flush() -> None:
            refs = {r.id: n for n, r in pending}
            for ref in Family.objects.filter(reference__in=list(refs)).values_list("reference", flat=True):
                errors.append(CaseFileError(refs[ref], "id", f'a family with id "{ref}" is already in Spotlight'))
            errors.extend(_allocation_problems(pending, lookups))
            if not errors:
                _write_batch([r for _, r in pending], lookups, result, user)
            pending.clear()

        for number, record, problems in _with_progress(scan_families(lines, today=today), progress):
            errors.extend(problems)
            if record is not None and not problems:
                pending.append((number, record))
            if len(pending) >= BATCH:
                flush()
            if len(errors) >= max_errors:
                break
        if pending and len(errors) < max_errors:
            flush()
        if not errors and result.families == 0:
            errors.append(CaseFileError(1, "", "the file holds no families: it is empty, or every line is blank"))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise CaseFileInvalid(errors[:max_errors])
    return result


def _with_progress(
    items: Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]]:
    for item in items:
        yield item
        if progress:
            progress(1)
