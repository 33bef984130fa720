# A registration keeps its inmate's sex and disability, so the dashboard counts (L/P, disability) and the
# voter-list filters read the registration table alone (docs/performance.md, "Scale"). The refresh
# writes them from now on; existing registrations get them here from their inmate, closed elections'
# too (their lists are no longer refreshed, and they read these fields like the others).

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_inmates(apps, schema_editor):
    Registration = apps.get_model("registration", "Registration")
    Inmate = apps.get_model("inmates", "Inmate")
    if schema_editor.connection.vendor == "postgresql":  # one join instead of a subquery per row and field
        schema_editor.execute(
            "UPDATE registration_registration AS r SET sex = i.sex, disability = i.disability "
            "FROM inmates_inmate AS i WHERE i.id = r.inmate_id")
        return
    inmate = Inmate.objects.filter(pk=OuterRef("inmate_id"))
    Registration.objects.update(sex=Subquery(inmate.values("sex")[:1]),
                                disability=Subquery(inmate.values("disability")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("inmates", "0008_scale_indexes"),
        ("registration", "0008_existing_elections_use_dapil_2024"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="disability",
            field=models.PositiveSmallIntegerField(choices=[(0, "Tidak ada"), (1, "Fisik"), (2, "Intelektual"), (3, "Mental"), (4, "Sensorik wicara"), (5, "Sensorik rungu"), (6, "Sensorik netra")], default=0, verbose_name="disabilitas"),
        ),
        migrations.AddField(
            model_name="registration",
            name="sex",
            field=models.CharField(blank=True, choices=[("L", "Laki-laki"), ("P", "Perempuan")], max_length=1, verbose_name="jenis kelamin"),
        ),
        migrations.RunPython(copy_from_inmates, migrations.RunPython.noop),
    ]
