"""Writes to the registry: inmates, custody events, transfers and the NIK workflow.

Every function validates first, writes in one transaction, keeps the stay's custody summary in
step with its events, and tells listeners (voter registration) which facilities changed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from accounts.access import scope
from inmates import bulk, custody
from inmates.models import (
    ACTIVE_STATES,
    CustodyEvent,
    CustodyState,
    Facility,
    ImportRecord,
    Inmate,
    NikStatus,
)
from inmates.signals import announce
from tps_khusus.bulk import in_values

Kind = CustodyEvent.Kind

NIK_ACTIVE_AT = _("NIK ini sudah aktif di %(facility)s (nomor register %(register)s).")
NIK_ACTIVE_ELSEWHERE = _("NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya.")
REGISTER_TAKEN = _("Nomor register %(number)s sudah dipakai di %(facility)s.")
DATE_IN_FUTURE = _("Tanggal tidak boleh setelah hari ini.")
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
EXPECTED_BEFORE_ADMISSION = _("Tanggal ekspirasi tidak boleh sebelum tanggal masuk (%(date)s).")

# Fields of a stay that describe the person and travel with a transfer.
IDENTITY_FIELDS = [
    "detention_status", "nik", "nik_status", "nik_mismatch_confirmed", "perekaman_submitted_on", "perekaman_batch",
    "nkk", "full_name", "mother_name", "birth_place", "birth_date", "sex", "marital_status", "citizenship",
    "address", "rt", "rw", "home_region_id", "disability", "ktp_el_recorded", "is_tni_polri",
    "voting_rights_revoked", "revocation_decision_number", "revocation_decision_date",
]


def _today() -> date:
    return timezone.localdate()


def _notify(*facility_ids: int) -> None:
    announce(Inmate, set(facility_ids))


def nik_conflict_message(*, nik: str, user, exclude_pk: int | None = None) -> str | None:
    """Why this NIK cannot be active here, naming the other facility only to those who may see it."""
    others = Inmate.objects.filter(nik=nik, custody_state__in=ACTIVE_STATES).select_related("facility")
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    other = others.first()
    if other is None:
        return None
    if user is not None and scope(user, Facility.objects.filter(pk=other.facility_id)).exists():
        return NIK_ACTIVE_AT % {"facility": other.facility.name, "register": other.register_number or "-"}
    return str(NIK_ACTIVE_ELSEWHERE)


def _save_checked(inmate: Inmate, *, user, **save_kwargs) -> None:
    """Save, turning the database's uniqueness guards into field errors."""
    try:
        with transaction.atomic():
            inmate.save(**save_kwargs)
    except IntegrityError as error:
        text = str(error)
        if "inmate_one_active_nik" in text or ("nik" in text and "UNIQUE" in text.upper()):
            raise ValidationError({"nik": nik_conflict_message(nik=inmate.nik, user=user, exclude_pk=inmate.pk)
                                   or str(NIK_ACTIVE_ELSEWHERE)}) from error
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
    event = CustodyEvent(inmate=inmate, kind=kind, date=day, destination=destination, note=note, recorded_by=user)
    event._history_user = user
    event.save()
    return event


def _check_past(day: date, field: str = "date") -> None:
    if day > _today():
        raise ValidationError({field: DATE_IN_FUTURE})


@transaction.atomic
def inmate_create(*, facility: Facility, data: dict, admitted_on: date, expected_release: date | None,
                  user) -> Inmate:
    """Register a new WBP: the stay, its admission event and its expected release."""
    _check_past(admitted_on, "admitted_on")
    if expected_release is not None and expected_release < admitted_on:
        raise ValidationError({"expected_release": EXPECTED_BEFORE_ADMISSION % {"date": admitted_on.strftime("%d-%m-%Y")}})
    inmate = Inmate(facility=facility, **data)
    inmate.nik_status = _status_for_new_nik(inmate)
    inmate.custody_state = CustodyState.HELD
    inmate.admitted_on = admitted_on
    inmate.expected_release = expected_release
    _check_nik_free(inmate, user)
    inmate._history_user = user
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
    if inmate.nik and inmate.custody_state in ACTIVE_STATES:
        message = nik_conflict_message(nik=inmate.nik, user=user, exclude_pk=inmate.pk)
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
    if inmate.nik != old_nik:
        inmate.nik_status = NikStatus.UNVERIFIED if inmate.nik else NikStatus.NONE
    else:
        inmate.nik_status = _status_for_new_nik(inmate)
    _check_nik_free(inmate, user)
    inmate._history_user = user
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
    inmate._history_user = user
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
    inmate._history_user = user
    inmate.save(update_fields=["custody_state", "admitted_on", "expected_release", "left_on", "updated_at"])
    incoming = Inmate(
        facility=destination,
        previous_stay=inmate,
        custody_state=CustodyState.INCOMING,
        expected_release=inmate.expected_release,
        **{name: getattr(inmate, name) for name in IDENTITY_FIELDS},
    )
    incoming._history_user = user
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
    inmate._history_user = user
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
    incoming._history_user = user
    incoming.delete()
    _add_event(inmate, kind=Kind.TRANSFER_CANCELLED, day=_today(), user=user, note=destination.name)
    _apply_summary(inmate)
    inmate._history_user = user
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
    inmate._history_user = user
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
    bulk_update_with_history(chosen, Inmate, ["nik_status", "updated_at"], default_user=user)
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
                             default_user=user)
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
    inmate._history_user = user
    _save_checked(inmate, user=user, update_fields=["nik", "nik_status", "nik_mismatch_confirmed", "updated_at"])
    _notify(inmate.facility_id)
    return inmate


# Excel import --------------------------------------------------------------------------------

IMPORT_CONFLICT = _(
    "Data berubah saat impor berjalan (misalnya NIK yang sama baru saja dicatat di Lapas/Rutan lain). "
    "Tidak ada yang disimpan; periksa file lalu ulangi impor."
)
IMPORT_BATCH = 500


@dataclass
class ImportOutcome:
    """What an import did (or, with dry_run, would do): the checked plan and its record."""

    plan: object  # inmates.importing.Plan
    written: bool = False
    record: ImportRecord | None = None

    @property
    def ok(self) -> bool:
        return self.plan.ok

    def summary(self) -> dict:
        """The JSON shape of `import_inmates --json`; a rejected file created and changed nothing."""
        counts = self.plan.counts() if self.plan.ok else {"created": 0, "updated": 0, "unchanged": 0}
        return {
            **counts,
            "errors": [issue.as_dict() for issue in self.plan.errors],
            "warnings": [issue.as_dict() for issue in self.plan.warnings],
        }


def inmates_import(*, facility: Facility, data: bytes, file_name: str, user, source: str = "web",
                   dry_run: bool = False, progress=None) -> ImportOutcome:
    """Check a workbook again against the current register and write all of it, or nothing.

    One transaction: new stays with their admission and expected-release events, changed stays,
    a new expected-release event where TANGGAL_EKSPIRASI moved, the history of each, the import
    record, and one registry_changed for the facility. Unchanged rows write nothing at all, so
    the same file imported twice leaves no trace the second time but its ImportRecord.
    """
    from inmates import importing  # importing uses this module's messages; imported here to avoid a cycle

    reason = f"Impor Excel: {file_name}"[:100]
    written = False
    record = None
    try:
        with transaction.atomic():
            # Imports into one facility run one after another (PostgreSQL; SQLite locks the file anyway).
            list(Facility.objects.select_for_update().filter(pk=facility.pk).values_list("pk", flat=True))
            plan = importing.validate(data, facility=facility, user=user, file_name=file_name, progress=progress)
            if plan.ok and not dry_run:
                if plan.has_changes:
                    _import_write(plan, facility=facility, user=user, reason=reason, progress=progress)
                    written = True
                    _notify(facility.pk)
                record = _import_record(plan, facility=facility, user=user, source=source,
                                        status=ImportRecord.Status.DONE)
    except IntegrityError:
        # A constraint caught what changed between the check and the write: nothing was kept.
        plan.errors.append(importing.Issue(None, None, str(IMPORT_CONFLICT)))
        written, record = False, None
    if not plan.ok and not dry_run:
        record = _import_record(plan, facility=facility, user=user, source=source, status=ImportRecord.Status.REJECTED)
    return ImportOutcome(plan=plan, written=written, record=record)


def _import_record(plan, *, facility: Facility, user, source: str, status: str) -> ImportRecord:
    counts = plan.counts() if status == ImportRecord.Status.DONE else {"created": 0, "updated": 0, "unchanged": 0}
    return ImportRecord.objects.create(
        facility=facility, user=user, file_name=plan.file_name[:255], file_sha256=plan.sha256, source=source,
        status=status, rows=plan.data_rows, created_count=counts["created"], updated_count=counts["updated"],
        unchanged_count=counts["unchanged"], error_count=len(plan.errors), warning_count=len(plan.warnings),
        first_error=plan.errors[0].message[:300] if plan.errors else "",
    )


def _import_write(plan, *, facility: Facility, user, reason: str, progress=None) -> None:
    """Bulk writes of a checked plan; the caller holds the transaction.

    New stays: one bulk INSERT, then their history, admission and expected-release events and
    the events' history, each as one INSERT ... SELECT (inmates.bulk explains why). Changed
    stays: bulk_update_with_history, plus an expected-release event where the date moved.
    """
    from inmates import importing

    new_rows, changed_rows = plan.new, plan.changed
    total = len(new_rows) + len(changed_rows)
    if progress:
        progress("write", 0, total)
    now = timezone.now()
    user_id = user.pk if user is not None else None
    fresh = []
    for planned in new_rows:
        nik_status, _mismatch = importing.new_nik_status(planned)
        fresh.append(Inmate(
            facility=facility, **planned.values, nik_status=nik_status, custody_state=CustodyState.HELD,
            admitted_on=planned.admitted_on, expected_release=planned.expected_release,
        ))
    Inmate.objects.bulk_create(fresh, batch_size=IMPORT_BATCH)
    new_ids = [inmate.pk for inmate in fresh]
    if new_ids and new_ids[0] is None:  # a database that does not return keys from a bulk insert
        registers = [inmate.register_number for inmate in fresh]
        new_ids = list(Inmate.objects.filter(facility=facility, register_number__in=in_values(registers))
                       .values_list("pk", flat=True))
    if new_ids:
        stays = Inmate.objects.filter(pk__in=in_values(new_ids, integers=True))
        bulk.copy_to_history(Inmate, stays, when=now, user_id=user_id, reason=reason)
        # Admissions first, then expected releases: custody.summarize folds events in recorded order,
        # and the summary columns written above are exactly what it gives for these two events.
        for kind, date_field in ((Kind.ADMISSION, "admitted_on"), (Kind.EXPECTED_RELEASE, "expected_release")):
            bulk.events_from_stays(CustodyEvent, stays, kind=kind, date_field=date_field, note=reason,
                                   user_id=user_id, when=now)
    if progress:
        progress("write", len(new_rows), total)

    changed, fields, moved = [], {"updated_at"}, []
    for planned in changed_rows:
        inmate = planned.existing
        for name in planned.changed_fields:
            setattr(inmate, name, planned.values[name])
        fields.update(planned.changed_fields)
        nik_status = importing.new_nik_status(planned)
        if nik_status is not None:
            inmate.nik_status, inmate.nik_mismatch_confirmed = nik_status
            fields.update({"nik_status", "nik_mismatch_confirmed"})
        if planned.new_expected_release:
            # The newest expected-release event decides the summary (custody.summarize).
            inmate.expected_release = planned.expected_release
            fields.add("expected_release")
            moved.append(inmate.pk)
        inmate.updated_at = now
        changed.append(inmate)
    if changed:
        bulk_update_with_history(changed, Inmate, sorted(fields), batch_size=IMPORT_BATCH, default_user=user,
                                 default_change_reason=reason, default_date=now)
    if moved:
        bulk.events_from_stays(CustodyEvent, Inmate.objects.filter(pk__in=in_values(moved, integers=True)),
                               kind=Kind.EXPECTED_RELEASE, date_field="expected_release", note=reason,
                               user_id=user_id, when=now)
    touched = new_ids + moved
    if touched:
        events = CustodyEvent.objects.filter(inmate_id__in=in_values(touched, integers=True), recorded_at=now)
        bulk.copy_to_history(CustodyEvent, events, when=now, user_id=user_id, reason=reason)
    if progress:
        progress("write", total, total)
