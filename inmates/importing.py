"""Read and check an Excel file of WBP for one facility, without writing to the database.

`validate()` turns the bytes of an uploaded .xlsx into a `Plan`: the rows that would be created
or changed, what would change for people already registered, and every error and warning with
its row and column. The browser preview, `manage.py import_inmates` and the commit
(`services.inmates_import`, which validates again inside its transaction) all call it.

Rules (issue #4; docs/import.md explains them to users):
- Headers match case-, space- and punctuation-insensitively, in any order, with a few aliases;
  unknown columns are ignored and listed. Row numbers are Excel's (the header is usually row 1).
- A NIK or NKK in a numeric cell is refused: Excel keeps 15 significant digits, so the 16th may
  already be lost.
- NIK checks come from inmates.nik. A NIK whose birth date or sex disagrees with the row is an
  error here; the form lets an officer confirm such a case one person at a time, and a stay so
  confirmed keeps importing while its NIK, birth date and sex stay the same.
- A row is matched to a stay of this facility on its register number, then on an active NIK.
- A column absent from the file leaves that field of existing people alone. A blank NIK or
  TANGGAL_EKSPIRASI never erases a stored one (SDP exports often lack what the registry knows).
- KODE_WILAYAH may be a kecamatan code: the kecamatan itself becomes the home region
  (Inmate.home_region accepts any level; the form later asks for the desa) with a warning.
- Existing stays are read with a fixed number of queries per file, never one per row.
"""

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import python_calamine
from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of, scope
from inmates import nik as nik_checks
from inmates.models import (
    ACTIVE_STATES,
    Citizenship,
    CustodyState,
    DetentionStatus,
    Disability,
    Facility,
    Inmate,
    MaritalStatus,
    NikStatus,
    Sex,
)
from inmates.services import DATE_IN_FUTURE, EXPECTED_BEFORE_ADMISSION, NIK_ACTIVE_AT, NIK_ACTIVE_ELSEWHERE
from regions import reference
from tps_khusus.bulk import in_values

# File-level problems.
FILE_EMPTY = _("File kosong (0 byte). Pilih file Excel .xlsx yang berisi data WBP.")
FILE_TOO_BIG = _("Ukuran file %(size)s MB melebihi batas %(limit)s MB. Bagi data menjadi beberapa file.")
FILE_PASSWORD = _(
    "File dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, hapus kata sandinya "
    "(File > Info > Proteksi Buku Kerja), simpan, lalu unggah lagi."
)
FILE_XLS = _("Format Excel lama (.xls) tidak didukung. Buka di Excel lalu simpan sebagai \"Excel Workbook (.xlsx)\".")
FILE_TEXT = _(
    "File ini berisi teks (misalnya CSV atau HTML), bukan Excel .xlsx. Buka di Excel lalu simpan "
    "sebagai \"Excel Workbook (.xlsx)\"."
)
FILE_OTHER_ZIP = _("File ini arsip zip yang bukan Excel .xlsx (isinya: %(names)s). Unggah file .xlsx dari templat.")
FILE_CORRUPT = _("File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.")
FILE_NOT_EXCEL = _("File ini bukan file Excel .xlsx. Unggah file .xlsx dari templat.")
FILE_NO_SHEET = _("File tidak berisi lembar kerja yang dapat dibaca.")
SHEET_EMPTY = _("Lembar pertama (\"%(sheet)s\") kosong. Isi data WBP di lembar pertama, di bawah baris judul kolom.")
HEADER_NOT_FOUND = _(
    "Baris judul kolom tidak ditemukan di lembar \"%(sheet)s\". Baris pertama harus berisi judul kolom "
    "seperti pada templat (NO_REGISTER, NIK, NAMA, ...)."
)
NO_DATA_ROWS = _("Tidak ada baris data di bawah baris judul kolom.")
TOO_MANY_ROWS = _("File berisi lebih dari %(limit)s baris data. Bagi data menjadi beberapa file.")
MISSING_COLUMNS = _("Kolom wajib tidak ada: %(columns)s. Gunakan judul kolom seperti pada templat.")
DUPLICATE_COLUMN = _("Kolom %(column)s muncul lebih dari sekali; hanya satu yang boleh ada.")
UNKNOWN_COLUMN = _("Kolom \"%(column)s\" tidak dikenal dan diabaikan.")

# Cell and row problems.
REQUIRED = _("Wajib diisi.")
TOO_LONG = _("Terlalu panjang: paling banyak %(max)s karakter, yang diisi %(count)s.")
NUMERIC_NUMBER = _(
    "%(column)s tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa sudah hilang (Excel hanya "
    "menyimpan 15 digit). Format kolom %(column)s sebagai Teks, ketik ulang nomornya, lalu unggah lagi."
)
BAD_DATE = _("Tanggal \"%(value)s\" tidak dikenali; tulis dd-mm-yyyy, dd/mm/yyyy atau yyyy-mm-dd.")
NO_SUCH_DATE = _("Tanggal \"%(value)s\" tidak ada di kalender; periksa hari dan bulannya.")
NUMBER_NOT_DATE = _(
    "Berisi angka %(value)s, bukan tanggal. Format sel sebagai tanggal atau tulis dd-mm-yyyy."
)
BIRTH_IN_FUTURE = _("Tanggal lahir tidak boleh setelah hari ini.")
BIRTH_TOO_OLD = _("Tanggal lahir tidak boleh sebelum tahun 1900.")
BAD_CHOICE = _("Nilai \"%(value)s\" tidak dikenal; isi salah satu dari: %(choices)s.")
BAD_YES_NO = _("Isi Y atau N (boleh juga YA atau TIDAK); yang diisi \"%(value)s\".")
BAD_KTP_EL = _("Isi S (sudah direkam) atau B (belum), atau Y/N; yang diisi \"%(value)s\".")
BAD_DISABILITY = _("Kode disabilitas harus 0 (tidak ada) sampai 6; yang diisi \"%(value)s\".")
BAD_RT_RW = _("Isi paling banyak 3 angka; yang diisi \"%(value)s\".")
BAD_REGION = _(
    "Kode wilayah \"%(value)s\" harus kode desa/kelurahan (10 digit, misalnya 33.16.09.1013) "
    "atau kode kecamatan (6 digit, misalnya 33.16.09)."
)
UNKNOWN_REGION = _("Kode wilayah %(code)s tidak ada dalam daftar Kemendagri 2025.")
DUPLICATE_IN_FILE = _("%(column)s %(value)s sudah ada di baris %(row)s file ini.")
NIK_USED_HERE = _("NIK ini sudah dipakai WBP lain di Lapas/Rutan ini (nomor register %(register)s).")
STAY_ENDED = _(
    "Nomor register %(number)s milik WBP yang sudah keluar dari Lapas/Rutan ini (%(state)s); "
    "data WBP yang sudah keluar tidak diubah lewat impor."
)
STAY_INCOMING = _(
    "WBP dengan NIK ini sedang menunggu konfirmasi kedatangan (pindahan). Konfirmasi kedatangannya "
    "di halaman Kedatangan lebih dulu, lalu unggah lagi."
)

# Warnings: the row is imported, but someone should look.
KECAMATAN_ONLY = _(
    "Kode wilayah %(code)s hanya sampai kecamatan (%(name)s); alamat disimpan di tingkat kecamatan. "
    "Lengkapi desa/kelurahan di halaman WBP."
)
ADMISSION_DIFFERS = _(
    "Tanggal masuk di file (%(file)s) berbeda dengan yang tercatat (%(stored)s); tanggal masuk tidak "
    "diubah lewat impor."
)
NIK_KEPT = _("NIK kosong di file; NIK yang tersimpan (%(nik)s) tidak dihapus.")
DESA_KEPT = _("KODE_WILAYAH di file hanya sampai kecamatan; desa yang tersimpan (%(code)s) tetap dipakai.")
MISMATCH_CONFIRMED = _("%(problem)s Sudah dikonfirmasi petugas sebelumnya, jadi tetap diterima.")
REVOKED_WITHOUT_DECISION = _("Hak pilih dicabut tanpa nomor putusan; lengkapi nomor putusan di halaman WBP.")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGIC = b"PK\x03\x04"
# An .xlsx is zipped XML; more than this once unpacked is refused before parsing (a "zip bomb").
# 60,000 rows of 21 columns unpack to well under 100 MB.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
EMPTY = ("", None)


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""


class Rejected(Exception):
    """The file as a whole cannot be read; nothing in it is checked further."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


# Cell parsers: raw calamine value (str, float, int, bool, date, datetime, time) -> Python value.

def _text(raw) -> str:
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
        value = _text(raw)
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
        return nik_checks.normalize(_text(raw))
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
            raise CellError(NUMBER_NOT_DATE % {"value": _text(raw)})
        text = _text(raw)
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


def _key(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _choice(mapping: dict[str, object], shown: str, *, default=None, message=BAD_CHOICE) -> Callable:
    table = {_key(name): value for name, value in mapping.items()}

    def parse(raw):
        if isinstance(raw, bool):
            raw = "Y" if raw else "N"
        text = _text(raw)
        if not text:
            if default is None:
                raise CellError(REQUIRED)
            return default
        try:
            return table[_key(text)]
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
DETENTION = {"TAHANAN": DetentionStatus.DETAINEE, "T": DetentionStatus.DETAINEE,
             "NARAPIDANA": DetentionStatus.CONVICT, "NAPI": DetentionStatus.CONVICT, "N": DetentionStatus.CONVICT}


def _disability(raw):
    text = _text(raw)
    if not text:
        return Disability.NONE
    if text.isdigit() and int(text) in Disability.values:
        return int(text)
    for value, label in Disability.choices:
        if _key(str(label)) == _key(text):
            return value
    raise CellError(BAD_DISABILITY % {"value": text})


def _rt_rw(raw):
    text = _text(raw)
    if not text:
        return ""
    if not text.isdigit() or len(text) > 3:
        raise CellError(BAD_RT_RW % {"value": text})
    return text.zfill(3)


def _region(raw):
    """A desa/kelurahan or kecamatan code of the 2025 edition, dotted or not -> dotted code."""
    text = _text(raw)
    if not text:
        raise CellError(REQUIRED)
    digits = text.replace(".", "").replace(" ", "")
    if not digits.isdigit() or len(digits) not in (6, 10):
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
    Column("TNI_POLRI", "is_tni_polri", _choice(YES_NO, "Y, N", default=False, message=BAD_YES_NO),
           _("Y bila anggota TNI/Polri aktif, N bila bukan. Kosong dianggap N."), "N", aliases=("TNI", "POLRI"),
           choices=("Y", "N"), width=8),
    Column("HAK_PILIH_DICABUT", "voting_rights_revoked", _choice(YES_NO, "Y, N", default=False, message=BAD_YES_NO),
           _("Y bila hak pilih dicabut putusan pengadilan yang berkekuatan hukum tetap. Kosong dianggap N."), "N",
           aliases=("HAK_PILIH_CABUT", "PENCABUTAN_HAK_PILIH"), choices=("Y", "N"), width=10),
    # Optional, not in the template: the decision behind HAK_PILIH_DICABUT when the source has it.
    Column("NOMOR_PUTUSAN", "revocation_decision_number", _bounded(100, required=False),
           _("Nomor putusan pencabutan hak pilih (tidak ada di templat; boleh ditambahkan)."), "12/Pid.B/2023/PN Bla",
           aliases=("NO_PUTUSAN",), in_template=False),
    Column("TANGGAL_PUTUSAN", "revocation_decision_date", _date(required=False),
           _("Tanggal putusan pencabutan hak pilih (tidak ada di templat; boleh ditambahkan)."), "05-03-2023",
           aliases=("TGL_PUTUSAN",), in_template=False),
)
TEMPLATE_COLUMNS = tuple(column for column in COLUMNS if column.in_template)
BY_KEY = {_key(alias): column for column in COLUMNS for alias in (column.name, *column.aliases)}


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
class Plan:
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


Progress = Callable[[str, int, int], None]


# Reading -------------------------------------------------------------------------------------

def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        text = sample.decode("latin-1")
    printable = sum(1 for char in text if char.isprintable() or char in "\r\n\t")
    return printable >= 0.95 * max(len(text), 1)


def sniff(data: bytes) -> None:
    """Refuse what is not a readable, unprotected .xlsx of an acceptable size, before parsing it."""
    if not data:
        raise Rejected(FILE_EMPTY)
    limit = settings.TPS_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise Rejected(FILE_TOO_BIG % {"size": megabytes(len(data)), "limit": megabytes(limit)})
    if data.startswith(OLE_MAGIC):
        # Excel wraps an encrypted .xlsx in an OLE container with an EncryptedPackage stream;
        # any other OLE file here is an old .xls.
        raise Rejected(FILE_PASSWORD if ENCRYPTED_STREAM in data else FILE_XLS)
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = archive.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise Rejected(FILE_CORRUPT) from None
        names = [entry.filename for entry in entries]
        if "xl/workbook.xml" not in names:
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise Rejected(FILE_OTHER_ZIP % {"names": shown or "-"})
        if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
            raise Rejected(FILE_CORRUPT)
        return
    if _looks_like_text(data[:4096]):
        raise Rejected(FILE_TEXT)
    raise Rejected(FILE_NOT_EXCEL)


def megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=1)


def read_rows(data: bytes) -> tuple[str, list[tuple[int, list]]]:
    """The first visible worksheet as (sheet name, [(Excel row number, cells)]), empty rows skipped."""
    sniff(data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [meta for meta in workbook.sheets_metadata
                  if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
                  and meta.visible == python_calamine.SheetVisibleEnum.Visible]
        if not sheets:
            raise Rejected(FILE_NO_SHEET)
        sheet = workbook.get_sheet_by_name(sheets[0].name)
        name = sheet.name
        limit = settings.TPS_IMPORT_MAX_ROWS
        rows = []
        for index, cells in enumerate(sheet.iter_rows()):
            if any(cell not in EMPTY for cell in cells):
                rows.append((index + 1, cells))
                # One header row (or a few title rows above it) plus the allowed data rows.
                if len(rows) > limit + HEADER_SEARCH_ROWS:
                    raise Rejected(TOO_MANY_ROWS % {"limit": number_format(limit, force_grouping=True)})
    except Rejected:
        raise
    except python_calamine.PasswordError:
        raise Rejected(FILE_PASSWORD) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: B036 - calamine's Rust code may panic on a malformed file (PanicException)
        raise Rejected(FILE_CORRUPT) from None
    if not rows:
        raise Rejected(SHEET_EMPTY % {"sheet": name})
    return name, rows


def _find_header(rows: list[tuple[int, list]], sheet: str) -> int:
    """Index (in rows) of the header: the first of the top rows naming at least two known columns."""
    for position, (_number, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        known = sum(1 for cell in cells if isinstance(cell, str) and _key(cell) in BY_KEY)
        if known >= 2:
            return position
    raise Rejected(HEADER_NOT_FOUND % {"sheet": sheet})


def _map_header(cells: list, plan: Plan, header_row: int) -> list[tuple[int, Column]]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        title = _text(cell)
        if not title:
            continue
        column = BY_KEY.get(_key(title))
        if column is None:
            plan.ignored_columns.append(title)
            plan.warnings.append(Issue(header_row, title, str(UNKNOWN_COLUMN % {"column": title})))
        elif column.name in found:
            raise Rejected(DUPLICATE_COLUMN % {"column": column.name})
        else:
            found[column.name] = index
    missing = [column.name for column in COLUMNS if column.required and column.name not in found]
    if missing:
        raise Rejected(MISSING_COLUMNS % {"columns": ", ".join(missing)})
    plan.columns = [column.name for column in COLUMNS if column.name in found]
    return [(found[column.name], column) for column in COLUMNS if column.name in found]


# Checking ------------------------------------------------------------------------------------

@dataclass
class _Parsed:
    row: int
    values: dict
    admitted_on: date | None
    expected_release: date | None
    mismatches: list  # NIK birth-date/sex disagreements, decided once the stay is matched


def _parse_rows(rows, mapping, plan: Plan, today: date, progress: Progress | None) -> list[_Parsed]:
    errors, warnings = plan.errors, plan.warnings
    parsed: list[_Parsed] = []
    first_register: dict[str, int] = {}
    first_nik: dict[str, int] = {}
    total = len(rows)
    for position, (number, cells) in enumerate(rows):
        if progress and position % 1000 == 0:
            progress("check", position, total)
        values: dict = {}
        dates: dict[str, date | None] = {}
        bad = False
        width = len(cells)
        for index, column in mapping:
            raw = cells[index] if index < width else ""
            try:
                value = column.parse(raw)
            except CellError as error:
                errors.append(Issue(number, column.name, str(error)))
                bad = True
                continue
            if column.field is None:
                dates[column.name] = value
            else:
                values[column.field] = value
        admitted_on, expected_release = dates.get("TANGGAL_MASUK"), dates.get("TANGGAL_EKSPIRASI")

        birth = values.get("birth_date")
        if birth is not None:
            if birth > today:
                errors.append(Issue(number, "TANGGAL_LAHIR", str(BIRTH_IN_FUTURE)))
                bad = True
            elif birth.year < 1900:
                errors.append(Issue(number, "TANGGAL_LAHIR", str(BIRTH_TOO_OLD)))
                bad = True
        if admitted_on is not None and admitted_on > today:
            errors.append(Issue(number, "TANGGAL_MASUK", str(DATE_IN_FUTURE)))
            bad = True
        if admitted_on and expected_release and expected_release < admitted_on:
            errors.append(Issue(number, "TANGGAL_EKSPIRASI", str(EXPECTED_BEFORE_ADMISSION % {
                "date": admitted_on.strftime("%d-%m-%Y")})))
            bad = True

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
            result = nik_checks.check_nkk(nkk)
            for problem in result.errors:
                errors.append(Issue(number, "NKK", problem.message))
                bad = True

        region = values.get("home_region_id")
        if region and len(region) == 8:
            warnings.append(Issue(number, "KODE_WILAYAH", str(KECAMATAN_ONLY % {
                "code": region, "name": reference.names()[region]})))
        if values.get("voting_rights_revoked") and not values.get("revocation_decision_number"):
            warnings.append(Issue(number, "HAK_PILIH_DICABUT", str(REVOKED_WITHOUT_DECISION)))

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


def _visible_facilities(user, facility_ids: set[int]) -> set[int] | None:
    """Facilities the user may see among these; None means all (the command line, or an admin)."""
    if user is None or area_of(user).is_admin:
        return None
    return set(scope(user, Facility.objects.filter(pk__in=facility_ids)).values_list("pk", flat=True))


COMPARED = [column.field for column in COLUMNS if column.field]
LABELS = {name: Inmate._meta.get_field(name.removesuffix("_id")).verbose_name for name in COMPARED}


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext_now("Ya") if value else gettext_now("Tidak")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if name == "home_region_id":
        return f"{value} {reference.names().get(value, '')}".strip()
    return str(value)


def _match(parsed: list[_Parsed], plan: Plan, facility: Facility, user) -> None:
    """Find each row's stay, check NIK conflicts, and work out what would change."""
    errors, warnings = plan.errors, plan.warnings
    active = list(Inmate.objects.filter(facility=facility, custody_state__in=ACTIVE_STATES))
    by_register = {inmate.register_number: inmate for inmate in active if inmate.register_number}
    by_nik = {inmate.nik: inmate for inmate in active if inmate.nik}
    ended = dict(
        Inmate.objects.filter(facility=facility, register_number__isnull=False)
        .exclude(custody_state__in=ACTIVE_STATES)
        .values_list("register_number", "custody_state")
    )
    niks = [row.values["nik"] for row in parsed if row.values.get("nik")]
    elsewhere: dict[str, tuple[int, str, str | None]] = {}
    if niks:
        for nik, facility_id, facility_name, register in (
            Inmate.objects.filter(nik__in=in_values(niks), custody_state__in=ACTIVE_STATES)
            .exclude(facility=facility)
            .values_list("nik", "facility_id", "facility__name", "register_number")
        ):
            elsewhere[nik] = (facility_id, facility_name, register)
    visible = _visible_facilities(user, {facility_id for facility_id, _, _ in elsewhere.values()}) if elsewhere else None

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
                facility_id, facility_name, other_register = elsewhere[nik]
                if visible is None or facility_id in visible:
                    message = NIK_ACTIVE_AT % {"facility": facility_name, "register": other_register or "-"}
                else:
                    message = NIK_ACTIVE_ELSEWHERE
                errors.append(Issue(number, "NIK", str(message)))
                continue
        if existing is not None and existing.pk in seen:
            # Two rows reach the same stay: one by register number, the other by its NIK.
            errors.append(Issue(number, "NIK", str(NIK_USED_HERE % {"register": existing.register_number or "-"})))
            continue
        if not _mismatches_accepted(row, existing, errors, warnings):
            continue
        planned = PlannedRow(number, values, row.admitted_on, row.expected_release, existing)
        if existing is not None:
            seen.add(existing.pk)
            _compare(planned, warnings)
        plan.rows.append(planned)
    kept = {planned.row: planned.desa_kept for planned in plan.rows if planned.desa_kept}
    if kept:
        warnings[:] = [w for w in warnings if w.column != "KODE_WILAYAH" or kept.get(w.row, w) is w]
    plan.not_in_file = sum(1 for inmate in active if inmate.custody_state == CustodyState.HELD and inmate.pk not in seen)


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
            "file": planned.admitted_on.strftime("%d-%m-%Y"), "stored": existing.admitted_on.strftime("%d-%m-%Y")})))


def new_nik_status(planned: PlannedRow) -> tuple[str, bool] | None:
    """The NIK status (and mismatch flag) a row gives its stay, or None to keep the stored one."""
    existing, values = planned.existing, planned.values
    if existing is None:
        return (NikStatus.UNVERIFIED if values.get("nik") else NikStatus.NONE), False
    if "nik" in planned.changed_fields:
        return NikStatus.UNVERIFIED, False
    return None


def validate(data: bytes, *, facility: Facility, user, file_name: str, progress: Progress | None = None) -> Plan:
    """Read and check a workbook for `facility`; the Plan lists every problem and every change."""
    plan = Plan(file_name=file_name, sha256=hashlib.sha256(data).hexdigest())
    try:
        if progress:
            progress("read", 0, 1)
        plan.sheet, rows = read_rows(data)
        header = _find_header(rows, plan.sheet)
        mapping = _map_header(rows[header][1], plan, rows[header][0])
        rows = rows[header + 1:]
        if not rows:
            raise Rejected(NO_DATA_ROWS)
        if len(rows) > settings.TPS_IMPORT_MAX_ROWS:
            raise Rejected(TOO_MANY_ROWS % {"limit": number_format(settings.TPS_IMPORT_MAX_ROWS, force_grouping=True)})
    except Rejected as problem:
        plan.errors.append(Issue(None, None, problem.message))
        return plan
    plan.data_rows = len(rows)
    parsed = _parse_rows(rows, mapping, plan, timezone.localdate(), progress)
    _match(parsed, plan, facility, user)
    plan.errors.sort(key=lambda issue: (issue.row or 0))
    plan.warnings.sort(key=lambda issue: (issue.row or 0))
    return plan
