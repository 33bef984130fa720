"""On PostgreSQL, the WBP list's search by NIK and by name uses an index (inmates migration 0008: trigram
indexes for part of a name or register number; 0009: the NIK index for a whole NIK, the facility's NIK
index for part of one), on the queryset the list page builds (inmates.selectors.inmate_list); and a
lookup of whole NIK never takes a trigram index (0009 says why)."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from accounts.models import Membership, Role
from inmates import selectors
from inmates.models import CustodyState, Facility, Inmate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans of PostgreSQL"),
]
SEARCH_INDEXES = ("inmate_facility_nik", "inmate_name_trgm", "inmate_register_trgm", "inmates_inm_nik_")


@pytest.fixture
def staff(world, django_user_model):
    call_command("seed_scale", "--facilities", "2", "--inmates", "4000", "--seed", "5", "--demo", verbosity=0)
    facility = Facility.objects.annotate(n=Count("inmates")).order_by("-n").first()
    user = django_user_model.objects.create(username="petugas.besar")
    Membership.objects.create(user=user, role=Role.FACILITY_STAFF, facility=facility)
    # A test-sized facility is cheaper to read whole than through a search index, so the planner would
    # show nothing: without a sequential scan and with only the search indexes left (every other index
    # not backing a constraint is dropped inside this test's transaction, rolled back after it; a full
    # walk of, say, the home-region index would otherwise stand in for the sequential scan), the plan
    # shows whether the search itself is indexable. At 270,000 WBP the planner picks these indexes by
    # itself (docs/performance.md "Scale").
    kept = (*SEARCH_INDEXES, "inmate_one_active_nik")
    with connection.cursor() as cursor:
        cursor.execute("""SELECT indexname FROM pg_indexes WHERE tablename = 'inmates_inmate'
                          AND indexname NOT IN (SELECT conname FROM pg_constraint)""")
        for (name,) in cursor.fetchall():
            if not any(name == k or (k.endswith("_") and name.startswith(k)) for k in kept):
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("ANALYZE inmates_inmate")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return user


def _plan(user, text: str) -> str:
    facility = user.membership.facility
    queryset = selectors.inmate_list(user=user, facility=facility, filters=selectors.InmateFilters(query=text),
                                     today=date(2026, 11, 30))
    assert queryset.exists()
    return queryset[:25].explain()


def _someone(user) -> Inmate:
    return (Inmate.objects.filter(facility=user.membership.facility, custody_state=CustodyState.HELD)
            .exclude(nik=None).order_by("pk").first())


def test_search_by_whole_nik_uses_an_index(staff):
    plan = _plan(staff, _someone(staff).nik)
    assert "Index" in plan and any(name in plan for name in SEARCH_INDEXES), plan


def test_search_by_part_of_a_nik_uses_an_index_on_nik(staff):
    plan = _plan(staff, _someone(staff).nik[-6:])
    # The facility's NIK index; at this size the planner may walk the (smaller) active-NIK index instead.
    assert "inmate_facility_nik" in plan or "inmate_one_active_nik" in plan, plan


def test_no_trigram_index_on_the_nik(staff):
    """Equality on NIK (the refresh's same-NIK check, the import's duplicate checks) must take the btree:
    a trigram index on 16 digits answered `nik = ANY(...)` 1,000 times slower."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'inmates_inmate'")
        definitions = [row[0] for row in cursor.fetchall()]
    assert not [d for d in definitions if "gin_trgm_ops" in d and "(nik " in d], definitions
    niks = list(Inmate.objects.exclude(nik=None).order_by("pk").values_list("nik", flat=True)[:40])
    plan = Inmate.objects.filter(nik__in=niks).explain()
    assert "inmates_inm_nik_" in plan or "inmate_one_active_nik" in plan, plan


def test_search_by_name_uses_the_trigram_index(staff):
    with connection.cursor() as cursor:  # the facility's NIK index would serve the facility filter instead
        cursor.execute('DROP INDEX "inmate_facility_nik"')
    plan = _plan(staff, _someone(staff).full_name.lower())
    assert "inmate_name_trgm" in plan, plan
