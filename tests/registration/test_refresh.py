from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inmates import services as registry
from inmates.models import Inmate, NikStatus
from registration import services
from registration.models import Election, ListVersion, Registration, Tps
from tests.factories import make_inmate

D = date(2024, 2, 14)


def reg(election, inmate) -> Registration:
    return Registration.objects.get(election=election, inmate=inmate)


def test_a_new_wbp_is_registered_by_the_registry_signal(pemilu, world):
    inmate = make_inmate(world.blora, home_region_id="33.16.09.2001", admitted_on=date(2023, 6, 1))
    registration = reg(pemilu, inmate)
    assert (registration.status, registration.list_type, registration.reasons) == ("ms", "dpt", "")
    assert registration.ballot_codes() == ["PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KAB"]
    assert registration.facility == world.blora


def test_who_counts_for_the_election(pemilu, world):
    later = make_inmate(world.blora, admitted_on=date(2024, 3, 1))
    gone_long_ago = make_inmate(world.blora, admitted_on=date(2020, 1, 1), expected_release=date(2021, 1, 1))
    registry.release_record(inmate=gone_long_ago, day=date(2021, 1, 1), user=None)
    left_before = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    registry.release_record(inmate=left_before, day=date(2024, 2, 13), user=None)
    left_after = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    registry.release_record(inmate=left_after, day=date(2024, 2, 20), user=None)
    on_the_day = make_inmate(world.blora, admitted_on=date(2023, 1, 1), expected_release=D)
    regs = {r.inmate_id: r for r in Registration.objects.filter(election=pemilu)}
    assert later.pk not in regs
    assert gone_long_ago.pk not in regs
    assert (regs[left_before.pk].status, regs[left_before.pk].reasons) == ("tms", ",bebas,")
    assert regs[left_after.pk].status == "ms"
    assert regs[on_the_day.pk].status == "ms"


def test_refresh_is_idempotent_and_reports_what_changed(pemilu, world):
    inmate = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    report = services.registration_refresh(election=pemilu, facility=world.blora)
    assert not report.changed and report.unchanged == 1
    Inmate.objects.filter(pk=inmate.pk).update(expected_release=date(2024, 1, 31))  # as if an event said so
    report = services.registration_refresh(election=pemilu, facility=world.blora)
    assert report.left_list == [(inmate.full_name, "Bebas sebelum hari H (memilih di TPS asal)")]
    assert report.summary() == "0 baru, 0 masuk daftar, 1 keluar daftar, 0 berubah alasan."
    again = services.registration_refresh(election=pemilu, facility=world.blora)
    assert not again.changed


def test_transfer_before_voting_day_moves_the_voter(pemilu, world):
    person = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    incoming = registry.transfer_record(inmate=person, day=date(2024, 1, 5), destination=world.pati, user=None)
    assert (reg(pemilu, person).status, reg(pemilu, person).reasons) == ("tms", ",pindah,")
    assert not Registration.objects.filter(inmate=incoming).exists()  # not held there until confirmed
    registry.transfer_confirm(inmate=incoming, register_number="AI.1/2024", arrived_on=date(2024, 1, 6), user=None)
    moved = reg(pemilu, incoming)
    assert (moved.status, moved.facility, moved.list_type) == ("ms", world.pati, "dptb")  # arrived after the DPT date
    assert moved.ballot_codes() == ["PPWP", "DPR", "DPD"]  # home Blora, TPS in Pati


def test_transfer_on_voting_day_counts_at_the_destination_where_it_is_too_late(pemilu, world):
    person = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    incoming = registry.transfer_record(inmate=person, day=D, destination=world.pati, user=None)
    registry.transfer_confirm(inmate=incoming, register_number="AI.2/2024", arrived_on=D, user=None)
    assert (reg(pemilu, person).status, reg(pemilu, person).reasons) == ("tms", ",pindah,")
    # Held at Pati on voting day, but arrived after the detainees' deadline (H-7): not on its lists.
    assert (reg(pemilu, incoming).status, reg(pemilu, incoming).reasons) == ("tms", ",masuk_setelah_batas,")


def test_the_same_nik_on_two_lists_keeps_only_the_later_admission(pemilu, world):
    first = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    registry.release_record(inmate=first, day=date(2024, 1, 20), user=None)
    # Data error: the release was really later, after voting day, while Pati admitted the person in January.
    Inmate.objects.filter(pk=first.pk).update(left_on=date(2024, 3, 1), expected_release=None)
    second = make_inmate(world.pati, nik=first.nik, admitted_on=date(2024, 1, 10), birth_date=first.birth_date)
    services.registration_refresh(election=pemilu, facility=world.blora)
    assert (reg(pemilu, first).status, reg(pemilu, first).reasons) == ("tms", ",ganda,")
    assert reg(pemilu, second).status == "ms"


def test_no_nik_and_unverified_nik_are_potential_voters(pemilu, world):
    none = make_inmate(world.blora, nik=None, nik_status=NikStatus.NONE)
    unverified = make_inmate(world.blora, nik_status=NikStatus.UNVERIFIED)
    assert (reg(pemilu, none).status, reg(pemilu, none).reasons) == ("potensial", ",tanpa_nik,")
    assert (reg(pemilu, unverified).status, reg(pemilu, unverified).reasons) == ("potensial", ",nik_belum_verifikasi,")
    registry.nik_verify(inmate=unverified, user=None)
    assert reg(pemilu, unverified).status == "ms"


def test_after_the_dpt_is_locked_newcomers_are_dptb_and_kpu_may_mark_dpk(pemilu, world):
    first = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, user=world.users["kpu.blora"])
    newcomer = make_inmate(world.blora, admitted_on=date(2024, 1, 20))
    assert reg(pemilu, first).list_type == "dpt"
    assert reg(pemilu, newcomer).list_type == "dptb"
    services.registration_update(registration=reg(pemilu, newcomer), marked_dpk=True)
    assert reg(pemilu, newcomer).list_type == "dpk"


def test_a_voter_who_leaves_frees_their_tps_seat(pemilu, world):
    person = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    tps = reg(pemilu, person).tps
    assert tps.allocated == 1
    registry.release_record(inmate=person, day=date(2024, 2, 1), user=None)
    tps.refresh_from_db()
    assert reg(pemilu, person).tps is None and tps.allocated == 0


def test_a_closed_election_is_not_refreshed(pemilu, world):
    Election.objects.filter(pk=pemilu.pk).update(status=Election.Status.CLOSED)
    inmate = make_inmate(world.blora)
    assert not Registration.objects.filter(inmate=inmate).exists()
    pemilu.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.registration_refresh(election=pemilu, facility=world.blora)
    assert error.value.messages == ["Pemilu ini sudah selesai; daftarnya tidak dihitung ulang lagi."]


def test_a_pilkada_covers_only_its_region(pilkada, world):
    inside = make_inmate(world.pati, admitted_on=date(2024, 6, 1), home_region_id="33.18.10.1007")
    outside = make_inmate(world.surabaya, admitted_on=date(2024, 6, 1))
    assert reg(pilkada, inside).ballot_codes() == ["GUB", "BUP"]
    assert not Registration.objects.filter(inmate=outside).exists()
    with pytest.raises(ValidationError):
        services.registration_refresh(election=pilkada, facility=world.surabaya)


def test_the_refresh_command(pemilu, world, capsys):
    make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    Registration.objects.all().delete()
    call_command("refresh_registrations", "--election", "pemilu-2024", "--facility", "rutan-blora")
    assert "Rutan Kelas IIB Blora: 1 baru, 1 masuk daftar, 0 keluar daftar, 0 berubah alasan." in capsys.readouterr().out
    assert Registration.objects.count() == 1
    call_command("refresh_registrations", "--election", "pemilu-2024")
    assert "Rutan Kelas IIB Blora: 0 baru, 0 masuk daftar" in capsys.readouterr().out


def test_the_officer_is_told_what_a_registry_change_did_to_the_lists(pemilu, world):
    person = make_inmate(world.blora, full_name="Joko Lelono", admitted_on=date(2023, 1, 1))
    response = world.client("petugas.blora").post(f"/wbp/{person.pk}/peristiwa/bebas/", {"bebas-date": "2024-02-01"},
                                                 follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert ("Daftar pemilih Pemilu 2024 di Rutan Kelas IIB Blora diperbarui: 0 baru, 0 masuk daftar, 1 keluar daftar, "
            "0 berubah alasan. Keluar daftar: Joko Lelono (Bebas sebelum hari H (memilih di TPS asal)).") in shown
    quiet = world.client("petugas.blora").post(f"/wbp/{person.pk}/peristiwa/bebas/", {"bebas-date": "2024-02-02"},
                                              follow=True)
    assert not any("Daftar pemilih" in str(m) for m in quiet.context["messages"])


def test_changes_are_written_once_per_kind_of_change(pemilu, world):
    people = [make_inmate(world.blora, admitted_on=date(2023, 6, 1)) for _index in range(5)]
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    # Behind the services' back, so that one refresh meets three kinds of change at once.
    Inmate.objects.filter(pk__in=[people[0].pk, people[1].pk]).update(expected_release=date(2024, 1, 31))
    Inmate.objects.filter(pk=people[2].pk).update(nik_status=NikStatus.UNVERIFIED)
    Inmate.objects.filter(pk=people[3].pk).update(home_region_id="33.18.10.1007")
    with CaptureQueriesContext(connection) as context:
        report = services.registration_refresh(election=pemilu, facility=world.blora)
    updates = [q["sql"] for q in context.captured_queries if q["sql"].startswith('UPDATE "registration_registration"')]
    assert len(updates) == 3  # released (2 people), NIK unverified, other ballots
    assert len(report.left_list) == 3 and report.unchanged == 1
    released = [reg(pemilu, person) for person in people[:2]]
    assert {(r.status, r.reasons, r.list_type, r.tps_id) for r in released} == {("tms", ",bebas,", "", None)}
    unverified = reg(pemilu, people[2])
    assert (unverified.status, unverified.reasons, unverified.tps_id) == ("potensial", ",nik_belum_verifikasi,", None)
    moved_home = reg(pemilu, people[3])
    assert (moved_home.status, moved_home.ballot_codes(), moved_home.tps_id is not None) == (
        "ms", ["PPWP", "DPR", "DPD"], True)
    assert Tps.objects.get().allocated == 2
    assert len({r.updated_at for r in [*released, unverified, moved_home]}) == 1


def test_homes_moved_to_a_new_region_edition_refresh_the_lists(pemilu, world):
    """regions sends region_codes_moved after moving homes to new codes; ballots follow the new home."""
    from regions.signals import region_codes_moved

    voter = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    registration = Registration.objects.get(inmate=voter, election=pemilu)
    assert "DPRD_KAB" in registration.ballot_codes()
    Inmate.objects.filter(pk=voter.pk).update(home_region_id="33.18.10.1007")  # a home in Pati, as a move would write
    region_codes_moved.send(sender=None, facility_ids={world.blora.pk})
    registration.refresh_from_db()
    assert registration.ballot_codes() == ["PPWP", "DPR", "DPD"]  # Pati shares the DPR dapil (Jawa Tengah III) only


def test_a_change_to_one_stay_refreshes_that_stay_only(pemilu, world):
    """An identity edit, a NIK status or a release of one stay recomputes that stay's registration, not
    the facility's whole list: the cost of an officer's edit does not grow with the Lapas."""
    edited = make_inmate(world.blora, full_name="Sri Rahayu", admitted_on=date(2023, 1, 1))
    other = make_inmate(world.blora, full_name="Budi Santoso", admitted_on=date(2023, 1, 1))
    for _index in range(20):
        make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    # Behind the services' back: a change to `other` the registry never announced.
    Inmate.objects.filter(pk=other.pk).update(expected_release=date(2024, 1, 31))
    Inmate.objects.filter(pk=edited.pk).update(nik_status=NikStatus.UNVERIFIED)
    edited.refresh_from_db()
    with CaptureQueriesContext(connection) as context:
        registry.nik_verify(inmate=edited, user=None)
    assert reg(pemilu, edited).status == "ms"
    assert reg(pemilu, other).status == "ms"  # not recomputed: nothing announced it
    read = [q["sql"] for q in context.captured_queries
            if q["sql"].startswith('SELECT "registration_registration"."id"')]
    assert len(read) == 1 and f"IN ({edited.pk})" in read[0], read
    # A refresh of the whole facility (the page's button, the nightly command) still sees everything.
    report = services.registration_refresh(election=pemilu, facility=world.blora)
    assert report.left_list == [("Budi Santoso", "Bebas sebelum hari H (memilih di TPS asal)")]
    assert reg(pemilu, other).status == "tms"


def test_a_transfer_refreshes_both_facilities_whole(pemilu, world):
    person = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    stale = make_inmate(world.pati, admitted_on=date(2023, 1, 1))
    Inmate.objects.filter(pk=stale.pk).update(expected_release=date(2024, 1, 31))
    registry.transfer_record(inmate=person, day=date(2024, 1, 10), destination=world.pati, user=None)
    assert reg(pemilu, stale).status == "tms"  # the destination's list was recomputed whole
