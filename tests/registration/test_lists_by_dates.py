"""Issue 11 through the refresh: DPT or DPTb by the election's dates, late admissions, residents only,
reserve ballots from the DPT, and counts that add up and link to the people behind them."""

from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from registration import selectors, services
from registration.forms import VoterFilterForm
from registration.models import Registration
from tests.factories import make_inmate

DPT_DAY, H7, D = date(2023, 6, 21), date(2024, 2, 7), date(2024, 2, 14)


def standing(election, inmate) -> tuple[str, str, str]:
    registration = Registration.objects.get(election=election, inmate=inmate)
    return registration.status, registration.list_type, registration.reasons


@pytest.mark.parametrize("admitted,expected", [
    (date(2023, 6, 20), ("ms", "dpt", "")),
    (DPT_DAY, ("ms", "dpt", "")),
    (date(2023, 6, 22), ("ms", "dptb", "")),
    (date(2024, 2, 6), ("ms", "dptb", "")),
    (H7, ("ms", "dptb", "")),
    (date(2024, 2, 8), ("tms", "", ",masuk_setelah_batas,")),
    (date(2024, 2, 13), ("tms", "", ",masuk_setelah_batas,")),
])
def test_dpt_or_dptb_by_the_elections_dates(pemilu, world, admitted, expected):
    inmate = make_inmate(world.blora, admitted_on=admitted)
    assert standing(pemilu, inmate) == expected


def test_a_late_admission_gets_no_seat_and_no_ballot_and_is_counted_with_its_reason(pemilu, world):
    on_time = make_inmate(world.blora, full_name="Tepat", admitted_on=H7)
    late = make_inmate(world.blora, full_name="Terlambat", admitted_on=date(2024, 2, 8))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    assert Registration.objects.get(inmate=on_time).tps is not None
    registration = Registration.objects.get(inmate=late)
    assert (registration.tps, registration.ballots) == (None, "")
    line = selectors.dashboard(user=world.users["kpu.blora"], election=pemilu).facilities[0]
    assert (line.count("ms"), line.count("tms"), line.count("reason_masuk_setelah_batas")) == (1, 1, 1)
    assert [(reason.code, count) for reason, count, _url in line.tms_reasons] == [("masuk_setelah_batas", 1)]
    assert [b.total for b in line.ballots] == [1] * 5  # one DPTb voter, no reserve from a DPTb


def test_without_a_dpt_date_everyone_eligible_is_dpt(pemilu, world):
    pemilu.dpt_determined_on = None
    pemilu.save()
    inmate = make_inmate(world.blora, admitted_on=date(2024, 2, 13))
    assert standing(pemilu, inmate) == ("ms", "dpt", "")


def test_kpu_still_decides_dpk(pemilu, world):
    inmate = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    registration = Registration.objects.get(election=pemilu, inmate=inmate)
    services.registration_update(registration=registration, marked_dpk=True)
    assert standing(pemilu, inmate) == ("ms", "dpk", "")


class TestPilkadaResidentsOnly:
    def test_a_blora_voter_from_pati_keeps_the_governors_ballot_only(self, pilkada, world):
        from_pati = make_inmate(world.blora, admitted_on=date(2024, 1, 1), home_region_id="33.18.10.1007")
        from_blora = make_inmate(world.blora, admitted_on=date(2024, 1, 1), home_region_id="33.16.09.2001")
        assert Registration.objects.get(election=pilkada, inmate=from_pati).ballot_codes() == ["GUB"]
        assert Registration.objects.get(election=pilkada, inmate=from_blora).ballot_codes() == ["GUB", "BUP"]

    def test_a_home_outside_jawa_tengah_is_not_a_voter_in_it(self, pilkada, pemilu, world):
        from_surabaya = make_inmate(world.blora, admitted_on=date(2024, 1, 1), home_region_id="35.78.01.1001")
        make_inmate(world.blora, admitted_on=date(2024, 1, 1), home_region_id="33.18.10.1007")
        assert standing(pilkada, from_surabaya) == ("tms", "", ",bukan_penduduk,")
        assert standing(pemilu, from_surabaya)[0] == "ms"  # the national election is everyone's
        services.allocate(election=pilkada, facility=world.blora, create_missing=True)
        assert Registration.objects.get(election=pilkada, inmate=from_surabaya).tps is None
        line = selectors.dashboard(user=world.users["kpu.jateng"], election=pilkada, facility=world.blora).facilities[0]
        assert (line.count("ms"), line.count("tms"), line.count("reason_bukan_penduduk")) == (1, 1, 1)
        assert [(b.contest.code, b.voters, b.reserve, b.total) for b in line.ballots] == [
            ("GUB", 1, 1, 2), ("BUP", 0, 0, 0)]
        assert (line.needed, line.kpps) == (1, 7)


def test_the_reserve_is_two_percent_of_each_tps_dpt_per_ballot(pemilu, world):
    for index in range(3):
        make_inmate(world.blora, full_name=f"DPT {index}", admitted_on=date(2023, 1, 1), home_region_id="33.16.09.2001")
    for index in range(2):
        make_inmate(world.blora, full_name=f"DPTb {index}", admitted_on=date(2024, 1, 5), home_region_id="33.18.10.1007")
    services.tps_create(election=pemilu, facility=world.blora, number=1, capacity=3, capacity_reason="Blok A", user=None)
    services.tps_create(election=pemilu, facility=world.blora, number=2, capacity=3, capacity_reason="Blok B", user=None)
    services.allocate(election=pemilu, facility=world.blora)
    line = selectors.dashboard(user=world.users["kpu.blora"], election=pemilu).facilities[0]
    by_tps = {t.number: {b.contest.code: (b.voters, b.dpt, b.reserve, b.total) for b in t.ballots} for t in line.tps}
    # Register order puts the three DPT voters in TPS 001 and the two DPTb voters from Pati in TPS 002.
    assert by_tps[1]["PPWP"] == (3, 3, 1, 4) and by_tps[1]["DPRD_KAB"] == (3, 3, 1, 4)
    assert by_tps[2]["PPWP"] == (2, 0, 0, 2) and by_tps[2]["DPRD_KAB"] == (0, 0, 0, 0)  # Pati: no Blora DPRD ballot
    assert {b.contest.code: b.total for b in line.ballots}["PPWP"] == 6


def _filters(url: str):
    form = VoterFilterForm({key: values[0] for key, values in parse_qs(urlparse(url).query,
                                                                       keep_blank_values=True).items()})
    return form.filters()


def test_every_count_reconciles_and_links_to_its_people(pemilu, world):
    make_inmate(world.blora, full_name="MS", admitted_on=date(2023, 1, 1), sex="P", disability=6)
    make_inmate(world.blora, full_name="DPTb", admitted_on=date(2023, 9, 1), home_region_id="33.18.10.1007")
    make_inmate(world.blora, full_name="Tanpa NIK", nik=None, nik_status="tanpa_nik", admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Belum verifikasi", nik_status="belum_verifikasi", admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="WNA tanpa NIK", citizenship="WNA", nik=None, nik_status="tanpa_nik",
                admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Terlambat", admitted_on=date(2024, 2, 10))
    make_inmate(world.blora, full_name="Bebas", admitted_on=date(2023, 1, 1), expected_release=date(2024, 2, 13))
    make_inmate(world.blora, full_name="Tentara", admitted_on=date(2023, 1, 1), tni_polri_status="aktif")
    line = selectors.dashboard(user=world.users["kpu.blora"], election=pemilu).facilities[0]
    assert line.reconciles
    counts = {key: line.count(key) for key in ("considered", "ms", "potential", "tms", "reason_tanpa_nik")}
    # The WNA without NIK is TMS: not counted among the potential voters without NIK.
    assert counts == {"considered": 8, "ms": 2, "potential": 2, "tms": 4, "reason_tanpa_nik": 1}
    for key, url in line.urls.items():
        listed = selectors.voter_list(user=world.users["kpu.blora"], election=pemilu, facility=world.blora,
                                      filters=_filters(url)).count()
        expected = line.count(key) if not key.startswith("contest_") else next(
            b.voters for b in line.ballots if f"contest_{b.contest.code}" == key)
        assert listed == expected, key
    page = world.client("kpu.blora").get(line.urls["reason_masuk_setelah_batas"])
    assert [r.inmate.full_name for r in page.context["page"]] == ["Terlambat"]
    assert f'href="{line.urls["reason_tanpa_nik"]}"'.replace("&", "&amp;") in page.content.decode()
