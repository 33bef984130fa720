"""Locked entries keep the ballots the reference data could not decide ("perlu dicek"), so a
version's export says what the list said when it was locked.

SQLite adds such a column by rebuilding the table, which drops its triggers: the immutability
guard of 0002 is put back afterwards (dropped first where it survived, e.g. on PostgreSQL)."""

import importlib

from django.db import migrations, models

guard = importlib.import_module("registration.migrations.0002_locked_versions_are_immutable")


def restore_guard(apps, schema_editor):
    guard.backwards(apps, schema_editor)
    guard.forwards(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('registration', '0003_contest_short_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='listentry',
            name='ballots_unknown',
            field=models.CharField(blank=True, default='', max_length=200),
        ),
        migrations.RunPython(restore_guard, migrations.RunPython.noop),
    ]
