from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from inmates.models import Facility
from registration.models import Election
from registration.services import election_refresh


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menghitung ulang syarat pemilih dan daftar pemilih satu pemilu (semua Lapas/Rutan di wilayahnya, atau satu).")

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True, help=gettext("kode pemilu, seperti di alamat halamannya (/pemilu/KODE/)"))
        parser.add_argument("--facility", help=gettext("kode Lapas/Rutan; tanpa ini: semua di wilayah pemilu"))

    def handle(self, *args, election: str, facility: str | None = None, **options):
        try:
            chosen = Election.objects.get(slug=election)
        except Election.DoesNotExist:
            raise CommandError(_("Pemilu dengan kode %(slug)s tidak ditemukan.") % {"slug": election}) from None
        facilities = Facility.objects.order_by("name")
        if facility:
            facilities = facilities.filter(code=facility)
            if not facilities.exists():
                raise CommandError(_("Lapas/Rutan dengan kode %(code)s tidak ditemukan.") % {"code": facility})
        try:
            results = election_refresh(election=chosen, facilities=facilities)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for item, report in results:
            self.stdout.write(f"{item.name}: {report.summary()}")
