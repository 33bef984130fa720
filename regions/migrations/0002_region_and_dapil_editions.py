"""Region and dapil editions (issue 13), one source for the reference data (issue 10).

LegacyRegion gives way to editions: every code of every edition is a Region, and RegionEdition
says which edition has which. Dapil and DapilArea now belong to a DapilEdition; the rows of the
old single map are dropped here and come back as edition 2024 with `load_regions --if-missing`
(nothing else points at them). Region rows, which other apps point at, stay as they are.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="DapilArea"),
        migrations.DeleteModel(name="Dapil"),
        migrations.DeleteModel(name="LegacyRegion"),
        migrations.CreateModel(
            name="RegionEdition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="kode edisi")),
                ("name", models.CharField(max_length=100, verbose_name="nama")),
                ("decree", models.CharField(blank=True, max_length=200, verbose_name="dasar (Kepmendagri)")),
                ("lowest_level", models.PositiveSmallIntegerField(choices=[(1, "Provinsi"), (2, "Kabupaten/Kota"), (3, "Kecamatan"), (4, "Desa/Kelurahan")], verbose_name="tingkat terendah")),
                ("is_current", models.BooleanField(default=False, verbose_name="edisi berlaku")),
                ("shipped", models.BooleanField(default=False, verbose_name="bawaan aplikasi")),
                ("checksum", models.CharField(blank=True, max_length=64, verbose_name="sidik berkas (SHA-256)")),
                ("loaded_at", models.DateTimeField(verbose_name="dimuat pada")),
            ],
            options={
                "verbose_name": "edisi kode wilayah",
                "verbose_name_plural": "edisi kode wilayah",
                "ordering": ["code"],
                "constraints": [models.UniqueConstraint(condition=models.Q(("is_current", True)), fields=("is_current",), name="region_edition_one_current")],
            },
        ),
        migrations.AddField(
            model_name="region",
            name="editions",
            field=models.ManyToManyField(related_name="regions", to="regions.regionedition", verbose_name="edisi"),
        ),
        migrations.CreateModel(
            name="RegionRenumbering",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_code", models.CharField(max_length=13, unique=True, verbose_name="kode lama")),
                ("old_name", models.CharField(max_length=100, verbose_name="nama lama")),
                ("new_code", models.CharField(max_length=13, verbose_name="kode baru")),
                ("since", models.CharField(help_text="Tahun atau edisi kode baru.", max_length=20, verbose_name="sejak")),
                ("basis", models.CharField(max_length=300, verbose_name="dasar")),
                ("source_file", models.CharField(max_length=100, verbose_name="berkas sumber")),
            ],
            options={
                "verbose_name": "perubahan kode wilayah",
                "verbose_name_plural": "perubahan kode wilayah",
                "ordering": ["old_code"],
            },
        ),
        migrations.CreateModel(
            name="DapilEdition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="kode edisi")),
                ("name", models.CharField(max_length=100, verbose_name="nama")),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="sumber / dasar hukum")),
                ("is_default", models.BooleanField(default=False, verbose_name="edisi bawaan")),
                ("shipped", models.BooleanField(default=False, verbose_name="bawaan aplikasi")),
                ("checksum", models.CharField(blank=True, max_length=64, verbose_name="sidik berkas (SHA-256)")),
                ("loaded_at", models.DateTimeField(verbose_name="dimuat pada")),
            ],
            options={
                "verbose_name": "edisi dapil",
                "verbose_name_plural": "edisi dapil",
                "ordering": ["code"],
                "constraints": [models.UniqueConstraint(condition=models.Q(("is_default", True)), fields=("is_default",), name="dapil_edition_one_default")],
            },
        ),
        migrations.CreateModel(
            name="Dapil",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("dpr", "DPR RI"), ("dprd_prov", "DPRD Provinsi"), ("dprd_kab", "DPRD Kabupaten/Kota")], max_length=10, verbose_name="jenis")),
                ("code", models.CharField(max_length=10, verbose_name="kode")),
                ("name", models.CharField(max_length=100, verbose_name="nama")),
                ("edition", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="dapils", to="regions.dapiledition", verbose_name="edisi")),
            ],
            options={
                "verbose_name": "dapil",
                "verbose_name_plural": "dapil",
                "ordering": ["edition", "kind", "code"],
                "constraints": [models.UniqueConstraint(fields=("edition", "kind", "code"), name="dapil_unique_code")],
            },
        ),
        migrations.CreateModel(
            name="DapilArea",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("region_name", models.CharField(max_length=100, verbose_name="nama wilayah (sumber)")),
                ("level_label", models.CharField(max_length=30, verbose_name="tingkat (sumber)")),
                ("is_split", models.BooleanField(default=False, verbose_name="wilayah pecahan")),
                ("dapil", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="areas", to="regions.dapil")),
                ("region", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="regions.region", verbose_name="wilayah")),
            ],
            options={
                "verbose_name": "wilayah dapil",
                "verbose_name_plural": "wilayah dapil",
                "ordering": ["region"],
                "constraints": [models.UniqueConstraint(fields=("dapil", "region"), name="dapil_area_once")],
            },
        ),
    ]
