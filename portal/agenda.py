"""What is next for a user: dated items that the apps provide, shown on the home page.

An app declares its provider on its AppConfig, `agenda = "registration.agenda.items"`: a function
called as `provider(user=user, today=today)` that returns an iterable of items, each with `day`
(a date), `title` (what it belongs to: "Pemilu Nasional 2029 (simulasi)", "Triwulan IV 2026") and
`text` (what to do or what happens: "batas pindah memilih tahanan/WBP (H-7)"), and optionally
`url` (where to do it) and `note` (a detail: "2 Lapas/Rutan belum mengajukan daftar"). Items are
things still to come, or tasks not yet done whose day has passed; a provider leaves out what is
done or merely past. The provider scopes its items to the user's area itself (accounts.access).

Portal sits above every app, so the apps cannot import this module: it finds their providers when
the project starts (PortalConfig.ready -> discover) and they stay plain functions of their app.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.utils.module_loading import import_string

Provider = Callable[..., Iterable]
DEFAULT_LIMIT = 8
SOON_DAYS = 14  # as the election calendar's "segera" (registration.selectors.DUE_SOON_DAYS)

_providers: dict[str, Provider] = {}


@dataclass(frozen=True)
class Shown:
    """One item as the home page shows it."""

    day: date
    title: str
    text: str
    url: str
    note: str
    days: int  # from today: 0 today, negative once late

    @property
    def late(self) -> bool:
        return self.days < 0

    @property
    def soon(self) -> bool:
        return 0 <= self.days <= SOON_DAYS


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def discover() -> None:
    """Register the provider each installed app names in its AppConfig's `agenda` attribute."""
    for config in apps.get_app_configs():
        path = getattr(config, "agenda", None)
        if path:
            register(config.label, import_string(path))


def providers() -> dict[str, Provider]:
    return dict(_providers)


def upcoming(*, user, today: date, limit: int = DEFAULT_LIMIT) -> list[Shown]:
    """The user's next items: those still to come first (soonest first, at most `limit`), then the
    late ones (most recent first, at most `limit`), so a late task is never crowded out."""
    shown = []
    for key in sorted(_providers):
        for item in _providers[key](user=user, today=today):
            shown.append(Shown(day=item.day, title=str(item.title), text=str(item.text),
                               url=getattr(item, "url", "") or "", note=str(getattr(item, "note", "") or ""),
                               days=(item.day - today).days))
    coming = sorted((s for s in shown if not s.late), key=lambda s: (s.day, s.title, s.text))
    late = sorted((s for s in shown if s.late), key=lambda s: (-s.day.toordinal(), s.title, s.text))
    return coming[:limit] + late[:limit]
