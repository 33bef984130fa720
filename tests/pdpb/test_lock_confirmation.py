"""Locking a PDPB quarter goes through the same confirmation page as locking a voter list
(tps_khusus.confirm): it says what the copy holds and what stays unresolved, and nothing is locked
until the officer types the period's label."""

from datetime import date

import pytest
from django.contrib.messages import get_messages

from inmates.models import NikStatus
from pdpb import services
from pdpb.models import PdpbEntry, PdpbPeriod, PdpbReview
from pdpb.quarters import Quarter
from tests.conftest import PERSONAS
from tests.factories import make_inmate

TODAY = date(2025, 12, 20)
LOCK = "/pdpb/rutan-blora/2025-4/kunci/"
PAST = "/pdpb/rutan-blora/2025-3/kunci/"
CONFIRMED = {"note": "Pleno 3 Januari", "_konfirmasi": "1", "konfirmasi_teks": "Triwulan IV 2025"}
# Locking is KPU of the facility's kab/kota and admin; the confirmation page is the same right.
ASK = {"admin": 200, "petugas.blora": 403, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 403, "outsider": 404}
WRONG = "Teks konfirmasi tidak sama dengan Triwulan IV 2025. Tidak ada yang diubah; ketik persis Triwulan IV 2025."


@pytest.fixture
def registry(world, freeze_today):
    """Rutan Blora: one voter since 2024, one admitted in Triwulan IV 2025, one without a verified NIK."""
    freeze_today(TODAY)
    make_inmate(world.blora, full_name="Lama Blora", admitted_on=date(2024, 1, 2))
    make_inmate(world.blora, full_name="Baru Blora", admitted_on=date(2025, 11, 2))
    make_inmate(world.blora, full_name="Belum Verifikasi", admitted_on=date(2024, 1, 2),
                nik_status=NikStatus.UNVERIFIED)
    return world


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _nothing_locked():
    return not PdpbPeriod.objects.filter(status=PdpbPeriod.Status.LOCKED).exists() and \
        not PdpbEntry.objects.exists() and not PdpbReview.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("username", PERSONAS)
def test_the_lock_asks_first_and_locks_nothing(registry, username, method):
    client = registry.client(username)
    response = client.get(LOCK) if method == "get" else client.post(LOCK, {"note": "Pleno 3 Januari"})
    assert response.status_code == ASK[username]
    assert _nothing_locked()
    if response.status_code != 200:
        return
    assert response.templates[0].name == "confirm.html"
    confirmation = response.context["confirmation"]
    assert confirmation.title == "Kunci Triwulan IV 2025 Rutan Kelas IIB Blora?"
    assert confirmation.action == (
        "PDPB Triwulan IV 2025 Rutan Kelas IIB Blora akan diterima dan dikunci. Periode terkunci adalah salinan: "
        "tidak berubah lagi walau register berubah, dan tidak dapat dibuka kembali.")
    assert confirmation.facts == [
        "Pemilih awal 1, bertambah 1, berkurang 0, pemilih akhir 2.",
        "0 perbaikan identitas/alamat ikut dikunci.",
        "Pemilih akhir ini menjadi pemilih awal Triwulan I 2026.",
    ]
    assert confirmation.unresolved == [
        "Rutan Kelas IIB Blora belum mengajukan Triwulan IV 2025 ke KPU.",
        "1 pemilih potensial belum memiliki NIK terverifikasi dan tidak terhitung sebagai pemilih akhir.",
        "Triwulan IV 2025 belum berakhir: angka per 20-12-2025; perubahan register sampai 31-12-2025 tidak ikut "
        "terkunci.",
    ]
    page = response.content.decode()
    assert 'data-testid="confirm-unresolved"' in page
    assert "Ketik label periode, Triwulan IV 2025, untuk mengunci" in page
    if method == "post":  # the plenary note travels with the confirmation
        assert '<input type="hidden" name="note" value="Pleno 3 Januari">' in page


@pytest.mark.parametrize("typed", ["", "Triwulan IV", "triwulan iv 2025", "Triwulan IV 2025 ", "Triwulan III 2025"])
def test_a_wrong_label_locks_nothing_and_says_so(registry, typed):
    response = registry.client("kpu.blora").post(LOCK, {**CONFIRMED, "konfirmasi_teks": typed})
    if typed == "Triwulan IV 2025 ":  # surrounding spaces are forgiven, as for voter lists
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG]
    assert 'aria-invalid="true"' in response.content.decode()
    assert _nothing_locked()


@pytest.mark.parametrize("username", PERSONAS)
def test_the_right_label_locks(registry, username):
    response = registry.client(username).post(LOCK, CONFIRMED)
    status = {200: 302}.get(ASK[username], ASK[username])
    assert response.status_code == status
    if status != 302:
        assert _nothing_locked()
        return
    assert response["Location"] == "/pdpb/rutan-blora/2025-4/"
    assert _messages(response) == ["Triwulan IV 2025 Rutan Kelas IIB Blora dikunci: 2 pemilih akhir."]
    period = PdpbPeriod.objects.get()
    assert (period.status, period.note, period.reviewed_by.username) == (
        PdpbPeriod.Status.LOCKED, "Pleno 3 Januari", username)
    assert (period.start_count, period.added_count, period.removed_count, period.end_count) == (1, 1, 0, 2)
    assert sorted(period.entries.values_list("side", "full_name")) == [
        ("akhir", "Baru Blora"), ("akhir", "Lama Blora"), ("bertambah", "Baru Blora")]
    assert list(period.reviews.values_list("status", flat=True)) == ["dikunci"]


def test_a_submitted_past_quarter_without_potential_voters_has_nothing_unresolved(world, freeze_today):
    freeze_today(TODAY)
    make_inmate(world.blora, full_name="Lama Blora", admitted_on=date(2024, 1, 2))
    services.period_submit(facility=world.blora, quarter=Quarter(2025, 3), user=world.users["petugas.blora"])
    response = world.client("kpu.blora").get(PAST)
    assert response.context["confirmation"].unresolved == []
    assert b"confirm-unresolved" not in response.content


def test_a_returned_quarter_says_it_was_not_submitted_again(registry):
    services.period_submit(facility=registry.blora, quarter=Quarter(2025, 3), user=registry.users["petugas.blora"])
    services.period_return(facility=registry.blora, quarter=Quarter(2025, 3), note="NIK", user=registry.users["kpu.blora"])
    response = registry.client("kpu.blora").get(PAST)
    assert response.context["confirmation"].unresolved[0] == (
        "Rutan Kelas IIB Blora belum mengajukan lagi Triwulan III 2025 setelah dikembalikan.")


def test_a_quarter_that_cannot_be_locked_yet_is_refused_before_asking(registry):
    kpu = registry.client("kpu.blora")
    services.period_lock(facility=registry.blora, quarter=Quarter(2025, 2), confirm="Triwulan II 2025",
                         user=registry.users["kpu.blora"])
    response = kpu.post(LOCK, CONFIRMED, follow=True)
    assert response.redirect_chain == [("/pdpb/rutan-blora/2025-4/", 302)]
    assert _messages(response) == [
        "Kunci dulu Triwulan III 2025: pemilih awal periode ini adalah pemilih akhir periode itu."]
    assert not PdpbPeriod.objects.filter(quarter=4).exists()
    kpu.post(PAST, {"_konfirmasi": "1", "konfirmasi_teks": "Triwulan III 2025"}, follow=True)
    response = kpu.get("/pdpb/rutan-blora/2025-2/kunci/", follow=True)
    assert _messages(response) == ["Triwulan II 2025 sudah dikunci."]
    response = kpu.get("/pdpb/rutan-blora/2025-1/kunci/", follow=True)
    assert _messages(response) == ["Triwulan II 2025 sudah dikunci, jadi periode sebelumnya tidak dapat dikunci lagi."]


def test_the_facility_page_offers_the_lock_form_to_who_may_lock(registry):
    for username in PERSONAS:
        response = registry.client(username).get("/pdpb/rutan-blora/2025-4/")
        if response.status_code != 200:
            continue
        assert (b'data-testid="lock-form"' in response.content) == (ASK[username] == 200), username
