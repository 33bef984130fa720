"""Reading a DPB/DPT extract (.xlsx or .csv) for the cross-check, all or nothing.

An .xlsx goes through the inmate import's safeguards, reused as they are: `reading.sniff` (size,
password, old .xls, other zips), `tps_khusus.sheetguard.check_workbook` (the zip and the sheet's
extent, before any parser builds a grid) and `reading.read_rows` in `tps_khusus.sandbox` (a child
process with memory and time limits). A .csv is read as text with the same size limit and a row
limit. Any problem refuses the whole file with a message; nothing is stored.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from inmates.importing import reading
from inmates.importing.columns import cell_text, header_key
from tps_khusus import sandbox, sheetguard
from tps_khusus.numbers import is_digits

Rejected = reading.Rejected
COLUMNS = {  # header key -> field
    "NIK": "nik", "NKK": "nkk", "NOKK": "nkk", "NAMA": "full_name", "NAMALENGKAP": "full_name",
    "TEMPATLAHIR": "birth_place", "TANGGALLAHIR": "birth_date", "TGLLAHIR": "birth_date",
    "JENISKELAMIN": "sex", "JK": "sex", "LP": "sex", "ALAMAT": "address", "DESA": "desa", "KELURAHAN": "desa",
    "DESAKELURAHAN": "desa", "TPS": "tps",
}
REQUIRED = {"nik": "NIK", "full_name": "NAMA", "birth_date": "TANGGAL LAHIR"}
MAX_COLUMNS = 30
SHOWN_ERRORS = 5

NOT_CSV_OR_XLSX = _("Unggah file .xlsx atau .csv.")
CSV_NOT_TEXT = _("File .csv tidak dapat dibaca sebagai teks (UTF-8). Simpan ulang sebagai CSV UTF-8.")
NO_HEADER = _("Baris judul tidak ditemukan: perlu kolom NIK, NAMA dan TANGGAL LAHIR di salah satu dari 10 baris "
              "pertama.")
MISSING = _("Kolom wajib tidak ada: %(columns)s.")
NO_ROWS = _("Tidak ada baris data di bawah judul.")
TOO_MANY = _("File berisi lebih dari %(limit)s baris data. Pecah menjadi beberapa file.")
ROW_ERRORS = _("%(count)s baris bermasalah, tidak ada yang disimpan: %(rows)s")
BAD_NIK = _("baris %(row)s: NIK harus 16 angka")
BAD_DATE = _("baris %(row)s: tanggal lahir %(value)s tidak dikenali (pakai dd-mm-yyyy)")
NO_NAME = _("baris %(row)s: nama kosong")


@dataclass(frozen=True)
class Line:
    row_number: int
    nik: str
    nkk: str
    full_name: str
    birth_place: str
    birth_date: date | None
    sex: str
    address: str
    desa: str
    tps: str


def name_key(name: str) -> str:
    """What is compared of two names: letters only, upper case, titles and spaces ignored."""
    return re.sub(r"[^A-Z]", "", (name or "").upper())[:120]


def _parse_date(raw) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = cell_text(raw)
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _max_rows() -> int:
    return settings.PDPB_EXTRACT_MAX_ROWS


def _xlsx_rows(data: bytes) -> list[tuple[int, list]]:
    reading.sniff(data)
    limit = _max_rows()
    try:
        extent = sheetguard.check_workbook(data, max_columns=MAX_COLUMNS, max_rows=limit + reading.HEADER_SEARCH_ROWS + 1)
    except sheetguard.WorkbookRefused as refused:
        raise Rejected(refused.message) from None
    try:
        _name, rows = sandbox.run_limited(reading.read_rows, data, extent.sheet, limit,
                                          memory_mb=settings.TPS_IMPORT_PARSE_MEMORY_MB,
                                          seconds=settings.TPS_IMPORT_PARSE_SECONDS)
    except sandbox.ParseAborted as aborted:
        raise Rejected(aborted.message) from None
    return rows


def _csv_rows(data: bytes) -> list[tuple[int, list]]:
    if not data:
        raise Rejected(reading.FILE_EMPTY)
    if len(data) > settings.TPS_IMPORT_MAX_BYTES:
        raise Rejected(reading.FILE_TOO_BIG % {"size": reading.megabytes(len(data)),
                                               "limit": reading.megabytes(settings.TPS_IMPORT_MAX_BYTES)})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Rejected(CSV_NOT_TEXT) from None
    if "\x00" in text:
        raise Rejected(CSV_NOT_TEXT)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows, limit = [], _max_rows() + reading.HEADER_SEARCH_ROWS
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if any(cell.strip() for cell in cells):
            rows.append((number, cells[:MAX_COLUMNS]))
            if len(rows) > limit:
                raise Rejected(TOO_MANY % {"limit": number_format(_max_rows(), force_grouping=True)})
    return rows


def read(data: bytes, file_name: str) -> list[Line]:
    """Every row of the extract, or Rejected with the message to show (nothing half-read)."""
    lower = file_name.lower()
    if lower.endswith(".csv"):
        rows = _csv_rows(data)
    elif lower.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        raise Rejected(NOT_CSV_OR_XLSX)
    header_at, columns = None, {}
    for position, (_number, cells) in enumerate(rows[:reading.HEADER_SEARCH_ROWS]):
        found = {}
        for index, cell in enumerate(cells):
            field = COLUMNS.get(header_key(cell_text(cell)))
            if field and field not in found:
                found[field] = index
        if len(found) >= 2:
            header_at, columns = position, found
            break
    if header_at is None:
        raise Rejected(NO_HEADER)
    missing = [label for field, label in REQUIRED.items() if field not in columns]
    if missing:
        raise Rejected(MISSING % {"columns": ", ".join(missing)})
    body = rows[header_at + 1:]
    if not body:
        raise Rejected(NO_ROWS)
    if len(body) > _max_rows():
        raise Rejected(TOO_MANY % {"limit": number_format(_max_rows(), force_grouping=True)})
    lines, errors = [], []
    for number, cells in body:
        def get(field, cells=cells):
            index = columns.get(field)
            return cells[index] if index is not None and index < len(cells) else ""
        nik = cell_text(get("nik")).replace(" ", "")
        if nik and not (len(nik) == 16 and is_digits(nik)):
            errors.append(str(BAD_NIK % {"row": number}))
        name = cell_text(get("full_name"))
        if not name:
            errors.append(str(NO_NAME % {"row": number}))
        raw_birth = get("birth_date")
        try:
            birth = _parse_date(raw_birth) if cell_text(raw_birth) else None
        except ValueError:
            errors.append(str(BAD_DATE % {"row": number, "value": cell_text(raw_birth)}))
            birth = None
        sex = cell_text(get("sex")).upper()[:1]
        lines.append(Line(number, nik, cell_text(get("nkk"))[:16], name[:120], cell_text(get("birth_place"))[:80],
                          birth, sex if sex in ("L", "P") else "", cell_text(get("address"))[:200],
                          cell_text(get("desa"))[:80], cell_text(get("tps"))[:10]))
    if errors:
        raise Rejected(ROW_ERRORS % {"count": len(errors), "rows": "; ".join(errors[:SHOWN_ERRORS])
                                     + ("; ..." if len(errors) > SHOWN_ERRORS else "")})
    return lines
