"""Issue 16: locking a list version asks first, says what it freezes and what it leaves open, and is
confirmed by typing the version's label."""

from datetime import date

import pytest

from inmates.models import NikStatus
from registration import selectors, services
from registration.models import ListReview, ListVersion, Registration
from tests.factories import make_inmate

BLORA = "/pemilu/pemilu-2024/rutan-blora"
LOCK = {"kind": "dpt", "label": "DPT Blora", "note": ""}
CONFIRMED = {**LOCK, "_konfirmasi": "1", "konfirmasi_teks": "DPT Blora"}
# Locking is KPU of the facility's kab/kota and admin; the confirmation page is the same right.
ASK = {"admin": 200, "petugas.blora": 403, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 403, "outsider": 404}


@pytest.fixture
def open_list(pemilu, world):
    """Rutan Blora: 2 DPT voters (one placed in a TPS), 1 DPTb without an A-form, 1 without a verified NIK."""
    make_inmate(world.blora, full_name="Placed", admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    make_inmate(world.blora, full_name="Unplaced", admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Late Arrival", admitted_on=date(2024, 1, 10))
    make_inmate(world.blora, full_name="Unverified", admitted_on=date(2023, 1, 1), nik_status=NikStatus.UNVERIFIED)
    return pemilu


def test_the_counts_come_from_one_query(open_list, world, django_assert_num_queries):
    with django_assert_num_queries(2):
        counts = selectors.lock_outstanding(election=open_list, facility=world.blora)
    assert counts == selectors.LockOutstanding(voters=3, potential=1, without_tps=2, dptb_without_form=1,
                                               submitted=False)


@pytest.mark.parametrize("username,status", ASK.items())
def test_the_first_post_asks_and_locks_nothing(open_list, world, username, status):
    response = world.client(username).post(BLORA + "/versi/", LOCK)
    assert response.status_code == status
    assert not ListVersion.objects.exists()
    if status == 200:
        page = response.content.decode()
        assert "Kunci daftar DPT Blora?" in page
        assert ("Daftar pemilih Rutan Kelas IIB Blora untuk Pemilu 2024 akan dikunci sebagai DPT Blora. "
                "Versi terkunci tidak dapat diubah atau dihapus.") in page
        assert response.context["confirmation"].facts == [
            "3 pemilih (MS) ikut dikunci, dengan TPS, jenis daftar dan surat suaranya."]
        assert response.context["confirmation"].unresolved == [
            "Rutan Kelas IIB Blora belum mengajukan daftar ini ke KPU.",
            "1 pemilih potensial belum memiliki NIK terverifikasi dan tidak ikut dikunci.",
            "2 pemilih belum mendapat TPS.",
            "1 pemilih DPTb belum punya Model A-Surat Pindah Memilih.",
        ]
        assert "Ketik label versi, DPT Blora, untuk mengunci" in page
        # The action's fields travel with the confirmation.
        assert '<input type="hidden" name="label" value="DPT Blora">' in page


@pytest.mark.parametrize("username,status", {**ASK, "admin": 302, "kpu.blora": 302}.items())
def test_the_right_label_locks(open_list, world, username, status):
    response = world.client(username).post(BLORA + "/versi/", CONFIRMED)
    assert response.status_code == status
    assert ListVersion.objects.count() == (1 if status == 302 else 0)
    if status == 302:
        assert ListVersion.objects.get().label == "DPT Blora"


@pytest.mark.parametrize("typed", ["", "DPT", "dpt blora", "DPT Blora 2"])
def test_a_wrong_label_locks_nothing_and_says_so(open_list, world, typed):
    response = world.client("kpu.blora").post(BLORA + "/versi/", {**CONFIRMED, "konfirmasi_teks": typed})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Teks konfirmasi tidak sama dengan DPT Blora. Tidak ada yang diubah; ketik persis DPT Blora."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ListVersion.objects.exists() and not ListReview.objects.exists()


def test_without_a_label_the_default_one_is_asked_for(open_list, world, freeze_today):
    freeze_today(date(2026, 12, 2))
    kpu = world.client("kpu.blora")
    response = kpu.post(BLORA + "/versi/", {**LOCK, "label": ""})
    assert response.context["confirmation"].phrase == "DPT 2 Desember 2026"
    kpu.post(BLORA + "/versi/", {**LOCK, "label": "", "_konfirmasi": "1", "konfirmasi_teks": "DPT 2 Desember 2026"})
    assert ListVersion.objects.get().label == "DPT 2 Desember 2026"


def test_a_submitted_complete_list_has_nothing_unresolved(pemilu, world):
    make_inmate(world.blora, full_name="Placed", admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    services.list_submit(election=pemilu, facility=world.blora, user=world.users["petugas.blora"])
    response = world.client("kpu.blora").post(BLORA + "/versi/", LOCK)
    assert response.context["confirmation"].unresolved == []
    assert b"confirm-unresolved" not in response.content
    assert Registration.objects.filter(tps__isnull=True, status="ms").count() == 0
