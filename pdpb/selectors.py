"""A facility's PDPB period, computed from the registry (or read from its locked copy).

For a quarter and a set of facilities, in a fixed number of queries whatever their size:

- AWAL: the voters on the previous quarter's last day (or that period's locked AKHIR);
- AKHIR: the voters on the quarter's last day (today, for the current quarter);
- BERTAMBAH = AKHIR - AWAL and BERKURANG = AWAL - AKHIR, as sets of stays, each with one reason,

so AWAL + BERTAMBAH - BERKURANG = AKHIR holds by construction, and a period's AWAL is the previous
period's AKHIR (the same computation on the same day, or its locked copy). A voter is a stay that
`rules.eligibility(person, day).is_voter` (eligible, with a verified NIK), the person built by
registration.people. What the registry says about NIK, marital status, TNI/Polri and court decisions
on a day is read from the stay's history (django-simple-history) as it stood at the end of that day;
a stay whose first record is later than the day is taken as first recorded. PERBAIKAN: voters in
both sets whose identity or address changed in the quarter (the same history).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import scope
from inmates import custody
from inmates.models import Facility, Inmate, MaritalStatus
from pdpb.models import PdpbEntry, PdpbPeriod, Reason
from pdpb.quarters import Quarter
from registration import people, rules

EXTRA_FIELDS = ["register_number", "nkk", "sex", "birth_place", "address", "rt", "rw",
                "next_stay__facility__name"]
# What may differ on a day from today's row (read from the history): the eligibility-relevant values.
DATED_FIELDS = ["nik", "nik_status", "birth_date", "marital_status", "citizenship", "tni_polri_status",
                "tni_polri_since", "revoked_right", "revoked_from", "revoked_until", "revocation_decision_date"]
# A change of one of these in the quarter is a perbaikan (identity or address corrected).
IDENTITY_FIELDS = {
    "full_name": gettext_lazy("nama"), "nik": gettext_lazy("NIK"), "nkk": gettext_lazy("NKK"),
    "birth_place": gettext_lazy("tempat lahir"), "birth_date": gettext_lazy("tanggal lahir"),
    "sex": gettext_lazy("jenis kelamin"), "address": gettext_lazy("alamat"), "rt": gettext_lazy("RT"),
    "rw": gettext_lazy("RW"), "home_region_id": gettext_lazy("desa/kelurahan KTP-el"),
}
TMS_REASONS = {rules.TNI_POLRI.code: Reason.TNI_POLRI, rules.REVOKED.code: Reason.REVOKED,
               rules.DUPLICATE.code: Reason.DUPLICATE, rules.NOT_CITIZEN.code: Reason.NOT_CITIZEN}


@dataclass(frozen=True)
class Voter:
    stay_id: int
    register_number: str
    nik: str
    nkk: str
    full_name: str
    birth_place: str
    birth_date: date
    sex: str
    address: str
    rt: str
    rw: str
    home_region_code: str

    @classmethod
    def of_stay(cls, inmate: Inmate) -> "Voter":
        return cls(inmate.pk, inmate.register_number or "", inmate.nik or "", inmate.nkk, inmate.full_name,
                   inmate.birth_place, inmate.birth_date, inmate.sex, inmate.address, inmate.rt, inmate.rw,
                   inmate.home_region_id)

    @classmethod
    def of_entry(cls, entry: PdpbEntry) -> "Voter":
        return cls(entry.stay_id, entry.register_number, entry.nik, entry.nkk, entry.full_name, entry.birth_place,
                   entry.birth_date, entry.sex, entry.address, entry.rt, entry.rw, entry.home_region_code)


@dataclass(frozen=True)
class Mutation:
    voter: Voter
    side: str  # PdpbEntry.Side
    reason: str  # Reason
    detail: str = ""

    @property
    def reason_label(self) -> str:
        return Reason(self.reason).label


@dataclass
class FacilityPeriod:
    facility: Facility
    quarter: Quarter
    as_of: date
    start_count: int
    end: list[Voter]
    added: list[Mutation]
    removed: list[Mutation]
    corrected: list[Mutation]
    period: PdpbPeriod | None = None  # the stored row (status, note), if any
    potential: int = 0  # held at the end, eligible but for NIK (perekaman/verification)
    start_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def status(self) -> str:
        return self.period.status if self.period else PdpbPeriod.Status.DRAFT

    @property
    def status_label(self) -> str:
        return PdpbPeriod.Status(self.status).label

    @property
    def locked(self) -> bool:
        return self.status == PdpbPeriod.Status.LOCKED

    @property
    def end_count(self) -> int:
        return len(self.end)

    def reasons(self, side: str) -> Counter:
        return Counter(m.reason for m in (self.added if side == PdpbEntry.Side.ADDED else self.removed))

    def sex_counts(self) -> Counter:
        return Counter(v.sex for v in self.end)

    def adds_up(self) -> bool:
        return self.start_count + len(self.added) - len(self.removed) == self.end_count


@lru_cache(maxsize=64)
def _end_of(day: date) -> datetime:
    """The end of `day` in the site's time zone (asked for every stay of a recap: a few days, often)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class _History:
    """Each stay's history rows in the order they were written, to read its values as they stood on a day.

    The row in force at the end of a day is the last one written with a time before then; a stay whose
    rows are all later is read as first recorded. Rows are taken in the order written (history_id), not
    by their time, so a row dated back (an import of older data, the demo's story) still reads right."""

    def __init__(self, facility_ids: Iterable[int], until: date):
        model = Inmate.history.model
        rows = (model.objects.filter(facility_id__in=list(facility_ids))
                .order_by("id", "history_id")
                .values("id", "history_date", "history_type", *DATED_FIELDS, *IDENTITY_FIELDS))
        self.rows: dict[int, list[dict]] = defaultdict(list)
        for row in rows:
            self.rows[row["id"]].append(row)

    def on(self, stay_id: int, day: date) -> dict | None:
        rows = self.rows.get(stay_id)
        if not rows:
            return None
        limit, found = _end_of(day), rows[0]
        for row in rows:
            if row["history_date"] < limit:
                found = row
        return found

    def corrections(self, stay_id: int, after: date, until: date) -> list[str]:
        """The identity fields changed after `after` up to `until` (their labels)."""
        rows, changed = self.rows.get(stay_id, []), []
        begin, end = _end_of(after), _end_of(until)
        for before, row in zip(rows, rows[1:], strict=False):
            if row["history_type"] == "~" and begin <= row["history_date"] < end:
                changed += [str(label) for name, label in IDENTITY_FIELDS.items()
                            if before[name] != row[name] and str(label) not in changed]
        return changed


def _person_on(person: rules.Person, row: dict | None) -> rules.Person:
    if row is None:
        return person
    return replace(person, nik=row["nik"], nik_status=row["nik_status"], birth_date=row["birth_date"],
                   marital_status=row["marital_status"], citizenship=row["citizenship"],
                   tni_polri_status=row["tni_polri_status"], tni_polri_since=row["tni_polri_since"],
                   revoked_right=row["revoked_right"], revoked_from=row["revoked_from"],
                   revoked_until=row["revoked_until"], revocation_decision_date=row["revocation_decision_date"])


def _elsewhere(stays: Sequence[Inmate], start: date, end: date) -> dict[str, list[tuple[int, rules.OtherStay]]]:
    """people.same_nik_elsewhere for many facilities at once: every stay with one of these NIK held in the
    window, with its facility (each facility drops its own). One query."""
    niks = {inmate.nik for inmate in stays if inmate.nik}
    if not niks:
        return {}
    rows = (Inmate.objects.filter(nik__in=niks).filter(people.held_between_q(start, end))
            .values_list("nik", "pk", "facility_id", "facility__name", "custody_state", "admitted_on",
                         "expected_release", "left_on").order_by("nik", "pk"))
    result: dict[str, list[tuple[int, rules.OtherStay]]] = defaultdict(list)
    for nik, pk, facility_id, name, state, admitted, expected, left in rows:
        result[nik].append((facility_id, rules.OtherStay(pk, name, custody.Summary(state, admitted, expected, left))))
    return result


def _added_reason(person: rules.Person, verdict: rules.Eligibility, end: date) -> tuple[str, str]:
    codes = verdict.codes
    if verdict.is_voter:
        return Reason.LATE_RECORD, ""
    if rules.NOT_YET_ADMITTED.code in codes:
        return (Reason.TRANSFERRED_IN, "") if person.previous_stay_id else (Reason.ADMITTED, "")
    if rules.UNDERAGE.code in codes:
        grown = rules.old_enough(person.birth_date, MaritalStatus.NEVER, end)
        return (Reason.TURNED_17, "") if grown else (Reason.MARRIED, "")
    lifted = [rules.REASONS[c].label for c in codes if c in TMS_REASONS]
    if lifted:
        return Reason.TMS_LIFTED, ", ".join(str(label) for label in lifted)
    if rules.NO_NIK.code in codes or rules.NIK_UNVERIFIED.code in codes:
        return Reason.NIK, ""
    return Reason.OTHER, ", ".join(str(r.label) for r in verdict.reasons)


def _removed_reason(inmate: Inmate | None, verdict: rules.Eligibility | None) -> tuple[str, str]:
    if inmate is None or verdict is None:
        return Reason.REMOVED, ""
    codes = verdict.codes
    if rules.TRANSFERRED.code in codes:
        destination = getattr(getattr(getattr(inmate, "next_stay", None), "facility", None), "name", "")
        return Reason.TRANSFERRED_OUT, (_("ke %(facility)s") % {"facility": destination}) if destination else ""
    if rules.DIED.code in codes:
        return Reason.DIED, ""
    if rules.LEFT.code in codes:
        return Reason.RELEASED, _("tetap pemilih di alamat KTP-el")
    for code in codes:
        if code in TMS_REASONS:
            return TMS_REASONS[code], ""
    if rules.NO_NIK.code in codes or rules.NIK_UNVERIFIED.code in codes:
        return Reason.NIK_LOST, ""
    return Reason.OTHER, ", ".join(str(r.label) for r in verdict.reasons)


def _stored(row: PdpbPeriod, facility: Facility, quarter: Quarter) -> FacilityPeriod:
    entries = {side: [] for side in PdpbEntry.Side.values}
    for entry in row.entries.all():
        entries[entry.side].append(entry)
    mutations = {side: [Mutation(Voter.of_entry(e), side, e.reason, e.detail) for e in rows]
                 for side, rows in entries.items()}
    return FacilityPeriod(facility=facility, quarter=quarter, as_of=row.as_of, start_count=row.start_count,
                          end=[Voter.of_entry(e) for e in entries[PdpbEntry.Side.END]],
                          added=mutations[PdpbEntry.Side.ADDED], removed=mutations[PdpbEntry.Side.REMOVED],
                          corrected=mutations[PdpbEntry.Side.CORRECTED], period=row)


def compute(*, facilities: Sequence[Facility], quarter: Quarter, today: date) -> list[FacilityPeriod]:
    """Each facility's period (in the order given): its locked copy, or computed from the registry as
    of the quarter's last day (today for the current quarter). Seven queries at most, for any number of
    facilities and stays."""
    if not facilities:
        return []
    if not quarter.started_by(today):
        raise ValueError("quarter in the future")
    as_of, before = quarter.as_of(today), quarter.previous.end
    by_id = {f.pk: f for f in facilities}
    rows = {(p.facility_id, p.year, p.quarter): p for p in PdpbPeriod.objects.filter(
        facility__in=list(by_id), year__in={quarter.year, quarter.previous.year},
        quarter__in={quarter.number, quarter.previous.number})}
    current = {fid: rows.get((fid, quarter.year, quarter.number)) for fid in by_id}
    locked_now = {fid for fid, row in current.items() if row is not None and row.is_locked}
    result: dict[int, FacilityPeriod] = {}
    if locked_now:
        for row in PdpbPeriod.objects.filter(pk__in=[current[fid].pk for fid in locked_now]).prefetch_related("entries"):
            result[row.facility_id] = _stored(row, by_id[row.facility_id], quarter)
    live = [fid for fid in by_id if fid not in locked_now]
    if live:
        result.update(_compute_live(live, by_id, current, rows, quarter, as_of, before))
    return [result[f.pk] for f in facilities]


def _compute_live(live, by_id, current, rows, quarter, as_of, before) -> dict[int, FacilityPeriod]:
    previous = quarter.previous
    start_locked: dict[int, set[int]] = {}
    locked_prev = [rows[(fid, previous.year, previous.number)].pk for fid in live
                   if (p := rows.get((fid, previous.year, previous.number))) is not None and p.is_locked]
    if locked_prev:
        for fid, stay_id in PdpbEntry.objects.filter(
                period_id__in=locked_prev, side=PdpbEntry.Side.END).values_list("period__facility_id",
                                                                                 "stay_id"):
            start_locked.setdefault(fid, set()).add(stay_id)
    wanted = set().union(*start_locked.values()) if start_locked else set()
    stays = list(people.stays(Inmate.objects.filter(facility_id__in=live).filter(
        people.held_between_q(before, as_of) | Q(pk__in=wanted))).select_related("next_stay__facility")
        .only(*people.PERSON_FIELDS, *EXTRA_FIELDS))
    elsewhere = _elsewhere(stays, before, as_of)
    history = _History(live, as_of)
    grouped: dict[int, list[Inmate]] = defaultdict(list)
    for inmate in stays:
        grouped[inmate.facility_id].append(inmate)
    result = {}
    for fid in live:
        own = grouped.get(fid, [])
        at_start, at_end, verdicts, persons, potential = set(), set(), {}, {}, 0
        by_stay = {inmate.pk: inmate for inmate in own}
        others = {nik: tuple(o for f, o in items if f != fid) for nik, items in elsewhere.items()}
        for inmate in own:
            base = people.person_of(inmate, elsewhere=others)
            first = rules.eligibility(_person_on(base, history.on(inmate.pk, before)), before)
            last_person = _person_on(base, history.on(inmate.pk, as_of))
            last = rules.eligibility(last_person, as_of)
            verdicts[inmate.pk] = (first, last)
            persons[inmate.pk] = last_person
            if first.is_voter:
                at_start.add(inmate.pk)
            if last.is_voter:
                at_end.add(inmate.pk)
            elif last.status == rules.POTENTIAL:
                potential += 1
        if fid in start_locked:
            at_start = start_locked[fid]
        added = [Mutation(Voter.of_stay(by_stay[pk]), PdpbEntry.Side.ADDED,
                          *_added_reason(persons[pk], verdicts[pk][0], as_of)) for pk in at_end - at_start]
        removed = [Mutation(Voter.of_stay(by_stay[pk]) if pk in by_stay else _gone(pk), PdpbEntry.Side.REMOVED,
                            *_removed_reason(by_stay.get(pk), verdicts.get(pk, (None, None))[1]))
                   for pk in at_start - at_end]
        corrected = []
        for pk in at_start & at_end:
            changed = history.corrections(pk, before, as_of)
            if changed:
                corrected.append(Mutation(Voter.of_stay(by_stay[pk]), PdpbEntry.Side.CORRECTED, Reason.CORRECTED,
                                          ", ".join(changed)))
        order = _order
        result[fid] = FacilityPeriod(
            facility=by_id[fid], quarter=quarter, as_of=as_of, start_count=len(at_start),
            end=sorted((Voter.of_stay(by_stay[pk]) for pk in at_end), key=_voter_order),
            added=sorted(added, key=order), removed=sorted(removed, key=order), corrected=sorted(corrected, key=order),
            period=current.get(fid), potential=potential, start_ids=frozenset(at_start))
    return result


def _gone(stay_id: int) -> Voter:
    """A stay on the previous locked period that the registry no longer has."""
    return Voter(stay_id, "", "", "", _("(dihapus dari register)"), "", date.min, "", "", "", "", "")


def _voter_order(voter: Voter):
    return (voter.full_name, voter.stay_id)


def _order(mutation: Mutation):
    return (mutation.reason, mutation.voter.full_name, mutation.voter.stay_id)


# Pages ------------------------------------------------------------------------------------------

def facilities_for(*, user, code: str | None = None) -> list[Facility]:
    """The facilities of the user's area (narrowed to a region code), with their location names."""
    queryset = scope(user, Facility.objects.select_related("location__parent__parent__parent"))
    if code:
        queryset = queryset.filter(Q(location__code=code) | Q(location__code__startswith=f"{code}."))
    return list(queryset.order_by("name"))


def periods_of(*, facility: Facility) -> dict[tuple[int, int], PdpbPeriod]:
    return {(p.year, p.quarter): p for p in PdpbPeriod.objects.filter(facility=facility)}
