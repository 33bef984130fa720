import io
import re
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from audit.models import ExportLog
from inmates import services as registry
from registration import selectors, services
from registration.models import ListEntry, ListReview, ListVersion, Registration
from tests.factories import make_inmate
from tests.xlsx_files import table, workbook


@pytest.fixture
def locked(pemilu, world):
    """Rutan Blora with three voters in one TPS and a locked DPT."""
    people = [make_inmate(world.blora, full_name=name, register_number=f"BI.{i}/2023", admitted_on=date(2023, 1, 1),
                          home_region_id=home)
              for i, (name, home) in enumerate([("Agus", "33.16.09.2001"), ("Budi", "33.18.10.1007"),
                                                ("Citra", "33.16.09.2002")], start=1)]
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    version = services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT",
                                 user=world.users["kpu.blora"])
    return people, version


def test_locking_snapshots_voters_with_tps_and_ballots(locked, world):
    people, version = locked
    assert (version.number, version.kind, version.label, version.entry_count, version.locked_by) == (
        1, "dpt", "DPT", 3, world.users["kpu.blora"])
    entries = {e.full_name: e for e in version.entries.all()}
    assert set(entries) == {"Agus", "Budi", "Citra"}
    assert entries["Budi"].ballot_codes() == ["PPWP", "DPR", "DPD"]
    assert entries["Agus"].tps_number == 1 and entries["Agus"].nik == people[0].nik
    review = ListReview.objects.get(version=version)
    assert review.status == ListReview.Status.LOCKED


def test_later_changes_never_alter_a_locked_version(locked, world):
    people, version = locked
    registry.release_record(inmate=people[0], day=date(2024, 1, 5), user=None)
    registry.inmate_update(inmate=people[1], data={"full_name": "Budi Baru"}, user=None)
    entries = {e.full_name for e in ListEntry.objects.filter(version=version)}
    assert entries == {"Agus", "Budi", "Citra"}
    version.refresh_from_db()
    assert version.entry_count == 3


def test_the_database_refuses_to_edit_a_locked_entry(locked):
    _people, version = locked
    with pytest.raises(DatabaseError, match="Daftar terkunci tidak dapat diubah"), transaction.atomic():
        ListEntry.objects.filter(version=version).update(full_name="Diubah")
    with pytest.raises(DatabaseError, match="Daftar terkunci tidak dapat diubah"), transaction.atomic():
        ListVersion.objects.filter(pk=version.pk).update(label="Lain")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="delete guard is a PostgreSQL trigger")
def test_the_database_refuses_to_delete_a_locked_entry(locked):
    _people, version = locked
    with pytest.raises(DatabaseError, match="Daftar terkunci tidak dapat diubah"), transaction.atomic():
        ListEntry.objects.filter(version=version).delete()


def test_diff_after_release_transfer_and_new_admission(locked, pemilu, world):
    people, version = locked
    registry.release_record(inmate=people[0], day=date(2024, 1, 5), user=None)
    registry.transfer_record(inmate=people[1], day=date(2024, 1, 8), destination=world.pati, user=None)
    newcomer = make_inmate(world.blora, full_name="Dewi", sex="P", register_number="BI.9/2024", admitted_on=date(2024, 1, 20))
    services.allocate(election=pemilu, facility=world.blora)
    result = selectors.diff(election=pemilu, before=selectors.version_rows(version=version),
                            after=selectors.current_rows(user=world.users["kpu.blora"], election=pemilu,
                                                         facility=world.blora))
    assert [row.name for row in result.added] == ["Dewi"]
    assert result.added[0].list_type == "dptb" and result.added[0].tps_number == 1
    assert [(row.name, reason) for row, reason in result.removed] == [
        ("Agus", "Bebas 5 Januari 2024; Bebas sebelum hari H (memilih di TPS asal)"),
        ("Budi", "Dipindahkan 8 Januari 2024; Pindah Lapas/Rutan sebelum hari H"),
    ]
    assert result.moved == [] and result.ballots_changed == []
    assert newcomer.pk in {row.inmate_id for row in result.added}


def test_diff_between_two_versions_shows_tps_moves_and_ballot_changes(locked, pemilu, world):
    people, first = locked
    services.tps_create(election=pemilu, facility=world.blora, user=None)
    tps2 = pemilu.tps.get(number=2)
    services.move_voter(registration=Registration.objects.get(inmate=people[2]), tps=tps2)
    registry.inmate_update(inmate=people[0], data={"home_region_id": "33.18.10.1007"}, user=None)  # moved home to Pati
    second = services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.OTHER, label="Pendataan ulang",
                                user=None)
    result = selectors.diff(election=pemilu, before=selectors.version_rows(version=first),
                            after=selectors.version_rows(version=second))
    assert [(a.name, a.tps_number, b.tps_number) for a, b in result.moved] == [("Citra", 1, 2)]
    assert [(a.name, a.ballots, b.ballots) for a, b in result.ballots_changed] == [
        ("Agus", ",PPWP,DPR,DPD,DPRD_PROV,DPRD_KAB,", ",PPWP,DPR,DPD,")]
    assert not result.added and not result.removed
    assert second.number == 2


def test_diff_page_and_export(locked, pemilu, world):
    people, version = locked
    registry.release_record(inmate=people[0], day=date(2024, 1, 5), user=None)
    client = world.client("kpu.blora")
    page = client.get("/pemilu/pemilu-2024/rutan-blora/perubahan/", {"dari": 1, "ke": "sekarang"})
    assert page.status_code == 200
    assert [row.name for row, _ in page.context["result"].removed] == ["Agus"]
    assert "Bebas 5 Januari 2024" in page.content.decode()
    # The filter bar (crispy, GET) shows the two lists compared, "Sekarang" for the list as it is now.
    html = page.content.decode()
    assert 'class="filter-bar no-print mb-3" data-testid="diff-filters" method="get"' in html
    assert '<option value="1" selected>' in html and '<option value="sekarang" selected>Sekarang</option>' in html
    assert re.search(r'<label\s+for="id_dari" class="form-label">\s*Dari\s*</label>', html)
    assert re.search(r'<button\s+class="btn btn-primary w-100 text-nowrap"\s+type="submit">\s*Bandingkan\s*</button>', html)
    response = client.get("/pemilu/pemilu-2024/rutan-blora/perubahan/", {"dari": 1, "ke": "sekarang", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="perubahan-pemilu-2024-rutan-blora-1-sekarang.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Ditambahkan", "Dihapus", "Pindah TPS", "Surat suara berubah", "Jenis daftar berubah"]
    removed = list(workbook["Dihapus"].iter_rows(values_only=True))
    assert removed[2][0] == "Dari DPT (v1) ke Sekarang"
    assert removed[4] == ("NO", "NO_REGISTER", "NIK", "NAMA", "TPS", "ALASAN")
    assert removed[5] == (1, "BI.1/2023", people[0].nik, "Agus", "001",
                          "Bebas 5 Januari 2024; Bebas sebelum hari H (memilih di TPS asal)")
    assert len(removed) == 6


def test_version_export_in_kpu_layout(locked, pemilu, world):
    people, version = locked
    response = world.client("admin").get("/pemilu/pemilu-2024/rutan-blora/versi/1/unduh/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dpt-pemilu-2024-rutan-blora-v1.xlsx"'
    book = workbook(response)
    assert book.sheetnames == ["TPS 001"]
    sheet = table(book["TPS 001"])
    assert sheet.lines[0] == "DAFTAR PEMILIH TPS LOKASI KHUSUS"
    assert sheet.lines[1].startswith("DPT (versi 1), dikunci ")
    agus = next(row for row in sheet.rows if row["NAMA"] == "Agus")
    assert (agus["NIK"], agus["USIA"], agus["TANGGAL LAHIR"]) == (people[0].nik, 33, datetime(1990, 5, 17))
    assert (agus["KELURAHAN/DESA"], agus["KECAMATAN"], agus["KABUPATEN/KOTA"]) == ("Jepangrejo", "Blora", "Kabupaten Blora")
    assert (agus["KTP-EL"], agus["JENIS PEMILIH"], agus["SURAT SUARA"]) == ("S", "DPT", "PPWP, DPR, DPD, DPRD PROV, DPRD KAB/KOTA")
    log = ExportLog.objects.get()
    assert (log.user, log.facility, log.rows, log.scope, log.masked) == (
        world.users["admin"], world.blora, 3, "DPT (v1) · semua TPS", False)


def test_export_dpt_command_writes_the_same_layout(locked, tmp_path, capsys):
    target = tmp_path / "dpt.xlsx"
    call_command("export_dpt", "--election", "pemilu-2024", "--facility", "rutan-blora", "--list-version", "1",
                 "--out", str(target), "--user", "admin")
    assert f"3 pemilih dari 1 Lapas/Rutan ditulis ke {target}" in capsys.readouterr().out
    sheet = table(workbook(target)["TPS 001"])
    assert sheet.lines[1].startswith("DPT (versi 1), dikunci ")
    assert sheet.column("NAMA") == ["Agus", "Budi", "Citra"]
    log = ExportLog.objects.get()
    assert (log.user.username, log.operator, log.via, log.rows) == ("admin", "admin", "cli", 3)


def test_refresh_query_count_does_not_grow_with_inmates(pemilu, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            services.registration_refresh(election=pemilu, facility=world.blora)
        return len(context.captured_queries)

    make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    few = queries()
    for _index in range(20):
        make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    assert queries() == few


def test_locking_decides_nobodys_list_type_and_old_versions_keep_theirs(locked, pemilu, world):
    make_inmate(world.blora, full_name="Eko", register_number="BI.8/2024", admitted_on=date(2024, 1, 15))
    assert Registration.objects.get(inmate__full_name="Eko").list_type == "dptb"  # admitted after the DPT date
    second = services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, user=None)
    assert second.entries.get(full_name="Eko").list_type == "dptb"
    assert Registration.objects.get(inmate__full_name="Eko").list_type == "dptb"  # still: dates decide, not locks
    result = selectors.diff(election=pemilu, before=selectors.version_rows(version=second),
                            after=selectors.current_rows(user=world.users["kpu.blora"], election=pemilu,
                                                         facility=world.blora))
    assert result.empty
    # Had the DPT been determined later, Eko would be a DPT voter; the locked copy keeps what it froze.
    pemilu.dpt_determined_on = date(2024, 1, 31)
    pemilu.save()
    services.registration_refresh(election=pemilu, facility=world.blora)
    assert Registration.objects.get(inmate__full_name="Eko").list_type == "dpt"
    assert second.entries.get(full_name="Eko").list_type == "dptb"


def test_the_diff_download_is_logged_with_its_row_count(locked, pemilu, world):
    people, _version = locked
    registry.release_record(inmate=people[0], day=date(2024, 1, 5), user=None)
    world.client("kpu.blora").get("/pemilu/pemilu-2024/rutan-blora/perubahan/", {"dari": 1, "ke": "sekarang",
                                                                                 "format": "xlsx"})
    log = ExportLog.objects.get()
    assert (log.user.username, log.rows, log.what, log.election, log.scope) == (
        "kpu.blora", 1, "perubahan-pemilu-2024-rutan-blora-1-sekarang.xlsx", locked[1].election,
        "perubahan DPT (v1) → Sekarang")
