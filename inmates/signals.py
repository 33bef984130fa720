"""Notifications from the registry to apps that build on it.

The registry knows nothing about elections; `registration` listens to `registry_changed`
and refreshes voter lists in the same transaction as the change.
"""

from django.dispatch import Signal

# Sent with facility_ids: set[int] after any change to inmates or custody events.
registry_changed = Signal()
