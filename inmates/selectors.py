"""Reads of the registry that feed pages and exports. Every one starts from the user's scope."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.access import area_of, scope
from inmates.messages import NIK_ACTIVE_AT, NIK_ACTIVE_ELSEWHERE, NIK_USED_HERE
from inmates.models import ACTIVE_STATES, CustodyEvent, CustodyState, Facility, ImportRecord, Inmate, NikStatus
from tps_khusus.bulk import in_values
from tps_khusus.dates import long_date
from tps_khusus.numbers import as_id, is_digits

SORTABLE = {
    "register": "register_number",
    "name": "full_name",
    "nik": "nik",
    "birth": "birth_date",
    "status": "detention_status",
    "nik_status": "nik_status",
    "admitted": "admitted_on",
    "release": "expected_release",
}


def facilities_for(user) -> QuerySet[Facility]:
    return scope(user, Facility.objects.select_related("location__parent__parent__parent"))


def held_on_q(day: date, prefix: str = "") -> Q:
    """SQL twin of inmates.custody.held_on (tests keep the two in agreement)."""
    p = prefix
    return (
        Q(**{f"{p}admitted_on__lte": day})
        & (Q(**{f"{p}left_on__isnull": True}) | Q(**{f"{p}left_on__gte": day}))
        & (Q(**{f"{p}expected_release__isnull": True}) | Q(**{f"{p}expected_release__gte": day}))
    )


def _possible_duplicate() -> Exists:
    """Someone with the same name and birth date is active at another facility."""
    return Exists(
        Inmate.objects.filter(
            birth_date=OuterRef("birth_date"),
            custody_state__in=ACTIVE_STATES,
        )
        .annotate(upper_name=Upper("full_name"))
        .filter(upper_name=Upper(OuterRef("full_name")))
        .exclude(facility=OuterRef("facility"))
    )


def nik_problem_q() -> Q:
    return Q(nik_status=NikStatus.UNVERIFIED) | Q(nik_mismatch_confirmed=True)


def no_nik_q() -> Q:
    return Q(nik__isnull=True)


def release_missing_q() -> Q:
    return Q(custody_state=CustodyState.HELD, expected_release__isnull=True)


def overdue_release_q(today: date) -> Q:
    return Q(custody_state=CustodyState.HELD, expected_release__lt=today)


def needs_action_q(today: date) -> Q:
    """Any reason to be on "Perlu tindakan"."""
    return no_nik_q() | nik_problem_q() | release_missing_q() | overdue_release_q(today) | Q(_possible_duplicate())


# Who holds a NIK: one rule for the form, the admin and the import -----------------------------

@dataclass(frozen=True)
class NikHolder:
    """The active stay holding a NIK, and whether the user who asked may be told where it is."""

    nik: str
    inmate_id: int
    facility_id: int
    facility_name: str
    register_number: str | None
    disclosed: bool  # the user may be told the facility and its register number


def active_nik_holders(*, niks: Iterable[str], user, exclude_facility_id: int | None = None,
                       exclude_inmate_ids: Iterable[int] = ()) -> dict[str, NikHolder]:
    """The held or incoming stays holding any of these NIK (the database allows one each), by NIK.

    What `user` may be told about another facility (issue 12, "no oracle on other facilities'
    inmates"): facility staff never learn which facility it is, even one in their scope; KPU
    learn it when the facility lies in their area; admins and the server itself (SYSTEM) always;
    None, or a user without a role, nothing. One query for any number of NIK; when some are
    held, the user's area (read once per user) and, for KPU, one query for which of those
    facilities lie in it.
    """
    wanted = sorted({nik for nik in niks if nik})
    if not wanted:
        return {}
    stays = Inmate.objects.filter(nik__in=in_values(wanted), custody_state__in=ACTIVE_STATES)
    if exclude_facility_id is not None:
        stays = stays.exclude(facility_id=exclude_facility_id)
    excluded = [pk for pk in exclude_inmate_ids if pk is not None]
    if excluded:
        stays = stays.exclude(pk__in=excluded)
    rows = list(stays.values_list("nik", "pk", "facility_id", "facility__name", "register_number"))
    if not rows:
        return {}
    told = _facilities_told(user, {facility_id for _nik, _pk, facility_id, _name, _register in rows})
    return {
        nik: NikHolder(nik=nik, inmate_id=pk, facility_id=facility_id, facility_name=name, register_number=register,
                       disclosed=facility_id in told)
        for nik, pk, facility_id, name, register in rows
    }


def _facilities_told(user, facility_ids: set[int]) -> set[int]:
    """Which of these facilities `user` may be told holds a NIK (see active_nik_holders)."""
    area = area_of(user)
    if area.is_admin:
        return facility_ids
    if area.is_kpu:
        return set(scope(user, Facility.objects.filter(pk__in=facility_ids)).values_list("pk", flat=True))
    return set()


def nik_holder_message(holder: NikHolder, *, facility_id: int) -> str:
    """Why the NIK cannot be active at `facility_id` as well: the message the form, the admin and the
    import show, naming the holder's facility only when the holder says the user may be told."""
    if holder.facility_id == facility_id:
        return str(NIK_USED_HERE % {"register": holder.register_number or "-"})
    if holder.disclosed:
        return str(NIK_ACTIVE_AT % {"facility": holder.facility_name, "register": holder.register_number or "-"})
    return str(NIK_ACTIVE_ELSEWHERE)


@dataclass
class InmateFilters:
    query: str = ""
    detention_status: str = ""
    nik_status: str = ""
    custody: str = ""  # "held", "left", "incoming", or "" for active
    problems: bool = False
    held_on: date | None = None  # still held on this day (expected releases included)
    left_since: date | None = None  # released, transferred or died on or after this day
    sort: str = "register"
    descending: bool = False


def inmate_list(*, user, facility: Facility, filters: InmateFilters, today: date) -> QuerySet[Inmate]:
    inmates = scope(user, Inmate.objects.filter(facility=facility))
    text = filters.query.strip()
    if text:
        digits = text.replace(" ", "").replace(".", "").replace("-", "")
        condition = Q(full_name__icontains=text) | Q(register_number__icontains=text)
        if is_digits(digits) and len(digits) == 16:  # a whole NIK: equality, which the NIK index answers
            condition |= Q(nik=digits)
        elif is_digits(digits):
            condition |= Q(nik__startswith=digits) | Q(nik__endswith=digits)
        inmates = inmates.filter(condition)
    if filters.detention_status:
        inmates = inmates.filter(detention_status=filters.detention_status)
    if filters.nik_status:
        inmates = inmates.filter(nik_status=filters.nik_status)
    if filters.held_on or filters.left_since:
        # A date question looks at every stay, whatever the custody filter says about today.
        if filters.held_on:
            inmates = inmates.filter(held_on_q(filters.held_on))
        if filters.left_since:
            inmates = inmates.filter(left_on__gte=filters.left_since)
    elif filters.custody == "held":
        inmates = inmates.filter(custody_state=CustodyState.HELD)
    elif filters.custody == "left":
        inmates = inmates.exclude(custody_state__in=ACTIVE_STATES)
    elif filters.custody == "incoming":
        inmates = inmates.filter(custody_state=CustodyState.INCOMING)
    elif filters.custody != "all":
        inmates = inmates.filter(custody_state=CustodyState.HELD)
    if filters.problems:
        inmates = inmates.filter(needs_action_q(today)).annotate(possible_duplicate=_possible_duplicate())
    order = SORTABLE.get(filters.sort, "register_number")
    return inmates.order_by(f"-{order}" if filters.descending else order, "pk")


NEEDS_ACTION_GROUPS = ("no_nik", "nik_problems", "duplicates", "release_missing", "overdue_release")
NEEDS_ACTION_SHOWN = 100  # people shown per group on the page; a group's own page lists the rest, 100 a page


def _needs_action_conditions(today: date) -> dict[str, Q]:
    return {
        "no_nik": no_nik_q(),
        "nik_problems": nik_problem_q(),
        "duplicates": Q(_possible_duplicate()),
        "release_missing": release_missing_q(),
        "overdue_release": overdue_release_q(today),
    }


@dataclass
class NeedsActionGroup:
    key: str
    count: int  # everyone in the group
    people: QuerySet[Inmate]  # the whole group, by register number: slice or paginate it

    @property
    def first(self) -> list[Inmate]:
        return list(self.people[:NEEDS_ACTION_SHOWN])


@dataclass
class NeedsAction:
    total: int  # each person once, whatever the number of groups they are in
    groups: list[NeedsActionGroup]

    def group(self, key: str) -> NeedsActionGroup:
        return next(group for group in self.groups if group.key == key)


def needs_action(*, user, facility: Facility, today: date) -> NeedsAction:
    """The active stays at `facility` with something to fix, by reason: every group's size and the
    total in one query; each group's people as a queryset (a large Lapas may list thousands, so the
    page shows the first NEEDS_ACTION_SHOWN of each and pages through one group on request)."""
    active = scope(user, Inmate.objects.filter(facility=facility, custody_state__in=ACTIVE_STATES))
    conditions = _needs_action_conditions(today)
    counts = active.aggregate(total=Count("pk", filter=needs_action_q(today)),
                              **{key: Count("pk", filter=condition) for key, condition in conditions.items()})
    people = active.order_by("register_number", "pk")
    return NeedsAction(total=counts["total"], groups=[
        NeedsActionGroup(key=key, count=counts[key], people=people.filter(condition))
        for key, condition in conditions.items()])


def needs_action_count(*, user, facility: Facility, today: date) -> int:
    """How many active WBP appear on "Perlu tindakan" (each once), in one query."""
    return scope(user, Inmate.objects.filter(facility=facility, custody_state__in=ACTIVE_STATES)).filter(
        needs_action_q(today)).count()


def duplicate_matches(*, inmate: Inmate, user) -> list[Inmate]:
    """Active people elsewhere with the same name and birth date, limited to what the user may see."""
    return list(
        scope(user, Inmate.objects.filter(birth_date=inmate.birth_date, custody_state__in=ACTIVE_STATES))
        .annotate(upper_name=Upper("full_name"))
        .filter(upper_name=inmate.full_name.upper())
        .exclude(facility=inmate.facility_id)
        .select_related("facility")
    )


def inmate_timeline(inmate: Inmate) -> list[CustodyEvent]:
    """Events of this stay and of the stays it came from, oldest first: history travels along."""
    stays = []
    stay = inmate
    while stay is not None and len(stays) < 50:
        stays.append(stay.pk)
        stay = stay.previous_stay
    return list(
        CustodyEvent.objects.filter(inmate_id__in=stays)
        .select_related("inmate__facility", "destination", "recorded_by")
        .order_by("date", "recorded_at", "pk")
    )


def inmates_by_ids(*, user, facility: Facility, ids: list[str]) -> list[Inmate]:
    valid = [number for number in map(as_id, ids) if number is not None]
    return list(scope(user, Inmate.objects.filter(facility=facility, pk__in=valid)))


def verifiable(*, user, facility: Facility, ids: list[str]) -> QuerySet[Inmate]:
    """Of the chosen stays, those bulk verification would change (services.nik_verify_many's filter),
    by name: what its confirmation counts and names."""
    valid = [number for number in map(as_id, ids) if number is not None]
    return scope(user, Inmate.objects.filter(
        facility=facility, pk__in=valid, nik__isnull=False, nik_status=NikStatus.UNVERIFIED,
        custody_state__in=ACTIVE_STATES)).order_by("full_name", "pk")


def pending_transfer(*, inmate: Inmate) -> Inmate | None:
    """The incoming stay a transfer opened at its destination, with that facility (the caller scoped
    the origin); None when there is none."""
    return Inmate.objects.filter(previous_stay=inmate).select_related("facility").first()


def incoming_for(*, user, facility: Facility) -> QuerySet[Inmate]:
    return scope(user, Inmate.objects.filter(facility=facility, custody_state=CustodyState.INCOMING)).select_related(
        "previous_stay__facility"
    )


def cancelled_arrival(*, user, pk: int) -> Facility | None:
    """The facility (in the user's area) where stay `pk` was waiting to arrive, when its transfer has
    been cancelled since (the incoming stay is deleted; its history keeps the deletion)."""
    facility_id = (Inmate.history.filter(id=pk, history_type="-", custody_state=CustodyState.INCOMING)
                   .values_list("facility_id", flat=True).first())
    if facility_id is None:
        return None
    return scope(user, Facility.objects.filter(pk=facility_id)).first()


def facility_overview(user) -> QuerySet[Facility]:
    """Facilities in the user's area with their headline counts, in one query."""
    return facilities_for(user).annotate(
        held=Count("inmates", filter=Q(inmates__custody_state=CustodyState.HELD)),
        without_nik=Count("inmates", filter=Q(inmates__custody_state=CustodyState.HELD, inmates__nik__isnull=True)),
        incoming=Count("inmates", filter=Q(inmates__custody_state=CustodyState.INCOMING)),
    )


@dataclass
class Change:
    when: object
    who: str
    kind: str
    fields: list[tuple[str, object, object]]


# History reads in words: the field as officers call it, choices by their label, dates in Indonesian.
HISTORY_LABELS = {"custody_state": _lazy("status penahanan")}


def _field_label(name: str) -> str:
    return str(HISTORY_LABELS.get(name) or Inmate._meta.get_field(name).verbose_name)


def _in_words(name: str, value) -> str:
    if value is None or value == "":
        return ""
    field = Inmate._meta.get_field(name)
    if field.choices:
        label = str(dict(field.flatchoices).get(value, value))
        return label[:1].lower() + label[1:] if label[1:2].islower() else label
    if isinstance(value, bool):
        return str(_("ya") if value else _("tidak"))
    if isinstance(value, date):
        return long_date(value)
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def change_log(inmate: Inmate, limit: int = 30) -> list[Change]:
    """Who changed which field of this stay, and when, newest first (from django-simple-history)."""
    records = list(inmate.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    log = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        if len(log) == limit:
            break
        fields = []
        if older is not None:
            delta = newer.diff_against(older, excluded_fields=["updated_at", "created_at"])
            fields = [(_field_label(c.field), _in_words(c.field, c.old), _in_words(c.field, c.new))
                      for c in delta.changes]
        who = newer.history_user.get_username() if newer.history_user else str(_("sistem"))
        log.append(Change(when=newer.history_date, who=who, kind=newer.get_history_type_display(), fields=fields))
    return log


# Import history and the lists facilities send on ----------------------------------------------

def import_history(*, user, facility: Facility) -> QuerySet[ImportRecord]:
    return scope(user, ImportRecord.objects.filter(facility=facility)).select_related("user")


NO_NIK_PENDING = [NikStatus.NONE, NikStatus.NOT_FOUND]


def without_nik(*, user, facility: Facility, status: str = "belum") -> QuerySet[Inmate]:
    """WBP held here without a NIK, for Dispendukcapil's perekaman.

    status "belum": not yet submitted (no NIK, or not found and to be tried again); "diajukan":
    submitted and waiting; anything else: all of them.
    """
    inmates = scope(user, Inmate.objects.filter(facility=facility, custody_state=CustodyState.HELD, nik__isnull=True))
    if status == "belum":
        inmates = inmates.filter(nik_status__in=NO_NIK_PENDING)
    elif status == "diajukan":
        inmates = inmates.filter(nik_status=NikStatus.SUBMITTED)
    return inmates.order_by("full_name", "pk")  # region names come from regions.reference


def leaving_before(*, user, facility: Facility, day: date) -> QuerySet[Inmate]:
    """WBP held here now whose expected release (tanggal ekspirasi) falls before `day`.

    They will be home on voting day, so KPU returns them to the TPS of their KTP-el address.
    Same reading as custody.leaves_before for a person still held.
    """
    return (
        scope(user, Inmate.objects.filter(facility=facility, custody_state=CustodyState.HELD, expected_release__lt=day))
        .order_by("expected_release", "full_name", "pk")
    )
