from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.access import area_of
from inmates import selectors as inmate_selectors
from regions.models import Region


def home(request: HttpRequest) -> HttpResponse:
    """Each role's starting point: what is theirs and what to do next."""
    area = area_of(request.user)
    facilities = list(inmate_selectors.facility_overview(request.user)) if area.role else []
    context = {"facilities": facilities}
    if area.is_kpu:
        context["region"] = Region.objects.filter(code=area.region_code).first()
    if area.is_staff and facilities:
        context["facility"] = facilities[0]
        context["needs_action"] = inmate_selectors.needs_action(
            user=request.user, facility=facilities[0], today=timezone.localdate()
        ).total
    return render(request, "home.html", context)
