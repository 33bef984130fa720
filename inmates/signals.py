"""Notifications from the registry to apps that build on it.

The registry knows nothing about elections; `registration` listens to `registry_changed`
and refreshes voter lists in the same transaction as the change. Listeners may answer with
short sentences for the person who made the change ("Pemilu 2024: 1 keluar daftar"); while a
request is being served, inmates.middleware shows them as messages.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.dispatch import Signal

# Sent with facility_ids: set[int] after any change to inmates or custody events, and stay_ids: the
# stays changed when the change touched only those (all at those facilities) and nothing else any
# other stay's standing depends on (None: anything there may have changed; refresh it all).
registry_changed = Signal()

_feedback: ContextVar[list[str] | None] = ContextVar("registry_feedback", default=None)


def announce(sender, facility_ids: set[int], stay_ids: set[int] | None = None) -> None:
    """Send registry_changed and keep what listeners said for whoever is collecting it."""
    responses = registry_changed.send(sender=sender, facility_ids=facility_ids, stay_ids=stay_ids)
    notes = _feedback.get()
    if notes is not None:
        for _receiver, said in responses:
            notes.extend(said or [])


@contextmanager
def collect_feedback() -> Iterator[list[str]]:
    token = _feedback.set([])
    try:
        yield _feedback.get()
    finally:
        _feedback.reset(token)
