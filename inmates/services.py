"""Writes to the registry: inmates, custody events, transfers and the NIK workflow.

Every function validates first, writes in one transaction, keeps the stay's custody summary in
step with its events, and tells listeners (voter registration) which facilities changed.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from accounts.access import stored_user
from inmates import custody, validation
from inmates.messages import DATE_IN_FUTURE, EXPECTED_BEFORE_ADMISSION, NIK_ACTIVE_ELSEWHERE
from inmates.models import ACTIVE_STATES, CustodyEvent, CustodyState, Facility, Inmate, NikStatus
from inmates.selectors import active_nik_holders, nik_holder_message
from inmates.signals import announce

Kind = CustodyEvent.Kind

REGISTER_TAKEN = _("Nomor register %(number)s sudah dipakai di %(facility)s.")
DATE_BEFORE_ADMISSION = _("Tanggal tidak boleh sebelum tanggal masuk (%(date)s).")
NOT_HELD = _("WBP ini tidak lagi ditahan di sini (%(state)s); peristiwa tidak dapat dicatat.")
TRANSFER_TO_SELF = _("Lapas/Rutan tujuan tidak boleh sama dengan Lapas/Rutan asal.")
TRANSFER_NO_DESTINATION = _("Pilih Lapas/Rutan tujuan.")
NOT_INCOMING = _("WBP ini tidak sedang menunggu konfirmasi kedatangan.")
ARRIVAL_BEFORE_TRANSFER = _("Tanggal tiba tidak boleh sebelum tanggal pemindahan (%(date)s).")
CANCEL_NOT_POSSIBLE = _("Pemindahan ini tidak dapat dibatalkan karena sudah dikonfirmasi oleh Lapas/Rutan tujuan.")
NIK_REQUIRED = _("Isi NIK terlebih dahulu.")
NIK_NOT_ACTIVE = _("WBP ini tidak lagi ditahan di sini (%(state)s); status NIK-nya tidak dapat diubah.")
ALREADY_HAS_NIK = _("WBP ini sudah memiliki NIK.")

# Fields of a stay that describe the person and travel with a transfer.
IDENTITY_FIELDS = [
    "detention_status", "nik", "nik_status", "nik_mismatch_confirmed", "perekaman_submitted_on", "perekaman_batch",
    "nkk", "full_name", "mother_name", "birth_place", "birth_date", "sex", "marital_status", "citizenship",
    "address", "rt", "rw", "home_region_id", "disability", "ktp_el_recorded", "tni_polri_status", "tni_polri_since",
    "revoked_right", "revocation_decision_number", "revocation_decision_date", "revoked_from", "revoked_until",
]


def _today() -> date:
    return timezone.localdate()


def _notify(*facility_ids: int) -> None:
    announce(Inmate, set(facility_ids))


def nik_conflict(*, inmate: Inmate, nik: str | None, user) -> str | None:
    """Why this stay cannot hold `nik`, in the words `user` may be told; None when it can.

    Only a held or incoming stay holds its NIK exclusively; inmates.selectors decides what the
    user is told about the stay that holds it already.
    """
    if not nik or inmate.custody_state not in ACTIVE_STATES:
        return None
    holder = active_nik_holders(niks=[nik], user=user, exclude_inmate_ids=[inmate.pk]).get(nik)
    return None if holder is None else nik_holder_message(holder, facility_id=inmate.facility_id)


def _history_by(instance, user) -> None:
    """Name who made the change in the history row (the server itself is stored as no user)."""
    instance._history_user = stored_user(user)


def _save_checked(inmate: Inmate, *, user, **save_kwargs) -> None:
    """Save, turning the database's uniqueness guards into field errors."""
    try:
        with transaction.atomic():
            inmate.save(**save_kwargs)
    except IntegrityError as error:
        text = str(error)
        if "inmate_one_active_nik" in text or ("nik" in text and "UNIQUE" in text.upper()):
            message = nik_conflict(inmate=inmate, nik=inmate.nik, user=user) or str(NIK_ACTIVE_ELSEWHERE)
            raise ValidationError({"nik": message}) from error
        if "register_number" in text:
            raise ValidationError({"register_number": REGISTER_TAKEN % {
                "number": inmate.register_number, "facility": inmate.facility.name}}) from error
        raise


def _apply_summary(inmate: Inmate) -> None:
    summary = custody.summarize(custody.Event(e.kind, e.date) for e in inmate.events.order_by("recorded_at", "pk"))
    inmate.custody_state = summary.state
    inmate.admitted_on = summary.admitted_on
    inmate.expected_release = summary.expected_release
    inmate.left_on = summary.left_on


def _add_event(inmate: Inmate, *, kind: str, day: date, user, destination: Facility | None = None, note: str = "") -> CustodyEvent:
    event = CustodyEvent(inmate=inmate, kind=kind, date=day, destination=destination, note=note,
                         recorded_by=stored_user(user))
    _history_by(event, user)
    event.save()
    return event


def _check_dates(inmate: Inmate, *, admitted_on: date | None, expected_release: date | None) -> None:
    """The errors of inmates.validation (the same checks as the form, the admin and the import)."""
    findings = validation.errors(validation.check_dates(
        birth_date=inmate.birth_date, admitted_on=admitted_on, expected_release=expected_release,
        left_on=inmate.left_on, facility_kind=inmate.facility.kind, today=_today()))
    if findings:
        by_field: dict[str, list[str]] = {}
        for finding in findings:
            by_field.setdefault(finding.field, []).append(finding.message)
        raise ValidationError(by_field)


def _check_past(day: date, field: str = "date") -> None:
    if day > _today():
        raise ValidationError({field: DATE_IN_FUTURE})


@transaction.atomic
def inmate_create(*, facility: Facility, data: dict, admitted_on: date, expected_release: date | None,
                  user) -> Inmate:
    """Register a new WBP: the stay, its admission event and its expected release."""
    inmate = Inmate(facility=facility, **data)
    _check_dates(inmate, admitted_on=admitted_on, expected_release=expected_release)
    inmate.nik_status = _status_for_new_nik(inmate)
    inmate.custody_state = CustodyState.HELD
    inmate.admitted_on = admitted_on
    inmate.expected_release = expected_release
    _check_nik_free(inmate, user)
    _history_by(inmate, user)
    _save_checked(inmate, user=user)
    _add_event(inmate, kind=Kind.ADMISSION, day=admitted_on, user=user)
    if expected_release is not None:
        _add_event(inmate, kind=Kind.EXPECTED_RELEASE, day=expected_release, user=user)
    _notify(facility.pk)
    return inmate


def _status_for_new_nik(inmate: Inmate) -> str:
    if inmate.nik:
        return inmate.nik_status if inmate.nik_status in (NikStatus.VERIFIED, NikStatus.UNVERIFIED) else NikStatus.UNVERIFIED
    return inmate.nik_status if inmate.nik_status in (NikStatus.SUBMITTED, NikStatus.NOT_FOUND) else NikStatus.NONE


def _check_nik_free(inmate: Inmate, user) -> None:
    message = nik_conflict(inmate=inmate, nik=inmate.nik, user=user)
    if message:
        raise ValidationError({"nik": message})


@transaction.atomic
def inmate_update(*, inmate: Inmate, data: dict, user) -> Inmate:
    """Change identity fields. A changed NIK goes back to 'not yet verified'.

    The NIK is compared with the stored one (not the object's), since the admin hands over an
    object its form has already changed.
    """
    old_nik = Inmate.objects.select_for_update().values_list("nik", flat=True).get(pk=inmate.pk)
    for name, value in data.items():
        setattr(inmate, name, value)
    _check_dates(inmate, admitted_on=inmate.admitted_on, expected_release=inmate.expected_release)
    if inmate.nik != old_nik:
        inmate.nik_status = NikStatus.UNVERIFIED if inmate.nik else NikStatus.NONE
    else:
        inmate.nik_status = _status_for_new_nik(inmate)
    _check_nik_free(inmate, user)
    _history_by(inmate, user)
    _save_checked(inmate, user=user)
    _notify(inmate.facility_id)
    return inmate


def _lock(*inmates: Inmate) -> None:
    """Re-read stays under a row lock, so two officers acting on one WBP at once are serialised
    and every check below sees the latest state."""
    pks = sorted(i.pk for i in inmates if i is not None)
    list(Inmate.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
    for inmate in inmates:
        if inmate is not None:
            inmate.refresh_from_db()


def _require_held(inmate: Inmate) -> None:
    if inmate.custody_state != CustodyState.HELD:
        raise ValidationError(NOT_HELD % {"state": inmate.get_custody_state_display().lower()})


def _check_not_before_admission(inmate: Inmate, day: date) -> None:
    if inmate.admitted_on and day < inmate.admitted_on:
        raise ValidationError({"date": DATE_BEFORE_ADMISSION % {"date": inmate.admitted_on.strftime("%d-%m-%Y")}})


@transaction.atomic
def expected_release_change(*, inmate: Inmate, new_date: date, note: str = "", user) -> CustodyEvent:
    _lock(inmate)
    _require_held(inmate)
    if inmate.admitted_on and new_date < inmate.admitted_on:
        raise ValidationError({"date": EXPECTED_BEFORE_ADMISSION % {"date": inmate.admitted_on.strftime("%d-%m-%Y")}})
    event = _add_event(inmate, kind=Kind.EXPECTED_RELEASE, day=new_date, user=user, note=note)
    _finish_event(inmate, user)
    return event


@transaction.atomic
def release_record(*, inmate: Inmate, day: date, note: str = "", user) -> CustodyEvent:
    return _exit(inmate, kind=Kind.RELEASE, day=day, note=note, user=user)


@transaction.atomic
def death_record(*, inmate: Inmate, day: date, note: str = "", user) -> CustodyEvent:
    return _exit(inmate, kind=Kind.DEATH, day=day, note=note, user=user)


def _exit(inmate: Inmate, *, kind: str, day: date, note: str, user) -> CustodyEvent:
    _lock(inmate)
    _require_held(inmate)
    _check_past(day)
    _check_not_before_admission(inmate, day)
    event = _add_event(inmate, kind=kind, day=day, user=user, note=note)
    _finish_event(inmate, user)
    return event


def _finish_event(inmate: Inmate, user) -> None:
    _apply_summary(inmate)
    _history_by(inmate, user)
    inmate.save(update_fields=["custody_state", "admitted_on", "expected_release", "left_on", "updated_at"])
    _notify(inmate.facility_id)


@transaction.atomic
def transfer_record(*, inmate: Inmate, day: date, destination: Facility | None, note: str = "", user) -> Inmate:
    """End the stay here and open an incoming stay at the destination, identity and all."""
    _lock(inmate)
    _require_held(inmate)
    if destination is None:
        raise ValidationError({"destination": TRANSFER_NO_DESTINATION})
    if destination.pk == inmate.facility_id:
        raise ValidationError({"destination": TRANSFER_TO_SELF})
    _check_past(day)
    _check_not_before_admission(inmate, day)
    _add_event(inmate, kind=Kind.TRANSFER_OUT, day=day, user=user, destination=destination, note=note)
    _apply_summary(inmate)
    _history_by(inmate, user)
    inmate.save(update_fields=["custody_state", "admitted_on", "expected_release", "left_on", "updated_at"])
    incoming = Inmate(
        facility=destination,
        previous_stay=inmate,
        custody_state=CustodyState.INCOMING,
        expected_release=inmate.expected_release,
        **{name: getattr(inmate, name) for name in IDENTITY_FIELDS},
    )
    _history_by(incoming, user)
    incoming.save()
    _notify(inmate.facility_id, destination.pk)
    return incoming


@transaction.atomic
def transfer_confirm(*, inmate: Inmate, register_number: str, arrived_on: date, user) -> Inmate:
    """The receiving facility takes the person in under its own register number."""
    _lock(inmate, inmate.previous_stay)
    if inmate.custody_state != CustodyState.INCOMING:
        raise ValidationError(NOT_INCOMING)
    _check_past(arrived_on, "arrived_on")
    previous = inmate.previous_stay
    if previous is not None and previous.left_on and arrived_on < previous.left_on:
        raise ValidationError({"arrived_on": ARRIVAL_BEFORE_TRANSFER % {"date": previous.left_on.strftime("%d-%m-%Y")}})
    inmate.register_number = register_number
    origin = previous.facility.name if previous else ""
    _add_event(inmate, kind=Kind.TRANSFER_IN, day=arrived_on, user=user, note=origin)
    if previous is not None and previous.expected_release:
        _add_event(inmate, kind=Kind.EXPECTED_RELEASE, day=previous.expected_release, user=user,
                   note=_("Dibawa dari %(facility)s") % {"facility": origin})
    _apply_summary(inmate)
    _history_by(inmate, user)
    _save_checked(inmate, user=user)
    # The sending facility's lists depend on when the person arrived here, too.
    _notify(inmate.facility_id, *([previous.facility_id] if previous else []))
    return inmate


@transaction.atomic
def transfer_cancel(*, inmate: Inmate, user) -> Inmate:
    """Undo a transfer the destination has not confirmed yet; the person is held here again.

    The transfer stays in the history, followed by a cancelling event; the incoming stay, which
    never held anyone, is removed (its own history keeps the removal).
    """
    incoming = Inmate.objects.filter(previous_stay=inmate).first()
    _lock(inmate, incoming)
    if inmate.custody_state != CustodyState.TRANSFERRED or incoming is None:
        raise ValidationError(NOT_INCOMING)
    if incoming.custody_state != CustodyState.INCOMING:
        raise ValidationError(CANCEL_NOT_POSSIBLE)
    destination = incoming.facility
    _history_by(incoming, user)
    incoming.delete()
    _add_event(inmate, kind=Kind.TRANSFER_CANCELLED, day=_today(), user=user, note=destination.name)
    _apply_summary(inmate)
    _history_by(inmate, user)
    inmate.save(update_fields=["custody_state", "admitted_on", "expected_release", "left_on", "updated_at"])
    _notify(inmate.facility_id, destination.pk)
    return inmate


# NIK workflow ---------------------------------------------------------------------------------

def _require_active(inmate: Inmate) -> None:
    _lock(inmate)
    if not inmate.is_active:
        raise ValidationError(NIK_NOT_ACTIVE % {"state": inmate.get_custody_state_display().lower()})


def _set_nik_status(inmate: Inmate, status: str, user, **fields) -> Inmate:
    _require_active(inmate)
    inmate.nik_status = status
    for name, value in fields.items():
        setattr(inmate, name, value)
    _history_by(inmate, user)
    inmate.save(update_fields=["nik_status", *fields, "updated_at"])
    _notify(inmate.facility_id)
    return inmate


@transaction.atomic
def nik_verify(*, inmate: Inmate, user) -> Inmate:
    """The officer has checked the NIK against the KTP-el, KK or Dukcapil."""
    _require_active(inmate)
    if not inmate.nik:
        raise ValidationError(NIK_REQUIRED)
    return _set_nik_status(inmate, NikStatus.VERIFIED, user)


@transaction.atomic
def nik_verify_many(*, inmates: Iterable[Inmate], user) -> int:
    """Verify several NIK at once, e.g. after checking a printed list against the KTP-el."""
    chosen = list(Inmate.objects.select_for_update().filter(
        pk__in=[i.pk for i in inmates], nik__isnull=False, nik_status=NikStatus.UNVERIFIED,
        custody_state__in=ACTIVE_STATES).order_by("pk"))
    now = timezone.now()
    for inmate in chosen:
        inmate.nik_status = NikStatus.VERIFIED
        inmate.updated_at = now
    bulk_update_with_history(chosen, Inmate, ["nik_status", "updated_at"], default_user=stored_user(user))
    if chosen:
        _notify(*{inmate.facility_id for inmate in chosen})
    return len(chosen)


@transaction.atomic
def nik_mark_not_found(*, inmate: Inmate, user) -> Inmate:
    _require_active(inmate)
    if inmate.nik:
        raise ValidationError(ALREADY_HAS_NIK)
    return _set_nik_status(inmate, NikStatus.NOT_FOUND, user)


@transaction.atomic
def nik_submit_for_recording(*, inmates: Iterable[Inmate], batch: str, submitted_on: date, user) -> int:
    """Mark WBP without NIK, still here, as sent to Dispendukcapil for perekaman in one batch."""
    chosen = list(Inmate.objects.select_for_update().filter(
        pk__in=[i.pk for i in inmates], nik__isnull=True, custody_state__in=ACTIVE_STATES).order_by("pk"))
    now = timezone.now()
    for inmate in chosen:
        inmate.nik_status = NikStatus.SUBMITTED
        inmate.perekaman_batch = batch
        inmate.perekaman_submitted_on = submitted_on
        inmate.updated_at = now
    bulk_update_with_history(chosen, Inmate, ["nik_status", "perekaman_batch", "perekaman_submitted_on", "updated_at"],
                             default_user=stored_user(user))
    if chosen:
        _notify(*{inmate.facility_id for inmate in chosen})
    return len(chosen)


@transaction.atomic
def nik_obtained(*, inmate: Inmate, nik: str, verified: bool, user) -> Inmate:
    """Perekaman gave this person a NIK (checked by the form before it gets here)."""
    _require_active(inmate)
    inmate.nik = nik
    inmate.nik_mismatch_confirmed = False
    _check_nik_free(inmate, user)
    inmate.nik_status = NikStatus.VERIFIED if verified else NikStatus.UNVERIFIED
    _history_by(inmate, user)
    _save_checked(inmate, user=user, update_fields=["nik", "nik_status", "nik_mismatch_confirmed", "updated_at"])
    _notify(inmate.facility_id)
    return inmate
