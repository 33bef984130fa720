"""Every registry action that changes data, for every persona: allowed, refused (403) or hidden (404).

Staff of Rutan Blora and admins may act on Blora's WBP; KPU reads but may not write (403); staff of
another facility and users without a role do not see Blora at all (404).
"""

from datetime import date

import pytest

from inmates import services
from inmates.models import CustodyState, Inmate, NikStatus
from tests.factories import make_inmate
from tests.inmates.conftest import rows_file
from tests.inmates.test_import_views import START, token_of, upload

ACT = {"admin": 302, "petugas.blora": 302, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}


@pytest.mark.parametrize("username,status", ACT.items())
@pytest.mark.parametrize("kind,fields", [
    ("ekspirasi", {"ekspirasi-date": "2026-01-01"}),
    ("meninggal", {"meninggal-date": "2024-01-03"}),
    ("pindah_keluar", {"pindah_keluar-date": "2024-01-03"}),
])
def test_recording_each_event_per_persona(world, username, status, kind, fields):
    person = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    if kind == "pindah_keluar":
        fields = {**fields, "pindah_keluar-destination": world.pati.pk}
    response = world.client(username).post(f"/wbp/{person.pk}/peristiwa/{kind}/", fields)
    assert response.status_code == status
    person.refresh_from_db()
    expected = {"ekspirasi": CustodyState.HELD, "meninggal": CustodyState.DEAD, "pindah_keluar": CustodyState.TRANSFERRED}
    assert person.custody_state == (expected[kind] if status == 302 else CustodyState.HELD)
    assert person.events.count() == (3 if status == 302 else 2)


@pytest.mark.parametrize("username,status", ACT.items())
def test_cancelling_a_transfer_per_persona(world, username, status):
    person = make_inmate(world.blora)
    services.transfer_record(inmate=person, day=date(2024, 1, 3), destination=world.pati, user=None)
    client = world.client(username)
    asked = client.post(f"/wbp/{person.pk}/batal-pindah/")  # irreversible: a confirmation page first
    assert asked.status_code == (200 if status == 302 else status)
    person.refresh_from_db()
    assert person.custody_state == CustodyState.TRANSFERRED
    if status == 302:
        assert asked.context["confirmation"].title == f"Batalkan pemindahan {person.full_name}?"
    response = client.post(f"/wbp/{person.pk}/batal-pindah/", {"_konfirmasi": "1"})
    assert response.status_code == status
    person.refresh_from_db()
    assert person.custody_state == (CustodyState.HELD if status == 302 else CustodyState.TRANSFERRED)


# The receiving side: Rutan Pati confirms. KPU Blora does not see Pati; KPU Jateng reads it.
ARRIVAL = {"admin": 302, "petugas.pati": 302, "petugas.blora": 404, "kpu.blora": 404, "kpu.jateng": 403, "outsider": 404}


@pytest.mark.parametrize("username,status", ARRIVAL.items())
def test_confirming_an_arrival_per_persona(world, username, status):
    person = make_inmate(world.blora)
    incoming = services.transfer_record(inmate=person, day=date(2024, 1, 3), destination=world.pati, user=None)
    response = world.client(username).post(f"/wbp/{incoming.pk}/terima/", {"register_number": "AI.5/2024",
                                                                         "arrived_on": "2024-01-04"})
    assert response.status_code == status
    incoming.refresh_from_db()
    assert incoming.custody_state == (CustodyState.HELD if status == 302 else CustodyState.INCOMING)


@pytest.mark.parametrize("username,status", ACT.items())
@pytest.mark.parametrize("action,start,expected", [
    ("verify", NikStatus.UNVERIFIED, NikStatus.VERIFIED),
    ("not-found", NikStatus.SUBMITTED, NikStatus.NOT_FOUND),
])
def test_nik_actions_per_persona(world, username, status, action, start, expected):
    nik_fields = {} if start == NikStatus.UNVERIFIED else {"nik": None}
    person = make_inmate(world.blora, nik_status=start, **nik_fields)
    confirmed = {"_konfirmasi": "1"} if action == "not-found" else {}
    response = world.client(username).post(f"/wbp/{person.pk}/nik/{action}/", confirmed)
    assert response.status_code == status
    person.refresh_from_db()
    assert person.nik_status == (expected if status == 302 else start)


# A pending upload belongs to its uploader's session: another signed-in user who may import here
# (admin) is sent back to the upload page, KPU is refused, the others do not see Blora.
PREVIEW = {"admin": 302, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}


@pytest.fixture
def pending(world):
    uploader = world.client("petugas.blora")
    world.client = _reusing(world.client, "petugas.blora", uploader)
    return token_of(upload(uploader, rows_file(2)))


def _reusing(make_client, username, client):
    def client_for(name):
        return client if name == username else make_client(name)
    return client_for


@pytest.mark.parametrize("username,status", PREVIEW.items())
def test_preview_and_confirm_per_persona(world, pending, username, status):
    client = world.client(username)
    assert client.get(f"{START}{pending}/").status_code == status
    assert client.get(f"{START}{pending}/masalah/").status_code == status  # the list of problems, same rule
    response = client.post(f"{START}{pending}/")
    assert response.status_code == (302 if status in (200, 302) else status)
    assert Inmate.objects.count() == (2 if username == "petugas.blora" else 0)
