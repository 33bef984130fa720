"""The all-or-nothing write of a checked workbook into one facility's register.

`inmates_import()` validates again inside one transaction, against the register as it is then,
and writes every row or none. New stays, their admission and expected-release events and the
history of each are set-based INSERTs (inmates.bulk); changed stays use bulk_update_with_history.
"""

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.access import stored_user
from inmates import bulk, crosscheck
from inmates.importing.checking import ImportPlan, Issue, PlannedRow, Progress, validate
from inmates.importing.messages import IMPORT_CONFLICT
from inmates.models import ACTIVE_STATES, CustodyEvent, CustodyState, Facility, ImportRecord, Inmate, NikStatus
from inmates.signals import announce
from tps_khusus.bulk import copy_values, in_values, insert_values, next_ids

Kind = CustodyEvent.Kind
IMPORT_BATCH = 500


@dataclass
class ImportOutcome:
    """What an import did (or, with dry_run, would do): the checked plan and its record."""

    plan: ImportPlan
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
                   dry_run: bool = False, progress: Progress | None = None) -> ImportOutcome:
    """Check a workbook again against the current register and write all of it, or nothing.

    One transaction: new stays with their admission and expected-release events, changed stays,
    a new expected-release event where TANGGAL_EKSPIRASI moved, the history of each, the import
    record, and one registry_changed for the facility. Unchanged rows write nothing at all, so
    the same file imported twice leaves no trace the second time but its ImportRecord.
    `user` is who imports (accounts.access.SYSTEM for the server itself, recorded as no user).
    """
    reason = f"Impor Excel: {file_name}"[:100]
    written = False
    record = None
    try:
        with transaction.atomic():
            # Imports into one facility run one after another (PostgreSQL; SQLite locks the file anyway),
            # and the stays they match are locked before they are read: an officer's edit or event either
            # went first (the file is checked against it) or waits until the import is written. NO KEY
            # UPDATE leaves rows that merely point at the facility or a stay free to be inserted (a list
            # being locked meanwhile), which would otherwise deadlock with registration's TPS locks.
            list(Facility.objects.select_for_update(no_key=True).filter(pk=facility.pk).values_list("pk", flat=True))
            list(Inmate.objects.select_for_update(no_key=True).filter(facility=facility, custody_state__in=ACTIVE_STATES)
                 .order_by("pk").values_list("pk", flat=True))
            plan = validate(data, facility=facility, user=user, file_name=file_name, progress=progress,
                            shown_in=crosscheck.Where.COMMAND if source == "perintah" else crosscheck.Where.IMPORT_COMMIT)
            if plan.ok and not dry_run:
                if plan.has_changes:
                    write_plan(plan, facility=facility, user=user, reason=reason, progress=progress)
                    written = True
                    announce(Inmate, {facility.pk})
                record = _record(plan, facility=facility, user=user, source=source, status=ImportRecord.Status.DONE)
    except IntegrityError:
        # A constraint caught what changed between the check and the write: nothing was kept, not even the
        # log of matches the check reported, which the user is still shown.
        plan.errors.append(Issue(None, None, str(IMPORT_CONFLICT)))
        written, record = False, None
        crosscheck.log_nik_matches(plan.shown_elsewhere, user=user, facility_id=facility.pk,
                                   where=crosscheck.Where.COMMAND if source == "perintah" else crosscheck.Where.IMPORT_COMMIT)
    if not plan.ok and not dry_run:
        record = _record(plan, facility=facility, user=user, source=source, status=ImportRecord.Status.REJECTED)
    return ImportOutcome(plan=plan, written=written, record=record)


def _record(plan: ImportPlan, *, facility: Facility, user, source: str, status: str) -> ImportRecord:
    counts = plan.counts() if status == ImportRecord.Status.DONE else {"created": 0, "updated": 0, "unchanged": 0}
    return ImportRecord.objects.create(
        facility=facility, user=stored_user(user), file_name=plan.file_name[:255], file_sha256=plan.sha256,
        source=source, status=status, rows=plan.data_rows, created_count=counts["created"],
        updated_count=counts["updated"], unchanged_count=counts["unchanged"], error_count=len(plan.errors),
        warning_count=len(plan.warnings), first_error=plan.errors[0].message[:300] if plan.errors else "",
    )


def new_nik_status(planned: PlannedRow) -> tuple[str, bool] | None:
    """The NIK status (and mismatch flag) a row gives its stay, or None to keep the stored one."""
    existing, values = planned.existing, planned.values
    if existing is None:
        return (NikStatus.UNVERIFIED if values.get("nik") else NikStatus.NONE), False
    if "nik" in planned.changed_fields:
        return NikStatus.UNVERIFIED, False
    return None


def _insert_new(new_rows: list[PlannedRow], *, facility: Facility, now) -> list[int]:
    """The new stays, written as plain database-ready values: the ORM's bulk_create spent most of an import of
    10,000 rows preparing each value of each object (docs/performance.md "Scale"). Values are the model's
    defaults, the checked file's and the summary's. On PostgreSQL the keys are drawn from the table's
    sequence first and the rows sent with one COPY (tps_khusus.bulk.copy_values; a 500-row INSERT cost
    more in building and parsing the statement than in writing); elsewhere multi-row INSERTs of values
    adapted as get_db_prep_save would, the keys read back by register number (unique per facility)."""
    if not new_rows:
        return []
    ops = connection.ops
    fields = [f for f in Inmate._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(facility_id=facility.pk, custody_state=CustodyState.HELD, created_at=now, updated_at=now,
                    version=0)
    ids = next_ids(Inmate, len(new_rows))
    if ids is not None:
        rows = []
        for key, planned in zip(ids, new_rows, strict=True):
            values = {**defaults, **planned.values, "nik_status": new_nik_status(planned)[0],
                      "admitted_on": planned.admitted_on, "expected_release": planned.expected_release}
            rows.append((key, *[values[name] for name in names]))
        copy_values(Inmate, [Inmate._meta.pk.column, *[f.column for f in fields]], rows)
        return ids
    adapt = {}
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateField":
            adapt[f.attname] = ops.adapt_datefield_value
        elif kind == "DateTimeField":
            adapt[f.attname] = ops.adapt_datetimefield_value
    rows = []
    for planned in new_rows:
        values = {**defaults, **planned.values, "nik_status": new_nik_status(planned)[0],
                  "admitted_on": planned.admitted_on, "expected_release": planned.expected_release}
        rows.append(tuple(adapt[name](values[name]) if name in adapt and values[name] is not None else values[name]
                          for name in names))
    insert_values(Inmate, [f.column for f in fields], rows)
    registers = [planned.values["register_number"] for planned in new_rows]
    return list(Inmate.objects.filter(facility=facility, register_number__in=in_values(registers))
                .order_by("pk").values_list("pk", flat=True))


def write_plan(plan: ImportPlan, *, facility: Facility, user, reason: str, progress: Progress | None = None) -> None:
    """Bulk writes of a checked plan; the caller holds the transaction.

    New stays: one bulk INSERT, then their history, admission and expected-release events and
    the events' history, each as one INSERT ... SELECT (inmates.bulk explains why). Changed
    stays: bulk_update_with_history, plus an expected-release event where the date moved.
    """
    new_rows, changed_rows = plan.new, plan.changed
    total = len(new_rows) + len(changed_rows)
    if progress:
        progress("write", 0, total)
    now = timezone.now()
    who = stored_user(user)
    user_id = who.pk if who is not None else None
    new_ids = _insert_new(new_rows, facility=facility, now=now)
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

    changed, fields, moved = [], {"updated_at", "version"}, []
    for planned in changed_rows:
        inmate = planned.existing
        for name in planned.changed_fields:
            setattr(inmate, name, planned.values[name])
        fields.update(planned.changed_fields)
        nik_status = new_nik_status(planned)
        if nik_status is not None:
            inmate.nik_status, inmate.nik_mismatch_confirmed = nik_status
            fields.update({"nik_status", "nik_mismatch_confirmed"})
        if planned.new_expected_release:
            # The newest expected-release event decides the summary (custody.summarize).
            inmate.expected_release = planned.expected_release
            fields.add("expected_release")
            moved.append(inmate.pk)
        inmate.updated_at = now
        inmate.version += 1  # read under the lock inmates_import holds (Inmate.version)
        changed.append(inmate)
    if changed:
        bulk_update_with_history(changed, Inmate, sorted(fields), batch_size=IMPORT_BATCH, default_user=who,
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
