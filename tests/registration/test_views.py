import re
from collections import Counter
from datetime import date

import pytest

from audit.models import ExportLog
from registration import selectors, services
from registration.models import ListReview, ListVersion, Registration, Tps
from tests.factories import make_inmate

BLORA = "/pemilu/pemilu-2024/rutan-blora"
# Reading a facility's election pages: its staff, KPU of its area, admin.
READ = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200, "outsider": 404}
# Planning TPS, locking, returning: KPU of the facility's kab/kota and admin.
PLAN = {"admin": 302, "petugas.blora": 403, "petugas.pati": 404, "kpu.blora": 302, "kpu.jateng": 403, "outsider": 404}


@pytest.fixture
def voter(pemilu, world):
    person = make_inmate(world.blora, full_name="Wahyu", admitted_on=date(2023, 1, 1))
    return Registration.objects.get(inmate=person)


@pytest.mark.parametrize("username,status", READ.items())
@pytest.mark.parametrize("path", ["/", "/tps/", "/versi/", "/unduh/"])
def test_facility_election_pages_per_persona(voter, world, username, status, path):
    response = world.client(username).get(BLORA + path)
    assert response.status_code == status
    if status == 200 and path == "/":
        assert "Wahyu" in response.content.decode()


@pytest.mark.parametrize("username,status", READ.items())
def test_voter_page_per_persona(voter, world, username, status):
    assert world.client(username).get(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/").status_code == status


@pytest.mark.parametrize("username,status", [("admin", 200), ("kpu.blora", 200), ("kpu.jateng", 200),
                                             ("petugas.blora", 200), ("petugas.pati", 200), ("outsider", 404)])
def test_dashboard_per_persona_shows_only_the_area(voter, world, username, status):
    response = world.client(username).get("/pemilu/pemilu-2024/")
    assert response.status_code == status
    if status == 200:
        codes = {line.facility.code for line in response.context["board"].facilities}
        expected = {"admin": {"rutan-blora", "rutan-pati", "lapas-semarang", "rutan-surabaya"},
                    "kpu.blora": {"rutan-blora"}, "kpu.jateng": {"rutan-blora", "rutan-pati", "lapas-semarang"},
                    "petugas.blora": {"rutan-blora"}, "petugas.pati": {"rutan-pati"}}[username]
        assert codes == expected


def test_an_unknown_election_is_not_found(world):
    assert world.client("admin").get("/pemilu/tidak-ada/").status_code == 404


@pytest.mark.parametrize("username,status", PLAN.items())
def test_creating_tps_per_persona(voter, world, username, status):
    response = world.client(username).post(BLORA + "/tps/", {"number": "", "capacity": "", "capacity_reason": ""})
    assert response.status_code == status
    assert Tps.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize("username,status", PLAN.items())
def test_allocating_per_persona(voter, world, username, status):
    response = world.client(username).post(BLORA + "/tps/alokasi/", {"create": "1"})
    assert response.status_code == status
    voter.refresh_from_db()
    assert (voter.tps is not None) is (status == 302)


@pytest.mark.parametrize("username,status", PLAN.items())
def test_locking_per_persona(voter, world, username, status):
    response = world.client(username).post(BLORA + "/versi/", {"kind": "dpt", "label": "DPT", "note": "",
                                                               "_konfirmasi": "1", "konfirmasi_teks": "DPT"})
    assert response.status_code == status
    assert ListVersion.objects.count() == (1 if status == 302 else 0)
    if status == 302:
        assert response["Location"] == BLORA + "/versi/1/"


def test_tps_form_errors_are_shown(voter, world):
    response = world.client("kpu.blora").post(BLORA + "/tps/", {"number": "", "capacity": "500", "capacity_reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["capacity_reason"] == [
        "Tuliskan alasan bila kapasitas berbeda dari batas 300 pemilih per TPS."]


def test_submit_return_and_lock_workflow(voter, pemilu, world, freeze_today):
    freeze_today(date(2024, 1, 15))
    staff, kpu = world.client("petugas.blora"), world.client("kpu.blora")
    response = staff.post(BLORA + "/ajukan/", {"note": "Data per 20 Desember"}, follow=True)
    assert "Daftar diajukan ke KPU untuk ditinjau." in response.content.decode()
    assert selectors.latest_review(election=pemilu, facility=world.blora).status == ListReview.Status.SUBMITTED
    again = staff.post(BLORA + "/ajukan/", {"note": ""}, follow=True)
    assert "Daftar sudah diajukan dan sedang ditinjau KPU." in again.content.decode()
    assert kpu.post(BLORA + "/ajukan/", {}).status_code == 403
    empty = kpu.post(BLORA + "/kembalikan/", {"note": ""}, follow=True)
    assert "Tuliskan apa yang perlu diperbaiki." in empty.content.decode()
    kpu.post(BLORA + "/kembalikan/", {"note": "NIK 3 orang belum diverifikasi"})
    review = selectors.latest_review(election=pemilu, facility=world.blora)
    assert (review.status, review.note, review.by) == (ListReview.Status.RETURNED, "NIK 3 orang belum diverifikasi",
                                                       world.users["kpu.blora"])
    assert staff.post(BLORA + "/kembalikan/", {"note": "x"}).status_code == 403
    staff.post(BLORA + "/ajukan/", {"note": "Sudah diperbaiki"})
    kpu.post(BLORA + "/versi/", {"kind": "dpt", "label": "", "note": "", "_konfirmasi": "1",
                                 "konfirmasi_teks": "DPT 15 Januari 2024"})
    review = selectors.latest_review(election=pemilu, facility=world.blora)
    assert review.status == ListReview.Status.LOCKED
    assert review.version.label == "DPT 15 Januari 2024"
    page = staff.get(BLORA + "/").content.decode()
    assert "Dikunci KPU" in page


def test_kpu_marks_dpk_and_moves_tps_staff_records_the_a_form(voter, pemilu, world):
    kpu, staff = world.client("kpu.blora"), world.client("petugas.blora")
    kpu.post(BLORA + "/tps/", {"number": "5", "capacity": "", "capacity_reason": ""})
    tps = Tps.objects.get(number=5)
    response = kpu.post(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/", {"tps": tps.pk, "marked_dpk": "on",
                                                                     "pindah_form_number": "", "pindah_form_date": ""})
    assert response.status_code == 302
    voter.refresh_from_db()
    assert (voter.tps, voter.list_type) == (tps, "dpk")
    form = staff.get(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/").context["form"]
    assert "tps" not in form.fields and "marked_dpk" not in form.fields
    staff.post(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/", {"pindah_form_number": "A-123/PPS/2024",
                                                           "pindah_form_date": "2024-02-01"})
    voter.refresh_from_db()
    assert (voter.pindah_form_number, voter.pindah_form_date, voter.tps, voter.list_type) == (
        "A-123/PPS/2024", date(2024, 2, 1), tps, "dpk")
    assert world.client("kpu.jateng").post(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/", {}).status_code == 403


def test_a_dptb_voter_without_the_a_form_after_the_deadline_is_flagged(voter, pemilu, world):
    services.list_lock(election=pemilu, facility=world.blora, kind="dpt", user=None)
    newcomer = make_inmate(world.blora, full_name="Baru", admitted_on=date(2024, 2, 1))
    registration = Registration.objects.get(inmate=newcomer)
    assert registration.list_type == "dptb"
    page = world.client("kpu.blora").get(f"/pemilu/pemilu-2024/pemilih/{registration.pk}/")
    assert 'data-testid="pindah-late"' in page.content.decode()  # today is after 7 Feb 2024
    calendar = {item.label: item for item in world.client("petugas.blora").get(BLORA + "/").context["calendar"]}
    item = calendar["Batas pindah memilih tahanan/WBP (H-7)"]
    assert (item.state, item.note) == ("late", "1 pemilih DPTb belum punya Model A")


def test_current_list_export_is_logged(voter, world):
    response = world.client("petugas.blora").get(BLORA + "/unduh/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    log = ExportLog.objects.get()
    assert (log.user.username, log.operator, log.via, log.rows, log.scope) == (
        "petugas.blora", "petugas.blora", "web", 1, "daftar saat ini · semua TPS")


def test_refresh_button(voter, world):
    response = world.client("petugas.blora").post(BLORA + "/hitung-ulang/", follow=True)
    assert "Daftar dihitung ulang: 0 baru, 0 masuk daftar, 0 keluar daftar, 0 berubah alasan." in response.content.decode()
    assert world.client("kpu.jateng").post(BLORA + "/hitung-ulang/").status_code == 403
    assert world.client("petugas.pati").post(BLORA + "/hitung-ulang/").status_code == 404


def test_home_pages_point_to_the_election(voter, world):
    staff = world.client("petugas.blora").get("/").content.decode()
    assert 'href="/pemilu/pemilu-2024/rutan-blora/"' in staff
    kpu = world.client("kpu.blora").get("/").content.decode()
    assert 'href="/pemilu/pemilu-2024/"' in kpu
    assert 'data-testid="calendar"' in kpu


def test_the_calendar_flags_transfers_during_the_freeze(pemilu, world):
    from inmates import services as registry

    person = make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    registry.transfer_record(inmate=person, day=date(2024, 1, 3), destination=world.pati, user=None)
    items = {item.label: item for item in world.client("petugas.blora").get(BLORA + "/").context["calendar"]}
    freeze = items["Mulai larangan pemindahan antar-Lapas/Rutan"]
    assert (freeze.day, freeze.state, freeze.note) == (date(2023, 12, 22), "late", "1 pemindahan tercatat setelah larangan")
    assert items["Batas data WBP dan daftar WBP bebas sebelum hari H"].state == "late"  # never submitted
    assert items["Hari pemungutan suara"].state == "past"


def _facility_page_queries(client, rows: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(BLORA + "/")
    assert len(response.context["page"].object_list) == rows
    return len(context.captured_queries)


def test_the_voter_list_costs_the_same_queries_for_few_and_many(pemilu, world):
    client = world.client("kpu.blora")
    for _index in range(3):
        make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    few = _facility_page_queries(client, 3)
    for _index in range(40):
        make_inmate(world.blora, admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora)
    assert _facility_page_queries(client, 43) == few


def test_an_election_created_in_the_admin_computes_its_lists(world):
    make_inmate(world.blora, admitted_on=date(2026, 1, 5), expected_release=date(2029, 1, 1))
    client = world.client("admin")
    response = client.post("/admin/registration/election/add/", {
        "name": "Pilkada Blora 2027", "slug": "pilkada-blora-2027", "kind": "pilkada", "status": "aktif",
        "voting_day": "2027-11-24", "dpt_determined_on": "2027-09-20", "region": "33.16", "max_voters_per_tps": "600",
        "reserve_percent": "2",
        "pindah_general_days": "30", "pindah_detainee_days": "7", "data_start": "", "data_cutoff": "", "transfer_freeze": "",
        "contests-TOTAL_FORMS": "1", "contests-INITIAL_FORMS": "0", "contests-MIN_NUM_FORMS": "0",
        "contests-MAX_NUM_FORMS": "1000", "contests-0-code": "BUP", "contests-0-name": "Bupati dan Wakil Bupati",
        "contests-0-scope": "kabkota", "contests-0-order": "1", "dapil_edition": "",
    }, follow=True)
    assert "Daftar pemilih dihitung ulang untuk 1 Lapas/Rutan." in response.content.decode()
    registration = Registration.objects.get(election__slug="pilkada-blora-2027")
    assert (registration.status, registration.ballots) == ("ms", ",BUP,")
    assert registration.election.dpt_determined_on == date(2027, 9, 20)
    assert world.client("kpu.blora").get("/admin/registration/election/").status_code == 302


def test_the_calendar_counts_from_the_day_it_is_read(pemilu, world, freeze_today):
    freeze_today(date(2024, 2, 5))
    items = {item.label: item for item in world.client("kpu.blora").get(BLORA + "/").context["calendar"]}
    assert [(items[label].day, items[label].state) for label in (
        "Batas data WBP dan daftar WBP bebas sebelum hari H", "Batas pindah memilih umum (H-30)",
        "Batas pindah memilih tahanan/WBP (H-7)", "Hari pemungutan suara")] == [
        (date(2023, 12, 20), "late"),  # tracked for the facility and never submitted
        (date(2024, 1, 15), "late"),  # no DPT locked yet
        (date(2024, 2, 7), "done"),  # no DPTb voter lacks the A-form
        (date(2024, 2, 14), "due"),  # nine days ahead
    ]
    freeze_today(date(2023, 11, 1))
    items = {item.label: item for item in world.client("kpu.blora").get(BLORA + "/").context["calendar"]}
    assert items["Hari pemungutan suara"].state == "upcoming"
    assert items["Batas data WBP dan daftar WBP bebas sebelum hari H"].state == "upcoming"


def _repeated_ids(html: str) -> list[str]:
    return sorted(value for value, count in Counter(re.findall(r'\sid="([^"]*)"', html)).items() if count > 1)


@pytest.mark.parametrize("username", ["admin", "kpu.blora", "kpu.jateng", "petugas.blora"])
def test_the_list_page_has_unique_ids_in_every_review_state(voter, pemilu, world, username):
    client = world.client(username)
    staff, kpu = world.client("petugas.blora"), world.client("kpu.blora")
    states = [("", lambda: None),
              ("diajukan", lambda: staff.post(BLORA + "/ajukan/", {"note": "Siap"})),
              ("dikembalikan", lambda: kpu.post(BLORA + "/kembalikan/", {"note": "Perbaiki NIK"}))]
    for status, step in states:
        step()
        review = selectors.latest_review(election=pemilu, facility=world.blora)
        assert (review.status if review else "") == status
        html = client.get(BLORA + "/").content.decode()
        assert _repeated_ids(html) == [], (username, status)


def test_the_submit_and_return_notes_have_ids_of_their_own(voter, pemilu, world):
    admin = world.client("admin")
    before = admin.get(BLORA + "/").content.decode()
    assert 'id="submit_note"' in before and 'for="submit_note"' in before and 'id="return_note"' not in before
    world.client("petugas.blora").post(BLORA + "/ajukan/", {"note": ""})
    after = admin.get(BLORA + "/").content.decode()
    assert 'id="return_note"' in after and 'for="return_note"' in after and 'id="submit_note"' not in after
    assert 'id="id_note"' not in before + after
