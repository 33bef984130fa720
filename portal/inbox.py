"""What waits for a user: the home page's inbox (submissions to review, lists sent back), newest first.

Built like the agenda (portal/agenda.py): an app names its provider on its AppConfig,
`inbox = "registration.inbox.items"`, and PortalConfig.ready() registers it (`discover`). A provider
is called `provider(user=user)` and returns an iterable of items, each with `at` (a datetime: when it
arrived), `title` (where it comes from: "Rutan Kelas IIB Blora"), `text` (what it is: "mengajukan
daftar pemilih Pemilu 2024"), and optionally `url` (where to act on it), `note` (what the sender
wrote) and `counts` (a short line of figures: "126 MS · 3 potensial · 12 TMS"). The provider scopes
its items to the user's area (accounts.access) and returns only what still waits: a submission
already returned or locked, a returned list already submitted again, is left out.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils.module_loading import import_string

Provider = Callable[..., Iterable]
DEFAULT_LIMIT = 20

_providers: dict[str, Provider] = {}


@dataclass(frozen=True)
class Shown:
    at: datetime
    title: str
    text: str
    url: str
    note: str
    counts: str


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def discover() -> None:
    """Register the provider each installed app names in its AppConfig's `inbox` attribute."""
    for config in apps.get_app_configs():
        path = getattr(config, "inbox", None)
        if path:
            register(config.label, import_string(path))


def providers() -> dict[str, Provider]:
    return dict(_providers)


def waiting(*, user, limit: int = DEFAULT_LIMIT) -> tuple[list[Shown], int]:
    """The newest `limit` items of every provider, newest first, and how many there are in all."""
    shown = [Shown(at=item.at, title=str(item.title), text=str(item.text), url=getattr(item, "url", "") or "",
                   note=str(getattr(item, "note", "") or ""), counts=str(getattr(item, "counts", "") or ""))
             for key in sorted(_providers) for item in _providers[key](user=user)]
    shown.sort(key=lambda s: (s.at, s.title, s.text), reverse=True)
    return shown[:limit], len(shown)
