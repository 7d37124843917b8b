"""Indexes for "Find a family" (spotlight.cases.search): each name's folded words and sound keys
(NameKey), filled here for the families and people already recorded; dates of birth and folded
references indexed; on PostgreSQL, the pg_trgm extension and a trigram index on the words."""

import django.db.models.deletion
import django.db.models.functions.text
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from spotlight.cases.domain.names import FAMILY_WORDS, name_keys

BATCH = 2000


def fill_name_keys(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    db = schema_editor.connection.alias
    family_model = apps.get_model("cases", "Family")
    person_model = apps.get_model("cases", "Person")
    name_key = apps.get_model("cases", "NameKey")
    last = 0
    while True:
        families = list(
            family_model.objects.using(db).filter(pk__gt=last).order_by("pk").values_list("pk", "name")[:BATCH]
        )
        if not families:
            break
        name_key.objects.using(db).bulk_create(
            [
                name_key(family_id=pk, person_id=None, word=word, sound=sound)
                for pk, name in families
                for word, sound in name_keys(name, leave_out=FAMILY_WORDS)
            ]
        )
        last = families[-1][0]
    last = 0
    while True:
        people = list(
            person_model.objects.using(db)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "family_id", "given_name", "family_name")[:BATCH]
        )
        if not people:
            break
        name_key.objects.using(db).bulk_create(
            [
                name_key(family_id=family_id, person_id=pk, word=word, sound=sound)
                for pk, family_id, given, surname in people
                for word, sound in name_keys(given, surname)
            ]
        )
        last = people[-1][0]


def trigram_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE INDEX namekey_word_trigram ON cases_namekey USING gin (word gin_trgm_ops)")


def drop_trigram_index(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS namekey_word_trigram")  # the extension may serve others: kept


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0009_sealed_detail_versions"),
        ("cases", "0004_person_pronouns"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(db_index=True, max_length=60)),
                ("sound", models.CharField(blank=True, max_length=16)),
                (
                    "family",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.family"),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="cases.person",
                    ),
                ),
            ],
            options={"indexes": [models.Index(fields=["sound"], name="namekey_sound")]},
        ),
        migrations.AddIndex(
            model_name="family",
            index=models.Index(django.db.models.functions.text.Lower("reference"), name="family_reference_folded"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("struck_out_at__isnull", False)), fields=["id"], name="person_struck_out"
            ),
        ),
        migrations.RunPython(trigram_index, drop_trigram_index, elidable=False),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop, elidable=False),
    ]
