"""PDPB on the home page's agenda: each quarter's submission deadline, for staff until they submit, and for
KPU the facilities of their area that have not."""

from datetime import date

from pdpb import agenda as pdpb_agenda
from pdpb import services
from pdpb.quarters import Quarter
from portal import agenda

TODAY = date(2026, 11, 20)  # in Triwulan IV 2026; Triwulan III was due on 7 October


def test_pdpb_registers_its_provider_through_its_app_config():
    assert agenda.providers()["pdpb"] is pdpb_agenda.items


def _items(world, username):
    return [(i.day, i.title, i.text) for i in pdpb_agenda.items(user=world.users[username], today=TODAY)]


def test_staff_see_each_quarter_until_they_submit_it_and_kpu_the_facilities_that_have_not(world):
    assert _items(world, "petugas.blora") == [
        (date(2026, 10, 7), "Triwulan III 2026", "ajukan mutasi PDPB ke KPU sebelum"),
        (date(2027, 1, 7), "Triwulan IV 2026", "ajukan mutasi PDPB ke KPU sebelum")]
    services.period_submit(facility=world.blora, quarter=Quarter(2026, 3), user=world.users["petugas.blora"],
                           today=TODAY)
    assert _items(world, "petugas.blora") == [
        (date(2027, 1, 7), "Triwulan IV 2026", "ajukan mutasi PDPB ke KPU sebelum")]
    assert _items(world, "kpu.blora") == [
        (date(2027, 1, 7), "Triwulan IV 2026", "1 Lapas/Rutan belum mengajukan mutasi PDPB, batas")]
    assert _items(world, "kpu.jateng") == [
        (date(2026, 10, 7), "Triwulan III 2026", "2 Lapas/Rutan belum mengajukan mutasi PDPB, batas"),
        (date(2027, 1, 7), "Triwulan IV 2026", "3 Lapas/Rutan belum mengajukan mutasi PDPB, batas")]
    assert _items(world, "outsider") == []
    shown = [(i.day, i.text, i.late) for i in agenda.upcoming(user=world.users["petugas.blora"], today=TODAY)
             if i.title.startswith("Triwulan")]
    assert shown == [(date(2027, 1, 7), "ajukan mutasi PDPB ke KPU sebelum", False)]
