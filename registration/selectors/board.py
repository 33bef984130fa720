"""The KPU dashboard and the TPS page's numbers: per facility and per TPS counts, ballots with
their reserve, staff needed, where each list stands with KPU.

The counts come from lists.registrations, the same scoped queryset as the voter list page, so a
figure and the list it summarises cannot disagree."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from accounts.access import scope
from inmates.models import CustodyState, Disability, Facility, Inmate
from registration import rules
from registration.models import Contest, Election, ListReview, Registration, Tps
from registration.selectors.lists import facilities_in, registrations

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


def dashboard(*, user, election: Election, facility: Facility | None = None, area: str | None = None) -> Dashboard:
    """Per facility and per TPS numbers for the user's area (narrowed to one facility or to a
    region code within it), in a fixed number of queries."""
    facilities = facilities_in(user=user, election=election)
    if facility is not None:
        facilities = facilities.filter(pk=facility.pk)
    if area:
        facilities = facilities.filter(location__code__startswith=f"{area}.")
    facilities = list(facilities.order_by("name"))
    ids = [f.pk for f in facilities]
    base = registrations(user=user, election=election).filter(facility_id__in=ids)
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


def latest_review(*, election: Election, facility: Facility) -> ListReview | None:
    """Where the facility's list stands with KPU: the newest submission, return or lock."""
    return ListReview.objects.filter(election=election, facility=facility).order_by("-at", "-pk").first()


# TPS needs -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TpsNeeds(rules.StaffNeeds):
    """What a facility's voters call for against the TPS it has set up (the TPS page's panel)."""

    voters: int
    max_per_tps: int
    needed: int
    planned: int  # TPS set up so far
    capacity: int  # their seats together

    @property
    def missing(self) -> int:
        return max(self.needed - self.planned, 0)

    @property
    def planned_tps(self) -> int:
        return self.planned


def tps_needs(*, election: Election, facility: Facility) -> TpsNeeds:
    """MS voters, TPS needed for them, TPS set up and their capacity, for a facility the caller
    has already scoped; two queries."""
    voters = Registration.objects.filter(election=election, facility=facility, status=rules.MS).count()
    tps = list(Tps.objects.filter(election=election, facility=facility).values_list("capacity", flat=True))
    return TpsNeeds(voters=voters, max_per_tps=election.max_voters_per_tps,
                    needed=rules.tps_needed(voters, election.max_voters_per_tps),
                    planned=len(tps), capacity=sum(tps))
