"""The columns of the import workbook: one declaration the reader, the template and its PETUNJUK sheet share.

Each Column names its header, its aliases, the Inmate field it fills and the parser that turns a
raw cell (as python-calamine gives it: str, float, int, bool, date, datetime, time) into that
field's value, raising CellError with the message to show.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from inmates import nik as nik_checks
from inmates.importing.messages import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_DISABILITY,
    BAD_KTP_EL,
    BAD_REGION,
    BAD_REVOKED_RIGHT,
    BAD_RT_RW,
    BAD_TNI_POLRI,
    NO_SUCH_DATE,
    NUMBER_NOT_DATE,
    NUMERIC_NUMBER,
    REQUIRED,
    TOO_LONG,
    UNKNOWN_REGION,
)
from inmates.models import (
    Citizenship,
    DetentionStatus,
    Disability,
    MaritalStatus,
    RevokedRight,
    Sex,
    TniPolriStatus,
)
from regions import reference
from tps_khusus.numbers import is_digits


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""


# Cell parsers: raw calamine value (str, float, int, bool, date, datetime, time) -> Python value.

def cell_text(raw) -> str:
    """A cell as tidy text: spaces collapsed, whole numbers without ".0", dates as dd-mm-yyyy."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return " ".join(raw.split())
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.strftime("%d-%m-%Y")
    return str(raw).strip()


def _bounded(max_length: int, *, required: bool) -> Callable:
    def parse(raw):
        value = cell_text(raw)
        if not value and required:
            raise CellError(REQUIRED)
        if len(value) > max_length:
            raise CellError(TOO_LONG % {"max": max_length, "count": len(value)})
        return value
    return parse


def _number_as_text(column: str) -> Callable:
    """NIK and NKK must arrive as text: a numeric cell may already have lost its last digit."""
    def parse(raw):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise CellError(NUMERIC_NUMBER % {"column": column})
        return nik_checks.normalize(cell_text(raw))
    return parse


_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _date(*, required: bool) -> Callable:
    def parse(raw):
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise CellError(NUMBER_NOT_DATE % {"value": cell_text(raw)})
        text = cell_text(raw)
        if not text:
            if required:
                raise CellError(REQUIRED)
            return None
        match = _DMY.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
        else:
            match = _YMD.match(text)
            if not match:
                raise CellError(BAD_DATE % {"value": text})
            year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise CellError(NO_SUCH_DATE % {"value": text}) from None
    return parse


_NOT_IN_KEY = re.compile(r"[^A-Z0-9]")


def header_key(text: str) -> str:
    """What is compared of a header or a code: upper case, letters and digits only."""
    return _NOT_IN_KEY.sub("", text.upper())


def _choice(mapping: dict[str, object], shown: str, *, default=None, message=BAD_CHOICE) -> Callable:
    table = {header_key(name): value for name, value in mapping.items()}

    def parse(raw):
        if isinstance(raw, bool):
            raw = "Y" if raw else "N"
        text = cell_text(raw)
        if not text:
            if default is None:
                raise CellError(REQUIRED)
            return default
        # A key is its own header_key: text that is one already is looked up as it is.
        found = table.get(text)
        if found is not None:
            return found
        try:
            return table[header_key(text)]
        except KeyError:
            raise CellError(message % {"value": text, "choices": shown}) from None
    return parse


YES_NO = {"Y": True, "YA": True, "YES": True, "1": True, "N": False, "T": False, "TIDAK": False, "NO": False,
          "0": False}
KTP_EL = {**YES_NO, "S": True, "SUDAH": True, "B": False, "BELUM": False}
SEXES = {"L": Sex.MALE, "LK": Sex.MALE, "LAKI-LAKI": Sex.MALE, "LAKI LAKI": Sex.MALE, "P": Sex.FEMALE,
         "PR": Sex.FEMALE, "PEREMPUAN": Sex.FEMALE, "WANITA": Sex.FEMALE}
MARITAL = {"B": MaritalStatus.NEVER, "BELUM KAWIN": MaritalStatus.NEVER, "S": MaritalStatus.MARRIED,
           "K": MaritalStatus.MARRIED, "KAWIN": MaritalStatus.MARRIED, "SUDAH KAWIN": MaritalStatus.MARRIED,
           "P": MaritalStatus.WAS_MARRIED, "PERNAH KAWIN": MaritalStatus.WAS_MARRIED,
           "CERAI HIDUP": MaritalStatus.WAS_MARRIED, "CERAI MATI": MaritalStatus.WAS_MARRIED}
CITIZENSHIP = {"WNI": Citizenship.WNI, "WNA": Citizenship.WNA}
# TNI_POLRI: Y/N as before (Y = active), or the status itself (UU 7/2017 Pasal 200: only active members do not vote).
TNI_POLRI = {**{key: (TniPolriStatus.ACTIVE if value else TniPolriStatus.NONE) for key, value in YES_NO.items()},
             "BUKAN": TniPolriStatus.NONE, "AKTIF": TniPolriStatus.ACTIVE, "PURNAWIRAWAN": TniPolriStatus.RETIRED,
             "PURN": TniPolriStatus.RETIRED, "PENSIUNAN": TniPolriStatus.RETIRED, "PENSIUN": TniPolriStatus.RETIRED,
             "DIBERHENTIKAN": TniPolriStatus.DISMISSED, "DIPECAT": TniPolriStatus.DISMISSED}
# HAK_PILIH_DICABUT: Y/N as before (Y = the right to vote, no end date), or which right was revoked.
REVOKED = {**{key: (RevokedRight.VOTE if value else RevokedRight.NONE) for key, value in YES_NO.items()},
           "MEMILIH": RevokedRight.VOTE, "HAK MEMILIH": RevokedRight.VOTE,
           "MEMILIH_DIPILIH": RevokedRight.VOTE_AND_STAND, "MEMILIH DAN DIPILIH": RevokedRight.VOTE_AND_STAND,
           "HAK MEMILIH DAN DIPILIH": RevokedRight.VOTE_AND_STAND,
           "DIPILIH": RevokedRight.STAND_ONLY, "HANYA DIPILIH": RevokedRight.STAND_ONLY,
           "HAK DIPILIH": RevokedRight.STAND_ONLY}
DETENTION = {"TAHANAN": DetentionStatus.DETAINEE, "T": DetentionStatus.DETAINEE,
             "NARAPIDANA": DetentionStatus.CONVICT, "NAPI": DetentionStatus.CONVICT, "N": DetentionStatus.CONVICT}


DISABILITY_CODES = frozenset(Disability.values)


def _disability(raw):
    text = cell_text(raw)
    if not text:
        return Disability.NONE
    if is_digits(text) and int(text) in DISABILITY_CODES:
        return int(text)
    for value, label in Disability.choices:
        if header_key(str(label)) == header_key(text):
            return value
    raise CellError(BAD_DISABILITY % {"value": text})


def _rt_rw(raw):
    text = cell_text(raw)
    if not text:
        return ""
    if not is_digits(text) or len(text) > 3:
        raise CellError(BAD_RT_RW % {"value": text})
    return text.zfill(3)


def _region(raw):
    """A desa/kelurahan or kecamatan code of the 2025 edition, dotted or not -> dotted code."""
    text = cell_text(raw)
    if not text:
        raise CellError(REQUIRED)
    digits = text.replace(".", "").replace(" ", "")
    if not is_digits(digits) or len(digits) not in (6, 10):
        raise CellError(BAD_REGION % {"value": text})
    code = reference.dotted(digits)
    if code not in reference.names():
        raise CellError(UNKNOWN_REGION % {"code": code})
    return code


@dataclass(frozen=True)
class Column:
    """One column of the import workbook: the template, the explanation sheet and the reader use it."""

    name: str
    field: str | None  # Inmate attribute, or None for the custody dates (they become events)
    parse: Callable
    help: str
    example: str
    required: bool = False  # the column must be present
    may_be_blank: bool = False  # ... even though its cells may be empty (NIK: not everyone has one)
    aliases: tuple[str, ...] = ()
    text_format: bool = False  # formatted as text in the template (NIK, NKK)
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template
    width: int = 14
    in_template: bool = True


COLUMNS: tuple[Column, ...] = (
    Column("NO_REGISTER", "register_number", _bounded(40, required=True),
           _("Nomor register WBP di Lapas/Rutan ini (wajib, tidak boleh ganda dalam file)."), "BI.0123/2024",
           required=True, aliases=("NOMOR_REGISTER", "NO_REG", "REGISTER", "NOMOR_REG"), width=16),
    Column("NIK", "nik", _number_as_text("NIK"),
           _("16 digit sesuai KTP-el atau KK. Kosongkan bila belum memiliki NIK. Kolom harus berformat Teks."),
           "3316091705900007", required=True, may_be_blank=True, aliases=("NOMOR_INDUK_KEPENDUDUKAN", "NO_NIK"),
           text_format=True,
           width=20),
    Column("NKK", "nkk", _number_as_text("NKK"),
           _("Nomor Kartu Keluarga, 16 digit. Boleh kosong. Kolom harus berformat Teks."), "3316090101230001",
           aliases=("NO_KK", "NOMOR_KK", "NOMOR_KARTU_KELUARGA"), text_format=True, width=20),
    Column("NAMA", "full_name", _bounded(120, required=True), _("Nama lengkap sesuai KTP-el/KK (wajib)."),
           "BUDI SANTOSO", required=True, aliases=("NAMA_LENGKAP", "NAMA_WBP"), width=28),
    Column("NAMA_IBU", "mother_name", _bounded(120, required=False),
           _("Nama ibu kandung; Dukcapil memakainya untuk mencari data kependudukan."), "SUMIATI",
           aliases=("NAMA_IBU_KANDUNG", "IBU_KANDUNG"), width=24),
    Column("TEMPAT_LAHIR", "birth_place", _bounded(80, required=True), _("Tempat lahir (wajib)."), "BLORA",
           required=True, aliases=("TMP_LAHIR", "TEMPAT_LHR"), width=16),
    Column("TANGGAL_LAHIR", "birth_date", _date(required=True),
           _("Tanggal lahir (wajib): tanggal Excel, atau teks dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd."), "17-05-1990",
           required=True, aliases=("TGL_LAHIR", "TANGGAL_LHR"), width=14),
    Column("JENIS_KELAMIN", "sex", _choice(SEXES, "L, P"), _("L (laki-laki) atau P (perempuan) (wajib)."), "L",
           required=True, aliases=("JK", "L_P", "KELAMIN", "SEX"), choices=("L", "P"), width=8),
    Column("STATUS_PERKAWINAN", "marital_status", _choice(MARITAL, "B, S, P"),
           _("B (belum kawin), S (sudah kawin) atau P (pernah kawin/cerai) (wajib)."), "S", required=True,
           aliases=("STATUS_KAWIN", "KAWIN", "PERKAWINAN", "STS_KAWIN"), choices=("B", "S", "P"), width=8),
    Column("KEWARGANEGARAAN", "citizenship", _choice(CITIZENSHIP, "WNI, WNA", default=Citizenship.WNI),
           _("WNI atau WNA. Kosong dianggap WNI."), "WNI", aliases=("WARGA_NEGARA", "WN"), choices=("WNI", "WNA"),
           width=8),
    Column("ALAMAT", "address", _bounded(200, required=False),
           _("Alamat sesuai KTP-el: jalan, dusun, nomor rumah (tanpa RT/RW dan desa)."), "Jl. Pemuda No. 1",
           aliases=("ALAMAT_KTP", "JALAN"), width=28),
    Column("RT", "rt", _rt_rw, _("RT sesuai KTP-el, paling banyak 3 angka."), "001", width=6),
    Column("RW", "rw", _rt_rw, _("RW sesuai KTP-el, paling banyak 3 angka."), "002", width=6),
    Column("KODE_WILAYAH", "home_region_id", _region,
           _("Kode desa/kelurahan alamat KTP-el menurut Kemendagri 2025, dengan atau tanpa titik (wajib). "
             "Kode kecamatan diterima bila desanya belum diketahui; desanya dilengkapi kemudian."),
           "33.16.09.1013", required=True, aliases=("KODE_DESA", "KODE_KELURAHAN", "KODE_WIL", "KODE_DAGRI"),
           text_format=True, width=16),
    Column("DISABILITAS", "disability", _disability,
           _("0 tidak ada, 1 fisik, 2 intelektual, 3 mental, 4 sensorik wicara, 5 sensorik rungu, "
             "6 sensorik netra. Kosong dianggap 0."), "0", aliases=("DIFABEL", "JENIS_DISABILITAS"),
           choices=("0", "1", "2", "3", "4", "5", "6"), width=8),
    Column("KTP_EL", "ktp_el_recorded", _choice(KTP_EL, "S, B", default=False, message=BAD_KTP_EL),
           _("S bila KTP-el sudah direkam, B bila belum (Y/N juga diterima). Kosong dianggap B."), "S",
           aliases=("KTPEL", "STATUS_KTP_EL", "REKAM_KTP_EL"), choices=("S", "B"), width=8),
    Column("STATUS_TAHANAN", "detention_status", _choice(DETENTION, "TAHANAN, NARAPIDANA"),
           _("TAHANAN atau NARAPIDANA (wajib)."), "NARAPIDANA", required=True,
           aliases=("STATUS", "STATUS_WBP", "JENIS_TAHANAN"), choices=("TAHANAN", "NARAPIDANA"), width=14),
    Column("TANGGAL_MASUK", None, _date(required=True),
           _("Tanggal masuk Lapas/Rutan ini (wajib, tidak boleh setelah hari ini)."), "01-06-2023", required=True,
           aliases=("TGL_MASUK", "TANGGAL_DITAHAN"), width=14),
    Column("TANGGAL_EKSPIRASI", None, _date(required=False),
           _("Tanggal ekspirasi (perkiraan bebas). Kosongkan bila belum diketahui; yang tersimpan tidak dihapus."),
           "31-12-2026", aliases=("TGL_EKSPIRASI", "EKSPIRASI", "TANGGAL_BEBAS", "TGL_BEBAS"), width=14),
    Column("TNI_POLRI", "tni_polri_status",
           _choice(TNI_POLRI, "N, AKTIF, PURNAWIRAWAN, DIBERHENTIKAN", default=TniPolriStatus.NONE,
                   message=BAD_TNI_POLRI),
           _("N bila bukan anggota TNI/Polri; AKTIF, PURNAWIRAWAN (pensiun) atau DIBERHENTIKAN. Y dibaca AKTIF. "
             "Hanya anggota aktif pada hari pemungutan suara yang tidak memilih. Kosong dianggap N."), "N",
           aliases=("TNI", "POLRI", "STATUS_TNI_POLRI"), choices=("N", "AKTIF", "PURNAWIRAWAN", "DIBERHENTIKAN", "Y"),
           width=14),
    Column("TANGGAL_TNI_POLRI", "tni_polri_since", _date(required=False),
           _("Tanggal status TNI_POLRI berlaku (TMT pensiun atau pemberhentian). Boleh kosong; kosong pada "
             "PURNAWIRAWAN/DIBERHENTIKAN berarti sudah berlaku sebelumnya."), "01-03-2020",
           aliases=("TGL_TNI_POLRI", "TMT_TNI_POLRI", "TANGGAL_PENSIUN", "TMT_PENSIUN"), width=14),
    Column("HAK_PILIH_DICABUT", "revoked_right",
           _choice(REVOKED, "N, MEMILIH, MEMILIH_DIPILIH, DIPILIH", default=RevokedRight.NONE,
                   message=BAD_REVOKED_RIGHT),
           _("Hak yang dicabut putusan pengadilan berkekuatan hukum tetap: MEMILIH, MEMILIH_DIPILIH, atau DIPILIH "
             "(hanya hak dipilih: tetap memilih). Y dibaca MEMILIH tanpa batas waktu. Kosong dianggap N."), "N",
           aliases=("HAK_PILIH_CABUT", "PENCABUTAN_HAK_PILIH", "HAK_DICABUT"),
           choices=("N", "MEMILIH", "MEMILIH_DIPILIH", "DIPILIH", "Y"), width=16),
    Column("DICABUT_SEJAK", "revoked_from", _date(required=False),
           _("Hari pertama pencabutan hak berlaku. Kosong: sejak tanggal putusan."), "05-03-2023",
           aliases=("PENCABUTAN_MULAI", "CABUT_SEJAK", "HAK_PILIH_DICABUT_SEJAK"), width=14),
    Column("DICABUT_SAMPAI", "revoked_until", _date(required=False),
           _("Hari terakhir pencabutan hak berlaku. Kosong: tanpa batas waktu."), "04-03-2028",
           aliases=("PENCABUTAN_SAMPAI", "CABUT_SAMPAI", "HAK_PILIH_DICABUT_SAMPAI"), width=14),
    # Optional, not in the template: the decision behind HAK_PILIH_DICABUT when the source has it.
    Column("NOMOR_PUTUSAN", "revocation_decision_number", _bounded(100, required=False),
           _("Nomor putusan pencabutan hak (tidak ada di templat; boleh ditambahkan)."), "12/Pid.B/2023/PN Bla",
           aliases=("NO_PUTUSAN",), in_template=False),
    Column("TANGGAL_PUTUSAN", "revocation_decision_date", _date(required=False),
           _("Tanggal putusan pencabutan hak (tidak ada di templat; boleh ditambahkan)."), "05-03-2023",
           aliases=("TGL_PUTUSAN",), in_template=False),
)
TEMPLATE_COLUMNS = tuple(column for column in COLUMNS if column.in_template)
# Every header (name or alias) the reader recognises, by its key.
BY_KEY = {header_key(alias): column for column in COLUMNS for alias in (column.name, *column.aliases)}
