import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from inmates import services as registry
from registration import selectors, services
from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from registration.models import Election, Registration, Tps
from tests.conftest import APPS_WITHOUT_REFERENCE, build_world
from tests.factories import make_inmate


def voters(world, count: int, facility=None, start: int = 1):
    return [make_inmate(facility or world.blora, register_number=f"BI.{start + i:04d}/2023", admitted_on=date(2023, 1, 1))
            for i in range(count)]


def placement(election) -> dict[str, int | None]:
    return {r.inmate.register_number: (r.tps.number if r.tps else None)
            for r in Registration.objects.filter(election=election, status="ms").select_related("inmate", "tps")}


def test_tps_needs_count_tps_kpps_and_linmas(pemilu, world):
    Election.objects.filter(pk=pemilu.pk).update(max_voters_per_tps=2)
    pemilu.refresh_from_db()
    voters(world, 5)
    needs = selectors.tps_needs(election=pemilu, facility=world.blora)
    assert (needs.voters, needs.needed, needs.planned, needs.kpps, needs.linmas) == (5, 3, 0, 21, 6)


def test_every_planned_tps_needs_its_own_kpps(pemilu, world):
    voters(world, 2)
    for _number in range(2):  # more TPS than 2 voters need: each still opens with its officers
        services.tps_create(election=pemilu, facility=world.blora, user=None)
    needs = selectors.tps_needs(election=pemilu, facility=world.blora)
    assert (needs.needed, needs.planned, needs.kpps, needs.linmas) == (1, 2, 14, 4)


def test_a_capacity_override_needs_a_reason(pemilu, world):
    with pytest.raises(ValidationError) as error:
        services.tps_create(election=pemilu, facility=world.blora, capacity=450, user=None)
    assert error.value.message_dict == {"capacity_reason": [
        "Tuliskan alasan bila kapasitas berbeda dari batas 300 pemilih per TPS."]}
    tps = services.tps_create(election=pemilu, facility=world.blora, capacity=450, capacity_reason="Izin KPU RI", user=None)
    assert (tps.number, tps.capacity, tps.location_id) == (1, 450, world.blora.location_id)
    with pytest.raises(ValidationError) as error:
        services.tps_create(election=pemilu, facility=world.blora, number=1, user=None)
    assert error.value.message_dict == {"number": ["Nomor TPS 001 sudah dipakai di Lapas/Rutan ini untuk pemilu ini."]}


def test_allocation_fills_in_register_order_and_never_reshuffles(pemilu, world):
    Election.objects.filter(pk=pemilu.pk).update(max_voters_per_tps=3)
    pemilu.refresh_from_db()
    people = voters(world, 5)
    report = services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    assert (report.created_tps, report.placed, report.unplaced) == (2, 5, 0)
    before = placement(pemilu)
    assert before == {"BI.0001/2023": 1, "BI.0002/2023": 1, "BI.0003/2023": 1, "BI.0004/2023": 2, "BI.0005/2023": 2}
    registry.release_record(inmate=people[1], day=date(2024, 1, 2), user=None)  # frees a seat in TPS 1
    voters(world, 2, start=6)
    services.allocate(election=pemilu, facility=world.blora)
    after = placement(pemilu)
    assert {k: v for k, v in after.items() if k in before} == {k: v for k, v in before.items() if k != "BI.0002/2023"}
    assert (after["BI.0006/2023"], after["BI.0007/2023"]) == (1, 2)
    assert [t.allocated for t in Tps.objects.order_by("number")] == [3, 3]


def test_voters_without_room_are_reported(pemilu, world):
    voters(world, 3)
    services.tps_create(election=pemilu, facility=world.blora, capacity=2, capacity_reason="ruang sempit", user=None)
    report = services.allocate(election=pemilu, facility=world.blora)
    assert (report.placed, report.unplaced) == (2, 1)


def test_manual_moves_respect_capacity(pemilu, world):
    first, second = voters(world, 2)
    one = services.tps_create(election=pemilu, facility=world.blora, user=None)
    two = services.tps_create(election=pemilu, facility=world.blora, capacity=1, capacity_reason="khusus", user=None)
    services.allocate(election=pemilu, facility=world.blora)
    services.move_voter(registration=Registration.objects.get(inmate=first), tps=two)
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.allocated, two.allocated) == (1, 1)
    with pytest.raises(ValidationError) as error:
        services.move_voter(registration=Registration.objects.get(inmate=second), tps=two)
    assert error.value.message_dict == {"tps": ["TPS 002 sudah penuh (1 dari 1 pemilih)."]}
    assert Registration.objects.get(inmate=second).tps == one


def test_capacity_and_deletion_guards(pemilu, world):
    voters(world, 2)
    tps = services.tps_create(election=pemilu, facility=world.blora, user=None)
    services.allocate(election=pemilu, facility=world.blora)
    with pytest.raises(ValidationError) as error:
        services.tps_update_capacity(tps=tps, capacity=1, capacity_reason="kecil")
    assert error.value.message_dict == {"capacity": ["Kapasitas tidak boleh lebih kecil dari pemilih yang sudah dialokasikan (2)."]}
    with pytest.raises(ValidationError) as error:
        services.tps_delete(tps=tps)
    assert error.value.messages == ["TPS 001 masih berisi 2 pemilih; pindahkan dulu pemilihnya."]


def test_the_database_refuses_more_voters_than_capacity(pemilu, world):
    tps = services.tps_create(election=pemilu, facility=world.blora, capacity=1, capacity_reason="uji", user=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tps.objects.filter(pk=tps.pk).update(allocated=2)


def test_allocate_tps_command_creates_then_changes_nothing(pemilu, world, capsys):
    voters(world, 4)
    call_command("allocate_tps", "--election", "pemilu-2024", "--facility", "rutan-blora")
    assert "1 TPS dibuat, 4 pemilih ditempatkan, 0 belum mendapat TPS." in capsys.readouterr().out
    before = placement(pemilu)
    call_command("allocate_tps", "--election", "pemilu-2024", "--facility", "rutan-blora")
    assert "0 TPS dibuat, 0 pemilih ditempatkan, 0 belum mendapat TPS." in capsys.readouterr().out
    assert placement(pemilu) == before and Tps.objects.count() == 1
    with pytest.raises(CommandError, match="Lapas/Rutan dengan kode rutan-x tidak ditemukan dalam pemilu ini."):
        call_command("allocate_tps", "--election", "pemilu-2024", "--facility", "rutan-x")


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under threads: PostgreSQL")


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_two_officers_cannot_both_take_the_last_seat():
    world = build_world()
    pemilu = _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    first, second = voters(world, 2)
    tps = services.tps_create(election=pemilu, facility=world.blora, capacity=1, capacity_reason="kursi terakhir", user=None)
    regs = [Registration.objects.get(inmate=first), Registration.objects.get(inmate=second)]
    took = threading.Event()
    outcome = {}

    def officer(name, registration, hold):
        try:
            with transaction.atomic():
                services.move_voter(registration=registration, tps=tps)
                if hold:
                    took.set()
                    time.sleep(0.5)  # keep the seat's row locked while the other officer tries
            outcome[name] = "ok"
        except ValidationError as error:
            outcome[name] = error.messages[0]
        finally:
            took.set()
            connection.close()

    a = threading.Thread(target=officer, args=("a", regs[0], True))
    a.start()
    took.wait(5)
    b = threading.Thread(target=officer, args=("b", regs[1], False))
    b.start()
    a.join(10)
    b.join(10)
    assert outcome == {"a": "ok", "b": "TPS 001 sudah penuh (1 dari 1 pemilih)."}
    tps.refresh_from_db()
    assert tps.allocated == 1
    assert Registration.objects.filter(tps=tps).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_many_simultaneous_moves_fill_exactly_the_capacity():
    world = build_world()
    pemilu = _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    people = voters(world, 8)
    tps = services.tps_create(election=pemilu, facility=world.blora, capacity=3, capacity_reason="uji", user=None)
    regs = list(Registration.objects.filter(inmate__in=people))
    start = threading.Barrier(len(regs))
    results = []

    def officer(registration):
        try:
            start.wait(5)
            services.move_voter(registration=registration, tps=tps)
            results.append(True)
        except ValidationError:
            results.append(False)
        finally:
            connection.close()

    threads = [threading.Thread(target=officer, args=(r,)) for r in regs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    tps.refresh_from_db()
    assert (results.count(True), results.count(False)) == (3, 5)
    assert tps.allocated == Registration.objects.filter(tps=tps).count() == 3
