from django.db import transaction

from regions import reference
from regions.models import Dapil, DapilArea, LegacyRegion, Region

BATCH = 5000


def reference_data_loaded() -> bool:
    expected = sum(1 for level in reference.LEVEL_FILES for _ in reference.region_rows(level))
    return Region.objects.count() == expected and Dapil.objects.exists()


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Insert or update every region and dapil row from the packaged files.

    Upserts, so it is safe to run again and never deletes a region an inmate points at.
    """
    counts: dict[str, int] = {}
    for level in reference.LEVEL_FILES:  # parents before children
        rows = [
            Region(code=code, name=name, level=level, parent_id=parent or None)
            for code, name, parent in reference.region_rows(level)
        ]
        Region.objects.bulk_create(
            rows, batch_size=BATCH, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "level", "parent"],
        )
        counts[Region.Level(level).label] = len(rows)

    recode = dict(reference.recode_rows())
    legacy = [
        LegacyRegion(code=code, name=name, level=level, current_code=recode.get(code, ""))
        for level in (reference.PROVINCE, reference.KABKOTA, reference.KECAMATAN)
        for code, name, _ in reference.region_rows(level, legacy=True)
    ]
    LegacyRegion.objects.bulk_create(
        legacy, batch_size=BATCH, update_conflicts=True, unique_fields=["code"],
        update_fields=["name", "level", "current_code"],
    )
    counts["Kepmendagri 2022"] = len(legacy)

    DapilArea.objects.all().delete()
    Dapil.objects.all().delete()
    for kind in reference.DAPIL_FILES:
        rows = list(reference.dapil_rows(kind))
        dapils = {
            row["dapil_code"]: Dapil(kind=kind, code=row["dapil_code"], name=row["dapil_name"])
            for row in rows
        }
        Dapil.objects.bulk_create(dapils.values(), batch_size=BATCH)
        saved = {d.code: d.pk for d in Dapil.objects.filter(kind=kind)}
        DapilArea.objects.bulk_create(
            [
                DapilArea(
                    dapil_id=saved[row["dapil_code"]],
                    region_code=row["wilayah_code"],
                    region_name=row["wilayah_name"],
                    level_label=row["wilayah_level"],
                    is_split=row["is_pecah"] == "True",
                )
                for row in rows
            ],
            batch_size=BATCH,
        )
        counts[Dapil.Kind(kind).label] = len(dapils)
    return counts


def ensure_reference_data() -> bool:
    """Load the reference data when missing; True when it had to load."""
    if reference_data_loaded():
        return False
    load_reference_data()
    return True
