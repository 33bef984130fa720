"""Numbers typed by people or sent in addresses: only ASCII digits count, and only as large as a database
integer holds. `str.isdigit()` also says yes to "²" and "٣" (which `int()` then refuses or reads as 3), and
a 23-digit id overflows the database's integer (a 500 before issue 12)."""

MAX_ID = 2**31 - 1  # the largest value of an `integer` column on PostgreSQL (ids, TPS and version numbers)


def is_digits(text: object) -> bool:
    """Non-empty and only the digits 0-9."""
    value = str(text)
    return value.isascii() and value.isdigit()


def as_id(text: object) -> int | None:
    """The number an id-like value means, or None when it is not 0-9 digits or too large to be stored."""
    if not is_digits(text):
        return None
    number = int(str(text))
    return number if number <= MAX_ID else None


def is_region_code(text: object) -> bool:
    """A Kemendagri region code as addresses carry it ("33", "33.16", "33.16.09", "33.16.09.2001"): groups of
    0-9 digits joined by dots, at most 13 characters. Anything else (a NUL, which PostgreSQL refuses in a
    query, "٣", SQL-looking text) is answered as an unknown region before it reaches the database."""
    value = str(text)
    return 0 < len(value) <= 13 and all(is_digits(part) for part in value.split("."))
