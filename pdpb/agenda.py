"""What is next in PDPB, for the home page's agenda (portal/agenda.py finds `items` through
PdpbConfig.agenda): the facility's staff submit each quarter's mutations by its deadline; KPU and
admins see the facilities of their area that have not submitted yet."""

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of, scope
from inmates.models import Facility
from pdpb.models import PdpbPeriod
from pdpb.quarters import Quarter
from registration.agenda import AgendaItem

STAFF_TEXT = _("ajukan mutasi PDPB ke KPU sebelum")
KPU_TEXT = _("%(count)s Lapas/Rutan belum mengajukan mutasi PDPB, batas")
DONE = [PdpbPeriod.Status.SUBMITTED, PdpbPeriod.Status.LOCKED]


def deadline(quarter: Quarter) -> date:
    """The day a facility's mutations of `quarter` are due at KPU (settings.PDPB_SUBMIT_DAYS, unconfirmed:
    docs/unconfirmed.md)."""
    return quarter.end + timedelta(days=settings.PDPB_SUBMIT_DAYS)


def items(*, user, today: date) -> list[AgendaItem]:
    area = area_of(user)
    if not area.role:
        return []
    current = Quarter.of(today)
    quarters = [current.previous, current]  # the last one stays while undone, marked late once due
    facilities = list(scope(user, Facility.objects.only("pk", "name", "code")).order_by("name"))
    if not facilities:
        return []
    done = set(PdpbPeriod.objects.filter(facility__in=facilities, status__in=DONE).filter(
        year__in={q.year for q in quarters}).values_list("facility_id", "year", "quarter"))
    found = []
    for quarter in quarters:
        missing = [f for f in facilities if (f.pk, quarter.year, quarter.number) not in done]
        if not missing:
            continue
        if area.is_staff:
            url = reverse("pdpb:facility", args=[missing[0].code, quarter.slug])
            found.append(AgendaItem(deadline(quarter), quarter.label, str(STAFF_TEXT), url=url))
        else:
            url = reverse("pdpb:index") + f"?periode={quarter.slug}"
            found.append(AgendaItem(deadline(quarter), quarter.label, str(KPU_TEXT % {"count": len(missing)}), url=url))
    return found
