"""The eligible count from today to voting day: who is still held on each day as the expected
release dates fall (issue 16, "who leaves before day H")."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from inmates.models import CustodyState, Facility
from registration import rules
from registration.models import Election
from registration.selectors.lists import facilities_in, registrations

POINTS = 8  # days on the chart, today and voting day included


@dataclass(frozen=True)
class OutlookPoint:
    day: date
    count: int
    leaving: int  # left since the point before (0 for the first)
    is_voting_day: bool


@dataclass(frozen=True)
class Outlook:
    points: list[OutlookPoint]

    @property
    def top(self) -> int:
        return max([point.count for point in self.points] + [1])

    @property
    def leaving(self) -> int:
        return self.points[0].count - self.points[-1].count if self.points else 0


def outlook_days(*, today: date, voting_day: date, points: int = POINTS) -> list[date]:
    """Today, voting day and evenly spaced days between (fewer when they are fewer days apart)."""
    if voting_day <= today:
        return []
    span = (voting_day - today).days
    steps = min(points - 1, span)
    return sorted({today + timedelta(days=round(span * step / steps)) for step in range(steps + 1)})


def eligible_outlook(*, user, election: Election, today: date, facility: Facility | None = None) -> Outlook:
    """Voters held today who would vote but for leaving, counted on each day of outlook_days: on day D
    those whose expected release is unknown or not before D (someone released on D is still held on
    D; registration.rules "held on day D"). On voting day that is the MS count of those held today.
    One query, whatever the number of people."""
    days = outlook_days(today=today, voting_day=election.voting_day)
    if not days:
        return Outlook(points=[])
    facilities = facilities_in(user=user, election=election)
    if facility is not None:
        facilities = facilities.filter(pk=facility.pk)
    leaving_only = Q(pk__in=[])
    for code in rules.LEAVING_CODES:  # TMS for leaving and for nothing else
        leaving_only |= Q(reasons=f",{code},")
    base = registrations(user=user, election=election).filter(
        facility__in=facilities, inmate__custody_state=CustodyState.HELD).filter(
        Q(status=rules.MS) | (Q(status=rules.TMS) & leaving_only))
    counts = base.aggregate(**{
        f"d{index}": Count("id", filter=Q(inmate__expected_release__isnull=True) | Q(inmate__expected_release__gte=day))
        for index, day in enumerate(days)})
    points = []
    for index, day in enumerate(days):
        count = counts[f"d{index}"]
        previous = counts[f"d{index - 1}"] if index else count
        points.append(OutlookPoint(day=day, count=count, leaving=previous - count, is_voting_day=day == election.voting_day))
    return Outlook(points=points)
