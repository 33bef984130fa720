"""Ballots follow the election: its template's contests and its dapil edition. A Pemilu Nasional gives
only the PPWP, DPR and DPD ballots that home and TPS share; an election on a second dapil edition
gives a different DPR ballot to a voter whose kecamatan moved, while one on 2024 does not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from regions import reference, selectors
from registration import rules, services
from registration.models import Registration
from tests.factories import make_inmate

DPR = reference.DAPIL_DPR
BLORA_TPS, PATI_TPS = "33.16.09.1013", "33.18.10.1007"
KAUMAN = "33.16.09.1013"  # a desa of kecamatan Blora, the one that moves in the second edition
CEPU = "33.16.05.2001"    # a desa of kecamatan Cepu, which stays
HOMES = {
    "Blora": KAUMAN,                     # the TPS's own desa: every unit shared
    "Pati": "33.18.10.1007",             # same province and DPR dapil (JAWA TENGAH III)
    "Semarang": "33.74.14.1010",         # same province, DPR dapil JAWA TENGAH I
    "Sidoarjo": "35.15.18.2016",         # another province
}


def voting_day():
    """A year ahead of the test clock, so the WBP below are held then whatever day the suite runs."""
    return timezone.localdate() + timedelta(days=365)


def create(template: str, slug: str, **fields):
    return services.election_create(template=template, slug=slug, name=slug, voting_day=voting_day(), **fields)


def ballots(election) -> dict[str, tuple[str, str]]:
    return {r.inmate.full_name: (r.ballots, r.ballots_unknown)
            for r in Registration.objects.filter(election=election, status="ms").select_related("inmate")}


@pytest.fixture
def voters(world):
    return [make_inmate(world.blora, full_name=name, home_region_id=home, admitted_on=timezone.localdate() - timedelta(days=30),
                        expected_release=None) for name, home in HOMES.items()]


def test_a_pemilu_nasional_gives_only_the_ppwp_dpr_and_dpd_ballots_home_and_tps_share(world, voters):
    nasional = create("pemilu-nasional", "pemilu-nasional-uji")
    assert ballots(nasional) == {
        "Blora": (",PPWP,DPR,DPD,", ""),
        "Pati": (",PPWP,DPR,DPD,", ""),
        "Semarang": (",PPWP,DPD,", ""),
        "Sidoarjo": (",PPWP,", ""),
    }
    serentak = create("pemilu-serentak", "pemilu-serentak-uji")  # the same people with the five ballots of 2024
    assert ballots(serentak)["Blora"] == (",PPWP,DPR,DPD,DPRD_PROV,DPRD_KAB,", "")
    assert ballots(serentak)["Semarang"] == (",PPWP,DPD,", "")


def test_a_pemilu_daerah_gives_the_regional_ballots(world, voters):
    daerah = create("pemilu-daerah", "pemilu-daerah-uji", region="33")
    assert ballots(daerah) == {
        "Blora": (",DPRD_PROV,DPRD_KAB,GUB,BUP,", ""),
        "Pati": (",GUB,", ""),                    # another DPRD dapil, another kab/kota
        "Semarang": (",GUB,", ""),
    }
    # A home outside the election's region: not a voter in it at all (issue 11, residents only).
    outside = Registration.objects.get(election=daerah, inmate__full_name="Sidoarjo")
    assert (outside.status, outside.reasons) == ("tms", ",bukan_penduduk,")


def test_a_second_dapil_edition_changes_the_dpr_ballot_of_a_voter_whose_kecamatan_moved(world, blora_moved_edition):
    moved = make_inmate(world.pati, full_name="Dari Kauman", home_region_id=KAUMAN, expected_release=None,
                        admitted_on=timezone.localdate() - timedelta(days=30))
    stayed = make_inmate(world.pati, full_name="Dari Cepu", home_region_id=CEPU, expected_release=None,
                         admitted_on=timezone.localdate() - timedelta(days=30))
    on_2024 = create("pemilu-nasional", "pemilu-peta-2024", dapil_edition="2024")
    on_new = create("pemilu-nasional", "pemilu-peta-baru", dapil_edition=blora_moved_edition)
    assert (on_2024.dapil_edition_id, on_new.dapil_edition_id) == ("2024", "uji-2029")
    assert Registration.objects.get(election=on_2024, inmate=moved).ballots == ",PPWP,DPR,DPD,"
    assert Registration.objects.get(election=on_new, inmate=moved).ballots == ",PPWP,DPD,"  # JAWA TENGAH II now
    assert Registration.objects.get(election=on_2024, inmate=stayed).ballots == ",PPWP,DPR,DPD,"
    assert Registration.objects.get(election=on_new, inmate=stayed).ballots == ",PPWP,DPR,DPD,"
    # the rules, asked directly
    assert rules.unit_of(rules.SCOPE_DAPIL_DPR, KAUMAN, edition="2024") == "3303"
    assert rules.unit_of(rules.SCOPE_DAPIL_DPR, KAUMAN, edition=blora_moved_edition) == "3302"
    assert rules.entitled(rules.SCOPE_DAPIL_DPR, KAUMAN, PATI_TPS, edition="2024") is True
    assert rules.entitled(rules.SCOPE_DAPIL_DPR, KAUMAN, PATI_TPS, edition=blora_moved_edition) is False
    assert rules.entitled(rules.SCOPE_DAPIL_DPR, KAUMAN, PATI_TPS) is True  # no edition named: the default, 2024
    contests = list(on_new.contests.all())
    assert services.ballots_for(contests, KAUMAN, PATI_TPS, edition=blora_moved_edition) == (["PPWP", "DPD"], [])
    assert services.ballots_for(contests, KAUMAN, PATI_TPS) == (["PPWP", "DPR", "DPD"], [])
    # and the regions' comparison of the two maps lists exactly that kecamatan
    diff = selectors.dapil_diff(reference.dapil_index(DPR, edition="2024"),
                                reference.dapil_index(DPR, edition=blora_moved_edition), kind=DPR,
                                names_before=selectors.dapil_names(edition="2024", kind=DPR),
                                names_after=selectors.dapil_names(edition=blora_moved_edition, kind=DPR))
    assert diff.moves == [selectors.Move(selectors.Place("33.16.09", "Blora", reference.KECAMATAN), ("3303",), ("3302",))]


def test_an_election_keeps_its_edition_when_the_default_changes(world, blora_moved_edition):
    from regions.models import DapilEdition

    voter = make_inmate(world.pati, full_name="Dari Kauman", home_region_id=KAUMAN, expected_release=None,
                        admitted_on=timezone.localdate() - timedelta(days=30))
    election = create("pemilu-nasional", "pemilu-peta-bawaan")  # no edition named: the default's code is stored
    assert election.dapil_edition_id == "2024"
    DapilEdition.objects.filter(code="2024").update(is_default=False)
    DapilEdition.objects.filter(code=blora_moved_edition).update(is_default=True)
    reference.refresh()
    assert reference.default_dapil_edition() == blora_moved_edition
    services.election_refresh(election=election)
    assert Registration.objects.get(election=election, inmate=voter).ballots == ",PPWP,DPR,DPD,"
