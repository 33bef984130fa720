"""Reads of voter registration for pages and exports: lists, the KPU dashboard, TPS logistics,
versions and diffs, the election calendar. Every read starts from accounts.access.scope, and the
dashboard counts come from the same querysets as the lists they summarise."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of, scope
from inmates.models import CustodyEvent, CustodyState, Disability, Facility, Inmate
from registration import rules
from registration.models import Contest, Election, ListEntry, ListReview, ListVersion, Registration, Tps

# Lists ------------------------------------------------------------------------------------------


def elections_for(user) -> list[Election]:
    """Elections that concern the user's area: all for admins, those covering the facility for
    staff, those overlapping the kab/kota or province for KPU."""
    area = area_of(user)
    elections = list(Election.objects.select_related("region"))
    if area.is_admin:
        return elections
    if area.is_kpu:
        return [e for e in elections if e.overlaps(area.region_code)]
    if area.is_staff:
        facility = Facility.objects.filter(pk=area.facility_id).only("location").first()
        return [e for e in elections if facility is not None and e.covers(facility)]
    return []


def facilities_in(user, election: Election) -> QuerySet[Facility]:
    facilities = scope(user, Facility.objects.select_related("location__parent__parent"))
    if election.region_id:
        facilities = facilities.filter(location__code__startswith=f"{election.region_id}.")
    return facilities


def registrations(user, election: Election) -> QuerySet[Registration]:
    """The one base queryset behind the voter lists and the dashboard numbers."""
    return scope(user, Registration.objects.filter(election=election))


@dataclass
class VoterFilters:
    status: str = rules.MS
    list_type: str = ""
    tps: str = ""  # a TPS number, "none" for unallocated, "" for all
    reason: str = ""
    query: str = ""


def voter_list(user, election: Election, facility: Facility, filters: VoterFilters) -> QuerySet[Registration]:
    voters = registrations(user, election).filter(facility=facility)
    if filters.status:
        voters = voters.filter(status=filters.status)
    if filters.list_type:
        voters = voters.filter(list_type=filters.list_type)
    if filters.tps == "none":
        voters = voters.filter(tps__isnull=True)
    elif filters.tps.isdigit():
        voters = voters.filter(tps__number=int(filters.tps))
    if filters.reason:
        voters = voters.filter(reasons__contains=f",{filters.reason},")
    if filters.query.strip():
        text = filters.query.strip()
        voters = voters.filter(Q(inmate__full_name__icontains=text) | Q(inmate__nik__startswith=text)
                               | Q(inmate__register_number__icontains=text))
    return voters.select_related("inmate__home_region__parent__parent", "tps").order_by(
        "tps__number", "inmate__register_number", "inmate_id")


# Dashboard -------------------------------------------------------------------------------------

REASON_CODES = list(rules.REASONS)
DISABILITY_CODES = [code for code in Disability.values if code]


def _registration_counts(base: QuerySet[Registration]) -> dict[int, dict]:
    aggregates = {
        "ms": Count("id", filter=Q(status=rules.MS)),
        "ms_l": Count("id", filter=Q(status=rules.MS, inmate__sex="L")),
        "ms_p": Count("id", filter=Q(status=rules.MS, inmate__sex="P")),
        "potential": Count("id", filter=Q(status=rules.POTENTIAL)),
        "tms": Count("id", filter=Q(status=rules.TMS)),
        "dpt": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPT)),
        "dptb": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPTB)),
        "dpk": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPK)),
        "unallocated": Count("id", filter=Q(status=rules.MS, tps__isnull=True)),
        "leaving": Count("id", filter=Q(status=rules.TMS) & _any_reason(rules.LEAVING_CODES)),
    }
    for code in REASON_CODES:
        aggregates[f"reason_{code}"] = Count("id", filter=Q(reasons__contains=f",{code},"))
    aggregates["disability"] = Count("id", filter=Q(status=rules.MS, inmate__disability__gt=0))
    for code in DISABILITY_CODES:
        aggregates[f"disability_{code}"] = Count("id", filter=Q(status=rules.MS, inmate__disability=code))
    return {row["facility"]: row for row in base.values("facility").annotate(**aggregates).order_by()}


def _any_reason(codes) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(reasons__contains=f",{code},")
    return condition


def _ballot_counts(base: QuerySet[Registration], contests: list[Contest]) -> list[dict]:
    """Entitled voters per (facility, TPS) and contest, in one grouped query."""
    aggregates = {f"c_{c.pk}": Count("id", filter=Q(ballots__contains=f",{c.code},")) for c in contests}
    return list(base.filter(status=rules.MS).values("facility", "tps", "tps__number").annotate(
        voters=Count("id"), **aggregates).order_by("facility", "tps__number"))


@dataclass
class BallotLine:
    contest: Contest
    voters: int
    reserve: int

    @property
    def total(self) -> int:
        return self.voters + self.reserve


@dataclass
class TpsLine:
    number: int | None  # None: voters not yet placed in a TPS
    voters: int
    capacity: int | None
    ballots: list[BallotLine]


@dataclass
class FacilityLine(rules.StaffNeeds):
    facility: Facility
    held: int
    counts: dict
    tps_planned: int
    tps_capacity: int
    needed: int
    tps: list[TpsLine] = field(default_factory=list)
    ballots: list[BallotLine] = field(default_factory=list)
    review: ListReview | None = None

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def planned_tps(self) -> int:
        return self.tps_planned

    @property
    def reasons(self) -> list[tuple[rules.Reason, int]]:
        return [(rules.REASONS[code], self.count(f"reason_{code}")) for code in REASON_CODES
                if self.count(f"reason_{code}")]


@dataclass
class Dashboard(rules.StaffNeeds):
    election: Election
    contests: list[Contest]
    facilities: list[FacilityLine]

    def total(self, key: str) -> int:
        return sum(line.count(key) for line in self.facilities)

    @property
    def totals(self) -> dict[str, int]:
        keys = {key for line in self.facilities for key in line.counts if key != "facility"}
        return {key: self.total(key) for key in keys}

    @property
    def held(self) -> int:
        return sum(line.held for line in self.facilities)

    @property
    def tps_planned(self) -> int:
        return sum(line.tps_planned for line in self.facilities)

    @property
    def needed(self) -> int:
        return sum(line.needed for line in self.facilities)

    @property
    def staffed_tps(self) -> int:  # each facility staffs its own TPS
        return sum(line.staffed_tps for line in self.facilities)

    @property
    def ballots(self) -> list[BallotLine]:
        lines = []
        for index, contest in enumerate(self.contests):
            parts = [line.ballots[index] for line in self.facilities]
            lines.append(BallotLine(contest, sum(p.voters for p in parts), sum(p.reserve for p in parts)))
        return lines

    @property
    def reasons(self) -> list[tuple[rules.Reason, int]]:
        totals = [(rules.REASONS[code], self.total(f"reason_{code}")) for code in REASON_CODES]
        return [(reason, count) for reason, count in totals if count]


def dashboard(user, election: Election, facility: Facility | None = None, area: str | None = None) -> Dashboard:
    """Per facility and per TPS numbers for the user's area (narrowed to one facility or to a
    region code within it), in a fixed number of queries."""
    facilities = facilities_in(user, election)
    if facility is not None:
        facilities = facilities.filter(pk=facility.pk)
    if area:
        facilities = facilities.filter(location__code__startswith=f"{area}.")
    facilities = list(facilities.order_by("name"))
    ids = [f.pk for f in facilities]
    base = registrations(user, election).filter(facility_id__in=ids)
    contests = list(election.contests.order_by("order", "pk"))
    counts = _registration_counts(base)
    held = dict(scope(user, Inmate.objects.filter(facility_id__in=ids, custody_state=CustodyState.HELD))
                .values("facility").annotate(n=Count("id")).order_by().values_list("facility", "n"))
    tps_rows = {}
    for row in (scope(user, Tps.objects.filter(election=election, facility_id__in=ids)).values("facility", "number", "capacity")
                .order_by("facility", "number")):
        tps_rows.setdefault(row["facility"], {})[row["number"]] = row["capacity"]
    ballot_rows: dict[int, list[dict]] = {}
    for row in _ballot_counts(base, contests):
        ballot_rows.setdefault(row["facility"], []).append(row)
    reviews = {}
    for review in ListReview.objects.filter(election=election, facility_id__in=ids).order_by("facility", "-at", "-pk"):
        reviews.setdefault(review.facility_id, review)

    lines = []
    for item in facilities:
        facility_counts = counts.get(item.pk, {})
        capacities = tps_rows.get(item.pk, {})
        tps_lines = []
        for row in ballot_rows.get(item.pk, []):
            ballots = [BallotLine(c, row[f"c_{c.pk}"], rules.reserve(row[f"c_{c.pk}"], election.reserve_percent))
                       for c in contests]
            tps_lines.append(TpsLine(row["tps__number"], row["voters"], capacities.get(row["tps__number"]), ballots))
        for number, capacity in capacities.items():  # planned TPS with nobody in them yet
            if not any(t.number == number for t in tps_lines):
                tps_lines.append(TpsLine(number, 0, capacity, [BallotLine(c, 0, 0) for c in contests]))
        tps_lines.sort(key=lambda t: (t.number is None, t.number or 0))
        totals = [BallotLine(c, sum(t.ballots[i].voters for t in tps_lines), sum(t.ballots[i].reserve for t in tps_lines))
                  for i, c in enumerate(contests)]
        lines.append(FacilityLine(
            facility=item, held=held.get(item.pk, 0), counts=facility_counts, tps_planned=len(capacities),
            tps_capacity=sum(capacities.values()),
            needed=rules.tps_needed(facility_counts.get("ms", 0), election.max_voters_per_tps),
            tps=tps_lines, ballots=totals, review=reviews.get(item.pk),
        ))
    return Dashboard(election=election, contests=contests, facilities=lines)


def latest_review(election: Election, facility: Facility) -> ListReview | None:
    """Where the facility's list stands with KPU: the newest submission, return or lock."""
    return ListReview.objects.filter(election=election, facility=facility).order_by("-at", "-pk").first()


# Calendar --------------------------------------------------------------------------------------

DUE_SOON_DAYS = 14


@dataclass
class CalendarItem:
    label: str
    day: date
    state: str  # "done", "late", "due", "upcoming", "past"
    note: str = ""

    @property
    def state_label(self) -> str:
        return str({"done": _("selesai"), "late": _("terlambat"), "due": _("segera"), "upcoming": _("akan datang"),
                    "past": _("sudah lewat")}[self.state])


def calendar(election: Election, today: date, facility: Facility | None = None) -> list[CalendarItem]:
    """The deadlines counted back from voting day, with what is due and what is late for a facility."""
    done: dict[str, bool] = {}
    notes: dict[str, str] = {}
    breached: set[str] = set()
    if facility is not None:
        review = latest_review(election, facility)
        done["data_cutoff"] = review is not None and review.status in (ListReview.Status.SUBMITTED, ListReview.Status.LOCKED)
        dptb_missing = Registration.objects.filter(election=election, facility=facility, status=rules.MS,
                                                   list_type=Registration.ListType.DPTB, pindah_form_number="").count()
        done["pindah_detainee"] = dptb_missing == 0
        if dptb_missing:
            notes["pindah_detainee"] = str(_("%(count)s pemilih DPTb belum punya Model A") % {"count": dptb_missing})
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
        items.append(CalendarItem(str(deadline.label), deadline.day, state, notes.get(deadline.key, "")))
    return items


# Versions and diffs ----------------------------------------------------------------------------

def snapshot_entries(election: Election, facility: Facility) -> list[ListEntry]:
    """The facility's current voters as unsaved list entries: what a lock would freeze, and what
    the current-list export writes."""
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


# DPT exports ------------------------------------------------------------------------------------

DPT_FIELDS = ("facility_key", "tps_number", "nkk", "nik", "full_name", "birth_place", "birth_date", "marital_status",
              "sex", "address", "rt", "rw", "home_region_code", "disability", "ktp_el_recorded", "list_type", "ballots",
              "unknown")
EXPORT_CHUNK = 2000


@dataclass
class DptSource:
    """What a DPT workbook holds: the voters of some facilities (current list) or of one locked
    version, optionally one TPS. `rows()` streams them in chunks, in sheet order (facility, TPS,
    name), in one query however many there are."""

    election: Election
    facilities: list[Facility]
    version: ListVersion | None = None
    tps_number: int | None = None
    tps: dict[tuple[int, int], Tps] = field(default_factory=dict)  # (facility id, number) -> planned TPS
    area: bool = False  # an area's export: sheets are named after their facility too

    def queryset(self) -> QuerySet:
        if self.version is not None:
            rows = ListEntry.objects.filter(version=self.version).annotate(
                facility_key=Value(self.version.facility_id), unknown=F("ballots_unknown"))
        else:
            rows = Registration.objects.filter(
                election=self.election, facility__in=[f.pk for f in self.facilities], status=rules.MS,
            ).annotate(
                facility_key=F("facility_id"), tps_number=F("tps__number"), unknown=F("ballots_unknown"),
                **{name: F(f"inmate__{source}") for name, source in INMATE_FIELDS.items()})
        if self.tps_number is not None:
            rows = rows.filter(tps_number=self.tps_number)
        order = [F("tps_number").asc(nulls_last=True), "full_name", "pk"]
        if len(self.facilities) > 1:  # sheets follow the facilities' order (by name)
            order.insert(0, Case(*[When(facility_key=f.pk, then=Value(index)) for index, f in enumerate(self.facilities)]))
        return rows.order_by(*order)

    def rows(self):
        return self.queryset().values_list(*DPT_FIELDS, named=True).iterator(chunk_size=EXPORT_CHUNK)

    def count(self) -> int:
        return self.queryset().count()

    def planned(self) -> list[tuple[int, int | None]]:
        """The sheets due whatever the rows: every planned TPS the export covers, even with no voter
        yet, and a facility without TPS (its voters, if any, are not placed yet). A locked version
        has exactly the TPS it froze."""
        if self.version is not None:
            return []
        keys: list[tuple[int, int | None]] = [key for key in self.tps if self.tps_number in (None, key[1])]
        if self.tps_number is None:
            with_tps = {facility_id for facility_id, _number in self.tps}
            keys += [(f.pk, None) for f in self.facilities if f.pk not in with_tps]
        return keys


INMATE_FIELDS = {name: name for name in (
    "nkk", "nik", "full_name", "birth_place", "birth_date", "marital_status", "sex", "address", "rt", "rw",
    "disability", "ktp_el_recorded")} | {"home_region_code": "home_region_id"}


def dpt_source(election: Election, facilities: list[Facility], *, version: ListVersion | None = None,
               tps_number: int | None = None, area: bool = False) -> DptSource:
    """The voters a DPT export writes; facilities come scoped from the caller (view or command)."""
    facilities = sorted(facilities, key=lambda f: (f.name, f.pk))
    planned = Tps.objects.filter(election=election, facility__in=[f.pk for f in facilities]).select_related("location")
    tps = {(t.facility_id, t.number): t for t in planned.order_by("facility", "number")}
    return DptSource(election=election, facilities=facilities, version=version, tps_number=tps_number, tps=tps,
                     area=area)


def versions_for(user, election: Election, facility: Facility) -> QuerySet[ListVersion]:
    return scope(user, ListVersion.objects.filter(election=election, facility=facility)).select_related("locked_by")


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


def version_rows(version: ListVersion) -> dict[int, Row]:
    return {
        e.inmate_id: Row(e.inmate_id, e.full_name, e.register_number, e.nik, e.list_type, e.tps_number, e.ballots)
        for e in ListEntry.objects.filter(version=version).only(
            "inmate_id", "full_name", "register_number", "nik", "list_type", "tps_number", "ballots")
    }


def current_rows(user, election: Election, facility: Facility) -> dict[int, Row]:
    voters = registrations(user, election).filter(facility=facility, status=rules.MS).select_related("inmate", "tps")
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


def removal_reasons(election: Election, inmate_ids) -> dict[int, str]:
    """Why people are no longer on the list: their current registration's reasons, or what
    happened to the stay (released, transferred, died)."""
    result = {}
    for registration in Registration.objects.filter(election=election, inmate_id__in=list(inmate_ids)).select_related("inmate"):
        labels = [str(reason.label) for reason in registration.reason_list()]
        if registration.inmate.custody_state != CustodyState.HELD and registration.inmate.left_on:
            event = registration.inmate.get_custody_state_display()
            labels.insert(0, f"{event} {registration.inmate.left_on:%d-%m-%Y}")
        result[registration.inmate_id] = "; ".join(labels) if labels else str(_("tidak lagi terdaftar"))
    return result


def diff(election: Election, before: dict[int, Row], after: dict[int, Row]) -> Diff:
    removed_ids = [pk for pk in before if pk not in after]
    reasons = removal_reasons(election, removed_ids)
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
