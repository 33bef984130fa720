"""The demo's PDPB (pdpb.demo on the demo registry): every facility and quarter from Triwulan I 2025 to the
anchored quarter adds up and chains, Rutan Blora's locked Triwulan III 2026 is a copy with its diff, and
export_pdpb writes the recap of it."""

from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.demo import seed_users
from audit.models import ExportLog
from inmates.demo import ANCHOR
from pdpb import selectors
from pdpb.demo import LOCKED, seed_pdpb
from pdpb.models import PdpbEntry, PdpbPeriod, Reason
from pdpb.quarters import Quarter, between


@pytest.fixture
def demo(demo_registry, freeze_today):
    seed_users(demo_registry.facilities)
    assert seed_pdpb(demo_registry.facilities) is True
    assert seed_pdpb(demo_registry.facilities) is False  # idempotent
    freeze_today(ANCHOR)
    return demo_registry


def test_every_facility_and_quarter_of_the_demo_reconciles_and_chains(demo, tmp_path):
    facilities = list(demo.facilities.values())
    previous = {}
    for quarter in between(Quarter(2025, 1), Quarter.of(ANCHOR)):
        for line in selectors.compute(facilities=facilities, quarter=quarter, today=ANCHOR):
            assert line.start_count + len(line.added) - len(line.removed) == line.end_count, (quarter, line.facility)
            if line.facility.pk in previous:
                assert line.start_count == previous[line.facility.pk], (quarter, line.facility)
            assert line.end_count > 0 and line.added and line.removed
            assert len({m.voter.stay_id for m in line.added}) == len(line.added)
            previous[line.facility.pk] = line.end_count

    locked = PdpbPeriod.objects.get(facility=demo.blora, year=LOCKED.year, quarter=LOCKED.number)
    assert locked.status == PdpbPeriod.Status.LOCKED and locked.reviewed_by.username == "kpu.blora"
    assert locked.entries.filter(side=PdpbEntry.Side.END).count() == locked.end_count
    assert locked.entries.filter(side=PdpbEntry.Side.ADDED).count() == locked.added_count > 0
    assert locked.entries.filter(side=PdpbEntry.Side.REMOVED).count() == locked.removed_count > 0
    assert locked.start_count + locked.added_count - locked.removed_count == locked.end_count
    stored = selectors.compute(facilities=[demo.blora], quarter=LOCKED, today=ANCHOR)[0]
    assert stored.locked and stored.end_count == locked.end_count
    after = selectors.compute(facilities=[demo.blora], quarter=LOCKED.next, today=ANCHOR)[0]
    assert after.start_count == locked.end_count and after.start_ids == {
        e.stay_id for e in locked.entries.filter(side=PdpbEntry.Side.END)}
    assert Reason.NIK in [m.reason for m in after.added]  # NIK verified in the quarter (pdpb.demo)
    assert [m.detail for m in after.corrected] == ["alamat"]
    assert PdpbPeriod.objects.get(facility=demo.pati, year=2026, quarter=4).status == PdpbPeriod.Status.SUBMITTED

    out = tmp_path / "pdpb.xlsx"
    call_command("export_pdpb", "--year", "2026", "--quarter", "3", "--area", "33", "--user", "kpu.jateng",
                 "--out", str(out))
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["REKAP", "KABKOTA", "PROVINSI", "MUTASI"]
    rows = [list(r) for r in book["REKAP"].iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if len(r) > 2 and r[2] == "LAPAS/RUTAN")
    header = rows[header_at]
    body = [r for r in rows[header_at + 1:] if len(r) > 2 and r[2]]
    col = {name: header.index(name) for name in ("PEMILIH AWAL", "BERTAMBAH", "BERKURANG", "PEMILIH AKHIR",
                                                   "AKHIR L", "AKHIR P")}
    assert sorted(r[2] for r in body) == sorted(f.name for f in facilities if f.province_code == "33")
    for r in body:
        assert r[col["PEMILIH AWAL"]] + r[col["BERTAMBAH"]] - r[col["BERKURANG"]] == r[col["PEMILIH AKHIR"]]
        assert r[col["AKHIR L"]] + r[col["AKHIR P"]] == r[col["PEMILIH AKHIR"]]
    blora_row = next(r for r in body if r[2] == demo.blora.name)
    assert (blora_row[col["PEMILIH AWAL"]], blora_row[col["BERTAMBAH"]], blora_row[col["BERKURANG"]],
            blora_row[col["PEMILIH AKHIR"]]) == (locked.start_count, locked.added_count, locked.removed_count,
                                                 locked.end_count)
    logged = ExportLog.objects.filter(what="pdpb.xlsx")
    assert {log.facility.code for log in logged} == {"rutan-blora", "rutan-pati", "lapas-semarang"}
    assert {(log.via, log.operator) for log in logged} == {("cli", "kpu.jateng")}


def test_export_pdpb_refuses_bad_input_with_a_message(world, tmp_path):
    from django.core.management.base import CommandError

    for args, message in [
        (["--year", "2025", "--quarter", "5"], "Triwulan harus 1 sampai 4 dan tahun 1900 sampai 9998."),
        (["--year", "2999", "--quarter", "1"], "Triwulan I 2999 belum dimulai."),
        (["--year", "2025", "--quarter", "1", "--user", "nobody"], "Pengguna nobody tidak ada."),
        (["--year", "2025", "--quarter", "1", "--area", "99.99"], "Wilayah dengan kode 99.99 tidak ada."),
        (["--year", "2025", "--quarter", "1", "--user", "outsider"],
         "Pengguna outsider tidak punya peran, jadi tidak boleh mengekspor."),
    ]:
        with pytest.raises(CommandError) as raised:
            call_command("export_pdpb", *args, "--out", str(tmp_path / "x.xlsx"))
        assert str(raised.value) == message
    assert not (tmp_path / "x.xlsx").exists()
    assert date(2025, 1, 1)  # fixed dates only
