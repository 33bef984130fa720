from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inmates import services as registry
from inmates.models import Facility, NikStatus
from registration import selectors, services
from tests.factories import make_inmate


@pytest.fixture
def population(pemilu, world):
    """A mix of every status at Blora and Pati."""
    for i in range(4):
        make_inmate(world.blora, full_name=f"MS Blora {i}", admitted_on=date(2023, 1, 1), sex="P" if i == 0 else "L")
    make_inmate(world.blora, full_name="Tanpa NIK", nik=None, nik_status=NikStatus.NONE, admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Anak", birth_date=date(2008, 5, 5), marital_status="B", admitted_on=date(2023, 1, 1))
    gone = make_inmate(world.blora, full_name="Bebas", admitted_on=date(2023, 1, 1))
    registry.release_record(inmate=gone, day=date(2024, 1, 10), user=None)
    for i in range(3):
        make_inmate(world.pati, full_name=f"MS Pati {i}", admitted_on=date(2023, 1, 1), home_region_id="33.18.10.1007")
    make_inmate(world.surabaya, full_name="Surabaya", admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    return pemilu


def test_dashboard_counts_per_facility(population, world):
    board = selectors.dashboard(user=world.users["kpu.jateng"], election=population)
    lines = {line.facility.code: line for line in board.facilities}
    assert set(lines) == {"rutan-blora", "rutan-pati", "lapas-semarang"}
    blora = lines["rutan-blora"]
    assert (blora.held, blora.count("ms"), blora.count("ms_l"), blora.count("ms_p")) == (6, 4, 3, 1)
    assert (blora.count("potential"), blora.count("tms"), blora.count("leaving")) == (1, 2, 1)
    assert (blora.count("reason_dibawah_umur"), blora.count("reason_bebas"), blora.count("reason_tanpa_nik")) == (1, 1, 1)
    assert (blora.count("dpt"), blora.tps_planned, blora.needed, blora.kpps, blora.linmas) == (4, 1, 1, 7, 2)
    ballots = {b.contest.code: (b.voters, b.reserve, b.total) for b in blora.ballots}
    assert ballots == {"PPWP": (4, 1, 5), "DPR": (4, 1, 5), "DPD": (4, 1, 5), "DPRD_PROV": (4, 1, 5), "DPRD_KAB": (4, 1, 5)}
    pati = lines["rutan-pati"]
    assert (pati.count("ms"), pati.tps_planned, pati.needed) == (3, 0, 1)
    assert {b.contest.code: b.voters for b in pati.ballots} == {"PPWP": 3, "DPR": 3, "DPD": 3, "DPRD_PROV": 3, "DPRD_KAB": 3}
    assert board.total("ms") == 7 and board.needed == 2 and board.kpps == 14


def test_dashboard_totals_equal_the_lists_they_summarise(population, world):
    client = world.client("kpu.jateng")
    board = selectors.dashboard(user=world.users["kpu.jateng"], election=population)

    def listed(code, **params):
        return client.get(f"/pemilu/pemilu-2024/{code}/", params).context["page"].paginator.count

    for line in board.facilities:
        code = line.facility.code
        assert line.count("ms") == listed(code, status="ms")
        assert line.count("potential") == listed(code, status="potensial")
        assert line.count("tms") == listed(code, status="tms")
        assert line.count("dpt") == listed(code, status="ms", list_type="dpt")
        for reason, count in line.reasons:
            assert count == listed(code, status="", reason=reason.code)
    page = client.get("/pemilu/pemilu-2024/")
    assert page.context["board"].totals["ms"] == sum(listed(line.facility.code, status="ms") for line in board.facilities)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get("/pemilu/pemilu-2024/").status_code == 200
    return len(context.captured_queries)


def test_province_dashboard_queries_do_not_grow_with_facilities(population, world):
    client = world.client("kpu.jateng")
    before = _dashboard_queries(client)
    for index in range(6):
        facility = Facility.objects.create(kind="rutan", name=f"Rutan Uji {index}", code=f"rutan-uji-{index}",
                                           location_id="33.22.01.2001")
        make_inmate(facility, admitted_on=date(2023, 1, 1))
        services.allocate(election=population, facility=facility, create_missing=True)
    assert len(selectors.dashboard(user=world.users["kpu.jateng"], election=population).facilities) == 9
    assert _dashboard_queries(client) == before == 11

