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
from spotlight.ui.requests import staff_user


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
    scope = request.GET.get("show", "")
    if policy.has_caseload(user) and scope != "team":
        families = families_allocated_to(user)
        scope = "mine"
    else:
        families = families_readable_by(user)
        scope = "sample" if policy.is_auditor(user) else "team"
    sort, sort_notice = casework.chosen_sort(request.GET.get("sort"), casework.FAMILY_SORTS, "name")
    page = casework.page_of(
        casework.families_in_order(families, sort), request.GET.get("page"), keep={"show": scope, "sort": sort}
    )
    lines = casework.caseload_lines(page.items, today=local_today())
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
            "sort_links": casework.sort_links(casework.FAMILY_SORTS, sort, keep={"show": scope}),
            "notices": [n for n in (sort_notice, page.notice) if n],
            "can_write": policy.may_change_record(user),
            "can_export": policy.may_export(user),
            "has_caseload": policy.has_caseload(user),
            "manages_teams": policy.may_allocate(user),
            "worker_counts": worker_counts,
            "unallocated": unallocated,
        },
    )
