"""The data migration from the yes/no flags to dated statuses keeps every row meaning what it meant."""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import APPS_WITHOUT_REFERENCE

BEFORE = [("inmates", "0004_pending_upload_in_database")]


def _migrate(targets):
    # The migration graph needs every app (inmates depends on regions), while the test's flush leaves the
    # region tables alone: lift the test's app restriction for the migration only.
    apps.unset_available_apps()
    try:
        return _migrate_all_apps(targets)
    finally:
        apps.set_available_apps(APPS_WITHOUT_REFERENCE)


def _migrate_all_apps(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Without available_apps the flush at the end would empty the region tables too, and every later test in
# this process would fail on a facility's foreign key to its region.
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_flags_become_statuses():
    old = _migrate(BEFORE)
    Facility = old.get_model("inmates", "Facility")
    Inmate = old.get_model("inmates", "Inmate")
    History = old.get_model("inmates", "HistoricalInmate")
    facility = Facility.objects.create(kind="rutan", name="Rutan Uji", code="rutan-uji", location_id="33.16.09.1013")
    common = {"facility": facility, "detention_status": "narapidana", "nik_status": "tanpa_nik", "birth_place": "Blora",
              "birth_date": date(1990, 1, 1), "sex": "L", "marital_status": "S", "home_region_id": "33.16.09.1013",
              "custody_state": "ditahan"}
    soldier = Inmate.objects.create(register_number="1", full_name="Tentara", is_tni_polri=True, **common)
    Inmate.objects.create(register_number="2", full_name="Terpidana", voting_rights_revoked=True,
                          revocation_decision_number="12/Pid/2023", **common)
    Inmate.objects.create(register_number="3", full_name="Warga", **common)
    History.objects.create(id=soldier.pk, register_number="1", full_name="Tentara", is_tni_polri=True,
                           history_date="2023-01-01T00:00:00Z", history_type="+", facility_id=facility.pk,
                           **{k: v for k, v in common.items() if k != "facility"}, created_at="2023-01-01T00:00:00Z")

    new = _migrate(_latest())  # every app at its newest migration again for the tests that follow
    rows = {i.full_name: i for i in new.get_model("inmates", "Inmate").objects.all()}
    assert (rows["Tentara"].tni_polri_status, rows["Tentara"].tni_polri_since) == ("aktif", None)
    assert (rows["Terpidana"].revoked_right, rows["Terpidana"].revoked_from, rows["Terpidana"].revoked_until) == (
        "memilih", None, None)
    assert rows["Terpidana"].revocation_decision_number == "12/Pid/2023"
    assert (rows["Warga"].tni_polri_status, rows["Warga"].revoked_right) == ("bukan", "")
    assert new.get_model("inmates", "HistoricalInmate").objects.get().tni_polri_status == "aktif"


def _latest():
    apps.unset_available_apps()
    try:
        return MigrationExecutor(connection).loader.graph.leaf_nodes()
    finally:
        apps.set_available_apps(APPS_WITHOUT_REFERENCE)

