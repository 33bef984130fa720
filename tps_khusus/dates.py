"""Dates as people read them on pages and in messages: "2 Desember 2026" (issue 16: "numbers and dates
in Indonesian format everywhere"), with the active language's month names (LANGUAGE_CODE = "id").

Not for cells of exported workbooks: those are real Excel dates shown dd-mm-yyyy as KPU's layouts
have them (docs/export.md), nor for what a user typed and is quoted back ("31-02-1990")."""

from datetime import date, datetime

from django.utils import timezone
from django.utils.formats import date_format

LONG_DATE = "j F Y"
LONG_DATETIME = "j F Y H.i"


def long_date(day: date) -> str:
    """"2 Desember 2026"."""
    if isinstance(day, datetime):
        day = timezone.localtime(day) if timezone.is_aware(day) else day
        day = day.date()
    return date_format(day, LONG_DATE)


def long_datetime(moment: datetime) -> str:
    """"2 Desember 2026 14.05", in Jakarta's time for an aware moment."""
    return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, LONG_DATETIME)
