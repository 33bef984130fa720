from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from inmates.models import Facility
from registration.models import Election
from registration.services import allocate, registration_refresh


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Membuat TPS yang direncanakan bila Lapas/Rutan belum punya TPS, lalu menempatkan pemilih yang belum mendapat TPS.")

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True)
        parser.add_argument("--facility", required=True)

    def handle(self, *args, election: str, facility: str, **options):
        chosen = Election.objects.filter(slug=election).first()
        if chosen is None:
            raise CommandError(_("Pemilu dengan kode %(slug)s tidak ditemukan.") % {"slug": election})
        place = Facility.objects.filter(code=facility).first()
        if place is None or not chosen.covers(place):
            raise CommandError(_("Lapas/Rutan dengan kode %(code)s tidak ditemukan dalam pemilu ini.") % {"code": facility})
        try:
            registration_refresh(election=chosen, facility=place)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        report = allocate(election=chosen, facility=place, create_missing=True)
        self.stdout.write(_("%(tps)s TPS dibuat, %(placed)s pemilih ditempatkan, %(unplaced)s belum mendapat TPS.") % {
            "tps": report.created_tps, "placed": report.placed, "unplaced": report.unplaced})
        if report.unplaced:
            raise CommandError(_("Kapasitas TPS tidak cukup; tambah TPS lalu jalankan lagi."))
