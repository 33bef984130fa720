"""Checks against other facilities' inmates: counted per user and day, throttled, every match shown logged.

Issue 12, "no oracle on other facilities' inmates". Facility staff must learn that a NIK is already
active at another facility (or that someone with the same name and birth date is), to avoid
registering one person twice; but a staff account must not become a way to ask, for tens of thousands
of people, whether and where each is held. So:

- A *check* is one person (a NIK, and a name with a birth date) that a user's request compares with
  the active stays of other facilities: a stay created, given a NIK it did not have, or given a new
  name or birth date, by the form, the admin or an import (the import: every row that would create a
  stay, or whose NIK is not held at this facility, or that renames its stay). The NIK is compared at
  once; the name with the birth date from then on by the "kemungkinan ganda" lists. Checks are
  counted per user and calendar day, each distinct one once: the same file checked again the same
  day (preview, confirm, list of problems) costs nothing more.
- `spend()` refuses, with CHECKS_EXCEEDED and counting nothing, a request that would take the user past
  settings.TPS_CROSS_CHECKS_PER_DAY; the form and the admin show the message, the import is refused as
  a whole. Admins and the server itself (accounts.access.SYSTEM) see every facility anyway and are not
  counted; "nobody in particular" (None) has nothing to count against.
- `log_nik_matches()` and `log_person_matches()` record every match shown to anyone (CrossFacilityMatch:
  who, which NIK or which name and birth date, which stay it matched, where it was shown, when), with
  one bulk insert. Only admins read the log (the Django admin).

Only a keyed digest of what was checked is kept for the count (CrossFacilityCheck), never the NIK.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of, stored_user
from inmates.models import ACTIVE_STATES, CrossFacilityCheck, CrossFacilityMatch, Inmate
from tps_khusus.bulk import in_values

CHECKS_EXCEEDED = _(
    "Batas pemeriksaan data ke Lapas/Rutan lain untuk akun Anda hari ini sudah tercapai: paling banyak %(limit)s "
    "NIK atau nama dengan tanggal lahir per hari, sudah terpakai %(used)s, dan ini memerlukan %(needed)s lagi. "
    "Tidak ada yang disimpan. Lanjutkan besok, atau minta admin mengerjakannya."
)

Where = CrossFacilityMatch.Where
Kind = CrossFacilityMatch.Kind
DIGEST_SALT = "inmates.crosscheck"


class ChecksExceeded(Exception):
    """The user's allowance for today would be passed; `message` says so (nothing was counted)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def counted(user) -> bool:
    """Whether `user`'s checks count against an allowance: everyone but admins, the server itself and nobody."""
    return stored_user(user) is not None and not area_of(user).is_admin


def spend(*, user, people: Iterable[tuple[str | None, str, date | None]]) -> None:
    """Count these checks, one per person (NIK or None, name, birth date), for `user` today, or refuse
    them all with ChecksExceeded.

    A fixed number of queries whatever the count: the user's row locked (one user's requests are
    counted one after another), earlier days forgotten, today's count and how many of these are
    already in it, one INSERT of the new ones. Runs in the caller's transaction, if any.
    """
    if not counted(user):
        return
    keys = {f"{nik or ''}|{' '.join((name or '').upper().split())}|{birth.isoformat() if birth else ''}"
            for nik, name, birth in people}
    if not keys:
        return
    digests = sorted(salted_hmac(DIGEST_SALT, key, algorithm="sha256").hexdigest() for key in keys)
    today = timezone.localdate()
    limit = settings.TPS_CROSS_CHECKS_PER_DAY
    with transaction.atomic():
        list(get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk", flat=True))
        CrossFacilityCheck.objects.filter(user=user, day__lt=today).delete()
        totals = CrossFacilityCheck.objects.filter(user=user, day=today).aggregate(
            used=Count("pk"), known=Count("pk", filter=Q(key__in=in_values(digests))))
        needed = len(digests) - totals["known"]
        if totals["used"] + needed > limit:
            raise ChecksExceeded(CHECKS_EXCEEDED % {
                "limit": _number(limit), "used": _number(totals["used"]), "needed": _number(needed)})
        if needed:
            _insert_new(user.pk, today, digests)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _insert_new(user_id: int, day: date, digests: list[str]) -> None:
    """One INSERT of today's new digests, whatever their number; those already counted are skipped."""
    quote = connection.ops.quote_name
    table = quote(CrossFacilityCheck._meta.db_table)
    columns = ", ".join(quote(column) for column in ("user_id", "day", "key"))
    if connection.vendor == "postgresql":
        select = "SELECT %s, %s, jsonb_array_elements_text(%s::jsonb)"
    elif connection.vendor == "sqlite":
        select = "SELECT %s, %s, value FROM json_each(%s) WHERE true"  # WHERE: SQLite's parser needs it here
    else:
        CrossFacilityCheck.objects.bulk_create(
            [CrossFacilityCheck(user_id=user_id, day=day, key=key) for key in digests], ignore_conflicts=True)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING",
                       [user_id, connection.ops.adapt_datefield_value(day), json.dumps(digests)])


# The log of matches shown -------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonMatch:
    """A stay here (`stay`) and an active stay elsewhere with the same name and birth date."""

    stay: Inmate
    matched_id: int
    matched_facility_id: int
    matched_register_number: str | None


def log_nik_matches(holders, *, user, where: str, facility_id: int) -> None:
    """Record that `user` was shown, at `facility_id`'s page or import, that each NIK of `holders`
    (inmates.selectors.NikHolder) is active at another facility. One INSERT; nothing when there are none."""
    now = timezone.now()
    who = stored_user(user)
    rows = [CrossFacilityMatch(
        shown_at=now, user=who, where=where, kind=Kind.NIK, nik=holder.nik, facility_id=facility_id,
        matched_stay_id=holder.inmate_id, matched_facility_id=holder.facility_id,
        matched_register_number=holder.register_number or "", disclosed=holder.disclosed,
    ) for holder in holders if holder.facility_id != facility_id]
    if rows:
        CrossFacilityMatch.objects.bulk_create(rows, batch_size=500)


def log_person_matches(matches: Iterable[PersonMatch], *, user, where: str, disclosed: bool) -> None:
    """Record that `user` was shown each stay's possible duplicate elsewhere (`disclosed`: the page named
    the other facility). One INSERT; nothing when there are none."""
    now = timezone.now()
    who = stored_user(user)
    rows = [CrossFacilityMatch(
        shown_at=now, user=who, where=where, kind=Kind.PERSON, full_name=match.stay.full_name[:120],
        birth_date=match.stay.birth_date, facility_id=match.stay.facility_id, matched_stay_id=match.matched_id,
        matched_facility_id=match.matched_facility_id,
        matched_register_number=match.matched_register_number or "", disclosed=disclosed,
    ) for match in matches]
    if rows:
        CrossFacilityMatch.objects.bulk_create(rows, batch_size=500)


def possible_duplicates(stays: Iterable[Inmate]) -> list[PersonMatch]:
    """The active stays at other facilities with the same name and birth date as each of `stays` (the
    rule of inmates.selectors' "kemungkinan ganda"), in one query."""
    stays = list(stays)
    if not stays:
        return []
    by_key: dict[tuple[str, date], list[Inmate]] = {}
    for stay in stays:
        by_key.setdefault((stay.full_name.upper(), stay.birth_date), []).append(stay)
    births = sorted({birth.isoformat() for _name, birth in by_key})
    others = (Inmate.objects.filter(custody_state__in=ACTIVE_STATES, birth_date__in=_dates(births))
              .annotate(upper_name=Upper("full_name"))
              .filter(upper_name__in=in_values(sorted({name for name, _birth in by_key})))
              .order_by("pk").values_list("pk", "facility_id", "register_number", "full_name", "birth_date"))
    found = []
    for pk, facility_id, register_number, full_name, birth_date in others:
        for stay in by_key.get((full_name.upper(), birth_date), []):
            if stay.facility_id != facility_id:
                found.append(PersonMatch(stay, pk, facility_id, register_number))
    return found


def _dates(values: list[str]):
    """`date_field__in` for many ISO dates as one parameter (tps_khusus.bulk.in_values, typed for PostgreSQL)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT (jsonb_array_elements_text(%s::jsonb))::date", [json.dumps(values)])
    return in_values(values)


def log_possible_duplicates(stays: Iterable[Inmate], *, user, where: str) -> None:
    """Log the matches behind stays a page shows as "kemungkinan ganda" (without naming the other facility)."""
    log_person_matches(possible_duplicates(stays), user=user, where=where, disclosed=False)
