"""Two officers acting on one transfer at once, on PostgreSQL with threads (issue 12, "no 500 on races").

Rutan Blora sends a WBP to Rutan Pati; Blora cancels while Pati confirms the arrival (or one of them
clicks twice). Whoever comes second gets a clear message, never a 500, and the register ends in one of
the two outcomes, whole. Each interleaving that once gave a 500 is forced with a pause inside the
service, and then the race is run many times with no pause at all.
"""

import threading
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection

from inmates import services
from inmates.models import CustodyEvent, CustodyState, Inmate
from tests.conftest import APPS_WITHOUT_REFERENCE, build_world
from tests.factories import make_inmate

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under threads: PostgreSQL")
pytestmark = [postgres_only, pytest.mark.django_db(transaction=True, available_apps=APPS_WITHOUT_REFERENCE)]

CONFIRMED = "Kedatangan {name} dikonfirmasi."
CANCELLED = "Pemindahan dibatalkan; {name} kembali tercatat ditahan di sini."
CANCEL_TOO_LATE = "Pemindahan ini tidak dapat dibatalkan karena sudah dikonfirmasi oleh Lapas/Rutan tujuan."
CANCELLED_MEANWHILE = ("Pemindahan WBP ini baru saja dibatalkan oleh Lapas/Rutan asal, sehingga kedatangannya tidak "
                       "dapat dikonfirmasi. Muat ulang halaman Kedatangan.")
ALREADY_CANCELLED = "Pemindahan ini sudah dibatalkan; WBP ini kembali tercatat ditahan di sini."
NOT_INCOMING = "WBP ini tidak sedang menunggu konfirmasi kedatangan."


def transferred(world, number: int) -> tuple[Inmate, Inmate]:
    origin = make_inmate(world.blora, full_name=f"WBP PINDAH {number}", register_number=f"BI.{number}/2023")
    incoming = services.transfer_record(inmate=origin, day=date(2024, 1, 10), destination=world.pati, user=None)
    return origin, incoming


def said(response) -> str:
    """What the officer reads: the message after a redirect, or the form's errors on the page."""
    if response.status_code == 302:
        return " ".join(str(message) for message in get_messages(response.wsgi_request))
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


class Officer(threading.Thread):
    """One request in its own thread (and database connection); a 500 is kept as the exception raised."""

    def __init__(self, world, username: str, path: str, data: dict | None = None, *, start_together=None):
        super().__init__(name=username)
        self.client = world.client(username)
        self.path, self.data, self.start_together = path, data or {}, start_together
        self.response = self.error = None

    def run(self):
        try:
            if self.start_together is not None:
                self.start_together.wait(10)
            self.response = self.client.post(self.path, self.data)
        except BaseException as error:  # noqa: B036 - whatever the request raised is a 500 to the officer
            self.error = error
        finally:
            connection.close()

    def outcome(self) -> tuple[int, str]:
        assert self.error is None, f"{self.name}: {self.error!r}"  # a 500
        return self.response.status_code, said(self.response)


def confirm(world, incoming, **kwargs) -> Officer:
    return Officer(world, "petugas.pati", f"/wbp/{incoming.pk}/terima/",
                   {"register_number": f"PI.{incoming.pk}/2024", "arrived_on": "2024-01-11"}, **kwargs)


def cancel(world, origin, **kwargs) -> Officer:
    return Officer(world, "petugas.blora", f"/wbp/{origin.pk}/batal-pindah/", {"_konfirmasi": "1"}, **kwargs)


def ended_whole(origin: Inmate, incoming_pk: int) -> str:
    """'confirmed' or 'cancelled', checking the register holds exactly that outcome."""
    origin.refresh_from_db()
    incoming = Inmate.objects.filter(pk=incoming_pk).first()
    kinds = list(origin.events.values_list("kind", flat=True))
    if incoming is None:
        assert origin.custody_state == CustodyState.HELD
        assert kinds[-1] == CustodyEvent.Kind.TRANSFER_CANCELLED and kinds.count(CustodyEvent.Kind.TRANSFER_CANCELLED) == 1
        assert not CustodyEvent.objects.filter(inmate_id=incoming_pk).exists()
        return "cancelled"
    assert origin.custody_state == CustodyState.TRANSFERRED and CustodyEvent.Kind.TRANSFER_CANCELLED not in kinds
    assert incoming.custody_state == CustodyState.HELD and incoming.register_number == f"PI.{incoming_pk}/2024"
    assert list(incoming.events.values_list("kind", flat=True)).count(CustodyEvent.Kind.TRANSFER_IN) == 1
    return "confirmed"


class Pause:
    """Hold the officer `who` just before the service locks the stays, until `release` is set; `reached` is
    set when the officer gets there."""

    def __init__(self, monkeypatch, who: str):
        self.reached, self.release = threading.Event(), threading.Event()
        original = services._lock

        def paused(*inmates, **kwargs):
            if threading.current_thread().name == who:
                self.reached.set()
                self.release.wait(10)
            return original(*inmates, **kwargs)

        monkeypatch.setattr(services, "_lock", paused)


def test_cancelled_while_the_destination_was_confirming(monkeypatch):
    world = build_world()
    origin, incoming = transferred(world, 1)
    pause = Pause(monkeypatch, "petugas.pati")
    pati = confirm(world, incoming)
    pati.start()
    assert pause.reached.wait(10)  # Pati has read the stay and is about to lock it
    blora = cancel(world, origin)
    blora.start()
    blora.join(10)
    pause.release.set()
    pati.join(10)
    assert blora.outcome() == (302, CANCELLED.format(name="WBP PINDAH 1"))
    assert pati.outcome() == (200, CANCELLED_MEANWHILE)
    assert ended_whole(origin, incoming.pk) == "cancelled"


def test_confirmed_while_the_origin_was_cancelling(monkeypatch):
    world = build_world()
    origin, incoming = transferred(world, 2)
    pause = Pause(monkeypatch, "petugas.blora")
    blora = cancel(world, origin)
    blora.start()
    assert pause.reached.wait(10)  # Blora has found the incoming stay and is about to lock it
    pati = confirm(world, incoming)
    pati.start()
    pati.join(10)
    pause.release.set()
    blora.join(10)
    assert pati.outcome() == (302, CONFIRMED.format(name="WBP PINDAH 2"))
    assert blora.outcome() == (302, CANCEL_TOO_LATE)
    assert ended_whole(origin, incoming.pk) == "confirmed"


def test_cancelled_twice_at_once(monkeypatch):
    world = build_world()
    origin, incoming = transferred(world, 3)
    pause = Pause(monkeypatch, "second")
    second = cancel(world, origin)
    second.name = "second"
    second.start()
    assert pause.reached.wait(10)
    first = cancel(world, origin)
    first.start()
    first.join(10)
    pause.release.set()
    second.join(10)
    assert first.outcome() == (302, CANCELLED.format(name="WBP PINDAH 3"))
    assert second.outcome() == (302, ALREADY_CANCELLED)
    assert ended_whole(origin, incoming.pk) == "cancelled"


def test_confirmed_twice_at_once(monkeypatch):
    world = build_world()
    origin, incoming = transferred(world, 4)
    pause = Pause(monkeypatch, "second")
    second = confirm(world, incoming)
    second.name = "second"
    second.start()
    assert pause.reached.wait(10)
    first = confirm(world, incoming)
    first.start()
    first.join(10)
    pause.release.set()
    second.join(10)
    assert first.outcome() == (302, CONFIRMED.format(name="WBP PINDAH 4"))
    assert second.outcome() == (200, NOT_INCOMING)
    assert ended_whole(origin, incoming.pk) == "confirmed"


def test_the_page_was_open_after_the_transfer_was_cancelled():
    world = build_world()
    origin, incoming = transferred(world, 5)
    services.transfer_cancel(inmate=origin, user=None)
    response = world.client("petugas.pati").post(f"/wbp/{incoming.pk}/terima/",
                                                 {"register_number": "PI.5/2024", "arrived_on": "2024-01-11"})
    assert (response.status_code, response["Location"]) == (302, "/fasilitas/rutan-pati/kedatangan/")
    assert said(response) == CANCELLED_MEANWHILE
    # Only the destination's officers learn it; anyone else still finds nothing there.
    for username in ("petugas.blora", "kpu.jateng", "outsider"):
        assert world.client(username).post(f"/wbp/{incoming.pk}/terima/", {}).status_code == 404


ROUNDS = 12


def test_cancel_and_confirm_at_the_same_moment_many_times():
    world = build_world()
    outcomes = []
    for number in range(ROUNDS):
        origin, incoming = transferred(world, 100 + number)
        name = origin.full_name
        start_together = threading.Barrier(2)
        pati = confirm(world, incoming, start_together=start_together)
        blora = cancel(world, origin, start_together=start_together)
        pati.start()
        blora.start()
        pati.join(20)
        blora.join(20)
        result = ended_whole(origin, incoming.pk)
        if result == "confirmed":
            assert pati.outcome() == (302, CONFIRMED.format(name=name))
            assert blora.outcome() == (302, CANCEL_TOO_LATE)
        else:
            assert blora.outcome() == (302, CANCELLED.format(name=name))
            # Pati lost before its page loaded the stay, or while it waited for the lock.
            assert pati.outcome() in {(302, CANCELLED_MEANWHILE), (200, CANCELLED_MEANWHILE)}
        outcomes.append(result)
    assert len(outcomes) == ROUNDS
