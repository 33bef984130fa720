"""Uploads waiting for confirmation live in the database: only their owner reads them, for their
facility, until they expire."""

import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from accounts.models import Membership, Role
from inmates import uploads
from inmates.models import PendingUpload
from tests.inmates.conftest import rows_file

START = "/fasilitas/rutan-blora/impor/"
NOT_FOUND = "File unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah lagi."
DATA = b"PK\x03\x04 not read here"


def as_user(user):
    return SimpleNamespace(user=user)


@pytest.fixture
def colleague(world):
    """Another officer of Rutan Blora: may import there, but not with petugas.blora's upload."""
    user = User.objects.create(username="petugas.blora.2")
    Membership.objects.create(user=user, role=Role.FACILITY_STAFF, facility=world.blora)
    return user


@pytest.fixture
def kept(world):
    return uploads.keep(as_user(world.users["petugas.blora"]), facility_id=world.blora.pk, file_name="sdp.xlsx",
                        data=DATA)


def test_it_keeps_the_bytes_their_digest_the_owner_and_the_facility(world, kept):
    stored = PendingUpload.objects.get()
    assert (stored.owner, stored.facility, stored.file_name) == (world.users["petugas.blora"], world.blora, "sdp.xlsx")
    assert stored.sha256 == hashlib.sha256(DATA).hexdigest()
    assert uploads.TOKEN.match(stored.token) and stored.token == kept.token
    assert uploads.read(stored) == DATA and isinstance(stored.read(), bytes)


@pytest.mark.parametrize("username,found", [
    ("petugas.blora", True), ("petugas.pati", False), ("kpu.blora", False), ("kpu.jateng", False), ("admin", False),
    ("outsider", False),
])
def test_only_its_owner_finds_it(world, kept, username, found):
    pending = uploads.find(as_user(world.users[username]), kept.token, facility_id=world.blora.pk)
    assert (pending.read() if pending else None) == (DATA if found else None)


def test_another_officer_of_the_same_facility_cannot_find_it(world, kept, colleague):
    assert uploads.find(as_user(colleague), kept.token, facility_id=world.blora.pk) is None


def test_another_officer_of_the_same_facility_is_sent_back_to_the_upload_page(world, colleague):
    owner = world.client("petugas.blora")
    token = owner.post(START, {"file": _upload()})["Location"].rstrip("/").rsplit("/", 1)[1]
    other = Client()
    other.force_login(colleague)
    for response in (other.get(f"{START}{token}/", follow=True), other.post(f"{START}{token}/", follow=True),
                     other.get(f"{START}{token}/masalah/", follow=True)):
        assert response.redirect_chain == [(START, 302)]
        assert NOT_FOUND in response.content.decode()
    assert PendingUpload.objects.count() == 1  # still there for its owner
    assert owner.get(f"{START}{token}/").status_code == 200


def test_the_outsider_sees_no_facility_and_no_upload(world, kept):
    assert world.client("outsider").get(f"{START}{kept.token}/").status_code == 404
    assert uploads.find(as_user(world.users["outsider"]), kept.token, facility_id=world.blora.pk) is None


def test_it_belongs_to_its_facility(world, kept):
    assert uploads.find(as_user(world.users["petugas.blora"]), kept.token, facility_id=world.pati.pk) is None


def test_a_malformed_token_or_an_anonymous_user_finds_nothing(world, kept):
    owner = as_user(world.users["petugas.blora"])
    assert uploads.find(owner, kept.token[:-1], facility_id=world.blora.pk) is None
    assert uploads.find(owner, kept.token + "%", facility_id=world.blora.pk) is None
    anonymous = SimpleNamespace(user=SimpleNamespace(pk=None, is_authenticated=False))
    assert uploads.find(anonymous, kept.token, facility_id=world.blora.pk) is None


def test_it_expires_after_two_hours(world, kept):
    owner = as_user(world.users["petugas.blora"])
    with time_machine.travel(kept.created_at + timedelta(hours=2) - timedelta(seconds=1), tick=False):
        assert uploads.find(owner, kept.token, facility_id=world.blora.pk) == kept
    with time_machine.travel(kept.created_at + timedelta(hours=2, seconds=1), tick=False):
        assert uploads.find(owner, kept.token, facility_id=world.blora.pk) is None
        response = world.client("petugas.blora").get(f"{START}{kept.token}/", follow=True)
        assert response.redirect_chain == [(START, 302)] and NOT_FOUND in response.content.decode()


def test_expired_uploads_of_anyone_are_deleted_when_a_new_one_is_kept(world, kept):
    fresh = uploads.keep(as_user(world.users["admin"]), facility_id=world.pati.pk, file_name="pati.xlsx", data=DATA)
    assert PendingUpload.objects.count() == 2  # nothing had expired yet
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1), tick=False):
        newest = uploads.keep(as_user(world.users["petugas.pati"]), facility_id=world.pati.pk, file_name="b.xlsx",
                              data=DATA)
    assert set(PendingUpload.objects.values_list("token", flat=True)) == {newest.token}
    assert not PendingUpload.objects.filter(token__in=[kept.token, fresh.token]).exists()


def test_a_user_keeps_at_most_five(world, kept):
    owner = as_user(world.users["petugas.blora"])
    other = uploads.keep(as_user(world.users["admin"]), facility_id=world.blora.pk, file_name="admin.xlsx", data=DATA)
    later = [uploads.keep(owner, facility_id=world.blora.pk, file_name=f"{n}.xlsx", data=DATA) for n in range(5)]
    assert set(PendingUpload.objects.filter(owner=owner.user).values_list("token", flat=True)) == {
        pending.token for pending in later}
    assert PendingUpload.objects.filter(token=other.token).exists()


def test_discard_deletes_only_the_owners_upload(world, kept):
    uploads.discard(as_user(world.users["admin"]), kept.token)
    assert PendingUpload.objects.filter(token=kept.token).exists()
    uploads.discard(as_user(world.users["petugas.blora"]), kept.token)
    assert not PendingUpload.objects.exists()


def test_finding_costs_one_query(world, kept, django_assert_num_queries):
    owner = world.users["petugas.blora"]
    uploads.find(as_user(owner), kept.token, facility_id=world.blora.pk)  # the area is read once per request
    with django_assert_num_queries(1):
        assert uploads.find(as_user(owner), kept.token, facility_id=world.blora.pk).read() == DATA


def _upload():
    return SimpleUploadedFile("wbp.xlsx", rows_file(2))
