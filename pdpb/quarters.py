"""PDPB periods are the quarters of a year (Triwulan I = January-March, ...): pure date arithmetic."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    def __post_init__(self):
        if self.number not in ROMAN or not 1900 <= self.year <= 9998:
            raise ValueError(f"no such quarter: {self.year} {self.number}")

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return self.next.start - timedelta(days=1)

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year, self.number - 1) if self.number > 1 else Quarter(self.year - 1, 4)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year, self.number + 1) if self.number < 4 else Quarter(self.year + 1, 1)

    @property
    def roman(self) -> str:
        return ROMAN[self.number]

    @property
    def label(self) -> str:
        return _("Triwulan %(roman)s %(year)s") % {"roman": self.roman, "year": self.year}

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.number}"

    def as_of(self, today: date) -> date:
        """The day a period's figures stand on: its last day, or today for the current period."""
        return min(self.end, today)

    def started_by(self, today: date) -> bool:
        return self.start <= today


def between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters, quarter = [], first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next
    return quarters
