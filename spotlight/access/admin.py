"""The administration pages: staff accounts, teams, and the access log (read-only). Only administrators
reach them (`policy.may_administer_staff`), signing in on Spotlight's own sign-in page.

Case content is deliberately not registered here: administrators do not read families. Nobody changes
her own role, teams, permissions or account; every change of access is written to the access log.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm, UsernameField
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from spotlight.access import policy
from spotlight.access.admin_site import is_administrator_request as _administrator
from spotlight.access.models import AccessLogEntry, StaffRole, Team, User
from spotlight.access.second_factor import second_factor_reset
from spotlight.access.staff import (
    StaffAccess,
    check_staff_access,
    staff_access_apply,
    staff_access_of,
    staff_created_log,
)


def staff_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the site lets only administrators this far
        raise PermissionDenied("Sign in to use Spotlight.")
    return user


SEALED_HELP = (
    "Her address, safe phone number and safe contacts. Only for staff who work with families' records "
    "(social workers, domestic abuse specialists, team managers)."
)


class _AccessFields(forms.ModelForm):  # type: ignore[type-arg]
    may_see_sealed = forms.BooleanField(required=False, label="May see sealed details", help_text=SEALED_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "staff_role" in data:
            try:
                check_staff_access(role=data["staff_role"], sealed=bool(data.get("may_see_sealed")))
            except ValidationError as exc:
                self.add_error("may_see_sealed", exc.message_dict["may_see_sealed"])
        return data


class StaffChangeForm(_AccessFields, UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "password", "first_name", "last_name", "email", "staff_role", "teams", "is_active")
        field_classes = {"username": UsernameField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "may_see_sealed" in self.fields:
            self.fields["may_see_sealed"].initial = policy.holds_sealed_permission(self.instance)


class StaffCreationForm(_AccessFields, UserCreationForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "staff_role", "teams")
        field_classes = {"username": UsernameField}


class _AdministratorsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)


_STAFF_BEFORE = "_spotlight_staff_access_before"


@admin.register(User)
class StaffAdmin(_AdministratorsOnly, UserAdmin):  # type: ignore[type-arg]
    form = StaffChangeForm
    add_form = StaffCreationForm
    list_display = ("username", "first_name", "last_name", "staff_role", "is_active")
    list_filter = ("staff_role", "teams", "is_active")
    filter_horizontal = ("teams",)
    readonly_fields = ("last_login", "date_joined", "own_access")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Name", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("staff_role", "teams", "may_see_sealed", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "staff_role", "teams", "may_see_sealed"),
            },
        ),
        ("Password", {"fields": ("password1", "password2")}),
    )

    actions = ["reset_second_step"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are closed (not active), never deleted: the access log refers to them

    @admin.action(description="Reset their second step (they add a new authenticator app at next sign-in)")
    def reset_second_step(self, request: HttpRequest, queryset: Any) -> None:
        by = staff_user(request)
        done = 0
        for account in queryset:
            if account.pk == by.pk:
                self.message_user(request, "Nobody can reset her own second step: ask another administrator.")
                continue
            second_factor_reset(by=by, account=account)
            done += 1
        self.message_user(request, f"Second step reset for {done} account{'s' if done != 1 else ''}.")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.pk == staff_user(request).pk:
            return (
                (None, {"fields": ("username", "password")}),
                ("Name", {"fields": ("first_name", "last_name", "email")}),
                ("Access", {"fields": ("own_access",)}),
            )
        return super().get_fieldsets(request, obj)

    @admin.display(description="Your access")
    def own_access(self, obj: User) -> str:
        access = staff_access_of(obj)
        teams = ", ".join(access.teams) or "no team"
        return (
            f"{StaffRole(access.role).label}; {teams}. Nobody can change her own access: "
            "another administrator can, and the change is logged."
        )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = staff_access_of(User.objects.get(pk=obj.pk)) if change else None
        setattr(request, _STAFF_BEFORE, before)
        obj.is_staff = obj.staff_role == StaffRole.ADMINISTRATOR
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        account: User = form.instance
        by = staff_user(request)
        if account.pk == by.pk:
            return  # her own name or password only: the access fields are not on her form
        before: StaffAccess | None = getattr(request, _STAFF_BEFORE, None)
        if before is None:
            staff_created_log(by=by, account=account)
            before = StaffAccess(role=account.staff_role, teams=(), sealed=False, active=account.is_active)
        staff_access_apply(by=by, account=account, before=before, sealed=bool(form.cleaned_data.get("may_see_sealed")))


@admin.register(Team)
class TeamAdmin(_AdministratorsOnly, admin.ModelAdmin[Team]):
    search_fields = ("name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _administrator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administrator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a team's families and the log refer to it; rename it instead


@admin.register(AccessLogEntry)
class AccessLogAdmin(_AdministratorsOnly, admin.ModelAdmin[AccessLogEntry]):
    list_display = ("at", "username", "action", "family_id", "what")
    list_filter = ("action",)
    search_fields = ("username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


if admin.site.is_registered(Group):
    admin.site.unregister(Group)  # access is given by role and by the sealed-details permission only
