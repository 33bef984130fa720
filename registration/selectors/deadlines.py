"""The election calendar: the deadlines counted back from voting day and, for a facility, which
of them it has met."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from inmates.models import CustodyEvent, Facility
from registration import rules
from registration.models import Election, ListReview, ListVersion, Registration
from registration.selectors.board import VOTER_FILTERS, latest_review, voter_list_url

DUE_SOON_DAYS = 14


@dataclass
class CalendarItem:
    label: str
    day: date
    state: str  # "done", "late", "due", "upcoming", "past"
    note: str = ""
    url: str = ""  # the people the note counts

    @property
    def state_label(self) -> str:
        return str({"done": _("selesai"), "late": _("terlambat"), "due": _("segera"), "upcoming": _("akan datang"),
                    "past": _("sudah lewat")}[self.state])


_UNREAD = object()


def calendar(*, election: Election, today: date, facility: Facility | None = None,
             review: ListReview | None | object = _UNREAD) -> list[CalendarItem]:
    """The election's deadlines in date order, each upcoming, due (within DUE_SOON_DAYS) or past.
    With a facility (already scoped by the caller) the tasks it has are tracked: done, or late
    once their day has passed; a transfer after the freeze marks the freeze late."""
    done: dict[str, bool] = {}
    notes: dict[str, str] = {}
    urls: dict[str, str] = {}
    breached: set[str] = set()
    if facility is not None:
        if review is _UNREAD:  # the caller may hand over the facility's latest review it has read already
            review = latest_review(election=election, facility=facility)
        done["data_cutoff"] = review is not None and review.status in (ListReview.Status.SUBMITTED, ListReview.Status.LOCKED)
        dptb_missing = Registration.objects.filter(election=election, facility=facility, status=rules.MS,
                                                   list_type=Registration.ListType.DPTB, pindah_form_number="").count()
        done["pindah_detainee"] = dptb_missing == 0
        if dptb_missing:
            notes["pindah_detainee"] = str(_("%(count)s pemilih DPTb belum punya Model A") % {"count": dptb_missing})
            urls["pindah_detainee"] = voter_list_url(election=election, facility=facility,
                                                     filters=VOTER_FILTERS["dptb_without_form"])
        freeze = next(d.day for d in election.deadlines() if d.key == "transfer_freeze")
        moves = CustodyEvent.objects.filter(
            kind__in=[CustodyEvent.Kind.TRANSFER_OUT, CustodyEvent.Kind.TRANSFER_IN], date__gt=freeze,
            date__lte=election.voting_day, inmate__facility=facility).count()
        if moves:  # a period, not a task: only a breach of it is worth a mark
            breached.add("transfer_freeze")
            notes["transfer_freeze"] = str(_("%(count)s pemindahan tercatat setelah larangan") % {"count": moves})
        done["pindah_general"] = ListVersion.objects.filter(election=election, facility=facility,
                                                            kind=ListVersion.Kind.DPT).exists()
        if not done["pindah_general"]:
            notes["pindah_general"] = str(_("DPT Lapas/Rutan ini belum dikunci"))
    items = []
    for deadline in election.deadlines():
        tracked = deadline.key in done
        if deadline.key in breached:
            state = "late"
        elif tracked and done[deadline.key]:
            state = "done"
        elif deadline.day < today:
            state = "late" if tracked else "past"
        elif (deadline.day - today).days <= DUE_SOON_DAYS:
            state = "due"
        else:
            state = "upcoming"
        items.append(CalendarItem(str(deadline.label), deadline.day, state, notes.get(deadline.key, ""),
                                  urls.get(deadline.key, "")))
    return items
