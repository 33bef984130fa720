"""Workbooks sent to KPU, declared as column layouts for tps_khusus.xlsx (the one writer).

The DPT layout follows the columns known from KPU/Bawaslu lists (domain notes "Voter-list
columns"); the exact official form is unconfirmed, so it lives only here, in layout_dpt.
"""

from datetime import date

from django.utils.translation import gettext as _

from regions.reference import region_names
from registration.selectors import Diff, ListExport, Row
from tps_khusus import xlsx
from tps_khusus.xlsx import Column


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def layout_dpt(voting_day: date) -> list[Column]:
    """Columns of a facility's voter list (entries of a locked version, or current voters)."""
    return [
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
        Column("KELURAHAN_DESA", lambda e: region_names(e.home_region_code).desa, 18),
        Column("KECAMATAN", lambda e: region_names(e.home_region_code).kecamatan, 18),
        Column("KABUPATEN_KOTA", lambda e: region_names(e.home_region_code).kabkota, 22),
        Column("DISABILITAS", lambda e: e.disability, 8),
        Column("KTP_EL", lambda e: "S" if e.ktp_el_recorded else "B", 7),
        Column("JENIS_DAFTAR", lambda e: e.list_type.upper(), 10),
        Column("SURAT_SUARA", lambda e: " ".join(e.ballot_codes()), 26),
        Column("KETERANGAN", lambda e: "", 16),
    ]


def dpt_workbook(*, election, facility, export: ListExport):
    """The voter list in KPU's layout, as a file positioned at its start."""
    return xlsx.write([xlsx.Sheet(
        name=export.title, title=_("DAFTAR PEMILIH TPS LOKASI KHUSUS"), number_header="NO",
        lines=[f"{election.name} — {facility.name}", export.label],
        columns=layout_dpt(election.voting_day), items=export.entries)])


def _row(item) -> Row:
    return item[0] if isinstance(item, tuple) else item


def _tps(number) -> str:
    return f"{number:03d}" if number else "-"


def _person(extra: list[Column]) -> list[Column]:
    return [
        Column("NO_REGISTER", lambda r: _row(r).register_number, 14),
        Column("NIK", lambda r: _row(r).nik, 19, text=True),
        Column("NAMA", lambda r: _row(r).name, 28),
        *extra,
    ]


def _ballots(row: Row) -> str:
    return row.ballots.strip(",").replace(",", " ")


def diff_workbook(*, heading: list[str], result: Diff):
    """One sheet per kind of change, as on the diff page."""
    title, *lines = heading
    sheets = [
        (_("Ditambahkan"), [Column("TPS", lambda r: _tps(r.tps_number), 6),
                            Column("JENIS_DAFTAR", lambda r: r.list_type.upper(), 10)], result.added),
        (_("Dihapus"), [Column("TPS", lambda item: _tps(item[0].tps_number), 6),
                        Column("ALASAN", lambda item: item[1], 50)], result.removed),
        (_("Pindah TPS"), [Column("TPS_LAMA", lambda item: _tps(item[0].tps_number), 9),
                           Column("TPS_BARU", lambda item: _tps(item[1].tps_number), 9)], result.moved),
        (_("Surat suara berubah"), [Column("SEBELUM", lambda item: _ballots(item[0]), 26),
                                    Column("SESUDAH", lambda item: _ballots(item[1]), 26)], result.ballots_changed),
        (_("Jenis daftar berubah"), [Column("SEBELUM", lambda item: item[0].list_type.upper(), 10),
                                     Column("SESUDAH", lambda item: item[1].list_type.upper(), 10)],
         result.list_type_changed),
    ]
    return xlsx.write([xlsx.Sheet(name=name, title=title, lines=lines, number_header="NO", columns=_person(extra),
                                  items=items) for name, extra, items in sheets])
