"""What waits in the home page's inbox (portal/inbox.py finds `items` through PdpbConfig.inbox).

KPU (and admins) see the PDPB quarters their area's facilities submitted and KPU has not yet
returned or locked; facility staff see their quarters KPU sent back, with KPU's note, until they
submit them again. With the quarter's figures as submitted. One query, however many.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import area_of, scope
from pdpb.models import PdpbPeriod


@dataclass(frozen=True)
class InboxItem:
    at: datetime
    title: str
    text: str
    url: str = ""
    note: str = ""
    counts: str = ""


def _figures(period: PdpbPeriod) -> str:
    if period.end_count is None:
        return ""
    return _("awal %(start)s · bertambah %(added)s · berkurang %(removed)s · akhir %(end)s") % {
        "start": intcomma(period.start_count), "added": intcomma(period.added_count),
        "removed": intcomma(period.removed_count), "end": intcomma(period.end_count)}


def items(*, user) -> list[InboxItem]:
    area = area_of(user)
    if area.is_kpu or area.is_admin:
        status = PdpbPeriod.Status.SUBMITTED
    elif area.is_staff:
        status = PdpbPeriod.Status.RETURNED
    else:
        return []
    periods = (scope(user, PdpbPeriod.objects.filter(status=status))
               .select_related("facility", "submitted_by", "reviewed_by").order_by("-pk"))
    shown = []
    for period in periods:
        url = reverse("pdpb:facility", args=[period.facility.code, period.period.slug])
        if status == PdpbPeriod.Status.SUBMITTED:
            by = period.submitted_by
            who = (by.get_full_name() or by.username) if by else ""
            shown.append(InboxItem(
                at=period.submitted_at, title=period.facility.name, url=url, counts=_figures(period),
                text=_("mengajukan mutasi PDPB %(period)s untuk ditinjau") % {"period": period.period.label},
                note=(_("Catatan %(by)s: %(note)s") % {"by": who, "note": period.note}) if period.note else ""))
        else:
            by = period.reviewed_by
            who = (by.get_full_name() or by.username) if by else ""
            shown.append(InboxItem(
                at=period.reviewed_at, title=_("PDPB %(period)s") % {"period": period.period.label}, url=url,
                counts=_figures(period),
                text=_("mutasi PDPB dikembalikan KPU untuk diperbaiki, lalu ajukan lagi"),
                note=(_("Catatan %(by)s: %(note)s") % {"by": who, "note": period.note}) if period.note else ""))
    return [item for item in shown if item.at is not None]
