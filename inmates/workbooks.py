"""The .xlsx files the registry hands out: the import template and the lists facilities send on.

Each list's columns are declared once here (a Layout); tps_khusus.xlsx streams them. The import
template's columns come from inmates.importing.columns, the same declaration the reader uses.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inmates.importing.columns import TEMPLATE_COLUMNS
from inmates.models import Inmate
from regions import reference
from regions.reference import RegionNames, region_names
from regions.selectors import province_codes_for_lookup
from tps_khusus import xlsx
from tps_khusus.xlsx import Column

TEMPLATE_DATA_SHEET = "DATA_WBP"
TEMPLATE_HELP_SHEET = "PETUNJUK"
TEMPLATE_REGIONS_SHEET = "KODE_WILAYAH"
TEMPLATE_VALIDATED_ROWS = 5000  # drop-downs reach this far down the data sheet


@dataclass(frozen=True)
class ListRow:
    """One person on a list, with the names of their home region."""

    inmate: Inmate
    names: RegionNames


@dataclass(frozen=True)
class Layout:
    sheet: str
    title: str
    columns: tuple[Column, ...]
    file_prefix: str


def _sex(row: ListRow) -> str:
    return row.inmate.sex


# The KTP-el address, with region names, as both lists give it.
HOME_ADDRESS = (
    Column(_("Alamat"), lambda r: r.inmate.address, 28),
    Column(_("RT"), lambda r: r.inmate.rt, 6),
    Column(_("RW"), lambda r: r.inmate.rw, 6),
    Column(_("Desa/Kelurahan"), lambda r: r.names.desa, 18),
    Column(_("Kecamatan"), lambda r: r.names.kecamatan, 18),
    Column(_("Kabupaten/Kota"), lambda r: r.names.kabkota, 20),
    Column(_("Provinsi"), lambda r: r.names.province, 16),
)

NO_NIK_LIST = Layout(
    sheet="BELUM_NIK",
    title=_("Daftar WBP belum memiliki NIK"),
    file_prefix="wbp-belum-nik",
    columns=(
        Column(_("Nama lengkap"), lambda r: r.inmate.full_name, 28),
        Column(_("Nama ibu kandung"), lambda r: r.inmate.mother_name, 24),
        Column(_("Tempat lahir"), lambda r: r.inmate.birth_place, 16),
        Column(_("Tanggal lahir"), lambda r: r.inmate.birth_date, 13, is_date=True),
        Column(_("Jenis kelamin (L/P)"), _sex, 8),
        *HOME_ADDRESS,
        Column(_("Nomor register"), lambda r: r.inmate.register_number, 16),
        Column(_("Status NIK"), lambda r: r.inmate.get_nik_status_display(), 20),
        Column(_("Batch perekaman"), lambda r: r.inmate.perekaman_batch, 14),
    ),
)

LEAVING_LIST = Layout(
    sheet="BEBAS_SEBELUM_HARI_H",
    title=_("Daftar WBP bebas sebelum hari pemungutan"),
    file_prefix="wbp-bebas-sebelum",
    columns=(
        Column(_("Nama lengkap"), lambda r: r.inmate.full_name, 28),
        Column(_("NIK"), lambda r: r.inmate.nik or "", 19),
        Column(_("NKK"), lambda r: r.inmate.nkk, 19),
        Column(_("Tanggal lahir"), lambda r: r.inmate.birth_date, 13, is_date=True),
        Column(_("Jenis kelamin (L/P)"), _sex, 8),
        Column(_("Nomor register"), lambda r: r.inmate.register_number, 16),
        Column(_("Tanggal ekspirasi"), lambda r: r.inmate.expected_release, 13, is_date=True),
        *HOME_ADDRESS,
    ),
)

ISSUES_LAYOUT = (
    Column(_("Jenis"), lambda item: item[0], 12),
    Column(_("Baris"), lambda item: item[1].row, 8),
    Column(_("Kolom"), lambda item: item[1].column or "", 20),
    Column(_("Masalah"), lambda item: item[1].message, 100),
)


def write_list(layout: Layout, inmates: Iterable[Inmate], *, subtitle: str):
    """Stream a list: title, subtitle, header on row 4, then one row per person.

    Returns (file positioned at 0, number of people written).
    """
    sheet = xlsx.Sheet(
        name=layout.sheet, title=str(layout.title), lines=[subtitle], number_header=pgettext("row number", "No"),
        columns=layout.columns,
        items=(ListRow(inmate, region_names(inmate.home_region_id)) for inmate in inmates),
    )
    stream = xlsx.write([sheet])
    return stream, sheet.written


def file_name(layout: Layout, facility_code: str, day: date | None = None) -> str:
    day = day or timezone.localdate()
    return f"{layout.file_prefix}-{facility_code}-{day:%Y%m%d}.xlsx"


def write_issues(plan):
    """Every error and warning of an import preview, for a file too long to read on screen."""
    issues = [(gettext("Kesalahan"), issue) for issue in plan.errors] + [
        (gettext("Peringatan"), issue) for issue in plan.warnings]
    return xlsx.write([xlsx.Sheet(name="MASALAH", freeze=False, items=issues, columns=ISSUES_LAYOUT)])


def template_workbook(*, province: str):
    """The import template: DATA_WBP with the headers in order (NIK/NKK as text) and a drop-down on
    every coded column, PETUNJUK explaining them, KODE_WILAYAH listing the kab/kota and kecamatan
    codes of the facility's province so staff need not look them up elsewhere."""
    workbook = Workbook()
    data = workbook.active
    data.title = TEMPLATE_DATA_SHEET
    data.freeze_panes = "A2"
    for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.name)
        cell.font = Font(bold=True)
        cell.fill = xlsx.HEADER_FILL
        dimension = data.column_dimensions[letter]
        dimension.width = column.width
        if column.text_format:
            # The column's own format makes Excel keep what is typed below as text: 16 digits survive.
            dimension.number_format = xlsx.TEXT_FORMAT
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
        gettext("Kode kabupaten/kota dan kecamatan provinsi ini ada di lembar KODE_WILAYAH."),
        gettext("Satu baris saja yang salah membuat seluruh file tidak disimpan; perbaiki baris yang disebut di "
                "pratinjau lalu unggah lagi."),
    ):
        guide.append([line])
    guide.append([])
    guide.append([gettext("Kolom"), gettext("Wajib"), gettext("Isi dan kode"), gettext("Contoh")])
    header = guide.max_row  # read after the append: an empty row appended before has no cells
    for cell in guide[header]:
        cell.font = Font(bold=True)
        cell.fill = xlsx.HEADER_FILL
    for column in TEMPLATE_COLUMNS:
        guide.append([column.name, gettext("Ya") if column.required and not column.may_be_blank else gettext("Tidak"), str(column.help),
                      column.example])
    for row in guide.iter_rows(min_row=header + 1):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
        row[3].number_format = xlsx.TEXT_FORMAT
    _region_sheet(workbook.create_sheet(TEMPLATE_REGIONS_SHEET), province)
    stream = xlsx.spooled()
    workbook.save(stream)
    stream.seek(0)
    return stream


def _region_sheet(sheet, province: str) -> None:
    level_names = {reference.KABKOTA: gettext("Kabupaten/Kota"), reference.KECAMATAN: gettext("Kecamatan")}
    sheet.append([gettext("Kode wilayah Provinsi %(name)s (Kemendagri, edisi berlaku)")
                  % {"name": reference.name_of(province)}])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([gettext("Untuk KODE_WILAYAH isi kode desa/kelurahan bila diketahui; kode kecamatan diterima.")])
    sheet.append([])
    sheet.append([gettext("Kode"), gettext("Tingkat"), gettext("Nama"), gettext("Kabupaten/Kota")])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
        cell.fill = xlsx.HEADER_FILL
    for row in province_codes_for_lookup(province):
        sheet.append([row.code, level_names[row.level], row.name, row.kabkota_name])
    for letter, width in zip("ABCD", (12, 16, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].number_format = xlsx.TEXT_FORMAT
    sheet.freeze_panes = f"A{header + 1}"
    sheet.auto_filter.ref = f"A{header}:D{sheet.max_row}"
