"""PDPB quarters in the home page's inbox (pdpb/inbox.py through PdpbConfig.inbox): KPU see the quarters
submitted in their area until they return or lock them; staff see a quarter sent back, with KPU's note."""

from datetime import date

import pytest
import time_machine

from pdpb import services
from pdpb.quarters import Quarter
from portal import inbox
from tests.conftest import PERSONAS
from tests.factories import make_inmate

TODAY = date(2025, 12, 20)
QUARTER = Quarter(2025, 4)
SUBMITTED = "mengajukan mutasi PDPB Triwulan IV 2025 untuk ditinjau"
RETURNED = "mutasi PDPB dikembalikan KPU untuk diperbaiki, lalu ajukan lagi"


@pytest.fixture
def registry(world, freeze_today):
    freeze_today(TODAY)
    make_inmate(world.blora, full_name="Lama Blora", admitted_on=date(2024, 1, 2), home_region_id="33.16.09.1013")
    make_inmate(world.pati, full_name="Lama Pati", admitted_on=date(2024, 1, 2), home_region_id="33.18.01.2001")
    return world


def _pdpb(user) -> list[tuple[str, str, str]]:
    shown, _total = inbox.waiting(user=user)
    return [(item.title, item.text, item.note) for item in shown if "PDPB" in item.text]


def test_kpu_see_the_quarters_submitted_in_their_area_newest_first(registry):
    with time_machine.travel("2025-12-18 09:00 +0700", tick=False):
        services.period_submit(facility=registry.blora, quarter=QUARTER, note="Data per 17 Desember",
                               user=registry.users["petugas.blora"], today=TODAY)
    with time_machine.travel("2025-12-19 09:00 +0700", tick=False):
        services.period_submit(facility=registry.pati, quarter=QUARTER, user=registry.users["petugas.pati"],
                               today=TODAY)
    blora = ("Rutan Kelas IIB Blora", SUBMITTED, "Catatan Petugas Rutan Blora: Data per 17 Desember")
    pati = ("Rutan Kelas IIB Pati", SUBMITTED, "")
    expected = {"admin": [pati, blora], "kpu.jateng": [pati, blora], "kpu.blora": [blora],
                "petugas.blora": [], "petugas.pati": [], "outsider": []}
    assert {persona: _pdpb(registry.users[persona]) for persona in PERSONAS} == expected
    home = registry.client("kpu.blora").get("/").content.decode()
    assert SUBMITTED in home and "/pdpb/rutan-blora/2025-4/" in home


def test_a_returned_quarter_waits_for_its_staff_and_no_longer_for_kpu(registry):
    services.period_submit(facility=registry.blora, quarter=QUARTER, user=registry.users["petugas.blora"],
                           today=TODAY)
    services.period_return(facility=registry.blora, quarter=QUARTER, note="Periksa NIK yang belum terverifikasi",
                           user=registry.users["kpu.blora"])
    assert _pdpb(registry.users["kpu.blora"]) == []
    assert _pdpb(registry.users["petugas.pati"]) == []
    assert [text for _title, text, _note in _pdpb(registry.users["petugas.blora"])] == [RETURNED]
    home = registry.client("petugas.blora").get("/").content.decode()
    assert "Periksa NIK yang belum terverifikasi" in home
