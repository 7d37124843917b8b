"""The caseload page: each role lands where its work is, and a worker or manager sees her families a page
at a time, sorted by the database, with when each child and each person causing harm is next due to be
seen. In the family layer because it shows the case record (`cases`) with casework's due dates."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction
from spotlight.cases.gate import families_allocated_to, families_readable_by
from spotlight.cases.selectors import allocation_counts
from spotlight.casework import selectors as casework
from spotlight.clock import local_today
from spotlight.risk import selectors as risk
from spotlight.ui.requests import staff_user

#: How the caseload may be sorted: casework's ways, and by the risk review due soonest (hers or his)
SORTS = {**casework.FAMILY_SORTS, "risk": "risk review due soonest"}


@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is: a worker on the families allocated to her, a manager on her
    teams', an auditor on her files to rate, an administrator on staff and teams."""
    user = staff_user(request)
    if policy.is_administrator(user):
        return (
            redirect("admin:index")
            if policy.may_administer_staff(user)
            else render(request, "cases/administrator_home.html")
        )
    if policy.is_auditor(user) and "show" not in request.GET:
        return redirect("audit_list")
    if policy.is_agency_representative(user):
        return redirect("marac_home")  # she reads only her meetings' cases
    scope = request.GET.get("show", "")
    if policy.has_caseload(user) and scope != "team":
        families = families_allocated_to(user)
        scope = "mine"
    else:
        families = families_readable_by(user)
        scope = "sample" if policy.is_auditor(user) else "team"
    sort, sort_notice = casework.chosen_sort(request.GET.get("sort"), SORTS, "name")
    ordered = (
        risk.families_by_risk_review_due(families.select_related("team"))
        if sort == "risk"
        else casework.families_in_order(families, sort)
    )
    page = casework.page_of(ordered, request.GET.get("page"), keep={"show": scope, "sort": sort})
    today = local_today()
    lines = casework.caseload_lines(page.items, today=today)
    shown = [f.pk for f in page.items]
    access_log_write_many(
        user=user, action=AccessAction.VIEW, what="caseload list", family_ids=[f.pk for f in page.items]
    )
    worker_counts, unallocated = allocation_counts(families) if scope == "team" else ([], 0)
    return render(
        request,
        "family/caseload.html",
        {
            "lines": lines,
            "page": page,
            "scope": scope,
            "sort": sort,
            "sort_links": casework.sort_links(SORTS, sort, keep={"show": scope}),
            "risk_due": risk.risk_due_by_family(shown, today=today),
            "safety_markers": risk.markers_by_family(shown),
            "notices": [n for n in (sort_notice, page.notice) if n],
            "can_write": policy.may_change_record(user),
            "can_export": policy.may_export(user),
            "has_caseload": policy.has_caseload(user),
            "manages_teams": policy.may_allocate(user),
            "worker_counts": worker_counts,
            "unallocated": unallocated,
        },
    )
