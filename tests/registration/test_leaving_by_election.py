"""Issue 16: the "released before voting day" list lets the officer pick the election instead of typing
its date. The registry does not import registration: the elections come through inmates.voting_days,
which registration fills at start-up."""

import re
from datetime import date

import pytest

from inmates import voting_days
from registration.models import Election
from tests.factories import make_inmate

LEAVING = "/fasilitas/rutan-blora/bebas-sebelum/"
STATUS = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200,
          "outsider": 404}


@pytest.fixture
def leaving(pemilu, pilkada, world):
    make_inmate(world.blora, full_name="Bebas Januari", admitted_on=date(2023, 1, 1), expected_release=date(2024, 1, 20))
    make_inmate(world.blora, full_name="Bebas Maret", admitted_on=date(2023, 1, 1), expected_release=date(2024, 3, 20))
    return pemilu


def names(response) -> list[str]:
    return [inmate.full_name for inmate, _names in response.context["rows"]]


def test_the_open_elections_covering_the_facility_are_offered_soonest_first(leaving, pilkada, world):
    assert voting_days.choices(user=world.users["petugas.blora"], facility=world.blora) == [
        ("Pemilu 2024 — 14 Februari 2024", date(2024, 2, 14)),
        (f"{pilkada.name} — 27 November 2024", date(2024, 11, 27)),
    ]
    Election.objects.filter(pk=pilkada.pk).update(status=Election.Status.CLOSED)
    assert [day for _label, day in voting_days.choices(user=world.users["admin"], facility=world.blora)] == [
        date(2024, 2, 14)]
    assert voting_days.choices(user=world.users["outsider"], facility=world.blora) == []


@pytest.mark.parametrize("username,status", STATUS.items())
def test_picking_the_election_lists_who_leaves_before_its_voting_day(leaving, world, username, status):
    response = world.client(username).get(LEAVING, {"election": "2024-02-14"})
    assert response.status_code == status
    if status == 200:
        assert names(response) == ["Bebas Januari"]
        html = response.content.decode()
        assert '<option value="2024-02-14" selected>Pemilu 2024 — 14 Februari 2024</option>' in html
        assert "?day=2024-02-14" in html  # the download of the same list


def test_a_typed_day_still_works_and_wins_over_the_election(leaving, world):
    response = world.client("petugas.blora").get(LEAVING, {"election": "2024-02-14", "day": "2024-11-27"})
    assert names(response) == ["Bebas Januari", "Bebas Maret"]


@pytest.mark.parametrize("query", [{"election": "", "day": ""}, {"election": "2031-01-01"}, {"election": "x"}])
def test_neither_or_an_unknown_election_says_what_to_do(leaving, world, query):
    response = world.client("petugas.blora").get(LEAVING, query)
    assert response.status_code == 200 and response.context["rows"] is None
    errors = response.context["form"].errors
    assert errors.get("__all__") == ["Pilih pemilu, atau isi tanggal pemungutan suara."] or "election" in errors


@pytest.mark.parametrize("username", ["admin", "petugas.blora", "kpu.blora", "kpu.jateng"])
def test_the_day_is_chosen_in_the_shared_filter_bar(leaving, world, username):
    """tps_khusus.forms.FilterForm, as on the other lists: crispy's grid, its labels, the button last; the
    download of the chosen day's list below it."""
    html = world.client(username).get(LEAVING, {"election": "2024-02-14"}).content.decode()
    bar = re.search(r'<form\s+aria-label="Saring daftar"\s+class="filter-bar no-print mb-3"\s+'
                    r'data-testid="leaving-filters"\s+method="get"\s*>(.*?)</form>', html, re.S)
    assert bar is not None
    assert re.findall(r'<div\s+class="(col-12[^"]*)"\s*>\s*<div id="div_id_(\w+)"', bar.group(1)) == [
        ("col-12 col-sm-12 col-lg-5", "election"), ("col-12 col-sm-6 col-lg-3", "day")]
    assert re.search(r'<label\s+for="id_election" class="form-label">\s*Pemilu\s*</label>', bar.group(1))
    assert re.search(r'<label\s+for="id_day" class="form-label">\s*atau tanggal pemungutan suara lain\s*</label>',
                     bar.group(1))
    assert re.search(r'<button\s+class="btn btn-primary w-100 text-nowrap"\s+type="submit">\s*Tampilkan\s*</button>',
                     bar.group(1))
    assert ('<a class="btn btn-outline-success" data-testid="download-leaving" '
            'href="/fasilitas/rutan-blora/bebas-sebelum/unduh/?day=2024-02-14">Unduh .xlsx</a>') in html


def test_asking_with_neither_says_so_in_the_filter_bar(leaving, world):
    html = world.client("petugas.blora").get(LEAVING, {"election": "", "day": ""}).content.decode()
    assert re.search(r'data-testid="leaving-filters"\s+method="get"\s*>\s*<div class="alert alert-block alert-danger">'
                     r'\s*<ul class="m-0">\s*<li>Pilih pemilu, atau isi tanggal pemungutan suara.</li>', html)
    assert 'data-testid="download-leaving"' not in html
