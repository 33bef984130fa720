"""Dates on pages and in messages read as Indonesians write them (issue 16): "2 Desember 2026"."""

from datetime import UTC, date, datetime

from django.utils import translation

from tps_khusus.dates import long_date, long_datetime


def test_a_day_is_written_out_with_the_indonesian_month():
    assert long_date(date(2026, 12, 2)) == "2 Desember 2026"
    assert long_date(date(2029, 2, 14)) == "14 Februari 2029"


def test_a_moment_is_shown_in_jakarta():
    late_utc = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)  # already 2 December 01.30 in Jakarta
    assert long_date(late_utc) == "2 Desember 2026"
    assert long_datetime(late_utc) == "2 Desember 2026 01.30"


def test_the_active_language_names_the_month():
    with translation.override("id"):
        assert long_date(date(2024, 8, 17)) == "17 Agustus 2024"
