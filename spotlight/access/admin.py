"""The administrator's tools: staff accounts, teams, permissions, and the access log (read-only).

Case content is deliberately not registered here: administrators do not read families.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from spotlight.access.models import AccessLogEntry, Team, User


@admin.register(User)
class StaffAdmin(UserAdmin[User]):
    list_display = ("username", "first_name", "last_name", "staff_role", "is_active")
    list_filter = ("staff_role", "teams", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("Spotlight", {"fields": ("staff_role", "teams")}),
    )
    filter_horizontal = ("teams", "groups", "user_permissions")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    search_fields = ("name",)


@admin.register(AccessLogEntry)
class AccessLogAdmin(admin.ModelAdmin[AccessLogEntry]):
    list_display = ("at", "username", "action", "family_id", "what")
    list_filter = ("action",)
    search_fields = ("username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
