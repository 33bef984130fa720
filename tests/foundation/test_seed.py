"""seed_demo tells the story it says (inmates/demo.py, registration/demo.py): fixed dates, 126 WBP at Rutan
Blora on 3 March 2023, continuous turnover, every voter rule around the 2024 votes, counts that add up."""

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory

from accounts.models import Membership, Role
from inmates import custody, demo
from inmates.models import CustodyEvent, CustodyState, Facility, Inmate, NikStatus
from regions.models import Region
from registration import selectors
from registration.forms import VoterFilterForm
from registration.models import Election, Registration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for this module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", "--demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def story(seeded, db):
    return None


def _from_events() -> dict[int, custody.Summary]:
    """Each stay's custody summary folded from its events, not read from the summary columns."""
    events: dict[int, list] = {}
    for inmate_id, kind, day in CustodyEvent.objects.order_by("recorded_at", "pk").values_list("inmate_id", "kind",
                                                                                               "date"):
        events.setdefault(inmate_id, []).append(custody.Event(kind, day))
    return {pk: custody.summarize(items) for pk, items in events.items()}


def test_seed_demo_creates_the_facilities_and_personas(story):
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


def test_rutan_blora_held_126_on_3_march_2023_some_without_nik(story):
    summaries = _from_events()
    blora = list(Inmate.objects.filter(facility__code="rutan-blora"))
    held = [i for i in blora if i.pk in summaries and custody.held_on(summaries[i.pk], date(2023, 3, 3))]
    assert len(held) == 126
    assert 1 <= sum(1 for i in held if not i.nik) < 126
    # The summary columns agree with the events for every stay.
    for inmate in Inmate.objects.all():
        if inmate.pk in summaries:
            assert summaries[inmate.pk] == custody.Summary(inmate.custody_state, inmate.admitted_on,
                                                           inmate.expected_release, inmate.left_on)


def test_events_run_up_to_the_anchor_date_and_not_beyond(story):
    happened = CustodyEvent.objects.exclude(kind="ekspirasi")
    assert not happened.filter(date__gt=demo.ANCHOR).exists()
    assert happened.filter(date__gte=demo.ANCHOR - timedelta(days=14)).exists()


def _quarters():
    for year in (2023, 2024, 2025, 2026):
        for quarter in range(1, 5):
            start = date(year, 3 * quarter - 2, 1)
            end = (date(year, 3 * quarter + 1, 1) if quarter < 4 else date(year + 1, 1, 1)) - timedelta(days=1)
            if date(2023, 4, 1) <= start and end <= demo.ANCHOR + timedelta(days=31):
                yield year, quarter, start, min(end, demo.ANCHOR)


def test_continuous_turnover_at_every_facility_in_every_quarter(story):
    events = Counter()
    for code, kind, day in CustodyEvent.objects.values_list("inmate__facility__code", "kind", "date"):
        for year, quarter, start, end in _quarters():
            if start <= day <= end:
                events[(code, year, quarter, kind)] += 1
    for code in ("rutan-blora", "rutan-pati", "lapas-semarang", "rutan-surabaya"):
        for year, quarter, _start, _end in _quarters():
            assert events[(code, year, quarter, "masuk")] >= 3, (code, year, quarter)
            assert events[(code, year, quarter, "bebas")] >= 3, (code, year, quarter)
    totals = Counter(kind for kind in CustodyEvent.objects.values_list("kind", flat=True))
    assert totals["pindah_keluar"] >= 20 and totals["pindah_masuk"] >= 20 and totals["meninggal"] >= 20
    held = Counter(Inmate.objects.filter(custody_state=CustodyState.HELD).values_list("facility__code", flat=True))
    assert 110 <= held["rutan-blora"] <= 170 and 1400 <= held["lapas-semarang"] <= 1650
    assert 200 <= held["rutan-pati"] <= 300 and 350 <= held["rutan-surabaya"] <= 500


def test_homes_are_mostly_near_with_a_few_far_away(story):
    for spec in demo.FACILITIES:
        homes = Counter(code[:5] for code in Inmate.objects.filter(facility__code=spec.code)
                        .values_list("home_region_id", flat=True))
        near = sum(count for kab, count in homes.items() if kab in spec.homes)
        far = sum(homes.values()) - near
        assert near / sum(homes.values()) >= 0.9, spec.code
        assert far >= 1, spec.code
        # The facility's own kab/kota first (Rutan Surabaya stands in Sidoarjo, most of its WBP are from Surabaya).
        assert homes.most_common(1)[0][0] == max(spec.homes, key=spec.homes.get)


def _standing(slug: str, inmate: Inmate) -> tuple[str, str, str]:
    registration = Registration.objects.get(election__slug=slug, inmate=inmate)
    return registration.status, registration.list_type, registration.reasons


def _check(slug: str, expected: tuple, **lookups) -> list[Inmate]:
    """Rutan Blora has such a stay, and every such stay the election considers stands as `expected` (status,
    list type, reasons; a shorter tuple compares only its first items). Stays admitted after the election
    (pdpb.demo's stories, from 2025) are not considered by it."""
    stays = list(Inmate.objects.filter(facility__code="rutan-blora", registrations__election__slug=slug, **lookups))
    assert stays, lookups
    for stay in stays:
        assert _standing(slug, stay)[:len(expected)] == expected, (lookups, stay)
    return stays


def test_every_rule_shows_around_pemilu_2024(story):
    p = "pemilu-2024"
    _check(p, ("tms", "", ",bebas,"), custody_state="bebas", left_on=date(2024, 2, 13))
    _check(p, ("ms",), custody_state="bebas", left_on=date(2024, 2, 14))  # released on voting day: still held
    _check(p, ("ms", "dpt"), admitted_on=date(2023, 6, 21))
    _check(p, ("ms", "dptb"), admitted_on=date(2023, 9, 15))
    _check(p, ("ms", "dptb"), admitted_on=date(2024, 2, 7))
    _check(p, ("tms", "", ",masuk_setelah_batas,"), admitted_on=date(2024, 2, 10))
    _check(p, ("ms",), tni_polri_status="purnawirawan", tni_polri_since=date(2019, 8, 1))
    _check(p, ("tms", "", ",tni_polri,"), tni_polri_status="purnawirawan", tni_polri_since=date(2024, 3, 1))
    _check(p, ("ms",), tni_polri_status="diberhentikan")
    _check(p, ("tms", "", ",tni_polri,"), tni_polri_status="aktif")
    _check(p, ("ms",), revoked_right="dipilih")
    _check(p, ("tms", "", ",hak_pilih_dicabut,"), revoked_right="memilih_dipilih")
    _check(p, ("ms",), revoked_right="memilih", revoked_until=date(2023, 12, 31))
    _check(p, ("tms", "", ",dibawah_umur,"), birth_date=date(2007, 8, 17))
    _check(p, ("ms",), birth_date=date(2007, 5, 2), marital_status="S")
    _check(p, ("ms",), birth_date=date(2007, 2, 14))
    _check(p, ("tms", "", ",dibawah_umur,"), birth_date=date(2008, 2, 29))
    _check(p, ("tms", "", ",wna,tanpa_nik,"), citizenship="WNA")
    _check(p, ("tms", "", ",meninggal,"), custody_state="meninggal", left_on=date(2024, 1, 20))
    for moved in _check(p, ("tms", "", ",pindah,"), custody_state="dipindah", left_on=date(2023, 11, 20)):
        assert _standing(p, moved.next_stay)[:2] == ("ms", "dptb")  # at Rutan Pati
    _check(p, ("ms", "dptb"), previous_stay__facility__code="rutan-pati", admitted_on=date(2023, 10, 3))
    _check(p, ("ms",), custody_state="dipindah", left_on=date(2024, 6, 3))


def test_every_rule_shows_in_the_jawa_tengah_pilkada(story):
    p = "pilkada-jateng-2024"
    for stay in _check(p, ("ms",), home_region__code__startswith="33.18.", admitted_on=date(2024, 3, 4)):
        assert Registration.objects.get(election__slug=p, inmate=stay).ballots == ",GUB,"  # the governor's only
    _check(p, ("tms", "", ",bukan_penduduk,"), home_region__code__startswith="35.22.", admitted_on=date(2024, 4, 1))
    residents = {"home_region__code__startswith": "33."}
    _check(p, ("tms", "", ",bebas,"), left_on=date(2024, 11, 26), custody_state="bebas", **residents)
    _check(p, ("tms", "", ",masuk_setelah_batas,"), admitted_on=date(2024, 11, 22), **residents)


def test_the_registry_has_work_for_the_officer_and_the_nik_rules(story):
    blora = Inmate.objects.filter(facility__code="rutan-blora")
    held = blora.filter(custody_state=CustodyState.HELD)
    for status in (NikStatus.NONE, NikStatus.SUBMITTED, NikStatus.NOT_FOUND, NikStatus.UNVERIFIED):
        assert held.filter(nik_status=status).exists(), status
    assert held.filter(nik_mismatch_confirmed=True).exists()
    assert blora.filter(nik__startswith="9101").exists() and blora.filter(nik__startswith="9201").exists()
    assert held.filter(expected_release__isnull=True).exists()
    assert held.filter(expected_release__lt=demo.ANCHOR).exists()  # overdue, release not recorded
    assert held.filter(disability__gt=0).exists()
    assert blora.filter(custody_state=CustodyState.INCOMING, previous_stay__facility__code="lapas-semarang").exists()
    assert held.filter(previous_stay__facility__code="rutan-pati").exists()
    assert Inmate.objects.filter(facility__code="rutan-pati", nik__isnull=True, full_name__in=held.values(
        "full_name")).exists()  # the possible duplicate
    assert Inmate.objects.filter(citizenship="WNA").values("facility__code").distinct().count() >= 3


def _filters(url: str):
    query = {key: values[0] for key, values in parse_qs(urlparse(url).query, keep_blank_values=True).items()}
    return VoterFilterForm(query).filters()


def test_the_demo_reconciles_for_every_facility_and_election(story):
    admin = User.objects.get(username="admin")
    for election in Election.objects.all():
        board = selectors.dashboard(user=admin, election=election)
        assert board.facilities, election
        for line in board.facilities:
            where = (election.slug, line.facility.code)
            c = line.count
            assert c("considered") == c("ms") + c("potential") + c("tms") > 0, where
            assert c("ms") == c("dpt") + c("dptb") + c("dpk") == c("ms_l") + c("ms_p"), where
            assert c("potential") == c("reason_tanpa_nik") + c("reason_nik_belum_verifikasi"), where
            assert c("considered") == Registration.objects.filter(election=election, facility=line.facility).count()
            for key, url in line.urls.items():
                listed = selectors.voter_list(user=admin, election=election, facility=line.facility,
                                              filters=_filters(url)).count()
                expected = c(key) if not key.startswith("contest_") else next(
                    b.voters for b in line.ballots if f"contest_{b.contest.code}" == key)
                assert listed == expected, (where, key)
            for ballot in line.ballots:
                assert ballot.total == ballot.dpt + ballot.dptb + ballot.reserve
                assert ballot.reserve == sum(t.ballots[line.ballots.index(ballot)].reserve for t in line.tps)


def test_the_same_data_whatever_day_it_is_seeded(story, freeze_today):
    facilities = {f.code: f for f in Facility.objects.all()}
    codes = {spec.code for spec in demo.FACILITIES}

    def snapshot():
        stays = demo.plan_registry(facilities, codes)
        demo._register_numbers(stays)
        return [(s.facility, s.inmate.register_number, s.inmate.nik, s.inmate.full_name, s.inmate.birth_date,
                 s.inmate.home_region_id, s.inmate.nik_status, s.inmate.tni_polri_status, s.inmate.revoked_right,
                 tuple(s.events), s.previous.inmate.register_number if s.previous else None) for s in stays]

    freeze_today(date(2025, 1, 2))
    first = snapshot()
    freeze_today(date(2031, 7, 19))
    assert snapshot() == first
    sources = (ROOT / "inmates" / "demo.py").read_text() + (ROOT / "registration" / "demo.py").read_text()
    assert not re.search(r"localdate|date\.today|datetime\.now|timezone\.now", sources)


def test_seed_demo_sets_the_dates_the_dpt_was_determined(story):
    assert dict(Election.objects.values_list("slug", "dpt_determined_on")) == {
        "pemilu-2024": date(2023, 6, 21), "pilkada-jateng-2024": date(2024, 9, 20), "pemilu-2029": date(2028, 6, 21)}


def test_seed_demo_is_idempotent(story):
    from registration.models import Election, ListReview, ListVersion, Registration

    def counts():
        return (Inmate.objects.count(), Facility.objects.count(), Membership.objects.count(),
                list(Election.objects.order_by("slug").values_list("slug", "status")), ListVersion.objects.count(),
                Registration.objects.count(), ListReview.objects.count())

    before = counts()
    call_command("seed_demo", "--demo", verbosity=0)
    assert counts() == before


def _upcoming(election, today):
    from registration import selectors

    return [item for item in selectors.calendar(election=election, today=today) if item.state in ("upcoming", "due")]


def test_seed_demo_lives_in_the_future_with_pemilu_2029_and_keeps_2024_as_the_archive(story):
    from django.utils import timezone

    from registration.models import Election, ListVersion, Registration

    election = Election.objects.get(slug="pemilu-2029")
    assert (election.name, election.kind, election.voting_day, election.voting_day_simulated, election.dapil_edition_id,
            election.region_id, election.status) == (
        "Pemilu Nasional 2029 (simulasi)", "nasional", date(2029, 2, 14), True, "2024", None, "aktif")
    assert election.voting_day_label == "14 Februari 2029 (tanggal simulasi)"
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
    # the open election's dates, and the PDPB quarters not yet submitted (pdpb.agenda)
    assert all(item.title == "Pemilu Nasional 2029 (simulasi)" or item.title.startswith("Triwulan ") for item in items)
    assert any(item.title == "Pemilu Nasional 2029 (simulasi)" for item in items)
    assert "14 Februari 2029 (tanggal simulasi)" in response.content.decode()


def test_seed_demo_leaves_rutan_blora_list_submitted_and_unlocked(story):
    from registration.models import ListReview, ListVersion

    [review] = ListReview.objects.filter(election__slug="pemilu-2029")
    assert (review.facility.code, review.status, review.by.username, review.note) == (
        "rutan-blora", "diajukan", "petugas.blora", "Data WBP sudah dicek dengan register; mohon ditinjau.")
    assert not ListVersion.objects.filter(election__slug="pemilu-2029").exists()


INBOX_ITEM = re.compile(r'<li class="list-group-item" data-testid="inbox-item">.*?</li>', re.S)


@pytest.mark.parametrize("username,waiting", [
    ("kpu.blora", ["Rutan Kelas IIB Blora"]), ("kpu.jateng", ["Rutan Kelas IIB Blora"]),
    ("admin", ["Rutan Kelas IIB Blora"]), ("petugas.blora", []), ("petugas.pati", [])])
def test_the_demo_kpu_inbox_shows_the_submitted_voter_list(story, username, waiting):
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    items = [item for item in response.context["inbox"] if item.text.startswith("mengajukan daftar pemilih")]
    assert [item.title for item in items] == waiting
    if waiting:
        [item] = items
        assert (item.text, item.note, item.url) == (
            "mengajukan daftar pemilih Pemilu Nasional 2029 (simulasi) untuk ditinjau",
            "Catatan Petugas Rutan Blora: Data WBP sudah dicek dengan register; mohon ditinjau.",
            "/pemilu/pemilu-2029/rutan-blora/")
        shown = [" ".join(li.split()) for li in INBOX_ITEM.findall(response.content.decode())]
        assert any("Rutan Kelas IIB Blora" in li and "Pemilu Nasional 2029 (simulasi)" in li for li in shown)


@pytest.mark.parametrize("day", [date(2028, 12, 30)])
def test_seed_demo_on_another_day_still_has_deadlines_ahead(db, freeze_today, day):
    from registration.models import Election

    freeze_today(day)
    call_command("seed_demo", "--demo", verbosity=0)
    assert _upcoming(Election.objects.get(slug="pemilu-2029"), day)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_seed_demo_leaves_planner_statistics_for_what_it_wrote(story):
    """Without them (a server with autovacuum off, or before it ran) PostgreSQL planned the registry list
    with a hash of all 91,000 regions: 20 ms a page instead of 1.6 ms."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname IN ('regions_region', 'inmates_inmate')")
        estimates = dict(cursor.fetchall())
    assert estimates["regions_region"] >= 0.9 * Region.objects.count() > 0
    assert estimates["inmates_inmate"] >= 0.9 * Inmate.objects.count() > 0
