"""Checking rows: each cell's problem with its row, column and message, and matching to stays."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.access import SYSTEM
from inmates import importing, services
from inmates.models import NikStatus
from tests.factories import make_inmate, make_nik
from tests.inmates.conftest import HEADERS, row_values, workbook_bytes

TODAY = timezone.localdate()
BIRTH = date(1990, 5, 17)
NIK = "3316091705900007"


def check(world, rows, *, user="petugas.blora", headers=None, numeric=()):
    data = workbook_bytes(rows, headers=headers, numeric=numeric)
    return importing.validate(data, facility=world.blora, user=world.users.get(user), file_name="wbp.xlsx")


def errors(plan) -> list[tuple]:
    return [(issue.row, issue.column, issue.message) for issue in plan.errors]


def warnings(plan) -> list[tuple]:
    return [(issue.row, issue.column, issue.message) for issue in plan.warnings]


def person(**overrides) -> dict:
    """Row 2 of the file: a man born 17-05-1990 with a matching NIK."""
    return row_values(1, **{"NIK": NIK, "TANGGAL_LAHIR": BIRTH, **overrides})


class TestNumbersAsText:
    def test_a_nik_in_a_numeric_cell_is_refused(self, world):
        plan = check(world, [person()], numeric=("NIK",))
        assert errors(plan) == [(2, "NIK",
                                 "NIK tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa sudah hilang "
                                 "(Excel hanya menyimpan 15 digit). Format kolom NIK sebagai Teks, ketik ulang nomornya, "
                                 "lalu unggah lagi.")]
        assert plan.rows == []

    def test_an_nkk_in_a_numeric_cell_is_refused(self, world):
        plan = check(world, [person()], numeric=("NKK",))
        assert errors(plan) == [(2, "NKK",
                                 "NKK tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa sudah hilang "
                                 "(Excel hanya menyimpan 15 digit). Format kolom NKK sebagai Teks, ketik ulang nomornya, "
                                 "lalu unggah lagi.")]

    def test_separators_in_a_text_nik_are_ignored(self, world):
        plan = check(world, [person(NIK="33.1609 1705-900007", NKK="3316 0901 0123 0001")])
        assert plan.ok
        assert (plan.rows[0].values["nik"], plan.rows[0].values["nkk"]) == (NIK, "3316090101230001")

    def test_region_codes_may_be_numbers(self, world):
        plan = check(world, [person(KODE_WILAYAH="3316091013")], numeric=("KODE_WILAYAH",))
        assert plan.ok and plan.rows[0].values["home_region_id"] == "33.16.09.1013"


class TestDates:
    @pytest.mark.parametrize("value", [BIRTH, datetime(1990, 5, 17, 0, 0), "17-05-1990", "17/05/1990", "1990-05-17",
                                       "17-5-1990", " 17-05-1990 "])
    def test_accepted_forms(self, world, value):
        plan = check(world, [person(TANGGAL_LAHIR=value)])
        assert plan.ok, plan.errors
        assert plan.rows[0].values["birth_date"] == BIRTH

    @pytest.mark.parametrize("value,message", [
        ("17 Mei 1990", "Tanggal \"17 Mei 1990\" tidak dikenali; tulis dd-mm-yyyy, dd/mm/yyyy atau yyyy-mm-dd."),
        ("05/17/90", "Tanggal \"05/17/90\" tidak dikenali; tulis dd-mm-yyyy, dd/mm/yyyy atau yyyy-mm-dd."),
        ("31-02-1990", "Tanggal \"31-02-1990\" tidak ada di kalender; periksa hari dan bulannya."),
        (32_645, "Berisi angka 32645, bukan tanggal. Format sel sebagai tanggal atau tulis dd-mm-yyyy."),
        ("", "Wajib diisi."),
    ])
    def test_refused_forms(self, world, value, message):
        plan = check(world, [person(TANGGAL_LAHIR=value)])
        assert errors(plan) == [(2, "TANGGAL_LAHIR", message)]

    def test_birth_and_admission_cannot_be_in_the_future(self, world):
        tomorrow = TODAY + timedelta(days=1)
        plan = check(world, [person(TANGGAL_LAHIR=tomorrow, NIK="", TANGGAL_MASUK=tomorrow, TANGGAL_EKSPIRASI="")])
        assert errors(plan) == [
            (2, "TANGGAL_LAHIR", "Tanggal lahir tidak boleh setelah hari ini."),
            (2, "TANGGAL_MASUK", "Tanggal tidak boleh setelah hari ini."),
        ]

    def test_expected_release_before_admission(self, world):
        plan = check(world, [person(TANGGAL_MASUK="01-06-2023", TANGGAL_EKSPIRASI="31-05-2023")])
        assert errors(plan) == [(2, "TANGGAL_EKSPIRASI",
                                 "Tanggal ekspirasi tidak boleh sebelum tanggal masuk (1 Juni 2023).")]

    def test_expected_release_may_be_blank(self, world):
        plan = check(world, [person(TANGGAL_EKSPIRASI="")])
        assert plan.ok and plan.rows[0].expected_release is None


class TestCodes:
    @pytest.mark.parametrize("value,expected", [
        ("Y", "aktif"), ("ya", "aktif"), ("N", "bukan"), ("Tidak", "bukan"), ("", "bukan"), ("AKTIF", "aktif"),
        ("Purnawirawan", "purnawirawan"), ("pensiunan", "purnawirawan"), ("DIBERHENTIKAN", "diberhentikan")])
    def test_tni_polri_yes_no_still_reads_and_the_statuses_too(self, world, value, expected):
        plan = check(world, [person(TNI_POLRI=value)])
        assert plan.rows[0].values["tni_polri_status"] == expected

    @pytest.mark.parametrize("value,expected", [
        ("Y", "memilih"), ("N", ""), ("", ""), ("MEMILIH", "memilih"), ("memilih dan dipilih", "memilih_dipilih"),
        ("MEMILIH_DIPILIH", "memilih_dipilih"), ("DIPILIH", "dipilih"), ("hanya dipilih", "dipilih")])
    def test_revoked_right_yes_no_still_reads_and_the_kinds_too(self, world, value, expected):
        plan = check(world, [person(HAK_PILIH_DICABUT=value, NOMOR_PUTUSAN="1/Pid/2023")],
                     headers=[*HEADERS, "NOMOR_PUTUSAN"])
        assert plan.ok and plan.rows[0].values["revoked_right"] == expected
        assert plan.rows[0].values["revoked_from"] is None and plan.rows[0].values["revoked_until"] is None

    @pytest.mark.parametrize("value,expected", [("S", True), ("B", False), ("YA", True), ("TIDAK", False)])
    def test_ktp_el(self, world, value, expected):
        plan = check(world, [person(KTP_EL=value)])
        assert plan.rows[0].values["ktp_el_recorded"] is expected

    def test_each_unknown_code_names_the_choices(self, world):
        plan = check(world, [person(JENIS_KELAMIN="X", STATUS_PERKAWINAN="janda", KEWARGANEGARAAN="Belanda",
                                    STATUS_TAHANAN="bebas", TNI_POLRI="mungkin", KTP_EL="?", DISABILITAS="9",
                                    HAK_PILIH_DICABUT="ragu", RT="1234", NIK="")])
        assert errors(plan) == [
            (2, "JENIS_KELAMIN", "Nilai \"X\" tidak dikenal; isi salah satu dari: L, P."),
            (2, "STATUS_PERKAWINAN", "Nilai \"janda\" tidak dikenal; isi salah satu dari: B, S, P."),
            (2, "KEWARGANEGARAAN", "Nilai \"Belanda\" tidak dikenal; isi salah satu dari: WNI, WNA."),
            (2, "RT", "Isi paling banyak 3 angka; yang diisi \"1234\"."),
            (2, "DISABILITAS", "Kode disabilitas harus 0 (tidak ada) sampai 6; yang diisi \"9\"."),
            (2, "KTP_EL", "Isi S (sudah direkam) atau B (belum), atau Y/N; yang diisi \"?\"."),
            (2, "STATUS_TAHANAN", "Nilai \"bebas\" tidak dikenal; isi salah satu dari: TAHANAN, NARAPIDANA."),
            (2, "TNI_POLRI", "Isi N (bukan), AKTIF, PURNAWIRAWAN atau DIBERHENTIKAN (Y berarti aktif); yang diisi "
                             "\"mungkin\"."),
            (2, "HAK_PILIH_DICABUT", "Isi N (tidak dicabut), MEMILIH, MEMILIH_DIPILIH atau DIPILIH (Y berarti hak "
                                     "memilih); yang diisi \"ragu\"."),
        ]

    def test_long_forms_of_codes(self, world):
        plan = check(world, [person(JENIS_KELAMIN="Laki-laki", STATUS_PERKAWINAN="Cerai Hidup", STATUS_TAHANAN="napi",
                                    DISABILITAS="Sensorik netra", RT=5, RW="12")])
        values = plan.rows[0].values
        assert (values["sex"], values["marital_status"], values["detention_status"], values["disability"],
                values["rt"], values["rw"]) == ("L", "P", "narapidana", 6, "005", "012")

    def test_required_cells(self, world):
        plan = check(world, [person(NO_REGISTER="", NAMA="  ", TEMPAT_LAHIR="", JENIS_KELAMIN="", KODE_WILAYAH="")])
        assert errors(plan) == [
            (2, "NO_REGISTER", "Wajib diisi."),
            (2, "NAMA", "Wajib diisi."),
            (2, "TEMPAT_LAHIR", "Wajib diisi."),
            (2, "JENIS_KELAMIN", "Wajib diisi."),
            (2, "KODE_WILAYAH", "Wajib diisi."),
        ]

    def test_text_is_tidied_and_bounded(self, world):
        plan = check(world, [person(NAMA="  BUDI    SANTOSO "), row_values(2, NAMA="A" * 121)])
        assert plan.rows[0].values["full_name"] == "BUDI SANTOSO"
        assert errors(plan) == [(3, "NAMA", "Terlalu panjang: paling banyak 120 karakter, yang diisi 121.")]


class TestRegions:
    @pytest.mark.parametrize("value", ["33.16.09.1013", "3316091013", " 33.16.09.1013 "])
    def test_a_desa_dotted_or_not(self, world, value):
        plan = check(world, [person(KODE_WILAYAH=value)])
        assert plan.ok and plan.warnings == []
        assert plan.rows[0].values["home_region_id"] == "33.16.09.1013"

    @pytest.mark.parametrize("value", ["33.16.09", "331609"])
    def test_a_kecamatan_is_kept_with_a_warning(self, world, value):
        plan = check(world, [person(KODE_WILAYAH=value)])
        assert plan.ok
        assert plan.rows[0].values["home_region_id"] == "33.16.09"
        assert warnings(plan) == [(2, "KODE_WILAYAH",
                                   "Kode wilayah 33.16.09 hanya sampai kecamatan (Blora); alamat disimpan di tingkat "
                                   "kecamatan. Lengkapi desa/kelurahan di halaman WBP.")]

    @pytest.mark.parametrize("value,message", [
        ("33.16.09.9999", "Kode wilayah 33.16.09.9999 tidak ada dalam daftar Kemendagri 2025."),
        ("33.16", "Kode wilayah \"33.16\" harus kode desa/kelurahan (10 digit, misalnya 33.16.09.1013) atau kode "
                  "kecamatan (6 digit, misalnya 33.16.09)."),
        ("Soko", "Kode wilayah \"Soko\" harus kode desa/kelurahan (10 digit, misalnya 33.16.09.1013) atau kode "
                 "kecamatan (6 digit, misalnya 33.16.09)."),
    ])
    def test_refused_codes(self, world, value, message):
        assert errors(check(world, [person(KODE_WILAYAH=value)])) == [(2, "KODE_WILAYAH", message)]


class TestNik:
    def test_the_same_checks_as_the_form(self, world):
        plan = check(world, [person(NIK="3316091705900000"), row_values(2, NIK="12345"), row_values(3, NIK="9916091705900007",
                                                                                                   TANGGAL_LAHIR=BIRTH)])
        assert errors(plan) == [
            (2, "NIK", "Nomor urut NIK (4 digit terakhir) tidak boleh 0000."),
            (3, "NIK", "NIK harus 16 digit; yang diisi 5 digit."),
            (4, "NIK", "Kode provinsi 99 pada NIK bukan kode provinsi, dulu maupun sekarang; periksa KTP-el."),
        ]

    def test_a_nik_disagreeing_with_birth_date_or_sex_is_an_error_here(self, world):
        male_nik = make_nik(birth=BIRTH, sex="L", serial=8)
        plan = check(world, [person(TANGGAL_LAHIR="18-05-1990"), row_values(2, NIK=male_nik, TANGGAL_LAHIR=BIRTH,
                                                                           JENIS_KELAMIN="P")])
        assert errors(plan) == [
            (2, "NIK", "Tanggal lahir pada NIK (17 Mei '90) tidak sama dengan tanggal lahir yang diisi (18 Mei 1990)."),
            (3, "NIK", "Jenis kelamin pada NIK (laki-laki) tidak sama dengan jenis kelamin yang diisi (perempuan)."),
        ]
        assert plan.rows == []

    def test_an_unknown_kecamatan_is_a_warning(self, world):
        plan = check(world, [person(NIK="3316991705900007")])
        assert plan.ok
        assert warnings(plan) == [(2, "NIK", "Kode kecamatan 33.16.99 pada NIK tidak ada dalam daftar Kemendagri; "
                                             "periksa kembali (kode kecamatan dapat berubah karena pemekaran).")]

    def test_an_unknown_nkk_region_is_a_warning_and_an_impossible_one_an_error(self, world):
        plan = check(world, [person(NKK="3399090101230001"), row_values(2, NKK="9916090101230001")])
        assert warnings(plan) == [(2, "NKK", "Kode wilayah NKK 3399 tidak dikenal di edisi 2022/2025; periksa KK.")]
        assert errors(plan) == [
            (3, "NKK", "Kode provinsi 99 pada NKK bukan kode provinsi, dulu maupun sekarang; periksa KK.")]

    def test_an_old_papua_nik_imports_with_its_renumbering(self, world):
        nik = make_nik(kecamatan="91.01.01", birth=BIRTH, serial=3)
        plan = check(world, [person(NIK=nik)])
        assert plan.ok
        assert warnings(plan) == [(2, "NIK", "Kode wilayah NIK 9101 = Kab. Merauke (sejak 2022: 93.01); NIK tetap "
                                             "berlaku walau kode wilayahnya sudah berganti.")]

    def test_no_nik_yet(self, world):
        plan = check(world, [person(NIK="")])
        assert plan.ok and plan.rows[0].values["nik"] is None
        assert importing.new_nik_status(plan.rows[0]) == (NikStatus.NONE, False)

    def test_duplicates_inside_the_file(self, world):
        plan = check(world, [person(), row_values(2, NO_REGISTER="BI.00001/2024"), row_values(3, NIK=NIK,
                                                                                             TANGGAL_LAHIR=BIRTH)])
        assert errors(plan) == [
            (3, "NO_REGISTER", "NO_REGISTER BI.00001/2024 sudah ada di baris 2 file ini."),
            (4, "NIK", f"NIK {NIK} sudah ada di baris 2 file ini."),
        ]

    def test_a_nik_active_elsewhere_names_the_facility_only_to_those_who_may_see_it(self, world):
        other = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
        assert errors(check(world, [person()])) == [
            (2, "NIK", "NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya.")]
        assert errors(check(world, [person()], user="admin")) == [
            (2, "NIK", f"NIK ini sudah aktif di Rutan Kelas IIB Pati (nomor register {other.register_number}).")]
        plan = importing.validate(workbook_bytes([person()]), facility=world.blora, user=SYSTEM, file_name="x.xlsx")
        assert errors(plan) == [
            (2, "NIK", f"NIK ini sudah aktif di Rutan Kelas IIB Pati (nomor register {other.register_number}).")]

    def test_a_nik_released_elsewhere_is_free(self, world):
        other = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
        services.release_record(inmate=other, day=date(2024, 1, 5), user=None)
        assert check(world, [person()]).ok


class TestMatching:
    def test_unchanged_and_changed_people(self, world):
        same = make_inmate(world.blora, **_as_stay(row_values(1)))
        moved = make_inmate(world.blora, **_as_stay(row_values(2)))
        plan = check(world, [row_values(1), row_values(2, NAMA="WBP BARU", TANGGAL_EKSPIRASI="30-06-2027", RT="9"),
                             row_values(3)])
        assert plan.ok
        assert [row.existing for row in plan.unchanged] == [same]
        assert [row.existing for row in plan.changed] == [moved]
        assert [(c.label, c.old, c.new) for c in plan.changed[0].changes] == [
            ("nama lengkap", "WBP NOMOR 2", "WBP BARU"),
            ("RT", "001", "009"),
            ("tanggal ekspirasi", "31 Desember 2026", "30 Juni 2027"),
        ]
        assert [row.register_number for row in plan.new] == ["BI.00003/2024"]
        assert plan.counts() == {"created": 1, "updated": 1, "unchanged": 1}

    def test_matched_on_nik_when_the_register_number_changed(self, world):
        stay = make_inmate(world.blora, **_as_stay(row_values(1)))
        plan = check(world, [row_values(1, NO_REGISTER="AI.0001/2025")])
        assert plan.changed[0].existing == stay
        assert [(c.label, c.old, c.new) for c in plan.changed[0].changes] == [
            ("nomor register", "BI.00001/2024", "AI.0001/2025")]

    def test_a_nik_held_by_another_person_here(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)))
        other = make_inmate(world.blora, **_as_stay(row_values(2)))
        plan = check(world, [row_values(1, NIK=other.nik, TANGGAL_LAHIR=other.birth_date)])
        assert errors(plan) == [(2, "NIK", "NIK ini sudah dipakai WBP lain di Lapas/Rutan ini (nomor register "
                                           "BI.00002/2024).")]

    def test_a_register_number_of_someone_who_left(self, world):
        gone = make_inmate(world.blora, **_as_stay(row_values(1)))
        services.release_record(inmate=gone, day=date(2024, 1, 5), user=None)
        plan = check(world, [row_values(1)])
        assert errors(plan) == [(2, "NO_REGISTER", "Nomor register BI.00001/2024 milik WBP yang sudah keluar dari "
                                                   "Lapas/Rutan ini (bebas); data WBP yang sudah keluar tidak diubah "
                                                   "lewat impor.")]

    def test_someone_waiting_to_arrive(self, world):
        sender = make_inmate(world.pati, **_as_stay(row_values(1)))
        services.transfer_record(inmate=sender, day=date(2024, 1, 5), destination=world.blora, user=None)
        plan = check(world, [row_values(1, NO_REGISTER="BI.9/2024")])
        assert errors(plan) == [(2, "NIK", "WBP dengan NIK ini sedang menunggu konfirmasi kedatangan (pindahan). "
                                           "Konfirmasi kedatangannya di halaman Kedatangan lebih dulu, lalu unggah lagi.")]

    def test_a_mismatch_an_officer_confirmed_still_imports(self, world):
        stay = make_inmate(world.blora, **_as_stay(row_values(1, NIK=NIK, TANGGAL_LAHIR=date(1990, 5, 18))),
                           nik_mismatch_confirmed=True)
        plan = check(world, [row_values(1, NIK=NIK, TANGGAL_LAHIR=date(1990, 5, 18))])
        assert plan.ok and plan.unchanged[0].existing == stay
        assert warnings(plan) == [(2, "NIK", "Tanggal lahir pada NIK (17 Mei '90) tidak sama dengan tanggal lahir yang "
                                             "diisi (18 Mei 1990). Sudah dikonfirmasi petugas sebelumnya, jadi tetap "
                                             "diterima.")]

    def test_a_blank_nik_keeps_the_stored_one(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)))
        plan = check(world, [row_values(1, NIK="")])
        assert plan.ok and plan.counts() == {"created": 0, "updated": 0, "unchanged": 1}
        assert warnings(plan) == [(2, "NIK", f"NIK kosong di file; NIK yang tersimpan ({row_values(1)['NIK']}) tidak "
                                             "dihapus.")]

    def test_a_different_admission_date_is_only_a_warning(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)))
        plan = check(world, [row_values(1, TANGGAL_MASUK="02-06-2023")])
        assert plan.ok and plan.counts()["unchanged"] == 1
        assert warnings(plan) == [(2, "TANGGAL_MASUK", "Tanggal masuk di file (2 Juni 2023) berbeda dengan yang tercatat "
                                                       "(1 Juni 2023); tanggal masuk tidak diubah lewat impor.")]

    def test_people_held_here_but_not_in_the_file(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)))
        make_inmate(world.blora, **_as_stay(row_values(2)))
        assert check(world, [row_values(1)]).not_in_file == 1

    def test_revoked_rights_without_a_decision(self, world):
        plan = check(world, [row_values(1, HAK_PILIH_DICABUT="Y")])
        assert warnings(plan) == [(2, "HAK_PILIH_DICABUT",
                                   "Hak pilih dicabut tanpa nomor putusan; lengkapi nomor putusan di halaman WBP.")]
        headers = [*HEADERS, "NOMOR_PUTUSAN", "TANGGAL_PUTUSAN"]
        plan = check(world, [row_values(1, HAK_PILIH_DICABUT="Y", NOMOR_PUTUSAN="12/Pid/2023", TANGGAL_PUTUSAN="05-03-2023")],
                     headers=headers)
        assert plan.ok and plan.warnings == []
        assert plan.rows[0].values["revocation_decision_date"] == date(2023, 3, 5)


class TestDatedStatuses:
    def test_a_retirement_date_and_a_revocation_period_are_read(self, world):
        headers = [*HEADERS, "NOMOR_PUTUSAN", "TANGGAL_PUTUSAN"]
        plan = check(world, [row_values(1, TNI_POLRI="PURNAWIRAWAN", TANGGAL_TNI_POLRI="01-03-2020",
                                        HAK_PILIH_DICABUT="DIPILIH", NOMOR_PUTUSAN="5/Pid.Sus-TPK/2022/PN Smg",
                                        TANGGAL_PUTUSAN="10-10-2022", DICABUT_SEJAK="10-10-2022",
                                        DICABUT_SAMPAI="09-10-2027")], headers=headers)
        assert plan.ok and plan.warnings == []
        values = plan.rows[0].values
        assert (values["tni_polri_status"], values["tni_polri_since"]) == ("purnawirawan", date(2020, 3, 1))
        assert (values["revoked_right"], values["revoked_from"], values["revoked_until"]) == (
            "dipilih", date(2022, 10, 10), date(2027, 10, 9))

    def test_dates_without_their_status_are_ignored_with_a_warning(self, world):
        plan = check(world, [row_values(1, TNI_POLRI="N", TANGGAL_TNI_POLRI="01-03-2020", HAK_PILIH_DICABUT="",
                                        DICABUT_SEJAK="01-01-2023", DICABUT_SAMPAI="01-01-2024")])
        assert plan.ok
        assert warnings(plan) == [
            (2, "TANGGAL_TNI_POLRI", "TANGGAL_TNI_POLRI diisi padahal TNI_POLRI kosong atau N; tanggal ini diabaikan."),
            (2, "DICABUT_SEJAK", "DICABUT_SEJAK diisi padahal HAK_PILIH_DICABUT kosong atau N; tanggal ini diabaikan."),
            (2, "DICABUT_SAMPAI", "DICABUT_SAMPAI diisi padahal HAK_PILIH_DICABUT kosong atau N; tanggal ini "
                                  "diabaikan."),
        ]
        values = plan.rows[0].values
        assert (values["tni_polri_since"], values["revoked_from"], values["revoked_until"]) == (None, None, None)

    def test_a_revocation_may_not_end_before_it_starts(self, world):
        headers = [*HEADERS, "NOMOR_PUTUSAN"]
        plan = check(world, [row_values(1, HAK_PILIH_DICABUT="MEMILIH", NOMOR_PUTUSAN="1/Pid/2023",
                                        DICABUT_SEJAK="01-01-2024", DICABUT_SAMPAI="31-12-2023")], headers=headers)
        assert errors(plan) == [(2, "DICABUT_SAMPAI", "Akhir pencabutan hak tidak boleh sebelum awalnya (1 Januari 2024).")]

    def test_a_changed_status_shows_its_label_in_the_preview(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)))
        plan = check(world, [row_values(1, TNI_POLRI="Y")])
        assert [(c.label, c.old, c.new) for c in plan.rows[0].changes] == [
            ("status TNI/Polri", "Bukan anggota TNI/Polri", "Anggota TNI/Polri aktif")]

    def test_blank_dates_keep_the_stored_ones_and_must_fit_them(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)), revoked_right="memilih", revocation_decision_number="1/Pid",
                    revoked_from=date(2025, 1, 1), revoked_until=date(2028, 1, 1), tni_polri_status="purnawirawan",
                    tni_polri_since=date(2020, 3, 1))
        plan = check(world, [row_values(1, HAK_PILIH_DICABUT="MEMILIH", TNI_POLRI="PURNAWIRAWAN")])
        assert plan.ok and plan.counts()["unchanged"] == 1 and plan.rows[0].changed_fields == []
        plan = check(world, [row_values(1, HAK_PILIH_DICABUT="MEMILIH", DICABUT_SAMPAI="31-12-2024")])
        assert errors(plan) == [(2, "DICABUT_SAMPAI", "Akhir pencabutan hak tidak boleh sebelum awalnya (1 Januari 2025).")]

    def test_a_file_saying_n_clears_the_stored_period(self, world):
        make_inmate(world.blora, **_as_stay(row_values(1)), revoked_right="memilih", revocation_decision_number="1/Pid",
                    revoked_from=date(2023, 1, 1), revoked_until=date(2028, 1, 1))
        plan = check(world, [row_values(1, HAK_PILIH_DICABUT="N")])
        assert plan.ok and sorted(plan.rows[0].changed_fields) == ["revoked_from", "revoked_right", "revoked_until"]


def _as_stay(row: dict) -> dict:
    """make_inmate keyword arguments for the person a file row describes."""
    birth = row["TANGGAL_LAHIR"]
    return {
        "register_number": row["NO_REGISTER"], "nik": row["NIK"] or None, "nkk": row["NKK"], "full_name": row["NAMA"],
        "mother_name": row["NAMA_IBU"], "birth_place": row["TEMPAT_LAHIR"], "birth_date": birth,
        "sex": row["JENIS_KELAMIN"], "marital_status": row["STATUS_PERKAWINAN"], "address": row["ALAMAT"],
        "rt": row["RT"], "rw": row["RW"], "home_region_id": row["KODE_WILAYAH"], "ktp_el_recorded": True,
        "admitted_on": date(2023, 6, 1), "expected_release": date(2026, 12, 31), "nik_status": NikStatus.UNVERIFIED,
    }


def test_make_nik_helper_matches_the_rows():
    assert make_nik(birth=BIRTH, serial=7) == NIK


class TestFormulas:
    """A formula cell is read by its stored value; one without (openpyxl writes them so) is named, never
    taken for an empty cell (issue 11, "one validator for a WBP")."""

    FORMULA = "Sel berisi rumus tanpa nilai; ketik isinya."

    def test_a_formula_without_a_stored_value_is_named_not_taken_for_empty(self, world):
        plan = check(world, [person(NAMA='=UPPER("budi")', TEMPAT_LAHIR="=B2", NKK='="3316"&"090101230001"'),
                             row_values(2, TANGGAL_EKSPIRASI="=TODAY()+365")])
        assert errors(plan) == [
            (2, "NKK", self.FORMULA),
            (2, "NAMA", self.FORMULA),
            (2, "TEMPAT_LAHIR", self.FORMULA),
            (3, "TANGGAL_EKSPIRASI", self.FORMULA),  # an optional column too: blank would have been accepted
        ]

    def test_a_row_of_formulas_only_is_not_skipped_as_empty(self, world):
        formulas = dict.fromkeys(HEADERS, "=1+1")
        plan = check(world, [person(), formulas, row_values(3)])
        assert plan.data_rows == 3
        assert errors(plan) == [(3, header, self.FORMULA) for header in HEADERS]
        assert [row.row for row in plan.rows] == [2, 4] and not plan.ok  # the file is refused as a whole

    def test_formulas_with_stored_values_are_read_by_those_values(self, world):
        from tests import hostile_xlsx as hostile

        values = person()
        cells = []
        for number, header in enumerate(HEADERS, start=1):
            reference = f"{hostile.column(number)}2"
            if header not in values:  # an optional column the row leaves empty
                continue
            value = values[header]
            text = value.strftime("%d-%m-%Y") if isinstance(value, date) else str(value)
            if header in ("NO_REGISTER", "NAMA", "TANGGAL_LAHIR", "NIK"):
                # As Excel saves a formula: the formula and, beside it, its result (here a text).
                cells.append(f'<c r="{reference}" t="str"><f>TRIM(Z{number})</f><v>{text}</v></c>'.encode())
            elif header == "TANGGAL_EKSPIRASI":
                cells.append(f'<c r="{reference}" t="str"><f>IF(1=1,"","x")</f><v></v></c>'.encode())  # empty text
            else:
                cells.append(hostile.text_cell(reference, text))
        data = hostile.xlsx(hostile.sheet_xml([hostile.header_row(), b'<row r="2">' + b"".join(cells) + b"</row>"]))
        plan = importing.validate(data, facility=world.blora, user=world.users["petugas.blora"], file_name="f.xlsx")
        assert errors(plan) == []
        planned = plan.rows[0].values
        assert (planned["register_number"], planned["full_name"], planned["birth_date"], planned["nik"]) == (
            values["NO_REGISTER"], values["NAMA"], BIRTH, NIK)
        assert plan.rows[0].expected_release is None
