"""Issue 16: the "released before voting day" list lets the officer pick the election instead of typing
its date. The registry does not import registration: the elections come through inmates.voting_days,
which registration fills at start-up."""

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
