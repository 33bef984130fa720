"""Uploaded workbooks waiting between the import preview and its confirmation.

The file stays on the server, outside any folder served to the web: settings.TPS_IMPORT_PENDING_DIR
when set, otherwise a private folder (mode 700) in the system's temporary directory. It is named
by a random token that only the uploading session knows, bound to one facility, removed once
imported, and swept after a day. Nothing of it goes back to the browser but the token.
"""

import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "pending_imports"
MAX_AGE_SECONDS = 24 * 60 * 60
KEEP_PER_SESSION = 5
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class Pending:
    token: str
    facility_id: int
    file_name: str
    path: Path

    def read(self) -> bytes:
        return self.path.read_bytes()


def folder() -> Path:
    configured = getattr(settings, "TPS_IMPORT_PENDING_DIR", None)
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "tps-khusus-impor"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _path(token: str) -> Path:
    return folder() / f"{token}.xlsx"


def keep(request, *, facility_id: int, file_name: str, data: bytes) -> Pending:
    """Store an upload for this session and facility; returns its handle."""
    sweep()
    token = secrets.token_urlsafe(24)
    path = _path(token)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    entries = dict(request.session.get(SESSION_KEY, {}))
    entries[token] = {"facility": facility_id, "name": file_name[:255]}
    while len(entries) > KEEP_PER_SESSION:
        oldest = next(iter(entries))
        entries.pop(oldest)
        _path(oldest).unlink(missing_ok=True)
    request.session[SESSION_KEY] = entries
    return Pending(token, facility_id, file_name, path)


def find(request, token: str, *, facility_id: int) -> Pending | None:
    """The session's upload with this token for this facility, or None (unknown, foreign, or swept)."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not TOKEN.match(token) or entry is None or entry["facility"] != facility_id:
        return None
    path = _path(token)
    if not path.is_file():
        return None
    return Pending(token, facility_id, entry["name"], path)


def discard(request, token: str) -> None:
    entries = dict(request.session.get(SESSION_KEY, {}))
    if entries.pop(token, None) is not None:
        request.session[SESSION_KEY] = entries
    if TOKEN.match(token):
        _path(token).unlink(missing_ok=True)


def sweep(max_age: int = MAX_AGE_SECONDS) -> None:
    """Remove uploads nobody confirmed within a day."""
    limit = time.time() - max_age
    for path in folder().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:
            continue
