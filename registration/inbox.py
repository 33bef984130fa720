"""What waits in the home page's inbox (portal/inbox.py finds `items` through RegistrationConfig.inbox).

KPU (and admins) see the lists their area's facilities submitted for review and KPU has not yet
returned or locked; facility staff see their lists that KPU sent back, with KPU's note, until they
submit them again. Each with the list's figures (MS, potensial, TMS). Two queries, however many.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.access import area_of, scope
from registration import rules
from registration.models import Election, ListReview, Registration


@dataclass(frozen=True)
class InboxItem:
    at: datetime
    title: str
    text: str
    url: str = ""
    note: str = ""
    counts: str = ""


def _waiting(user, status: str):
    newest = (ListReview.objects.filter(election=OuterRef("election"), facility=OuterRef("facility"))
              .order_by("-at", "-pk").values("pk")[:1])
    return list(scope(user, ListReview.objects.exclude(election__status=Election.Status.CLOSED))
                .annotate(newest=Subquery(newest)).filter(pk=F("newest"), status=status)
                .select_related("election", "facility", "by").order_by("-at", "-pk"))


def _figures(reviews) -> dict[tuple[int, int], str]:
    if not reviews:
        return {}
    rows = (Registration.objects
            .filter(election_id__in={r.election_id for r in reviews}, facility_id__in={r.facility_id for r in reviews})
            .values("election_id", "facility_id")
            .annotate(ms=Count("pk", filter=Q(status=rules.MS)), potential=Count("pk", filter=Q(status=rules.POTENTIAL)),
                      tms=Count("pk", filter=Q(status=rules.TMS))))
    return {(row["election_id"], row["facility_id"]): _("%(ms)s MS · %(potential)s potensial · %(tms)s TMS") % {
        "ms": intcomma(row["ms"]), "potential": intcomma(row["potential"]), "tms": intcomma(row["tms"])}
        for row in rows}


def items(*, user) -> list[InboxItem]:
    area = area_of(user)
    if area.is_kpu or area.is_admin:
        status = ListReview.Status.SUBMITTED
    elif area.is_staff:
        status = ListReview.Status.RETURNED
    else:
        return []
    reviews = _waiting(user, status)
    figures = _figures(reviews)
    shown = []
    for review in reviews:
        url = reverse("registration:facility", args=[review.election.slug, review.facility.code])
        counts = figures.get((review.election_id, review.facility_id), "")
        by = review.by.get_full_name() or review.by.username if review.by else ""
        if status == ListReview.Status.SUBMITTED:
            shown.append(InboxItem(
                at=review.at, title=review.facility.name, url=url, counts=counts,
                text=_("mengajukan daftar pemilih %(election)s untuk ditinjau") % {"election": review.election.name},
                note=(_("Catatan %(by)s: %(note)s") % {"by": by, "note": review.note}) if review.note else ""))
        else:
            shown.append(InboxItem(
                at=review.at, title=review.election.name, url=url, counts=counts,
                text=_("daftar pemilih dikembalikan KPU untuk diperbaiki, lalu ajukan lagi"),
                note=_("Catatan %(by)s: %(note)s") % {"by": by, "note": review.note}))
    return shown
