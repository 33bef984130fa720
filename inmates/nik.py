"""Every NIK and NKK check, in one place, for forms, import and admin alike.

NIK layout (domain.md "NIK and NKK"): PP KK CC DDMMYY SSSS = province, kab/kota, kecamatan
where first issued, birth date (women: day + 40), serial from 0001. The region part is where
the NIK was issued, not where the person lives now. Region codes come from the Kemendagri
editions packaged in regions/data (python-stdnum's list is outdated), read through
regions.reference.

A NIK never changes (UU 24/2013 Pasal 13: "berlaku seumur hidup dan selamanya"; PP 37/2007 Pasal 37),
so a NIK issued before its kab/kota was renumbered keeps the old code for life: 91.xx of Papua before
the 2022 split, 64.xx of Kalimantan Timur before Kalimantan Utara (2012), 92.xx before Papua Barat
Daya. Hence (issue 11): the structure (digits, length, date, serial, agreement with the entered birth
date and sex) is checked as an error; a region code is an error only when its province code never was
a province; a kab/kota code that no edition we hold knows is a warning, naming the renumbering when we
know it; an unknown kecamatan is a warning too. The same rule for the NKK's region part.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from regions import reference
from tps_khusus.dates import long_date
from tps_khusus.numbers import is_digits

NIK_NOT_DIGITS = _("NIK hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan).")
NIK_LENGTH = _("NIK harus 16 digit; yang diisi %(count)s digit.")
NIK_UNKNOWN_PROVINCE = _("Kode provinsi %(code)s pada NIK bukan kode provinsi, dulu maupun sekarang; periksa KTP-el.")
NIK_UNKNOWN_KABKOTA = _("Kode wilayah NIK %(code)s tidak dikenal di edisi %(editions)s; periksa KTP-el.")
NIK_RENUMBERED = _(
    "Kode wilayah NIK %(code)s = %(name)s (sejak %(since)s: %(new_code)s); NIK tetap berlaku walau kode wilayahnya "
    "sudah berganti."
)
NIK_UNKNOWN_KECAMATAN = _(
    "Kode kecamatan %(code)s pada NIK tidak ada dalam daftar Kemendagri; periksa kembali "
    "(kode kecamatan dapat berubah karena pemekaran)."
)
NIK_BAD_DATE = _("Tanggal lahir pada NIK (%(digits)s) bukan tanggal yang valid.")
NIK_SERIAL_ZERO = _("Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
NIK_DATE_MISMATCH = _("Tanggal lahir pada NIK (%(nik_date)s) tidak sama dengan tanggal lahir yang diisi (%(entered)s).")
NIK_SEX_MISMATCH = _("Jenis kelamin pada NIK (%(nik_sex)s) tidak sama dengan jenis kelamin yang diisi (%(entered)s).")
NKK_NOT_DIGITS = _("NKK hanya boleh berisi angka (spasi, titik dan tanda hubung diabaikan).")
NKK_LENGTH = _("NKK harus 16 digit; yang diisi %(count)s digit.")
NKK_UNKNOWN_PROVINCE = _("Kode provinsi %(code)s pada NKK bukan kode provinsi, dulu maupun sekarang; periksa KK.")
NKK_UNKNOWN_KABKOTA = _("Kode wilayah NKK %(code)s tidak dikenal di edisi %(editions)s; periksa KK.")
NKK_RENUMBERED = _(
    "Kode wilayah NKK %(code)s = %(name)s (sejak %(since)s: %(new_code)s); NKK tetap berlaku walau kode wilayahnya "
    "sudah berganti."
)

# Problem codes, so callers can treat the birth-date/sex disagreement differently.
NOT_DIGITS, LENGTH, UNKNOWN_PROVINCE, UNKNOWN_KABKOTA = "not_digits", "length", "province", "kabkota"
RENUMBERED = "renumbered"
UNKNOWN_KECAMATAN, BAD_DATE, SERIAL_ZERO = "kecamatan", "date", "serial"
DATE_MISMATCH, SEX_MISMATCH = "date_mismatch", "sex_mismatch"
MISMATCHES = frozenset({DATE_MISMATCH, SEX_MISMATCH})

_SEPARATORS = re.compile(r"[\s.\-]+")
SEX_LABELS = {"L": _("laki-laki"), "P": _("perempuan")}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Result:
    value: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    birth_day: int | None = None
    birth_month: int | None = None
    birth_yy: int | None = None
    sex: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def only_mismatch(self) -> bool:
        """Valid in itself; only the entered birth date or sex disagrees."""
        return bool(self.errors) and all(p.code in MISMATCHES for p in self.errors)


def normalize(raw: object) -> str:
    return _SEPARATORS.sub("", str(raw or "")).strip()


def _structure(value: str, label_not_digits, label_length) -> list[Problem]:
    if not is_digits(value):
        return [Problem(NOT_DIGITS, str(label_not_digits))]
    if len(value) != 16:
        return [Problem(LENGTH, label_length % {"count": len(value)})]
    return []


def _valid_day_month(day: int, month: int, yy: int) -> bool:
    """Some century makes DD-MM-YY a real date (29 Feb needs a leap year)."""
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def nik_day_shown(day: int, month: int, yy: int) -> str:
    """The NIK's birth date as people read it, the century left open as the NIK leaves it: "9 Juli '85"."""
    return f"{day} {MONTHS[month]} '{yy:02d}"


@dataclass(frozen=True)
class _RegionMessages:
    impossible: object
    unknown: object
    renumbered: object


NIK_MESSAGES = _RegionMessages(NIK_UNKNOWN_PROVINCE, NIK_UNKNOWN_KABKOTA, NIK_RENUMBERED)
NKK_MESSAGES = _RegionMessages(NKK_UNKNOWN_PROVINCE, NKK_UNKNOWN_KABKOTA, NKK_RENUMBERED)


def _shown_name(name: str) -> str:
    """'KAB. MERAUKE' (an old list's capitals) -> 'Kab. Merauke'; other names as they are."""
    return name.title() if name.isupper() else name


def _region(value: str, result: Result, messages: _RegionMessages, *, kecamatan_warning: bool) -> None:
    """The region part (PPKKCC) of a NIK or NKK: an error only for a province code that never was one;
    a kab/kota in no edition held is a warning (with its renumbering when known); so is an unknown
    kecamatan. Codes of every edition count: a NIK keeps the code it was issued with for life."""
    province, kabkota, kecamatan = value[:2], f"{value[:2]}.{value[2:4]}", f"{value[:2]}.{value[2:4]}.{value[4:6]}"
    if not reference.is_or_was_province(province):
        result.errors.append(Problem(UNKNOWN_PROVINCE, messages.impossible % {"code": province}))
    elif not reference.is_known_kabkota(kabkota):
        moved = reference.renumbered(kabkota)
        if moved is not None:
            result.warnings.append(Problem(RENUMBERED, messages.renumbered % {
                "code": value[:4], "name": _shown_name(moved.old_name), "since": moved.since,
                "new_code": moved.new_code}))
        else:
            editions = "/".join(edition.code for edition in reference.region_editions())
            result.warnings.append(Problem(UNKNOWN_KABKOTA, messages.unknown % {
                "code": value[:4], "editions": editions}))
    elif kecamatan_warning and kecamatan not in reference.kecamatan_codes():
        result.warnings.append(Problem(UNKNOWN_KECAMATAN, NIK_UNKNOWN_KECAMATAN % {"code": kecamatan}))


def check_nik(raw: object, *, birth_date: date | None = None, sex: str | None = None) -> Result:
    value = normalize(raw)
    result = Result(value=value)
    result.errors = _structure(value, NIK_NOT_DIGITS, NIK_LENGTH)
    if result.errors:
        return result

    _region(value, result, NIK_MESSAGES, kecamatan_warning=True)

    day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    nik_sex = "P" if day > 40 else "L"
    if nik_sex == "P":
        day -= 40
    if not _valid_day_month(day, month, yy):
        result.errors.append(Problem(BAD_DATE, NIK_BAD_DATE % {"digits": value[6:12]}))
    else:
        result.birth_day, result.birth_month, result.birth_yy, result.sex = day, month, yy, nik_sex

    if value[12:] == "0000":
        result.errors.append(Problem(SERIAL_ZERO, str(NIK_SERIAL_ZERO)))

    if result.birth_day is not None:
        if birth_date is not None and (birth_date.day, birth_date.month, birth_date.year % 100) != (day, month, yy):
            result.errors.append(
                Problem(
                    DATE_MISMATCH,
                    NIK_DATE_MISMATCH % {"nik_date": nik_day_shown(day, month, yy), "entered": long_date(birth_date)},
                )
            )
        if sex in SEX_LABELS and sex != nik_sex:
            result.errors.append(
                Problem(SEX_MISMATCH, NIK_SEX_MISMATCH % {"nik_sex": SEX_LABELS[nik_sex], "entered": SEX_LABELS[sex]})
            )
    return result


def check_nkk(raw: object) -> Result:
    """The NKK (family card number): 16 digits whose region part follows the NIK's rule; a kecamatan the
    editions do not list is not worth a warning on a family card."""
    value = normalize(raw)
    result = Result(value=value)
    result.errors = _structure(value, NKK_NOT_DIGITS, NKK_LENGTH)
    if not result.errors:
        _region(value, result, NKK_MESSAGES, kecamatan_warning=False)
    return result
