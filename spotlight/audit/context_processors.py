"""What every page's menu needs to know from the audit app."""

from __future__ import annotations

from django.http import HttpRequest

from spotlight.access.models import User
from spotlight.audit.services import can_run_audits, is_auditor


def menu(request: HttpRequest) -> dict[str, bool]:
    user = getattr(request, "user", None)
    return {"menu_audits": isinstance(user, User) and (can_run_audits(user) or is_auditor(user))}
