"""One set of checks for a WBP's dates, whatever the data comes from: the WBP form, the Django admin,
the Excel import and the registry services all call `check_dates`, so the same person gets the same
messages everywhere (issue 11). Pure: no database.

- birth date not after today and not before 1900;
- admission not after today and not before birth;
- release, expected (tanggal ekspirasi) or recorded, not before admission;
- a WBP under 18 held at a Rutan or Lapas is a warning: UU 11/2012 tentang Sistem Peradilan Pidana Anak
  (a child in conflict with the law is under 18, Pasal 1 angka 3) places detained children in an LPAS
  (Pasal 32(4), Pasal 84(1)) and convicted ones in an LPKA (Pasal 85(1)). A warning, not an error: the
  record may be right and the placement wrong.
"""

from dataclasses import dataclass
from datetime import date

from inmates.messages import (
    ADMISSION_BEFORE_BIRTH,
    BIRTH_IN_FUTURE,
    BIRTH_TOO_OLD,
    DATE_IN_FUTURE,
    EXPECTED_BEFORE_ADMISSION,
    LEFT_BEFORE_ADMISSION,
    MINOR_IN_ADULT_FACILITY,
)
from inmates.models import Facility
from tps_khusus.dates import long_date

EARLIEST_BIRTH_YEAR = 1900
ADULT_AGE = 18  # UU 11/2012 Pasal 1 angka 3: a child is under 18
ADULT_FACILITIES = (Facility.Kind.LAPAS, Facility.Kind.RUTAN)
# The import's column for each field a finding names.
COLUMNS = {"birth_date": "TANGGAL_LAHIR", "admitted_on": "TANGGAL_MASUK", "expected_release": "TANGGAL_EKSPIRASI",
           "left_on": "TANGGAL_KELUAR"}


@dataclass(frozen=True)
class Finding:
    field: str  # the Inmate field the message is about
    message: str
    warning: bool = False

    @property
    def column(self) -> str:
        return COLUMNS[self.field]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _shown(day: date) -> str:
    return long_date(day)


def check_dates(*, birth_date: date | None, admitted_on: date | None = None, expected_release: date | None = None,
                left_on: date | None = None, facility_kind: str | None = None, today: date) -> list[Finding]:
    """Every problem with a WBP's dates, errors first in field order, then warnings."""
    findings: list[Finding] = []
    if birth_date is not None:
        if birth_date > today:
            findings.append(Finding("birth_date", str(BIRTH_IN_FUTURE)))
        elif birth_date.year < EARLIEST_BIRTH_YEAR:
            findings.append(Finding("birth_date", str(BIRTH_TOO_OLD)))
    if admitted_on is not None:
        if admitted_on > today:
            findings.append(Finding("admitted_on", str(DATE_IN_FUTURE)))
        if birth_date is not None and admitted_on < birth_date:
            findings.append(Finding("admitted_on", str(ADMISSION_BEFORE_BIRTH % {
                "admitted": _shown(admitted_on), "birth": _shown(birth_date)})))
        if expected_release is not None and expected_release < admitted_on:
            findings.append(Finding("expected_release", str(EXPECTED_BEFORE_ADMISSION % {
                "date": _shown(admitted_on)})))
        if left_on is not None and left_on < admitted_on:
            findings.append(Finding("left_on", str(LEFT_BEFORE_ADMISSION % {
                "left": _shown(left_on), "date": _shown(admitted_on)})))
    if (birth_date is not None and birth_date <= today and facility_kind in ADULT_FACILITIES
            and age_on(birth_date, today) < ADULT_AGE):
        findings.append(Finding("birth_date", str(MINOR_IN_ADULT_FACILITY % {"age": age_on(birth_date, today)}),
                                warning=True))
    return findings


def errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.warning]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.warning]
