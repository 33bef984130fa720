"""PDPB workbooks: the pleno recap (per facility, kab/kota, province, with every mutation behind the
figures) and the coktas sheet. Written with tps_khusus.xlsx and logged per facility (they carry NIK)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.utils.translation import gettext as _

from inmates.models import Sex
from pdpb.models import ADDED_REASONS, REMOVED_REASONS, PdpbEntry, Reason
from pdpb.quarters import Quarter
from pdpb.selectors import FacilityPeriod
from regions.reference import region_names
from tps_khusus import audit, xlsx
from tps_khusus.xlsx import Column, Sheet


def recap_numbers(line: FacilityPeriod) -> list[int]:
    """The figures of one row of REKAP, in the order of recap_headers()."""
    added, removed, sexes = line.reasons(PdpbEntry.Side.ADDED), line.reasons(PdpbEntry.Side.REMOVED), line.sex_counts()
    return ([line.start_count, len(line.added), len(line.removed), line.end_count, sexes[Sex.MALE], sexes[Sex.FEMALE],
             len(line.corrected)] + [added[r] for r in ADDED_REASONS] + [removed[r] for r in REMOVED_REASONS])


def recap_headers() -> list[str]:
    return ([_("PEMILIH AWAL"), _("BERTAMBAH"), _("BERKURANG"), _("PEMILIH AKHIR"), _("AKHIR L"), _("AKHIR P"),
             _("PERBAIKAN")]
            + [_("BERTAMBAH: %(reason)s") % {"reason": str(Reason(r).label).upper()} for r in ADDED_REASONS]
            + [_("BERKURANG: %(reason)s") % {"reason": str(Reason(r).label).upper()} for r in REMOVED_REASONS])


def _sums(groups: dict) -> list[tuple[str, list[int]]]:
    return [(label, [sum(column) for column in zip(*rows, strict=True)]) for label, rows in groups.items()]


def recap_workbook(lines: Sequence[FacilityPeriod], *, quarter: Quarter, area: str, today: date):
    headers = recap_headers()
    names = {line.facility.pk: region_names(line.facility.location_id) for line in lines}
    ordered = sorted(lines, key=lambda line: (names[line.facility.pk].province, names[line.facility.pk].kabkota,
                                              line.facility.name))
    numbers = {line.facility.pk: recap_numbers(line) for line in ordered}
    by_kabkota, by_province = defaultdict(list), defaultdict(list)
    for line in ordered:
        place = names[line.facility.pk]
        by_kabkota[(place.province, place.kabkota)].append(numbers[line.facility.pk])
        by_province[place.province].append(numbers[line.facility.pk])
    grand = [sum(column) for column in zip(*numbers.values(), strict=True)] if numbers else [0] * len(headers)
    counts = [Column(header, lambda item, i=index: item[-1][i], 12) for index, header in enumerate(headers)]
    block = [(_("PERIODE"), quarter.label), (_("WILAYAH"), area), (_("DATA PER"), quarter.as_of(today)),
             (_("DICETAK"), today)]
    heading = {"title": _("REKAPITULASI PDPB PEMILIH DI LAPAS/RUTAN"), "block": block}

    def total(width: int):
        return lambda _sheet: [[_("JUMLAH")] + [None] * (width - 1) + grand]

    facility_rows = [(names[line.facility.pk].province, names[line.facility.pk].kabkota, line.facility.name,
                      str(line.status_label), numbers[line.facility.pk]) for line in ordered]
    mutations = [(line.facility.name, m) for line in ordered for m in (*line.added, *line.removed, *line.corrected)]
    sides = dict(PdpbEntry.Side.choices)
    return xlsx.write([
        Sheet("REKAP", [Column(_("PROVINSI"), lambda r: r[0], 18), Column(_("KABUPATEN/KOTA"), lambda r: r[1], 22),
                        Column(_("LAPAS/RUTAN"), lambda r: r[2], 30), Column(_("STATUS"), lambda r: r[3], 16), *counts],
              facility_rows, footer=total(4), **heading),
        Sheet("KABKOTA", [Column(_("PROVINSI"), lambda r: r[0], 18), Column(_("KABUPATEN/KOTA"), lambda r: r[1], 22),
                          *counts], [(p, k, v) for (p, k), v in _sums(by_kabkota)], footer=total(2), **heading),
        Sheet("PROVINSI", [Column(_("PROVINSI"), lambda r: r[0], 22), *counts],
              [(p, v) for p, v in _sums(by_province)], footer=total(1), **heading),
        Sheet("MUTASI", [
            Column(_("LAPAS/RUTAN"), lambda r: r[0], 30), Column(_("MUTASI"), lambda r: str(sides[r[1].side]).upper(), 12),
            Column(_("ALASAN"), lambda r: str(r[1].reason_label), 30), Column(_("KETERANGAN"), lambda r: r[1].detail, 30),
            Column(_("NO. REGISTER"), lambda r: r[1].voter.register_number, 14),
            Column("NIK", lambda r: r[1].voter.nik, 18, text=True), Column(_("NAMA"), lambda r: r[1].voter.full_name, 28),
            Column(_("JENIS KELAMIN"), lambda r: r[1].voter.sex, 8),
            Column(_("TANGGAL LAHIR"), lambda r: r[1].voter.birth_date, 12, is_date=True),
            Column(_("KODE DESA KTP-EL"), lambda r: r[1].voter.home_region_code, 16, text=True),
        ], mutations, **heading),
    ])


def recap_rows(lines: Sequence[FacilityPeriod]) -> int:
    return sum(len(line.added) + len(line.removed) + len(line.corrected) for line in lines)


def record(lines: Sequence[FacilityPeriod], *, filename: str, user, via: str = audit.WEB, operator: str = "",
           what: str = "") -> None:
    """One export-log row per facility (the MUTASI sheet and the coktas sheet carry NIK)."""
    audit.record([audit.ExportRecord(user=user, facility_id=line.facility.pk, what=filename,
                                     rows=len(line.added) + len(line.removed) + len(line.corrected) if not what
                                     else line.end_count,
                                     scope=what or line.quarter.label, via=via, operator=operator)
                  for line in lines])


def coktas_workbook(line: FacilityPeriod, *, today: date):
    block = [(_("LAPAS/RUTAN"), line.facility.name), (_("PERIODE"), line.quarter.label),
             (_("DATA PER"), line.as_of), (_("DICETAK"), today)]
    return xlsx.write([Sheet("COKTAS", [
        Column(_("NO"), lambda r: r[0], 6), Column("NIK", lambda r: r[1].nik, 18, text=True),
        Column(_("NAMA"), lambda r: r[1].full_name, 28), Column(_("TEMPAT LAHIR"), lambda r: r[1].birth_place, 16),
        Column(_("TANGGAL LAHIR"), lambda r: r[1].birth_date, 12, is_date=True),
        Column(_("ALAMAT"), lambda r: r[1].address, 30), Column(_("KODE DESA"), lambda r: r[1].home_region_code, 16, text=True),
        Column(_("HASIL COKTAS"), lambda r: "", 20),
    ], list(enumerate(line.end, start=1)), title=_("LEMBAR PENCOCOKAN DAN PENELITIAN TERBATAS (COKTAS)"), block=block)])


def record_homes(counted: dict[int, int], *, filename: str, user, quarter: Quarter) -> None:
    audit.record([audit.ExportRecord(user=user, facility_id=facility_id, what=filename, rows=rows,
                                     scope=_("daftar kab/kota asal %(period)s") % {"period": quarter.label})
                  for facility_id, rows in counted.items()])
