"""Issue 16: the KPU home page is an inbox of lists waiting for review across its facilities (counts and
dates, newest first); the staff home shows lists KPU sent back, with the note. Portal's registry
(portal/inbox.py) finds registration's provider (registration/inbox.py) on its AppConfig."""

from datetime import date

import pytest
import time_machine

from inmates.models import NikStatus
from portal import inbox
from registration import inbox as registration_inbox
from registration import services
from registration.models import Election, ListReview
from tests.factories import make_inmate

WAITING = {
    "admin": ["Rutan Kelas IIB Pati", "Rutan Kelas IIB Blora"],
    "kpu.blora": ["Rutan Kelas IIB Blora"],
    "kpu.jateng": ["Rutan Kelas IIB Pati", "Rutan Kelas IIB Blora"],
    "petugas.blora": [],
    "petugas.pati": [],
    "outsider": [],
}


@pytest.fixture
def submitted(pemilu, world):
    """Blora submits on 2 December 2026 (2 MS, 1 potential, 1 TMS), Pati a day later; Semarang's was
    submitted, then returned (so it no longer waits for KPU)."""
    make_inmate(world.blora, full_name="Satu", admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Dua", admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Potensial", admitted_on=date(2023, 1, 1), nik_status=NikStatus.UNVERIFIED)
    make_inmate(world.blora, full_name="Bebas", admitted_on=date(2023, 1, 1), expected_release=date(2024, 1, 10))
    make_inmate(world.pati, full_name="Pati", admitted_on=date(2023, 1, 1))
    with time_machine.travel("2026-12-02 09:30 +0700", tick=False):
        services.list_submit(election=pemilu, facility=world.blora, note="Data per 1 Desember",
                             user=world.users["petugas.blora"])
    with time_machine.travel("2026-12-03 10:15 +0700", tick=False):
        services.list_submit(election=pemilu, facility=world.pati, user=world.users["petugas.pati"])
        services.list_submit(election=pemilu, facility=world.semarang, user=None)
        services.list_return(election=pemilu, facility=world.semarang, note="x", user=None)
    return pemilu


def test_registration_names_its_provider_on_its_app_config():
    assert inbox.providers()["registration"] is registration_inbox.items


@pytest.mark.parametrize("username", list(WAITING))
def test_each_persona_sees_the_lists_waiting_in_its_area_newest_first(submitted, world, username):
    items, total = inbox.waiting(user=world.users[username])
    assert [item.title for item in items] == WAITING[username]
    assert total == len(WAITING[username])


def test_a_waiting_list_says_who_sent_it_when_and_its_figures(submitted, world):
    [item] = registration_inbox.items(user=world.users["kpu.blora"])
    assert (item.title, item.text, item.counts, item.note) == (
        "Rutan Kelas IIB Blora", "mengajukan daftar pemilih Pemilu 2024 untuk ditinjau",
        "2 MS · 1 potensial · 1 TMS", "Catatan Petugas Rutan Blora: Data per 1 Desember")
    assert item.url == "/pemilu/pemilu-2024/rutan-blora/"


@pytest.mark.parametrize("username,shown", [("admin", True), ("kpu.blora", True), ("kpu.jateng", True),
                                            ("petugas.blora", False), ("petugas.pati", False), ("outsider", False)])
def test_the_kpu_home_page_is_an_inbox(submitted, world, username, shown):
    response = world.client(username).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Kotak masuk: daftar menunggu ditinjau" in html) is shown
    if username == "kpu.jateng":
        assert html.index("Rutan Kelas IIB Pati</strong>:") < html.index("Rutan Kelas IIB Blora</strong>:")
        assert "2 Desember 2026 09.30" in html and "3 Desember 2026 10.15" in html
        assert "2 MS · 1 potensial · 1 TMS" in html
        assert 'data-testid="inbox-total">2</span>' in html


def test_a_returned_list_waits_on_the_staff_home_with_the_note_until_submitted_again(submitted, world):
    kpu, staff = world.users["kpu.blora"], world.client("petugas.blora")
    assert "Daftar dikembalikan KPU" not in staff.get("/").content.decode()
    with time_machine.travel("2026-12-04 08:00 +0700", tick=False):
        services.list_return(election=submitted, facility=world.blora, note="NIK 3 orang belum diverifikasi", user=kpu)
    html = staff.get("/").content.decode()
    assert "Daftar dikembalikan KPU" in html
    assert ("<strong>Pemilu 2024</strong>: <a href=\"/pemilu/pemilu-2024/rutan-blora/\">daftar pemilih dikembalikan "
            "KPU untuk diperbaiki, lalu ajukan lagi</a>") in html
    assert "Catatan KPU Kabupaten Blora: NIK 3 orang belum diverifikasi" in html
    assert "4 Desember 2026 08.00" in html
    assert "Daftar dikembalikan KPU" not in world.client("petugas.pati").get("/").content.decode()
    assert [i.title for i in inbox.waiting(user=world.users["kpu.blora"])[0]] == []  # no longer waiting for KPU
    with time_machine.travel("2026-12-05 08:00 +0700", tick=False):
        services.list_submit(election=submitted, facility=world.blora, user=world.users["petugas.blora"])
    assert "Daftar dikembalikan KPU" not in staff.get("/").content.decode()


def test_a_locked_list_and_a_closed_election_wait_no_more(submitted, world):
    services.list_lock(election=submitted, facility=world.blora, kind="dpt", user=world.users["kpu.blora"])
    assert [i.title for i in inbox.waiting(user=world.users["kpu.jateng"])[0]] == ["Rutan Kelas IIB Pati"]
    Election.objects.filter(pk=submitted.pk).update(status=Election.Status.CLOSED)
    assert inbox.waiting(user=world.users["kpu.jateng"]) == ([], 0)


def test_the_inbox_costs_three_queries_however_many_lists(submitted, world, django_assert_num_queries):
    user = world.users["admin"]
    inbox.waiting(user=user)  # the user's area, read once
    with django_assert_num_queries(3):  # the waiting lists and their figures; the waiting PDPB quarters
        items, _total = inbox.waiting(user=user)
    assert len(items) == 2 and ListReview.objects.count() == 4
