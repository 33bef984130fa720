"""A dashboard over more than GROUP_ABOVE facilities (KPU RI, a large province) shows its counts per province
(or kab/kota) first; ?wilayah=<code> opens the board of one region, with its facilities and their lists."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from inmates.models import Facility
from registration import selectors
from registration.demo import PEMILU_2029
from registration.services import election_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(world):
    election = election_create(**PEMILU_2029)
    call_command("seed_scale", "--facilities", "40", "--inmates", "400", "--seed", "3", "--demo", verbosity=0)
    return election


def test_the_national_board_is_grouped_by_province_with_the_same_totals(national, world):
    url = reverse("registration:dashboard", args=[national.slug])
    response = world.client("admin").get(url)
    assert response.status_code == 200
    assert response.context["grouped"] is True and response.context["outlook"] is None  # the chart is per region board
    regions = response.context["regions"]
    provinces = {f.location_id[:2] for f in Facility.objects.all()}
    assert [line.code for line in regions] == sorted(provinces)
    board = response.context["board"]
    assert sum(line.count("ms") for line in regions) == board.total("ms")
    assert sum(line.held for line in regions) == board.held
    assert sum(line.facility_count for line in regions) == Facility.objects.count() > selectors.GROUP_ABOVE
    html = response.content.decode()
    assert 'data-testid="region-table"' in html and 'data-testid="facility-table"' not in html
    assert f'href="?wilayah={regions[0].code}"' in html


def test_a_region_opens_its_own_board_with_its_facilities(national, world):
    url = reverse("registration:dashboard", args=[national.slug])
    response = world.client("admin").get(url, {"wilayah": "33"})
    assert response.status_code == 200 and response.context["grouped"] is False
    codes = {line.facility.code for line in response.context["board"].facilities}
    assert codes == set(Facility.objects.filter(location__code__startswith="33.").values_list("code", flat=True))
    assert 'data-testid="facility-table"' in response.content.decode()
    assert "?wilayah=33" in response.content.decode()  # the recap and DPT downloads of that region


@pytest.mark.parametrize("username", ["admin", "kpu.jateng", "kpu.blora", "petugas.blora", "petugas.pati"])
def test_every_role_sees_only_its_area_in_a_region(national, world, username):
    response = world.client(username).get(reverse("registration:dashboard", args=[national.slug]), {"wilayah": "33.16"})
    assert response.status_code == 200
    shown = {line.facility.code for line in response.context["board"].facilities}
    expected = {"admin": {"rutan-blora"} | set(Facility.objects.filter(location__code__startswith="33.16.")
                                                .values_list("code", flat=True)),
                "kpu.jateng": {"rutan-blora"}, "kpu.blora": {"rutan-blora"}, "petugas.blora": {"rutan-blora"},
                "petugas.pati": set()}[username]
    assert shown <= expected and ("rutan-blora" in shown) == (username != "petugas.pati")


def test_an_unknown_region_or_an_outsider_gets_404(national, world):
    url = reverse("registration:dashboard", args=[national.slug])
    assert world.client("admin").get(url, {"wilayah": "99"}).status_code == 404
    assert world.client("outsider").get(url, {"wilayah": "33"}).status_code == 404


def test_the_grouped_board_adds_up_to_the_same_figures_as_the_board_per_facility(national, world):
    admin = world.users["admin"]
    grouped = selectors.dashboard(user=admin, election=national, group_above=selectors.GROUP_ABOVE)
    flat = selectors.dashboard(user=admin, election=national)
    assert grouped.grouped is True and flat.grouped is False
    assert grouped.totals == flat.totals
    assert grouped.total("ms") > 0 and grouped.reconciles
    assert (grouped.facility_count, grouped.held, grouped.tps_planned, grouped.needed, grouped.kpps, grouped.linmas) == (
        flat.facility_count, flat.held, flat.tps_planned, flat.needed, flat.kpps, flat.linmas)
    assert [(b.contest.code, b.voters, b.dpt, b.dptb, b.dpk, b.reserve, b.total) for b in grouped.ballots] == [
        (b.contest.code, b.voters, b.dpt, b.dptb, b.dpk, b.reserve, b.total) for b in flat.ballots]
    assert [(r.code, n) for r, n, _where in grouped.tms_reasons + grouped.potential_reasons] == [
        (r.code, n) for r, n, _where in flat.tms_reasons + flat.potential_reasons]
    for line in grouped.regions:  # each region is the sum of its facilities' lines
        mine = [f for f in flat.facilities if f.facility.location_id.startswith(line.code)]
        assert (line.facility_count, line.held, line.count("dpt"), line.staffed_tps) == (
            len(mine), sum(f.held for f in mine), sum(f.count("dpt") for f in mine), sum(f.staffed_tps for f in mine))


@pytest.mark.parametrize("value", ["\x00", "33\x00", "٣٣", "' OR 1=1 --", "3" * 14, "33..16", "."])
def test_a_region_that_is_no_code_gets_404_before_the_database(national, world, value):
    client = world.client("admin")
    for url in (reverse("registration:dashboard", args=[national.slug]),
                reverse("registration:area_recap", args=[national.slug]), reverse("pdpb:index")):
        assert client.get(url, {"wilayah": value}).status_code == 404, url
