"""What every page needs: the words for each role, and which menu entries the user may use."""

from __future__ import annotations

from django.http import HttpRequest

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.labels import role_labels


def spotlight(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    staff = user if isinstance(user, User) else None
    return {
        "role_labels": role_labels(),
        "menu_archive_reviews": staff is not None and policy.may_start_archive_review(staff),
        "menu_audits": staff is not None and (policy.may_run_audits(staff) or policy.is_auditor(staff)),
    }
