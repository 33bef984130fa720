"""Workbooks sent to KPU: one declarative layout per workbook, one streaming writer.

The DPT layout follows the columns known from KPU/Bawaslu lists (domain notes "Voter-list
columns"); the exact official form is unconfirmed, so it lives only here, in LAYOUT_DPT.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registration.selectors import Diff, Row, region_names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    width: int = 14
    text: bool = False  # keep as text (NIK, NKK): Excel would drop the 16th digit of a number


def write_workbook(sheets: Iterable[tuple[str, list[str], list[Column], Iterable[object]]]) -> bytes:
    """Stream rows into an .xlsx (write-only mode keeps memory flat for large lists).

    Each sheet is (title, heading lines, columns, items).
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, heading, columns, items in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for index, column in enumerate(columns):
            sheet.column_dimensions[get_column_letter(index + 1)].width = column.width
        for line in heading:
            cell = WriteOnlyCell(sheet, value=line)
            cell.font = bold
            sheet.append([cell])
        if heading:
            sheet.append([])
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for number, item in enumerate(items, start=1):
            row = []
            for column in columns:
                value = column.value(item) if column.header != "NO" else number
                cell = WriteOnlyCell(sheet, value=value)
                if column.text:
                    cell.number_format = "@"
                row.append(cell)
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def layout_dpt(voting_day: date) -> list[Column]:
    """Columns of a facility's voter list (entries of a locked version, or current voters)."""
    return [
        Column("NO", lambda e: None, 6),
        Column("TPS", lambda e: f"{e.tps_number:03d}" if e.tps_number else "", 6),
        Column("NKK", lambda e: e.nkk, 19, text=True),
        Column("NIK", lambda e: e.nik, 19, text=True),
        Column("NAMA", lambda e: e.full_name, 28),
        Column("TEMPAT_LAHIR", lambda e: e.birth_place, 16),
        Column("TANGGAL_LAHIR", lambda e: e.birth_date.strftime("%d-%m-%Y"), 13),
        Column("USIA", lambda e: age_on(e.birth_date, voting_day), 6),
        Column("STATUS_PERKAWINAN", lambda e: e.marital_status, 10),
        Column("JENIS_KELAMIN", lambda e: e.sex, 8),
        Column("ALAMAT", lambda e: e.address, 28),
        Column("RT", lambda e: e.rt, 5, text=True),
        Column("RW", lambda e: e.rw, 5, text=True),
        Column("KELURAHAN_DESA", lambda e: region_names(e.home_region_code)[0], 18),
        Column("KECAMATAN", lambda e: region_names(e.home_region_code)[1], 18),
        Column("KABUPATEN_KOTA", lambda e: region_names(e.home_region_code)[2], 22),
        Column("DISABILITAS", lambda e: e.disability, 8),
        Column("KTP_EL", lambda e: "S" if e.ktp_el_recorded else "B", 7),
        Column("JENIS_DAFTAR", lambda e: e.list_type.upper(), 10),
        Column("SURAT_SUARA", lambda e: " ".join(e.ballot_codes()), 26),
        Column("KETERANGAN", lambda e: "", 16),
    ]


def dpt_workbook(*, election, facility, export) -> bytes:
    heading = [_("DAFTAR PEMILIH TPS LOKASI KHUSUS"), f"{election.name} — {facility.name}", export.label]
    return write_workbook([(export.title, heading, layout_dpt(election.voting_day), export.entries)])


def _row_columns(extra: list[Column]) -> list[Column]:
    return [
        Column("NO", lambda r: None, 6),
        Column("NO_REGISTER", lambda r: _row(r).register_number, 14),
        Column("NIK", lambda r: _row(r).nik, 19, text=True),
        Column("NAMA", lambda r: _row(r).name, 28),
        *extra,
    ]


def _row(item) -> Row:
    return item[0] if isinstance(item, tuple) else item


def _tps(number) -> str:
    return f"{number:03d}" if number else "-"


def diff_workbook(*, heading: list[str], result: Diff) -> bytes:
    """One sheet per kind of change, as on the diff page."""
    return write_workbook([
        (_("Ditambahkan"), heading, _row_columns([
            Column("TPS", lambda r: _tps(r.tps_number), 6), Column("JENIS_DAFTAR", lambda r: r.list_type.upper(), 10)]),
         result.added),
        (_("Dihapus"), heading, _row_columns([
            Column("TPS", lambda item: _tps(item[0].tps_number), 6), Column("ALASAN", lambda item: item[1], 50)]),
         result.removed),
        (_("Pindah TPS"), heading, _row_columns([
            Column("TPS_LAMA", lambda item: _tps(item[0].tps_number), 9),
            Column("TPS_BARU", lambda item: _tps(item[1].tps_number), 9)]),
         result.moved),
        (_("Surat suara berubah"), heading, _row_columns([
            Column("SEBELUM", lambda item: item[0].ballots.strip(",").replace(",", " "), 26),
            Column("SESUDAH", lambda item: item[1].ballots.strip(",").replace(",", " "), 26)]),
         result.ballots_changed),
        (_("Jenis daftar berubah"), heading, _row_columns([
            Column("SEBELUM", lambda item: item[0].list_type.upper(), 10),
            Column("SESUDAH", lambda item: item[1].list_type.upper(), 10)]),
         result.list_type_changed),
    ])
