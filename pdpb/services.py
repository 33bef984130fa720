"""PDPB workflow: the facility's staff submit a quarter to the KPU kab/kota of its location, KPU returns
it with a note or locks it (a copy of its voters and mutations). One transaction each."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import stored_user
from inmates.models import Facility
from pdpb import selectors
from pdpb.models import PdpbEntry, PdpbPeriod, PdpbReview, Reason
from pdpb.quarters import Quarter

NOT_STARTED = _("%(period)s belum dimulai.")
ALREADY_SUBMITTED = _("%(period)s sudah diajukan ke KPU dan menunggu tinjauan.")
ALREADY_LOCKED = _("%(period)s sudah dikunci KPU; tidak dapat diubah lagi.")
NOTHING_TO_RETURN = _("%(period)s tidak sedang diajukan, jadi tidak dapat dikembalikan.")
RETURN_NOTE_REQUIRED = _("Tulis apa yang harus diperbaiki Lapas/Rutan.")
CONFIRM_MISMATCH = _("Ketik %(label)s persis untuk mengunci periode ini.")
PREVIOUS_NOT_LOCKED = _("Kunci dulu %(period)s: pemilih awal periode ini adalah pemilih akhir periode itu.")
LATER_LOCKED = _("%(period)s sudah dikunci, jadi periode sebelumnya tidak dapat dikunci lagi.")


def _period_row(facility: Facility, quarter: Quarter) -> PdpbPeriod:
    row, _created = PdpbPeriod.objects.select_for_update().get_or_create(
        facility=facility, year=quarter.year, quarter=quarter.number)
    return row


def _check_open(row: PdpbPeriod, quarter: Quarter, today: date) -> None:
    if not quarter.started_by(today):
        raise ValidationError(NOT_STARTED % {"period": quarter.label})
    if row.is_locked:
        raise ValidationError(ALREADY_LOCKED % {"period": quarter.label})


@transaction.atomic
def period_submit(*, facility: Facility, quarter: Quarter, note: str = "", user, today: date | None = None) -> PdpbPeriod:
    """Facility staff hand the quarter's mutations to KPU ("ajukan ke KPU")."""
    today = today or timezone.localdate()
    row = _period_row(facility, quarter)
    _check_open(row, quarter, today)
    if row.status == PdpbPeriod.Status.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED % {"period": quarter.label})
    row.status, row.note = PdpbPeriod.Status.SUBMITTED, note.strip()
    row.submitted_by, row.submitted_at = stored_user(user), timezone.now()
    row.save(update_fields=["status", "note", "submitted_by", "submitted_at"])
    PdpbReview.objects.create(period=row, status=row.status, note=row.note, by=stored_user(user))
    return row


@transaction.atomic
def period_return(*, facility: Facility, quarter: Quarter, note: str, user) -> PdpbPeriod:
    """KPU sends the quarter back with what must be fixed."""
    row = _period_row(facility, quarter)
    if row.is_locked:
        raise ValidationError(ALREADY_LOCKED % {"period": quarter.label})
    if row.status != PdpbPeriod.Status.SUBMITTED:
        raise ValidationError(NOTHING_TO_RETURN % {"period": quarter.label})
    if not note.strip():
        raise ValidationError({"note": RETURN_NOTE_REQUIRED})
    row.status, row.note = PdpbPeriod.Status.RETURNED, note.strip()
    row.reviewed_by, row.reviewed_at = stored_user(user), timezone.now()
    row.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
    PdpbReview.objects.create(period=row, status=row.status, note=row.note, by=stored_user(user))
    return row


@transaction.atomic
def period_lock(*, facility: Facility, quarter: Quarter, confirm: str, note: str = "", user,
                today: date | None = None) -> PdpbPeriod:
    """KPU accepts the quarter and freezes it: its voters at the end and its mutations are copied, with
    the counts (a database check keeps AWAL + BERTAMBAH - BERKURANG = AKHIR). The officer types the
    period's label to confirm. Once an earlier period is locked, the one before this must be too, so
    the locked periods chain: each one's AWAL is the previous one's AKHIR."""
    today = today or timezone.localdate()
    if confirm.strip() != quarter.label:
        raise ValidationError({"confirm": CONFIRM_MISMATCH % {"label": quarter.label}})
    row = _period_row(facility, quarter)
    _check_open(row, quarter, today)
    refusal = lock_refusal(facility=facility, quarter=quarter)
    if refusal:
        raise ValidationError(refusal)
    figures = selectors.compute(facilities=[facility], quarter=quarter, today=today)[0]
    entries = [_entry(row, PdpbEntry.Side.END, voter) for voter in figures.end]
    for mutation in (*figures.added, *figures.removed, *figures.corrected):
        entries.append(_entry(row, mutation.side, mutation.voter, mutation.reason, mutation.detail))
    PdpbEntry.objects.bulk_create(entries, batch_size=1000)
    row.status, row.note = PdpbPeriod.Status.LOCKED, note.strip()
    row.reviewed_by, row.reviewed_at, row.as_of = stored_user(user), timezone.now(), figures.as_of
    row.start_count, row.added_count = figures.start_count, len(figures.added)
    row.removed_count, row.end_count = len(figures.removed), figures.end_count
    row.save()
    PdpbReview.objects.create(period=row, status=row.status, note=row.note, by=stored_user(user))
    return row


def lock_refusal(*, facility: Facility, quarter: Quarter) -> str:
    """Why this quarter cannot be locked now because of the facility's other locked quarters (empty if it can):
    locked periods chain, so a later one locked closes the earlier ones, and once one is locked the next
    must follow it. The lock page asks this before its confirmation; period_lock again, in its transaction."""
    locked = PdpbPeriod.objects.filter(facility=facility, status=PdpbPeriod.Status.LOCKED)
    later = locked.filter(year__gt=quarter.year) | locked.filter(year=quarter.year, quarter__gt=quarter.number)
    if later.exists():
        return str(LATER_LOCKED % {"period": later.order_by("year", "quarter").first().period.label})
    previous = quarter.previous
    earlier = locked.filter(year__lt=quarter.year) | locked.filter(year=quarter.year, quarter__lt=quarter.number)
    if earlier.exists() and not locked.filter(year=previous.year, quarter=previous.number).exists():
        return str(PREVIOUS_NOT_LOCKED % {"period": previous.label})
    return ""


def _entry(row: PdpbPeriod, side: str, voter: "selectors.Voter", reason: str = "", detail: str = "") -> PdpbEntry:
    gone = reason == Reason.REMOVED  # the registry no longer has the stay: only the copy keeps it
    return PdpbEntry(period=row, side=side, reason=reason, detail=detail[:200],
                     inmate_id=None if gone else voter.stay_id,
                     stay_id=voter.stay_id, register_number=voter.register_number, nik=voter.nik, nkk=voter.nkk,
                     full_name=voter.full_name, birth_place=voter.birth_place, birth_date=voter.birth_date,
                     sex=voter.sex, address=voter.address, rt=voter.rt, rw=voter.rw,
                     home_region_code=voter.home_region_code)
