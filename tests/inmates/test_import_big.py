"""A 10,000-row file: one bad row near the end and nothing is written (run on PostgreSQL too)."""

import pytest

from inmates import importing
from inmates.models import ImportRecord
from tests.inmates.conftest import registry_snapshot, row_values, workbook_bytes

ROWS = 10_000


@pytest.fixture(scope="module")
def nearly_good() -> bytes:
    """Built once for the module: the 9,999th person (Excel row 10,000) has an unknown home region."""
    rows = [row_values(index) for index in range(ROWS)]
    rows[9_998] = row_values(9_998, KODE_WILAYAH="33.16.09.9999")
    return workbook_bytes(rows)


def test_one_bad_row_in_ten_thousand_writes_nothing(world, nearly_good, changes):
    before = registry_snapshot()
    outcome = importing.inmates_import(facility=world.blora, data=nearly_good, file_name="sdp.xlsx",
                                       user=world.users["petugas.blora"])
    assert outcome.summary() == {"created": 0, "updated": 0, "unchanged": 0, "warnings": [], "errors": [
        {"row": 10_000, "column": "KODE_WILAYAH", "message": "Kode wilayah 33.16.09.9999 tidak ada dalam daftar "
                                                             "Kemendagri 2025."}]}
    assert outcome.plan.data_rows == ROWS
    assert registry_snapshot() == {**before, "records": before["records"] + 1}
    assert ImportRecord.objects.get().status == ImportRecord.Status.REJECTED
    assert changes == []

