"""Load a dapil edition from CSV files, after checking them (docs/regions.md).

    python manage.py load_dapil --edition CODE FILE... [--kind KIND] [--name NAME] [--source TEXT]
                                [--dry-run] [--compare OTHER_EDITION] [--area REGION_CODE]
                                [--default] [--replace]

Each FILE has the columns of the shipped regions/data/dapil/*.csv (dapil_code, dapil_name,
wilayah_code, wilayah_code_kpu, wilayah_level, wilayah_name, is_pecah). Its kind comes from its
name (dpr_ri, dprd_provinsi, dprd_kabkota, as in dapil_dpr_ri_2029.csv) or from --kind (one file).
Prints the problems, the coverage of --area (a province or kab/kota code; default: the country),
split regions and, with --compare, which regions moved between dapil. Nothing is saved when there
is a problem or with --dry-run; exit status 1 when rejected.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regions import reference
from regions.checks import KIND_LABELS, summarize
from regions.selectors import dapil_upload_report
from regions.services import dapil_edition_load, dapil_upload_check


def _places(places) -> str:
    return "; ".join(f"{place.code} {place.name}" for place in places)


def _dapils(codes, names: dict[str, str]) -> str:
    if not codes:
        return _("(tidak ada dapil)")
    return " / ".join(f"{code} {names.get(code, '')}".strip() for code in codes)


def report_lines(report) -> list[str]:
    """The coverage and difference report as lines of text (also used by tests)."""
    where = f"{report.area.code} {report.area.name}" if report.area else _("seluruh Indonesia")
    lines = [_("Cakupan (%(where)s):") % {"where": where}]
    for coverage in report.coverage:
        label = KIND_LABELS[coverage.kind]
        if coverage.complete:
            lines.append("  " + _("Dapil %(kind)s: semua wilayah masuk dapil.") % {"kind": label})
        else:
            lines.append("  " + _("Dapil %(kind)s: %(count)s wilayah tidak masuk dapil mana pun: %(places)s") % {
                "kind": label, "count": len(coverage.uncovered), "places": _places(coverage.uncovered)})
        for split in coverage.splits:
            parts = ", ".join(_("%(dapil)s: %(count)s bagian") % {"dapil": dapil, "count": len(places)}
                              for dapil, places in split.parts.items())
            lines.append("    " + _("Wilayah pecahan %(code)s %(name)s: %(parts)s") % {
                "code": split.place.code, "name": split.place.name, "parts": parts}
                + ("; " + _("tidak terdaftar: %(places)s") % {"places": _places(split.unlisted)}
                   if split.unlisted else ""))
    if report.compare:
        lines.append(_("Perbandingan dengan edisi %(code)s:") % {"code": report.compare})
        for diff in report.diffs:
            names = report.dapil_names[diff.kind]
            label = KIND_LABELS[diff.kind]
            lines.append("  " + _("Dapil %(kind)s: %(count)s wilayah pindah dapil.") % {
                "kind": label, "count": len(diff.moves)})
            for move in diff.moves:
                lines.append("    " + _("%(code)s %(name)s: %(before)s -> %(after)s") % {
                    "code": move.place.code, "name": move.place.name, "before": _dapils(move.before, names),
                    "after": _dapils(move.after, names)})
            if diff.only_before:
                lines.append("    " + _("Dapil hanya di edisi %(code)s: %(dapils)s") % {
                    "code": report.compare, "dapils": _dapils(list(diff.only_before), diff.only_before)})
            if diff.only_after:
                lines.append("    " + _("Dapil baru: %(dapils)s") % {
                    "dapils": _dapils(list(diff.only_after), diff.only_after)})
            for code, (old, new) in diff.renamed.items():
                lines.append("    " + _("Dapil %(code)s berganti nama: %(old)s -> %(new)s") % {
                    "code": code, "old": old, "new": new})
    return lines


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Periksa dan muat satu edisi dapil dari berkas CSV.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help=_("Berkas CSV dapil (satu per jenis)."))
        parser.add_argument("--edition", required=True, help=_("Kode edisi, misalnya 2029."))
        parser.add_argument("--kind", choices=reference.DAPIL_KINDS,
                            help=_("Jenis dapil bila tidak terbaca dari nama berkas (hanya untuk satu berkas)."))
        parser.add_argument("--name", default="", help=_("Nama edisi, misalnya 'Dapil Pemilu 2029'."))
        parser.add_argument("--source", default="", help=_("Sumber atau dasar hukum, misalnya 'PKPU ... Tahun 2028'."))
        parser.add_argument("--dry-run", action="store_true", help=_("Hanya periksa dan laporkan; tidak ada yang disimpan."))
        parser.add_argument("--compare", help=_("Bandingkan dengan edisi dapil ini, misalnya 2024."))
        parser.add_argument("--area", help=_("Laporan cakupan untuk provinsi atau kabupaten/kota ini, misalnya 33.16."))
        parser.add_argument("--default", action="store_true", help=_("Jadikan edisi bawaan (dipakai bila pemilu tidak menyebut edisi)."))
        parser.add_argument("--replace", action="store_true", help=_("Ganti edisi dengan kode yang sama."))

    def handle(self, *args, **options):
        if options["kind"] and len(options["files"]) > 1:
            raise CommandError(_("--kind hanya untuk satu berkas; beri nama berkas yang menyebut jenisnya."))
        uploads = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
            uploads.append((path.name, options["kind"], path.read_bytes()))
        area = reference.dotted(options["area"]) if options["area"] else None
        upload = dapil_upload_check(code=options["edition"], uploads=uploads, replace=options["replace"],
                                    compare=options["compare"], area=area)
        for message in summarize(upload.warnings, limit=20):
            self.stdout.write(_("PERINGATAN: %(message)s") % {"message": message})
        if not upload.ok:
            for message in summarize(upload.errors):
                self.stderr.write(message)
            raise CommandError(_("Edisi dapil %(code)s ditolak: %(count)s kesalahan; tidak ada yang disimpan.") % {
                "code": options["edition"], "count": len(upload.errors)}, returncode=1)
        for kind, (dapils, rows) in upload.counts().items():
            self.stdout.write(_("Dapil %(kind)s: %(dapils)s dapil, %(rows)s baris wilayah.") % {
                "kind": KIND_LABELS[kind], "dapils": dapils, "rows": rows})
        for line in report_lines(dapil_upload_report(upload, compare=options["compare"], area=area)):
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(_("Pemeriksaan saja (--dry-run): tidak ada yang disimpan."))
            return
        try:
            dapil_edition_load(code=options["edition"], name=options["name"], source=options["source"],
                               uploads=uploads, make_default=options["default"], replace=options["replace"])
        except ValidationError as error:  # changed between the check and the save
            for message in summarize(error.messages):
                self.stderr.write(message)
            raise CommandError(_("Edisi dapil %(code)s ditolak; tidak ada yang disimpan.") % {
                "code": options["edition"]}, returncode=1) from None
        self.stdout.write(self.style.SUCCESS(_("Edisi dapil %(code)s disimpan.") % {"code": options["edition"]}))
