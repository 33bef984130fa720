"""The browser import: template, upload, preview, confirm, history, per persona."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from audit.models import ExportLog
from inmates import importing
from inmates.models import ImportRecord, Inmate, PendingUpload
from tests.factories import make_inmate
from tests.inmates.conftest import HEADERS, registry_snapshot, row_values, rows_file, workbook_bytes

READERS = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200, "outsider": 404}
WRITERS = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}
START = "/fasilitas/rutan-blora/impor/"


def upload(client, data: bytes, name: str = "wbp.xlsx"):
    return client.post(START, {"file": SimpleUploadedFile(name, data)})


def token_of(response) -> str:
    assert response.status_code == 302, getattr(response, "context", {}) and response.context["form"].errors
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize("username,status", WRITERS.items())
def test_the_upload_page_per_persona(world, username, status):
    assert world.client(username).get(START).status_code == status


@pytest.mark.parametrize("username,status", WRITERS.items())
def test_uploading_per_persona(world, username, status):
    response = upload(world.client(username), rows_file(2))
    if status == 200:
        assert response.status_code == 302
        assert response["Location"].startswith(START)
        assert list(PendingUpload.objects.values_list("owner__username", "facility", "file_name")) == [
            (username, world.blora.pk, "wbp.xlsx")]
    else:
        assert response.status_code == status
        assert not PendingUpload.objects.exists()


@pytest.mark.parametrize("username,status", READERS.items())
def test_the_template_per_persona(world, username, status):
    response = world.client(username).get("/fasilitas/rutan-blora/impor/templat/")
    assert response.status_code == status


@pytest.mark.parametrize("username,status", READERS.items())
def test_the_import_history_per_persona(world, username, status):
    ImportRecord.objects.create(facility=world.blora, user=world.users["petugas.blora"], file_name="sdp-desember.xlsx",
                                status="selesai", rows=126, created_count=126)
    ImportRecord.objects.create(facility=world.pati, file_name="pati.xlsx", status="selesai")
    response = world.client(username).get("/fasilitas/rutan-blora/impor/riwayat/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "sdp-desember.xlsx" in page and "pati.xlsx" not in page
        assert list(response.context["page"].object_list) == [ImportRecord.objects.get(file_name="sdp-desember.xlsx")]


def test_the_template_has_the_columns_in_order_text_formats_and_a_guide(world):
    response = world.client("petugas.blora").get("/fasilitas/rutan-blora/impor/templat/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="templat-impor-wbp-rutan-blora.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["DATA_WBP", "PETUNJUK", "KODE_WILAYAH"]
    data = workbook["DATA_WBP"]
    assert [cell.value for cell in data[1]] == [
        "NO_REGISTER", "NIK", "NKK", "NAMA", "NAMA_IBU", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "JENIS_KELAMIN",
        "STATUS_PERKAWINAN", "KEWARGANEGARAAN", "ALAMAT", "RT", "RW", "KODE_WILAYAH", "DISABILITAS", "KTP_EL",
        "STATUS_TAHANAN", "TANGGAL_MASUK", "TANGGAL_EKSPIRASI", "TNI_POLRI", "TANGGAL_TNI_POLRI", "HAK_PILIH_DICABUT",
        "DICABUT_SEJAK", "DICABUT_SAMPAI"]
    assert data.max_row == 1
    assert data.column_dimensions["B"].number_format == "@"  # NIK
    assert data.column_dimensions["C"].number_format == "@"  # NKK
    assert data.column_dimensions["N"].number_format == "@"  # KODE_WILAYAH
    assert data.column_dimensions["D"].number_format == "General"
    lists = {str(check.sqref): check.formula1 for check in data.data_validations.dataValidation}
    assert lists["H2:H5000"] == '"L,P"' and lists["Q2:Q5000"] == '"TAHANAN,NARAPIDANA"'
    assert lists["T2:T5000"] == '"N,AKTIF,PURNAWIRAWAN,DIBERHENTIKAN,Y"'
    assert lists["V2:V5000"] == '"N,MEMILIH,MEMILIH_DIPILIH,DIPILIH,Y"'
    guide = workbook["PETUNJUK"]
    rows = [[cell.value for cell in row] for row in guide.iter_rows()]
    assert rows[0] == ["Petunjuk pengisian templat impor WBP", None, None, None]
    header = rows.index(["Kolom", "Wajib", "Isi dan kode", "Contoh"])
    assert guide.cell(row=header + 1, column=1).font.bold  # the header row itself is styled
    table = rows[header + 1:]
    assert [row[0] for row in table] == HEADERS
    by_column = {row[0]: row for row in table}
    assert by_column["NIK"][1:] == ["Tidak", "16 digit sesuai KTP-el atau KK. Kosongkan bila belum memiliki NIK. Kolom "
                                              "harus berformat Teks.", "3316091705900007"]
    assert by_column["DISABILITAS"][2] == ("0 tidak ada, 1 fisik, 2 intelektual, 3 mental, 4 sensorik wicara, "
                                           "5 sensorik rungu, 6 sensorik netra. Kosong dianggap 0.")
    assert by_column["NAMA"][1] == "Ya"
    assert by_column["TNI_POLRI"][2] == (
        "N bila bukan anggota TNI/Polri; AKTIF, PURNAWIRAWAN (pensiun) atau DIBERHENTIKAN. Y dibaca AKTIF. Hanya "
        "anggota aktif pada hari pemungutan suara yang tidak memilih. Kosong dianggap N.")
    assert by_column["HAK_PILIH_DICABUT"][2] == (
        "Hak yang dicabut putusan pengadilan berkekuatan hukum tetap: MEMILIH, MEMILIH_DIPILIH, atau DIPILIH (hanya "
        "hak dipilih: tetap memilih). Y dibaca MEMILIH tanpa batas waktu. Kosong dianggap N.")
    assert by_column["DICABUT_SAMPAI"][1:] == ["Tidak", "Hari terakhir pencabutan hak berlaku. Kosong: tanpa batas "
                                                        "waktu.", "04-03-2028"]


CODED_COLUMNS = {
    "JENIS_KELAMIN": '"L,P"', "STATUS_PERKAWINAN": '"B,S,P"', "KEWARGANEGARAAN": '"WNI,WNA"',
    "DISABILITAS": '"0,1,2,3,4,5,6"', "KTP_EL": '"S,B"', "STATUS_TAHANAN": '"TAHANAN,NARAPIDANA"',
    "TNI_POLRI": '"N,AKTIF,PURNAWIRAWAN,DIBERHENTIKAN,Y"', "HAK_PILIH_DICABUT": '"N,MEMILIH,MEMILIH_DIPILIH,DIPILIH,Y"',
}


def template(world, username="petugas.blora", code="rutan-blora"):
    response = world.client(username).get(f"/fasilitas/{code}/impor/templat/")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_every_coded_column_of_the_template_has_a_drop_down_of_what_the_importer_accepts(world):
    data = template(world)["DATA_WBP"]
    letters = {cell.value: cell.column_letter for cell in data[1]}
    checks = {str(check.sqref): check for check in data.data_validations.dataValidation}
    assert set(checks) == {f"{letters[name]}2:{letters[name]}5000" for name in CODED_COLUMNS}
    for name, formula in CODED_COLUMNS.items():
        check = checks[f"{letters[name]}2:{letters[name]}5000"]
        assert (check.type, check.formula1, check.allow_blank, check.showErrorMessage) == ("list", formula, True, True)
        assert check.errorTitle == "Nilai tidak dikenal"
        assert check.error == "Pilih salah satu: " + formula.strip('"').replace(",", ", ")
    # Every value offered is one the reader accepts.
    from inmates.importing.columns import BY_KEY, CellError, header_key
    for name, formula in CODED_COLUMNS.items():
        for value in formula.strip('"').split(","):
            try:
                BY_KEY[header_key(name)].parse(value)
            except CellError as error:  # pragma: no cover - the assertion names the value
                raise AssertionError(f"{name}={value}: {error}") from None


def test_the_template_lists_the_kabkota_and_kecamatan_codes_of_the_facility_province(world):
    sheet = template(world)["KODE_WILAYAH"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Kode wilayah Provinsi Jawa Tengah (Kemendagri, edisi berlaku)"
    header = rows.index(["Kode", "Tingkat", "Nama", "Kabupaten/Kota"])
    table = rows[header + 1:]
    from regions.models import Region
    expected = Region.objects.filter(code__startswith="33.", level__in=[2, 3], editions__is_current=True)
    assert len(table) == expected.count() > 35 + 500  # 35 kab/kota in Jawa Tengah, 576 kecamatan
    assert [row[0] for row in table] == sorted(expected.values_list("code", flat=True))
    by_code = {row[0]: row[1:] for row in table}
    assert by_code["33.16"] == ["Kabupaten/Kota", "Kabupaten Blora", "Kabupaten Blora"]
    assert by_code["33.16.09"] == ["Kecamatan", Region.objects.get(code="33.16.09").name, "Kabupaten Blora"]
    assert by_code["33.18"][1] == "Kabupaten Pati"
    assert not any(code.startswith(("35.", "31.")) or len(code) > 8 for code in by_code)
    assert sheet.freeze_panes == f"A{header + 2}"
    assert sheet.cell(row=header + 1, column=1).font.bold and not sheet.cell(row=header + 2, column=1).font.bold


def test_the_filled_template_imports(world):
    """Fill the downloaded template as staff would (drop-down values, text NIK), then import it."""
    workbook = template(world)
    data = workbook["DATA_WBP"]
    names = [cell.value for cell in data[1]]
    for index in (1, 2):
        values = row_values(index, sex="P" if index == 2 else "L", STATUS_PERKAWINAN="B",
                            DISABILITAS="6", TNI_POLRI="PURNAWIRAWAN", KODE_WILAYAH="33.16.09")
        data.append([values.get(name) for name in names])
    stream = io.BytesIO()
    workbook.save(stream)
    outcome = importing.inmates_import(facility=world.blora, data=stream.getvalue(), file_name="templat.xlsx",
                                       user=world.users["petugas.blora"])
    assert (outcome.written, outcome.plan.errors, outcome.summary()["created"]) == (True, [], 2)
    people = Inmate.objects.filter(facility=world.blora).order_by("register_number")
    assert [(p.register_number, p.sex, p.marital_status, p.disability, p.tni_polri_status, p.home_region_id)
            for p in people] == [("BI.00001/2024", "L", "B", 6, "purnawirawan", "33.16.09"),
                                 ("BI.00002/2024", "P", "B", 6, "purnawirawan", "33.16.09")]


def test_the_empty_template_read_back_says_there_are_no_rows(world):
    response = world.client("petugas.blora").get("/fasilitas/rutan-blora/impor/templat/")
    plan = importing.validate(b"".join(response.streaming_content), facility=world.blora, user=None, file_name="t.xlsx")
    assert [issue.message for issue in plan.errors] == ["Tidak ada baris data di bawah baris judul kolom."]


class TestFlow:
    def test_upload_preview_confirm(self, world, changes):
        client = world.client("petugas.blora")
        existing = make_inmate(world.blora, register_number="BI.00001/2024", nik=row_values(1)["NIK"],
                               birth_date=row_values(1)["TANGGAL_LAHIR"], full_name="NAMA LAMA")
        data = workbook_bytes([row_values(1), row_values(2), row_values(3, NIK="")])
        token = token_of(upload(client, data, "sdp 1 des.xlsx"))
        stored = PendingUpload.objects.get()
        assert (stored.token, stored.owner, stored.facility, stored.file_name) == (
            token, world.users["petugas.blora"], world.blora, "sdp 1 des.xlsx")
        assert stored.read() == data and stored.sha256 == hashlib.sha256(data).hexdigest()

        preview = client.get(f"{START}{token}/")
        assert preview.status_code == 200
        page = preview.content.decode()
        assert preview.context["counts"] == {"created": 2, "updated": 1, "unchanged": 0}
        assert "Pratinjau impor: sdp 1 des.xlsx" in page
        assert "nama lengkap: NAMA LAMA → WBP NOMOR 1" in page
        assert 'data-testid="confirm-form"' in page
        assert Inmate.objects.count() == 1  # the preview writes nothing

        response = client.post(f"{START}{token}/")
        assert response.status_code == 302 and response["Location"] == "/fasilitas/rutan-blora/wbp/"
        listing = client.get(response["Location"]).content.decode()
        assert "Impor sdp 1 des.xlsx selesai: 2 WBP baru, 1 diperbarui, 0 tetap." in listing
        existing.refresh_from_db()
        assert existing.full_name == "WBP NOMOR 1"
        assert Inmate.objects.filter(facility=world.blora).count() == 3
        record = ImportRecord.objects.get()
        assert (record.user, record.file_name, record.created_count, record.updated_count) == (
            world.users["petugas.blora"], "sdp 1 des.xlsx", 2, 1)
        assert changes == [{existing.facility_id}, {world.blora.pk}]  # make_inmate, then the import
        assert not PendingUpload.objects.exists()
        again = client.get(f"{START}{token}/", follow=True)
        assert again.redirect_chain == [(START, 302)]
        assert "File unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah lagi." in again.content.decode()

    def test_the_preview_lists_every_error_and_offers_no_confirmation(self, world):
        client = world.client("petugas.blora")
        data = workbook_bytes([row_values(1), row_values(2, NIK="12345", TANGGAL_LAHIR="31-02-1990"),
                               row_values(3, KODE_WILAYAH="33.16.09")])
        token = token_of(upload(client, data))
        response = client.get(f"{START}{token}/")
        page = response.content.decode()
        assert [(i.row, i.column, i.message) for i in response.context["errors"]] == [
            (3, "TANGGAL_LAHIR", "Tanggal \"31-02-1990\" tidak ada di kalender; periksa hari dan bulannya."),
            (3, "NIK", "NIK harus 16 digit; yang diisi 5 digit."),
        ]
        assert "File ini belum dapat diimpor: 2 kesalahan. Tidak ada yang disimpan." in page
        assert "NIK harus 16 digit; yang diisi 5 digit." in page
        assert "Kode wilayah 33.16.09 hanya sampai kecamatan (Blora)" in page
        assert 'data-testid="confirm-form"' not in page
        response = client.post(f"{START}{token}/")
        assert response.status_code == 200
        assert Inmate.objects.count() == 0
        assert ImportRecord.objects.get().status == ImportRecord.Status.REJECTED

        issues = client.get(f"{START}{token}/masalah/")
        assert 'filename="masalah-wbp.xlsx"' in issues["Content-Disposition"]
        assert ExportLog.objects.get().rows == 3
        sheet = load_workbook(io.BytesIO(b"".join(issues.streaming_content))).active
        assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
            ["Jenis", "Baris", "Kolom", "Masalah"],
            ["Kesalahan", 3, "TANGGAL_LAHIR", "Tanggal \"31-02-1990\" tidak ada di kalender; periksa hari dan bulannya."],
            ["Kesalahan", 3, "NIK", "NIK harus 16 digit; yang diisi 5 digit."],
            ["Peringatan", 4, "KODE_WILAYAH", "Kode wilayah 33.16.09 hanya sampai kecamatan (Blora); alamat disimpan di "
                                              "tingkat kecamatan. Lengkapi desa/kelurahan di halaman WBP."],
        ]

    def test_the_preview_shows_the_first_hundred_new_wbp_and_says_how_many_there_are(self, world):
        client = world.client("petugas.blora")
        token = token_of(upload(client, rows_file(150)))
        response = client.get(f"{START}{token}/")
        page = response.content.decode()
        assert response.context["counts"]["created"] == 150
        table = page.split('data-testid="new-table"')[1].split("</table>")[0]
        assert table.count("<tr>") == 1 + 100  # the header and the first hundred rows
        assert "Ditampilkan 100 baris pertama dari 150 WBP baru." in page
        assert 'data-testid="confirm-form"' in page

    def test_confirming_checks_again_against_the_register_as_it_is_now(self, world):
        client = world.client("petugas.blora")
        token = token_of(upload(client, rows_file(3)))
        assert client.get(f"{START}{token}/").context["plan"].ok
        rival = row_values(2)
        make_inmate(world.pati, nik=rival["NIK"], birth_date=rival["TANGGAL_LAHIR"])
        before = registry_snapshot()
        response = client.post(f"{START}{token}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert ("Impor dibatalkan karena ada kesalahan (data di Lapas/Rutan bisa berubah sejak pratinjau). Tidak ada "
                "yang disimpan; periksa kesalahan di bawah.") in page
        assert "NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya." in page
        assert registry_snapshot() == {**before, "records": before["records"] + 1}
        assert Inmate.objects.filter(facility=world.blora).count() == 0

    @pytest.mark.parametrize("data,message", [
        (b"NO_REGISTER,NIK\n1,2\n", "File ini berisi teks (misalnya CSV atau HTML), bukan Excel .xlsx."),
        (b"", "File kosong (0 byte). Pilih file Excel .xlsx yang berisi data WBP."),
    ])
    def test_a_bad_file_is_refused_on_the_upload_form(self, world, data, message):
        response = upload(world.client("petugas.blora"), data)
        assert response.status_code == 200
        assert message in response.context["form"].errors["file"][0]
        assert not PendingUpload.objects.exists()

    def test_a_file_over_the_limit_is_refused_before_it_is_read(self, world, settings):
        settings.TPS_IMPORT_MAX_BYTES = 1000
        response = upload(world.client("petugas.blora"), rows_file(2))
        assert response.context["form"].errors["file"][0].startswith("Ukuran file 0,0 MB melebihi batas 0,0 MB.")

    def test_an_upload_belongs_to_its_session_and_facility(self, world):
        token = token_of(upload(world.client("petugas.blora"), rows_file(2)))
        assert world.client("petugas.pati").get(f"{START}{token}/").status_code == 404
        assert world.client("kpu.blora").post(f"{START}{token}/").status_code == 403
        admin = world.client("admin")
        response = admin.post(f"{START}{token}/")
        assert response.status_code == 302 and response["Location"] == START
        assert world.client("admin").get(f"/fasilitas/rutan-pati/impor/{token}/").status_code == 302
        assert Inmate.objects.count() == 0
        assert world.client("petugas.blora").get(f"{START}not-a-token/").status_code == 302


def test_tabs_offer_the_import_to_staff_and_its_history_to_kpu(world):
    staff = world.client("petugas.blora").get("/fasilitas/rutan-blora/wbp/").content.decode()
    assert f'href="{START}">Impor Excel</a>' in staff
    kpu = world.client("kpu.blora").get("/fasilitas/rutan-blora/wbp/").content.decode()
    assert f'href="{START}riwayat/">Riwayat impor</a>' in kpu and "Impor Excel" not in kpu
    for page in (staff, kpu):
        assert "Daftar untuk Dukcapil" in page and "Bebas sebelum hari H" in page


def test_the_admin_lists_imports_within_the_area(world):
    from django.contrib.auth.models import Permission

    ImportRecord.objects.create(facility=world.blora, file_name="blora.xlsx", status="selesai")
    ImportRecord.objects.create(facility=world.pati, file_name="pati.xlsx", status="selesai")
    viewer = world.users["kpu.blora"]
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_importrecord"))
    page = world.client("kpu.blora").get("/admin/inmates/importrecord/").content.decode()
    assert "blora.xlsx" in page and "pati.xlsx" not in page
    admin_page = world.client("admin").get("/admin/inmates/importrecord/").content.decode()
    assert "blora.xlsx" in admin_page and "pati.xlsx" in admin_page
    assert world.client("admin").get("/admin/inmates/importrecord/add/").status_code == 403
