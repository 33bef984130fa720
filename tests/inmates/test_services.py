from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from inmates import services
from inmates.models import CustodyState, Inmate, NikStatus
from tests.factories import inmate_data, make_inmate, make_nik

TODAY = timezone.localdate()


def test_creating_a_wbp_records_admission_and_expected_release(world, changes):
    user = world.users["petugas.blora"]
    inmate = make_inmate(world.blora, user=user, admitted_on=date(2023, 3, 1), expected_release=date(2025, 3, 1))
    assert [(e.kind, e.date) for e in inmate.events.all()] == [("masuk", date(2023, 3, 1)), ("ekspirasi", date(2025, 3, 1))]
    assert (inmate.custody_state, inmate.admitted_on, inmate.expected_release) == ("ditahan", date(2023, 3, 1), date(2025, 3, 1))
    assert inmate.history.first().history_user == user
    assert inmate.events.first().recorded_by == user
    assert changes == [{world.blora.pk}]


def test_a_new_nik_from_a_form_starts_unverified(world):
    inmate = make_inmate(world.blora, nik_status=NikStatus.NONE)
    assert inmate.nik_status == NikStatus.UNVERIFIED


def test_the_same_nik_cannot_be_active_in_two_facilities(world):
    first = make_inmate(world.blora)
    with pytest.raises(ValidationError) as error:
        make_inmate(world.pati, user=world.users["petugas.pati"], nik=first.nik)
    # petugas.pati may not see Rutan Blora, so it is not named.
    assert error.value.message_dict["nik"] == [
        "NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya."]
    with pytest.raises(ValidationError) as error:
        make_inmate(world.pati, user=world.users["kpu.jateng"], nik=first.nik)
    assert error.value.message_dict["nik"] == [
        f"NIK ini sudah aktif di Rutan Kelas IIB Blora (nomor register {first.register_number})."]
    assert Inmate.objects.filter(nik=first.nik).count() == 1


def test_the_database_itself_refuses_a_second_active_nik(world):
    first = make_inmate(world.blora)
    duplicate = Inmate(facility=world.pati, register_number="X-1", **{
        k: v for k, v in inmate_data(nik=first.nik).items() if k != "register_number"})
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_nik_may_return_once_the_first_stay_has_ended(world):
    first = make_inmate(world.blora)
    services.release_record(inmate=first, day=TODAY - timedelta(days=1), user=None)
    again = make_inmate(world.pati, nik=first.nik)
    assert again.nik == first.nik


def test_register_numbers_are_unique_within_a_facility_only(world):
    make_inmate(world.blora, register_number="BI.1/2023")
    make_inmate(world.pati, register_number="BI.1/2023")
    with pytest.raises(ValidationError) as error:
        make_inmate(world.blora, register_number="BI.1/2023")
    assert error.value.message_dict["register_number"] == [
        "Nomor register BI.1/2023 sudah dipakai di Rutan Kelas IIB Blora."]


def test_release_ends_the_stay_and_keeps_the_event(world, changes):
    inmate = make_inmate(world.blora)
    services.release_record(inmate=inmate, day=date(2024, 1, 10), note="PB", user=None)
    inmate.refresh_from_db()
    assert (inmate.custody_state, inmate.left_on) == (CustodyState.RELEASED, date(2024, 1, 10))
    assert inmate.events.last().kind == "bebas"
    assert changes[-1] == {world.blora.pk}


def test_release_dates_are_checked(world):
    inmate = make_inmate(world.blora, admitted_on=date(2023, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.release_record(inmate=inmate, day=TODAY + timedelta(days=1), user=None)
    assert error.value.message_dict == {"date": ["Tanggal tidak boleh setelah hari ini."]}
    with pytest.raises(ValidationError) as error:
        services.release_record(inmate=inmate, day=date(2023, 5, 31), user=None)
    assert error.value.message_dict == {"date": ["Tanggal tidak boleh sebelum tanggal masuk (1 Juni 2023)."]}
    assert inmate.events.count() == 2


def test_nothing_can_happen_after_a_stay_has_ended(world):
    inmate = make_inmate(world.blora)
    services.death_record(inmate=inmate, day=date(2024, 1, 3), user=None)
    with pytest.raises(ValidationError) as error:
        services.release_record(inmate=inmate, day=date(2024, 1, 4), user=None)
    assert error.value.messages == ["WBP ini tidak lagi ditahan di sini (meninggal); peristiwa tidak dapat dicatat."]


def test_expected_release_changes_are_kept_as_events(world):
    inmate = make_inmate(world.blora, expected_release=date(2025, 1, 1))
    services.expected_release_change(inmate=inmate, new_date=date(2024, 2, 1), note="remisi", user=None)
    inmate.refresh_from_db()
    assert inmate.expected_release == date(2024, 2, 1)
    assert list(inmate.events.filter(kind="ekspirasi").values_list("date", flat=True)) == [date(2025, 1, 1), date(2024, 2, 1)]
    with pytest.raises(ValidationError) as error:
        services.expected_release_change(inmate=inmate, new_date=date(2020, 1, 1), user=None)
    assert error.value.message_dict == {"date": ["Tanggal ekspirasi tidak boleh sebelum tanggal masuk (1 Juni 2023)."]}


class TestTransfer:
    def test_a_transfer_opens_an_incoming_stay_at_the_destination(self, world, changes):
        source = make_inmate(world.blora, nik_status=NikStatus.VERIFIED, expected_release=date(2027, 1, 1),
                             tni_polri_status="purnawirawan", tni_polri_since=date(2021, 7, 1),
                             revoked_right="memilih_dipilih", revocation_decision_number="7/Pid/2022",
                             revoked_from=date(2022, 2, 2), revoked_until=date(2029, 2, 1))
        incoming = services.transfer_record(inmate=source, day=date(2024, 1, 10), destination=world.pati, user=None)
        source.refresh_from_db()
        assert (source.custody_state, source.left_on) == (CustodyState.TRANSFERRED, date(2024, 1, 10))
        assert source.events.last().destination == world.pati
        assert incoming.facility == world.pati
        assert incoming.custody_state == CustodyState.INCOMING
        assert incoming.register_number is None
        assert (incoming.nik, incoming.nik_status, incoming.full_name) == (source.nik, NikStatus.VERIFIED, source.full_name)
        assert (incoming.tni_polri_status, incoming.tni_polri_since, incoming.revoked_right, incoming.revoked_from,
                incoming.revoked_until) == ("purnawirawan", date(2021, 7, 1), "memilih_dipilih", date(2022, 2, 2),
                                            date(2029, 2, 1))
        assert incoming.previous_stay == source
        assert changes[-1] == {world.blora.pk, world.pati.pk}

    def test_the_destination_confirms_with_its_own_register_number(self, world):
        source = make_inmate(world.blora, expected_release=date(2027, 1, 1))
        incoming = services.transfer_record(inmate=source, day=date(2024, 1, 10), destination=world.pati, user=None)
        services.transfer_confirm(inmate=incoming, register_number="AI.77/2024", arrived_on=date(2024, 1, 11),
                                  user=world.users["petugas.pati"])
        incoming.refresh_from_db()
        assert (incoming.custody_state, incoming.register_number, incoming.admitted_on, incoming.expected_release) == (
            CustodyState.HELD, "AI.77/2024", date(2024, 1, 11), date(2027, 1, 1))
        assert [e.kind for e in incoming.events.all()] == ["pindah_masuk", "ekspirasi"]

    def test_arrival_cannot_precede_the_transfer(self, world):
        source = make_inmate(world.blora)
        incoming = services.transfer_record(inmate=source, day=date(2024, 1, 10), destination=world.pati, user=None)
        with pytest.raises(ValidationError) as error:
            services.transfer_confirm(inmate=incoming, register_number="A", arrived_on=date(2024, 1, 9), user=None)
        assert error.value.message_dict == {"arrived_on": ["Tanggal tiba tidak boleh sebelum tanggal pemindahan (10 Januari 2024)."]}

    def test_a_transfer_to_the_same_facility_is_refused(self, world):
        source = make_inmate(world.blora)
        with pytest.raises(ValidationError) as error:
            services.transfer_record(inmate=source, day=date(2024, 1, 10), destination=world.blora, user=None)
        assert error.value.message_dict == {"destination": ["Lapas/Rutan tujuan tidak boleh sama dengan Lapas/Rutan asal."]}

    def test_the_sender_can_cancel_until_the_destination_confirms(self, world):
        source = make_inmate(world.blora)
        incoming = services.transfer_record(inmate=source, day=date(2024, 1, 10), destination=world.pati, user=None)
        services.transfer_cancel(inmate=source, user=None)
        source.refresh_from_db()
        assert source.custody_state == CustodyState.HELD and source.left_on is None
        assert not Inmate.objects.filter(pk=incoming.pk).exists()
        # Nothing is erased: the transfer stays in the history, followed by its cancellation.
        assert [e.kind for e in source.events.all()] == ["masuk", "ekspirasi", "pindah_keluar", "batal_pindah"]
        assert source.events.last().note == "Rutan Kelas IIB Pati"

    def test_a_confirmed_transfer_cannot_be_cancelled(self, world):
        source = make_inmate(world.blora)
        incoming = services.transfer_record(inmate=source, day=date(2024, 1, 10), destination=world.pati, user=None)
        services.transfer_confirm(inmate=incoming, register_number="A1", arrived_on=date(2024, 1, 10), user=None)
        source.refresh_from_db()
        with pytest.raises(ValidationError) as error:
            services.transfer_cancel(inmate=source, user=None)
        assert error.value.messages == [
            "Pemindahan ini tidak dapat dibatalkan karena sudah dikonfirmasi oleh Lapas/Rutan tujuan."]


def test_two_exits_for_one_stay_cannot_both_be_recorded(world):
    inmate = make_inmate(world.blora)
    stale_copy = Inmate.objects.get(pk=inmate.pk)  # another officer's page, opened before the release
    services.release_record(inmate=inmate, day=date(2024, 1, 5), user=None)
    with pytest.raises(ValidationError) as error:
        services.transfer_record(inmate=stale_copy, day=date(2024, 1, 6), destination=world.pati, user=None)
    assert error.value.messages == ["WBP ini tidak lagi ditahan di sini (bebas); peristiwa tidak dapat dicatat."]
    assert not Inmate.objects.filter(facility=world.pati).exists()


class TestNikWorkflow:
    def test_a_stay_that_has_ended_keeps_its_nik_status(self, world):
        inmate = make_inmate(world.blora, nik=None, nik_status=NikStatus.NONE)
        services.release_record(inmate=inmate, day=date(2024, 1, 5), user=None)
        with pytest.raises(ValidationError) as error:
            services.nik_obtained(inmate=inmate, nik=make_nik(birth=inmate.birth_date, serial=77), verified=True, user=None)
        assert error.value.messages == ["WBP ini tidak lagi ditahan di sini (bebas); status NIK-nya tidak dapat diubah."]
        assert services.nik_submit_for_recording(inmates=[inmate], batch="B", submitted_on=date(2024, 1, 6), user=None) == 0
        inmate.refresh_from_db()
        assert (inmate.nik, inmate.nik_status) == (None, NikStatus.NONE)

    def test_no_nik_submitted_then_obtained_then_verified(self, world):
        inmate = make_inmate(world.blora, nik=None, nik_status=NikStatus.NONE)
        assert inmate.nik_status == NikStatus.NONE
        count = services.nik_submit_for_recording(inmates=[inmate], batch="B-1", submitted_on=date(2023, 10, 1), user=None)
        inmate.refresh_from_db()
        assert count == 1
        assert (inmate.nik_status, inmate.perekaman_batch, inmate.perekaman_submitted_on) == (
            NikStatus.SUBMITTED, "B-1", date(2023, 10, 1))
        nik = make_nik(birth=inmate.birth_date, sex=inmate.sex, serial=4321)
        services.nik_obtained(inmate=inmate, nik=nik, verified=False, user=None)
        inmate.refresh_from_db()
        assert (inmate.nik, inmate.nik_status) == (nik, NikStatus.UNVERIFIED)
        services.nik_verify(inmate=inmate, user=None)
        inmate.refresh_from_db()
        assert inmate.nik_status == NikStatus.VERIFIED
        statuses = list(inmate.history.order_by("history_date", "history_id").values_list("nik_status", flat=True))
        assert statuses == ["tanpa_nik", "diajukan", "belum_verifikasi", "terverifikasi"]

    def test_not_found_by_dukcapil(self, world):
        inmate = make_inmate(world.blora, nik=None, nik_status=NikStatus.SUBMITTED)
        services.nik_mark_not_found(inmate=inmate, user=None)
        inmate.refresh_from_db()
        assert inmate.nik_status == NikStatus.NOT_FOUND

    def test_verify_needs_a_nik(self, world):
        inmate = make_inmate(world.blora, nik=None, nik_status=NikStatus.NONE)
        with pytest.raises(ValidationError) as error:
            services.nik_verify(inmate=inmate, user=None)
        assert error.value.messages == ["Isi NIK terlebih dahulu."]

    def test_a_changed_nik_must_be_verified_again(self, world):
        inmate = make_inmate(world.blora)
        new_nik = make_nik(birth=inmate.birth_date, sex=inmate.sex, serial=9876)
        services.inmate_update(inmate=inmate, data={"nik": new_nik}, user=None)
        inmate.refresh_from_db()
        assert inmate.nik_status == NikStatus.UNVERIFIED

    def test_the_database_keeps_nik_and_status_consistent(self, world):
        inmate = make_inmate(world.blora)
        with pytest.raises(IntegrityError), transaction.atomic():
            Inmate.objects.filter(pk=inmate.pk).update(nik_status=NikStatus.NONE)

