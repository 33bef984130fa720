from django.db import migrations, models

# 0008 put a trigram (GIN) index on the NIK for the search box. A NIK is 16 digits, so its trigrams are
# among only 1,000 and each is shared by a large part of the register: PostgreSQL picked that index for
# plain equality (`nik = ANY(...)`, the voter-list refresh's "same NIK elsewhere", the import's duplicate
# checks) over the btree on `nik`, and one lookup of 36 NIK in the 6,000-row demo took 190 ms instead of
# under 1 ms. Part of a NIK is only ever searched within one facility: the (facility, nik) index serves it.


def drop_nik_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS inmate_nik_trgm")


def add_nik_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX IF NOT EXISTS inmate_nik_trgm ON inmates_inmate USING gin (nik gin_trgm_ops)")


class Migration(migrations.Migration):

    dependencies = [
        ("inmates", "0008_scale_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_nik_trigrams, add_nik_trigrams, elidable=False),
        migrations.AddIndex(
            model_name="inmate",
            index=models.Index(fields=["facility", "nik"], name="inmate_facility_nik"),
        ),
    ]
