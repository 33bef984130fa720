"""Create an election from a template, as the election page does (services.election_create).

    python manage.py election_create --template NAME --slug SLUG --name NAME --voting-day YYYY-MM-DD
        [--region CODE] [--dapil-edition CODE] [--simulated] [--dpt-date YYYY-MM-DD]
        [--data-start YYYY-MM-DD] [--data-cutoff YYYY-MM-DD] [--transfer-freeze YYYY-MM-DD]
        [--pindah-general-days N] [--pindah-detainee-days N] [--max-voters N] [--reserve-percent P]
        [--dry-run]

Templates: pemilu-nasional, pemilu-daerah, pilkada, pemilu-serentak, kosong (docs/elections.md).
Prints the contests, the calendar (dates left out are counted back from voting day) and the
facilities whose lists are computed. Every problem is printed; exit status 1, nothing saved.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from registration import presets, services
from tps_khusus.dates import long_date

BAD_DATE = gettext_lazy("%(option)s: tanggal %(value)s tidak dikenal; tulis tahun-bulan-hari (TTTT-BB-HH).")
BAD_NUMBER = gettext_lazy("%(option)s: %(value)s bukan bilangan.")
REJECTED = gettext_lazy("Pemilu %(slug)s tidak dibuat: %(count)s kesalahan.")
DATES = {"voting_day": "--voting-day", "dpt_determined_on": "--dpt-date", "data_start": "--data-start",
         "data_cutoff": "--data-cutoff", "transfer_freeze": "--transfer-freeze"}
NUMBERS = {"pindah_general_days": ("--pindah-general-days", int), "pindah_detainee_days": ("--pindah-detainee-days", int),
           "max_voters_per_tps": ("--max-voters", int), "reserve_percent": ("--reserve-percent", Decimal)}
FIELD_OPTIONS = {"template": "--template", "slug": "--slug", "name": "--name", "region": "--region",
                 "dapil_edition": "--dapil-edition", **DATES, **{key: option for key, (option, _kind) in NUMBERS.items()}}


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Membuat pemilu dari templat (%(names)s) dan menghitung daftar pemilihnya.") % {
            "names": ", ".join(presets.TEMPLATES)}

    def add_arguments(self, parser):
        parser.add_argument("--template", required=True, help=gettext("templat: %(names)s") % {
            "names": ", ".join(presets.TEMPLATES)})
        parser.add_argument("--slug", required=True, help=gettext("kode pemilu (alamat halaman, nama berkas)"))
        parser.add_argument("--name", required=True, help=gettext("nama pemilu"))
        parser.add_argument("--voting-day", required=True, help=gettext("hari pemungutan suara, TTTT-BB-HH"))
        parser.add_argument("--region", default="", help=gettext("kode provinsi atau kabupaten/kota; kosong: seluruh Indonesia"))
        parser.add_argument("--dapil-edition", default="", help=gettext("kode edisi dapil; kosong: edisi bawaan"))
        parser.add_argument("--simulated", action="store_true",
                            help=gettext("hari pemungutan suara adalah tanggal simulasi (belum ditetapkan KPU)"))
        parser.add_argument("--dpt-date", default="", help=gettext("tanggal penetapan DPT, TTTT-BB-HH"))
        parser.add_argument("--data-start", default="", help=gettext("mulai pendataan; kosong: H-270"))
        parser.add_argument("--data-cutoff", default="", help=gettext("batas data WBP; kosong: H-56"))
        parser.add_argument("--transfer-freeze", default="", help=gettext("mulai larangan pemindahan; kosong: H-54"))
        parser.add_argument("--pindah-general-days", default="", help=gettext("batas pindah memilih umum, hari sebelum H (30)"))
        parser.add_argument("--pindah-detainee-days", default="", help=gettext("batas pindah memilih tahanan, hari sebelum H (7)"))
        parser.add_argument("--max-voters", default="", help=gettext("pemilih maksimal per TPS (300)"))
        parser.add_argument("--reserve-percent", default="", help=gettext("surat suara cadangan dalam persen (2)"))
        parser.add_argument("--dry-run", action="store_true", help=gettext("hanya periksa dan tampilkan; tidak disimpan"))

    def handle(self, *args, **options):
        fields, problems, unreadable = self._fields(options)
        try:
            plan = services.election_plan(**fields)
            if not problems and not options["dry_run"]:
                election = services.election_create(**fields)
        except ValidationError as error:  # every problem at once, but one message per unreadable option
            problems += self._messages(error, skip=unreadable)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(REJECTED % {"slug": options["slug"], "count": len(problems)}, returncode=1)
        self._report(plan)
        if options["dry_run"]:
            self.stdout.write(_("Pemeriksaan saja (--dry-run): tidak ada yang disimpan."))
            return
        self.stdout.write(self.style.SUCCESS(_("Pemilu %(name)s (%(slug)s) dibuat; daftar pemilih dihitung untuk "
                                               "%(count)s Lapas/Rutan.") % {
            "name": election.name, "slug": election.slug, "count": len(plan.facilities)}))

    @staticmethod
    def _fields(options) -> tuple[dict, list[str], set[str]]:
        """The service's fields from the options, the problems reading them, and which could not be read."""
        fields = {"template": options["template"], "slug": options["slug"], "name": options["name"],
                  "region": options["region"] or None, "dapil_edition": options["dapil_edition"] or None,
                  "voting_day_simulated": options["simulated"]}
        problems, unreadable = [], set()
        for key, option in DATES.items():
            value = options[key if key != "dpt_determined_on" else "dpt_date"].strip()
            try:
                fields[key] = date.fromisoformat(value) if value else None
            except ValueError:
                fields[key] = None
                unreadable.add(key)
                problems.append(str(BAD_DATE % {"option": option, "value": value}))
        for key, (option, kind) in NUMBERS.items():
            value = options[option[2:].replace("-", "_")].strip()
            try:
                fields[key] = kind(value) if value else None
            except (ValueError, InvalidOperation):
                fields[key] = None
                unreadable.add(key)
                problems.append(str(BAD_NUMBER % {"option": option, "value": value}))
        return fields, problems, unreadable

    @staticmethod
    def _messages(error: ValidationError, *, skip: set[str]) -> list[str]:
        lines = []
        for field, messages in error.message_dict.items():
            if field in skip:
                continue
            option = FIELD_OPTIONS.get(field)
            lines += [f"{option}: {message}" if option else message for message in messages]
        return lines

    def _report(self, plan) -> None:
        election = plan.election
        self.stdout.write(_("Templat: %(template)s") % {"template": plan.template.label})
        self.stdout.write(_("Hari pemungutan suara: %(day)s") % {"day": election.voting_day_label})
        self.stdout.write(_("Wilayah: %(region)s") % {
            "region": f"{election.region_id} {election.region.name}" if election.region_id else _("seluruh Indonesia")})
        self.stdout.write(_("Edisi dapil: %(code)s") % {"code": election.dapil_edition_id or "-"})
        self.stdout.write(_("Surat suara:"))
        for contest in plan.contests:
            self.stdout.write(f"  {contest.code}: {contest.name} — {contest.get_scope_display()}")
        if not plan.contests:
            self.stdout.write("  " + _("(belum ada; tambahkan di halaman Administrasi)"))
        self.stdout.write(_("Jadwal:"))
        for item in plan.calendar:
            counted = " " + _("(dihitung dari hari pemungutan)") if item.counted else ""
            self.stdout.write(f"  {long_date(item.day):<17} {item.label}{counted}")
        self.stdout.write(_("Lapas/Rutan: %(names)s") % {
            "names": ", ".join(f.name for f in plan.facilities) or _("(tidak ada)")})
