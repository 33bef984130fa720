"""Every PDPB page, list and download for every persona; the submit / return / lock workflow."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from openpyxl import load_workbook

from audit.models import ExportLog
from pdpb.models import PdpbEntry, PdpbPeriod, PdpbReview
from tests.conftest import PERSONAS
from tests.factories import make_inmate

TODAY = date(2025, 12, 20)
PERIOD = "2025-4"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def registry(world, freeze_today):
    freeze_today(TODAY)
    make_inmate(world.blora, full_name="Lama Blora", admitted_on=date(2024, 1, 2), home_region_id="33.16.09.1013")
    make_inmate(world.blora, full_name="Baru Blora", admitted_on=date(2025, 11, 2), home_region_id="33.18.01.2001")
    make_inmate(world.pati, full_name="Lama Pati", admitted_on=date(2024, 1, 2), home_region_id="33.18.01.2001")
    make_inmate(world.surabaya, full_name="Lama Surabaya", admitted_on=date(2024, 1, 2), home_region_id="35.78.01.1001")
    return world


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# who sees which facility: Rutan Blora (Kab. Blora, Jawa Tengah)
SEES_BLORA = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200,
              "outsider": 404}


@pytest.mark.parametrize("suffix", ["", "rekap/", "coktas/", "coktas/?format=xlsx"])
def test_facility_pages_and_downloads_follow_the_area(registry, suffix):
    for persona in PERSONAS:
        response = registry.client(persona).get(f"/pdpb/rutan-blora/{PERIOD}/{suffix}")
        assert response.status_code == SEES_BLORA[persona], (persona, suffix)
        if response.status_code == 200 and ("rekap" in suffix or "xlsx" in suffix):
            assert response["Content-Type"] == XLSX


def test_the_area_page_lists_the_facilities_of_each_persona(registry):
    expected = {"admin": {"Lama Blora"}, "petugas.blora": None, "kpu.blora": None, "kpu.jateng": None}
    seen = {}
    for persona in PERSONAS:
        response = registry.client(persona).get(f"/pdpb/?periode={PERIOD}")
        if persona == "outsider":
            assert response.status_code == 404
            continue
        assert response.status_code == 200
        seen[persona] = {line.facility.code for line in response.context["lines"]}
    assert expected  # the names below are the areas
    assert seen == {"admin": {"rutan-blora", "rutan-pati", "lapas-semarang", "rutan-surabaya"},
                    "petugas.blora": {"rutan-blora"}, "petugas.pati": {"rutan-pati"}, "kpu.blora": {"rutan-blora"},
                    "kpu.jateng": {"rutan-blora", "rutan-pati", "lapas-semarang"}}
    line = next(line for line in registry.client("kpu.blora").get(f"/pdpb/?periode={PERIOD}").context["lines"])
    assert (line.start_count, len(line.added), len(line.removed), line.end_count) == (1, 1, 0, 2)


def test_an_unknown_or_future_period_is_not_found(registry):
    client = registry.client("admin")
    for period in ["2026-1", "2025-5", "abc", "2025"]:
        assert client.get(f"/pdpb/rutan-blora/{period}/").status_code == 404, period
    assert client.get("/pdpb/?periode=2026-1").status_code == 404


def test_home_lists_group_voters_by_their_ktp_home_in_the_users_area(registry):
    for persona in PERSONAS:
        response = registry.client(persona).get(f"/pdpb/asal/?periode={PERIOD}")
        if persona == "outsider":
            assert response.status_code == 404
            continue
        groups = {g.code: sorted(i.voter.full_name for i in g.items) for g in response.context["groups"]}
        assert groups == {
            "admin": {"33.16": ["Lama Blora"], "33.18": ["Baru Blora", "Lama Pati"], "35.78": ["Lama Surabaya"]},
            "petugas.blora": {"33.16": ["Lama Blora"], "33.18": ["Baru Blora"]},
            "petugas.pati": {"33.18": ["Lama Pati"]},
            "kpu.blora": {"33.16": ["Lama Blora"], "33.18": ["Baru Blora"]},
            "kpu.jateng": {"33.16": ["Lama Blora"], "33.18": ["Baru Blora", "Lama Pati"]},
        }[persona], persona
    response = registry.client("kpu.blora").get(f"/pdpb/asal/?periode={PERIOD}&asal=33.18&format=xlsx")
    assert response["Content-Type"] == XLSX
    rows = list(load_workbook(_file(response), read_only=True)["ASAL"].iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "KAB/KOTA ASAL")
    assert [r[4] for r in rows[header + 1:] if r and r[4]] == ["Baru Blora"]
    assert ExportLog.objects.filter(what__startswith="pdpb-asal-").count() == 1


def _file(response):
    import io

    return io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)


def test_area_recap_is_direct_for_one_facility_and_a_job_for_more(registry):
    response = registry.client("kpu.blora").get(f"/pdpb/unduh-rekap/?periode={PERIOD}")
    assert response["Content-Type"] == XLSX
    rows = list(load_workbook(_file(response), read_only=True)["REKAP"].iter_rows(values_only=True))
    assert any(len(r) > 2 and r[2] == "Rutan Kelas IIB Blora" for r in rows)
    offer = registry.client("kpu.jateng").get(f"/pdpb/unduh-rekap/?periode={PERIOD}")
    assert offer.status_code == 200 and "Rekap PDPB Triwulan IV 2025 wilayah" in offer.content.decode()
    assert registry.client("outsider").get(f"/pdpb/unduh-rekap/?periode={PERIOD}").status_code == 404


SUBMIT = {"admin": 302, "petugas.blora": 302, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403,
          "outsider": 404}
MANAGE = {"admin": 200, "petugas.blora": 403, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 403,
          "outsider": 404}


def test_who_may_submit_return_and_lock(registry):
    for persona in PERSONAS:
        client = registry.client(persona)
        assert client.post(f"/pdpb/rutan-blora/{PERIOD}/ajukan/").status_code == SUBMIT[persona], persona
        PdpbPeriod.objects.filter(facility=registry.blora).update(status=PdpbPeriod.Status.SUBMITTED)
        returned = client.post(f"/pdpb/rutan-blora/{PERIOD}/kembalikan/", {"note": "x"}).status_code
        assert returned == {200: 302}.get(MANAGE[persona], MANAGE[persona]), persona
        assert client.get(f"/pdpb/rutan-blora/{PERIOD}/kunci/").status_code == MANAGE[persona], persona
        confirmed = {"_konfirmasi": "1", "konfirmasi_teks": "Triwulan IV 2025"}
        assert client.post(f"/pdpb/rutan-blora/{PERIOD}/kunci/", confirmed).status_code == (
            {200: 302}.get(MANAGE[persona], MANAGE[persona])), persona
        PdpbEntry.objects.all().delete()
        PdpbReview.objects.all().delete()
        PdpbPeriod.objects.all().delete()


def test_staff_submit_kpu_returns_then_locks_with_the_typed_label(registry):
    staff, kpu = registry.client("petugas.blora"), registry.client("kpu.blora")
    base = f"/pdpb/rutan-blora/{PERIOD}/"
    lock_page = kpu.get(base + "kunci/")
    assert "Rutan Kelas IIB Blora belum mengajukan Triwulan IV 2025 ke KPU." in lock_page.context["confirmation"].unresolved

    response = staff.post(base + "ajukan/", {"note": "Sudah dicek."}, follow=True)
    assert _messages(response) == ["Triwulan IV 2025 diajukan ke KPU untuk ditinjau."]
    assert PdpbPeriod.objects.get().status == PdpbPeriod.Status.SUBMITTED
    response = staff.post(base + "ajukan/", follow=True)
    assert _messages(response) == ["Triwulan IV 2025 sudah diajukan ke KPU dan menunggu tinjauan."]

    response = kpu.post(base + "kembalikan/", {"note": " "}, follow=True)
    assert _messages(response) == ["Tulis apa yang harus diperbaiki Lapas/Rutan."]
    response = kpu.post(base + "kembalikan/", {"note": "NIK dua orang belum diverifikasi."}, follow=True)
    assert _messages(response) == ["Triwulan IV 2025 dikembalikan ke Rutan Kelas IIB Blora dengan catatan."]
    period = PdpbPeriod.objects.get()
    assert (period.status, period.note, period.reviewed_by.username) == (
        PdpbPeriod.Status.RETURNED, "NIK dua orang belum diverifikasi.", "kpu.blora")
    assert "NIK dua orang belum diverifikasi." in staff.get(base).content.decode()
    staff.post(base + "ajukan/", follow=True)

    response = kpu.post(base + "kunci/", {"note": "Pleno 3 Januari", "_konfirmasi": "1", "konfirmasi_teks": "Triwulan IV"},
                        follow=True)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Teks konfirmasi tidak sama dengan Triwulan IV 2025. Tidak ada yang diubah; ketik persis Triwulan IV 2025."]
    assert PdpbPeriod.objects.get().status == PdpbPeriod.Status.SUBMITTED
    response = kpu.post(base + "kunci/", {"note": "Pleno 3 Januari", "_konfirmasi": "1",
                                          "konfirmasi_teks": "Triwulan IV 2025"}, follow=True)
    assert _messages(response) == ["Triwulan IV 2025 Rutan Kelas IIB Blora dikunci: 2 pemilih akhir."]
    period = PdpbPeriod.objects.get()
    assert (period.status, period.start_count, period.added_count, period.removed_count, period.end_count) == (
        PdpbPeriod.Status.LOCKED, 1, 1, 0, 2)
    assert sorted(period.entries.values_list("side", "full_name")) == [
        ("akhir", "Baru Blora"), ("akhir", "Lama Blora"), ("bertambah", "Baru Blora")]
    assert [r.status for r in period.reviews.all()] == ["dikunci", "diajukan", "dikembalikan", "diajukan"]
    response = staff.post(base + "ajukan/", follow=True)
    assert _messages(response) == ["Triwulan IV 2025 sudah dikunci KPU; tidak dapat diubah lagi."]
    # the registry changes after the lock; the locked period does not
    make_inmate(registry.blora, full_name="Susulan", admitted_on=date(2025, 12, 1))
    page = staff.get(base)
    assert page.context["line"].end_count == 2 and page.context["line"].locked


def test_pages_are_not_cached(registry):
    response = registry.client("kpu.blora").get(f"/pdpb/rutan-blora/{PERIOD}/")
    assert "no-store" in response["Cache-Control"]


def test_the_area_page_costs_the_same_queries_for_one_facility_or_three(registry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for persona in ("kpu.blora", "kpu.jateng"):
        client = registry.client(persona)
        client.get(f"/pdpb/?periode={PERIOD}")  # session warmed
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"/pdpb/?periode={PERIOD}").status_code == 200
        counts[persona] = len(context)
    assert counts["kpu.blora"] == counts["kpu.jateng"]


def test_pages_write_dates_as_people_read_them(registry):
    """Issue 16: "20 Desember 2025" on pages; the coktas' rows of birth dates stay as on KPU's forms."""
    staff = registry.client("petugas.blora")
    staff.post(f"/pdpb/rutan-blora/{PERIOD}/ajukan/", {"note": "Sudah dicek."})
    page = staff.get(f"/pdpb/rutan-blora/{PERIOD}/").content.decode()
    assert "Data per 20 Desember 2025" in page  # the quarter is still running: data as of today
    assert "20 Desember 2025 12.00 · Diajukan ke KPU · petugas.blora: Sudah dicek." in page
    assert "20-12-2025" not in page
    area = registry.client("kpu.blora").get(f"/pdpb/?periode={PERIOD}").content.decode()
    assert "1 Oktober 2025 s.d. 31 Desember 2025" in area
