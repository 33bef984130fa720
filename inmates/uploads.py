"""Uploaded workbooks waiting between the import preview and its confirmation.

An upload is a PendingUpload row: the bytes, their SHA-256, the file name, the facility and the
user who uploaded it, named by a random token that goes back to the browser (nothing else does).
Only that user finds it again, for that facility, within EXPIRES_AFTER; a user keeps at most
KEEP_PER_OWNER; a confirmed upload is discarded; expired ones are deleted whenever a new one is
kept. Being in the database, it is seen by every application server and needs no private folder.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.access import scope
from inmates.models import PendingUpload

EXPIRES_AFTER = timedelta(hours=2)
KEEP_PER_OWNER = 5
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")

Pending = PendingUpload  # what keep() and find() hand back: .token, .file_name, .facility_id, .read()


def keep(request, *, facility_id: int, file_name: str, data: bytes) -> PendingUpload:
    """Store an upload of this user for this facility; returns it (its token goes into the next URL)."""
    now = timezone.now()
    with transaction.atomic():
        PendingUpload.objects.filter(created_at__lt=now - EXPIRES_AFTER).delete()
        pending = PendingUpload.objects.create(
            token=secrets.token_urlsafe(24), owner=request.user, facility_id=facility_id, file_name=file_name[:255],
            data=data, sha256=hashlib.sha256(data).hexdigest())
        older = PendingUpload.objects.filter(owner=request.user).order_by("-created_at", "-pk")[KEEP_PER_OWNER:]
        PendingUpload.objects.filter(pk__in=list(older.values_list("pk", flat=True))).delete()
    return pending


def find(request, token: str, *, facility_id: int) -> PendingUpload | None:
    """This user's unexpired upload with this token for this facility, or None (unknown, someone else's, expired)."""
    if not TOKEN.match(token) or not getattr(request.user, "pk", None):
        return None
    # The owner alone, and only while the facility stays in the owner's area.
    return scope(request.user, PendingUpload.objects.filter(
        token=token, owner=request.user, facility_id=facility_id,
        created_at__gte=timezone.now() - EXPIRES_AFTER)).first()


def read(pending: PendingUpload) -> bytes:
    return pending.read()


def discard(request, token: str) -> None:
    """Delete this user's upload with this token, if there is one."""
    if TOKEN.match(token) and getattr(request.user, "pk", None):
        PendingUpload.objects.filter(token=token, owner=request.user).delete()
