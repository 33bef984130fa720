"""DPT per TPS, the masked copy, recaps and the export log, read back from the produced files."""

import io
import zipfile
from datetime import date, datetime
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from audit.models import ExportLog
from inmates.models import Facility, Inmate
from registration import exports, selectors, services
from registration.models import ListVersion, Registration, Tps
from tests.factories import make_inmate
from tests.jobs.helpers import fetch_export
from tests.xlsx_files import table, workbook
from tps_khusus import xlsx

BLORA = "/pemilu/pemilu-2024/rutan-blora"
HEADER = ("NO", "NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "USIA", "STATUS PERKAWINAN", "JENIS KELAMIN",
          "ALAMAT", "RT", "RW", "KELURAHAN/DESA", "KECAMATAN", "KABUPATEN/KOTA", "DISABILITAS", "KTP-EL",
          "JENIS PEMILIH", "SURAT SUARA", "KETERANGAN")
ALL_FIVE = "PPWP, DPR, DPD, DPRD PROV, DPRD KAB/KOTA"
READ = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200, "outsider": 404}


@pytest.fixture
def planned(pemilu, world):
    """Rutan Blora: a locked DPT, then a newcomer (DPTb), five voters in TPS 001-002 of three
    seats each, an empty TPS 003, and one WBP released before voting day (TMS)."""
    people = {
        "Agus": make_inmate(world.blora, full_name="Agus", admitted_on=date(2023, 1, 1), home_region_id="33.16.09.2001"),
        "Budi": make_inmate(world.blora, full_name="Budi", admitted_on=date(2023, 1, 1), home_region_id="33.18.10.1007",
                            disability=6),
        "Citra": make_inmate(world.blora, full_name="Citra", sex="P", admitted_on=date(2023, 1, 1)),
        "Dewi": make_inmate(world.blora, full_name="Dewi", sex="P", admitted_on=date(2023, 1, 1)),
        "Fajar": make_inmate(world.blora, full_name="Fajar", admitted_on=date(2023, 1, 1),
                             expected_release=date(2024, 1, 10)),
    }
    services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT", user=None)
    people["Eko"] = make_inmate(world.blora, full_name="Eko", admitted_on=date(2024, 1, 15))
    for number in (1, 2, 3):
        services.tps_create(election=pemilu, facility=world.blora, number=number, capacity=3,
                            capacity_reason="Blok hunian kecil", user=None)
    services.allocate(election=pemilu, facility=world.blora, user=None)
    return people


def _names_in(pemilu, number: int) -> list[str]:
    return sorted(Registration.objects.filter(election=pemilu, tps__number=number).values_list("inmate__full_name",
                                                                                                 flat=True))


def test_one_sheet_per_tps_holding_exactly_its_allocation(planned, pemilu, world):
    response = world.client("kpu.blora").get(BLORA + "/unduh/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="dpt-pemilu-2024-rutan-blora-DRAF-{timezone.localdate():%Y%m%d}.xlsx"')
    book = workbook(response)
    assert book.sheetnames == ["TPS 001", "TPS 002", "TPS 003"]
    for number in (1, 2, 3):
        sheet = table(book[f"TPS {number:03d}"])
        assert sorted(sheet.column("NAMA")) == _names_in(pemilu, number)
        assert len(sheet.rows) == Tps.objects.get(election=pemilu, facility=world.blora, number=number).allocated
        assert sheet.column("NO") == list(range(1, len(sheet.rows) + 1))
        sexes = sheet.column("JENIS KELAMIN")
        assert sheet.totals == {"L": sexes.count("L"), "P": sexes.count("P"), "TOTAL": len(sexes)}
    assert [len(table(book[name]).rows) for name in book.sheetnames] == [3, 2, 0]
    assert "Fajar" not in [name for sheet in book.worksheets for name in table(sheet).column("NAMA")]


def test_header_block_columns_and_signature(planned, world):
    sheet = table(workbook(world.client("admin").get(BLORA + "/unduh/"))["TPS 001"])
    assert sheet.lines == ["DAFTAR PEMILIH TPS LOKASI KHUSUS",
                           f"DRAF – BELUM DIKUNCI: daftar saat ini, {date_format(timezone.localdate(), 'j F Y')}. Bukan "
                           "daftar resmi; untuk dikirim, unduh versi terkunci."]
    assert sheet.block == {
        "PEMILIHAN": "Pemilu 2024", "PROVINSI": "Jawa Tengah", "LAPAS/RUTAN": "Rutan Kelas IIB Blora",
        "KABUPATEN/KOTA": "Kabupaten Blora", "TPS": "001", "KECAMATAN": "Blora",
        "HARI PEMUNGUTAN SUARA": datetime(2024, 2, 14), "DESA/KELURAHAN": "Kauman",
    }
    assert sheet.header == HEADER
    assert sheet.text_after() == ["JUMLAH PEMILIH", "L", "P", "TOTAL", "Kauman, ............................",
                                  "KETUA PANITIA PEMUNGUTAN SUARA (PPS) KAUMAN", "( ........................................ )"]


def test_rows_in_kpu_layout(planned, world):
    book = workbook(world.client("admin").get(BLORA + "/unduh/"))
    rows = {row["NAMA"]: row for sheet in book.worksheets for row in table(sheet).rows}
    agus = planned["Agus"]
    assert {key: value for key, value in rows["Agus"].items() if key != "NO"} == {
        "NKK": "3316090101230001", "NIK": agus.nik, "NAMA": "Agus", "TEMPAT LAHIR": "Blora",
        "TANGGAL LAHIR": datetime(1990, 5, 17), "USIA": 33, "STATUS PERKAWINAN": "S", "JENIS KELAMIN": "L",
        "ALAMAT": "Jl. Pemuda No. 1", "RT": "001", "RW": "002", "KELURAHAN/DESA": "Jepangrejo", "KECAMATAN": "Blora",
        "KABUPATEN/KOTA": "Kabupaten Blora", "DISABILITAS": None, "KTP-EL": "S", "JENIS PEMILIH": "DPT",
        "SURAT SUARA": ALL_FIVE, "KETERANGAN": None,
    }
    assert (rows["Budi"]["DISABILITAS"], rows["Budi"]["SURAT SUARA"], rows["Budi"]["KABUPATEN/KOTA"]) == (
        6, "PPWP, DPR, DPD", "Kabupaten Pati")
    assert rows["Eko"]["JENIS PEMILIH"] == "DPTb"
    assert rows["Citra"]["JENIS KELAMIN"] == "P"


def test_cells_are_typed_sized_frozen_and_printable(planned, world):
    book = workbook(world.client("admin").get(BLORA + "/unduh/"))
    sheet = book["TPS 001"]
    first = table(sheet).header_row + 1
    assert table(sheet).header_row == 8
    birth = sheet.cell(first, HEADER.index("TANGGAL LAHIR") + 1)
    assert birth.is_date and birth.number_format == "DD-MM-YYYY"
    for name in ("NKK", "NIK"):
        cell = sheet.cell(first, HEADER.index(name) + 1)
        assert (cell.data_type, cell.number_format) == ("s", "@"), name
    for name in ("RT", "RW"):
        assert sheet.cell(first, HEADER.index(name) + 1).data_type == "s", name
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["C"].width,
            sheet.column_dimensions["D"].width) == (6, 19, 28)
    assert sheet.freeze_panes == "A9"
    voting_day = next(cell for row in sheet.iter_rows(max_row=7) for cell in row if cell.is_date)
    assert (voting_day.value, voting_day.number_format) == (datetime(2024, 2, 14), "DD-MM-YYYY")
    assert sheet.print_title_rows == "$8:$8"
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight, setup.paperSize) == ("landscape", 1, 0, 9)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


def test_text_from_users_never_becomes_a_formula(planned, world):
    Inmate.objects.filter(pk=planned["Agus"].pk).update(
        full_name='=HYPERLINK("http://contoh.test","klik")', address="+62 812 3456 7890", birth_place="@SUM(A1)")
    Inmate.objects.filter(pk=planned["Budi"].pk).update(address="#N/A", birth_place="#REF!")
    Facility.objects.filter(pk=world.blora.pk).update(name="=1+1 Rutan")
    response = world.client("admin").get(BLORA + "/unduh/")
    data = b"".join(response.streaming_content)
    book = workbook(data)
    cells = {cell.value: cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    for text in ('=HYPERLINK("http://contoh.test","klik")', "+62 812 3456 7890", "@SUM(A1)", "=1+1 Rutan", "#N/A",
                 "#REF!"):
        assert cells[text].data_type == "s", text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in xml or b"<f " in xml or b't="e"' in xml for xml in sheets)


def test_control_characters_are_dropped_not_fatal(planned, world):
    Inmate.objects.filter(pk=planned["Agus"].pk).update(full_name="Agus\x07 Salim", address="=Jl.\x0b Pemuda")
    book = workbook(world.client("admin").get(BLORA + "/unduh/"))
    rows = {row["NAMA"]: row for sheet in book.worksheets for row in table(sheet).rows}
    assert rows["Agus Salim"]["ALAMAT"] == "=Jl. Pemuda"


def test_masked_copy_for_publication(planned, world):
    response = world.client("kpu.blora").get(BLORA + "/unduh/", {"samaran": "1"})
    assert response["Content-Disposition"].endswith(f'-{timezone.localdate():%Y%m%d}-samaran.xlsx"')
    book = workbook(response)
    rows = {row["NAMA"]: row for sheet in book.worksheets for row in table(sheet).rows}
    agus = planned["Agus"]
    assert (rows["Agus"]["NIK"], rows["Agus"]["NKK"]) == (agus.nik[:6] + "*" * 10, "331609" + "*" * 10)
    assert (rows["Agus"]["TANGGAL LAHIR"], rows["Agus"]["USIA"]) == (1990, 33)
    assert table(book["TPS 001"]).lines[2] == (
        "Salinan untuk diumumkan: NIK dan NKK disamarkan, tanggal lahir hanya tahun. Tidak memuat: TEMPAT LAHIR, "
        "ALAMAT, RT, RW, DISABILITAS.")
    headers = table(book["TPS 001"]).header
    assert not {"TEMPAT LAHIR", "ALAMAT", "RT", "RW", "DISABILITAS"} & set(headers)
    assert {"NAMA", "USIA", "KELURAHAN/DESA", "KECAMATAN", "KABUPATEN/KOTA", "JENIS PEMILIH"} <= set(headers)
    values = [value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
    assert agus.nik not in values and "3316090101230001" not in values
    assert agus.address not in values  # the street, anywhere in the file
    born = [value for sheet in book.worksheets for value in table(sheet).column("TANGGAL LAHIR")]
    assert born and all(isinstance(year, int) for year in born)  # no day or month anywhere
    log = ExportLog.objects.get()
    assert (log.user.username, log.masked, log.rows) == ("kpu.blora", True, 5)


def test_the_mask_follows_settings(planned, world, settings):
    settings.TPS_MASK_KEEP = 4
    settings.TPS_MASK_CHAR = "X"
    settings.TPS_PUBLISHED_HIDE = ["alamat", "KETERANGAN"]
    book = workbook(world.client("admin").get(BLORA + "/unduh/", {"samaran": "1"}))
    agus = next(row for sheet in book.worksheets for row in table(sheet).rows if row["NAMA"] == "Agus")
    assert agus["NIK"] == planned["Agus"].nik[:4] + "X" * 12
    assert (agus["TEMPAT LAHIR"], agus["RT"], agus["DISABILITAS"]) == ("Blora", "001", None)
    assert "ALAMAT" not in agus and "KETERANGAN" not in agus
    assert table(book["TPS 001"]).lines[2].endswith("Tidak memuat: ALAMAT, KETERANGAN.")


def test_the_full_list_keeps_every_column(planned, world):
    book = workbook(world.client("kpu.blora").get(BLORA + "/unduh/"))
    assert {"TEMPAT LAHIR", "ALAMAT", "RT", "RW", "DISABILITAS"} <= set(table(book["TPS 001"]).header)


@pytest.mark.parametrize("username,status", READ.items())
def test_tps_download_per_persona(planned, pemilu, world, username, status):
    response = world.client(username).get(BLORA + "/tps/2/unduh/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == (
            f'attachment; filename="dpt-pemilu-2024-rutan-blora-tps002-DRAF-{timezone.localdate():%Y%m%d}.xlsx"')
        book = workbook(response)
        assert book.sheetnames == ["TPS 002"]
        assert sorted(table(book["TPS 002"]).column("NAMA")) == _names_in(pemilu, 2)
        log = ExportLog.objects.get()
        assert (log.user.username, log.election, log.facility, log.scope, log.rows, log.via) == (
            username, pemilu, world.blora, "daftar saat ini · TPS 002", 2, "web")
    else:
        assert not ExportLog.objects.exists()
    assert world.client(username).get(BLORA + "/tps/9/unduh/").status_code == (404 if status == 200 else status)


AREA = {"admin": ["lapas-semarang", "rutan-surabaya", "rutan-blora", "rutan-pati"], "petugas.blora": ["rutan-blora"],
        "petugas.pati": ["rutan-pati"], "kpu.blora": ["rutan-blora"],
        "kpu.jateng": ["lapas-semarang", "rutan-blora", "rutan-pati"]}


@pytest.mark.parametrize("username", [*AREA, "outsider"])
def test_area_dpt_and_its_log_per_persona(planned, pemilu, world, username):
    make_inmate(world.pati, full_name="Gita", admitted_on=date(2023, 1, 1))
    response = fetch_export(world.client(username), "/pemilu/pemilu-2024/unduh-dpt/")
    if username == "outsider":
        assert response.status_code == 404
        assert not ExportLog.objects.exists()
        return
    book = workbook(response)
    covered = {name.split(" ")[0] for name in book.sheetnames}
    assert covered == set(AREA[username])
    names = {name for sheet in book.worksheets for name in table(sheet).column("NAMA")}
    assert ("Agus" in names) == ("rutan-blora" in AREA[username])
    assert ("Gita" in names) == ("rutan-pati" in AREA[username])
    logged = {log.facility.code: log.rows for log in ExportLog.objects.filter(user__username=username)}
    expected = {"rutan-blora": 5, "rutan-pati": 1, "lapas-semarang": 0, "rutan-surabaya": 0}
    assert logged == {code: expected[code] for code in AREA[username]}


def test_pati_staff_cannot_reach_blora_downloads(planned, world):
    client = world.client("petugas.pati")
    for path in ("/unduh/", "/unduh/?samaran=1", "/tps/1/unduh/", "/rekap/", "/versi/1/unduh/"):
        assert client.get(BLORA + path).status_code == 404, path
    assert not ExportLog.objects.exists()


def test_recaps_add_up_per_facility_kabkota_and_province(planned, pemilu, world):
    make_inmate(world.pati, full_name="Gita", sex="P", admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.pati, create_missing=True, user=None)
    response = fetch_export(world.client("kpu.jateng"), "/pemilu/pemilu-2024/unduh-rekap/")
    assert response["Content-Disposition"] == (
        f'attachment; filename="rekap-pemilu-2024-wilayah-{timezone.localdate():%Y%m%d}.xlsx"')
    book = workbook(response)
    assert book.sheetnames == ["Per Lapas-Rutan", "Per Kab-Kota", "Per Provinsi", "Per TPS"]
    facilities = table(book["Per Lapas-Rutan"])
    assert facilities.block["WILAYAH"] == "Jawa Tengah"
    blora = next(row for row in facilities.rows if row["LAPAS/RUTAN"] == "Rutan Kelas IIB Blora")
    assert {key: blora[key] for key in (
        "KABUPATEN/KOTA", "WBP DITAHAN", "TPS DIRENCANAKAN", "TPS DIBUTUHKAN", "PEMILIH L", "PEMILIH P",
        "PEMILIH TOTAL", "DPT", "DPTb", "DPK", "BELUM BER-TPS", "DISABILITAS SENSORIK NETRA", "DISABILITAS TOTAL",
        "TMS TOTAL", "TMS: BEBAS SEBELUM HARI H (MEMILIH DI TPS ASAL)", "PPWP PEMILIH", "PPWP CADANGAN",
        "PPWP JUMLAH", "DPRD KAB/KOTA PEMILIH", "KPPS", "LINMAS")} == {
        "KABUPATEN/KOTA": "Kabupaten Blora", "WBP DITAHAN": 6, "TPS DIRENCANAKAN": 3, "TPS DIBUTUHKAN": 1,
        "PEMILIH L": 3, "PEMILIH P": 2, "PEMILIH TOTAL": 5, "DPT": 4, "DPTb": 1, "DPK": 0, "BELUM BER-TPS": 0,
        "DISABILITAS SENSORIK NETRA": 1, "DISABILITAS TOTAL": 1, "TMS TOTAL": 1,
        "TMS: BEBAS SEBELUM HARI H (MEMILIH DI TPS ASAL)": 1, "PPWP PEMILIH": 5, "PPWP CADANGAN": 2,  # 1 per TPS
        "PPWP JUMLAH": 7, "DPRD KAB/KOTA PEMILIH": 4, "KPPS": 21, "LINMAS": 6,  # 3 TPS planned, 1 needed
    }
    assert [row["LAPAS/RUTAN"] for row in facilities.rows] == [
        "Rutan Kelas IIB Blora", "Rutan Kelas IIB Pati", "Lapas Kelas I Semarang"]
    total = next(row for row in facilities.after if row[0] == "JUMLAH")
    assert total[facilities.header.index("PEMILIH TOTAL")] == 6
    kabkota = {row["KABUPATEN/KOTA"]: row for row in table(book["Per Kab-Kota"]).rows}
    assert (kabkota["Kabupaten Blora"]["PEMILIH TOTAL"], kabkota["Kabupaten Pati"]["PEMILIH P"]) == (5, 1)
    province = table(book["Per Provinsi"]).rows
    assert [(row["PROVINSI"], row["PEMILIH TOTAL"], row["PPWP JUMLAH"], row["KPPS"]) for row in province] == [
        ("Jawa Tengah", 6, 9, 28)]
    per_tps = [(row["LAPAS/RUTAN"], row["TPS"], row["KAPASITAS"], row["PEMILIH"], row["PPWP JUMLAH"])
               for row in table(book["Per TPS"]).rows]
    assert per_tps == [("Rutan Kelas IIB Blora", "001", 3, 3, 4), ("Rutan Kelas IIB Blora", "002", 3, 2, 3),
                       ("Rutan Kelas IIB Blora", "003", 3, 0, 0), ("Rutan Kelas IIB Pati", "001", 300, 1, 2)]
    assert not ExportLog.objects.exists()  # counts only: no personal data


RECAP = {"admin": 4, "petugas.blora": 1, "petugas.pati": 1, "kpu.blora": 1, "kpu.jateng": 3}


@pytest.mark.parametrize("username", [*RECAP, "outsider"])
def test_recap_scope_per_persona(planned, world, username):
    client = world.client(username)
    response = fetch_export(client, "/pemilu/pemilu-2024/unduh-rekap/")
    facility = client.get(BLORA + "/rekap/")
    assert facility.status_code == READ[username]
    if username == "outsider":
        assert response.status_code == 404
        return
    assert len(table(workbook(response)["Per Lapas-Rutan"]).rows) == RECAP[username]
    if facility.status_code == 200:
        rows = table(workbook(facility)["Per Lapas-Rutan"]).rows
        assert [(row["LAPAS/RUTAN"], row["PEMILIH TOTAL"]) for row in rows] == [("Rutan Kelas IIB Blora", 5)]


def test_recap_narrowed_to_a_region_within_the_area(planned, world):
    client = world.client("kpu.jateng")
    rows = table(workbook(client.get("/pemilu/pemilu-2024/unduh-rekap/", {"wilayah": "33.16"}))["Per Lapas-Rutan"])
    assert rows.block["WILAYAH"] == "Kabupaten Blora"
    assert [row["LAPAS/RUTAN"] for row in rows.rows] == ["Rutan Kelas IIB Blora"]
    outside = client.get("/pemilu/pemilu-2024/unduh-rekap/", {"wilayah": "35.15"})
    assert table(workbook(outside)["Per Lapas-Rutan"]).rows == []  # Sidoarjo is outside Jawa Tengah
    assert client.get("/pemilu/pemilu-2024/unduh-rekap/", {"wilayah": "99.99"}).status_code == 404


def test_diff_between_two_locked_versions(planned, pemilu, world):
    services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT", user=None)
    response = world.client("kpu.blora").get(BLORA + "/perubahan/", {"dari": 1, "ke": 2, "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="perubahan-pemilu-2024-rutan-blora-1-2.xlsx"'
    book = workbook(response)
    added = table(book["Ditambahkan"])
    assert added.lines == ["PERUBAHAN DAFTAR PEMILIH", "Pemilu 2024 — Rutan Kelas IIB Blora",
                           "Dari DPT (v1) ke DPT (v2)"]
    assert [(row["NAMA"], row["JENIS PEMILIH"]) for row in added.rows] == [("Eko", "DPTb")]
    moved = table(book["Pindah TPS"]).rows
    assert sorted(row["NAMA"] for row in moved) == ["Agus", "Budi", "Citra", "Dewi"]  # v1 had no TPS yet
    removed = table(book["Dihapus"]).rows
    assert removed == []
    assert ExportLog.objects.get().rows == 5


@pytest.mark.parametrize("path", [BLORA + "/unduh/", BLORA + "/unduh/?samaran=1", BLORA + "/tps/1/unduh/",
                                  "/pemilu/pemilu-2024/unduh-dpt/?wilayah=33.16", BLORA + "/versi/{version}/unduh/",
                                  "/pemilu/pemilu-2024/unduh-rekap/?wilayah=33.16", BLORA + "/rekap/"])
def test_export_queries_do_not_grow_with_voters(planned, pemilu, world, path):
    def queries(version: int) -> int:
        client = world.client("kpu.jateng")
        with CaptureQueriesContext(connection) as context:
            response = client.get(path.format(version=version))
            b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(context.captured_queries)

    few = queries(1)  # the first DPT held 4 voters
    for index in range(12):
        make_inmate(world.blora, full_name=f"Tambahan {index}", admitted_on=date(2023, 1, 1),
                    home_region_id="33.18.10.1007" if index % 2 else "33.16.09.2001")
    services.tps_create(election=pemilu, facility=world.blora, number=4, user=None)
    services.allocate(election=pemilu, facility=world.blora, user=None)
    assert Registration.objects.filter(election=pemilu, tps__number=4).count() == 8  # 4 seats were free in 002-003
    services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT", user=None)
    assert queries(2) == few


def test_rows_are_read_in_chunks_from_one_query(planned, pemilu, world):
    source = selectors.dpt_source(election=pemilu, facilities=[world.blora])
    with mock.patch.object(QuerySet, "iterator", autospec=True, side_effect=QuerySet.iterator) as iterator, \
            CaptureQueriesContext(connection) as context:
        stream = source.rows()
        assert not isinstance(stream, (list, tuple))  # nothing is read before the writer asks
        rows = list(stream)
    assert iterator.call_args.kwargs == {"chunk_size": selectors.EXPORT_CHUNK} and selectors.EXPORT_CHUNK == 2000
    assert len(rows) == 5 and len(context.captured_queries) == 1
    assert [row.full_name for row in rows[:3]] == _names_in(pemilu, 1)


def test_progress_is_reported_while_rows_stream():
    calls = []
    sheet = xlsx.Sheet(name="x", columns=[xlsx.Column("A", lambda n: n)], items=iter(range(2500)))
    xlsx.write([sheet], progress=calls.append)
    assert calls == [1000, 2000, 2500] and sheet.written == 2500


# Commands -----------------------------------------------------------------------------------------

def test_export_dpt_command_one_tps_masked(planned, pemilu, tmp_path, capsys):
    target = tmp_path / "tps1.xlsx"
    call_command("export_dpt", "--election", "pemilu-2024", "--facility", "rutan-blora", "--tps", "1", "--masked",
                 "--out", str(target))
    assert capsys.readouterr().out == f"3 pemilih dari 1 Lapas/Rutan ditulis ke {target}\n"
    book = workbook(target)
    assert book.sheetnames == ["TPS 001"]
    assert all(nik.endswith("*" * 10) for nik in table(book["TPS 001"]).column("NIK"))
    log = ExportLog.objects.get()
    assert (log.user, log.via, log.masked, log.scope, log.rows) == (None, "cli", True, "daftar saat ini · TPS 001", 3)
    assert log.operator.endswith("(server)")
    assert not list(tmp_path.glob(".*.part"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_export_dpt_command_draws_progress_on_a_terminal(planned, tmp_path):
    terminal = Terminal()
    call_command("export_dpt", "--election", "pemilu-2024", "--facility", "rutan-blora", "--out",
                 str(tmp_path / "x.xlsx"), stderr=terminal, stdout=io.StringIO())
    assert terminal.getvalue() == "\rMenulis pemilih  [##############################] 100% 5/5\n"


def test_export_log_is_listed_for_admins(planned, world):
    world.client("kpu.blora").get(BLORA + "/tps/1/unduh/")
    page = world.client("admin").get("/admin/audit/exportlog/")
    assert page.status_code == 200
    assert f"dpt-pemilu-2024-rutan-blora-tps001-DRAF-{timezone.localdate():%Y%m%d}.xlsx" in page.content.decode()
    assert "daftar saat ini · TPS 001" in page.content.decode()
    assert world.client("kpu.blora").get("/admin/audit/exportlog/").status_code == 302  # no admin site
    assert world.client("outsider").get("/admin/audit/exportlog/").status_code == 302


def test_export_dpt_command_every_facility(planned, world, tmp_path):
    make_inmate(world.pati, full_name="Gita", admitted_on=date(2023, 1, 1))
    target = tmp_path / "semua.xlsx"
    call_command("export_dpt", "--election", "pemilu-2024", "--out", str(target))
    assert workbook(target).sheetnames == ["lapas-semarang Belum ber-TPS", "rutan-surabaya Belum ber-TPS",
                                           "rutan-blora TPS 001", "rutan-blora TPS 002", "rutan-blora TPS 003",
                                           "rutan-pati Belum ber-TPS"]
    assert dict(ExportLog.objects.values_list("facility__code", "rows")) == {
        "lapas-semarang": 0, "rutan-surabaya": 0, "rutan-blora": 5, "rutan-pati": 1}


def test_export_dpt_command_for_a_user_stays_in_their_area(planned, world, tmp_path):
    target = tmp_path / "kpu.xlsx"
    call_command("export_dpt", "--election", "pemilu-2024", "--user", "kpu.blora", "--out", str(target))
    assert {name.split(" ")[0] for name in workbook(target).sheetnames} == {"rutan-blora"}
    with pytest.raises(CommandError, match="^Lapas/Rutan rutan-pati tidak ada dalam pemilihan ini atau di luar "
                                           "wilayah pengguna.$"):
        call_command("export_dpt", "--election", "pemilu-2024", "--facility", "rutan-pati", "--user", "kpu.blora",
                     "--out", str(target))


@pytest.mark.parametrize("arguments,message", [
    (["--election", "tidak-ada"], "Pemilihan dengan kode tidak-ada tidak ada."),
    (["--election", "pemilu-2024", "--tps", "1"], "--tps dan --list-version hanya berlaku bersama --facility."),
    (["--election", "pemilu-2024", "--facility", "rutan-blora", "--tps", "7"], "TPS 007 tidak ada di Rutan Kelas IIB Blora."),
    (["--election", "pemilu-2024", "--facility", "rutan-blora", "--list-version", "9"], "Versi 9 tidak ada."),
    (["--election", "pemilu-2024", "--user", "outsider"], "Pengguna outsider tidak punya peran, jadi tidak boleh mengekspor."),
    (["--election", "pemilu-2024", "--user", "siapa"], "Pengguna siapa tidak ada."),
])
def test_export_dpt_command_refuses_bad_input(planned, tmp_path, arguments, message):
    target = tmp_path / "x.xlsx"
    with pytest.raises(CommandError) as error:
        call_command("export_dpt", *arguments, "--out", str(target))
    assert str(error.value) == message
    assert not target.exists() and not ExportLog.objects.exists()


def test_export_dpt_command_refuses_a_missing_folder(planned, tmp_path):
    with pytest.raises(CommandError, match="^Folder .*tidak-ada tidak ada.$"):
        call_command("export_dpt", "--election", "pemilu-2024", "--facility", "rutan-blora",
                     "--out", str(tmp_path / "tidak-ada" / "x.xlsx"))
    assert not ExportLog.objects.exists()


def test_export_rekap_command(planned, world, tmp_path, capsys):
    target = tmp_path / "rekap.xlsx"
    call_command("export_rekap", "--election", "pemilu-2024", "--area", "33.16", "--out", str(target))
    assert capsys.readouterr().out == f"Rekap 1 Lapas/Rutan (5 pemilih) ditulis ke {target}\n"
    sheet = table(workbook(target)["Per Lapas-Rutan"])
    assert sheet.block["WILAYAH"] == "Kabupaten Blora"
    assert [(row["LAPAS/RUTAN"], row["PEMILIH TOTAL"]) for row in sheet.rows] == [("Rutan Kelas IIB Blora", 5)]
    with pytest.raises(CommandError, match="^Wilayah dengan kode 99 tidak ada.$"):
        call_command("export_rekap", "--election", "pemilu-2024", "--area", "99", "--out", str(target))


def test_short_names_follow_the_contest(planned, pemilu, world):
    pemilu.contests.filter(code="DPRD_KAB").update(short_name="")
    ballots = exports.Ballots(pemilu)
    assert ballots(",PPWP,DPRD_KAB,DPR,") == "PPWP, DPR, DPRD KAB"


def test_download_buttons_on_the_tps_facility_and_dashboard_pages(planned, world):
    client = world.client("kpu.blora")
    tps_page = client.get(BLORA + "/tps/").content.decode()
    # A version is locked: the TPS page's downloads give it by default and say so; the draft is second.
    for number in (1, 2, 3):
        assert f'href="{BLORA}/tps/{number}/unduh/?versi=1"' in tps_page
        assert f'href="{BLORA}/tps/{number}/unduh/?versi=1&amp;samaran=1"' in tps_page
    assert f'data-testid="dpt-download" href="{BLORA}/versi/1/unduh/">Unduh DPT terkunci DPT (.xlsx)' in tps_page
    assert f'data-testid="draft-download" href="{BLORA}/unduh/"' in tps_page and f'href="{BLORA}/rekap/"' in tps_page
    assert "Unduhan DPT memakai versi terkunci terbaru: DPT (v1, dikunci " in tps_page
    facility_page = client.get(BLORA + "/").content.decode()
    for link in (f"{BLORA}/versi/1/unduh/", f"{BLORA}/versi/1/unduh/?samaran=1", f"{BLORA}/unduh/",
                 f"{BLORA}/unduh/?samaran=1", f"{BLORA}/rekap/"):
        assert f'href="{link}"' in facility_page
    dashboard = client.get("/pemilu/pemilu-2024/").content.decode()
    assert 'href="/pemilu/pemilu-2024/unduh-rekap/"' in dashboard
    assert 'href="/pemilu/pemilu-2024/unduh-dpt/"' in dashboard
    version_page = client.get(BLORA + "/versi/1/").content.decode()
    assert f'href="{BLORA}/versi/1/unduh/?samaran=1"' in version_page


def test_area_sheet_names_stay_unique_and_within_excels_limit(planned, pemilu, world):
    for code in ("lapas-perempuan-semarang", "lapas-perempuan-semarang-2"):
        facility = Facility.objects.create(kind=Facility.Kind.LAPAS, name=f"Lapas {code}", code=code,
                                           location_id="33.74.14.1010")
        make_inmate(facility, full_name=f"Warga {code}", admitted_on=date(2023, 1, 1))
    book = workbook(fetch_export(world.client("kpu.jateng"), "/pemilu/pemilu-2024/unduh-dpt/"))
    names = book.sheetnames
    assert len(names) == len(set(names)) and all(len(name) <= 31 for name in names)
    assert "lapas-perempuan-s Belum ber-TPS" in names and "lapas-perempuan~3 Belum ber-TPS" in names  # 3rd by name
    people = {table(book[name]).rows[0]["NAMA"] for name in names if name.startswith("lapas-perempuan")}
    assert people == {"Warga lapas-perempuan-semarang", "Warga lapas-perempuan-semarang-2"}


def test_area_export_narrowed_to_a_region_is_logged_with_it(planned, world):
    make_inmate(world.pati, full_name="Gita", admitted_on=date(2023, 1, 1))
    book = workbook(world.client("kpu.jateng").get("/pemilu/pemilu-2024/unduh-dpt/", {"wilayah": "33.16"}))
    assert book.sheetnames == ["rutan-blora TPS 001", "rutan-blora TPS 002", "rutan-blora TPS 003"]
    log = ExportLog.objects.get()
    assert (log.facility, log.scope, log.rows) == (
        world.blora, "wilayah Kabupaten Blora · daftar saat ini · semua TPS", 5)
    fetch_export(world.client("kpu.jateng"), "/pemilu/pemilu-2024/unduh-dpt/")
    assert set(ExportLog.objects.exclude(pk=log.pk).values_list("scope", flat=True)) == {
        "wilayah Jawa Tengah · daftar saat ini · semua TPS"}
    assert world.client("kpu.blora").get("/pemilu/pemilu-2024/unduh-dpt/", {"wilayah": "33.18"}).status_code == 302


def test_a_locked_version_keeps_its_undecided_ballots(planned, pemilu, world):
    decide = services.ballots_for

    def undecided_for_pati(contests, home_code, tps_code, **options):  # as if the dapil map could not place Pati
        entitled, unknown = decide(contests, home_code, tps_code, **options)
        if home_code.startswith("33.18."):
            return [code for code in entitled if code != "DPRD_PROV"], [*unknown, "DPRD_PROV"]
        return entitled, unknown

    with mock.patch.object(services, "ballots_for", undecided_for_pati):
        services.registration_refresh(election=pemilu, facility=world.blora)
        version = services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT",
                                     user=None)
    assert version.entries.get(full_name="Budi").ballots_unknown == ",DPRD_PROV,"
    services.registration_refresh(election=pemilu, facility=world.blora)  # decided since
    book = workbook(world.client("kpu.blora").get(f"{BLORA}/versi/{version.number}/unduh/"))
    rows = {row["NAMA"]: row for sheet in book.worksheets for row in table(sheet).rows}
    assert rows["Budi"]["KETERANGAN"] == "Surat suara perlu dicek: DPRD PROV"
    assert rows["Agus"]["KETERANGAN"] is None
    current = workbook(world.client("kpu.blora").get(f"{BLORA}/unduh/"))
    assert all(row["KETERANGAN"] is None for sheet in current.worksheets for row in table(sheet).rows)


def test_export_rekap_command_for_a_user_stays_in_their_area(planned, world, tmp_path):
    target = tmp_path / "rekap.xlsx"
    call_command("export_rekap", "--election", "pemilu-2024", "--user", "kpu.blora", "--out", str(target),
                 stdout=io.StringIO())
    sheet = table(workbook(target)["Per Lapas-Rutan"])
    assert sheet.block["WILAYAH"] == "Kabupaten Blora"
    assert [row["LAPAS/RUTAN"] for row in sheet.rows] == ["Rutan Kelas IIB Blora"]


def test_without_a_locked_version_every_download_is_a_draft(pemilu, world, freeze_today):
    freeze_today(date(2023, 12, 2))
    make_inmate(world.blora, full_name="Agus", admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    client = world.client("kpu.blora")
    tps_page = client.get(BLORA + "/tps/").content.decode()
    assert f'data-testid="dpt-download" href="{BLORA}/unduh/">Unduh draf DPT semua TPS, belum dikunci (.xlsx)' in tps_page
    assert f'href="{BLORA}/tps/1/unduh/" title="DPT TPS ini dalam tata letak KPU">unduh draf DPT' in tps_page
    assert ("Belum ada versi terkunci: unduhan DPT adalah draf dan bertanda DRAF – BELUM DIKUNCI di judul dan nama "
            "berkasnya.") in tps_page
    response = client.get(BLORA + "/tps/1/unduh/")
    assert response["Content-Disposition"] == 'attachment; filename="dpt-pemilu-2024-rutan-blora-tps001-DRAF-20231202.xlsx"'
    assert table(workbook(response)["TPS 001"]).lines[1] == (
        "DRAF – BELUM DIKUNCI: daftar saat ini, 2 Desember 2023. Bukan daftar resmi; untuk dikirim, unduh versi terkunci.")


@pytest.mark.parametrize("username,status", [("admin", 200), ("petugas.blora", 200), ("petugas.pati", 404),
                                             ("kpu.blora", 200), ("kpu.jateng", 200), ("outsider", 404)])
def test_one_tps_of_a_locked_version_per_persona(planned, world, username, status):
    response = world.client(username).get(BLORA + "/tps/1/unduh/?versi=1")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="dpt-pemilu-2024-rutan-blora-tps001-v1.xlsx"'
        sheet = table(workbook(response)["TPS 001"])
        assert sheet.lines[1].startswith("DPT (versi 1), dikunci ")
        assert "DRAF" not in sheet.lines[1]
        assert ExportLog.objects.get().scope == "DPT (v1) · TPS 001"


@pytest.mark.parametrize("key", ["x", "9"])
def test_an_unknown_version_of_a_tps_is_not_found(planned, world, key):
    assert world.client("kpu.blora").get(BLORA + f"/tps/1/unduh/?versi={key}").status_code == 404


def test_the_benchmark_yardstick_writes_the_same_cells_as_the_export(planned, pemilu, world):
    """bench's "openpyxl saja, sel yang sama" writes every sheet, value and cell style the DPT export
    wrote (issue 15: "openpyxl's own write time for the same cells")."""
    from copy import copy

    from openpyxl import load_workbook

    from registration.management.commands import bench_export

    result = exports.dpt_export(selectors.dpt_source(election=pemilu, facilities=[world.blora]), masked=False,
                                today=date(2024, 2, 1))
    cells = bench_export.same_cells(result.stream)
    assert [sheet.title for sheet in cells] == ["TPS 001", "TPS 002", "TPS 003"]
    captured = {}
    real_save = bench_export.Workbook.save

    def keep(book, stream):
        real_save(book, stream)
        stream.seek(0)
        captured["data"] = stream.read()

    with mock.patch.object(bench_export.Workbook, "save", keep):
        bench_export.write_same_cells(cells)
    original, again = load_workbook(result.stream), load_workbook(io.BytesIO(captured["data"]))
    assert again.sheetnames == original.sheetnames
    def rows(sheet):
        found = []
        for row in sheet.iter_rows():
            # copy(): a cell's style is a proxy, and two proxies never compare equal
            cells = [(c.value, copy(c.font), copy(c.fill), copy(c.alignment), c.number_format)
                     if c.has_style or c.value is not None else None for c in row]
            while cells and cells[-1] is None:  # the file pads short rows to the sheet's width
                cells.pop()
            found.append(cells)
        return found

    for name in original.sheetnames:
        assert rows(again[name]) == rows(original[name]), name
        assert again[name].freeze_panes == original[name].freeze_panes
