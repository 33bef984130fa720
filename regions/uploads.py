"""Dapil files waiting between the check page and the admin's confirmation.

Nothing goes into the database before the admin confirms: the files stay on the server, outside
any folder served to the web (settings.TPS_IMPORT_PENDING_DIR/dapil when set, otherwise a private
folder in the system's temporary directory), in a folder named by a random token that only the
uploading session knows, with what the admin typed in the form. Removed once saved, swept after a day.
"""

import json
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SESSION_KEY = "pending_dapil_editions"
MAX_AGE_SECONDS = 24 * 60 * 60
KEEP_PER_SESSION = 3
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class PendingDapil:
    token: str
    options: dict            # code, name, source, compare, area, make_default
    uploads: list[tuple[str, str | None, bytes]]


def folder() -> Path:
    configured = getattr(settings, "TPS_IMPORT_PENDING_DIR", None)
    base = Path(configured) / "dapil" if configured else Path(tempfile.gettempdir()) / "tps-khusus-dapil"
    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    return base


def keep(request, *, options: dict, uploads: list[tuple[str, str | None, bytes]]) -> str:
    sweep()
    token = secrets.token_urlsafe(24)
    where = folder() / token
    where.mkdir(mode=0o700)
    names = []
    for index, (name, kind, data) in enumerate(uploads):
        (where / f"{index}.csv").write_bytes(data)
        names.append({"name": Path(name).name[:255], "kind": kind})
    (where / "options.json").write_text(json.dumps({"options": options, "files": names}))
    tokens = [*request.session.get(SESSION_KEY, []), token]
    for old in tokens[:-KEEP_PER_SESSION]:
        shutil.rmtree(folder() / old, ignore_errors=True)
    request.session[SESSION_KEY] = tokens[-KEEP_PER_SESSION:]
    return token


def find(request, token: str) -> PendingDapil | None:
    """The session's pending upload with this token, or None (unknown, foreign or swept)."""
    if not TOKEN.match(token) or token not in request.session.get(SESSION_KEY, []):
        return None
    where = folder() / token
    try:
        stored = json.loads((where / "options.json").read_text())
        uploads = [(entry["name"], entry["kind"], (where / f"{index}.csv").read_bytes())
                   for index, entry in enumerate(stored["files"])]
    except (OSError, ValueError, KeyError):
        return None
    return PendingDapil(token=token, options=stored["options"], uploads=uploads)


def discard(request, token: str) -> None:
    tokens = request.session.get(SESSION_KEY, [])
    if token in tokens:
        request.session[SESSION_KEY] = [t for t in tokens if t != token]
    if TOKEN.match(token):
        shutil.rmtree(folder() / token, ignore_errors=True)


def sweep(max_age: int = MAX_AGE_SECONDS) -> None:
    limit = time.time() - max_age
    for path in folder().iterdir():
        try:
            if path.stat().st_mtime < limit:
                shutil.rmtree(path, ignore_errors=True)
        except FileNotFoundError:
            continue
