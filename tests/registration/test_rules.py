"""Election-law rules: pure functions, checked on boundary dates and against the real 2024 dapil rows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inmates.custody import Summary
from registration import rules
from registration.rules import OtherStay, Person

D = date(2024, 2, 14)
HELD = Summary("ditahan", date(2023, 1, 1), None, None)


def person(**overrides) -> Person:
    values = {"citizenship": "WNI", "birth_date": date(1990, 1, 1), "marital_status": "B", "nik": "3316091705900007",
              "nik_status": "terverifikasi", "custody": HELD, "stay_id": 10}
    values.update(overrides)
    return Person(**values)


def test_an_ordinary_wbp_is_ms():
    assert rules.eligibility(person(), D) == rules.Eligibility(rules.MS, ())


PATI = OtherStay(20, "Rutan Kelas IIB Pati", Summary("ditahan", date(2023, 6, 1), None, None))


@pytest.mark.parametrize("overrides,codes", [
    ({"custody": Summary("bebas", date(2023, 1, 1), None, date(2024, 2, 13))}, ("bebas",)),
    ({"custody": Summary("ditahan", date(2023, 1, 1), date(2024, 2, 13), None)}, ("bebas",)),
    ({"custody": Summary("dipindah", date(2023, 1, 1), None, date(2024, 1, 5))}, ("pindah",)),
    ({"custody": Summary("meninggal", date(2023, 1, 1), None, date(2024, 1, 5))}, ("meninggal",)),
    ({"custody": Summary("dipindah", date(2023, 1, 1), None, D), "next_stay_id": 11,
      "next_custody": Summary("ditahan", D, None, None)}, ("pindah",)),
    ({"custody": Summary("ditahan", date(2024, 2, 15), None, None)}, ("belum_masuk",)),
    ({"citizenship": "WNA"}, ("wna",)),
    ({"birth_date": date(2007, 2, 15)}, ("dibawah_umur",)),
    ({"tni_polri_status": "aktif"}, ("tni_polri",)),
    ({"revoked_right": "memilih"}, ("hak_pilih_dicabut",)),
    ({"same_nik_elsewhere": (PATI,)}, ("ganda",)),
])
def test_each_tms_reason(overrides, codes):
    result = rules.eligibility(person(**overrides), D)
    assert (result.status, result.codes) == (rules.TMS, codes)


def test_every_reason_that_applies_is_given():
    gone = Summary("bebas", date(2023, 1, 1), None, date(2024, 1, 1))
    result = rules.eligibility(person(citizenship="WNA", tni_polri_status="aktif", custody=gone, nik=None), D)
    assert result.status == rules.TMS
    assert result.codes == ("bebas", "wna", "tni_polri", "tanpa_nik")


def test_no_nik_makes_a_potential_voter():
    assert rules.eligibility(person(nik=None, nik_status="tanpa_nik"), D) == rules.Eligibility(
        rules.POTENTIAL, (rules.NO_NIK,))
    assert rules.eligibility(person(nik_status="belum_verifikasi"), D).codes == ("nik_belum_verifikasi",)
    assert rules.eligibility(person(nik_status="belum_verifikasi"), D).status == rules.POTENTIAL


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


DAY_BEFORE, DAY_AFTER = D - timedelta(days=1), D + timedelta(days=1)


class TestTniPolri:
    """Only a member active on voting day is TMS (UU 7/2017 Pasal 200); a status takes effect on its date."""

    @pytest.mark.parametrize("status,since,active", [
        ("bukan", None, False),
        ("aktif", None, True),
        ("aktif", DAY_BEFORE, True),
        ("aktif", D, True),
        ("aktif", DAY_AFTER, False),  # joined after voting day: a civilian on it
        ("purnawirawan", None, False),
        ("purnawirawan", DAY_BEFORE, False),
        ("purnawirawan", D, False),  # retired with effect from voting day: votes
        ("purnawirawan", DAY_AFTER, True),  # retires the day after: still active on voting day
        ("diberhentikan", DAY_BEFORE, False),
        ("diberhentikan", D, False),
        ("diberhentikan", DAY_AFTER, True),
    ])
    def test_active_on_voting_day(self, status, since, active):
        assert rules.tni_polri_active_on(status, since, D) is active
        result = rules.eligibility(person(tni_polri_status=status, tni_polri_since=since), D)
        assert result.codes == (("tni_polri",) if active else ())
        assert result.status == (rules.TMS if active else rules.MS)


class TestRevocation:
    """Only a revocation of the right to vote in force on voting day is TMS (Pasal 198(3))."""

    @pytest.mark.parametrize("right,start,until,decided,revoked", [
        ("", None, None, None, False),
        ("memilih", None, None, None, True),  # from the flag: no dates at all
        ("memilih_dipilih", None, None, None, True),
        ("dipilih", None, None, None, False),  # only hak dipilih: votes
        ("dipilih", DAY_BEFORE, None, DAY_BEFORE, False),
        ("memilih", None, None, DAY_BEFORE, True),
        ("memilih", None, None, D, True),  # in force from the decision's date
        ("memilih", None, None, DAY_AFTER, False),  # decided after voting day
        ("memilih", DAY_BEFORE, None, date(2023, 1, 1), True),
        ("memilih", D, None, date(2023, 1, 1), True),
        ("memilih", DAY_AFTER, None, date(2023, 1, 1), False),  # begins after the sentence, e.g.
        ("memilih", date(2020, 1, 1), DAY_BEFORE, None, False),  # ended the day before
        ("memilih", date(2020, 1, 1), D, None, True),  # the last day is voting day
        ("memilih", date(2020, 1, 1), DAY_AFTER, None, True),
        ("memilih_dipilih", DAY_AFTER, date(2030, 1, 1), None, False),
    ])
    def test_in_force_on_voting_day(self, right, start, until, decided, revoked):
        assert rules.vote_revoked_on(right, start, until, decided, D) is revoked
        result = rules.eligibility(person(revoked_right=right, revoked_from=start, revoked_until=until,
                                          revocation_decision_date=decided), D)
        assert result.codes == (("hak_pilih_dicabut",) if revoked else ())


class TestRegisteredOnce:
    def other(self, admitted, left=None, stay_id=20):
        state = "bebas" if left else "ditahan"
        return OtherStay(stay_id, "Rutan Kelas IIB Pati", Summary(state, admitted, None, left))

    def test_the_later_admission_keeps_the_voter(self):
        later = self.other(date(2023, 6, 1))
        assert rules.eligibility(person(same_nik_elsewhere=(later,)), D).codes == ("ganda",)
        earlier = self.other(date(2022, 6, 1))
        assert rules.eligibility(person(same_nik_elsewhere=(earlier,)), D).codes == ()

    def test_a_stay_gone_before_the_day_does_not_count(self):
        assert rules.eligibility(person(same_nik_elsewhere=(self.other(date(2023, 6, 1), DAY_BEFORE),)), D).codes == ()
        assert rules.eligibility(person(same_nik_elsewhere=(self.other(date(2023, 6, 1), D),)), D).codes == ("ganda",)

    def test_the_stays_of_one_transfer_are_not_duplicates(self):
        next_stay = self.other(date(2023, 6, 1), stay_id=11)
        assert rules.eligibility(person(next_stay_id=11, same_nik_elsewhere=(next_stay,)), D).codes == ()


def test_one_person_answers_for_any_day():
    """The PDPB question: is this stay a voter on the first and on the last day of a quarter?"""
    stay = person(custody=Summary("bebas", date(2025, 2, 10), date(2025, 8, 31), date(2025, 8, 31)),
                  birth_date=date(2008, 5, 20))
    assert rules.eligibility(stay, date(2025, 1, 1)).codes == ("belum_masuk", "dibawah_umur")
    assert rules.eligibility(stay, date(2025, 3, 31)).codes == ("dibawah_umur",)
    assert rules.eligibility(stay, date(2025, 5, 19)).codes == ("dibawah_umur",)
    assert rules.eligibility(stay, date(2025, 5, 20)).is_voter  # 17 today
    assert rules.eligibility(stay, date(2025, 8, 31)).is_voter  # released today: still held
    assert rules.eligibility(stay, date(2025, 9, 1)).codes == ("bebas",)
    assert not rules.eligibility(stay, date(2025, 9, 1)).is_voter


DPT_DAY, H7 = date(2023, 6, 21), date(2024, 2, 7)


class TestListByDates:
    """DPT or DPTb by the election's dates, not by a lock (issue 11)."""

    @pytest.mark.parametrize("admitted,expected", [
        (date(2023, 6, 20), "dpt"),
        (DPT_DAY, "dpt"),  # held on the day the DPT was determined
        (date(2023, 6, 22), "dptb"),  # the day after: pindah memilih
        (date(2024, 2, 6), "dptb"),
        (H7, "dptb"),  # admitted on the detainees' deadline itself
        (date(2024, 2, 8), None),  # the day after: cannot be added here
        (D, None),
    ])
    def test_list_type(self, admitted, expected):
        assert rules.list_type(admitted_on=admitted, dpt_day=DPT_DAY, pindah_deadline=H7) == expected

    def test_without_a_dpt_date_everyone_is_dpt(self):
        assert rules.list_type(admitted_on=date(2024, 2, 13), dpt_day=None, pindah_deadline=H7) == "dpt"

    def standing(self, admitted, **overrides):
        stay = person(custody=Summary("ditahan", admitted, None, None), **overrides)
        return rules.standing(stay, voting_day=D, region=None, dpt_day=DPT_DAY, pindah_deadline=H7)

    def test_a_late_admission_is_tms_with_its_reason_and_keeps_its_potential_reason(self):
        assert self.standing(date(2024, 2, 8)) == rules.Standing("tms", (rules.LATE_ADMISSION,), "")
        late_without_nik = self.standing(date(2024, 2, 8), nik=None, nik_status="tanpa_nik")
        assert (late_without_nik.status, late_without_nik.codes) == ("tms", ("masuk_setelah_batas", "tanpa_nik"))
        assert self.standing(date(2024, 2, 7)).list_type == "dptb"
        assert self.standing(date(2024, 2, 7), nik_status="belum_verifikasi") == rules.Standing(
            "potensial", (rules.NIK_UNVERIFIED,), "")

    def test_tms_reasons_come_first_and_no_list(self):
        result = self.standing(date(2024, 2, 8), citizenship="WNA")
        assert (result.status, result.codes, result.list_type) == ("tms", ("wna",), "")

    def test_kpu_decides_dpk(self):
        stay = person(custody=Summary("ditahan", date(2023, 1, 1), None, None))
        result = rules.standing(stay, voting_day=D, region=None, dpt_day=DPT_DAY, pindah_deadline=H7, marked_dpk=True)
        assert result == rules.Standing("ms", (), "dpk")


class TestResidents:
    @pytest.mark.parametrize("home,region,resident", [
        ("33.18.10.1007", None, True),  # Pemilu: everyone
        ("35.78.01.1001", None, True),
        ("33.18.10.1007", "33", True),  # Pati in Jawa Tengah
        ("35.78.01.1001", "33", False),  # Surabaya
        ("33.16.09", "33.16", True),  # a kecamatan-level home
        ("33.18.10.1007", "33.16", False),
        ("33.161.01.1001", "33.16", False),  # a prefix is not a parent
    ])
    def test_resident_of(self, home, region, resident):
        assert rules.resident_of(home, region) is resident

    def test_a_non_resident_is_not_a_voter_of_a_regional_election(self):
        stay = person(home_region="35.78.01.1001")
        assert rules.eligibility(stay, D, region="33").codes == ("bukan_penduduk",)
        assert rules.eligibility(stay, D).is_voter


@pytest.mark.parametrize("dpt,dptb,reserve,delivered", [
    (0, 0, 0, 0), (1, 0, 1, 2), (49, 5, 1, 55), (50, 0, 1, 51), (51, 0, 2, 53), (250, 0, 5, 255), (300, 0, 6, 306),
    (0, 40, 0, 40),  # DPTb add no reserve
])
def test_ballots_delivered_are_dpt_and_dptb_plus_two_percent_of_the_dpt(dpt, dptb, reserve, delivered):
    assert rules.reserve(dpt) == reserve
    assert rules.ballots_delivered(dpt=dpt, dptb=dptb) == delivered
