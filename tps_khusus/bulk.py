"""Set-based SQL shared by the apps: lookups by thousands of values, rows derived from rows, and
plain multi-row inserts. The ORM's bulk_create spends most of its time preparing each value of
each object; for tens of thousands of rows of computed data these write the same rows faster.
"""

import io
import json
import re
from collections.abc import Sequence
from datetime import date

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL


def in_values(values: list, *, integers: bool = False) -> RawSQL | list:
    """The right-hand side of `field__in` as one JSON parameter: a 50,000-row file is still one query.

    SQLite caps a statement at 999 parameters in Django's view of it; PostgreSQL plans one array
    better than 50,000 placeholders. Other databases get the plain list.
    """
    payload = json.dumps(values)
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", [payload])
    if connection.vendor == "postgresql":
        cast = "::bigint" if integers else ""
        return RawSQL(f"SELECT (jsonb_array_elements_text(%s::jsonb)){cast}", [payload])
    return list(values)


def insert_select(model, columns: list[str], queryset: QuerySet) -> int:
    """INSERT INTO model's table (columns) SELECT <queryset>; the queryset's values_list gives the columns."""
    select, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    quote = connection.ops.quote_name
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) {select}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def insert_values(model, columns: list[str], rows: Sequence[tuple]) -> int:
    """INSERT plain, already database-ready values (ints, strings, booleans, None, and values
    passed through connection.ops adapters) in multi-row statements within the parameter limit."""
    if not rows:
        return 0
    quote = connection.ops.quote_name
    per_statement = max(1, min(500, (connection.features.max_query_params or 30000) // len(columns)))
    one_row = f"({', '.join(['%s'] * len(columns))})"
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start:start + per_statement]
            cursor.execute(head + ", ".join([one_row] * len(batch)), [value for row in batch for value in row])
    return len(rows)


def next_ids(model, count: int) -> list[int] | None:
    """`count` keys drawn from the model's own key sequence (PostgreSQL), for rows written with explicit keys
    (copy_values), so that nothing has to be read back; None elsewhere (insert, then read the keys back)."""
    if connection.vendor != "postgresql" or count <= 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return sorted(row[0] for row in cursor.fetchall())


# COPY's text format: a backslash, tab, newline or carriage return inside a value is escaped.
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    if value.__class__ is str:
        return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value
    if value is None:
        return "\\N"
    if isinstance(value, str):  # a TextChoices member: its text
        return _copy_text(str.__str__(value))
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):  # an IntegerChoices member too
        return str(int(value))
    if isinstance(value, date):  # datetime too: ISO 8601 with its offset, as PostgreSQL reads it
        return value.isoformat()
    return _copy_text(str(value))


def copy_values(model, columns: list[str], rows: Sequence[tuple]) -> int:
    """Like insert_values, with PostgreSQL's COPY (one round trip, no statement to parse per 500 rows);
    plain multi-row INSERTs elsewhere. Values are plain Python values (str, int, bool, None, date, datetime)."""
    if connection.vendor != "postgresql":
        return insert_values(model, columns, rows)
    if not rows:
        return 0
    quote = connection.ops.quote_name
    # Plain text is sent as it is when no text of the row needs escaping (one search for the whole row); other
    # values (None, choices, dates, flags, keys) repeat from row to row and are written once each.
    known: dict = {}

    def written(value) -> str:
        text = known[(value.__class__, value)] = _copy_text(value)
        return text

    lines = []
    for row in rows:
        texts = [value for value in row if value.__class__ is str]
        if texts and _COPY_SPECIAL.search("".join(texts)):
            lines.append("\t".join(map(_copy_text, row)))
            continue
        try:
            lines.append("\t".join([value if value.__class__ is str else known.get((value.__class__, value))
                                    or written(value) for value in row]))
        except TypeError:  # a value that cannot be a dictionary key
            lines.append("\t".join(map(_copy_text, row)))
    text = "\n".join(lines) + "\n"
    # The driver's own cursor: its errors are turned into Django's (IntegrityError, ...) here.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN",
            io.StringIO(text))
    return len(rows)
