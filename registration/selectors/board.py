"""The KPU dashboard and the TPS page's numbers: per facility and per TPS counts, ballots with
their reserve, staff needed, where each list stands with KPU.

The counts come from lists.registrations, the same scoped queryset as the voter list page, so a
figure and the list it summarises cannot disagree; each count has the voter-list filter that lists
the people behind it (`FacilityLine.urls`, `VOTER_FILTERS`). The figures reconcile: considered =
MS + potential + TMS; MS = DPT + DPTb + DPK = L + P; potential = the sum of its reasons (no NIK, or a
NIK not yet verified: one each); TMS reasons are counted among TMS registrations only (a person may
have several)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from accounts.access import scope
from inmates.models import CustodyState, Disability, Facility, Inmate
from regions import reference
from registration import rules
from registration.models import Contest, Election, ListReview, Registration, Tps
from registration.selectors.lists import facilities_in, registrations

REASON_CODES = list(rules.REASONS)  # kept for callers; counts are per TMS or potential reason
DISABILITY_CODES = [code for code in Disability.values if code]


def _registration_counts(base: QuerySet[Registration]) -> dict[int, dict]:
    """Every count per facility in one grouped query over the registration table alone: sex and
    disability are the registration's copies (Registration.sex, .disability), not its inmate's."""
    aggregates = {
        "considered": Count("id"),
        "ms": Count("id", filter=Q(status=rules.MS)),
        "ms_l": Count("id", filter=Q(status=rules.MS, sex="L")),
        "ms_p": Count("id", filter=Q(status=rules.MS, sex="P")),
        "potential": Count("id", filter=Q(status=rules.POTENTIAL)),
        "tms": Count("id", filter=Q(status=rules.TMS)),
        "dpt": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPT)),
        "dptb": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPTB)),
        "dpk": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPK)),
        "unallocated": Count("id", filter=Q(status=rules.MS, tps__isnull=True)),
        "leaving": Count("id", filter=Q(status=rules.TMS) & _any_reason(rules.LEAVING_CODES)),
        "dptb_without_form": Count("id", filter=Q(status=rules.MS, list_type=Registration.ListType.DPTB,
                                                  pindah_form_number="")),
    }
    for reason in rules.REASONS.values():
        status = rules.TMS if reason.blocks else rules.POTENTIAL
        aggregates[f"reason_{reason.code}"] = Count("id", filter=Q(status=status, reasons__contains=f",{reason.code},"))
    aggregates["disability"] = Count("id", filter=Q(status=rules.MS, disability__gt=0))
    for code in DISABILITY_CODES:
        aggregates[f"disability_{code}"] = Count("id", filter=Q(status=rules.MS, disability=code))
    # Annotated under other names: "disability" is a count here and a field of the registration too.
    rows = base.values("facility").annotate(**{f"n_{key}": value for key, value in aggregates.items()}).order_by()
    return {row["facility"]: {"facility": row["facility"], **{key: row[f"n_{key}"] for key in aggregates}}
            for row in rows}


def _any_reason(codes) -> Q:
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(reasons__contains=f",{code},")
    return condition


def _ballot_counts(base: QuerySet[Registration], contests: list[Contest]) -> list[dict]:
    """Entitled voters per (facility, TPS) and contest, all and by list type, in one grouped query."""
    aggregates = {}
    for c in contests:
        entitled = Q(ballots__contains=f",{c.code},")
        aggregates[f"c_{c.pk}"] = Count("id", filter=entitled)
        aggregates[f"dpt_{c.pk}"] = Count("id", filter=entitled & Q(list_type=Registration.ListType.DPT))
        aggregates[f"dpk_{c.pk}"] = Count("id", filter=entitled & Q(list_type=Registration.ListType.DPK))
    return list(base.filter(status=rules.MS).values("facility", "tps", "tps__number").annotate(
        voters=Count("id"), **aggregates).order_by("facility", "tps__number"))


@dataclass
class BallotLine:
    """One ballot type at one TPS (or summed): the voters entitled to it, by list, and what the TPS
    receives (UU 7/2017 Pasal 344(2)): DPT + DPTb + a reserve of 2% of the DPT, per TPS. DPK voters get
    no ballot of their own: they are served from the reserve."""

    contest: Contest
    voters: int  # entitled MS voters: DPT + DPTb + DPK
    reserve: int
    dpt: int = 0
    dpk: int = 0

    @property
    def dptb(self) -> int:
        return self.voters - self.dpt - self.dpk

    @property
    def total(self) -> int:
        """Ballots delivered: DPT + DPTb + reserve."""
        return self.dpt + self.dptb + self.reserve

    @property
    def reserve_short(self) -> bool:
        """More DPK voters than reserve ballots: someone may not get this ballot."""
        return self.dpk > self.reserve


def _sum_lines(contest: Contest, parts: list[BallotLine]) -> BallotLine:
    return BallotLine(contest, sum(p.voters for p in parts), sum(p.reserve for p in parts), sum(p.dpt for p in parts),
                      sum(p.dpk for p in parts))


@dataclass
class TpsLine:
    number: int | None  # None: voters not yet placed in a TPS
    voters: int
    capacity: int | None
    ballots: list[BallotLine]


# The voter-list filters behind each count (registration:facility's query string; lists.VoterFilters).
VOTER_FILTERS = {
    "considered": {"status": ""},
    "ms": {"status": rules.MS},
    "ms_l": {"status": rules.MS, "jk": "L"},
    "ms_p": {"status": rules.MS, "jk": "P"},
    "potential": {"status": rules.POTENTIAL},
    "tms": {"status": rules.TMS},
    "dpt": {"status": rules.MS, "list_type": "dpt"},
    "dptb": {"status": rules.MS, "list_type": "dptb"},
    "dpk": {"status": rules.MS, "list_type": "dpk"},
    "unallocated": {"status": rules.MS, "tps": "tanpa"},
    "leaving": {"status": rules.TMS, "reason": "keluar"},
    "dptb_without_form": {"status": rules.MS, "list_type": "dptb", "model_a": "belum"},
    "disability": {"status": rules.MS, "disabilitas": "ada"},
    **{f"disability_{code}": {"status": rules.MS, "disabilitas": str(code)} for code in DISABILITY_CODES},
    **{f"reason_{r.code}": {"status": rules.TMS if r.blocks else rules.POTENTIAL, "reason": r.code}
       for r in rules.REASONS.values()},
}


def voter_list_url(*, election: Election, facility: Facility, filters: dict) -> str:
    """The facility's voter list page narrowed by `filters` (VoterFilterForm's field names)."""
    return f"{reverse('registration:facility', args=[election.slug, facility.code])}?{urlencode(filters)}"


def _voter_list_urls(election: Election, contests: list[Contest]):
    """A function giving a facility's count -> voter list links; the query strings are built once per
    dashboard and the page address once per facility (a national board has hundreds of facilities)."""
    queries = {key: urlencode(filters) for key, filters in VOTER_FILTERS.items()}
    for contest in contests:
        queries[f"contest_{contest.code}"] = urlencode({"status": rules.MS, "surat_suara": contest.code})

    def urls(facility: Facility) -> dict[str, str]:
        page = reverse("registration:facility", args=[election.slug, facility.code])
        return {key: f"{page}?{query}" for key, query in queries.items()}
    return urls


# An area of more facilities than this is shown region by region first (provinces, or the kab/kota of one
# province), each opening the dashboard narrowed to it; the numbers are the same counts, summed.
GROUP_ABOVE = 30


@dataclass
class RegionLine(rules.StaffNeeds):
    """A province (or kab/kota) of an AreaBoard: its facilities' numbers added up as they are read."""

    code: str
    name: str
    facility_count: int = 0
    held: int = 0
    counts: dict = field(default_factory=dict)
    tps_planned: int = 0
    needed: int = 0
    staffed_tps: int = 0  # each facility staffs its own TPS: the sum of theirs, not one figure from the sums

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def planned_tps(self) -> int:
        return self.tps_planned

    def add(self, *, held: int, counts: dict, tps_planned: int, needed: int) -> None:
        self.facility_count += 1
        self.held += held
        for key, value in counts.items():
            if key != "facility":
                self.counts[key] = self.counts.get(key, 0) + value
        self.tps_planned += tps_planned
        self.needed += needed
        self.staffed_tps += max(needed, tps_planned)


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
    urls: dict = field(default_factory=dict)  # count key -> the voter list of the people behind it

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def planned_tps(self) -> int:
        return self.tps_planned

    @property
    def contest_urls(self) -> dict[str, str]:
        """Contest code -> the voters entitled to its ballot."""
        return {key.removeprefix("contest_"): url for key, url in self.urls.items() if key.startswith("contest_")}

    @property
    def tms_reasons(self) -> list[tuple[rules.Reason, int, str]]:
        return [(r, self.count(f"reason_{r.code}"), self.urls.get(f"reason_{r.code}", "")) for r in rules.TMS_REASONS
                if self.count(f"reason_{r.code}")]

    @property
    def potential_reasons(self) -> list[tuple[rules.Reason, int, str]]:
        return [(r, self.count(f"reason_{r.code}"), self.urls.get(f"reason_{r.code}", ""))
                for r in rules.POTENTIAL_REASONS if self.count(f"reason_{r.code}")]

    @property
    def reasons(self) -> list[tuple[rules.Reason, int]]:
        return [(reason, count) for reason, count, _url in self.tms_reasons + self.potential_reasons]

    @property
    def reconciles(self) -> bool:
        """considered = MS + potential + TMS, MS = DPT + DPTb + DPK = L + P, potential = its reasons."""
        c = self.count
        return (c("considered") == c("ms") + c("potential") + c("tms")
                and c("ms") == c("dpt") + c("dptb") + c("dpk") == c("ms_l") + c("ms_p")
                and c("potential") == sum(c(f"reason_{r.code}") for r in rules.POTENTIAL_REASONS))


class _Summed(rules.StaffNeeds):
    """A board's figures as the sums of its lines' (facility lines, or region lines)."""

    def _lines(self) -> list:
        raise NotImplementedError

    def total(self, key: str) -> int:
        return sum(line.count(key) for line in self._lines())

    def _by_reason(self, reasons) -> list[tuple[rules.Reason, int, list]]:
        """(reason, total, its parts per line) for each reason with a count."""
        raise NotImplementedError

    @property
    def tms_reasons(self):
        return self._by_reason(rules.TMS_REASONS)

    @property
    def potential_reasons(self):
        return self._by_reason(rules.POTENTIAL_REASONS)

    @property
    def totals(self) -> dict[str, int]:
        keys = {key for line in self._lines() for key in line.counts if key != "facility"}
        return {key: self.total(key) for key in keys}

    @property
    def held(self) -> int:
        return sum(line.held for line in self._lines())

    @property
    def tps_planned(self) -> int:
        return sum(line.tps_planned for line in self._lines())

    @property
    def planned_tps(self) -> int:
        return self.tps_planned

    @property
    def needed(self) -> int:
        return sum(line.needed for line in self._lines())

    @property
    def staffed_tps(self) -> int:  # each facility staffs its own TPS: the sum of theirs, not one figure from the sums
        return sum(line.staffed_tps for line in self._lines())


@dataclass
class Dashboard(_Summed):
    election: Election
    contests: list[Contest]
    facilities: list[FacilityLine]
    grouped = False

    @property
    def facility_count(self) -> int:
        return len(self.facilities)

    def _lines(self) -> list:
        return self.facilities

    @property
    def urls(self) -> dict:
        """The voter lists behind the totals: only when they are one facility's (the list page is per facility)."""
        return self.facilities[0].urls if len(self.facilities) == 1 else {}

    @property
    def contest_urls(self) -> dict[str, str]:
        return self.facilities[0].contest_urls if len(self.facilities) == 1 else {}

    @property
    def ballots(self) -> list[BallotLine]:
        return [_sum_lines(contest, [line.ballots[index] for line in self.facilities])
                for index, contest in enumerate(self.contests)]

    def _by_reason(self, reasons) -> list[tuple[rules.Reason, int, list[tuple[Facility, int, str]]]]:
        """Each reason's total and, per facility, its count and the list behind it."""
        result = []
        for reason in reasons:
            key = f"reason_{reason.code}"
            parts = [(line.facility, line.count(key), line.urls.get(key, "")) for line in self.facilities
                     if line.count(key)]
            if parts:
                result.append((reason, sum(count for _f, count, _u in parts), parts))
        return result


    @property
    def reasons(self) -> list[tuple[rules.Reason, int]]:
        return [(reason, total) for reason, total, _parts in self.tms_reasons + self.potential_reasons]

    @property
    def reconciles(self) -> bool:
        return all(line.reconciles for line in self.facilities)


@dataclass
class AreaBoard(_Summed):
    """A national or provincial area of more than GROUP_ABOVE facilities, region by region: the same
    counts as a Dashboard, added up per province (or per kab/kota when they all lie in one province)
    as the grouped rows are read, with no line, link or TPS row built per facility. The page shows
    each region's numbers and opens its own Dashboard (?wilayah=<code>) for the people behind them."""

    election: Election
    contests: list[Contest]
    regions: list[RegionLine]
    ballots: list[BallotLine]
    grouped = True

    @property
    def urls(self) -> dict:
        """None here: the voter lists behind a count are per facility, opened from a region's own board."""
        return {}

    @property
    def contest_urls(self) -> dict:
        return {}

    def _lines(self) -> list:
        return self.regions

    @property
    def facility_count(self) -> int:
        return sum(line.facility_count for line in self.regions)

    def _by_reason(self, reasons) -> list[tuple[rules.Reason, int, list]]:
        totals = ((reason, self.total(f"reason_{reason.code}")) for reason in reasons)
        return [(reason, total, []) for reason, total in totals if total]


    @property
    def reconciles(self) -> bool:
        c = self.total
        return (c("considered") == c("ms") + c("potential") + c("tms")
                and c("ms") == c("dpt") + c("dptb") + c("dpk") == c("ms_l") + c("ms_p"))


def _area_board(*, election: Election, contests: list[Contest], facilities: list[Facility], counts: dict,
                held: dict, tps_rows: dict, ballot_rows: list[dict]) -> AreaBoard:
    width = 2 if len({f.location_id[:2] for f in facilities}) > 1 else 5
    regions: dict[str, RegionLine] = {}
    for item in facilities:
        code = item.location_id[:width]
        line = regions.get(code) or regions.setdefault(code, RegionLine(code=code, name=reference.name_of(code)))
        facility_counts = counts.get(item.pk, {})
        line.add(held=held.get(item.pk, 0), counts=facility_counts, tps_planned=len(tps_rows.get(item.pk, {})),
                 needed=rules.tps_needed(facility_counts.get("ms", 0), election.max_voters_per_tps))
    ballots = [BallotLine(c, 0, 0) for c in contests]
    for row in ballot_rows:  # the reserve is 2% of each TPS's DPT, rounded per TPS: added up TPS by TPS
        for line in ballots:
            pk = line.contest.pk
            line.voters += row[f"c_{pk}"]
            line.dpt += row[f"dpt_{pk}"]
            line.dpk += row[f"dpk_{pk}"]
            line.reserve += rules.reserve(row[f"dpt_{pk}"], election.reserve_percent)
    return AreaBoard(election=election, contests=contests, regions=[regions[code] for code in sorted(regions)],
                     ballots=ballots)


def dashboard(*, user, election: Election, facility: Facility | None = None, area: str | None = None,
              group_above: int | None = None) -> "Dashboard | AreaBoard":
    """Per facility and per TPS numbers for the user's area (narrowed to one facility or to a
    region code within it), in a fixed number of queries; an area of more than `group_above`
    facilities region by region instead (AreaBoard), its figures added up in the same queries."""
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
                .values("facility").annotate(n=Count("*")).order_by().values_list("facility", "n"))
    tps_rows = {}
    for row in (scope(user, Tps.objects.filter(election=election, facility_id__in=ids)).values("facility", "number", "capacity")
                .order_by("facility", "number")):
        tps_rows.setdefault(row["facility"], {})[row["number"]] = row["capacity"]
    ballot_list = _ballot_counts(base, contests)
    if group_above is not None and len(facilities) > group_above:
        return _area_board(election=election, contests=contests, facilities=facilities, counts=counts, held=held,
                           tps_rows=tps_rows, ballot_rows=ballot_list)
    ballot_rows: dict[int, list[dict]] = {}
    for row in ballot_list:
        ballot_rows.setdefault(row["facility"], []).append(row)
    reviews = {}
    for review in ListReview.objects.filter(election=election, facility_id__in=ids).order_by("facility", "-at", "-pk"):
        reviews.setdefault(review.facility_id, review)

    lines = []
    urls_of = _voter_list_urls(election, contests)
    for item in facilities:
        facility_counts = counts.get(item.pk, {})
        capacities = tps_rows.get(item.pk, {})
        tps_lines = []
        for row in ballot_rows.get(item.pk, []):
            ballots = [BallotLine(c, row[f"c_{c.pk}"], rules.reserve(row[f"dpt_{c.pk}"], election.reserve_percent),
                                  row[f"dpt_{c.pk}"], row[f"dpk_{c.pk}"]) for c in contests]
            tps_lines.append(TpsLine(row["tps__number"], row["voters"], capacities.get(row["tps__number"]), ballots))
        for number, capacity in capacities.items():  # planned TPS with nobody in them yet
            if not any(t.number == number for t in tps_lines):
                tps_lines.append(TpsLine(number, 0, capacity, [BallotLine(c, 0, 0) for c in contests]))
        tps_lines.sort(key=lambda t: (t.number is None, t.number or 0))
        totals = [_sum_lines(c, [t.ballots[i] for t in tps_lines]) for i, c in enumerate(contests)]
        urls = urls_of(item)
        lines.append(FacilityLine(
            facility=item, held=held.get(item.pk, 0), counts=facility_counts, tps_planned=len(capacities),
            tps_capacity=sum(capacities.values()),
            needed=rules.tps_needed(facility_counts.get("ms", 0), election.max_voters_per_tps),
            tps=tps_lines, ballots=totals, review=reviews.get(item.pk), urls=urls,
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
