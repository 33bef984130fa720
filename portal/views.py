from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import area_of
from accounts.models import Role
from inmates import selectors as inmate_selectors
from portal import agenda, inbox
from regions.models import Region
from registration import selectors as registration_selectors
from registration.models import Election


def kpu_name(role: str, region: Region | None) -> str:
    """As KPU calls itself: "KPU Kabupaten Blora", "KPU Kota Semarang", "KPU Provinsi Jawa Tengah"
    (the kab/kota's name already says which it is)."""
    if region is None:
        return Role(role).label
    if role == Role.KPU_PROVINCE:
        return _("KPU Provinsi %(name)s") % {"name": region.name}
    return _("KPU %(name)s") % {"name": region.name}


def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting point: what is theirs and what to do next."""
    area = area_of(request.user)
    today = timezone.localdate()
    facilities = list(inmate_selectors.facility_overview(request.user)) if area.role else []
    context = {"facilities": facilities, "elections": [],
               "agenda": agenda.upcoming(user=request.user, today=today) if area.role else []}
    if area.role:
        context["inbox"], context["inbox_total"] = inbox.waiting(user=request.user)
    if area.is_kpu:
        region = Region.objects.filter(code=area.region_code).first()
        context["region"] = region
        context["kpu_name"] = kpu_name(area.role, region)
    facility = facilities[0] if area.is_staff and facilities else None
    if facility is not None:
        context["facility"] = facility
        context["needs_action"] = inmate_selectors.needs_action_count(user=request.user, facility=facility, today=today)
    if area.role:
        # The next voting day first (its calendar is shown), then later ones, then those whose day has passed.
        elections = sorted((e for e in registration_selectors.elections_for(user=request.user)
                            if e.status != Election.Status.CLOSED),
                           key=lambda e: (e.voting_day < today, abs((e.voting_day - today).days)))
        context["elections"] = elections
        if elections:
            context["election"] = elections[0]
            context["calendar"] = registration_selectors.calendar(election=elections[0], today=today, facility=facility)
    return render(request, "portal/home.html", context)
