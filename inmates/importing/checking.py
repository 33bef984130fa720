"""Rows of a workbook -> the ImportPlan: parse each row, check it, match it to the register, work out changes.

`validate()` turns the bytes of an uploaded .xlsx into an `ImportPlan`: the rows that would be
created or changed, what would change for people already registered, and every error and
warning with its row and column. It writes nothing. The browser preview, `manage.py
import_inmates` and the commit (inmates.importing.commit, which validates again inside its
transaction) all call it.

Rules (issue #4; docs/import.md explains them to users):
- Headers match case-, space- and punctuation-insensitively, in any order, with a few aliases;
  unknown columns are ignored and listed. Row numbers are Excel's (the header is usually row 1).
- A NIK or NKK in a numeric cell is refused: Excel keeps 15 significant digits, so the 16th may
  already be lost.
- NIK checks come from inmates.nik. A NIK whose birth date or sex disagrees with the row is an
  error here; the form lets an officer confirm such a case one person at a time, and a stay so
  confirmed keeps importing while its NIK, birth date and sex stay the same.
- A row is matched to a stay of this facility on its register number, then on an active NIK.
  A NIK active at another facility is an error, worded by inmates.selectors (the same rule as
  the form's).
- A column absent from the file leaves that field of existing people alone. A blank NIK or
  TANGGAL_EKSPIRASI never erases a stored one (SDP exports often lack what the registry knows).
- KODE_WILAYAH may be a kecamatan code: the kecamatan itself becomes the home region
  (Inmate.home_region accepts any level; the form later asks for the desa) with a warning.
- Existing stays are read with a fixed number of queries per file, never one per row.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as gettext_now

from inmates import crosscheck, validation
from inmates import nik as nik_checks
from inmates.importing import reading
from inmates.importing.columns import COLUMNS, CellError
from inmates.importing.messages import (
    ADMISSION_DIFFERS,
    DATE_WITHOUT_STATUS,
    DESA_KEPT,
    DUPLICATE_IN_FILE,
    FORMULA_WITHOUT_VALUE,
    KECAMATAN_ONLY,
    MISMATCH_CONFIRMED,
    NIK_KEPT,
    REVOKED_WITHOUT_DECISION,
    STAY_ENDED,
    STAY_INCOMING,
    UNKNOWN_COLUMN,
)
from inmates.messages import NIK_USED_HERE, REVOKED_UNTIL_BEFORE_FROM
from inmates.models import ACTIVE_STATES, CustodyState, Facility, Inmate, RevokedRight, TniPolriStatus
from inmates.selectors import active_nik_holders, nik_holder_message
from regions import reference
from tps_khusus.dates import long_date


@dataclass(frozen=True)
class Issue:
    row: int | None  # Excel row number; None for the file as a whole
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class PlannedRow:
    row: int
    values: dict  # Inmate attribute -> value, for the columns present in the file
    admitted_on: date
    expected_release: date | None
    existing: Inmate | None = None
    changes: list[Change] = field(default_factory=list)
    changed_fields: list[str] = field(default_factory=list)
    new_expected_release: bool = False
    desa_kept: "Issue | None" = None  # the warning saying a stored desa was kept over a kecamatan code

    @property
    def name(self) -> str:
        return self.values.get("full_name") or (self.existing.full_name if self.existing else "")

    @property
    def register_number(self) -> str:
        return self.values["register_number"]


@dataclass
class ImportPlan:
    """What a file would do to one facility's register; `ok` when it may be written."""

    file_name: str
    sha256: str
    sheet: str = ""
    data_rows: int = 0
    columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    not_in_file: int = 0  # people held here whom the file does not mention (left as they are)
    # Stays at other facilities this check told the user about (inmates.selectors.NikHolder), as logged.
    shown_elsewhere: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.existing is None]

    @property
    def changed(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.existing is not None and (row.changed_fields or row.new_expected_release)]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [row for row in self.rows
                if row.existing is not None and not row.changed_fields and not row.new_expected_release]

    @property
    def has_changes(self) -> bool:
        return any(row.existing is None or row.changed_fields or row.new_expected_release for row in self.rows)

    def counts(self) -> dict[str, int]:
        return {"created": len(self.new), "updated": len(self.changed), "unchanged": len(self.unchanged)}


# progress(stage, done, total), stage "read", "check" or "write": a command's progress bar.
Progress = Callable[[str, int, int], None]


# Checking -------------------------------------------------------------------------------------

@dataclass
class _Parsed:
    row: int
    values: dict
    admitted_on: date | None
    expected_release: date | None
    mismatches: list  # NIK birth-date/sex disagreements, decided once the stay is matched


_UNPARSED = object()


def _parse_rows(rows, mapping, plan: ImportPlan, today: date, progress: Progress | None,
                sheet: reading.Sheet, facility_kind: str | None = None) -> list[_Parsed]:
    errors, warnings = plan.errors, plan.warnings
    formulas = sheet.extent.formulas_without_value if sheet.extent is not None else {}
    parsed: list[_Parsed] = []
    first_register: dict[str, int] = {}
    first_nik: dict[str, int] = {}
    total = len(rows)
    # Each column's parser is a function of the raw cell alone, and most columns repeat a few values (L/P,
    # WNI, a code, a date): each distinct cell is parsed once per file. Keyed by type too (True == 1 == 1.0).
    parsers = [(index, column, column.parse, {}, column.field) for index, column in mapping]
    nkk_results: dict[str, nik_checks.Result] = {}
    for position, (number, cells) in enumerate(rows):
        if progress and position % 1000 == 0:
            progress("check", position, total)
        values: dict = {}
        dates: dict[str, date | None] = {}
        bad = False
        width = len(cells)
        uncomputed = formulas.get(number, 0)  # cells with a formula but no stored value, which read as empty
        for index, column, parse, parsed_cells, field_name in parsers:
            if uncomputed and uncomputed >> index & 1:
                errors.append(Issue(number, column.name, str(FORMULA_WITHOUT_VALUE)))
                bad = True
                continue
            raw = cells[index] if index < width else ""
            key = (raw.__class__, raw)
            value = parsed_cells.get(key, _UNPARSED)
            if value is _UNPARSED:
                try:
                    value = parse(raw)
                except CellError as error:
                    value = error
                parsed_cells[key] = value
            if value.__class__ is CellError:
                errors.append(Issue(number, column.name, str(value)))
                bad = True
                continue
            if field_name is None:
                dates[column.name] = value
            else:
                values[field_name] = value
        admitted_on, expected_release = dates.get("TANGGAL_MASUK"), dates.get("TANGGAL_EKSPIRASI")

        birth = values.get("birth_date")
        # The same checks and words as the form and the admin (inmates.validation).
        for finding in validation.check_dates(birth_date=birth, admitted_on=admitted_on,
                                              expected_release=expected_release, facility_kind=facility_kind,
                                              today=today):
            (warnings if finding.warning else errors).append(Issue(number, finding.column, finding.message))
            bad = bad or not finding.warning

        mismatches = []
        nik = values.get("nik")
        if nik:
            result = nik_checks.check_nik(nik, birth_date=birth, sex=values.get("sex"))
            for problem in result.errors:
                if problem.code in nik_checks.MISMATCHES:
                    mismatches.append(problem)
                else:
                    errors.append(Issue(number, "NIK", problem.message))
                    bad = True
            for problem in result.warnings:
                warnings.append(Issue(number, "NIK", problem.message))
        elif "nik" in values:
            values["nik"] = None
        nkk = values.get("nkk")
        if nkk:
            result = nkk_results.get(nkk)
            if result is None:
                result = nkk_results[nkk] = nik_checks.check_nkk(nkk)
            for problem in result.errors:
                errors.append(Issue(number, "NKK", problem.message))
                bad = True
            for problem in result.warnings:
                warnings.append(Issue(number, "NKK", problem.message))

        region = values.get("home_region_id")
        if region and len(region) == 8:
            warnings.append(Issue(number, "KODE_WILAYAH", str(KECAMATAN_ONLY % {
                "code": region, "name": reference.names()[region]})))
        bad = _check_status_dates(number, values, errors, warnings) or bad

        register = values.get("register_number")
        if register:
            if register in first_register:
                errors.append(Issue(number, "NO_REGISTER", str(DUPLICATE_IN_FILE % {
                    "column": "NO_REGISTER", "value": register, "row": first_register[register]})))
                bad = True
            else:
                first_register[register] = number
        if nik:
            if nik in first_nik:
                errors.append(Issue(number, "NIK", str(DUPLICATE_IN_FILE % {
                    "column": "NIK", "value": nik, "row": first_nik[nik]})))
                bad = True
            else:
                first_nik[nik] = number
        if not bad:
            parsed.append(_Parsed(number, values, admitted_on, expected_release, mismatches))
    if progress:
        progress("check", total, total)
    return parsed


def _check_status_dates(number: int, values: dict, errors: list, warnings: list) -> bool:
    """Dates that belong to TNI_POLRI or HAK_PILIH_DICABUT. A status of N clears its dates (a date given
    with it is ignored, with a warning); a revocation ending before it starts is an error. True when the
    row has an error."""
    if values.get("tni_polri_status") == TniPolriStatus.NONE:
        if values.get("tni_polri_since"):
            warnings.append(Issue(number, "TANGGAL_TNI_POLRI", str(DATE_WITHOUT_STATUS % {
                "column": "TANGGAL_TNI_POLRI", "status": "TNI_POLRI"})))
        values["tni_polri_since"] = None
    if "revoked_right" not in values:
        return False
    if values["revoked_right"] == RevokedRight.NONE:
        for name, column in (("revoked_from", "DICABUT_SEJAK"), ("revoked_until", "DICABUT_SAMPAI")):
            if values.get(name):
                warnings.append(Issue(number, column, str(DATE_WITHOUT_STATUS % {
                    "column": column, "status": "HAK_PILIH_DICABUT"})))
            values[name] = None
        return False
    if not values.get("revocation_decision_number"):
        warnings.append(Issue(number, "HAK_PILIH_DICABUT", str(REVOKED_WITHOUT_DECISION)))
    start, until = values.get("revoked_from"), values.get("revoked_until")
    if start and until and until < start:
        errors.append(Issue(number, "DICABUT_SAMPAI", str(REVOKED_UNTIL_BEFORE_FROM % {
            "date": long_date(start)})))
        return True
    return False


COMPARED = [column.field for column in COLUMNS if column.field]
CHOICE_LABELS = {name: dict(Inmate._meta.get_field(name).choices) for name in ("tni_polri_status", "revoked_right")}
LABELS = {name: Inmate._meta.get_field(name.removesuffix("_id")).verbose_name for name in COMPARED}


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext_now("Ya") if value else gettext_now("Tidak")
    if isinstance(value, date):
        return long_date(value)
    if name == "home_region_id":
        return f"{value} {reference.names().get(value, '')}".strip()
    if name in CHOICE_LABELS:
        return str(CHOICE_LABELS[name].get(value, value))
    return str(value)


def _probes(parsed: list[_Parsed], by_register: dict, by_nik: dict) -> list[tuple]:
    """The people this file compares with other facilities (inmates.crosscheck): rows that would create a
    stay, whose NIK is not held here, or that rename their stay."""
    people = []
    for row in parsed:
        values = row.values
        nik, name, birth = values.get("nik"), values.get("full_name"), values.get("birth_date")
        existing = by_register.get(values["register_number"]) or (by_nik.get(nik) if nik else None)
        if (existing is None or (nik and nik not in by_nik) or (name or "").upper() != existing.full_name.upper()
                or birth != existing.birth_date):
            people.append((nik if nik and nik not in by_nik else None, name, birth))
    return people


STAY_FIELDS = [field.attname for field in Inmate._meta.concrete_fields]
_PK, _REGISTER, _NIK, _STATE = (STAY_FIELDS.index(name) for name in ("id", "register_number", "nik", "custody_state"))


def _active_stays(facility: Facility, parsed: list[_Parsed]) -> tuple[list[tuple[int, str]], dict, dict]:
    """The facility's active stays as (pk, custody state), and those the file names by register number or
    NIK as Inmates by register number and by NIK (one object per stay in both). One query: the stays come
    as rows, and only the few the file mentions become model instances (a large facility holds thousands)."""
    registers = {row.values["register_number"] for row in parsed}
    niks = {row.values["nik"] for row in parsed if row.values.get("nik")}
    queryset = Inmate.objects.filter(facility=facility, custody_state__in=ACTIVE_STATES)
    active, by_register, by_nik = [], {}, {}
    for values in queryset.values_list(*STAY_FIELDS):
        register, nik = values[_REGISTER], values[_NIK]
        active.append((values[_PK], values[_STATE]))
        if (register and register in registers) or (nik and nik in niks):
            inmate = Inmate.from_db(queryset.db, STAY_FIELDS, values)
            if register:
                by_register[register] = inmate
            if nik:
                by_nik[nik] = inmate
    return active, by_register, by_nik


def _match(parsed: list[_Parsed], plan: ImportPlan, facility: Facility, user, shown_in: str) -> None:
    """Find each row's stay, check NIK conflicts, and work out what would change."""
    errors, warnings = plan.errors, plan.warnings
    active, by_register, by_nik = _active_stays(facility, parsed)
    ended = dict(
        Inmate.objects.filter(facility=facility, register_number__isnull=False)
        .exclude(custody_state__in=ACTIVE_STATES)
        .values_list("register_number", "custody_state")
    )
    # Counted against the user's daily allowance before anything is looked up at other facilities; beyond
    # it the file is refused as a whole and nothing about other facilities is looked up or said.
    niks = sorted({row.values["nik"] for row in parsed if row.values.get("nik") and row.values["nik"] not in by_nik})
    try:
        crosscheck.spend(user=user, people=_probes(parsed, by_register, by_nik))
    except crosscheck.ChecksExceeded as exceeded:
        errors.append(Issue(None, None, exceeded.message))
        return
    # NIK of the file active at another facility, told as this user may be told (one query).
    elsewhere = active_nik_holders(niks=niks, user=user, exclude_facility_id=facility.pk)

    seen: set[int] = set()
    for row in parsed:
        number, values = row.row, row.values
        register, nik = values["register_number"], values.get("nik")
        existing = by_register.get(register)
        if existing is None and register in ended:
            state = CustodyState(ended[register]).label.lower()
            errors.append(Issue(number, "NO_REGISTER", str(STAY_ENDED % {"number": register, "state": state})))
            continue
        if existing is None and nik and nik in by_nik:
            existing = by_nik[nik]
            if existing.custody_state == CustodyState.INCOMING:
                errors.append(Issue(number, "NIK", str(STAY_INCOMING)))
                continue
        if nik:
            holder = by_nik.get(nik)
            if holder is not None and holder is not existing:
                errors.append(Issue(number, "NIK", str(NIK_USED_HERE % {"register": holder.register_number or "-"})))
                continue
            if nik in elsewhere:
                errors.append(Issue(number, "NIK", nik_holder_message(elsewhere[nik], facility_id=facility.pk)))
                plan.shown_elsewhere.append(elsewhere[nik])
                continue
        if existing is not None and existing.pk in seen:
            # Two rows reach the same stay: one by register number, the other by its NIK.
            errors.append(Issue(number, "NIK", str(NIK_USED_HERE % {"register": existing.register_number or "-"})))
            continue
        if not _mismatches_accepted(row, existing, errors, warnings):
            continue
        if existing is not None:
            _keep_stored_dates(row.values, existing)
            if not _period_in_order(row, existing, errors):
                continue
        planned = PlannedRow(number, values, row.admitted_on, row.expected_release, existing)
        if existing is not None:
            seen.add(existing.pk)
            _compare(planned, warnings)
        plan.rows.append(planned)
    kept = {planned.row: planned.desa_kept for planned in plan.rows if planned.desa_kept}
    if kept:
        warnings[:] = [w for w in warnings if w.column != "KODE_WILAYAH" or kept.get(w.row, w) is w]
    plan.not_in_file = sum(1 for pk, state in active if state == CustodyState.HELD and pk not in seen)
    # Every match with another facility this check reports, logged as shown (one INSERT).
    crosscheck.log_nik_matches(plan.shown_elsewhere, user=user, where=shown_in, facility_id=facility.pk)


STATUS_DATES = {"tni_polri_since": ("tni_polri_status", TniPolriStatus.NONE),
                "revoked_from": ("revoked_right", RevokedRight.NONE), "revoked_until": ("revoked_right", RevokedRight.NONE)}


def _keep_stored_dates(values: dict, existing: Inmate) -> None:
    """A blank TANGGAL_TNI_POLRI, DICABUT_SEJAK or DICABUT_SAMPAI never erases a stored date (SDP exports
    often lack them), unless the row sets its status to N, which clears the dates."""
    for name, (status_field, none) in STATUS_DATES.items():
        blank = name in values and values[name] is None and getattr(existing, name) is not None
        if blank and values.get(status_field, getattr(existing, status_field)) != none:
            values.pop(name)


def _period_in_order(row: _Parsed, existing: Inmate, errors: list) -> bool:
    """A file that gives one end of a revocation period must fit the other end already stored."""
    values = row.values
    start = values.get("revoked_from", existing.revoked_from)
    until = values.get("revoked_until", existing.revoked_until)
    if start and until and until < start:
        column = "DICABUT_SAMPAI" if "revoked_until" in values else "DICABUT_SEJAK"
        errors.append(Issue(row.row, column, str(REVOKED_UNTIL_BEFORE_FROM % {"date": long_date(start)})))
        return False
    return True


def _mismatches_accepted(row: _Parsed, existing: Inmate | None, errors: list, warnings: list) -> bool:
    """A NIK disagreeing with the birth date or sex is an error, unless an officer confirmed this very case."""
    if not row.mismatches:
        return True
    values = row.values
    confirmed = (
        existing is not None and existing.nik_mismatch_confirmed and existing.nik == values.get("nik")
        and existing.birth_date == values.get("birth_date") and existing.sex == values.get("sex")
    )
    for problem in row.mismatches:
        if confirmed:
            warnings.append(Issue(row.row, "NIK", str(MISMATCH_CONFIRMED % {"problem": problem.message})))
        else:
            errors.append(Issue(row.row, "NIK", problem.message))
    return confirmed


def _compare(planned: PlannedRow, warnings: list) -> None:
    existing, values = planned.existing, planned.values
    if "nik" in values and values["nik"] is None and existing.nik:
        warnings.append(Issue(planned.row, "NIK", str(NIK_KEPT % {"nik": existing.nik})))
        values.pop("nik")
    region = values.get("home_region_id")
    if region and len(region) == 8 and (existing.home_region_id or "").startswith(f"{region}."):
        # Less precise than what is stored, and consistent with it: keep the desa (the caller drops the
        # row's earlier "saved at kecamatan level" warning, which no longer holds).
        planned.desa_kept = Issue(planned.row, "KODE_WILAYAH", str(DESA_KEPT % {"code": existing.home_region_id}))
        warnings.append(planned.desa_kept)
        values.pop("home_region_id")
    for name, new in values.items():
        old = getattr(existing, name)
        if old != new:
            planned.changed_fields.append(name)
            planned.changes.append(Change(str(LABELS[name]), _shown(name, old), _shown(name, new)))
    if planned.expected_release is not None and planned.expected_release != existing.expected_release:
        planned.new_expected_release = True
        planned.changes.append(Change(
            str(Inmate._meta.get_field("expected_release").verbose_name),
            _shown("", existing.expected_release), _shown("", planned.expected_release)))
    if planned.admitted_on != existing.admitted_on and existing.admitted_on is not None:
        warnings.append(Issue(planned.row, "TANGGAL_MASUK", str(ADMISSION_DIFFERS % {
            "file": long_date(planned.admitted_on), "stored": long_date(existing.admitted_on)})))


def validate(data: bytes, *, facility: Facility, user, file_name: str, progress: Progress | None = None,
             shown_in: str = crosscheck.Where.IMPORT_PREVIEW) -> ImportPlan:
    """Read and check a workbook for `facility`; the ImportPlan lists every problem and every change.

    `user` decides what the messages may say about other facilities (inmates.selectors.
    active_nik_holders; pass accounts.access.SYSTEM for the server itself) and whose daily allowance
    of checks against other facilities the file spends (inmates.crosscheck). Every match with another
    facility it reports is logged as shown to `user` in `shown_in`.
    """
    plan = ImportPlan(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    try:
        if progress:
            progress("read", 0, 1)
        sheet = reading.read_sheet(data)
        plan.sheet, rows = sheet.name, sheet.rows
        position = reading.find_header(rows, plan.sheet)
        header = reading.map_header(rows[position][1], row=rows[position][0])
        for title in header.unknown:
            plan.ignored_columns.append(title)
            plan.warnings.append(Issue(header.row, title, str(UNKNOWN_COLUMN % {"column": title})))
        if header.problem:
            raise reading.Rejected(header.problem)
        plan.columns = [column.name for _index, column in header.columns]
        rows = reading.data_rows(rows, position)
    except reading.Rejected as problem:
        plan.errors.append(Issue(None, None, problem.message))
        return plan
    plan.data_rows = len(rows)
    parsed = _parse_rows(rows, header.columns, plan, timezone.localdate(), progress, sheet, facility.kind)
    _match(parsed, plan, facility, user, shown_in)
    plan.errors.sort(key=lambda issue: (issue.row or 0))
    plan.warnings.sort(key=lambda issue: (issue.row or 0))
    return plan
