"""Election-law rules: pure functions, checked on boundary dates and against the real 2024 dapil rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registration import rules
from registration.rules import Person

D = date(2024, 2, 14)


def person(**overrides) -> Person:
    values = {"citizenship": "WNI", "birth_date": date(1990, 1, 1), "marital_status": "B", "is_tni_polri": False,
              "voting_rights_revoked": False, "has_nik": True, "nik_verified": True, "held_on_voting_day": True}
    values.update(overrides)
    return Person(**values)


def test_an_ordinary_wbp_is_ms():
    assert rules.eligibility(person(), D) == rules.Eligibility(rules.MS, ())


@pytest.mark.parametrize("overrides,codes", [
    ({"held_on_voting_day": False}, ("bebas",)),
    ({"held_on_voting_day": False, "exit_kind": "dipindah"}, ("pindah",)),
    ({"held_on_voting_day": False, "exit_kind": "meninggal"}, ("meninggal",)),
    ({"moved_on_by_voting_day": True, "exit_kind": "dipindah"}, ("pindah",)),
    ({"citizenship": "WNA"}, ("wna",)),
    ({"birth_date": date(2007, 2, 15)}, ("dibawah_umur",)),
    ({"is_tni_polri": True}, ("tni_polri",)),
    ({"voting_rights_revoked": True}, ("hak_pilih_dicabut",)),
    ({"registered_elsewhere": "Rutan Kelas IIB Pati"}, ("ganda",)),
])
def test_each_tms_reason(overrides, codes):
    result = rules.eligibility(person(**overrides), D)
    assert (result.status, result.codes) == (rules.TMS, codes)


def test_every_reason_that_applies_is_given():
    result = rules.eligibility(person(citizenship="WNA", is_tni_polri=True, held_on_voting_day=False, has_nik=False), D)
    assert result.status == rules.TMS
    assert result.codes == ("bebas", "wna", "tni_polri", "tanpa_nik")


def test_no_nik_makes_a_potential_voter():
    assert rules.eligibility(person(has_nik=False, nik_verified=False), D) == rules.Eligibility(rules.POTENTIAL, (rules.NO_NIK,))
    assert rules.eligibility(person(nik_verified=False), D).codes == ("nik_belum_verifikasi",)
    assert rules.eligibility(person(nik_verified=False), D).status == rules.POTENTIAL


def test_married_minors_vote():
    assert rules.eligibility(person(birth_date=date(2008, 1, 1), marital_status="S"), D).status == rules.MS
    assert rules.eligibility(person(birth_date=date(2008, 1, 1), marital_status="P"), D).status == rules.MS
    assert rules.eligibility(person(birth_date=date(2008, 1, 1), marital_status="B"), D).status == rules.TMS


@pytest.mark.parametrize("birth,voting_day,old_enough", [
    (date(2007, 2, 14), date(2024, 2, 14), True),   # 17th birthday on voting day
    (date(2007, 2, 15), date(2024, 2, 14), False),  # the day after
    (date(2007, 2, 28), date(2024, 2, 29), True),   # leap voting day, common birth year
    (date(2007, 3, 1), date(2024, 2, 29), False),
    (date(2008, 2, 29), date(2025, 2, 28), False),  # born 29 Feb: 17 only on 1 March in a common year
    (date(2008, 2, 29), date(2025, 3, 1), True),
    (date(2008, 2, 29), date(2032, 2, 29), True),
])
def test_age_on_boundary_dates(birth, voting_day, old_enough):
    assert rules.old_enough(birth, "B", voting_day) is old_enough


@given(voting_day=st.dates(min_value=date(1960, 1, 1), max_value=date(2100, 12, 31)))
def test_the_seventeenth_birthday_cutoff_is_exact(voting_day):
    cutoff = rules.seventeenth_birthday_cutoff(voting_day)
    assert rules.old_enough(cutoff, "B", voting_day)
    assert not rules.old_enough(cutoff + timedelta(days=1), "B", voting_day)
    assert voting_day.year - cutoff.year == 17


@given(birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)),
       voting_day=st.dates(min_value=date(1970, 1, 1), max_value=date(2050, 12, 31)))
def test_old_enough_means_seventeen_full_years(birth, voting_day):
    # Age in full years; comparing (month, day) puts a 29 February birthday on 1 March in common years.
    birthday_passed = (voting_day.month, voting_day.day) >= (birth.month, birth.day)
    age = voting_day.year - birth.year - (0 if birthday_passed else 1)
    assert rules.old_enough(birth, "B", voting_day) is (age >= 17)


@given(birth=st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31)),
       voting_day=st.dates(min_value=date(1970, 1, 1), max_value=date(2050, 12, 31)),
       married=st.sampled_from(["S", "P"]))
def test_the_married_always_qualify_on_age(birth, voting_day, married):
    assert rules.old_enough(birth, married, voting_day)


BLORA_TPS = "33.16.09.1013"  # Kauman, Kecamatan Blora: Rutan Blora


class TestBallotScope:
    def codes(self, home: str, tps: str = BLORA_TPS) -> set[str]:
        scopes = {"PPWP": rules.SCOPE_COUNTRY, "DPR": rules.SCOPE_DAPIL_DPR, "DPD": rules.SCOPE_PROVINCE,
                  "DPRD_PROV": rules.SCOPE_DAPIL_DPRD_PROVINCE, "DPRD_KAB": rules.SCOPE_DAPIL_DPRD_KABKOTA}
        return {code for code, scope in scopes.items() if rules.entitled(scope, home, tps)}

    def test_home_in_kecamatan_blora_gets_all_five(self):
        assert self.codes("33.16.09.2001") == {"PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KAB"}

    def test_home_in_kabupaten_pati_gets_ppwp_dpr_dpd(self):
        # Pati shares DPR dapil Jawa Tengah III with Blora but sits in DPRD Provinsi Jawa Tengah 4, not 5.
        assert self.codes("33.18.10.1007") == {"PPWP", "DPR", "DPD"}

    def test_home_in_another_blora_dapil_loses_dprd_kab(self):
        assert self.codes("33.16.05.1001") == {"PPWP", "DPR", "DPD", "DPRD_PROV"}  # Cepu: Blora 2

    def test_home_in_another_province_gets_ppwp_only(self):
        assert self.codes("35.22.01.2001") == {"PPWP"}  # Bojonegoro, Jawa Timur

    def test_home_in_jawa_tengah_outside_the_dapil_gets_ppwp_and_dpd(self):
        assert self.codes("33.74.14.1010") == {"PPWP", "DPD"}  # Kota Semarang

    def test_jakarta_has_no_dprd_kabkota_ballot(self):
        assert rules.entitled(rules.SCOPE_DAPIL_DPRD_KABKOTA, "31.74.01.1001", "31.74.01.1002") is False
        assert rules.entitled(rules.SCOPE_DAPIL_DPRD_PROVINCE, "31.74.01.1001", "31.74.01.1002") is True

    def test_a_split_kecamatan_without_desa_rows_cannot_be_decided(self):
        # Sukulanting (61.12.01.2021) is not listed under either half of its split kecamatan.
        assert rules.entitled(rules.SCOPE_DAPIL_DPRD_KABKOTA, "61.12.01.2021", "61.12.01.2001") is None
        # ...but it is certainly not in a dapil of another kab/kota.
        assert rules.entitled(rules.SCOPE_DAPIL_DPRD_KABKOTA, "61.12.01.2021", BLORA_TPS) is False

    def test_a_tps_in_a_desa_the_map_does_not_place_cannot_be_decided_either(self):
        assert rules.entitled(rules.SCOPE_DAPIL_DPRD_KABKOTA, "61.12.01.2001", "61.12.01.2021") is None
        assert rules.entitled(rules.SCOPE_DAPIL_DPRD_KABKOTA, "31.74.01.1001", "31.74.01.1002") is False

    def test_pilkada_scopes(self):
        assert rules.entitled(rules.SCOPE_PROVINCE, "33.18.10.1007", BLORA_TPS) is True
        assert rules.entitled(rules.SCOPE_KABKOTA, "33.18.10.1007", BLORA_TPS) is False
        assert rules.entitled(rules.SCOPE_KABKOTA, "33.16.01.2001", BLORA_TPS) is True


@pytest.mark.parametrize("voters,expected", [(0, 0), (1, 1), (49, 1), (50, 1), (51, 2), (150, 3), (300, 6), (301, 7)])
def test_reserve_is_two_percent_rounded_up(voters, expected):
    assert rules.reserve(voters, Decimal("2")) == expected


@pytest.mark.parametrize("voters,needed", [(0, 0), (1, 1), (300, 1), (301, 2), (1501, 6)])
def test_tps_needed(voters, needed):
    assert rules.tps_needed(voters, 300) == needed


def test_deadlines_count_back_from_voting_day():
    items = rules.deadlines(voting_day=D, data_cutoff=None, transfer_freeze=date(2023, 12, 22),
                            pindah_general_days=30, pindah_detainee_days=7)
    assert [(d.key, d.day) for d in items] == [
        ("data_cutoff", date(2023, 12, 20)), ("transfer_freeze", date(2023, 12, 22)),
        ("pindah_general", date(2024, 1, 15)), ("pindah_detainee", date(2024, 2, 7)), ("voting_day", D)]
    assert str(items[3].label) == "Batas pindah memilih tahanan/WBP (H-7)"
