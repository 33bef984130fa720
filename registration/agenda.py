"""What is next in the elections, for the home page's agenda (portal/agenda.py finds `items` through
RegistrationConfig.agenda).

Facility staff get their facility's calendar of every open election that covers it (what is done
is left out, a task whose day passed undone is kept). KPU and admins get the deadlines still to
come of the elections in their area, and the facilities there that have not yet submitted their
list (by the WBP data cut-off) or do not yet have a locked DPT (by the DPT's determination).
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of
from inmates.models import Facility
from registration import selectors
from registration.models import Election, ListReview, ListVersion

NOT_SUBMITTED = _("%(count)s Lapas/Rutan belum mengajukan daftar pemilih: %(names)s")
NO_LOCKED_DPT = _("%(count)s Lapas/Rutan belum memiliki DPT terkunci: %(names)s")
SIMULATED = _("dihitung dari tanggal simulasi")
STAFF_TEXT = {"data_cutoff": _("batas data WBP: ajukan daftar pemilih ke KPU")}
# Met for now, but a WBP arriving later may still need the A-form: shown until its day passes.
KEEP_WHEN_DONE = {"pindah_detainee"}
NAMES_SHOWN = 3


@dataclass(frozen=True)
class AgendaItem:
    day: date
    title: str
    text: str
    url: str = ""
    note: str = ""


def _sentence(label) -> str:
    text = str(label)
    return text[:1].lower() + text[1:]


def _note(election: Election, *notes: str) -> str:
    if election.voting_day_simulated:
        notes = (*notes, str(SIMULATED))
    return "; ".join(note for note in notes if note)


def _names(facilities: list[Facility]) -> str:
    names = [f.name for f in facilities[:NAMES_SHOWN]]
    if len(facilities) > NAMES_SHOWN:
        names.append(str(_("dan %(count)s lainnya") % {"count": len(facilities) - NAMES_SHOWN}))
    return ", ".join(names)


def _facility_items(election: Election, facility: Facility, today: date) -> list[AgendaItem]:
    keys = {(str(d.label), d.day): d.key for d in election.deadlines()}
    url = reverse("registration:facility", args=[election.slug, facility.code])
    found = []
    for item in selectors.calendar(election=election, today=today, facility=facility):
        key = keys.get((item.label, item.day), "")
        if item.state == "past" or (item.state == "done" and (key not in KEEP_WHEN_DONE or item.day < today)):
            continue
        text = STAFF_TEXT.get(key, item.label)
        found.append(AgendaItem(item.day, election.name, _sentence(text), url,
                                _note(election, item.note) if key != "voting_day" else item.note))
    return found


def _area_items(election: Election, user, today: date) -> list[AgendaItem]:
    url = reverse("registration:dashboard", args=[election.slug])
    facilities = list(selectors.facilities_in(user=user, election=election).order_by("name"))
    ids = [f.pk for f in facilities]
    latest: dict[int, str] = {}
    for facility_id, status in (ListReview.objects.filter(election=election, facility_id__in=ids)
                                .order_by("facility_id", "-at", "-pk").values_list("facility_id", "status")):
        latest.setdefault(facility_id, status)
    submitted = {pk for pk, status in latest.items() if status in (ListReview.Status.SUBMITTED, ListReview.Status.LOCKED)}
    locked = set(ListVersion.objects.filter(election=election, facility_id__in=ids, kind=ListVersion.Kind.DPT)
                 .order_by().values_list("facility_id", flat=True).distinct())
    missing = {
        "data_cutoff": ([f for f in facilities if f.pk not in submitted], NOT_SUBMITTED),
        "dpt_determined": ([f for f in facilities if f.pk not in locked], NO_LOCKED_DPT),
    }
    found = []
    for deadline in election.deadlines():
        waiting, message = missing.get(deadline.key, ([], None))
        if waiting:  # a task some facilities have not done: shown until it is, late or not
            note = message % {"count": len(waiting), "names": _names(waiting)}
            found.append(AgendaItem(deadline.day, election.name, _sentence(deadline.label), url,
                                    _note(election, note)))
        elif deadline.day >= today:
            found.append(AgendaItem(deadline.day, election.name, _sentence(deadline.label), url,
                                    _note(election) if deadline.key != "voting_day" else ""))
    return found


def items(*, user, today: date) -> list[AgendaItem]:
    """The user's election agenda (portal/agenda.py's provider contract)."""
    area = area_of(user)
    if not area.role:
        return []
    elections = [e for e in selectors.elections_for(user=user) if not e.is_archived]
    if area.is_staff:
        facility = Facility.objects.filter(pk=area.facility_id).first()
        if facility is None:
            return []
        return [item for election in elections for item in _facility_items(election, facility, today)]
    return [item for election in elections for item in _area_items(election, user, today)]


def voting_days(*, user, facility: Facility) -> list[tuple[str, date]]:
    """The open elections covering the facility, as (name with voting day, voting day), for the
    registry's "released before voting day" list (inmates/voting_days.py)."""
    from django.utils.formats import date_format

    return [(_("%(election)s — %(day)s") % {"election": election.name,
                                            "day": date_format(election.voting_day, "j F Y")}, election.voting_day)
            for election in selectors.elections_for(user=user)
            if election.status != Election.Status.CLOSED and election.covers(facility)]
