"""Locked versions of a facility's list and what changed between two of them (or a version and
now): the rows compared, the diff, and why someone left."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.access import scope
from inmates.models import CustodyState, Facility
from registration import rules
from registration.models import Election, ListEntry, ListReview, ListVersion, Registration
from registration.selectors.lists import registrations
from tps_khusus.dates import long_date


def versions_for(*, user, election: Election, facility: Facility) -> QuerySet[ListVersion]:
    return scope(user, ListVersion.objects.filter(election=election, facility=facility)).select_related("locked_by")


@dataclass(frozen=True)
class LockOutstanding:
    """What a lock would freeze and what it would leave unresolved (the confirmation page)."""

    voters: int  # MS now: the entries the version would hold
    potential: int  # otherwise eligible, without a (verified) NIK
    without_tps: int
    dptb_without_form: int
    submitted: bool  # the facility's latest word to KPU is a submission


def lock_outstanding(*, election: Election, facility: Facility) -> LockOutstanding:
    """Counted in one query in the database; the caller has scoped the facility."""
    counts = Registration.objects.filter(election=election, facility=facility).aggregate(
        voters=Count("pk", filter=Q(status=rules.MS)),
        potential=Count("pk", filter=Q(status=rules.POTENTIAL)),
        without_tps=Count("pk", filter=Q(status=rules.MS, tps__isnull=True)),
        dptb_without_form=Count("pk", filter=Q(status=rules.MS, list_type=Registration.ListType.DPTB,
                                               pindah_form_number="")),
    )
    latest = (ListReview.objects.filter(election=election, facility=facility).order_by("-at", "-pk")
              .values_list("status", flat=True).first())
    return LockOutstanding(**counts, submitted=latest == ListReview.Status.SUBMITTED)


def snapshot_entries(*, election: Election, facility: Facility) -> list[ListEntry]:
    """The facility's current MS voters as unsaved list entries, by TPS and name: what
    services.list_lock freezes into a version. Not scoped: the lock's caller checked the user."""
    voters = (Registration.objects.filter(election=election, facility=facility, status=rules.MS)
              .select_related("inmate", "tps").order_by("tps__number", "inmate__full_name", "inmate_id"))
    entries = []
    for registration in voters:
        inmate = registration.inmate
        entries.append(ListEntry(
            inmate=inmate, list_type=registration.list_type,
            tps_number=registration.tps.number if registration.tps else None, ballots=registration.ballots,
            ballots_unknown=registration.ballots_unknown,
            register_number=inmate.register_number or "", nik=inmate.nik or "", nkk=inmate.nkk,
            full_name=inmate.full_name, birth_place=inmate.birth_place, birth_date=inmate.birth_date, sex=inmate.sex,
            marital_status=inmate.marital_status, disability=inmate.disability, ktp_el_recorded=inmate.ktp_el_recorded,
            address=inmate.address, rt=inmate.rt, rw=inmate.rw, home_region_code=inmate.home_region_id,
        ))
    return entries


@dataclass(frozen=True)
class Row:
    """One voter on a list, as compared by the diff (from a locked entry or from now)."""

    inmate_id: int
    name: str
    register_number: str
    nik: str
    list_type: str
    tps_number: int | None
    ballots: str


def version_rows(*, version: ListVersion) -> dict[int, Row]:
    """A locked version's voters by stay (the caller looked the version up for its user)."""
    return {
        e.inmate_id: Row(e.inmate_id, e.full_name, e.register_number, e.nik, e.list_type, e.tps_number, e.ballots)
        for e in ListEntry.objects.filter(version=version).only(
            "inmate_id", "full_name", "register_number", "nik", "list_type", "tps_number", "ballots")
    }


def current_rows(*, user, election: Election, facility: Facility) -> dict[int, Row]:
    """The facility's MS voters now, by stay, as the user may see them."""
    voters = (registrations(user=user, election=election).filter(facility=facility, status=rules.MS)
              .select_related("inmate", "tps"))
    return {
        r.inmate_id: Row(r.inmate_id, r.inmate.full_name, r.inmate.register_number or "", r.inmate.nik or "",
                         r.list_type, r.tps.number if r.tps else None, r.ballots)
        for r in voters
    }


@dataclass
class Diff:
    added: list[Row]
    removed: list[tuple[Row, str]]  # with the reason
    moved: list[tuple[Row, Row]]  # (before, after) with another TPS
    ballots_changed: list[tuple[Row, Row]]
    list_type_changed: list[tuple[Row, Row]]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.moved or self.ballots_changed or self.list_type_changed)


def removal_reasons(*, election: Election, inmate_ids) -> dict[int, str]:
    """Why people are no longer on the list, from their registration in this election: how and
    when the stay ended (released, transferred, died) if it has, then the registration's reasons;
    "tidak lagi terdaftar" when neither says anything. A stay without a registration in this
    election (out of its data period) gets no entry."""
    result = {}
    for registration in Registration.objects.filter(election=election, inmate_id__in=list(inmate_ids)).select_related("inmate"):
        labels = [str(reason.label) for reason in registration.reason_list()]
        if registration.inmate.custody_state != CustodyState.HELD and registration.inmate.left_on:
            event = registration.inmate.get_custody_state_display()
            labels.insert(0, f"{event} {long_date(registration.inmate.left_on)}")
        result[registration.inmate_id] = "; ".join(labels) if labels else str(_("tidak lagi terdaftar"))
    return result


def diff(*, election: Election, before: dict[int, Row], after: dict[int, Row]) -> Diff:
    """Who was added, removed (with the reason), moved to another TPS, or changed ballots or list
    type between two sets of rows, each sorted by name."""
    removed_ids = [pk for pk in before if pk not in after]
    reasons = removal_reasons(election=election, inmate_ids=removed_ids)
    common = [pk for pk in before if pk in after]
    by_name = lambda row: (row.name, row.inmate_id)  # noqa: E731
    return Diff(
        added=sorted((after[pk] for pk in after if pk not in before), key=by_name),
        removed=sorted(((before[pk], reasons.get(pk, "")) for pk in removed_ids), key=lambda item: by_name(item[0])),
        moved=sorted(((before[pk], after[pk]) for pk in common if before[pk].tps_number != after[pk].tps_number),
                     key=lambda item: by_name(item[0])),
        ballots_changed=sorted(((before[pk], after[pk]) for pk in common if before[pk].ballots != after[pk].ballots),
                               key=lambda item: by_name(item[0])),
        list_type_changed=sorted(((before[pk], after[pk]) for pk in common if before[pk].list_type != after[pk].list_type),
                                 key=lambda item: by_name(item[0])),
    )
