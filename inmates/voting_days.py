"""Voting days a facility's lists look ahead to, offered by the apps that know elections.

The registry does not know elections (registration sits above it), so the "released before voting
day" list asks the providers registered here at start-up (RegistrationConfig.ready registers the
open elections covering the facility), as the facility tabs do (inmates/tabs.py). A provider is
called `provider(user=user, facility=facility)` and returns (label, day) pairs.
"""

from collections.abc import Callable, Iterable
from datetime import date

from inmates.models import Facility

Provider = Callable[..., Iterable[tuple[str, date]]]
_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def choices(*, user, facility: Facility) -> list[tuple[str, date]]:
    """Every provider's (label, day), soonest day first."""
    found = [(str(label), day) for key in sorted(_providers) for label, day in _providers[key](user=user, facility=facility)]
    return sorted(found, key=lambda pair: (pair[1], pair[0]))
