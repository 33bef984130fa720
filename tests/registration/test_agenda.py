"""What is next, on each role's home page: portal's agenda registry (portal/agenda.py) and the
elections' provider (registration/agenda.py), from the data and for the user's area."""

from datetime import date

import pytest

from portal import agenda
from registration import agenda as election_agenda
from registration import services
from registration.demo import counted_back
from registration.models import Election, ListVersion
from tests.factories import make_inmate

VOTING_DAY = date(2029, 2, 14)
TODAY = date(2029, 1, 10)  # after the DPT's determination and the data cut-off, before the pindah deadlines
TITLE = "Pemilu Uji"


@pytest.fixture
def election(world):
    for facility in (world.blora, world.pati):
        make_inmate(facility, admitted_on=date(2023, 1, 1), expected_release=None)
    return services.election_create(template="pemilu-nasional", slug="pemilu-uji", name=TITLE, voting_day=VOTING_DAY,
                                    **counted_back(VOTING_DAY))


def shown(username, world, today=TODAY):
    return [(item.day, item.text, item.note, item.late)
            for item in agenda.upcoming(user=world.users[username], today=today)
            if not item.title.startswith("Triwulan ")]  # PDPB's quarters: tests/pdpb/test_agenda.py


def test_registration_registers_its_provider_through_its_app_config():
    assert agenda.providers()["registration"] is election_agenda.items


def test_items_still_to_come_come_first_then_the_late_ones_marked(monkeypatch):
    item = election_agenda.AgendaItem
    found = [item(date(2029, 1, 20), "B", "later"), item(date(2029, 1, 5), "A", "late, older"),
             item(date(2029, 1, 10), "A", "today"), item(date(2029, 1, 9), "A", "late, newer"),
             item(date(2029, 1, 12), "A", "soon", "/x/", "a note")]
    monkeypatch.setattr(agenda, "_providers", {"fake": lambda *, user, today: found})
    result = agenda.upcoming(user=None, today=date(2029, 1, 10))
    assert [(s.text, s.days, s.late, s.soon) for s in result] == [
        ("today", 0, False, True), ("soon", 2, False, True), ("later", 10, False, True),
        ("late, newer", -1, True, False), ("late, older", -5, True, False)]
    assert (result[1].url, result[1].note, result[1].title) == ("/x/", "a note", "A")
    assert [s.text for s in agenda.upcoming(user=None, today=date(2029, 1, 10), limit=1)] == ["today", "late, newer"]


def test_facility_staff_see_their_facility_s_deadlines_and_late_tasks(world, election):
    assert shown("petugas.blora", world) == [
        (date(2029, 1, 15), "batas pindah memilih umum (H-30)", "DPT Lapas/Rutan ini belum dikunci", False),
        (date(2029, 2, 7), "batas pindah memilih tahanan/WBP (H-7)", "", False),
        (date(2029, 2, 14), "hari pemungutan suara", "", False),
        (date(2028, 12, 20), "batas data WBP: ajukan daftar pemilih ke KPU", "", True),
    ]
    services.list_submit(election=election, facility=world.blora, user=None)
    assert [text for _day, text, _note, _late in shown("petugas.blora", world)] == [
        "batas pindah memilih umum (H-30)", "batas pindah memilih tahanan/WBP (H-7)", "hari pemungutan suara"]


def test_kpu_see_the_deadlines_of_their_area_and_the_facilities_behind(world, election):
    assert shown("kpu.blora", world) == [
        (date(2029, 1, 15), "batas pindah memilih umum (H-30)", "", False),
        (date(2029, 2, 7), "batas pindah memilih tahanan/WBP (H-7)", "", False),
        (date(2029, 2, 14), "hari pemungutan suara", "", False),
        (date(2028, 12, 20), "batas data WBP dan daftar WBP bebas sebelum hari H",
         "1 Lapas/Rutan belum mengajukan daftar pemilih: Rutan Kelas IIB Blora", True),
        (date(2028, 6, 21), "penetapan DPT oleh KPU kabupaten/kota",
         "1 Lapas/Rutan belum memiliki DPT terkunci: Rutan Kelas IIB Blora", True),
    ]
    jateng = {text: note for _day, text, note, _late in shown("kpu.jateng", world)}
    assert jateng["penetapan DPT oleh KPU kabupaten/kota"] == (
        "3 Lapas/Rutan belum memiliki DPT terkunci: Lapas Kelas I Semarang, Rutan Kelas IIB Blora, Rutan Kelas IIB Pati")
    admin = {text: note for _day, text, note, _late in shown("admin", world)}
    assert admin["penetapan DPT oleh KPU kabupaten/kota"] == (
        "4 Lapas/Rutan belum memiliki DPT terkunci: Lapas Kelas I Semarang, Rutan Kelas I Surabaya, "
        "Rutan Kelas IIB Blora, dan 1 lainnya")
    services.list_submit(election=election, facility=world.blora, user=None)
    services.list_lock(election=election, facility=world.blora, kind=ListVersion.Kind.DPT, user=None)
    assert [late for *_rest, late in shown("kpu.blora", world)] == [False, False, False]  # both tasks done


def test_deadlines_ahead_count_down_and_a_simulated_day_is_said(world, election):
    Election.objects.filter(pk=election.pk).update(voting_day_simulated=True)
    items = shown("kpu.blora", world, today=date(2028, 5, 1))
    assert items[0] == (date(2028, 5, 21), "mulai pendataan pemilih", "dihitung dari tanggal simulasi", False)
    assert items[-1] == (VOTING_DAY, "hari pemungutan suara (tanggal simulasi)", "", False)
    assert not any(late for *_rest, late in items)


def test_archived_elections_and_people_without_a_role_have_no_agenda(world, election):
    assert shown("outsider", world) == []
    Election.objects.filter(pk=election.pk).update(status=Election.Status.CLOSED)
    assert shown("kpu.jateng", world) == [] and shown("petugas.blora", world) == []


@pytest.mark.parametrize("username", ["admin", "petugas.blora", "kpu.blora", "kpu.jateng"])
def test_each_role_s_home_page_says_what_is_next(world, election, freeze_today, username):
    freeze_today(TODAY)
    html = world.client(username).get("/").content.decode()
    assert 'data-testid="agenda"' in html
    assert "<strong>Pemilu Uji</strong>:" in html
    assert "batas pindah memilih tahanan/WBP (H-7)</a> <span class=\"text-nowrap\">7 Februari 2029</span>" in html
    assert "28 hari lagi" in html and "terlambat" in html


def test_the_outsider_s_home_has_no_agenda(world, election):
    html = world.client("outsider").get("/").content.decode()
    assert 'data-testid="agenda"' not in html


def test_the_home_page_costs_the_same_queries_for_more_facilities_and_people(world, election, freeze_today,
                                                                             django_assert_num_queries):
    freeze_today(TODAY)
    client = world.client("kpu.jateng")
    services.list_submit(election=election, facility=world.blora, user=None)
    client.get("/")
    # session, user, membership, facilities, elections (agenda), facilities in the area, their reviews and
    # locked DPT (per open election), the inbox's waiting lists, their figures and PDPB quarters, PDPB's facilities
    # and periods (agenda),
    # the KPU's region, elections (the list)
    with django_assert_num_queries(15) as first:
        client.get("/")
    for _index in range(5):
        make_inmate(world.semarang, admitted_on=date(2023, 1, 1), expected_release=None)
    services.list_submit(election=election, facility=world.pati, user=None)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get("/")


def test_the_home_page_shows_the_calendar_of_the_next_voting_day(world, election, freeze_today):
    freeze_today(TODAY)
    services.election_create(template="pemilu-daerah", slug="pemilu-daerah-uji", name="Pemilu Daerah Uji",
                             voting_day=date(2031, 11, 26), region="33")
    response = world.client("kpu.jateng").get("/")
    assert [e.slug for e in response.context["elections"]] == ["pemilu-uji", "pemilu-daerah-uji"]
    assert response.context["election"].slug == "pemilu-uji"
