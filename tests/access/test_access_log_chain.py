"""The access log is tamper-evident: each row is chained to the one before by its digest, and every
way the probe found to remove or change rows (SQL DELETE, a queryset delete, emptying the table, an
edited row) is either refused or found by `verify_chain` / `spotlight verify-log`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from spotlight.access.log import verify_chain
from spotlight.access.models import AccessLogEntry, AppendOnly
from spotlight.cli import app
from tests.conftest import PASSWORD, World

TABLE = "access_accesslogentry"
chained = pytest.mark.django_db(transaction=True, reset_sequences=True)


def _views(world: World, client: Client, n: int = 4) -> list[int]:
    assert client.login(username="sw_north", password=PASSWORD)
    for _ in range(n):
        client.get(reverse("family_detail", args=[world.families["north_allocated"].pk]))
    return list(AccessLogEntry.objects.order_by("id").values_list("id", flat=True))


@contextmanager
def _trigger_off() -> Iterator[None]:
    """What a database owner can do behind the application's back: set the append-only trigger aside."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER access_log_append_only")
        else:
            cursor.execute("DROP TRIGGER access_log_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER access_log_append_only")
            else:
                cursor.execute(
                    f"CREATE TRIGGER access_log_append_only BEFORE UPDATE ON {TABLE} "
                    "BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;"
                )


@chained
def test_page_views_chain_and_the_command_proves_it(world: World, client: Client) -> None:
    ids = _views(world, client)
    report = verify_chain()
    assert report.intact and report.rows == len(ids) >= 4
    result = CliRunner().invoke(app, ["verify-log"])
    assert result.exit_code == 0 and "intact" in result.stdout


@chained
def test_code_can_neither_delete_nor_change_rows(world: World, client: Client) -> None:
    _views(world, client)
    with pytest.raises(AppendOnly), transaction.atomic():
        AccessLogEntry.objects.filter(action="view").delete()
    with pytest.raises(AppendOnly), transaction.atomic():
        AccessLogEntry.objects.all().update(what="nothing to see")
    assert verify_chain().intact


@chained
def test_a_row_deleted_with_sql_breaks_the_chain_at_the_row_after_it(world: World, client: Client) -> None:
    ids = _views(world, client)
    victim = ids[len(ids) // 2]
    if connection.vendor == "postgresql":  # the trigger refuses it...
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [victim])
        with _trigger_off(), connection.cursor() as cursor:  # ...unless the owner sets it aside
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [victim])
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE id = %s", [victim])
    report = verify_chain()
    assert report.broken_at == victim + 1 and "removed" in report.reason
    result = CliRunner().invoke(app, ["verify-log"])
    assert result.exit_code == 1 and f"broken at row {victim + 1}" in result.stderr


@chained
def test_an_edited_row_breaks_the_chain_at_itself(world: World, client: Client) -> None:
    ids = _views(world, client)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET what = 'nothing' WHERE id = %s", [ids[2]])
    with _trigger_off(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET username = 'someone else' WHERE id = %s", [ids[2]])
    assert verify_chain().broken_at == ids[2]


@chained
def test_an_emptied_log_is_found_out_by_the_next_row(world: World, client: Client) -> None:
    _views(world, client)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {TABLE}")  # the row trigger does not see TRUNCATE
        else:
            cursor.execute(f"DELETE FROM {TABLE}")
    assert verify_chain().intact, "an empty log has nothing to check"
    ids = _views(world, client, n=1)
    report = verify_chain()
    assert report.broken_at == ids[0] > 1 and "emptied" in report.reason


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_applications_role_can_only_add_to_the_log(world: World, client: Client) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("roles and grants are PostgreSQL's")
    from spotlight.access.database_roles import grant_app_role

    _views(world, client, n=2)
    role = "spotlight_app_role_test"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {role}")
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
    try:
        grant_app_role(role)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute(f"SELECT count(*) FROM {TABLE}")
            cursor.execute("UPDATE cases_family SET name = name")  # the case record: read and written
        for statement in (
            f"UPDATE {TABLE} SET what = 'nothing'",
            f"DELETE FROM {TABLE}",
            f"TRUNCATE {TABLE}",
            f"ALTER TABLE {TABLE} DISABLE TRIGGER access_log_append_only",
        ):
            with pytest.raises(DatabaseError) as refused, transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL ROLE {role}")
                cursor.execute(statement)
            assert "permission denied" in str(refused.value) or "must be owner" in str(refused.value), statement
        with transaction.atomic(), connection.cursor() as cursor:  # and it still writes the log
            cursor.execute(f"SET LOCAL ROLE {role}")
            cursor.execute(
                f"INSERT INTO {TABLE} (at, username, action, what, digest) VALUES (now(), 'x', 'view', 'test', '')"
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
