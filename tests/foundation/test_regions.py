import time

import pytest

from regions import reference
from regions.models import Dapil, Region, RegionEdition, RegionRenumbering
from regions.services import shipped_reference_load
from tests.regions.conftest import keep_reference  # noqa: F401 (a fixture)


@pytest.mark.django_db
class TestRegionData:
    def test_it_has_every_level_of_the_2025_edition(self):
        current = Region.objects.filter(editions__code="2025")
        counts = {level: current.filter(level=level).count() for level in Region.Level}
        assert counts == {Region.Level.PROVINCE: 38, Region.Level.KABKOTA: 514, Region.Level.KECAMATAN: 7285,
                          Region.Level.DESA: 83762}
        assert RegionEdition.objects.get(is_current=True).code == "2025"

    def test_it_knows_kabupaten_blora_and_its_kecamatan(self):
        blora = Region.objects.get(code="33.16")
        assert blora.name == "Kabupaten Blora"
        assert blora.parent_id == "33"
        assert Region.objects.get(code="33.16.09").name == "Blora"
        assert Region.objects.get(code="33.16.09.1013").parent_id == "33.16.09"

    def test_it_keeps_the_2022_edition_with_the_papua_barat_daya_recode(self):
        sorong = Region.objects.get(code="92.01")
        assert sorong.name == "KAB. SORONG"
        assert set(sorong.editions.values_list("code", flat=True)) == {"2022"}
        assert RegionRenumbering.objects.get(old_code="92.01").new_code == "96.01"
        assert Region.objects.get(code="96.01").name == "Kabupaten Sorong"
        assert Region.objects.filter(editions__code="2022").count() == 37 + 514 + 7277

    def test_it_has_the_2024_dapil_maps(self):
        assert Dapil.objects.filter(edition__code="2024", kind=Dapil.Kind.DPR).count() == 84
        assert Dapil.objects.filter(edition__code="2024", kind=Dapil.Kind.DPRD_PROVINCE).count() == 301
        assert Dapil.objects.filter(edition__code="2024", kind=Dapil.Kind.DPRD_KABKOTA).count() == 2325
        jateng3 = Dapil.objects.get(edition__code="2024", kind=Dapil.Kind.DPR, code="3303")
        assert jateng3.name == "JAWA TENGAH III"
        assert set(jateng3.areas.values_list("region_id", flat=True)) >= {"33.16", "33.18"}

    @pytest.mark.usefixtures("keep_reference")
    def test_loading_again_changes_nothing_and_takes_seconds(self):
        before = Region.objects.count()
        started = time.perf_counter()
        counts = shipped_reference_load()
        elapsed = time.perf_counter() - started
        assert Region.objects.count() == before == 91599 + 138  # and the 6 kab/kota and 132 kecamatan only 2022 has
        assert counts["Desa/Kelurahan"] == 83762
        assert elapsed < 60  # "seconds, not minutes" even on a loaded CI machine


@pytest.mark.django_db
class TestReferenceLookups:
    def test_dapil_of_a_desa_follows_its_kecamatan_and_kab(self):
        assert reference.dapil_of(reference.DAPIL_DPR, "33.16.09.1013") == "3303"
        assert reference.dapil_of(reference.DAPIL_DPRD_PROVINCE, "33.16.09.1013") == "330005"
        assert reference.dapil_of(reference.DAPIL_DPRD_KABKOTA, "33.16.09.1013") == "331601"
        assert reference.dapil_of(reference.DAPIL_DPRD_PROVINCE, "33.18.10.1007") == "330004"

    def test_a_split_kecamatan_is_decided_by_its_desa(self):
        # Torgamba (12.22.03) is split between Labuhanbatu Selatan 3 and 4; its desa are listed.
        assert reference.dapil_of(reference.DAPIL_DPRD_KABKOTA, "12.22.03.2004") == "122203"

    def test_jakarta_has_no_dprd_kabkota_dapil(self):
        assert reference.dapil_of(reference.DAPIL_DPRD_KABKOTA, "31.74.01.1001") is None

    def test_dotted_accepts_plain_and_dotted_codes(self):
        assert reference.dotted("3316091013") == "33.16.09.1013"
        assert reference.dotted("33.16.09") == "33.16.09"
        assert reference.dotted("331609") == "33.16.09"

    def test_code_sets_cover_both_editions(self):
        assert "92.01" in reference.kabkota_codes()
        assert "96.01" in reference.kabkota_codes()
        assert "96.01.01" in reference.kecamatan_codes()  # issued after the recode
        assert "92.01.01" in reference.kecamatan_codes()  # issued before it
        assert "99.01" not in reference.kabkota_codes()
