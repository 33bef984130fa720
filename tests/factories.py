"""Valid inmates for tests, built through the same services the screens use."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from inmates import services
from inmates.models import DetentionStatus, Inmate, NikStatus

_serial = count(1)


def make_nik(*, kecamatan: str = "33.16.09", birth: date, sex: str = "L", serial: int | None = None) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    number = serial if serial is not None else next(_serial)
    return f"{kecamatan.replace('.', '')}{day:02d}{birth:%m%y}{number:04d}"


def inmate_data(**overrides) -> dict:
    birth = overrides.pop("birth_date", date(1990, 5, 17))
    sex = overrides.pop("sex", "L")
    home = overrides.pop("home_region_id", "33.16.09.1013")
    data = {
        "register_number": f"BI.{next(_serial):04d}/2023",
        "detention_status": DetentionStatus.CONVICT,
        "nik": make_nik(kecamatan=home[:8], birth=birth, sex=sex),
        "nik_status": NikStatus.VERIFIED,
        "nkk": "3316090101230001",
        "full_name": "Budi Santoso",
        "mother_name": "Sumiati",
        "birth_place": "Blora",
        "birth_date": birth,
        "sex": sex,
        "marital_status": "S",
        "citizenship": "WNI",
        "address": "Jl. Pemuda No. 1",
        "rt": "001",
        "rw": "002",
        "home_region_id": home,
        "disability": 0,
        "ktp_el_recorded": True,
    }
    data.update(overrides)
    return data


LATER = object()  # expected release three years after today, whatever day the test runs


def in_years(years: int) -> date:
    """A day `years` after today as the test clock says (negative: before)."""
    return timezone.localdate() + timedelta(days=round(365.25 * years))


def make_inmate(facility, *, user=None, admitted_on=date(2023, 6, 1), expected_release=LATER,
                **overrides) -> Inmate:
    if expected_release is LATER:
        expected_release = in_years(3)
    return services.inmate_create(
        facility=facility, data=inmate_data(**overrides), admitted_on=admitted_on,
        expected_release=expected_release, user=user,
    )
