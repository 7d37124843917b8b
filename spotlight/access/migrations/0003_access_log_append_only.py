"""The access log is append-only in the database itself, not only in Python.

PostgreSQL refuses UPDATE and DELETE on the table. SQLite refuses UPDATE; DELETE stays
possible there only so that the test runner can empty the database between tests
(the model's delete() still refuses).
"""

from django.db import migrations

TABLE = "access_accesslogentry"

POSTGRES_UP = f"""
CREATE FUNCTION access_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {TABLE}
  FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS access_log_append_only ON {TABLE};
DROP FUNCTION IF EXISTS access_log_refuse_change();
"""
SQLITE_UP = f"""
CREATE TRIGGER access_log_append_only BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS access_log_append_only;"


def up(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(up, down)]
