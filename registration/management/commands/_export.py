"""What export_dpt and export_rekap share: the election, who runs them, where the file goes."""

import getpass
import os
import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import SYSTEM, area_of
from registration.models import Election


def election_or_error(slug: str) -> Election:
    election = Election.objects.filter(slug=slug).first()
    if election is None:
        raise CommandError(_("Pemilihan dengan kode %(slug)s tidak ada.") % {"slug": slug})
    return election


def actor_or_error(username: str | None):
    """The user whose area scopes the export (and who is logged), or the server itself."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(_("Pengguna %(user)s tidak ada.") % {"user": username})
    if not area_of(user).role:
        raise CommandError(_("Pengguna %(user)s tidak punya peran, jadi tidak boleh mengekspor.") % {"user": username})
    return user


def operator(actor) -> str:
    """Who ran the command, for the export log: the user named, else the server account."""
    if actor is not SYSTEM:
        return actor.username
    try:
        return f"{getpass.getuser()} ({_('server')})"
    except OSError:  # no login name in some containers
        return _("server")


def check_target(out: str) -> Path:
    target = Path(out)
    if not target.parent.is_dir():
        raise CommandError(_("Folder %(folder)s tidak ada.") % {"folder": target.parent})
    return target


def save(stream, target: Path, log=None) -> Path:
    """Write the workbook next to its destination, then move it in place: never a half file. `log`
    (the export log) runs in the same transaction, so a file is never left behind unlogged."""
    partial = target.with_name(f".{target.name}.part")
    try:
        with transaction.atomic():
            with partial.open("wb") as handle:
                shutil.copyfileobj(stream, handle)
            if log is not None:
                log()
            os.replace(partial, target)
    finally:
        stream.close()
        partial.unlink(missing_ok=True)
    return target
