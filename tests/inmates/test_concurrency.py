"""Officers and imports at the same time (issue 12): nothing silently overwritten, no duplicate stays, locked
lists that are whole snapshots, no deadlock.

The edit conflicts are shown one request after another (any database); the races run with threads on
PostgreSQL (row locks), each forced into its worst interleaving with a pause and then run repeatedly.
"""

import functools
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from inmates import importing, services
from inmates.importing import commit
from inmates.models import ImportRecord, Inmate
from tests.conftest import APPS_WITHOUT_REFERENCE, build_world
from tests.factories import make_inmate
from tests.inmates.conftest import row_values, rows_file, workbook_bytes
from tests.inmates.test_admin import _change_form_data

CONFLICT = ("Data WBP ini baru saja diubah oleh {user} pada {when}; muat ulang halaman lalu ulangi perubahan "
            "Anda.")
RELOAD = "Halaman ini sudah usang; muat ulang halaman lalu ulangi perubahan Anda."
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under threads: PostgreSQL")


def edit_form_data(client, inmate) -> dict:
    """What the edit page's form holds, as the browser would send it back."""
    form = client.get(f"/wbp/{inmate.pk}/ubah/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value.isoformat() if isinstance(value, date) else value
    return data


# One after another: the form, the admin, events and imports in between ----------------------------------

@pytest.fixture
def noon(freeze_today):
    return freeze_today(date(2024, 3, 12))  # the clock stands at 12.00 in Jakarta


@pytest.fixture
def person(world, noon):
    return make_inmate(world.blora, full_name="BUDI SANTOSO", mother_name="SUMIATI")


def test_the_second_officer_gets_a_conflict_and_the_first_change_stays(world, person):
    first, second = world.client("petugas.blora"), world.client("admin")
    first_form, second_form = edit_form_data(first, person), edit_form_data(second, person)
    assert first_form["version"] == second_form["version"] == person.version
    assert first.post(f"/wbp/{person.pk}/ubah/", {**first_form, "mother_name": "PAINEM"}).status_code == 302

    response = second.post(f"/wbp/{person.pk}/ubah/", {**second_form, "full_name": "BUDI SANTOSA"})
    assert response.status_code == 200
    conflict = CONFLICT.format(user="petugas.blora", when="12 Maret 2024 pukul 12.00")
    assert response.context["form"].non_field_errors() == [conflict]
    assert conflict in response.content.decode()
    person.refresh_from_db()
    assert (person.full_name, person.mother_name) == ("BUDI SANTOSO", "PAINEM")  # nothing overwritten
    assert person.history.count() == 2

    # Reloaded, the second officer sees the first one's change and may make their own.
    again = edit_form_data(second, person)
    assert (again["mother_name"], again["version"]) == ("PAINEM", person.version)
    assert second.post(f"/wbp/{person.pk}/ubah/", {**again, "full_name": "BUDI SANTOSA"}).status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.mother_name) == ("BUDI SANTOSA", "PAINEM")


def test_an_event_or_an_import_since_the_form_was_loaded_is_a_conflict_too(world, person):
    client = world.client("petugas.blora")
    form = edit_form_data(client, person)
    services.expected_release_change(inmate=person, new_date=date(2027, 1, 1), user=world.users["admin"])
    response = client.post(f"/wbp/{person.pk}/ubah/", {**form, "mother_name": "PAINEM"})
    assert response.context["form"].non_field_errors() == [CONFLICT.format(user="admin", when="12 Maret 2024 pukul 12.00")]
    person.refresh_from_db()
    assert (person.mother_name, person.expected_release) == ("SUMIATI", date(2027, 1, 1))

    form = edit_form_data(client, person)
    row = row_values(1, NO_REGISTER=person.register_number, NIK=person.nik, TANGGAL_LAHIR=person.birth_date,
                     NAMA="BUDI SANTOSO", NAMA_IBU="SUMARNI")
    outcome = importing.inmates_import(facility=world.blora, data=workbook_bytes([row]), file_name="x.xlsx", user=None)
    assert outcome.written and outcome.plan.counts()["updated"] == 1
    response = client.post(f"/wbp/{person.pk}/ubah/", {**form, "mother_name": "PAINEM"})
    assert response.context["form"].non_field_errors() == [CONFLICT.format(user="sistem", when="12 Maret 2024 pukul 12.00")]
    person.refresh_from_db()
    assert person.mother_name == "SUMARNI"


def test_every_write_counts_a_version(world, person):
    versions = [person.version]

    def step():
        person.refresh_from_db()
        versions.append(person.version)

    services.inmate_update(inmate=person, data={"mother_name": "X"}, user=None)
    step()
    services.nik_verify(inmate=person, user=None)
    step()
    services.nik_verify_many(inmates=[person], user=None)  # already verified: nothing written
    step()
    services.expected_release_change(inmate=person, new_date=date(2027, 1, 1), user=None)
    step()
    incoming = services.transfer_record(inmate=person, day=date(2024, 3, 1), destination=world.pati, user=None)
    step()
    services.transfer_cancel(inmate=person, user=None)
    step()
    assert versions == [0, 1, 2, 2, 3, 4, 5]
    assert not Inmate.objects.filter(pk=incoming.pk).exists()


def test_a_form_without_its_version_is_refused(world, person):
    client = world.client("petugas.blora")
    form = edit_form_data(client, person)
    del form["version"]
    response = client.post(f"/wbp/{person.pk}/ubah/", {**form, "mother_name": "PAINEM"})
    assert response.status_code == 200
    assert response.context["form"].errors["version"] == [RELOAD]
    person.refresh_from_db()
    assert person.mother_name == "SUMIATI"


def test_the_service_refuses_an_old_version(world, person):
    services.inmate_update(inmate=person, data={"mother_name": "PAINEM"}, user=world.users["petugas.blora"])
    stale = Inmate.objects.get(pk=person.pk)
    with pytest.raises(ValidationError) as error:
        services.inmate_update(inmate=stale, data={"full_name": "X"}, user=None, version=0)
    assert error.value.messages == [CONFLICT.format(user="petugas.blora", when="12 Maret 2024 pukul 12.00")]
    assert Inmate.objects.get(pk=person.pk).full_name == "BUDI SANTOSO"


def test_the_admin_refuses_a_change_made_on_an_old_page(world, person):
    admin = world.client("admin")
    data = _change_form_data(admin, person)
    assert data["edit_version"] == person.version
    services.inmate_update(inmate=person, data={"mother_name": "PAINEM"}, user=world.users["petugas.blora"])
    response = admin.post(f"/admin/inmates/inmate/{person.pk}/change/", {**data, "full_name": "BUDI SANTOSA"})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        CONFLICT.format(user="petugas.blora", when="12 Maret 2024 pukul 12.00")]
    person.refresh_from_db()
    assert (person.full_name, person.mother_name) == ("BUDI SANTOSO", "PAINEM")
    data = _change_form_data(admin, person)
    assert admin.post(f"/admin/inmates/inmate/{person.pk}/change/", {**data, "full_name": "BUDI SANTOSA"}).status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.mother_name, person.version) == ("BUDI SANTOSA", "PAINEM", 2)


# Threads on PostgreSQL ------------------------------------------------------------------------------------

class Worker(threading.Thread):
    def __init__(self, name: str, work, *, start_together: threading.Barrier | None = None):
        super().__init__(name=name)
        self.work, self.start_together = work, start_together
        self.result = self.error = None

    def run(self):
        try:
            if self.start_together is not None:
                self.start_together.wait(10)
            self.result = self.work()
        except BaseException as error:  # noqa: B036 - kept for the test to judge
            self.error = error
        finally:
            connection.close()

    def outcome(self):
        assert self.error is None, f"{self.name}: {self.error!r}"
        return self.result


def run_together(*workers: Worker, timeout: float = 60) -> None:
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout)
        assert not worker.is_alive(), f"{worker.name} still waiting: a deadlock?"


ROUNDS = 8


class Saved:
    status_code = 302


def admin_save(user, pk: int, data: dict):
    """What the Django admin's change view does with a POST, minus the page around it (a transactional
    test hides the reference-data app the admin's page needs): get the object, its form, clean and save in
    one transaction. Returns Saved or the form's errors on top."""
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry[Inmate]
    request = RequestFactory().post(f"/admin/inmates/inmate/{pk}/change/", data)
    request.user = user
    with transaction.atomic():
        obj = model_admin.get_object(request, str(pk))
        form = model_admin.get_form(request, obj, change=True)(data, instance=obj)
        if form.is_valid():
            model_admin.save_model(request, obj, form, change=True)
            return Saved()
    return form.non_field_errors()


def conflict_shown(outcome) -> list[str]:
    return outcome if isinstance(outcome, list) else outcome.context["form"].non_field_errors()


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_two_officers_saving_the_same_wbp_at_once():
    world = build_world()
    for number in range(ROUNDS):
        person = make_inmate(world.blora, full_name=f"WBP {number}", mother_name="SUMIATI")
        clients = {"petugas.blora": world.client("petugas.blora"), "admin": world.client("admin")}
        forms = {name: edit_form_data(client, person) for name, client in clients.items()}
        changes = {"petugas.blora": {"mother_name": "PAINEM"}, "admin": {"full_name": f"WBP {number} BARU"}}
        # The admin edits on the site in even rounds and in the Django admin in odd ones.
        in_admin = number % 2 == 1
        if in_admin:
            forms["admin"] = {name: value for name, value in forms["admin"].items() if name not in ("has_nik", "version")}
            forms["admin"]["edit_version"] = person.version
        start_together = threading.Barrier(2)
        saves = {name: functools.partial(client.post, f"/wbp/{person.pk}/ubah/", {**forms[name], **changes[name]})
                 for name, client in clients.items()}
        if in_admin:
            saves["admin"] = functools.partial(admin_save, world.users["admin"], person.pk,
                                               {**forms["admin"], **changes["admin"]})
        workers = [Worker(name, save, start_together=start_together) for name, save in saves.items()]
        run_together(*workers)
        outcomes = {worker.name: worker.outcome() for worker in workers}
        saved = [name for name, outcome in outcomes.items() if getattr(outcome, "status_code", None) == 302]
        assert len(saved) == 1, outcomes
        winner = saved[0]
        loser = next(name for name in outcomes if name != winner)
        [message] = conflict_shown(outcomes[loser])
        assert message.startswith(f"Data WBP ini baru saja diubah oleh {winner} pada ")
        person.refresh_from_db()
        expected = {"full_name": f"WBP {number}", "mother_name": "SUMIATI", **changes[winner]}
        assert (person.full_name, person.mother_name) == (expected["full_name"], expected["mother_name"])
        assert person.version == 1


class Pause:
    """Stop the thread named `who` right after `function` of `module` returns, until `release` is set;
    `reached` is set when it gets there."""

    def __init__(self, monkeypatch, module, function: str, who: str):
        self.reached, self.release = threading.Event(), threading.Event()
        original = getattr(module, function)

        def paused(*args, **kwargs):
            result = original(*args, **kwargs)
            if threading.current_thread().name == who:
                self.reached.set()
                self.release.wait(20)
            return result

        monkeypatch.setattr(module, function, paused)


def import_of(world, data: bytes, user: str = "petugas.blora"):
    return lambda: importing.inmates_import(facility=world.blora, data=data, file_name="sama.xlsx",
                                            user=world.users[user])


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_the_same_file_imported_twice_while_the_first_is_writing(monkeypatch):
    world = build_world()
    data = rows_file(20)
    pause = Pause(monkeypatch, commit, "write_plan", "first")
    first, second = Worker("first", import_of(world, data)), Worker("second", import_of(world, data))
    first.start()
    assert pause.reached.wait(20)  # written, not committed: the facility and its stays are locked
    second.start()
    second.join(1)
    assert second.is_alive()  # waiting for the first import, not reading half of it
    pause.release.set()
    first.join(20)
    second.join(20)
    assert (first.outcome().written, first.outcome().plan.counts()) == (True, {"created": 20, "updated": 0, "unchanged": 0})
    assert (second.outcome().written, second.outcome().plan.counts()) == (False, {"created": 0, "updated": 0, "unchanged": 20})
    assert Inmate.objects.filter(facility=world.blora).count() == 20
    assert sorted(ImportRecord.objects.values_list("status", "created_count", "unchanged_count")) == [
        ("selesai", 0, 20), ("selesai", 20, 0)]


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_the_same_file_imported_twice_at_the_same_moment_many_times():
    world = build_world()
    for number in range(6):
        data = rows_file(15, start=100 * number)
        start_together = threading.Barrier(2)
        workers = [Worker(f"import {i}", import_of(world, data, user), start_together=start_together)
                   for i, user in enumerate(["petugas.blora", "admin"])]
        run_together(*workers)
        outcomes = sorted((worker.outcome().plan.counts()["created"], worker.outcome().plan.counts()["unchanged"],
                           worker.outcome().written, worker.outcome().ok) for worker in workers)
        assert outcomes == [(0, 15, False, True), (15, 0, True, True)]
        registers = [row_values(100 * number + index)["NO_REGISTER"] for index in range(15)]
        assert Inmate.objects.filter(register_number__in=registers).count() == 15  # never a duplicate stay
    assert Inmate.objects.count() == 90


# A list locked while an import runs ---------------------------------------------------------------------

def election_with_voters(world, *, with_tps: bool):
    """Pemilu 2024 with four people at Rutan Blora: three voters, and LAMA 3, an active TNI/Polri member."""
    from registration import services as registration
    from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election

    pemilu = _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    people = [make_inmate(world.blora, full_name=f"LAMA {index}", admitted_on=date(2023, 1, 1),
                          tni_polri_status="aktif" if index == 3 else "bukan") for index in range(4)]
    if with_tps:
        registration.allocate(election=pemilu, facility=world.blora, create_missing=True)
    return pemilu, people


def the_file(people) -> bytes:
    """What changes the list: LAMA 0 turns out to be an active TNI/Polri member (off the list), LAMA 3 no
    longer is (on it), LAMA 1's name is corrected; five new people (no verified NIK yet: not on it)."""
    def row(person, **values):
        return row_values(900 + people.index(person), **{
            "NO_REGISTER": person.register_number, "NIK": person.nik, "TANGGAL_LAHIR": person.birth_date,
            "NAMA": person.full_name, "TANGGAL_MASUK": "01-01-2023", **values})

    return workbook_bytes([row(people[0], TNI_POLRI="Y"), row(people[1], NAMA="LAMA 1 BARU"),
                           row(people[3], TNI_POLRI="N"), *(row_values(index) for index in range(5))])


def snapshot(version) -> set[str]:
    return set(version.entries.values_list("full_name", flat=True))


AFTER = {"LAMA 1 BARU", "LAMA 2", "LAMA 3"}


def lock_list(world, pemilu):
    from registration import services as registration
    from registration.models import ListVersion

    return lambda: registration.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT,
                                          label="DPT", user=world.users["kpu.blora"])


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
@pytest.mark.parametrize("with_tps", [True, False], ids=["with-tps", "before-tps"])
def test_a_list_locked_while_the_import_writes_waits_and_is_the_list_after_it(monkeypatch, with_tps):
    """The lock queues behind the import's lock on the facility row (rows written, lists not yet refreshed)
    and then reads all of it: never the import's rows with the lists worked out from the old register."""
    world = build_world()
    pemilu, people = election_with_voters(world, with_tps=with_tps)
    pause = Pause(monkeypatch, commit, "write_plan", "import")  # rows written, voter lists not yet refreshed
    importer = Worker("import", import_of(world, the_file(people)))
    importer.start()
    assert pause.reached.wait(20)
    locker = Worker("lock", lock_list(world, pemilu))
    locker.start()
    locker.join(1)
    assert locker.is_alive()  # waiting for the import, not reading a half-written register
    pause.release.set()
    run_together(timeout=30)
    importer.join(30)
    locker.join(30)
    assert not locker.is_alive() and importer.outcome().written
    assert snapshot(locker.outcome()) == AFTER


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
@pytest.mark.parametrize("with_tps", [True, False],
                         ids=["with-tps", "before-tps"])
def test_a_list_locked_while_the_import_refreshes_the_lists_is_the_list_after_it(monkeypatch, with_tps):
    world = build_world()
    pemilu, people = election_with_voters(world, with_tps=with_tps)
    pause = Pause(monkeypatch, commit, "announce", "import")  # rows written and the voter lists refreshed
    importer = Worker("import", import_of(world, the_file(people)))
    importer.start()
    assert pause.reached.wait(20)
    locker = Worker("lock", lock_list(world, pemilu))
    locker.start()
    locker.join(1)
    pause.release.set()
    run_together(timeout=30)
    importer.join(30)
    locker.join(30)
    assert not locker.is_alive() and importer.outcome().written  # no deadlock
    assert snapshot(locker.outcome()) == AFTER  # it waited for the import, and read all of it


@postgres_only
@pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)
def test_lists_locked_and_files_imported_at_the_same_moment_many_times():
    world = build_world()
    pemilu, people = election_with_voters(world, with_tps=True)
    seen = []
    for number in range(6):
        soldier = people[number % 3]
        changed = row_values(900 + number, NO_REGISTER=soldier.register_number, NIK=soldier.nik,
                             TANGGAL_LAHIR=soldier.birth_date, NAMA=soldier.full_name, NAMA_IBU=f"IBU {number}")
        data = workbook_bytes([changed, *(row_values(10 * number + index) for index in range(3))])
        before = {entry.full_name for entry in lock_list(world, pemilu)().entries.all()}
        start_together = threading.Barrier(2)
        importer = Worker("import", import_of(world, data), start_together=start_together)
        locker = Worker("lock", lock_list(world, pemilu), start_together=start_together)
        run_together(importer, locker)
        locked = {entry.full_name for entry in locker.outcome().entries.all()}
        after = before | {f"WBP NOMOR {10 * number + index}" for index in range(3)}
        assert importer.outcome().written
        assert locked in (before, after)
        seen.append(locked == after)
    assert len(seen) == 6
