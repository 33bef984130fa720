"""The .xlsx files the registry hands out: the import template and the lists facilities send on.

Each list's columns are declared once here (a Layout), so a column can follow an official form
by changing one line; `write_list` streams any Layout with openpyxl's write-only mode, so a
list of thousands of people never sits in memory as cells. The import template's columns come
from inmates.importing.COLUMNS, the same declaration the reader uses.
"""

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inmates.importing import TEMPLATE_COLUMNS
from inmates.models import Inmate

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD-MM-YYYY"
TEXT_FORMAT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TEMPLATE_DATA_SHEET = "DATA_WBP"
TEMPLATE_HELP_SHEET = "PETUNJUK"
TEMPLATE_VALIDATED_ROWS = 5000  # drop-downs reach this far down the data sheet


@dataclass(frozen=True)
class RegionNames:
    desa: str
    kecamatan: str
    kabkota: str
    province: str


def region_names(region) -> RegionNames:
    """Names of a home region and its parents, whatever its level (the import may stop at kecamatan).

    Walks the select_related chain (home_region__parent__parent__parent), so it costs no query.
    """
    names = {}
    while region is not None:
        names[region.level] = region.name
        region = region.parent
    return RegionNames(desa=names.get(4, ""), kecamatan=names.get(3, ""), kabkota=names.get(2, ""),
                       province=names.get(1, ""))


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Inmate, RegionNames], object]
    width: int = 14
    is_date: bool = False


@dataclass(frozen=True)
class Layout:
    sheet: str
    title: str
    columns: tuple[Column, ...]
    file_prefix: str


def _sex(inmate: Inmate, _names) -> str:
    return inmate.sex


NO_NIK_LIST = Layout(
    sheet="BELUM_NIK",
    title=_("Daftar WBP belum memiliki NIK"),
    file_prefix="wbp-belum-nik",
    columns=(
        Column(_("Nama lengkap"), lambda i, n: i.full_name, 28),
        Column(_("Nama ibu kandung"), lambda i, n: i.mother_name, 24),
        Column(_("Tempat lahir"), lambda i, n: i.birth_place, 16),
        Column(_("Tanggal lahir"), lambda i, n: i.birth_date, 13, is_date=True),
        Column(_("Jenis kelamin (L/P)"), _sex, 8),
        Column(_("Alamat"), lambda i, n: i.address, 28),
        Column(_("RT"), lambda i, n: i.rt, 6),
        Column(_("RW"), lambda i, n: i.rw, 6),
        Column(_("Desa/Kelurahan"), lambda i, n: n.desa, 18),
        Column(_("Kecamatan"), lambda i, n: n.kecamatan, 18),
        Column(_("Kabupaten/Kota"), lambda i, n: n.kabkota, 20),
        Column(_("Provinsi"), lambda i, n: n.province, 16),
        Column(_("Nomor register"), lambda i, n: i.register_number, 16),
        Column(_("Status NIK"), lambda i, n: i.get_nik_status_display(), 20),
        Column(_("Batch perekaman"), lambda i, n: i.perekaman_batch, 14),
    ),
)

LEAVING_LIST = Layout(
    sheet="BEBAS_SEBELUM_HARI_H",
    title=_("Daftar WBP bebas sebelum hari pemungutan"),
    file_prefix="wbp-bebas-sebelum",
    columns=(
        Column(_("Nama lengkap"), lambda i, n: i.full_name, 28),
        Column(_("NIK"), lambda i, n: i.nik or "", 19),
        Column(_("NKK"), lambda i, n: i.nkk, 19),
        Column(_("Tanggal lahir"), lambda i, n: i.birth_date, 13, is_date=True),
        Column(_("Jenis kelamin (L/P)"), _sex, 8),
        Column(_("Nomor register"), lambda i, n: i.register_number, 16),
        Column(_("Tanggal ekspirasi"), lambda i, n: i.expected_release, 13, is_date=True),
        Column(_("Alamat"), lambda i, n: i.address, 28),
        Column(_("RT"), lambda i, n: i.rt, 6),
        Column(_("RW"), lambda i, n: i.rw, 6),
        Column(_("Desa/Kelurahan"), lambda i, n: n.desa, 18),
        Column(_("Kecamatan"), lambda i, n: n.kecamatan, 18),
        Column(_("Kabupaten/Kota"), lambda i, n: n.kabkota, 20),
        Column(_("Provinsi"), lambda i, n: n.province, 16),
    ),
)

ISSUES_LAYOUT = (_("Jenis"), _("Baris"), _("Kolom"), _("Masalah"))


def _header_cells(sheet, headers: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def _spooled():
    return tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)


def write_list(layout: Layout, inmates: Iterable[Inmate], *, subtitle: str):
    """Stream a list to a temporary file: title, subtitle, header on row 4, then one row per person.

    Returns (file positioned at 0, number of people written).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(layout.sheet)
    sheet.column_dimensions["A"].width = 6
    for index, column in enumerate(layout.columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C5"
    title = WriteOnlyCell(sheet, value=str(layout.title))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append([subtitle])
    sheet.append([])
    sheet.append(_header_cells(sheet, [pgettext("row number", "No"), *(column.header for column in layout.columns)]))
    count = 0
    for count, inmate in enumerate(inmates, start=1):
        names = region_names(inmate.home_region)
        row = [count]
        for column in layout.columns:
            value = column.value(inmate, names)
            if column.is_date and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                value = cell
            row.append(value)
        sheet.append(row)
    stream = _spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream, count


def file_name(layout: Layout, facility_code: str, day: date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{layout.file_prefix}-{facility_code}-{day:%Y%m%d}.xlsx"


def write_issues(plan):
    """Every error and warning of an import preview, for a file too long to read on screen."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("MASALAH")
    for letter, width in zip("ABCD", (12, 8, 20, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(_header_cells(sheet, ISSUES_LAYOUT))
    for kind, issues in ((gettext("Kesalahan"), plan.errors), (gettext("Peringatan"), plan.warnings)):
        for issue in issues:
            sheet.append([kind, issue.row, issue.column or "", issue.message])
    stream = _spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream


def template_workbook():
    """The import template: DATA_WBP with the headers in order (NIK/NKK as text), PETUNJUK explaining them."""
    workbook = Workbook()
    data = workbook.active
    data.title = TEMPLATE_DATA_SHEET
    data.freeze_panes = "A2"
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        dimension = data.column_dimensions[letter]
        dimension.width = column.width
        if column.text_format:
            # The column's own format makes Excel keep what is typed below as text: 16 digits survive.
            dimension.number_format = TEXT_FORMAT
        if column.choices:
            check = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True,
                                   showErrorMessage=True, errorTitle=gettext("Nilai tidak dikenal"),
                                   error=gettext("Pilih salah satu: %(choices)s") % {"choices": ", ".join(column.choices)})
            check.add(f"{letter}2:{letter}{TEMPLATE_VALIDATED_ROWS}")
            data.add_data_validation(check)

    guide = workbook.create_sheet(TEMPLATE_HELP_SHEET)
    guide.column_dimensions["A"].width = 22
    guide.column_dimensions["B"].width = 9
    guide.column_dimensions["C"].width = 90
    guide.column_dimensions["D"].width = 20
    guide.append([gettext("Petunjuk pengisian templat impor WBP")])
    guide["A1"].font = Font(bold=True, size=13)
    for line in (
        gettext("Isi satu baris per WBP di lembar DATA_WBP, mulai baris 2. Jangan mengubah judul kolom di baris 1."),
        gettext("Urutan kolom boleh berbeda; kolom lain yang tidak dikenal diabaikan. Huruf besar/kecil dan spasi "
                "pada judul kolom tidak berpengaruh."),
        gettext("Kolom NIK, NKK dan KODE_WILAYAH berformat Teks. Jangan mengubahnya menjadi angka: Excel hanya "
                "menyimpan 15 digit sehingga digit ke-16 NIK hilang, dan file akan ditolak."),
        gettext("Tanggal boleh berupa tanggal Excel, atau teks dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd."),
        gettext("WBP yang sudah tercatat dikenali dari NO_REGISTER, lalu dari NIK; datanya diperbarui. Mengimpor "
                "file yang sama dua kali tidak mengubah apa pun."),
        gettext("Satu baris saja yang salah membuat seluruh file tidak disimpan; perbaiki baris yang disebut di "
                "pratinjau lalu unggah lagi."),
    ):
        guide.append([line])
    guide.append([])
    header = guide.max_row + 1
    guide.append([gettext("Kolom"), gettext("Wajib"), gettext("Isi dan kode"), gettext("Contoh")])
    for cell in guide[header]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in TEMPLATE_COLUMNS:
        guide.append([column.name, gettext("Ya") if column.required and not column.may_be_blank else gettext("Tidak"), str(column.help),
                      column.example])
    for row in guide.iter_rows(min_row=header + 1):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
        row[3].number_format = TEXT_FORMAT
    stream = _spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream
