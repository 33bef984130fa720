"""regions.reference: codes for life (renumberings, former provinces) and the cost of lookups."""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regions import reference
from regions.models import RegionEdition


class TestCodesForLife:
    def test_merauke_was_91_01_before_the_papua_split(self):
        merauke = reference.renumbered("91.01")
        assert merauke == reference.Renumbering(
            old_code="91.01", old_name="KAB. MERAUKE", new_code="93.01", new_name="Kabupaten Merauke", since="2022",
            basis="UU 14, 15 dan 16 Tahun 2022 (pembentukan Papua Selatan, Papua Tengah, Papua Pegunungan)")
        assert reference.renumbered("9101") == merauke
        assert reference.renumbered("91.01.05") == merauke  # a NIK's kecamatan is answered by its kab/kota

    def test_sorong_moved_to_papua_barat_daya(self):
        sorong = reference.renumbered("92.01")
        assert (sorong.old_name, sorong.new_code, sorong.new_name, sorong.since) == (
            "Kabupaten Sorong", "96.01", "Kabupaten Sorong", "2025")
        assert reference.renumbered("92.71").new_code == "96.71"

    def test_codes_that_were_not_renumbered(self):
        assert reference.renumbered("33.16") is None
        assert reference.renumbered("96.01") is None
        assert reference.renumbered("99.01") is None

    @pytest.mark.parametrize("code, expected", [("91", True), ("92", True), ("64", True), ("65", True),
                                                ("96", True), ("33", True), ("99", False), ("00", False)])
    def test_is_or_was_a_province(self, code, expected):
        assert reference.is_or_was_province(code) is expected

    def test_kabkota_known_in_some_edition(self):
        assert reference.is_known_kabkota("92.01")      # 2022 only
        assert reference.is_known_kabkota("9601")       # 2025 only
        assert not reference.is_known_kabkota("91.01")  # before 2022: in no edition held, but renumbered
        assert not reference.is_known_kabkota("64.04")  # Kalimantan Utara's old codes: unknown (docs/regions.md)


@pytest.mark.django_db
class TestCost:
    CODES = [f"{province}.{kab:02d}" for province in range(11, 97) for kab in range(1, 80)]  # 6,794 codes

    def lookups(self):
        for code in self.CODES:
            reference.is_known_kabkota(code)
            reference.is_or_was_province(code[:2])
            reference.renumbered(code)
            reference.region_names(code + ".01.2001")
            reference.dapil_of(reference.DAPIL_DPR, code + ".01.2001")
            reference.dapil_of(reference.DAPIL_DPRD_KABKOTA, code + ".01.2001", edition="2024")

    def test_checking_thousands_of_codes_costs_the_first_read_only(self, keep_reference):
        reference.refresh()
        with CaptureQueriesContext(connection) as first:
            self.lookups()
        # regions: the editions, the current names, the other names, the renumberings;
        # dapil: the editions, then one query for the map of the edition asked for
        assert len(first.captured_queries) == 6
        with CaptureQueriesContext(connection) as again:
            self.lookups()
        assert len(again.captured_queries) == 0

    def test_a_process_notices_a_new_edition_within_the_recheck_interval(self, keep_reference, monkeypatch):
        clock = [1000.0]
        monkeypatch.setattr(reference, "time", types.SimpleNamespace(monotonic=lambda: clock[0]))
        monkeypatch.setattr(reference, "RECHECK_SECONDS", 60.0)
        reference.refresh()
        assert reference.current_edition().name == "Kepmendagri 2025"
        # another process loads an edition: the rows change, this process's copy does not know yet
        RegionEdition.objects.filter(code="2025").update(name="Kepmendagri 2025 (dimuat ulang)")
        clock[0] += 59
        with CaptureQueriesContext(connection) as within:
            assert reference.current_edition().name == "Kepmendagri 2025"
        assert len(within.captured_queries) == 0
        clock[0] += 2
        with CaptureQueriesContext(connection) as after:
            assert reference.current_edition().name == "Kepmendagri 2025 (dimuat ulang)"
        assert len(after.captured_queries) == 4  # the editions' rows, then names, other names, renumberings
        clock[0] += 61
        with CaptureQueriesContext(connection) as unchanged:
            assert reference.kabkota_codes()
        assert len(unchanged.captured_queries) == 1  # only the editions' rows: nothing changed


@pytest.mark.django_db
class TestChildren:
    """The pickers' options come from memory and agree with the table, level by level."""

    @pytest.mark.parametrize("parent", ["", "33", "33.16", "33.16.09", "94.01"])
    def test_children_of_agrees_with_the_table(self, parent):
        from regions.models import Region

        stored = set(Region.objects.filter(parent_id=parent or None, editions__is_current=True)
                     .values_list("code", "name"))
        found = reference.children_of(parent)
        assert set(found) == stored and len(found) == len(stored) > 0
        assert [name for _code, name in found] == sorted(name for _code, name in found)

    def test_children_of_costs_no_query(self):
        reference.children_of("33")
        with CaptureQueriesContext(connection) as queries:
            blora = dict(reference.children_of("33.16"))
            assert reference.children_of("33.16.09") and reference.children_of("99") == ()
        assert len(queries) == 0
        assert blora["33.16.09"] == reference.name_of("33.16.09")

    def test_the_children_endpoint_answers_from_memory(self, client, django_user_model):
        client.force_login(django_user_model.objects.create(username="siapa.saja"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/wilayah/anak/?parent=33.16")
        assert response.status_code == 200
        results = response.json()["results"]
        assert {"code": "33.16.09", "name": reference.name_of("33.16.09")} in results
        assert not [q for q in queries if "regions_region" in q["sql"]]
