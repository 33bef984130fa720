from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import Membership, Role
from inmates.models import CustodyState, Facility, Inmate, NikStatus


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--demo", verbosity=0)


def test_seed_demo_creates_the_facilities_and_personas(seeded):
    facilities = {f.code: f for f in Facility.objects.all()}
    assert set(facilities) == {"rutan-blora", "rutan-pati", "lapas-semarang", "rutan-surabaya"}
    assert facilities["rutan-blora"].name == "Rutan Kelas IIB Blora"
    assert facilities["rutan-blora"].kecamatan_code == "33.16.09"
    assert facilities["rutan-pati"].kabkota_code == "33.18"
    assert facilities["lapas-semarang"].kabkota_code == "33.74"
    assert facilities["rutan-surabaya"].kabkota_code == "35.15"
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"admin": Role.ADMIN, "petugas.blora": Role.FACILITY_STAFF, "petugas.pati": Role.FACILITY_STAFF,
                     "kpu.blora": Role.KPU_KABKOTA, "kpu.jateng": Role.KPU_PROVINCE}
    for username in roles:
        assert authenticate(RequestFactory().post("/masuk/"), username=username, password="tps-khusus-demo") is not None


def test_seed_demo_holds_126_at_rutan_blora_and_about_1500_at_semarang(seeded):
    held = Inmate.objects.filter(custody_state=CustodyState.HELD)
    assert held.filter(facility__code="rutan-blora").count() == 126
    assert 1450 <= held.filter(facility__code="lapas-semarang").count() <= 1550


def test_seed_demo_covers_every_situation(seeded):
    blora = Inmate.objects.filter(facility__code="rutan-blora")
    assert blora.filter(nik_status=NikStatus.NONE).exists()
    assert blora.filter(nik_status=NikStatus.SUBMITTED).exists()
    assert blora.filter(nik_status=NikStatus.NOT_FOUND).exists()
    assert blora.filter(nik_status=NikStatus.UNVERIFIED).exists()
    assert blora.filter(nik_mismatch_confirmed=True).exists()
    assert blora.filter(nik__startswith="9201").exists()
    assert blora.filter(birth_date__gt=date(2007, 2, 14), marital_status="B").exists()
    assert blora.filter(birth_date__gt=date(2007, 2, 14), marital_status="S").exists()
    assert blora.filter(tni_polri_status="aktif").exists()
    assert blora.filter(revoked_right="memilih").exists()
    assert blora.filter(disability__gt=0).exists()
    assert blora.filter(left_on__lt=date(2024, 2, 14)).exists()
    assert blora.filter(left_on__gt=date(2024, 2, 14)).exists()
    assert blora.filter(custody_state=CustodyState.TRANSFERRED).exists()
    assert blora.filter(custody_state=CustodyState.INCOMING).exists()
    assert blora.filter(previous_stay__facility__code="rutan-pati", custody_state=CustodyState.HELD).exists()
    assert Inmate.objects.filter(citizenship="WNA").exists()
    homes = {code[:2] for code in blora.values_list("home_region_id", flat=True)}
    assert {"33", "35"} <= homes and len(homes) >= 5


def test_seed_demo_sets_the_dates_the_dpt_was_determined(seeded):
    from registration.models import Election

    assert dict(Election.objects.values_list("slug", "dpt_determined_on")) == {
        "pemilu-2024": date(2023, 6, 21), "pilkada-jateng-2024": date(2024, 9, 20), "pemilu-2029": date(2028, 6, 21)}


def test_seed_demo_is_idempotent(seeded):
    from registration.models import Election, ListVersion, Registration

    def counts():
        return (Inmate.objects.count(), Facility.objects.count(), Membership.objects.count(),
                list(Election.objects.order_by("slug").values_list("slug", "status")), ListVersion.objects.count(),
                Registration.objects.count())

    before = counts()
    call_command("seed_demo", "--demo", verbosity=0)
    assert counts() == before


def _upcoming(election, today):
    from registration import selectors

    return [item for item in selectors.calendar(election=election, today=today) if item.state in ("upcoming", "due")]


def test_seed_demo_lives_in_the_future_with_pemilu_2029_and_keeps_2024_as_the_archive(seeded):
    from django.utils import timezone

    from registration.models import Election, ListVersion, Registration

    election = Election.objects.get(slug="pemilu-2029")
    assert (election.name, election.kind, election.voting_day, election.voting_day_simulated, election.dapil_edition_id,
            election.region_id, election.status) == (
        "Pemilu Nasional 2029 (simulasi)", "nasional", date(2029, 2, 14), True, "2024", None, "aktif")
    assert election.voting_day_label == "14-02-2029 (tanggal simulasi)"
    assert list(election.contests.values_list("code", "scope")) == [("PPWP", "negara"), ("DPR", "dpr"), ("DPD", "provinsi")]
    # counted back as in 2024: DPT H-238, data start H-269, data cut-off H-56, transfer freeze H-54
    assert (election.dpt_determined_on, election.data_start, election.data_cutoff, election.transfer_freeze) == (
        date(2028, 6, 21), date(2028, 5, 21), date(2028, 12, 20), date(2028, 12, 22))
    codes = set(Registration.objects.filter(election=election, status="ms").values_list("facility__code", flat=True))
    assert codes == {"rutan-blora", "rutan-pati", "lapas-semarang", "rutan-surabaya"}
    assert _upcoming(election, timezone.localdate()), "a newcomer today sees deadlines ahead, not only late ones"
    archive = Election.objects.filter(slug__in=["pemilu-2024", "pilkada-jateng-2024"])
    assert set(archive.values_list("status", flat=True)) == {"selesai"}
    assert set(ListVersion.objects.filter(election__slug="pemilu-2024").values_list("facility__code", flat=True)) == {
        "rutan-pati", "lapas-semarang"}
    assert Registration.objects.filter(election__slug="pilkada-jateng-2024").exists()
    # a newcomer's home says what is next
    from django.test import Client

    client = Client()
    client.force_login(Membership.objects.get(user__username="kpu.blora").user)
    response = client.get("/")
    items = response.context["agenda"]
    assert any(not item.late for item in items)
    assert all(item.title == "Pemilu Nasional 2029 (simulasi)" for item in items)
    assert "14-02-2029 (tanggal simulasi)" in response.content.decode()


@pytest.mark.parametrize("day", [date(2028, 12, 30)])
def test_seed_demo_on_another_day_still_has_deadlines_ahead(db, freeze_today, day):
    from registration.models import Election

    freeze_today(day)
    call_command("seed_demo", "--demo", verbosity=0)
    assert _upcoming(Election.objects.get(slug="pemilu-2029"), day)
