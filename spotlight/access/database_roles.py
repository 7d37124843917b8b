"""The database role the application connects as, on PostgreSQL: it reads and writes the case record,
and may only add rows to the access log, never change, remove or empty them.

The database's owner runs migrations; the application servers and workers connect as a second role
with the grants below (`spotlight grant-app-role ROLE`, run by the owner after every `migrate`).
See docs/deployment.md.
"""

from __future__ import annotations

import re

from django.db import connection

LOG_TABLE = "access_accesslogentry"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class NotPostgreSQL(Exception):
    """Roles and grants are PostgreSQL's; SQLite has one user, the file's owner."""


def app_role_grants(role: str) -> list[str]:
    """The statements that give `role` what the application needs, and nothing it must not have."""
    if not _ROLE_NAME.match(role):
        raise ValueError(f"{role!r} is not a plain role name (lower-case letters, digits and _)")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {LOG_TABLE} FROM {role}",
        f"REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM {role}",
    ]


def grant_app_role(role: str) -> list[str]:
    """Runs the grants as the database owner; returns what it ran."""
    if connection.vendor != "postgresql":
        raise NotPostgreSQL("Only PostgreSQL has roles: on SQLite, keep the database file readable by the app alone.")
    statements = app_role_grants(role)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements
