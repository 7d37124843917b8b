"""What every page needs: the words for each role, and which menu entries the user may use."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.labels import role_labels


def spotlight(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    staff = user if isinstance(user, User) and policy.second_factor_given(user) else None  # both steps done
    return {
        "role_labels": role_labels(),
        "signed_in": staff is not None,
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "menu_archive_reviews": staff is not None and policy.may_start_archive_review(staff),
        "menu_audits": staff is not None and (policy.may_run_audits(staff) or policy.is_auditor(staff)),
        "menu_due": staff is not None and policy.may_change_record(staff),
        "menu_overdue": staff is not None and policy.may_allocate(staff),
        "menu_outcomes": staff is not None and policy.may_see_outcome_reports(staff),
        "menu_front_door": staff is not None and policy.front_door_teams(staff) is not None,
        "menu_marac": staff is not None
        and (policy.may_coordinate_marac(staff) or policy.is_agency_representative(staff)),
    }
