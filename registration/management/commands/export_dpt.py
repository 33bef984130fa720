from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import log_export
from inmates.models import Facility
from registration import exports, selectors
from registration.models import Election, ListVersion


class Command(BaseCommand):
    help = "Write a facility's voter list (a locked version, or the current list) as .xlsx in KPU's layout."

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True)
        parser.add_argument("--facility", required=True)
        parser.add_argument("--list-version", dest="list_version", type=int,
                            help="Locked version number; the current list when omitted")
        parser.add_argument("--output", required=True, help="Path of the .xlsx to write")
        parser.add_argument("--user", default="admin", help="Whose export this is, for the export log")

    def handle(self, *args, election, facility, list_version, output, user, **options):
        version = list_version
        chosen = Election.objects.filter(slug=election).first()
        place = Facility.objects.filter(code=facility).first()
        if chosen is None or place is None or not chosen.covers(place):
            raise CommandError(_("Pemilu atau Lapas/Rutan tidak ditemukan."))
        who = User.objects.filter(username=user).first()
        if who is None:
            raise CommandError(_("Pengguna %(user)s tidak ditemukan.") % {"user": user})
        if version is None:
            entries = selectors.snapshot_entries(chosen, place)
            label = _("sementara (belum dikunci), %(day)s") % {"day": timezone.localdate().strftime("%d-%m-%Y")}
        else:
            locked = ListVersion.objects.filter(election=chosen, facility=place, number=version).first()
            if locked is None:
                raise CommandError(_("Versi %(n)s tidak ditemukan.") % {"n": version})
            entries = list(locked.entries.order_by("tps_number", "full_name", "pk"))
            label = locked.label
        heading = [_("DAFTAR PEMILIH TPS LOKASI KHUSUS"), f"{chosen.name} — {place.name}", str(label)]
        content = exports.dpt_workbook(title=str(label), heading=heading, entries=entries, voting_day=chosen.voting_day)
        Path(output).write_bytes(content)
        log_export(user=who, facility=place, what=f"{chosen.slug} {Path(output).name}", rows=len(entries))
        self.stdout.write(_("%(count)s pemilih ditulis ke %(path)s") % {"count": len(entries), "path": output})
