"""seed_scale (portal/scale.py): on top of the demo's facilities and users, N facilities over real kab/kota
codes and M stays with valid NIK, events that agree with each stay's summary, history rows written in bulk,
and the open election's lists computed; the same seed gives the same rows."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from inmates import custody, demo
from inmates.models import CustodyEvent, CustodyState, Facility, Inmate
from inmates.nik import check_nik
from portal import scale
from regions import reference
from registration.demo import PEMILU_2029
from registration.models import Registration
from registration.services import election_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(world):
    election = election_create(**PEMILU_2029)
    call_command("seed_scale", "--facilities", "5", "--inmates", "300", "--seed", "7", "--demo", verbosity=0)
    return election


def _plan(seed: int) -> scale.ScalePlan:
    return scale.plan(facilities=6, inmates=400, seed=seed, first_ids=(100, 1000, 5000), taken_niks=set(),
                      stamp=timezone.now().replace(microsecond=0))


def test_the_same_seed_plans_the_same_rows_and_another_seed_others(db):
    first, again, other = _plan(3), _plan(3), _plan(4)
    assert first.facilities == again.facilities
    strip = lambda rows, at: [row[:at] for row in rows]  # noqa: E731 - the timestamps are the run's own
    assert strip(first.inmates, -3) == strip(again.inmates, -3)
    assert strip(first.events, -1) == strip(again.events, -1)
    assert strip(first.inmates, -3) != strip(other.inmates, -3)


def test_sizes_add_up_over_real_kabkota_with_a_few_large_lapas(db):
    plan = _plan(3)
    assert sum(f.stays for f in plan.facilities) == len(plan.inmates) == 400
    per_facility = Counter(row[1] for row in plan.inmates)
    assert {f.pk: f.stays for f in plan.facilities} == dict(per_facility)
    assert all(reference.is_current(f.desa) and reference.is_current(f.desa[:5]) for f in plan.facilities)
    large = [f for f in plan.facilities if f.class_label == "I"]
    assert len(large) == 1 and large[0].kind == Facility.Kind.LAPAS
    assert large[0].stays == max(f.stays for f in plan.facilities)
    assert len({f.name for f in plan.facilities}) == len({f.code for f in plan.facilities}) == 6


def test_seed_scale_writes_valid_people_on_top_of_the_demo(seeded):
    new = Facility.objects.exclude(code__in=[spec.code for spec in demo.FACILITIES])
    assert new.count() == 5 and Facility.objects.count() == 9
    stays = list(Inmate.objects.filter(facility__in=new))
    assert len(stays) == 300
    with_nik = [i for i in stays if i.nik]
    assert 0.85 * 300 < len(with_nik) < 300  # a few percent without NIK
    for inmate in with_nik:
        result = check_nik(inmate.nik, birth_date=inmate.birth_date, sex=inmate.sex)
        assert result.ok, (inmate.nik, result.errors)
        assert inmate.nik[:6] == inmate.home_region_id[:8].replace(".", "")
    assert {i.nik_status for i in stays} >= {"terverifikasi", "tanpa_nik"}
    near = sum(1 for i in stays if i.home_region_id[:5] == i.facility.location_id[:5])
    assert near > 0.7 * len(stays)  # homes mostly near the facility
    # Events agree with each stay's summary; dates within two years of the demo's anchor, never after it.
    events: dict[int, list] = {}
    for inmate_id, kind, day in CustodyEvent.objects.filter(inmate__in=stays).order_by("pk").values_list(
            "inmate_id", "kind", "date"):
        events.setdefault(inmate_id, []).append(custody.Event(kind, day))
    for inmate in stays:
        assert custody.summarize(events[inmate.pk]) == custody.Summary(
            inmate.custody_state, inmate.admitted_on, inmate.expected_release, inmate.left_on)
        assert inmate.admitted_on <= demo.ANCHOR
        assert inmate.left_on is None or demo.ANCHOR - timedelta(days=scale.WINDOW_DAYS) <= inmate.left_on <= demo.ANCHOR
        assert inmate.register_number or inmate.custody_state == CustodyState.INCOMING
    states = Counter(i.custody_state for i in stays)
    assert states[CustodyState.HELD] > states[CustodyState.RELEASED] > 0
    moved = [i for i in stays if i.previous_stay_id]
    assert all(i.previous_stay.custody_state == CustodyState.TRANSFERRED for i in moved)
    assert all(i.admitted_on == i.previous_stay.left_on + timedelta(days=1) for i in moved)
    # History in bulk: one "+" row per stay and per event.
    assert Inmate.history.filter(id__in=[i.pk for i in stays], history_type="+").count() == 300
    assert CustodyEvent.history.filter(inmate_id__in=[i.pk for i in stays]).count() == sum(map(len, events.values()))
    # The open election's lists are computed for the new facilities.
    start = seeded.effective_data_start
    candidates = [i for i in stays if (i.left_on is None or i.left_on >= start)
                  and (i.expected_release is None or i.expected_release >= start)]
    assert candidates
    assert Registration.objects.filter(election=seeded, facility__in=new).count() == len(candidates)
    # The demo personas still sign in.
    for username in ("admin", "petugas.blora", "kpu.jateng"):
        assert authenticate(RequestFactory().post("/masuk/"), username=username, password="tps-khusus-demo")


def test_a_second_run_with_the_same_seed_is_refused_and_writes_nothing(seeded):
    before = Inmate.objects.count()
    with pytest.raises(CommandError, match="Data skala sudah ada"):
        call_command("seed_scale", "--facilities", "5", "--inmates", "300", "--seed", "7", "--demo", verbosity=0)
    assert Inmate.objects.count() == before


def test_sequences_move_past_the_rows_written(seeded):
    facility = Facility.objects.order_by("-pk").first()
    inmate = Inmate.objects.create(facility=facility, register_number="X.1", detention_status="tahanan",
                                   full_name="Baru", birth_place="Blora", birth_date=date(1990, 1, 1), sex="L",
                                   marital_status="B", home_region_id=facility.location_id)
    assert inmate.pk > Inmate.objects.exclude(pk=inmate.pk).order_by("-pk").first().pk
