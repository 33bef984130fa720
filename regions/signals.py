"""Notifications from the reference data to the apps above it (they connect; regions never imports them).

region_codes_moved: sent with facility_ids (set[int]) inside the transaction of
region_references_move(), after facility locations or WBP homes moved to a new region edition's
codes: the facilities located there and those whose WBP homes moved. Voter lists depend on homes
(ballot scope), so registration should refresh these facilities as after a registry change.
"""

from django.dispatch import Signal

region_codes_moved = Signal()
