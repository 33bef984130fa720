"""Workbooks sent to KPU, declared as layouts for tps_khusus.xlsx (the one writer).

- DPT per TPS: one sheet per TPS in the layout of KPU's Model A voter list, full or masked for
  publication;
- recaps per facility, kab/kota, province and TPS;
- the diff between two versions of a facility's list.

The official KPU form is unconfirmed (domain notes, "Voter-list columns"), so everything it
decides lives in the DPT layout section below: header block, columns, footer and signature.
What the published (masked) copy shows is decided in settings (TPS_MASK_KEEP, TPS_MASK_CHAR,
TPS_PUBLISHED_HIDE): NIK and NKK masked, the birth year only, and by default no birth place, street,
RT/RW or disability (docs/export.md).
"""

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inmates.models import Disability, Facility
from regions.reference import RegionNames, region_names
from registration import rules, selectors
from registration.models import Election
from registration.selectors import Dashboard, Diff, DptSource, Row
from tps_khusus import audit, xlsx
from tps_khusus.xlsx import Column


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# Masking for publication -----------------------------------------------------------------------

def mask_number(value: str | None) -> str:
    """NIK/NKK as published: the first TPS_MASK_KEEP digits kept, the rest TPS_MASK_CHAR."""
    if not value:
        return ""
    keep = settings.TPS_MASK_KEEP
    return value[:keep] + settings.TPS_MASK_CHAR * max(len(value) - keep, 0)


# The DPT layout: everything the official form decides ---------------------------------------------

DPT_TITLE = "DAFTAR PEMILIH TPS LOKASI KHUSUS"
LIST_TYPE_CODES = {"dpt": "DPT", "dptb": "DPTb", "dpk": "DPK"}
SIGNATORY = "KETUA PANITIA PEMUNGUTAN SUARA (PPS)"
DPT_HEADERS = ("NKK", "NIK", "NAMA", "TEMPAT LAHIR", "TANGGAL LAHIR", "USIA", "STATUS PERKAWINAN", "JENIS KELAMIN",
               "ALAMAT", "RT", "RW", "KELURAHAN/DESA", "KECAMATAN", "KABUPATEN/KOTA", "DISABILITAS", "KTP-EL",
               "JENIS PEMILIH", "SURAT SUARA", "KETERANGAN")


def dpt_block(election: Election, facility: Facility, place: RegionNames, tps_number: int | None) -> list[tuple[str, object]]:
    """The header block above the table: election, region of the TPS, facility, TPS number."""
    return [
        ("PEMILIHAN", election.name), ("PROVINSI", place.province),
        ("LAPAS/RUTAN", facility.name), ("KABUPATEN/KOTA", place.kabkota),
        ("TPS", f"{tps_number:03d}" if tps_number else _("belum ditentukan")), ("KECAMATAN", place.kecamatan),
        ("HARI PEMUNGUTAN SUARA", election.voting_day), ("DESA/KELURAHAN", place.desa),
    ]


class Ballots:
    """The SURAT SUARA column: stored codes (",PPWP,DPRD_KAB,") as the contests' short names in
    contest order ("PPWP, DPRD KAB/KOTA"); each distinct set is spelled once. Templates get it as
    `ballot_names` for the `spelled` filter (registration/templatetags/ballots.py)."""

    do_not_call_in_templates = True

    def __init__(self, election: Election, contests=None):
        contests = list(election.contests.order_by("order", "pk")) if contests is None else list(contests)
        self.labels = {c.code: c.label for c in contests}
        self.order = {c.code: index for index, c in enumerate(contests)}
        self.cache: dict[str, str] = {}

    def __call__(self, packed: str) -> str:
        text = self.cache.get(packed)
        if text is None:
            codes = sorted((code for code in packed.split(",") if code), key=lambda c: self.order.get(c, 99))
            text = self.cache[packed] = ", ".join(self.labels.get(code, code) for code in codes)
        return text


class _Names(dict):
    """One part of the region names (desa, kecamatan or kab/kota) by region code, looked up once per code."""

    def __init__(self, part: str):
        super().__init__()
        self.part = part

    def __missing__(self, code: str) -> str:
        value = self[code] = getattr(region_names(code), self.part)
        return value


def dpt_columns(*, voting_day: date, ballots: Callable[[str], str], masked: bool) -> list[Column]:
    """The table's columns after NO, in the order of KPU's Model A list. They run once per voter (100,000 in
    a large area): plain fields are read with attrgetter and region names from dicts, without a Python call."""
    desa, kecamatan, kabkota = _Names("desa"), _Names("kecamatan"), _Names("kabkota")
    number = mask_number if masked else (lambda value: value or "")
    columns = [
        Column("NKK", lambda r: number(r.nkk), 19, text=True),
        Column("NIK", lambda r: number(r.nik), 19, text=True),
        Column("NAMA", attrgetter("full_name"), 28),
        Column("TEMPAT LAHIR", attrgetter("birth_place"), 16),
        Column("TANGGAL LAHIR", attrgetter("birth_date.year" if masked else "birth_date"), 13, is_date=not masked),
        Column("USIA", lambda r: age_on(r.birth_date, voting_day), 6),
        Column("STATUS PERKAWINAN", attrgetter("marital_status"), 11),
        Column("JENIS KELAMIN", attrgetter("sex"), 8),
        Column("ALAMAT", attrgetter("address"), 28),
        Column("RT", attrgetter("rt"), 5),  # strings ("001") either way; only NIK/NKK risk losing digits
        Column("RW", attrgetter("rw"), 5),
        Column("KELURAHAN/DESA", lambda r: desa[r.home_region_code], 18),
        Column("KECAMATAN", lambda r: kecamatan[r.home_region_code], 18),
        Column("KABUPATEN/KOTA", lambda r: kabkota[r.home_region_code], 22),
        Column("DISABILITAS", lambda r: r.disability or None, 8),
        Column("KTP-EL", lambda r: "S" if r.ktp_el_recorded else "B", 7),
        Column("JENIS PEMILIH", lambda r: LIST_TYPE_CODES.get(r.list_type, r.list_type.upper()), 10),
        Column("SURAT SUARA", lambda r: ballots(r.ballots), 34),
        Column("KETERANGAN", lambda r: _note(r, ballots), 24),
    ]
    if masked:  # the published copy leaves out what settings.TPS_PUBLISHED_HIDE names
        columns = [column for column in columns if column.header not in published_hidden()]
    return columns


def published_hidden() -> set[str]:
    """Column headers the published (masked) copy leaves out (settings.TPS_PUBLISHED_HIDE)."""
    return {name.strip().upper() for name in settings.TPS_PUBLISHED_HIDE}


def published_note() -> str:
    """The line that says, on the published copy, what it does not show."""
    note = _("Salinan untuk diumumkan: NIK dan NKK disamarkan, tanggal lahir hanya tahun.")
    hidden = [header for header in DPT_HEADERS if header in published_hidden()]
    if hidden:
        note += " " + _("Tidak memuat: %(columns)s.") % {"columns": ", ".join(hidden)}
    return note


def _note(row, ballots) -> str | None:
    return _("Surat suara perlu dicek: %(codes)s") % {"codes": ballots(row.unknown)} if row.unknown else None


def dpt_footer(place: RegionNames, tally: Counter, width: int) -> list[list]:
    """Totals by sex, then where and by whom the list is signed (at the right of `width` columns)."""
    signature_column = [None] * max(width - 6, 5)
    return [
        [],
        [None, "JUMLAH PEMILIH", None, "L", tally["L"]],
        [None, None, None, "P", tally["P"]],
        [None, None, None, "TOTAL", sum(tally.values())],
        [],
        signature_column + [f"{place.desa or place.kabkota}, ............................"],
        signature_column + [f"{SIGNATORY} {place.desa.upper()}".strip()],
        [], [], [],
        signature_column + ["( ........................................ )"],
    ]


SHEET_NAME_MAX = 31  # Excel's limit


def dpt_sheet_name(prefix: str, tps_number: int | None) -> str:
    name = f"TPS {tps_number:03d}" if tps_number else _("Belum ber-TPS")
    return f"{prefix} {name}" if prefix else name


def sheet_prefixes(facilities: list[Facility]) -> dict[int, str]:
    """In an area's workbook each facility's sheets start with its code, cut so that the longest
    sheet name fits Excel's 31 characters; codes that would then clash get a number."""
    room = SHEET_NAME_MAX - 1 - len(dpt_sheet_name("", None))
    prefixes: dict[int, str] = {}
    taken: set[str] = set()
    for index, facility in enumerate(facilities, start=1):
        prefix = facility.code[:room]
        if prefix in taken:
            prefix = f"{facility.code[:room - len(str(index)) - 1]}~{index}"
        taken.add(prefix)
        prefixes[facility.pk] = prefix
    return prefixes


# The DPT workbook -----------------------------------------------------------------------------

@dataclass
class DptResult:
    stream: object
    filename: str
    scope: str
    masked: bool
    rows: dict[int, int] = field(default_factory=dict)  # facility id -> voters written

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tallied(rows, tally: Counter, counts: dict[int, int], facility_id: int):
    for row in rows:
        tally[row.sex] += 1
        counts[facility_id] += 1
        yield row


def dpt_sheets(source: DptSource, *, masked: bool, status: str, counts: dict[int, int]) -> Iterator[xlsx.Sheet]:
    """One sheet per (facility, TPS) in order, streaming each group of rows from the one query;
    planned TPS without voters get an empty sheet, voters without a TPS a sheet of their own."""
    election = source.election
    columns = dpt_columns(voting_day=election.voting_day, ballots=Ballots(election), masked=masked)
    facilities = {f.pk: f for f in source.facilities}
    position = {f.pk: index for index, f in enumerate(source.facilities)}
    prefixes = sheet_prefixes(source.facilities) if source.area else {}
    width = 1 + len(columns)
    lines = [status] + ([published_note()] if masked else [])

    def sheet(key: tuple[int, int | None], rows) -> xlsx.Sheet:
        facility_id, number = key
        facility = facilities[facility_id]
        planned = source.tps.get(key)
        place = region_names(planned.location_id if planned else facility.location_id)
        tally: Counter = Counter()
        return xlsx.Sheet(
            name=dpt_sheet_name(prefixes.get(facility_id, ""), number), title=DPT_TITLE, lines=lines,
            block=dpt_block(election, facility, place, number), number_header="NO", columns=columns,
            items=_tallied(rows, tally, counts, facility_id), footer=lambda _sheet: dpt_footer(place, tally, width))

    def order(key) -> tuple:
        return position[key[0]], key[1] is None, key[1] or 0

    waiting = sorted(source.planned(), key=order)
    written = False
    for key, rows in itertools.groupby(source.rows(), key=lambda r: (r.facility_key, r.tps_number)):
        while waiting and order(waiting[0]) < order(key):
            yield sheet(waiting.pop(0), ())
            written = True
        if waiting and waiting[0] == key:
            waiting.pop(0)
        yield sheet(key, rows)
        written = True
    for key in waiting:
        yield sheet(key, ())
        written = True
    if not written:  # nothing to list: one empty sheet says so rather than an unreadable file
        yield sheet((source.facilities[0].pk, source.tps_number), ())


# A list that is not locked is never the one to send: its header and its file name say so.
DRAFT_HEADER = gettext_lazy("DRAF – BELUM DIKUNCI: daftar saat ini, %(day)s. Bukan daftar resmi; untuk dikirim, "
                            "unduh versi terkunci.")
DRAFT_IN_NAME = "DRAF"


def dpt_export(source: DptSource, *, masked: bool, today: date, area_label: str = "",
               progress: Callable[[int], None] | None = None) -> DptResult:
    """Write the DPT workbook of `source`; counts per facility are filled in as rows stream.
    `area_label` names the area of an area export in the log's scope."""
    election, version, number = source.election, source.version, source.tps_number
    if version is not None:
        status = _("%(label)s (versi %(number)s), dikunci %(when)s") % {
            "label": version.label, "number": version.number,
            "when": date_format(timezone.localtime(version.locked_at), "j F Y H.i")}
    else:
        status = DRAFT_HEADER % {"day": date_format(today, "j F Y")}
    counts: dict[int, int] = defaultdict(int)
    for facility in source.facilities:
        counts[facility.pk] = 0
    stream = xlsx.write(dpt_sheets(source, masked=masked, status=status, counts=counts), progress=progress)
    where = "wilayah" if source.area else source.facilities[0].code
    parts = ["dpt", election.slug, where]
    parts += [f"tps{number:03d}"] if number else []
    parts += [f"v{version.number}"] if version is not None else [DRAFT_IN_NAME, f"{today:%Y%m%d}"]
    parts += ["samaran"] if masked else []
    scope = [str(version) if version is not None else _("daftar saat ini"),
             f"TPS {number:03d}" if number else _("semua TPS")]
    if source.area:
        scope.insert(0, _("wilayah %(area)s") % {"area": area_label or _("seluruh wilayah")})
    return DptResult(stream=stream, filename="-".join(parts) + ".xlsx", scope=" · ".join(scope), masked=masked,
                     rows=dict(counts))


def record(result: DptResult, *, election: Election, facilities: list[Facility], user=None,
           via: str = audit.WEB, operator: str = "") -> None:
    """One export-log row per facility the workbook covered, in one INSERT."""
    audit.record([audit.ExportRecord(user=user, operator=operator, via=via, election_id=election.pk,
                                     facility_id=facility.pk, scope=result.scope, masked=result.masked,
                                     what=result.filename, rows=result.rows.get(facility.pk, 0))
                  for facility in facilities])


# Recaps --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    header: str
    value: Callable[["selectors.FacilityLine"], int]


def recap_figures(board: Dashboard) -> list[Figure]:
    """The numbers of every recap row, in column order; kab/kota and province rows add them up. They
    reconcile as the dashboard's do: DIPERTIMBANGKAN = PEMILIH TOTAL (MS) + POTENSIAL TOTAL + TMS TOTAL;
    PEMILIH TOTAL = DPT + DPTb + DPK; POTENSIAL TOTAL = the sum of its reasons; a ballot's JUMLAH = its
    DPT and DPTb voters + CADANGAN (2% of its DPT voters per TPS, UU 7/2017 Pasal 344(2))."""
    figures = [
        Figure(_("WBP DITAHAN"), lambda line: line.held),
        Figure(_("TPS DIRENCANAKAN"), lambda line: line.tps_planned),
        Figure(_("TPS DIBUTUHKAN"), lambda line: line.needed),
        Figure(_("DIPERTIMBANGKAN"), lambda line: line.count("considered")),
        Figure(_("PEMILIH L"), lambda line: line.count("ms_l")),
        Figure(_("PEMILIH P"), lambda line: line.count("ms_p")),
        Figure(_("PEMILIH TOTAL"), lambda line: line.count("ms")),
        Figure("DPT", lambda line: line.count("dpt")),
        Figure("DPTb", lambda line: line.count("dptb")),
        Figure("DPK", lambda line: line.count("dpk")),
        Figure(_("DPTb TANPA MODEL A"), lambda line: line.count("dptb_without_form")),
        Figure(_("BELUM BER-TPS"), lambda line: line.count("unallocated")),
    ]
    for code in selectors.DISABILITY_CODES:
        figures.append(Figure(_("DISABILITAS %(kind)s") % {"kind": str(Disability(code).label).upper()},
                              lambda line, code=code: line.count(f"disability_{code}")))
    figures.append(Figure(_("DISABILITAS TOTAL"), lambda line: line.count("disability")))
    figures.append(Figure(_("POTENSIAL TOTAL"), lambda line: line.count("potential")))
    for reason in rules.POTENTIAL_REASONS:
        figures.append(Figure(_("POTENSIAL: %(reason)s") % {"reason": str(reason.label).upper()},
                              lambda line, code=reason.code: line.count(f"reason_{code}")))
    figures.append(Figure(_("TMS TOTAL"), lambda line: line.count("tms")))
    for reason in rules.TMS_REASONS:
        figures.append(Figure(f"TMS: {str(reason.label).upper()}", lambda line, code=reason.code: line.count(f"reason_{code}")))
    for index, contest in enumerate(board.contests):
        figures += [
            Figure(_("%(ballot)s PEMILIH") % {"ballot": contest.label}, lambda line, i=index: line.ballots[i].voters),
            Figure(_("%(ballot)s DPT") % {"ballot": contest.label}, lambda line, i=index: line.ballots[i].dpt),
            Figure(_("%(ballot)s CADANGAN") % {"ballot": contest.label}, lambda line, i=index: line.ballots[i].reserve),
            Figure(_("%(ballot)s JUMLAH") % {"ballot": contest.label}, lambda line, i=index: line.ballots[i].total),
        ]
    figures += [Figure("KPPS", lambda line: line.kpps), Figure("LINMAS", lambda line: line.linmas)]
    return figures


def _sums(groups: dict[str, list[list[int]]]) -> list[tuple[str, list[int]]]:
    return [(label, [sum(column) for column in zip(*rows, strict=True)]) for label, rows in groups.items()]


def recap_workbook(board: Dashboard, *, area: str, today: date):
    """Per facility, per kab/kota, per province and per TPS, each with a total row."""
    election = board.election
    figures = recap_figures(board)
    numbers = {line.facility.pk: [figure.value(line) for figure in figures] for line in board.facilities}
    names = {line.facility.pk: region_names(line.facility.location_id) for line in board.facilities}
    block = [("PEMILIHAN", election.name), ("WILAYAH", area), ("HARI PEMUNGUTAN SUARA", election.voting_day),
             (_("DICETAK"), today)]
    grand = [sum(column) for column in zip(*numbers.values(), strict=True)] if numbers else [0] * len(figures)
    count_columns = [Column(figure.header, lambda item, i=index: item[-1][i], 12) for index, figure in enumerate(figures)]

    def total_row(width: int) -> Callable:
        return lambda _sheet: [[_("JUMLAH")] + [None] * (width - 1) + grand]

    by_kabkota: dict[str, list[list[int]]] = defaultdict(list)
    by_province: dict[str, list[list[int]]] = defaultdict(list)
    lines = sorted(board.facilities, key=lambda line: (names[line.facility.pk].province, names[line.facility.pk].kabkota,
                                                       line.facility.name))
    for line in lines:
        place = names[line.facility.pk]
        by_kabkota[f"{place.province}\t{place.kabkota}"].append(numbers[line.facility.pk])
        by_province[place.province].append(numbers[line.facility.pk])
    facility_rows = [(names[line.facility.pk].kabkota, line.facility.name, numbers[line.facility.pk]) for line in lines]
    kabkota_rows = [(*label.split("\t"), values) for label, values in _sums(by_kabkota)]
    province_rows = [(label, values) for label, values in _sums(by_province)]
    tps_columns = [
        Column(_("KABUPATEN/KOTA"), lambda item: item[0], 22), Column(_("LAPAS/RUTAN"), lambda item: item[1], 30),
        Column("TPS", lambda item: f"{item[2].number:03d}" if item[2].number else _("belum ber-TPS"), 12),
        Column(_("KAPASITAS"), lambda item: item[2].capacity, 10),
        Column(_("PEMILIH"), lambda item: item[2].voters, 10),
    ]
    for index, contest in enumerate(board.contests):
        tps_columns += [
            Column(_("%(ballot)s PEMILIH") % {"ballot": contest.label}, lambda item, i=index: item[2].ballots[i].voters, 12),
            Column(_("%(ballot)s DPT") % {"ballot": contest.label}, lambda item, i=index: item[2].ballots[i].dpt, 12),
            Column(_("%(ballot)s CADANGAN") % {"ballot": contest.label}, lambda item, i=index: item[2].ballots[i].reserve, 12),
            Column(_("%(ballot)s JUMLAH") % {"ballot": contest.label}, lambda item, i=index: item[2].ballots[i].total, 12),
        ]
    tps_rows = [(names[line.facility.pk].kabkota, line.facility.name, tps) for line in lines for tps in line.tps]
    heading = {"title": _("REKAPITULASI PEMILIH TPS LOKASI KHUSUS"), "block": block}
    return xlsx.write([
        xlsx.Sheet(name=_("Per Lapas-Rutan"), number_header="NO", items=facility_rows, footer=total_row(3),
                   columns=[Column(_("KABUPATEN/KOTA"), lambda item: item[0], 22),
                            Column(_("LAPAS/RUTAN"), lambda item: item[1], 30), *count_columns], **heading),
        xlsx.Sheet(name=_("Per Kab-Kota"), number_header="NO", items=kabkota_rows, footer=total_row(3),
                   columns=[Column(_("PROVINSI"), lambda item: item[0], 20),
                            Column(_("KABUPATEN/KOTA"), lambda item: item[1], 22), *count_columns], **heading),
        xlsx.Sheet(name=_("Per Provinsi"), number_header="NO", items=province_rows, footer=total_row(2),
                   columns=[Column(_("PROVINSI"), lambda item: item[0], 20), *count_columns], **heading),
        xlsx.Sheet(name=_("Per TPS"), number_header="NO", items=tps_rows, columns=tps_columns, **heading),
    ])


# Diff between two versions ------------------------------------------------------------------------

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


def _list_type(code: str) -> str:
    return LIST_TYPE_CODES.get(code, code.upper())


def diff_workbook(*, election: Election, heading: list[str], result: Diff):
    """One sheet per kind of change, as on the diff page."""
    title, *lines = heading
    ballots = Ballots(election)
    sheets = [
        (_("Ditambahkan"), [Column("TPS", lambda r: _tps(r.tps_number), 6),
                            Column("JENIS PEMILIH", lambda r: _list_type(r.list_type), 10)], result.added),
        (_("Dihapus"), [Column("TPS", lambda item: _tps(item[0].tps_number), 6),
                        Column("ALASAN", lambda item: item[1], 50)], result.removed),
        (_("Pindah TPS"), [Column("TPS_LAMA", lambda item: _tps(item[0].tps_number), 9),
                           Column("TPS_BARU", lambda item: _tps(item[1].tps_number), 9)], result.moved),
        (_("Surat suara berubah"), [Column("SEBELUM", lambda item: ballots(item[0].ballots), 34),
                                    Column("SESUDAH", lambda item: ballots(item[1].ballots), 34)], result.ballots_changed),
        (_("Jenis daftar berubah"), [Column("SEBELUM", lambda item: _list_type(item[0].list_type), 10),
                                     Column("SESUDAH", lambda item: _list_type(item[1].list_type), 10)],
         result.list_type_changed),
    ]
    return xlsx.write([xlsx.Sheet(name=name, title=title, lines=lines, number_header="NO", columns=_person(extra),
                                  items=items) for name, extra, items in sheets])

