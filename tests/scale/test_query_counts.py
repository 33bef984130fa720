"""The pages a role opens every day cost the same number of queries in a small world and in one five times
bigger (issue 15: same queries at 2,700 and at 270,000 WBP): seed_scale with the same seed and facilities,
1x and 5x the WBP, every open list computed and its TPS allocated."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, Role
from inmates.models import CustodyState, Facility, Inmate
from registration import services
from registration.demo import PEMILU_2029
from registration.services import election_create

pytestmark = pytest.mark.django_db
SMALL = 250


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _counts(world, inmates: int, django_user_model) -> tuple[dict[str, int], int]:
    """Queries of each page in a world of `inmates` new WBP; everything is rolled back afterwards."""
    with transaction.atomic():
        election = election_create(**PEMILU_2029)
        call_command("seed_scale", "--facilities", "3", "--inmates", str(inmates), "--seed", "11", "--demo",
                     verbosity=0)
        largest = (Facility.objects.filter(inmates__custody_state=CustodyState.HELD).annotate(n=Count("inmates"))
                   .order_by("-n", "pk").first())
        services.allocate(election=election, facility=largest, create_missing=True)
        users = {}
        for name, role, facility, region in (
                ("staff", Role.FACILITY_STAFF, largest, None),
                ("kab", Role.KPU_KABKOTA, None, largest.location_id[:5]),
                ("prov", Role.KPU_PROVINCE, None, largest.location_id[:2])):
            users[name] = django_user_model.objects.create(username=f"scale.{name}")
            Membership.objects.create(user=users[name], role=role, facility=facility, region_id=region)
        staff, kab, prov, admin = (_client(users["staff"]), _client(users["kab"]), _client(users["prov"]),
                                   _client(world.users["admin"]))
        someone = (Inmate.objects.filter(facility=largest, custody_state=CustodyState.HELD).exclude(nik=None)
                   .order_by("register_number").first())
        slug, code = election.slug, largest.code
        pages = {
            "staff home": (staff, reverse("home")),
            "WBP list": (staff, reverse("inmates:list", args=[code])),
            "WBP list sorted and filtered": (staff, reverse("inmates:list", args=[code]) + "?sort=-name&status=narapidana"),
            "WBP search": (staff, reverse("inmates:list", args=[code]) + "?q=" + someone.full_name.split()[-1]),
            "WBP detail": (staff, reverse("inmates:detail", args=[someone.pk])),
            "needs action": (staff, reverse("inmates:needs_action", args=[code])),
            "KPU kab/kota dashboard": (kab, reverse("registration:dashboard", args=[slug])),
            "KPU province dashboard": (prov, reverse("registration:dashboard", args=[slug])),
            "national dashboard": (admin, reverse("registration:dashboard", args=[slug])),
            "voter list": (kab, reverse("registration:facility", args=[slug, code])),
            "TPS page": (kab, reverse("registration:tps", args=[slug, code])),
        }
        counts = {}
        for label, (client, url) in pages.items():
            client.get(url)  # a first visit may write once (e.g. the session); count a normal one
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            counts[label] = len(captured)
        held = Inmate.objects.filter(facility=largest, custody_state=CustodyState.HELD).count()
        transaction.set_rollback(True)
    return counts, held


def test_pages_cost_the_same_queries_at_five_times_the_wbp(world, django_user_model):
    small, small_held = _counts(world, SMALL, django_user_model)
    large, large_held = _counts(world, 5 * SMALL, django_user_model)
    assert large_held > 4 * small_held
    assert large == small
