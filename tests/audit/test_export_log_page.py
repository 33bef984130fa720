"""Issue 16: the export log is a page for admins in the application: filter by user, facility, date
range, masked or not; paginated; everyone else gets a 404 as on the other admin pages."""

import re
from datetime import UTC, datetime

import pytest

from audit.models import ExportLog
from tps_khusus import audit

URL = "/catatan-ekspor/"
STATUS = {"admin": 200, "petugas.blora": 404, "petugas.pati": 404, "kpu.blora": 404, "kpu.jateng": 404,
          "outsider": 404}


def log(world, *, user, facility, at, masked=False, rows=10, what="dpt.xlsx"):
    entry = ExportLog.objects.create(user=world.users[user] if user else None, operator="" if user else "root",
                                     via=audit.WEB if user else audit.COMMAND, facility=facility, scope="semua TPS",
                                     masked=masked, what=what, rows=rows)
    ExportLog.objects.filter(pk=entry.pk).update(at=at)  # auto_now_add: set the moment afterwards
    return entry


@pytest.fixture
def logs(world):
    return [
        log(world, user="kpu.blora", facility=world.blora, at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC), rows=1385,
            what="dpt-blora-v1.xlsx"),
        log(world, user="kpu.blora", facility=world.blora, at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC), masked=True,
            what="dpt-blora-samaran.xlsx"),
        log(world, user="petugas.pati", facility=world.pati, at=datetime(2026, 12, 2, 3, 0, tzinfo=UTC),
            what="wbp-pati.xlsx"),
        log(world, user=None, facility=world.semarang, at=datetime(2026, 12, 2, 4, 0, tzinfo=UTC),
            what="cmd-semarang.xlsx"),
    ]


def shown(response) -> list[str]:
    return [entry.what for entry in response.context["page"]]


@pytest.mark.parametrize("username,status", STATUS.items())
def test_admins_only(logs, world, username, status):
    response = world.client(username).get(URL)
    assert response.status_code == status
    html = world.client(username).get("/").content.decode()
    assert ('href="/catatan-ekspor/"' in html) is (status == 200)  # in the nav for admins only


def test_everything_newest_first_in_words_and_indonesian_numbers(logs, world):
    response = world.client("admin").get(URL)
    assert shown(response) == ["cmd-semarang.xlsx", "wbp-pati.xlsx", "dpt-blora-samaran.xlsx", "dpt-blora-v1.xlsx"]
    html = response.content.decode()
    assert "30 November 2026 10.00" in html  # Jakarta time
    assert '<td class="text-end">1.385</td>' in html
    assert "lengkap (NIK utuh)" in html and "disamarkan" in html and "perintah server" in html


@pytest.mark.parametrize("query,expected", [
    ("?pengguna={kpu}", ["dpt-blora-samaran.xlsx", "dpt-blora-v1.xlsx"]),
    ("?fasilitas=rutan-pati", ["wbp-pati.xlsx"]),
    ("?dari=2026-12-01&sampai=2026-12-01", ["dpt-blora-samaran.xlsx"]),
    ("?dari=2026-12-02", ["cmd-semarang.xlsx", "wbp-pati.xlsx"]),
    ("?sampai=2026-11-30", ["dpt-blora-v1.xlsx"]),
    ("?samaran=ya", ["dpt-blora-samaran.xlsx"]),
    ("?samaran=tidak&fasilitas=rutan-blora", ["dpt-blora-v1.xlsx"]),
    ("?pengguna=&fasilitas=&dari=&sampai=&samaran=", ["cmd-semarang.xlsx", "wbp-pati.xlsx", "dpt-blora-samaran.xlsx",
                                                      "dpt-blora-v1.xlsx"]),
])
def test_filters(logs, world, query, expected):
    response = world.client("admin").get(URL + query.format(kpu=world.users["kpu.blora"].pk))
    assert response.status_code == 200
    assert shown(response) == expected


def test_a_reversed_date_range_says_so_and_lists_nothing(logs, world):
    response = world.client("admin").get(URL + "?dari=2026-12-02&sampai=2026-12-01")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Tanggal awal (2 Desember 2026) harus sebelum atau sama dengan tanggal akhir (1 Desember 2026)."]
    assert response.context["page"] is None


@pytest.mark.parametrize("query", ["?fasilitas=tidak-ada", "?pengguna=x", "?dari=kemarin", "?samaran=mungkin",
                                   "?page=999", "?page=x"])
def test_bad_input_is_never_a_500(logs, world, query):
    assert world.client("admin").get(URL + query).status_code == 200


def test_paginated_with_the_filters_kept_and_fixed_queries(world, django_assert_num_queries):
    for index in range(120):
        log(world, user="kpu.blora", facility=world.blora, at=datetime(2026, 12, 1, 3, index % 60, tzinfo=UTC),
            what=f"f{index}.xlsx")
    client = world.client("admin")
    client.get(URL)
    # session, user, the chosen facility (form), count, the users and facilities of the filter's
    # drop-downs, the page of rows with user, facility and election: the same for 120 rows as for 3
    with django_assert_num_queries(7):
        first = client.get(URL + "?fasilitas=rutan-blora")
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.num_pages == 3
    assert 'href="?fasilitas=rutan-blora&amp;page=2"' in first.content.decode()
    last = client.get(URL + "?fasilitas=rutan-blora&page=3")
    assert len(last.context["page"]) == 20


def test_the_filters_are_the_shared_filter_bar_with_room_for_each_drop_down(logs, world):
    """tps_khusus.forms.FilterForm: a GET bar with its grid columns; from the large breakpoint the three
    drop-downs share a row a third each (col-md-2 cut "Hanya lengkap (NIK utuh)" off at 1280 px)."""
    html = world.client("admin").get(URL).content.decode()
    assert re.search(r'<form\s+aria-label="Saring daftar"\s+class="filter-bar no-print mb-3"\s+'
                     r'data-testid="export-log-filters"\s+method="get"', html)
    columns = re.findall(r'<div\s+class="(col-12[^"]*)"\s*>\s*<div id="div_id_(\w+)"', html)
    assert columns == [("col-12 col-sm-6 col-lg-4", "pengguna"), ("col-12 col-sm-6 col-lg-4", "fasilitas"),
                       ("col-12 col-sm-6 col-lg-4", "samaran"), ("col-12 col-sm-6 col-lg-3", "dari"),
                       ("col-12 col-sm-6 col-lg-3", "sampai")]
    assert re.search(r'<button\s+class="btn btn-primary w-100 text-nowrap"\s+type="submit">\s*Saring\s*</button>', html)
    reversed_range = world.client("admin").get(URL + "?dari=2026-12-02&sampai=2026-12-01").content.decode()
    assert ("<li>Tanggal awal (2 Desember 2026) harus sebelum atau sama dengan tanggal akhir (1 Desember 2026).</li>"
            in reversed_range)
