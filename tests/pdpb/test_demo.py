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
from inmates.models import Inmate
from pdpb import exports, selectors
from pdpb.demo import LOCKED, STORIES, seed_pdpb
from pdpb.models import ADDED_REASONS, PdpbEntry, PdpbPeriod, Reason
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
    assert sorted(m.voter.full_name for m in after.added if m.reason == Reason.NIK) == [
        "Rizky Hidayat", "Yusuf Prasetyo"]  # NIK verified in the quarter (pdpb.demo.STORIES)
    assert (locked.start_count, locked.added_count, locked.removed_count, locked.end_count) == (141, 18, 24, 135)
    assert (after.start_count, len(after.added), len(after.removed), after.end_count, after.potential) == (
        135, 25, 26, 134, 13)
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


def test_each_story_of_the_demo_shows_its_reason_once_in_its_quarter_only(demo):
    """The reasons the registry's turnover does not show (a 17th birthday, a police officer dismissed, one
    recorded as serving, NIK verified) appear once each, for that person, in that quarter, and nowhere else."""
    facilities = list(demo.facilities.values())
    found = {story.register_number: [] for story in STORIES}
    by_stay = {}
    for quarter in between(Quarter(2025, 1), Quarter.of(ANCHOR)):
        for line in selectors.compute(facilities=facilities, quarter=quarter, today=ANCHOR):
            for mutation in (*line.added, *line.removed, *line.corrected):
                by_stay.setdefault(mutation.voter.stay_id, []).append(
                    (quarter, line.facility.code, mutation.side, mutation.reason))
    for story in STORIES:
        stay = Inmate.objects.get(facility=demo.blora, register_number=story.register_number)
        found[story.register_number] = [(q, code, reason) for q, code, _side, reason in by_stay.get(stay.pk, [])
                                        if reason != Reason.ADMITTED]
    reason_of = {story.register_number: story.shows for story in STORIES}
    assert found == {number: [(quarter, "rutan-blora", reason)] for number, (reason, quarter) in reason_of.items()}
    # every reason the issue names shows somewhere in the demo
    seen = {reason for rows in by_stay.values() for _q, _code, _side, reason in rows}
    assert {Reason.ADMITTED, Reason.TRANSFERRED_IN, Reason.TURNED_17, Reason.NIK, Reason.TMS_LIFTED, Reason.RELEASED,
            Reason.TRANSFERRED_OUT, Reason.DIED, Reason.TNI_POLRI, Reason.CORRECTED} <= seen


def test_the_recap_of_every_period_reconciles_for_every_facility_kabkota_and_province(demo):
    """The pleno recap (REKAP, KABKOTA, PROVINSI) of every quarter of the demo: every row adds up, and the
    kab/kota and province rows are the sums of their facilities."""
    facilities = list(demo.facilities.values())
    for quarter in between(Quarter(2025, 1), Quarter.of(ANCHOR)):
        lines = selectors.compute(facilities=facilities, quarter=quarter, today=ANCHOR)
        book = load_workbook(exports.recap_workbook(lines, quarter=quarter, area="Semua", today=ANCHOR),
                             read_only=True)
        sheets = {}
        for name, label_columns in (("REKAP", 4), ("KABKOTA", 2), ("PROVINSI", 1)):
            rows = [list(r) for r in book[name].iter_rows(values_only=True)]
            at = next(i for i, r in enumerate(rows) if len(r) > label_columns and r[label_columns] == "PEMILIH AWAL")
            body = [r for r in rows[at + 1:] if len(r) > label_columns and r[0] and r[label_columns] is not None]
            for row in body:
                start, added, removed, end, male, female = row[label_columns:label_columns + 6]
                assert start + added - removed == end == male + female, (quarter, name, row[:label_columns])
                added_reasons = row[label_columns + 7:label_columns + 7 + len(ADDED_REASONS)]
                removed_reasons = row[label_columns + 7 + len(ADDED_REASONS):]
                assert (sum(added_reasons), sum(removed_reasons)) == (added, removed), (quarter, name, row[0])
            sheets[name] = body
        facility_rows = [r for r in sheets["REKAP"] if r[0] != "JUMLAH"]
        assert len(facility_rows) == 4, quarter
        for name, label_columns in (("KABKOTA", 2), ("PROVINSI", 1)):
            total = next(r for r in sheets[name] if r[0] == "JUMLAH")
            parts = [r for r in sheets[name] if r[0] != "JUMLAH"]
            assert [sum(column) for column in zip(*(r[label_columns:] for r in parts), strict=True)] == \
                total[label_columns:] == next(r for r in sheets["REKAP"] if r[0] == "JUMLAH")[4:], (quarter, name)
        assert [sum(column) for column in zip(*(r[4:] for r in facility_rows), strict=True)] == next(
            r for r in sheets["REKAP"] if r[0] == "JUMLAH")[4:], quarter


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
