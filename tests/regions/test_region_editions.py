"""Region editions: the shipped ones, a new one from a folder, its checks, and moving facility
locations and WBP homes to its codes."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from inmates.demo import ensure_facilities
from inmates.models import Facility, Inmate
from regions import checks, messages, reference, services
from regions.models import Region, RegionEdition, RegionRenumbering
from regions.signals import region_codes_moved
from tests.factories import make_inmate
from tests.regions.helpers import region_folder, renumbered_2025_copy, write

pytestmark = pytest.mark.django_db


class TestShipped:
    def test_the_shipped_editions_are_loaded_once(self):
        editions = {e.code: (e.lowest_level, e.is_current, e.shipped) for e in RegionEdition.objects.all()}
        assert editions == {"2022": (reference.KECAMATAN, False, True), "2025": (reference.DESA, True, True)}
        assert services.reference_data_loaded() is True
        assert services.ensure_reference_data() is False
        assert RegionRenumbering.objects.filter(source_file="papua_2022_split.csv").count() == 20
        assert RegionRenumbering.objects.filter(source_file="papua_barat_daya_recode.csv").count() == 6

    def test_the_reference_api_reads_the_current_edition_and_keeps_older_codes(self):
        assert reference.current_edition().code == "2025"
        assert [e.code for e in reference.region_editions()] == ["2022", "2025"]
        assert len(reference.names()) == 91599
        assert reference.names()["33.16"] == "Kabupaten Blora"
        assert reference.is_current("96.01") and not reference.is_current("92.01")
        assert reference.is_known("92.01") and reference.name_of("92.01") == "KAB. SORONG"
        assert reference.region_names("92.01.01").kabkota == "KAB. SORONG"  # an old address keeps its names
        assert list(reference.region_rows(reference.PROVINCE))[:2] == [("11", "Aceh", ""), ("12", "Sumatera Utara", "")]
        assert len(list(reference.region_rows(reference.KABKOTA, edition="2022"))) == 514


@pytest.fixture
def folder_2026(tmp_path):
    # Blora's kecamatan 33.16.09 becomes 33.16.17; desa 2028 (Ngampel) is gone from the new edition.
    return renumbered_2025_copy(tmp_path / "2026", drop_desa=("33.16.09.2028",))


class TestNewEdition:
    def test_a_new_edition_becomes_current_and_a_retired_code_keeps_resolving(self, folder_2026, keep_reference):
        result = services.region_edition_load(code="2026", folder=folder_2026, decree="Kepmendagri uji 2026")
        assert (result.is_current, result.added, result.retired) == (True, 28, 29)  # 1 kecamatan + 27 desa new
        assert result.counts == {1: 38, 2: 514, 3: 7285, 4: 83761}
        assert reference.current_edition().code == "2026"
        assert reference.is_current("33.16.17") and reference.names()["33.16.17.1013"] == "Kauman"
        # the retired kecamatan and its desa keep resolving, for NIK and for old addresses
        assert not reference.is_current("33.16.09")
        assert "33.16.09" in reference.kecamatan_codes()
        assert reference.region_names("33.16.09.1013") == reference.RegionNames(
            desa="Kauman", kecamatan="Blora", kabkota="Kabupaten Blora", province="Jawa Tengah")
        assert Region.objects.filter(code="33.16.09.2028").exists()
        # pickers offer the current edition only
        options = set(Region.objects.filter(parent_id="33.16", editions__is_current=True).values_list("code", flat=True))
        assert "33.16.17" in options and "33.16.09" not in options

    def test_an_edition_without_desa_may_only_be_loaded_as_not_current(self, tmp_path, keep_reference):
        folder = region_folder(tmp_path / "old", provinsi="33,JAWA TENGAH,", kabupaten_kota="33.16,KAB. BLORA,33",
                               kecamatan="33.16.09,Blora,33.16\n33.16.99,Kecamatan Lama,33.16")
        with pytest.raises(ValidationError) as refused:
            services.region_edition_load(code="2019", folder=folder)
        assert refused.value.messages == [str(messages.CURRENT_NEEDS_DESA)]
        result = services.region_edition_load(code="2019", folder=folder, make_current=False)
        assert (result.is_current, result.added) == (False, 1)
        assert reference.current_edition().code == "2025"
        assert reference.is_known("33.16.99") and not reference.is_current("33.16.99")
        assert Region.objects.get(code="33.16").name == "Kabupaten Blora"  # the current edition's name stays

    def test_every_problem_is_reported_and_nothing_is_saved(self, tmp_path):
        folder = region_folder(
            tmp_path / "bad",
            provinsi="33,JAWA TENGAH,\n34,,",
            kabupaten_kota="33.16,KAB. BLORA,33\n33.17,KAB. REMBANG,34\n35.01,KAB. PACITAN,35\n33.16,KAB. BLORA,33",
            kecamatan="33.16.9,Blora,33.16\n33.16.10,Tunjungan,33.17",
        )
        before = (Region.objects.count(), RegionEdition.objects.count())
        with pytest.raises(ValidationError) as refused:
            services.region_edition_load(code="20 26", folder=folder)
        assert refused.value.messages == [
            "Kode edisi 20 26 tidak sah: gunakan huruf, angka, titik, garis bawah atau tanda hubung "
            "(paling banyak 20), misalnya 2026.",
            "provinsi.csv baris 3: nama wilayah 34 kosong.",
            "kabupaten_kota.csv baris 3: induk 34 tidak sesuai dengan kode 33.17 (seharusnya 33).",
            "kabupaten_kota.csv baris 4: induk 35 dari kode 35.01 tidak ada di provinsi.csv.",
            "kabupaten_kota.csv baris 5: kode 33.16 sudah ada di baris 2.",
            "kecamatan.csv baris 2: kode 33.16.9 bukan kode kecamatan yang sah (contoh: 33.16.09).",
            "kecamatan.csv baris 3: induk 33.17 tidak sesuai dengan kode 33.16.10 (seharusnya 33.16).",
        ]
        assert (Region.objects.count(), RegionEdition.objects.count()) == before

    def test_a_missing_file_and_a_missing_column_are_named(self, tmp_path):
        folder = region_folder(tmp_path / "half", provinsi="33,JAWA TENGAH,")
        write(folder / "kabupaten_kota.csv", "kode,nama\n33.16,Blora\n")
        result = checks.check_region_folder(folder)
        assert result.errors == [
            "Berkas kabupaten_kota.csv: kolom code, name, parent_code tidak ada; baris pertama harus memuat "
            "code,name,parent_code."]
        assert checks.check_region_folder(tmp_path / "none").errors == [f"Folder {tmp_path / 'none'} tidak ditemukan."]
        (folder / "kabupaten_kota.csv").unlink()
        assert checks.check_region_folder(folder).errors == [
            f"Berkas kabupaten_kota.csv tidak ada di folder {folder}."]

    def test_the_shipped_editions_cannot_be_replaced_from_a_folder(self, folder_2026):
        with pytest.raises(ValidationError) as refused:
            services.region_edition_load(code="2025", folder=folder_2026)
        assert refused.value.messages == [
            "Edisi kode wilayah 2025 adalah edisi bawaan aplikasi; muat ulang dengan load_regions tanpa --edition."]

    def test_the_command_loads_an_edition_and_says_what_changed(self, folder_2026, keep_reference, capsys):
        call_command("load_regions", "--edition", "2026", "--dir", str(folder_2026), "--name", "Kepmendagri 2026")
        out = capsys.readouterr().out
        assert "Edisi 2026 dimuat dalam" in out
        assert "(Provinsi: 38, Kabupaten/Kota: 514, Kecamatan: 7,285, Desa/Kelurahan: 83,761)" in out
        assert "Edisi 2026 kini edisi berlaku: 28 kode baru; 29 kode edisi sebelumnya tidak ada lagi" in out
        with pytest.raises(CommandError) as refused:
            call_command("load_regions", "--edition", "2026", "--dir", str(folder_2026))
        assert refused.value.returncode == 1
        assert "Edisi kode wilayah 2026 sudah ada; tambahkan --replace untuk menggantinya." in capsys.readouterr().err


@pytest.fixture
def moved_world(folder_2026, keep_reference):
    facilities = ensure_facilities()
    blora = facilities["rutan-blora"]
    assert blora.location_id == "33.16.09.1013"
    stays = {
        "kauman": make_inmate(blora, home_region_id="33.16.09.1013"),
        "ngampel": make_inmate(blora, home_region_id="33.16.09.2028"),  # gone from the new edition
        "pati": make_inmate(blora, home_region_id="33.18.10.1007"),      # not renumbered
    }
    services.region_edition_load(code="2026", folder=folder_2026)
    return facilities, stays


class TestMove:
    def mapping(self, tmp_path, text="code_kepmendagri_2025,code_kepmendagri_2026,name\n33.16.09,33.16.17,Blora\n"):
        return checks.check_mapping(write(tmp_path / "recode.csv", text))

    def test_a_dry_run_reports_and_changes_nothing(self, moved_world, tmp_path):
        report = services.region_references_move(edition="2026", mapping=self.mapping(tmp_path), dry_run=True)
        assert [(m.old, m.new, m.facilities, m.homes) for m in report.moved] == [
            ("33.16.09.1013", "33.16.17.1013", 1, 1)]
        assert [(m.old, m.new, m.reason) for m in report.unmoved] == [
            ("33.16.09.2028", "33.16.17.2028", "dipetakan ke 33.16.17.2028, yang tidak ada di edisi 2026")]
        assert report.saved is False
        assert Facility.objects.get(code="rutan-blora").location_id == "33.16.09.1013"

    def test_all_or_nothing_unless_partial(self, moved_world, tmp_path):
        facilities, stays = moved_world
        report = services.region_references_move(edition="2026", mapping=self.mapping(tmp_path))
        assert report.saved is False
        assert Inmate.objects.get(pk=stays["kauman"].pk).home_region_id == "33.16.09.1013"

        heard = []
        region_codes_moved.connect(lambda sender, facility_ids, **kw: heard.append(facility_ids), weak=False,
                                   dispatch_uid="test-move")
        try:
            report = services.region_references_move(edition="2026", mapping=self.mapping(tmp_path), partial=True)
        finally:
            region_codes_moved.disconnect(dispatch_uid="test-move")
        assert report.saved is True and (report.facilities, report.homes) == (1, 1)
        assert Facility.objects.get(code="rutan-blora").location_id == "33.16.17.1013"
        assert Inmate.objects.get(pk=stays["kauman"].pk).home_region_id == "33.16.17.1013"
        assert Inmate.objects.get(pk=stays["ngampel"].pk).home_region_id == "33.16.09.2028"
        assert Inmate.objects.get(pk=stays["pati"].pk).home_region_id == "33.18.10.1007"
        assert heard == [{facilities["rutan-blora"].pk}]
        history = Inmate.history.filter(id=stays["kauman"].pk).latest("history_date")
        assert (history.home_region_id, history.history_change_reason) == (
            "33.16.17.1013", "Kode wilayah dipindah ke edisi 2026")

    def test_a_code_without_mapping_is_reported(self, moved_world, tmp_path):
        mapping = self.mapping(tmp_path, "old,new\n33.16.09.1013,33.16.17.1013\n")
        report = services.region_references_move(edition="2026", mapping=mapping, dry_run=True)
        assert [(m.old, m.reason) for m in report.unmoved] == [
            ("33.16.09.2028", "tidak ada di edisi 2026 dan tidak ada pemetaannya")]

    def test_the_command_prints_the_report(self, moved_world, tmp_path, capsys):
        path = write(tmp_path / "recode.csv", "old,new\n33.16.09,33.16.17\n33.16.09.2028,33.16.17.2027\n")
        call_command("move_to_region_edition", "--edition", "2026", "--mapping", str(path))
        out = capsys.readouterr().out
        assert "33.16.09.1013 Kauman -> 33.16.17.1013 Kauman: 1 Lapas/Rutan, 1 alamat WBP dipindah." in out
        assert "33.16.09.2028 Ngampel -> 33.16.17.2027 Plantungan: 0 Lapas/Rutan, 1 alamat WBP dipindah." in out
        assert "Ringkasan: 1 Lapas/Rutan dan 2 alamat WBP dipindah; 0 kode tidak dapat dipindah." in out

    def test_a_wrong_mapping_file_is_refused(self, moved_world, tmp_path, capsys):
        path = write(tmp_path / "recode.csv", "old,new\n33.16.09,33.16.17.1013\n33.16.9,33.16.17\n")
        with pytest.raises(CommandError):
            call_command("move_to_region_edition", "--edition", "2026", "--mapping", str(path))
        assert capsys.readouterr().err.splitlines() == [
            "recode.csv baris 2: kode lama 33.16.09 dan kode baru 33.16.17.1013 tidak setingkat.",
            "recode.csv baris 3: 33.16.9 bukan kode wilayah yang sah.",
        ]
