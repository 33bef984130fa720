"""Dapil editions: a second edition from a file, dapil_of per edition, the checks before saving,
coverage and the difference against another edition."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from regions import checks, reference, selectors, services
from regions.models import Dapil, DapilEdition
from tests.regions.helpers import (
    DAPIL_HEADER,
    DPR_2024,
    DPRD_KABKOTA_2024,
    blora_split_rows,
    dapil_file,
    write,
)

pytestmark = pytest.mark.django_db
DPR = reference.DAPIL_DPR


def upload_of(path, kind=None):
    return [(path.name, kind, path.read_bytes())]


@pytest.fixture
def dpr_2029(tmp_path):
    """The 2024 DPR map in which kecamatan Blora (33.16.09) moves from JAWA TENGAH III to II."""
    return dapil_file(tmp_path / "dapil_dpr_ri_2029.csv", DPR_2024, replace={"33.16": blora_split_rows()})


class TestSecondEdition:
    def test_dapil_of_answers_per_edition(self, dpr_2029, keep_reference):
        upload = services.dapil_edition_load(code="2029", name="Dapil Pemilu 2029 (uji)", source="uji",
                                             uploads=upload_of(dpr_2029))
        assert upload.counts() == {DPR: (84, 514 - 1 + 2 + 16)}
        assert reference.dapil_editions() == ("2024", "2029")
        assert reference.default_dapil_edition() == "2024"
        kauman, cepu = "33.16.09.1013", "33.16.05.2001"
        assert reference.dapil_of(DPR, kauman) == "3303"                    # the default edition, 2024
        assert reference.dapil_of(DPR, kauman, edition="2024") == "3303"
        assert reference.dapil_of(DPR, kauman, edition="2029") == "3302"
        assert reference.dapil_of(DPR, cepu, edition="2029") == "3303"
        assert reference.dapil_of(DPR, "33.16", edition="2029") is None     # the split kab/kota as a whole
        assert reference.dapil_kabkotas(DPR, edition="2029") == reference.dapil_kabkotas(DPR)
        # the edition has no DPRD map: nothing to answer there
        assert reference.dapil_of(reference.DAPIL_DPRD_KABKOTA, kauman, edition="2029") is None
        assert Dapil.objects.filter(edition__code="2029").count() == 84

    def test_the_diff_lists_the_kecamatan_that_moved(self, dpr_2029):
        upload = checks.check_dapil_files(upload_of(dpr_2029))
        assert upload.ok, upload.errors
        diff = selectors.dapil_diff(reference.dapil_index(DPR), upload.index(DPR), kind=DPR,
                                    names_before=selectors.dapil_names(edition="2024", kind=DPR),
                                    names_after=upload.dapil_names(DPR))
        assert diff.moves == [selectors.Move(selectors.Place("33.16.09", "Blora", reference.KECAMATAN),
                                             ("3303",), ("3302",))]
        assert (diff.only_before, diff.only_after, diff.renamed) == ({}, {}, {})

    def test_a_default_edition_is_chosen_on_purpose(self, dpr_2029, keep_reference):
        services.dapil_edition_load(code="2029", name="Dapil 2029", uploads=upload_of(dpr_2029), make_default=True)
        assert reference.default_dapil_edition() == "2029"
        assert reference.dapil_of(DPR, "33.16.09.1013") == "3302"
        assert list(DapilEdition.objects.filter(is_default=True).values_list("code", flat=True)) == ["2029"]

    def test_the_shipped_edition_is_not_replaced_by_hand(self, dpr_2029):
        with pytest.raises(ValidationError) as refused:
            services.dapil_edition_load(code="2024", name="x", uploads=upload_of(dpr_2029), replace=True)
        assert refused.value.messages == [
            "Edisi dapil 2024 adalah edisi bawaan aplikasi dan tidak dapat diganti; muat peta baru dengan kode lain."]
        assert reference.dapil_of(DPR, "33.16.09.1013") == "3303"

    def test_an_unknown_edition_is_a_programming_error(self):
        with pytest.raises(reference.UnknownEdition):
            reference.dapil_of(DPR, "33.16.09.1013", edition="1999")

    def test_the_command_checks_reports_and_saves_nothing_on_a_dry_run(self, dpr_2029, capsys):
        call_command("load_dapil", "--edition", "2029", str(dpr_2029), "--dry-run", "--compare", "2024",
                     "--area", "33.16")
        out = capsys.readouterr().out.splitlines()
        assert out == [
            "Dapil DPR RI: 84 dapil, 531 baris wilayah.",
            "Cakupan (33.16 Kabupaten Blora):",
            "  Dapil DPR RI: semua wilayah masuk dapil.",
            "    Wilayah pecahan 33.16 Kabupaten Blora: 3302: 1 bagian, 3303: 15 bagian",
            "Perbandingan dengan edisi 2024:",
            "  Dapil DPR RI: 1 wilayah pindah dapil.",
            "    33.16.09 Blora: 3303 JAWA TENGAH III -> 3302 JAWA TENGAH II",
            "Pemeriksaan saja (--dry-run): tidak ada yang disimpan.",
        ]
        assert not DapilEdition.objects.filter(code="2029").exists()

    def test_the_command_saves(self, dpr_2029, keep_reference, capsys):
        call_command("load_dapil", "--edition", "2029", str(dpr_2029), "--name", "Dapil 2029", "--source", "uji")
        assert capsys.readouterr().out.splitlines()[-1] == "Edisi dapil 2029 disimpan."
        assert DapilEdition.objects.get(code="2029").name == "Dapil 2029"
        with pytest.raises(CommandError):
            call_command("load_dapil", "--edition", "2029", str(dpr_2029))
        assert capsys.readouterr().err.splitlines()[0] == (
            "Edisi dapil 2029 sudah ada; pilih kode lain (atau --replace di baris perintah).")


class TestChecks:
    def test_a_region_in_two_dapil_is_refused(self, tmp_path):
        path = dapil_file(tmp_path / "dapil_dpr_ri_x.csv", DPR_2024, extra=[
            "3302,JAWA TENGAH II,33.16,3316,Kabupaten/Kota,BLORA,False"])
        upload = checks.check_dapil_files(upload_of(path))
        assert upload.errors == [
            "Dapil DPR RI: wilayah 33.16 BLORA berada di lebih dari satu dapil (3302, 3303; baris 197, 516), "
            "padahal bukan wilayah pecahan yang bagian-bagiannya dirinci satu per satu."]
        with pytest.raises(ValidationError):
            services.dapil_edition_load(code="x", name="x", uploads=upload_of(path))
        assert not DapilEdition.objects.filter(code="x").exists()

    def test_a_split_region_needs_its_parts_listed(self, tmp_path):
        path = dapil_file(tmp_path / "dapil_dpr_ri_x.csv", DPR_2024, replace={"33.16": blora_split_rows()[:2]})
        assert checks.check_dapil_files(upload_of(path)).errors == [
            "Dapil DPR RI: wilayah 33.16 BLORA A berada di lebih dari satu dapil (3302, 3303; baris 197, 198), "
            "padahal bukan wilayah pecahan yang bagian-bagiannya dirinci satu per satu."]

    def test_other_problems_are_named_by_line(self, tmp_path):
        path = write(tmp_path / "dapil_dprd_kabkota_x.csv", "\n".join([
            DAPIL_HEADER,
            "331601,BLORA 1,33.16,3316,Kabupaten/Kota,BLORA,False",
            "331602,BLORA 2,33.16.09,331609,Kecamatan,BLORA,False",
            "331603,BLORA 3,33.16.99,331699,Kecamatan,ENTAH,False",
            "331601,BLORA SATU,33.16.08,331608,Kecamatan,JEPON,False",
            "33160X,BLORA X,33.16.07,331607,Kecamatan,JIKEN,False",
            "331604,BLORA 4,33.16.06,331606,Kecamatan,SAMBONG,mungkin",
            "331605,BLORA 5,33.16.05,331605,Kecamatan,CEPU,True",
        ]) + "\n")
        assert checks.check_dapil_files(upload_of(path)).errors == [
            "dapil_dprd_kabkota_x.csv baris 4: kode wilayah 33.16.99 tidak dikenal di edisi kode wilayah mana pun.",
            "dapil_dprd_kabkota_x.csv baris 5: dapil 331601 bernama BLORA SATU, padahal di baris 2 bernama BLORA 1.",
            "dapil_dprd_kabkota_x.csv baris 6: dapil_code 33160X tidak sah (angka, paling banyak 10 digit).",
            "dapil_dprd_kabkota_x.csv baris 7: is_pecah mungkin tidak sah; isi True atau False.",
            "Dapil DPRD Kabupaten/Kota: wilayah 33.16.09 (dapil 331602, baris 3) sudah termasuk dapil 331601 melalui "
            "33.16 (baris 2), yang bukan wilayah pecahan.",
            "Dapil DPRD Kabupaten/Kota: wilayah 33.16.05 ditandai pecahan (is_pecah) tetapi hanya ada di satu dapil "
            "(331605; baris 8).",
            "Dapil DPRD Kabupaten/Kota: wilayah 33.16.05 (dapil 331605, baris 8) sudah termasuk dapil 331601 melalui "
            "33.16 (baris 2), yang bukan wilayah pecahan.",
        ]

    def test_file_level_problems(self, tmp_path):
        unnamed = write(tmp_path / "peta.csv", DAPIL_HEADER + "\n")
        columns = write(tmp_path / "dapil_dpr_ri_x.csv", "kode,nama\n1,2\n")
        assert checks.check_dapil_files([]).errors == ["Pilih paling sedikit satu berkas dapil."]
        assert checks.check_dapil_files(upload_of(unnamed) + upload_of(columns)).errors == [
            "Jenis dapil berkas peta.csv tidak dapat ditentukan dari namanya; beri nama yang memuat dpr_ri, "
            "dprd_provinsi atau dprd_kabkota, atau sebutkan jenisnya.",
            "Berkas dapil_dpr_ri_x.csv: kolom dapil_code, dapil_name, wilayah_code tidak ada; baris pertama harus "
            "memuat dapil_code,dapil_name,wilayah_code.",
        ]
        assert checks.check_dapil_files(upload_of(unnamed, kind=DPR)).errors == [
            "Berkas peta.csv tidak berisi satu baris data pun."]
        latin = tmp_path / "dapil_dpr_ri_latin.csv"
        latin.write_bytes(DAPIL_HEADER.encode() + b"\n3303,JAWA TENGAH III,33.16,3316,Kab,BL\xd6RA,False\n")
        assert checks.check_dapil_files(upload_of(latin)).errors == ["Berkas dapil_dpr_ri_latin.csv bukan teks CSV UTF-8."]


class TestCoverage:
    def test_a_kecamatan_in_no_dapil_is_reported(self, tmp_path):
        path = dapil_file(tmp_path / "dapil_dprd_kabkota_x.csv", DPRD_KABKOTA_2024, drop=("33.16.05",))
        upload = checks.check_dapil_files(upload_of(path))
        report = selectors.dapil_upload_report(upload, area="33.16")
        coverage = report.coverage[0]
        assert coverage.uncovered == [selectors.Place("33.16.05", "Cepu", reference.KECAMATAN)]
        assert coverage.splits == []

    def test_split_kecamatan_and_unlisted_parts(self, tmp_path):
        # Torgamba (12.22.03) is split between Labuhanbatu Selatan 3 and 4, desa by desa; drop one desa.
        path = dapil_file(tmp_path / "dapil_dprd_kabkota_x.csv", DPRD_KABKOTA_2024, drop=("12.22.03.2004",))
        upload = checks.check_dapil_files(upload_of(path))
        coverage = selectors.dapil_upload_report(upload, area="12.22").coverage[0]
        pangarungan = selectors.Place("12.22.03.2004", "Pangarungan", reference.DESA)
        assert coverage.uncovered == [pangarungan]
        [torgamba] = coverage.splits
        assert torgamba.place.code == "12.22.03"
        assert {dapil: len(parts) for dapil, parts in torgamba.parts.items()} == {"122203": 4, "122204": 9}
        assert torgamba.unlisted == [pangarungan]

    def test_the_country_report_of_the_shipped_map_names_jakarta(self):
        coverage = selectors.dapil_coverage(reference.dapil_index(reference.DAPIL_DPRD_KABKOTA),
                                            kind=reference.DAPIL_DPRD_KABKOTA)
        assert selectors.Place("31", "Daerah Khusus Ibukota Jakarta", reference.PROVINCE) in coverage.uncovered
        assert selectors.dapil_coverage(reference.dapil_index(DPR), kind=DPR).complete
