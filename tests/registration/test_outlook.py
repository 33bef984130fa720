"""The eligible count from today to voting day (issue 16: who leaves before day H)."""

from datetime import date

import pytest

from inmates.models import NikStatus
from registration import selectors
from registration.models import Registration
from tests.factories import make_inmate

TODAY = date(2023, 11, 1)  # Pemilu 2024 votes on 14-02-2024: 105 days later
DAYS = [date(2023, 11, 1), date(2023, 11, 16), date(2023, 12, 1), date(2023, 12, 16), date(2023, 12, 31),
        date(2024, 1, 15), date(2024, 1, 30), date(2024, 2, 14)]


@pytest.fixture
def people(pemilu, world, freeze_today):
    freeze_today(TODAY)
    admitted = date(2023, 1, 1)
    make_inmate(world.blora, full_name="Lama", admitted_on=admitted, expected_release=date(2030, 1, 1))
    make_inmate(world.blora, full_name="Tanpa tanggal", admitted_on=admitted, expected_release=None)
    make_inmate(world.blora, full_name="Bebas Desember", admitted_on=admitted, expected_release=date(2023, 12, 15))
    make_inmate(world.blora, full_name="Bebas Januari", admitted_on=admitted, expected_release=date(2024, 1, 20))
    make_inmate(world.blora, full_name="Bebas hari H", admitted_on=admitted, expected_release=date(2024, 2, 14))
    make_inmate(world.blora, full_name="Tanpa NIK", nik=None, nik_status=NikStatus.NONE, admitted_on=admitted,
                expected_release=date(2030, 1, 1))  # a potential voter, not counted
    make_inmate(world.blora, full_name="Anak", birth_date=date(2008, 5, 5), marital_status="B", admitted_on=admitted,
                expected_release=date(2023, 12, 1))  # TMS for age as well as leaving: never a voter
    make_inmate(world.pati, full_name="Pati", admitted_on=admitted, expected_release=date(2023, 12, 1),
                home_region_id="33.18.10.1007")
    return pemilu


def test_the_days_run_from_today_to_voting_day():
    assert selectors.outlook_days(today=TODAY, voting_day=date(2024, 2, 14)) == DAYS
    assert selectors.outlook_days(today=date(2024, 2, 10), voting_day=date(2024, 2, 14)) == [
        date(2024, 2, 10), date(2024, 2, 11), date(2024, 2, 12), date(2024, 2, 13), date(2024, 2, 14)]
    assert selectors.outlook_days(today=date(2024, 2, 14), voting_day=date(2024, 2, 14)) == []


def test_the_count_falls_as_expected_releases_pass(people, world, django_assert_num_queries):
    with django_assert_num_queries(2):  # the user's facilities are a subquery; one aggregate for every day
        outlook = selectors.eligible_outlook(user=world.users["kpu.blora"], election=people, today=TODAY)
    assert [(p.day, p.count, p.leaving, p.is_voting_day) for p in outlook.points] == [
        (DAYS[0], 5, 0, False), (DAYS[1], 5, 0, False), (DAYS[2], 5, 0, False), (DAYS[3], 4, 1, False),
        (DAYS[4], 4, 0, False), (DAYS[5], 4, 0, False), (DAYS[6], 3, 1, False), (DAYS[7], 3, 0, True)]
    assert (outlook.top, outlook.leaving) == (5, 2)
    # On voting day: the MS voters held today.
    ms = Registration.objects.filter(election=people, facility=world.blora, status="ms").count()
    assert outlook.points[-1].count == ms == 3


@pytest.mark.parametrize("username,counts", [
    ("admin", [6, 6, 6, 4, 4, 4, 3, 3]), ("kpu.jateng", [6, 6, 6, 4, 4, 4, 3, 3]), ("kpu.blora", [5, 5, 5, 4, 4, 4, 3, 3]),
    ("petugas.blora", [5, 5, 5, 4, 4, 4, 3, 3]), ("petugas.pati", [1, 1, 1, 0, 0, 0, 0, 0]), ("outsider", [0] * 8)])
def test_the_count_is_scoped(people, world, username, counts):
    outlook = selectors.eligible_outlook(user=world.users[username], election=people, today=TODAY)
    assert [p.count for p in outlook.points] == counts


def test_no_chart_once_voting_day_has_come(people, world):
    assert selectors.eligible_outlook(user=world.users["admin"], election=people, today=date(2024, 2, 14)).points == []


@pytest.mark.parametrize("username,status", [("admin", 200), ("kpu.jateng", 200), ("kpu.blora", 200),
                                             ("petugas.blora", 200), ("petugas.pati", 200), ("outsider", 404)])
def test_the_dashboard_shows_the_outlook_as_a_table(people, world, username, status):
    response = world.client(username).get("/pemilu/pemilu-2024/")
    assert response.status_code == status
    if status != 200:
        return
    page = response.content.decode()
    assert 'data-testid="outlook-table"' in page
    assert "Pemilih menjelang hari pemungutan" in page
    assert "style=" not in page and "<script>" not in page


def test_the_dashboard_outlook_rows(people, world):
    page = world.client("kpu.blora").get("/pemilu/pemilu-2024/").content.decode()
    assert "Dari 5 pemilih yang ditahan hari ini, 2 orang diperkirakan bebas sebelum hari H" in page
    assert '<th scope="row" class="text-nowrap fw-normal">14 Feb 2024 <span class="badge text-bg-primary">hari H</span></th>' in page
    assert 'width="600"' in page  # 3 of 5 on voting day, as an SVG attribute
