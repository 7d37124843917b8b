"""The cohort report of outcomes, over the families the reader may read: for a team, a programme or the
whole service over a date range, the matched change from intake to exit in each measure, for each kind of
respondent, and the share of families where each kind of abuse stopped. In the family layer because it
groups families by the team they belong to and by the programme of his referrals (the pattern map's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family
from spotlight.clock import local_today
from spotlight.outcomes.domain.cohort import cohort_report
from spotlight.outcomes.domain.measures import default_measures
from spotlight.outcomes.domain.report import NO_PROGRAMME, OutcomesReport, changes_spec, report_csv, report_html
from spotlight.outcomes.selectors import cohort_records
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.models import ProgrammeReferral
from spotlight.ui.requests import staff_user

BY = {"": "the whole service", "team": "team", "programme": "programme"}


def _day(value: str, default: dt.date, name: str, problems: list[str]) -> dt.date:
    if not value:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(f"“{value}” is not a date for {name}: write it as YYYY-MM-DD, for example 2026-04-01.")
        return default


def groups_of(families: QuerySet[Family], by: str) -> dict[int, str]:
    """Family id -> the group it is reported under: its team's name, or the programme of his first referral."""
    if by == "team":
        return dict(families.values_list("pk", "team__name"))
    if by == "programme":
        labels = {p.id: p.label for p in default_catalogue().programmes}
        found: dict[int, str] = {}
        referrals = ProgrammeReferral.objects.filter(family__in=families, struck_out_at=None).order_by(
            "referred_on", "id"
        )
        for family_id, programme in referrals.values_list("family_id", "programme"):
            found.setdefault(family_id, labels.get(programme, programme))
        return {pk: found.get(pk, NO_PROGRAMME) for pk in families.values_list("pk", flat=True)}
    return {}


def reports(families: QuerySet[Family], by: str, start: dt.date, end: dt.date) -> OutcomesReport:
    """The whole service's report over ``families`` and, grouped ``by`` team or programme, each group's."""
    measures = default_measures()
    group_of = groups_of(families, by)
    records = cohort_records(families, group_of)
    service = cohort_report(records, measures, start=start, end=end)
    names = sorted(set(group_of.values())) if by else []
    groups = tuple(cohort_report(records, measures, start=start, end=end, group=name) for name in names)
    respondents = {r.id: r.label for r in measures.respondents}
    return OutcomesReport(service, groups, by, respondents)


@require_GET
def outcomes_report(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_see_outcome_reports(user):
        raise PermissionDenied(
            "Cohort reports of outcomes are for team managers, domestic abuse specialists and auditors."
        )
    problems: list[str] = []
    today = local_today()
    start = _day(request.GET.get("from", ""), today.replace(year=today.year - 1), "the start", problems)
    end = _day(request.GET.get("to", ""), today, "the end", problems)
    if start > end:
        problems.append("The start must be on or before the end.")
        start, end = end, start
    by = request.GET.get("by", "")
    if by not in BY:
        problems.append(f"“{by}” is not a way to group the report: choose team, programme, or the whole service.")
        by = ""
    families = families_readable_by(user)
    found = reports(families, by, start, end)
    wanted = request.GET.get("format", "")
    access_log_write_many(
        user=user,
        action=AccessAction.VIEW,
        what="outcomes report",
        family_ids=list(families.values_list("pk", flat=True)),
    )
    if wanted == "csv" and not problems:
        response = HttpResponse(report_csv(found), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="outcomes-{start}-to-{end}.csv"'
        return response
    if wanted == "print" and not problems:
        return HttpResponse(report_html(found, made_on=today))
    labels = found.respondents
    context: Mapping[str, object] = {
        "reports": [
            (
                report,
                [(c, labels.get(c.respondent, c.respondent)) for c in report.changes],
                changes_spec(report, labels),
            )
            for report in found.reports
        ],
        "query": request.GET.urlencode(),
        "start": start,
        "end": end,
        "by": by,
        "by_choices": BY,
        "problems": problems,
    }
    return render(request, "family/outcomes_report.html", context, status=400 if problems else 200)
