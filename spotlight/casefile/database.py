"""Import and export of the case-file format (`spotlight.casefile.format`) to and from the database.

Each app reads and writes its own part (`spotlight.casefile.database`, `spotlight.pattern.interchange`);
this module runs them in turn for every family. Import is all-or-nothing: the whole file is checked
inside one transaction, and if any line is wrong nothing is written and every problem is reported by
line and field. To add an app's part, add its export to `family_to_record` and its writer to
`_write_batch`.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.casefile.format import CaseFileError, CaseFileInvalid, FamilyRecord, dump_family, scan_families
from spotlight.cases.interchange import BATCH, Lookups, export_case_part, person_refs, write_case_part
from spotlight.cases.models import Family, ImportRun
from spotlight.clock import local_today
from spotlight.outcomes.interchange import export_outcomes_part, write_outcomes_part
from spotlight.pattern.interchange import export_pattern_map_part, write_pattern_map_part
from spotlight.plans.interchange import export_plans_part, write_plans_part
from spotlight.risk.interchange import export_risk_part, write_risk_part
from spotlight.sharing.interchange import export_sharing_part, write_sharing_part

# --- export -------------------------------------------------------------------------


def family_to_record(family: Family) -> FamilyRecord:
    """The family as one case-file record, every app's part in it. Sealed details are never included."""
    pid = person_refs(family)
    return FamilyRecord(
        **export_case_part(family, pid),
        **export_pattern_map_part(family, pid),
        **export_risk_part(family, pid),
        **export_outcomes_part(family, pid),
        **export_plans_part(family, pid),
        **export_sharing_part(family),
    )


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


def _write_batch(
    batch: list[FamilyRecord], lookups: Lookups, result: ImportResult, run: ImportRun, user: User | None
) -> list[int]:
    """One batch, in one short transaction: the database is never held for the whole import."""
    with transaction.atomic():
        written = write_case_part(list(batch), lookups, today=local_today(), import_run=run)
        result.counts.update(written.counts)
        result.counts.update(write_pattern_map_part(written.families, list(batch), written.people, user=user))
        result.counts.update(write_risk_part(written.families, list(batch), written.people, user=user))
        result.counts.update(write_outcomes_part(written.families, list(batch), written.people, user=user))
        result.counts.update(write_plans_part(written.families, list(batch), written.people, user=user))
        result.counts.update(write_sharing_part(written.families, list(batch), user=user))
        result.unknown_workers |= written.unknown_workers
        result.families += len(batch)
        ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    if connection.vendor == "sqlite":
        # SQLite has one writer and no queue: without a pause, the next batch takes the lock again before
        # anyone waiting (a page view writing its access-log row) is let in. Its busy handler retries
        # about every 100 ms, so a pause a little longer than that lets each of them through.
        time.sleep(SQLITE_PAUSE)
    return [f.pk for f in written.families]


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


#: Seconds an import on SQLite pauses between batches, for other writers (see _write_batch).
SQLITE_PAUSE = 0.15

#: Families per transaction on SQLite. It has one writer, so a page view that writes its access-log row
#: waits for the whole batch: 500 families hold the lock for seconds on a slow machine, 100 for well
#: under one. PostgreSQL lets others write meanwhile and keeps the larger batch.
SQLITE_BATCH = 100

#: An unfinished import whose process has not been heard from for this long is taken to have stopped.
ABANDONED_AFTER = dt.timedelta(minutes=10)


def _alive(run: ImportRun) -> bool:
    if run.host == socket.gethostname() and run.pid:
        try:
            os.kill(run.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return run.heartbeat_at > timezone.now() - ABANDONED_AFTER


def _discard(run: ImportRun) -> None:
    """Removes what an unfinished import wrote, a batch at a time (nobody ever saw it)."""
    while ids := list(Family.objects.filter(import_run=run).values_list("id", flat=True)[:BATCH]):
        with transaction.atomic():
            Family.objects.filter(id__in=ids).delete()
    ImportRun.objects.filter(pk=run.pk).delete()


def discard_stopped_imports() -> int:
    """Removes what imports that were stopped part-way (a killed process) had written."""
    stopped = [run for run in ImportRun.objects.filter(finished_at__isnull=True) if not _alive(run)]
    for run in stopped:
        _discard(run)
    return len(stopped)


def import_case_file(
    lines: Iterable[str | bytes],
    *,
    user: User | None = None,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    max_errors: int = 50,
) -> ImportResult:
    """Imports every family in the file, or none: raises CaseFileInvalid naming each problem.

    Families are written a batch at a time, each batch in its own short transaction, and come into
    sight together when the import finishes; if it fails (or is stopped), what it wrote is removed.
    """
    discard_stopped_imports()
    result = ImportResult()
    errors: list[CaseFileError] = []
    run = ImportRun.objects.create(host=socket.gethostname(), pid=os.getpid())
    written: list[int] = []
    batch_size = SQLITE_BATCH if connection.vendor == "sqlite" else BATCH
    try:
        lookups = Lookups()
        pending: list[tuple[int, FamilyRecord]] = []

        def flush() -> None:
            refs = {r.id: n for n, r in pending}
            for ref in Family.objects.filter(reference__in=list(refs)).values_list("reference", flat=True):
                errors.append(CaseFileError(refs[ref], "id", f'a family with id "{ref}" is already in Spotlight'))
            errors.extend(_allocation_problems(pending, lookups))
            if not errors:
                written.extend(_write_batch([r for _, r in pending], lookups, result, run, user))
            pending.clear()

        for number, record, problems in _with_progress(scan_families(lines, today=today), progress):
            errors.extend(problems)
            if record is not None and not problems:
                pending.append((number, record))
            if len(pending) >= batch_size:
                flush()
            if len(errors) >= max_errors:
                break
        if pending and len(errors) < max_errors:
            flush()
        if not errors and result.families == 0:
            errors.append(CaseFileError(1, "", "the file holds no families: it is empty, or every line is blank"))
        if errors:
            raise CaseFileInvalid(errors[:max_errors])
        with transaction.atomic():
            ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
            for start in range(0, len(written), BATCH):
                access_log_write_many(
                    user=user,
                    action=AccessAction.IMPORT,
                    what="case-file import",
                    family_ids=written[start : start + BATCH],
                )
    except BaseException:
        _discard(run)
        raise
    return result


def _with_progress(
    items: Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]]:
    for item in items:
        yield item
        if progress:
            progress(1)
