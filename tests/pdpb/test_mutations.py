"""Each kind of event appears once, with its reason, in the quarter it happened in, and only there;
AWAL + BERTAMBAH - BERKURANG = AKHIR and each AWAL is the previous AKHIR, for every facility and quarter."""

from datetime import date

import pytest

from inmates import services as registry
from inmates.models import NikStatus
from pdpb import selectors
from pdpb.models import PdpbEntry, Reason
from pdpb.quarters import Quarter, between
from tests.factories import make_inmate

TODAY = date(2025, 12, 20)
QUARTERS = between(Quarter(2025, 1), Quarter(2025, 4))


@pytest.fixture
def story(world, freeze_today):
    """One person per event at Rutan Blora, each in a known quarter of 2025."""
    freeze_today(date(2025, 8, 15))
    staff = world.users["petugas.blora"]
    people = {
        "steady": make_inmate(world.blora, full_name="Tetap Ada", admitted_on=date(2024, 1, 2)),
        "released": make_inmate(world.blora, full_name="Bebas Mei", admitted_on=date(2024, 1, 2)),
        "moved": make_inmate(world.blora, full_name="Pindah Agustus", admitted_on=date(2024, 1, 2)),
        "dies": make_inmate(world.blora, full_name="Meninggal November", admitted_on=date(2024, 1, 2)),
        "admitted": make_inmate(world.blora, full_name="Masuk Februari", admitted_on=date(2025, 2, 15)),
        "young": make_inmate(world.blora, full_name="Genap Juli", birth_date=date(2008, 7, 10), marital_status="B",
                             admitted_on=date(2025, 1, 5)),
        "verified": make_inmate(world.blora, full_name="Verifikasi Agustus", admitted_on=date(2024, 1, 2),
                                nik_status=NikStatus.UNVERIFIED),
        "fixed": make_inmate(world.blora, full_name="Alamat Diperbaiki", admitted_on=date(2024, 1, 2)),
        "dismissed": make_inmate(world.blora, full_name="Polri Diberhentikan Mei", admitted_on=date(2024, 1, 2),
                                 tni_polri_status="diberhentikan", tni_polri_since=date(2025, 5, 20)),
        "serving": make_inmate(world.blora, full_name="Polri Aktif Tercatat Agustus", admitted_on=date(2024, 1, 2)),
    }
    registry.release_record(inmate=people["released"], day=date(2025, 5, 10), user=staff)
    incoming = registry.transfer_record(inmate=people["moved"], day=date(2025, 8, 1), destination=world.pati, user=staff)
    people["arrived"] = registry.transfer_confirm(inmate=incoming, register_number="PT.1/2025", arrived_on=date(2025, 8, 1),
                                                  user=world.users["petugas.pati"])
    registry.nik_verify(inmate=people["verified"], user=staff)
    registry.inmate_update(inmate=people["fixed"], data={"address": "Jl. Baru No. 2"}, user=staff)
    registry.inmate_update(inmate=people["serving"], data={"tni_polri_status": "aktif",
                                                           "tni_polri_since": date(2012, 4, 1)}, user=staff)
    freeze_today(TODAY)
    people["dies"].refresh_from_db()
    registry.death_record(inmate=people["dies"], day=date(2025, 11, 2), user=staff)
    return people


def _where(world, stay, side):
    """{quarter: [(reason, detail)]} of this stay's mutations on `side`, over 2025."""
    found = {}
    for quarter in QUARTERS:
        for line in selectors.compute(facilities=[world.blora, world.pati], quarter=quarter, today=TODAY):
            rows = {PdpbEntry.Side.ADDED: line.added, PdpbEntry.Side.REMOVED: line.removed,
                    PdpbEntry.Side.CORRECTED: line.corrected}[side]
            for mutation in rows:
                if mutation.voter.stay_id == stay.pk:
                    found.setdefault(quarter.number, []).append((mutation.reason, mutation.detail))
    return found


def test_a_release_is_one_removal_in_its_quarter(world, story):
    assert _where(world, story["released"], PdpbEntry.Side.REMOVED) == {
        2: [(Reason.RELEASED, "tetap pemilih di alamat KTP-el")]}
    assert _where(world, story["released"], PdpbEntry.Side.ADDED) == {}


def test_a_transfer_leaves_one_facility_and_arrives_at_the_other_in_its_quarter(world, story):
    assert _where(world, story["moved"], PdpbEntry.Side.REMOVED) == {
        3: [(Reason.TRANSFERRED_OUT, "ke Rutan Kelas IIB Pati")]}
    assert _where(world, story["arrived"], PdpbEntry.Side.ADDED) == {3: [(Reason.TRANSFERRED_IN, "")]}
    assert _where(world, story["moved"], PdpbEntry.Side.ADDED) == {}
    assert _where(world, story["arrived"], PdpbEntry.Side.REMOVED) == {}


def test_a_death_is_one_removal_in_its_quarter(world, story):
    assert _where(world, story["dies"], PdpbEntry.Side.REMOVED) == {4: [(Reason.DIED, "")]}
    assert _where(world, story["dies"], PdpbEntry.Side.ADDED) == {}


def test_an_admission_is_one_addition_in_its_quarter(world, story):
    assert _where(world, story["admitted"], PdpbEntry.Side.ADDED) == {1: [(Reason.ADMITTED, "")]}
    assert _where(world, story["admitted"], PdpbEntry.Side.REMOVED) == {}


def test_a_17th_birthday_is_one_addition_in_its_quarter(world, story):
    assert _where(world, story["young"], PdpbEntry.Side.ADDED) == {3: [(Reason.TURNED_17, "")]}
    assert _where(world, story["young"], PdpbEntry.Side.REMOVED) == {}


def test_a_dismissal_from_the_police_lifts_tms_in_the_quarter_it_takes_effect(world, story):
    assert _where(world, story["dismissed"], PdpbEntry.Side.ADDED) == {
        2: [(Reason.TMS_LIFTED, "Anggota TNI/Polri aktif")]}
    assert _where(world, story["dismissed"], PdpbEntry.Side.REMOVED) == {}


def test_a_serving_officer_recorded_in_a_quarter_becomes_tms_in_that_quarter(world, story):
    assert _where(world, story["serving"], PdpbEntry.Side.REMOVED) == {3: [(Reason.TNI_POLRI, "")]}
    assert _where(world, story["serving"], PdpbEntry.Side.ADDED) == {}


def test_a_verified_nik_is_one_addition_in_the_quarter_it_was_verified(world, story):
    assert _where(world, story["verified"], PdpbEntry.Side.ADDED) == {3: [(Reason.NIK, "")]}


def test_a_corrected_address_is_a_correction_not_a_mutation(world, story):
    assert _where(world, story["fixed"], PdpbEntry.Side.CORRECTED) == {3: [(Reason.CORRECTED, "alamat")]}
    assert _where(world, story["fixed"], PdpbEntry.Side.ADDED) == {}
    assert _where(world, story["fixed"], PdpbEntry.Side.REMOVED) == {}


def test_every_quarter_adds_up_and_starts_where_the_last_ended(world, story):
    previous = {}
    for quarter in QUARTERS:
        for line in selectors.compute(facilities=[world.blora, world.pati], quarter=quarter, today=TODAY):
            assert line.adds_up(), (quarter, line.facility)
            if line.facility.pk in previous:
                assert line.start_count == previous[line.facility.pk]
            previous[line.facility.pk] = line.end_count
    q4 = selectors.compute(facilities=[world.blora], quarter=Quarter(2025, 4), today=TODAY)[0]
    assert {v.full_name for v in q4.end} == {"Tetap Ada", "Masuk Februari", "Genap Juli", "Verifikasi Agustus",
                                             "Alamat Diperbaiki", "Polri Diberhentikan Mei"}


def test_a_period_costs_the_same_queries_for_any_number_of_facilities(world, story, django_assert_num_queries):
    with django_assert_num_queries(4):
        selectors.compute(facilities=[world.blora], quarter=Quarter(2025, 3), today=TODAY)
    with django_assert_num_queries(4):
        selectors.compute(facilities=list(world.facilities.values()), quarter=Quarter(2025, 3), today=TODAY)
