"""Reads for casework: when each child and each person causing harm is next due to be seen, tasks, and
the lists (a page at a time, sorted by the database) that show them.

Due dates are computed by the database, so a list of 20,000 families is sorted and cut into pages there:
`with_contact_due` annotates people with the day their next visit or contact falls due, as a day number
(`spotlight.casework.domain.standards.day_number`), from the contact standards' table of offsets
(`ContactStandards.offsets`), the same table `Interval.due_after` reads. Callers pass families they got
from the read gate (`spotlight.cases.gate`); nothing here decides who may read a family.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import (
    Case,
    CharField,
    DateField,
    Expression,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases.gate import families_allocated_to, families_readable_by
from spotlight.cases.models import CaseNote, ContactAttempt, Family, Person
from spotlight.cases.selectors import (
    REACHED,
    CaseloadRow,
    HisEngagement,
    PersonContact,
    allocation_holders,
    caseload_rows,
    families_by_his_contact,
)
from spotlight.casework.domain.standards import (
    HIM,
    ContactStandards,
    contact_standards,
    day_number,
    from_day_number,
    overdue_by,
)
from spotlight.casework.models import ChildPlan, Task, TaskStatus
from spotlight.ui.paging import PageLink, page_href, page_links
from spotlight.vocabulary import ROLE_ORDER, Role

Item = TypeVar("Item")

#: Rows on a page of any list of families, people or tasks.
PAGE_SIZE = 50
#: "Due this week": due within this many days, or overdue.
DUE_SOON_DAYS = 7


# --- due dates, in the database ---------------------------------------------------------------------


class DayNumber(Func):
    """A date as the number of days since 1970-01-01, the same on SQLite and PostgreSQL."""

    arity = 1
    output_field = IntegerField()
    template = "(%(expressions)s - DATE '1970-01-01')"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="CAST(ROUND(julianday(%(expressions)s) - 2440587.5) AS INTEGER)", **extra
        )


class DueDayNumber(Expression):
    """The day number a standard's period ends after `base` (a day number), for the standard named by
    `key`: `base + offset[key][weekday of base]`; NULL when no standard has that key (or either is NULL).

    `base` and `key` are each worked out once (they hold the subqueries that find when the person was last
    seen)."""

    output_field = IntegerField()

    def __init__(self, base: Any, key: Any, offsets: Mapping[str, Sequence[int]]) -> None:
        super().__init__(output_field=IntegerField())
        self.base, self.key = base, key
        self.offsets = {k: tuple(int(o) for o in v) for k, v in offsets.items()}

    def get_source_expressions(self) -> list[Any]:
        return [self.base, self.key]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.base, self.key = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        if not self.offsets:
            return "NULL", []
        base_sql, base_params = compiler.compile(self.base)
        key_sql, key_params = compiler.compile(self.key)
        # base and key are worked out once, in a one-row table (LIMIT keeps the database from inlining them
        # back), and read from it: 1970-01-01 was a Thursday, so (day number + 3) % 7 is 0 on a Monday.
        sql = "(SELECT spotlight_due.base + CASE ((spotlight_due.base + 3) %% 7)"
        params: list[Any] = []
        for weekday in range(7):
            sql += f" WHEN {weekday} THEN CASE spotlight_due.standard"
            for key, offsets in self.offsets.items():
                sql += f" WHEN %s THEN {offsets[weekday]}"
                params.append(key)
            sql += " ELSE NULL END"
        sql += f" ELSE NULL END FROM (SELECT {base_sql} AS base, {key_sql} AS standard LIMIT 1) AS spotlight_due)"
        return sql, [*params, *base_params, *key_params]


def _last_note() -> Subquery:
    """The last day the person was present at a contact recorded in a case note (not one struck out)."""
    notes = CaseNote.objects.filter(present=OuterRef("pk"), struck_out_at=None)
    return Subquery(notes.order_by("-occurred_on").values("occurred_on")[:1], output_field=DateField())


def _last_reached() -> Subquery:
    """The last day an attempt to engage the person reached him."""
    attempts = ContactAttempt.objects.filter(person=OuterRef("pk"), outcome__in=REACHED, struck_out_at=None)
    return Subquery(attempts.order_by("-occurred_on").values("occurred_on")[:1], output_field=DateField())


_COUNTED_CHILD = Q(role=Role.CHILD.value, expected_date_of_birth__isnull=True)  # an unborn child is not visited


def _applies_from() -> Case:
    """The day the standard began to apply: the plan's start for a child, the record's opening for him."""
    return Case(
        When(role=Role.PERSON_CAUSING_HARM.value, then=F("family__opened_on")),
        When(_COUNTED_CHILD, then=F("current_plan__started_on")),
        default=None,
        output_field=DateField(),
    )


def _standard_key() -> Case:
    return Case(
        When(role=Role.PERSON_CAUSING_HARM.value, then=Value(HIM)),
        When(_COUNTED_CHILD, then=F("current_plan__status")),
        default=None,
        output_field=CharField(),
    )


def _due_day(standards: ContactStandards) -> DueDayNumber:
    start = _applies_from()
    base = Greatest(
        Coalesce(_last_note(), start, output_field=DateField()),
        Coalesce(_last_reached(), start, output_field=DateField()),
        start,
        output_field=DateField(),
    )
    return DueDayNumber(DayNumber(base), _standard_key(), standards.offsets())


def _with_current_plan(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.annotate(current_plan=FilteredRelation("plans", condition=Q(plans__current=True)))


def with_contact_due(people: QuerySet[Person], standards: ContactStandards | None = None) -> QuerySet[Person]:
    """People annotated with `due_day` (the day number their next visit or contact falls due; NULL when no
    standard applies), `last_note`, `last_reached`, `plan_status` and `plan_started_on`."""
    standards = standards or contact_standards()
    return _with_current_plan(people).annotate(
        last_note=_last_note(),
        last_reached=_last_reached(),
        plan_status=F("current_plan__status"),
        plan_started_on=F("current_plan__started_on"),
        due_day=_due_day(standards),
    )


def _soonest_due_in_family(standards: ContactStandards) -> Subquery:
    people = _with_current_plan(Person.objects.filter(family=OuterRef("pk"), struck_out_at=None)).order_by()
    soonest = people.values("family").annotate(soonest=Min(_due_day(standards))).values("soonest")
    return Subquery(soonest, output_field=IntegerField())


# --- what each person is due ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactDue:
    """When a child was last seen (or he was last contacted), the standard that applies, and when the
    next visit or contact falls due."""

    person: Person
    last_seen: dt.date | None
    plan_status: str
    plan_label: str
    plan_started_on: dt.date | None
    standard: str  # "10 working days"; "" when none applies
    due_on: dt.date | None
    overdue_by: int

    @property
    def is_overdue(self) -> bool:
        return self.overdue_by > 0

    @property
    def is_child(self) -> bool:
        return self.person.role == Role.CHILD


def _contact_due(person: Any, standards: ContactStandards, today: dt.date) -> ContactDue:
    seen = [d for d in (person.last_note, person.last_reached) if d is not None]
    due_on = from_day_number(person.due_day) if person.due_day is not None else None
    intervals = standards.intervals()
    key = HIM if person.role == Role.PERSON_CAUSING_HARM else person.plan_status
    interval = intervals.get(key) if key and due_on else None
    return ContactDue(
        person=person,
        last_seen=max(seen) if seen else None,
        plan_status=person.plan_status or "",
        plan_label=standards.plan_label(person.plan_status) if person.plan_status else "",
        plan_started_on=person.plan_started_on,
        standard=interval.text if interval else "",
        due_on=due_on,
        overdue_by=overdue_by(due_on, today),
    )


def contact_due_by_person(family_ids: Sequence[int], *, today: dt.date) -> dict[int, ContactDue]:
    """What each person in these families is due, in one query."""
    standards = contact_standards()
    people = with_contact_due(Person.objects.filter(family_id__in=list(family_ids), struck_out_at=None), standards)
    return {p.pk: _contact_due(p, standards, today) for p in people}


def family_contact_due(family: Family, *, today: dt.date) -> list[ContactDue]:
    """The family's people causing harm and children, his first, with what each is due."""
    standards = contact_standards()
    people = with_contact_due(
        Person.objects.filter(
            family=family, role__in=[Role.PERSON_CAUSING_HARM.value, Role.CHILD.value], struck_out_at=None
        ),
        standards,
    )
    order = {r: i for i, r in enumerate(ROLE_ORDER)}

    def key(p: Person) -> tuple[int, int, dt.date, int]:
        born = p.date_of_birth or p.expected_date_of_birth or dt.date.min
        return (order[Role(p.role)], 0 if p.date_of_birth else 1, born, p.pk)

    return [_contact_due(p, standards, today) for p in sorted(people, key=key)]


def plan_choices() -> list[tuple[str, str]]:
    """The plan statuses in the standards, for a form: "Child protection plan (seen every 10 working days)"."""
    return [
        (p.id, f"{p.label} (seen every {p.seen_every.text})" if p.seen_every else p.label)
        for p in contact_standards().children
    ]


def child_plans(family: Family) -> list[tuple[ChildPlan, str]]:
    """Every plan status recorded for the family's children, latest first, each with its label."""
    standards = contact_standards()
    plans = ChildPlan.objects.filter(family=family).select_related("child").order_by("-started_on", "-id")
    return [(plan, standards.plan_label(plan.status)) for plan in plans]


# --- lists a page at a time -------------------------------------------------------------------------


@dataclass(frozen=True)
class ListPage(Generic[Item]):
    """One page of a list, with links to the others that keep the list's sort (and any other choices)."""

    items: list[Item]
    number: int
    pages: int
    count: int
    first: int  # the position of the first item shown (from 1), 0 when the list is empty
    last: int
    links: list[PageLink]
    previous_href: str
    next_href: str
    notice: str  # why a different page is shown from the one asked for


def page_of(
    items: QuerySet[Any], asked: str | None, *, keep: Mapping[str, object], name: str = "page", size: int = PAGE_SIZE
) -> ListPage[Any]:
    """The page asked for (`asked`, from the address): a page that is not there shows page 1 and says so.
    `keep`: the other choices in the address (sort, which families), kept by every page link."""
    paginator = Paginator(items, size)
    notice, number = "", 1
    if asked not in (None, ""):
        text = str(asked)
        number = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0
        if not 1 <= number <= paginator.num_pages:
            notice, number = f"There is no such page: showing page 1 of {paginator.num_pages}.", 1
    try:
        page = paginator.page(number)
    except InvalidPage:  # pragma: no cover - the number was checked above
        page = paginator.page(1)
    links = page_links(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1), page.number, keep, name)
    rows = list(page.object_list)
    return ListPage(
        items=rows,
        number=page.number,
        pages=paginator.num_pages,
        count=paginator.count,
        first=page.start_index() if rows else 0,
        last=page.end_index() if rows else 0,
        links=links if paginator.num_pages > 1 else [],
        previous_href=page_href(keep, name, page.number - 1) if page.has_previous() else "",
        next_href=page_href(keep, name, page.number + 1) if page.has_next() else "",
        notice=notice,
    )


def chosen_sort(asked: str | None, sorts: Mapping[str, str], default: str) -> tuple[str, str]:
    """The sort asked for if the list has it; otherwise the default, and a notice saying so."""
    if asked in (None, "") or asked in sorts:
        return (asked or default), ""
    return default, f"This list cannot be sorted that way: it is sorted by {sorts[default]}."


@dataclass(frozen=True)
class SortLink:
    label: str
    href: str
    current: bool


def sort_links(sorts: Mapping[str, str], current: str, *, keep: Mapping[str, object]) -> list[SortLink]:
    """A link for each way the list may be sorted, keeping the other choices (and starting at page 1)."""
    kept = {k: v for k, v in keep.items() if v not in ("", None)}
    return [SortLink(label, "?" + urlencode({**kept, "sort": key}), key == current) for key, label in sorts.items()]


#: How the caseload's families may be sorted.
FAMILY_SORTS = {"name": "family name", "him": "longest since he was contacted", "overdue": "most overdue"}


def families_in_order(families: QuerySet[Family], sort: str) -> QuerySet[Family]:
    """The families sorted by the database: by name; those where he has gone longest without contact
    first (never contacted before all); or those with the visit or contact most overdue first."""
    families = families.select_related("team")
    if sort == "him":
        return families_by_his_contact(families)
    if sort == "overdue":
        return families.annotate(soonest_due=_soonest_due_in_family(contact_standards())).order_by(
            F("soonest_due").asc(nulls_last=True), "name", "reference", "pk"
        )
    return families.order_by("name", "reference", "pk")


@dataclass(frozen=True)
class CaseloadLine:
    """A family on a page of the caseload: its row, with what each child and each person causing harm is due."""

    row: CaseloadRow
    people_causing_harm: list[tuple[HisEngagement, ContactDue | None]]
    children: list[tuple[PersonContact, ContactDue | None]]

    @property
    def family(self) -> Family:
        return self.row.family


def caseload_lines(families: Sequence[Family], *, today: dt.date) -> list[CaseloadLine]:
    """A page of families from `families_in_order`, with last contacts and due dates, in a fixed number of
    queries however many families or people."""
    rows = caseload_rows(families, today=today)
    due = contact_due_by_person([f.pk for f in families], today=today)
    return [
        CaseloadLine(
            row=row,
            people_causing_harm=[(his, due.get(his.person.pk)) for his in row.people_causing_harm],
            children=[(child, due.get(child.person.pk)) for child in row.children],
        )
        for row in rows
    ]


#: How lists of people due a visit or contact may be sorted.
PEOPLE_SORTS = {"due": "most overdue first", "family": "family name"}


def _under_a_standard(standards: ContactStandards) -> Q:
    """People some standard applies to (cheap to test first: no subquery), of a `with_contact_due` list."""
    keys = standards.intervals()
    plans = Q(_COUNTED_CHILD, plan_status__in=[k for k in keys if k != HIM])  # the annotation: no second join
    return plans | Q(role=Role.PERSON_CAUSING_HARM.value) if HIM in keys else plans


def _people_due(families: QuerySet[Family], *, before_day: int, sort: str) -> QuerySet[Person]:
    standards = contact_standards()
    people = with_contact_due(Person.objects.filter(family__in=families, struck_out_at=None), standards)
    people = people.filter(_under_a_standard(standards), Q(due_day__lt=before_day))
    order = ("due_day", "family__name", "family__reference", "pk")
    if sort == "family":
        order = ("family__name", "family__reference", "due_day", "pk")
    return people.select_related("family", "family__team").order_by(*order)


def due_soon_people(worker: User, *, today: dt.date, sort: str) -> QuerySet[Person]:
    """Children and people causing harm in the families allocated to her whose next visit or contact falls
    due within `DUE_SOON_DAYS` days, or is overdue."""
    return _people_due(families_allocated_to(worker), before_day=day_number(today) + DUE_SOON_DAYS + 1, sort=sort)


def team_families(manager: User) -> QuerySet[Family]:
    """The families of the teams she manages (that she may read)."""
    return families_readable_by(manager).filter(team__in=manager.teams.all())


def overdue_people(manager: User, *, today: dt.date, sort: str) -> QuerySet[Person]:
    """Every child and person causing harm in her teams' families whose visit or contact is overdue."""
    return _people_due(team_families(manager), before_day=day_number(today), sort=sort)


@dataclass(frozen=True)
class DueRow:
    due: ContactDue
    family: Family
    allocated_to: list[str]


def due_rows(people: Sequence[Any], *, today: dt.date) -> list[DueRow]:
    """A page of people from `due_soon_people` or `overdue_people`, with who holds each family (one query)."""
    standards = contact_standards()
    holders = allocation_holders(sorted({p.family_id for p in people}))
    return [DueRow(_contact_due(p, standards, today), p.family, holders[p.family_id]) for p in people]


# --- tasks -------------------------------------------------------------------------------------------


def task_assignees(user: User) -> list[tuple[int, str]]:
    """Who she may set a task for: herself and, for a team manager, the caseworkers of her teams."""
    mine = [(user.pk, f"Yourself ({user.display_name})")]
    if not policy.may_allocate(user):
        return mine
    workers = (
        User.objects.filter(is_active=True, teams__in=user.teams.all(), staff_role__in=policy.CASEWORKERS)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return mine + [(u.pk, f"{u.display_name} ({u.get_staff_role_display().lower()})") for u in workers]


def may_close_task(user: User, task: Task) -> bool:
    """The worker it is for, whoever set it, or a team manager (of a family she may change) closes a task."""
    return task.is_open and (user.pk in (task.assigned_to_id, task.set_by_id) or policy.may_allocate(user))


@dataclass(frozen=True)
class TaskLine:
    task: Task
    overdue_by: int
    closable: bool  # by the member of staff reading it

    @property
    def is_overdue(self) -> bool:
        return self.overdue_by > 0


def task_lines(tasks: Sequence[Task], user: User, *, today: dt.date) -> list[TaskLine]:
    return [TaskLine(t, overdue_by(t.due_on, today) if t.is_open else 0, may_close_task(user, t)) for t in tasks]


@dataclass(frozen=True)
class FamilyTasks:
    open: list[TaskLine]
    closed: list[Task]


def family_tasks(family: Family, user: User, *, today: dt.date, closed_limit: int = 20) -> FamilyTasks:
    """The family's open tasks (soonest due first) and the latest closed ones."""
    tasks = Task.objects.filter(family=family).select_related("assigned_to", "closed_by")
    open_tasks = list(tasks.filter(status=TaskStatus.OPEN).order_by("due_on", "id"))
    closed = list(tasks.exclude(status=TaskStatus.OPEN).order_by("-closed_on", "-id")[:closed_limit])
    return FamilyTasks(task_lines(open_tasks, user, today=today), closed)


def family_task(family: Family, task_id: int) -> Task:
    """One of the family's tasks: "not found" for a task of another family, so nothing leaks."""
    task = Task.objects.filter(family=family, pk=task_id).select_related("assigned_to").first()
    if task is None:
        raise Http404("No task with that reference is recorded on this family.")
    return task


def tasks_due_soon(worker: User, *, today: dt.date) -> QuerySet[Task]:
    """Her open tasks due within `DUE_SOON_DAYS` days or overdue, on families she may read, soonest first."""
    return (
        Task.objects.filter(
            assigned_to=worker,
            status=TaskStatus.OPEN,
            due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS),
            family__in=families_readable_by(worker),
        )
        .select_related("family")
        .order_by("due_on", "family__name", "id")
    )
