"""tps_khusus.numbers: what counts as a number typed by a person or carried in an address (issue 12)."""

import pytest

from tps_khusus.numbers import MAX_ID, as_id, is_digits

pytestmark = pytest.mark.django_db  # the session fixture loads reference data into the test database


@pytest.mark.parametrize("text", ["0", "7", "0123", "3316012345678901"])
def test_ascii_digits_are_digits(text):
    assert is_digits(text)


@pytest.mark.parametrize("text", ["", "²", "٣", "12²", "１２", "-1", "1.5", " 1", "1e3", "\x00", None])
def test_anything_else_is_not(text):
    """`str.isdigit()` says yes to "²", "٣" and "１２"; int() then refuses the first and reads the others."""
    assert not is_digits(text)


def test_an_id_is_a_number_a_database_integer_holds():
    assert as_id("42") == 42
    assert as_id(str(MAX_ID)) == MAX_ID
    assert as_id(str(MAX_ID + 1)) is None
    assert as_id("99999999999999999999999") is None
    assert as_id("٣") is None
    assert as_id("") is None
