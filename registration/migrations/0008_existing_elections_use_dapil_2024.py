# Elections made before they named a dapil edition were computed on the 2024 maps (the only ones
# shipped until then): they keep them. Without that edition (reference data never loaded), the
# default edition; without any, they stay empty and the refresh uses the default when one exists.

from django.db import migrations


def name_the_2024_edition(apps, schema_editor):
    Election = apps.get_model("registration", "Election")
    DapilEdition = apps.get_model("regions", "DapilEdition")
    edition = (DapilEdition.objects.filter(code="2024").first()
               or DapilEdition.objects.filter(is_default=True).first())
    if edition is not None:
        Election.objects.filter(dapil_edition__isnull=True).update(dapil_edition_id=edition.code)


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0002_region_and_dapil_editions"),
        ("registration", "0007_election_dapil_edition_and_simulated_day"),
    ]

    operations = [
        migrations.RunPython(name_the_2024_edition, migrations.RunPython.noop),
    ]
