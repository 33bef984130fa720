"""The facility page's header and tabs.

The registry's own pages (list, needs action, arrivals, import, the lists for Dukcapil and for
release) are tabs here; apps built on the registry add theirs at start-up with `register()`
(registration adds its election pages), so this app never names them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import Access
from inmates.models import Facility


@dataclass(frozen=True)
class Tab:
    key: str
    label: Callable[[Access], str] | str
    url: Callable[[Facility, Access], str]
    order: int = 100


@dataclass(frozen=True)
class ShownTab:
    key: str
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class Header:
    """What the facility header shows; the facility comes with its location's parents selected."""

    facility: Facility
    tabs: list[ShownTab]


_tabs: dict[str, Tab] = {}


def register(tab: Tab) -> None:
    _tabs[tab.key] = tab


def header(facility: Facility, access: Access, active: str) -> Header:
    tabs = []
    for tab in sorted(_tabs.values(), key=lambda t: (t.order, t.key)):
        label = tab.label(access) if callable(tab.label) else tab.label
        tabs.append(ShownTab(tab.key, str(label), tab.url(facility, access), tab.key == active))
    return Header(facility=facility, tabs=tabs)


def _page(name: str) -> Callable[[Facility, Access], str]:
    return lambda facility, access: reverse(name, args=[facility.code])


register(Tab("list", _("Daftar WBP"), _page("inmates:list"), order=10))
register(Tab("needs", _("Perlu tindakan"), _page("inmates:needs_action"), order=20))
register(Tab("incoming", _("Kedatangan"), _page("inmates:incoming"), order=30))
register(Tab(
    "import", lambda access: _("Impor Excel") if access.edit_registry else _("Riwayat impor"),
    lambda facility, access: reverse("inmates:import" if access.edit_registry else "inmates:import_history",
                                     args=[facility.code]),
    order=40,
))
register(Tab("no_nik", _("Daftar untuk Dukcapil"), _page("inmates:no_nik"), order=50))
register(Tab("leaving", _("Bebas sebelum hari H"), _page("inmates:leaving"), order=60))
