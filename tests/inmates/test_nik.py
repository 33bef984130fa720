"""Every NIK and NKK rule, with its exact message. Pure: no database."""

from datetime import date

import pytest

from inmates import nik
from tests.factories import make_nik

BIRTH = date(1985, 7, 9)
MALE_NIK = "3316090907850001"  # Kec. Blora, 09-07-85, serial 0001
FEMALE_NIK = "3316094907850002"  # day 09 + 40


def messages(result) -> list[str]:
    return [p.message for p in result.errors]


def test_a_valid_male_nik_passes_and_tells_birth_date_and_sex():
    result = nik.check_nik(MALE_NIK, birth_date=BIRTH, sex="L")
    assert result.ok and not result.warnings
    assert (result.birth_day, result.birth_month, result.birth_yy, result.sex) == (9, 7, 85, "L")


def test_a_valid_female_nik_has_day_plus_40():
    result = nik.check_nik(FEMALE_NIK, birth_date=BIRTH, sex="P")
    assert result.ok
    assert (result.birth_day, result.sex) == (9, "P")


def test_spaces_dots_and_dashes_are_stripped():
    result = nik.check_nik(" 3316.09-0907 85 0001 ", birth_date=BIRTH, sex="L")
    assert result.ok
    assert result.value == MALE_NIK


def test_letters_are_refused():
    assert messages(nik.check_nik("33160909078500O1")) == [
        "NIK hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan)."]


@pytest.mark.parametrize("value,length", [("331609090785001", 15), ("33160909078500011", 17)])
def test_the_length_must_be_16(value, length):
    assert messages(nik.check_nik(value)) == [f"NIK harus 16 digit; yang diisi {length} digit."]


def warnings(result) -> list[str]:
    return [p.message for p in result.warnings]


@pytest.mark.parametrize("province", ["99", "00", "10", "97"])
def test_a_province_code_that_never_was_one_is_refused(province):
    assert messages(nik.check_nik(f"{province}16090907850001")) == [
        f"Kode provinsi {province} pada NIK bukan kode provinsi, dulu maupun sekarang; periksa KTP-el."]


def test_an_unknown_kabkota_of_a_real_province_is_only_a_warning():
    """A NIK is for life (UU 24/2013): a code no edition we hold knows may still be genuine."""
    result = nik.check_nik("3399090907850001", birth_date=BIRTH, sex="L")
    assert result.ok
    assert warnings(result) == ["Kode wilayah NIK 3399 tidak dikenal di edisi 2022/2025; periksa KTP-el."]


def test_papua_before_the_2022_split_is_a_warning_that_names_the_renumbering():
    result = nik.check_nik("9101010907850001", birth_date=BIRTH, sex="L")
    assert result.ok
    assert warnings(result) == [
        "Kode wilayah NIK 9101 = Kab. Merauke (sejak 2022: 93.01); NIK tetap berlaku walau kode wilayahnya sudah "
        "berganti."]
    assert [p.code for p in result.warnings] == [nik.RENUMBERED]


@pytest.mark.parametrize("value", ["6499090907850001", "6408090907850001"])
def test_kalimantan_timur_before_kalimantan_utara_is_at_most_a_warning(value):
    # 64 is a province; Kalimantan Utara's kab/kota had 64.xx codes before 2012 that no edition we hold lists.
    result = nik.check_nik(value, birth_date=BIRTH, sex="L")
    assert result.ok
    assert all(p.code == nik.UNKNOWN_KABKOTA for p in result.warnings)


def test_a_2022_only_code_such_as_sorong_92_01_is_accepted():
    result = nik.check_nik("9201010907850001", birth_date=BIRTH, sex="L")
    assert result.ok
    assert not result.warnings


def test_the_2025_code_for_sorong_96_01_is_accepted_too():
    assert nik.check_nik("9601010907850001").ok


def test_an_unknown_kecamatan_is_only_a_warning():
    result = nik.check_nik("3316990907850001", birth_date=BIRTH, sex="L")
    assert result.ok
    assert [w.message for w in result.warnings] == [
        "Kode kecamatan 33.16.99 pada NIK tidak ada dalam daftar Kemendagri; periksa kembali "
        "(kode kecamatan dapat berubah karena pemekaran)."]


@pytest.mark.parametrize("digits", ["320785", "001385", "720785", "310485"])
def test_an_impossible_birth_date_is_refused(digits):
    value = f"331609{digits}0001"
    assert messages(nik.check_nik(value)) == [f"Tanggal lahir pada NIK ({digits}) bukan tanggal yang valid."]


def test_29_february_is_valid_in_a_leap_year_only():
    assert nik.check_nik("3316092902040001", birth_date=date(2004, 2, 29), sex="L").ok
    assert nik.check_nik("3316096902040001", birth_date=date(2004, 2, 29), sex="P").ok  # woman: 29 + 40
    assert messages(nik.check_nik("3316092902030001")) == [
        "Tanggal lahir pada NIK (290203) bukan tanggal yang valid."]


def test_29_february_00_is_valid_because_2000_was_a_leap_year():
    assert nik.check_nik("3316092902000001", birth_date=date(2000, 2, 29), sex="L").ok


def test_serial_0000_is_refused():
    assert messages(nik.check_nik("3316090907850000")) == ["Nomor urut NIK (4 digit terakhir) tidak boleh 0000."]


def test_a_birth_date_disagreeing_with_the_nik_is_a_mismatch():
    result = nik.check_nik(MALE_NIK, birth_date=date(1985, 7, 10), sex="L")
    assert messages(result) == [
        "Tanggal lahir pada NIK (9 Juli '85) tidak sama dengan tanggal lahir yang diisi (10 Juli 1985)."]
    assert result.only_mismatch


def test_a_birth_year_in_another_century_is_a_mismatch():
    result = nik.check_nik(MALE_NIK, birth_date=date(1885, 7, 9), sex="L")
    assert result.ok  # the two-digit year matches; the century is not in the NIK


def test_a_sex_disagreeing_with_the_nik_is_a_mismatch():
    result = nik.check_nik(MALE_NIK, birth_date=BIRTH, sex="P")
    assert messages(result) == [
        "Jenis kelamin pada NIK (laki-laki) tidak sama dengan jenis kelamin yang diisi (perempuan)."]
    assert result.only_mismatch


def test_a_woman_entered_as_man_is_caught():
    result = nik.check_nik(FEMALE_NIK, birth_date=BIRTH, sex="L")
    assert messages(result) == [
        "Jenis kelamin pada NIK (perempuan) tidak sama dengan jenis kelamin yang diisi (laki-laki)."]


def test_several_failures_are_reported_together():
    result = nik.check_nik("9916093207850000")
    assert messages(result) == [
        "Kode provinsi 99 pada NIK bukan kode provinsi, dulu maupun sekarang; periksa KTP-el.",
        "Tanggal lahir pada NIK (320785) bukan tanggal yang valid.",
        "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
    ]
    assert not result.only_mismatch


def test_the_factory_makes_valid_niks():
    value = make_nik(kecamatan="35.15.18", birth=date(1999, 12, 31), sex="P", serial=12)
    assert value == "3515187112990012"
    assert nik.check_nik(value, birth_date=date(1999, 12, 31), sex="P").ok


class TestNkk:
    def test_a_valid_nkk(self):
        assert nik.check_nkk("3316-0901-0123-0001").ok

    def test_nkk_length(self):
        assert messages(nik.check_nkk("33160901012300")) == ["NKK harus 16 digit; yang diisi 14 digit."]

    def test_nkk_digits(self):
        assert messages(nik.check_nkk("3316O90101230001")) == [
            "NKK hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan)."]

    def test_an_unknown_nkk_kabkota_is_a_warning(self):
        result = nik.check_nkk("3399090101230001")
        assert result.ok
        assert warnings(result) == ["Kode wilayah NKK 3399 tidak dikenal di edisi 2022/2025; periksa KK."]

    def test_an_old_papua_nkk_names_the_renumbering(self):
        result = nik.check_nkk("9101010101230001")
        assert result.ok and warnings(result) == [
            "Kode wilayah NKK 9101 = Kab. Merauke (sejak 2022: 93.01); NKK tetap berlaku walau kode wilayahnya sudah "
            "berganti."]

    def test_an_impossible_nkk_province_is_refused(self):
        assert messages(nik.check_nkk("9916090101230001")) == [
            "Kode provinsi 99 pada NKK bukan kode provinsi, dulu maupun sekarang; periksa KK."]

    def test_an_unknown_kecamatan_on_a_family_card_is_not_worth_a_warning(self):
        result = nik.check_nkk("3316990101230001")
        assert result.ok and result.warnings == []
