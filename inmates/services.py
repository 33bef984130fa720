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
from inmates import crosscheck, custody, validation
from inmates.messages import DATE_IN_FUTURE, EXPECTED_BEFORE_ADMISSION, NIK_ACTIVE_ELSEWHERE
from inmates.models import ACTIVE_STATES, CustodyEvent, CustodyState, Facility, Inmate, NikStatus
from inmates.selectors import active_nik_holders, nik_holder_message
from inmates.signals import announce
from tps_khusus.dates import long_date

Kind = CustodyEvent.Kind
SUMMARY_FIELDS = ["custody_state", "admitted_on", "expected_release", "left_on", "updated_at"]

REGISTER_TAKEN = _("Nomor register %(number)s sudah dipakai di %(facility)s.")
DATE_BEFORE_ADMISSION = _("Tanggal tidak boleh sebelum tanggal masuk (%(date)s).")
NOT_HELD = _("WBP ini tidak lagi ditahan di sini (%(state)s); peristiwa tidak dapat dicatat.")
TRANSFER_TO_SELF = _("Lapas/Rutan tujuan tidak boleh sama dengan Lapas/Rutan asal.")
TRANSFER_NO_DESTINATION = _("Pilih Lapas/Rutan tujuan.")
NOT_INCOMING = _("WBP ini tidak sedang menunggu konfirmasi kedatangan.")
ARRIVAL_BEFORE_TRANSFER = _("Tanggal tiba tidak boleh sebelum tanggal pemindahan (%(date)s).")
CANCEL_NOT_POSSIBLE = _("Pemindahan ini tidak dapat dibatalkan karena sudah dikonfirmasi oleh Lapas/Rutan tujuan.")
# Two officers acting on one transfer at once: the one who comes second is told what the first did.
TRANSFER_CANCELLED_MEANWHILE = _(
    "Pemindahan WBP ini baru saja dibatalkan oleh Lapas/Rutan asal, sehingga kedatangannya tidak dapat "
    "dikonfirmasi. Muat ulang halaman Kedatangan."
)
ALREADY_CANCELLED = _("Pemindahan ini sudah dibatalkan; WBP ini kembali tercatat ditahan di sini.")
STAY_GONE = _("Data WBP ini baru saja dihapus oleh pengguna lain. Muat ulang halaman.")
NIK_REQUIRED = _("Isi NIK terlebih dahulu.")
NIK_NOT_ACTIVE = _("WBP ini tidak lagi ditahan di sini (%(state)s); status NIK-nya tidak dapat diubah.")
ALREADY_HAS_NIK = _("WBP ini sudah memiliki NIK.")
EDIT_CONFLICT = _(
    "Data WBP ini baru saja diubah oleh %(user)s pada %(when)s; muat ulang halaman lalu ulangi perubahan Anda."
)

# Fields of a stay that describe the person and travel with a transfer.
IDENTITY_FIELDS = [
    "detention_status", "nik", "nik_status", "nik_mismatch_confirmed", "perekaman_submitted_on", "perekaman_batch",
    "nkk", "full_name", "mother_name", "birth_place", "birth_date", "sex", "marital_status", "citizenship",
    "address", "rt", "rw", "home_region_id", "disability", "ktp_el_recorded", "tni_polri_status", "tni_polri_since",
    "revoked_right", "revocation_decision_number", "revocation_decision_date", "revoked_from", "revoked_until",
]


def _today() -> date:
    return timezone.localdate()


def _notify(*facility_ids: int, stays: Iterable[Inmate] | None = None) -> None:
    """Tell the apps built on the registry what changed. `stays`: the change touched only these stays'
    own fields (an identity edit, a NIK status, a release of one stay), so only their standing can
    have changed; a transfer, which ties two stays together, names none."""
    announce(Inmate, set(facility_ids), None if stays is None else {inmate.pk for inmate in stays})


def nik_conflict(*, inmate: Inmate, nik: str | None, user, shown_in: str = crosscheck.Where.FORM) -> str | None:
    """Why this stay cannot hold `nik`, in the words `user` may be told; None when it can.

    Only a held or incoming stay holds its NIK exclusively; inmates.selectors decides what the
    user is told about the stay that holds it already. A holder at another facility is logged as
    shown to `user` in `shown_in` (inmates.crosscheck).
    """
    if not nik or inmate.custody_state not in ACTIVE_STATES:
        return None
    holder = active_nik_holders(niks=[nik], user=user, exclude_inmate_ids=[inmate.pk]).get(nik)
    if holder is None:
        return None
    crosscheck.log_nik_matches([holder], user=user, where=shown_in, facility_id=inmate.facility_id)
    return nik_holder_message(holder, facility_id=inmate.facility_id)


def cross_check(*, inmate: Inmate, user, new_nik: str | None, name: str, birth_date: date | None,
                renamed: bool) -> None:
    """Before a stay is created, takes a NIK it did not have (`new_nik`), or a new name or birth date
    (`renamed`): count the check of this person against other facilities (inmates.crosscheck; refused
    beyond the user's daily allowance) and refuse a NIK active elsewhere.

    Called before the write's transaction, so that what was counted and what was shown stay recorded
    although nothing is saved; the write checks the NIK again under its locks. A stay that has left
    is compared with nothing, so nothing is counted for it.
    """
    if inmate.custody_state not in ACTIVE_STATES or not (new_nik or renamed):
        return
    try:
        crosscheck.spend(user=user, people=[(new_nik, name, birth_date)])
    except crosscheck.ChecksExceeded as exceeded:
        raise ValidationError(exceeded.message, code="checks_exceeded") from None
    if new_nik:
        message = nik_conflict(inmate=inmate, nik=new_nik, user=user)
        if message:
            raise ValidationError({"nik": message})


def _history_by(instance, user) -> None:
    """Name who made the change in the history row (the server itself is stored as no user)."""
    instance._history_user = stored_user(user)


def _next_version(inmate: Inmate, update_fields: list[str] | None = None) -> list[str] | None:
    """Count one more write of a stay read under its row lock (Inmate.version); returns the fields to save."""
    inmate.version += 1
    return None if update_fields is None else [*update_fields, "version"]


def edit_conflict(inmate: Inmate) -> str:
    """EDIT_CONFLICT, naming who changed the stay last and when (from its history)."""
    last = inmate.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if last is None:
        return str(EDIT_CONFLICT % {"user": _("pengguna lain"), "when": "-"})
    who = last.history_user.get_username() if last.history_user else str(_("sistem"))
    when = timezone.localtime(last.history_date)
    return str(EDIT_CONFLICT % {"user": who, "when": _("%(date)s pukul %(time)s") % {
        "date": long_date(when), "time": when.strftime("%H.%M")}})


def check_version(inmate: Inmate, version: int | None) -> None:
    """Refuse an edit made on a form loaded at `version` when the stay (read under its lock) has moved on."""
    if version is not None and inmate.version != version:
        raise ValidationError(edit_conflict(inmate), code="conflict")


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


def inmate_create(*, facility: Facility, data: dict, admitted_on: date, expected_release: date | None,
                  user) -> Inmate:
    """Register a new WBP: the stay, its admission event and its expected release. Its NIK and its name
    with birth date are checked against other facilities first (cross_check)."""
    inmate = Inmate(facility=facility, **data)
    _check_dates(inmate, admitted_on=admitted_on, expected_release=expected_release)
    inmate.nik_status = _status_for_new_nik(inmate)
    inmate.custody_state = CustodyState.HELD
    inmate.admitted_on = admitted_on
    inmate.expected_release = expected_release
    cross_check(inmate=inmate, user=user, new_nik=inmate.nik, name=inmate.full_name, birth_date=inmate.birth_date,
                renamed=True)
    return _create(inmate, admitted_on=admitted_on, expected_release=expected_release, user=user)


@transaction.atomic
def _create(inmate: Inmate, *, admitted_on: date, expected_release: date | None, user) -> Inmate:
    facility = inmate.facility
    _check_nik_free(inmate, user)
    _history_by(inmate, user)
    _save_checked(inmate, user=user)
    _add_event(inmate, kind=Kind.ADMISSION, day=admitted_on, user=user)
    if expected_release is not None:
        _add_event(inmate, kind=Kind.EXPECTED_RELEASE, day=expected_release, user=user)
    _notify(facility.pk, stays=[inmate])
    return inmate


def _status_for_new_nik(inmate: Inmate) -> str:
    if inmate.nik:
        return inmate.nik_status if inmate.nik_status in (NikStatus.VERIFIED, NikStatus.UNVERIFIED) else NikStatus.UNVERIFIED
    return inmate.nik_status if inmate.nik_status in (NikStatus.SUBMITTED, NikStatus.NOT_FOUND) else NikStatus.NONE


def _check_nik_free(inmate: Inmate, user) -> None:
    message = nik_conflict(inmate=inmate, nik=inmate.nik, user=user)
    if message:
        raise ValidationError({"nik": message})


def inmate_update(*, inmate: Inmate, data: dict, user, version: int | None = None) -> Inmate:
    """Change identity fields. A changed NIK goes back to 'not yet verified'.

    The stay is read again under its row lock (the admin hands over an object its form has already
    changed; `data` is applied to what is stored). `version` is Inmate.version as the officer's
    form was loaded: when the stay has been written since, nothing is saved and EDIT_CONFLICT says
    by whom and when. None skips that check (callers that hold the stay's lock themselves).
    A new NIK, name or birth date is checked against other facilities first (cross_check).
    """
    stored = Inmate.objects.filter(pk=inmate.pk).values("nik", "full_name", "birth_date", "facility_id",
                                                         "custody_state").first()
    if stored is not None:
        nik = data.get("nik", stored["nik"])
        name, birth = data.get("full_name", stored["full_name"]), data.get("birth_date", stored["birth_date"])
        renamed = (name or "").upper() != stored["full_name"].upper() or birth != stored["birth_date"]
        cross_check(inmate=Inmate(pk=inmate.pk, facility_id=stored["facility_id"], custody_state=stored["custody_state"]),
                    user=user, new_nik=nik if nik and nik != stored["nik"] else None, name=name, birth_date=birth,
                    renamed=renamed)
    return _update(inmate, data=data, user=user, version=version)


@transaction.atomic
def _update(inmate: Inmate, *, data: dict, user, version: int | None) -> Inmate:
    _lock(inmate)
    check_version(inmate, version)
    old_nik = inmate.nik
    for name, value in data.items():
        setattr(inmate, name, value)
    _check_dates(inmate, admitted_on=inmate.admitted_on, expected_release=inmate.expected_release)
    if inmate.nik != old_nik:
        inmate.nik_status = NikStatus.UNVERIFIED if inmate.nik else NikStatus.NONE
    else:
        inmate.nik_status = _status_for_new_nik(inmate)
    _check_nik_free(inmate, user)
    _history_by(inmate, user)
    _next_version(inmate)
    _save_checked(inmate, user=user)
    _notify(inmate.facility_id, stays=[inmate])
    return inmate


def _lock(*inmates: Inmate, gone=STAY_GONE) -> None:
    """Re-read stays under a row lock, so two officers acting on one WBP at once are serialised
    and every check below sees the latest state. Rows are locked in key order, whoever asks, so
    two services never wait for each other. A stay that another transaction deleted meanwhile (a
    cancelled transfer's incoming stay) raises ValidationError(`gone`).

    FOR NO KEY UPDATE (PostgreSQL), as every lock on a stay here: it serialises writers of the row
    but lets other transactions insert rows that point at it (a voter registration, a locked list's
    entry), whose foreign-key check would otherwise wait for this transaction while it waits for
    theirs (registration's TPS locks): a deadlock."""
    pks = sorted(i.pk for i in inmates if i is not None)
    found = set(Inmate.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
    for inmate in inmates:
        if inmate is not None:
            if inmate.pk not in found:
                raise ValidationError(gone)
            inmate.refresh_from_db()


def _require_held(inmate: Inmate) -> None:
    if inmate.custody_state != CustodyState.HELD:
        raise ValidationError(NOT_HELD % {"state": inmate.get_custody_state_display().lower()})


def _check_not_before_admission(inmate: Inmate, day: date) -> None:
    if inmate.admitted_on and day < inmate.admitted_on:
        raise ValidationError({"date": DATE_BEFORE_ADMISSION % {"date": long_date(inmate.admitted_on)}})


@transaction.atomic
def expected_release_change(*, inmate: Inmate, new_date: date, note: str = "", user) -> CustodyEvent:
    _lock(inmate)
    _require_held(inmate)
    if inmate.admitted_on and new_date < inmate.admitted_on:
        raise ValidationError({"date": EXPECTED_BEFORE_ADMISSION % {"date": long_date(inmate.admitted_on)}})
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
    inmate.save(update_fields=_next_version(inmate, SUMMARY_FIELDS))
    _notify(inmate.facility_id, stays=[inmate])


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
    inmate.save(update_fields=_next_version(inmate, SUMMARY_FIELDS))
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
    """The receiving facility takes the person in under its own register number.

    The incoming stay is locked with the stay it came from: a cancellation from there either went
    first (the stay is gone: TRANSFER_CANCELLED_MEANWHILE) or waits and then finds it confirmed.
    """
    previous = Inmate(pk=inmate.previous_stay_id) if inmate.previous_stay_id else None
    _lock(inmate, previous, gone=TRANSFER_CANCELLED_MEANWHILE)
    if inmate.custody_state != CustodyState.INCOMING:
        raise ValidationError(NOT_INCOMING)
    _check_past(arrived_on, "arrived_on")
    previous = inmate.previous_stay
    if previous is not None and previous.left_on and arrived_on < previous.left_on:
        raise ValidationError({"arrived_on": ARRIVAL_BEFORE_TRANSFER % {"date": long_date(previous.left_on)}})
    inmate.register_number = register_number
    origin = previous.facility.name if previous else ""
    _add_event(inmate, kind=Kind.TRANSFER_IN, day=arrived_on, user=user, note=origin)
    if previous is not None and previous.expected_release:
        _add_event(inmate, kind=Kind.EXPECTED_RELEASE, day=previous.expected_release, user=user,
                   note=_("Dibawa dari %(facility)s") % {"facility": origin})
    _apply_summary(inmate)
    _history_by(inmate, user)
    _next_version(inmate)
    _save_checked(inmate, user=user)
    # The sending facility's lists depend on when the person arrived here, too.
    _notify(inmate.facility_id, *([previous.facility_id] if previous else []))
    return inmate


@transaction.atomic
def transfer_cancel(*, inmate: Inmate, user) -> Inmate:
    """Undo a transfer the destination has not confirmed yet; the person is held here again.

    The transfer stays in the history, followed by a cancelling event; the incoming stay, which
    never held anyone, is removed (its own history keeps the removal). Locked together with the
    incoming stay, so a confirmation at the destination either went first (CANCEL_NOT_POSSIBLE) or
    waits and then finds the stay gone; a second cancellation finds it cancelled.
    """
    incoming = Inmate.objects.filter(previous_stay=inmate).first()
    _lock(inmate, incoming, gone=ALREADY_CANCELLED)
    if inmate.custody_state == CustodyState.HELD and incoming is None and (
            inmate.events.order_by("-recorded_at", "-pk").values_list("kind", flat=True).first() == Kind.TRANSFER_CANCELLED):
        raise ValidationError(ALREADY_CANCELLED)
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
    inmate.save(update_fields=_next_version(inmate, SUMMARY_FIELDS))
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
    inmate.save(update_fields=_next_version(inmate, ["nik_status", *fields, "updated_at"]))
    _notify(inmate.facility_id, stays=[inmate])
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
    chosen = list(Inmate.objects.select_for_update(no_key=True).filter(
        pk__in=[i.pk for i in inmates], nik__isnull=False, nik_status=NikStatus.UNVERIFIED,
        custody_state__in=ACTIVE_STATES).order_by("pk"))
    now = timezone.now()
    for inmate in chosen:
        inmate.nik_status = NikStatus.VERIFIED
        inmate.updated_at = now
        _next_version(inmate)
    bulk_update_with_history(chosen, Inmate, ["nik_status", "updated_at", "version"], default_user=stored_user(user))
    if chosen:
        _notify(*{inmate.facility_id for inmate in chosen}, stays=chosen)
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
    chosen = list(Inmate.objects.select_for_update(no_key=True).filter(
        pk__in=[i.pk for i in inmates], nik__isnull=True, custody_state__in=ACTIVE_STATES).order_by("pk"))
    now = timezone.now()
    for inmate in chosen:
        inmate.nik_status = NikStatus.SUBMITTED
        inmate.perekaman_batch = batch
        inmate.perekaman_submitted_on = submitted_on
        inmate.updated_at = now
        _next_version(inmate)
    bulk_update_with_history(chosen, Inmate, ["nik_status", "perekaman_batch", "perekaman_submitted_on", "updated_at",
                                              "version"],
                             default_user=stored_user(user))
    if chosen:
        _notify(*{inmate.facility_id for inmate in chosen}, stays=chosen)
    return len(chosen)


def nik_obtained(*, inmate: Inmate, nik: str, verified: bool, user) -> Inmate:
    """Perekaman gave this person a NIK (checked by the form before it gets here), checked against other
    facilities first (cross_check)."""
    cross_check(inmate=inmate, user=user, new_nik=nik, name=inmate.full_name, birth_date=inmate.birth_date,
                renamed=False)
    return _nik_obtained(inmate, nik=nik, verified=verified, user=user)


@transaction.atomic
def _nik_obtained(inmate: Inmate, *, nik: str, verified: bool, user) -> Inmate:
    _require_active(inmate)
    if inmate.nik:  # another officer gave one meanwhile: not overwritten
        raise ValidationError(ALREADY_HAS_NIK)
    inmate.nik = nik
    inmate.nik_mismatch_confirmed = False
    _check_nik_free(inmate, user)
    inmate.nik_status = NikStatus.VERIFIED if verified else NikStatus.UNVERIFIED
    _history_by(inmate, user)
    _save_checked(inmate, user=user,
                  update_fields=_next_version(inmate, ["nik", "nik_status", "nik_mismatch_confirmed", "updated_at"]))
    _notify(inmate.facility_id, stays=[inmate])
    return inmate
