"""From the registry to the rules: a `rules.Person` built from an `Inmate`, for every caller that asks
whether a WBP stay is a voter on some day.

The voter-list refresh (registration.services) asks for an election's voting day; PDPB (issue 14)
asks for the first and last day of a quarter. Both do the same three steps:

    stays = people.stays(Inmate.objects.filter(facility=facility, ...))   # the fields the rules read
    elsewhere = people.same_nik_elsewhere(stays=stays, facility=facility, start=day1, end=day2)  # 1 query
    person = people.person_of(inmate, elsewhere=elsewhere)
    rules.eligibility(person, day).is_voter                               # for any day in [day1, day2]

`stays` selects the destination stay of a transfer with the stay (one query in all);
`same_nik_elsewhere` reads, in one query, the other facilities' stays with the same NIK that are
held at some time between `start` and `end`, so "registered once" (UU 7/2017 Pasal 202) can be
decided for any day of that period.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from django.db.models import Q, QuerySet

from inmates import custody
from inmates.models import Facility, Inmate
from registration import rules

# What the rules read of a stay (and of the stay a transfer opened): pass to QuerySet.only().
PERSON_FIELDS = [
    "facility_id", "full_name", "nik", "nik_status", "citizenship", "birth_date", "marital_status",
    "tni_polri_status", "tni_polri_since", "revoked_right", "revoked_from", "revoked_until", "revocation_decision_date",
    "custody_state", "admitted_on", "expected_release", "left_on", "previous_stay_id", "home_region_id",
    "next_stay__custody_state", "next_stay__admitted_on", "next_stay__expected_release", "next_stay__left_on",
]


def stays(queryset: QuerySet[Inmate], also: Sequence[str] = ()) -> QuerySet[Inmate]:
    """The stays of `queryset` with what person_of needs (and the fields `also` names), the transfer's
    destination stay included."""
    return queryset.select_related("next_stay").only(*PERSON_FIELDS, *also)


def summary_of(inmate: Inmate) -> custody.Summary:
    return custody.Summary(inmate.custody_state, inmate.admitted_on, inmate.expected_release, inmate.left_on)


def held_between_q(start: date, end: date) -> Q:
    """Stays held on at least one day from `start` to `end` (the period form of inmates.selectors.held_on_q)."""
    return (Q(admitted_on__lte=end) & (Q(left_on__isnull=True) | Q(left_on__gte=start))
            & (Q(expected_release__isnull=True) | Q(expected_release__gte=start)))


def same_nik_elsewhere(*, stays: Iterable[Inmate], facility: Facility, start: date,
                       end: date) -> dict[str, tuple[rules.OtherStay, ...]]:
    """For each NIK of `stays`, the other facilities' stays with it held at some time from `start` to
    `end`, as the rules want them; one query (none without NIK)."""
    niks = {inmate.nik for inmate in stays if inmate.nik}
    if not niks:
        return {}
    rows = (
        Inmate.objects.filter(nik__in=niks).filter(held_between_q(start, end)).exclude(facility=facility)
        .values_list("nik", "pk", "facility__name", "custody_state", "admitted_on", "expected_release", "left_on")
        .order_by("nik", "pk")
    )
    result: dict[str, list[rules.OtherStay]] = {}
    for nik, pk, name, state, admitted, expected, left in rows:
        result.setdefault(nik, []).append(rules.OtherStay(pk, name, custody.Summary(state, admitted, expected, left)))
    return {nik: tuple(others) for nik, others in result.items()}


def person_of(inmate: Inmate, *, elsewhere: Mapping[str, Sequence[rules.OtherStay]] | None = None) -> rules.Person:
    """The rules' view of one stay (read through `stays`), with the same-NIK stays from `same_nik_elsewhere`."""
    next_stay = getattr(inmate, "next_stay", None)
    return rules.Person(
        citizenship=inmate.citizenship,
        birth_date=inmate.birth_date,
        marital_status=inmate.marital_status,
        nik=inmate.nik,
        nik_status=inmate.nik_status,
        custody=summary_of(inmate),
        stay_id=inmate.pk,
        previous_stay_id=inmate.previous_stay_id,
        next_stay_id=getattr(next_stay, "pk", None),
        next_custody=summary_of(next_stay) if next_stay is not None else None,
        tni_polri_status=inmate.tni_polri_status,
        tni_polri_since=inmate.tni_polri_since,
        revoked_right=inmate.revoked_right,
        revoked_from=inmate.revoked_from,
        revoked_until=inmate.revoked_until,
        revocation_decision_date=inmate.revocation_decision_date,
        same_nik_elsewhere=tuple((elsewhere or {}).get(inmate.nik, ())) if inmate.nik else (),
        home_region=inmate.home_region_id or "",
    )
