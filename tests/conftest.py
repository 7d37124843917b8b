"""A small world for tests: two teams, one user per role, families with known access.

- north_allocated: North team, allocated to sw_north
- north_team: North team, allocated to no one
- south: South team, allocated to sw_south, and in the auditor's sample
- north_by_south: North team, but allocated to sw_south (allocation crosses teams)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from spotlight.access.models import Allocation, AuditGrant, SealedDetail, StaffRole, Team, User
from spotlight.cases.gate import WritableFamily, family_for_write
from spotlight.cases.models import CaseNote, ContactAttempt, Family, Person, Relationship
from spotlight.clock import local_today

PASSWORD = "a-test-password-1"
SEALED_ADDRESS = "14 Hawthorn Close, Sealed Town"
SEALED_PHONE = "07700 900123"


@dataclass
class World:
    teams: dict[str, Team]
    users: dict[str, User]
    families: dict[str, Family]
    survivor: Person
    him: Person


def _user(username: str, role: StaffRole, teams: list[Team], *, sealed: bool = False) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, staff_role=role, first_name=username.split("_")[0].title()
    )
    user.teams.set(teams)
    if sealed:
        user.user_permissions.add(Permission.objects.get(codename="view_sealed_details"))
    if role == StaffRole.ADMINISTRATOR:
        user.is_staff = True
        user.save()
    return user


def _family(reference: str, name: str, team: Team) -> Family:
    return Family.objects.create(reference=reference, name=name, team=team)


def build_world() -> World:
    north, south = Team.objects.create(name="North"), Team.objects.create(name="South")
    users = {
        "sw_north": _user("sw_north", StaffRole.SOCIAL_WORKER, [north]),
        "idva_north": _user("idva_north", StaffRole.DA_SPECIALIST, [north], sealed=True),
        "manager_north": _user("manager_north", StaffRole.TEAM_MANAGER, [north]),
        "auditor": _user("auditor", StaffRole.AUDITOR, []),
        "admin": _user("admin", StaffRole.ADMINISTRATOR, []),
        "sw_south": _user("sw_south", StaffRole.SOCIAL_WORKER, [south]),
    }
    families = {
        "north_allocated": _family("T-1", "Reid family", north),
        "north_team": _family("T-2", "Osei family", north),
        "south": _family("T-3", "Lowe family", south),
        "north_by_south": _family("T-4", "Pryce family", north),
    }
    today = local_today()
    Allocation.objects.create(family=families["north_allocated"], worker=users["sw_north"], allocated_on=today)
    Allocation.objects.create(family=families["south"], worker=users["sw_south"], allocated_on=today)
    Allocation.objects.create(family=families["north_by_south"], worker=users["sw_south"], allocated_on=today)
    AuditGrant.objects.create(auditor=users["auditor"], family=families["south"], sample="Test round")
    for fam in families.values():
        Person.objects.create(
            family=fam, role="person_causing_harm", given_name="Darren", family_name=f"{fam.name.split()[0]}"
        )
        Person.objects.create(
            family=fam, role="adult_survivor", given_name="Sarah", family_name=f"{fam.name.split()[0]}"
        )
        Person.objects.create(
            family=fam,
            role="child",
            given_name="Mia",
            family_name=f"{fam.name.split()[0]}",
            date_of_birth=today.replace(year=today.year - 7),
        )
    fam = families["north_allocated"]
    him = fam.people.get(role="person_causing_harm")
    survivor = fam.people.get(role="adult_survivor")
    child = fam.people.get(role="child")
    Relationship.objects.create(family=fam, from_person=him, to_person=child, kind="parent")
    note = CaseNote.objects.create(
        family=fam,
        occurred_on=today - dt.timedelta(days=10),
        contact_type="home_visit",
        text="Sarah kept Mia at school all week.",
    )
    note.present.set([survivor, child])
    ContactAttempt.objects.create(
        family=fam, person=him, occurred_on=today - dt.timedelta(days=5), outcome="attempted", method="phone"
    )
    SealedDetail.objects.create(
        person=survivor, address=SEALED_ADDRESS, phone=SEALED_PHONE, safe_contacts="Her sister, after 6 pm"
    )
    return World(teams={"North": north, "South": south}, users=users, families=families, survivor=survivor, him=him)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """PBKDF2's deliberate slowness protects real passwords; tests need none of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def writable(user: User, family: Family) -> WritableFamily:
    """What a service that changes a family takes: the family through the write gate, as `user`."""
    return family_for_write(user, family.pk, what="test")


class SpotlightClient(Client):
    """Django's test client, signing in as staff do: the password, then the second factor (an
    authenticator app is added for the account the first time, as on her first sign-in)."""

    def _second_factor(self) -> None:
        from spotlight.access.second_factor import authenticator_for_demo

        user_id = self.session.get("_auth_user_id")
        if user_id is None:
            return
        device = authenticator_for_demo(User.objects.get(pk=user_id))
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def login(self, **credentials: object) -> bool:
        """As the sign-in page does: authenticate with a request (the lockout needs one), then both steps."""
        from django.contrib.auth import authenticate
        from django.test import RequestFactory

        user = authenticate(RequestFactory().post("/sign-in/"), **credentials)
        if user is None:
            return False
        self._login(user, "django.contrib.auth.backends.ModelBackend")
        self._second_factor()
        return True

    def force_login(self, user: object, backend: str | None = None) -> None:
        super().force_login(user, backend or "django.contrib.auth.backends.ModelBackend")
        self._second_factor()


@pytest.fixture
def client() -> SpotlightClient:
    return SpotlightClient()
