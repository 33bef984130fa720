"""A stay's custody state, derived from its events. Pure functions, no database (the model's enums
are plain values: importing them runs no query).

Reading of "still held on day D" (issue #3, domain.md "Who may vote"): a person counts as
held on D when admitted on or before D, not released, transferred or dead before D, and
their expected release (tanggal ekspirasi) is not before D. Leaving *on* D still counts as
held on D, as the eligibility rule says "not released ... before it".
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from inmates.models import CustodyEvent, CustodyState

Kind = CustodyEvent.Kind

ARRIVALS = {Kind.ADMISSION, Kind.TRANSFER_IN}
EXITS = {Kind.RELEASE: CustodyState.RELEASED, Kind.TRANSFER_OUT: CustodyState.TRANSFERRED, Kind.DEATH: CustodyState.DEAD}


@dataclass(frozen=True)
class Event:
    kind: str
    date: date


@dataclass(frozen=True)
class Summary:
    state: str
    admitted_on: date | None
    expected_release: date | None
    left_on: date | None


def summarize(events: Iterable[Event]) -> Summary:
    """Fold events (in the order they were recorded) into the stay's current summary."""
    admitted_on = expected_release = left_on = None
    state = CustodyState.INCOMING
    for event in events:
        if event.kind in ARRIVALS:
            admitted_on = admitted_on or event.date
            state = CustodyState.HELD
        elif event.kind == Kind.EXPECTED_RELEASE:
            expected_release = event.date
        elif event.kind in EXITS:
            left_on = event.date
            state = EXITS[event.kind]
        elif event.kind == Kind.TRANSFER_CANCELLED and state == CustodyState.TRANSFERRED:
            left_on = None  # the transfer never happened: held here again
            state = CustodyState.HELD
    return Summary(state=state, admitted_on=admitted_on, expected_release=expected_release, left_on=left_on)


def held_on(summary: Summary, day: date) -> bool:
    if summary.admitted_on is None or summary.admitted_on > day:
        return False
    if summary.left_on is not None and summary.left_on < day:
        return False
    return summary.expected_release is None or summary.expected_release >= day


def leaves_before(summary: Summary, day: date) -> bool:
    """Admitted, but gone (or expected to be gone) before `day`."""
    return summary.admitted_on is not None and summary.admitted_on <= day and not held_on(summary, day)
