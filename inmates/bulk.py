"""Set-based SQL for the import: lookups by thousands of values, and rows derived from rows.

Why not simple_history's bulk_create_with_history for the new stays and their events: measured
on SQLite on the 2-core reference machine, it wrote 10,000 new WBP (stays, two events each, and
the history of both) in 5.8 s, most of it building one Python object per history row and
compiling each value into an INSERT; with the read and the checks that was 1,300 rows/s
against a target of 2,000. The history and event rows are copies of columns already in the
database, so one INSERT ... SELECT per table writes them in a fraction of that, giving the same
rows bulk_history_create would (history_type "+", the user, the reason, one timestamp).
Portable SQL: the column lists come from the models, the SELECT from the ORM.
"""

from datetime import datetime

from django.db.models import CharField, DateTimeField, IntegerField, QuerySet, Value

from tps_khusus.bulk import insert_select


def copy_to_history(model, queryset: QuerySet, *, when: datetime, user_id: int | None, reason: str,
                    history_type: str = "+") -> int:
    """One history row per row of `queryset`, as simple_history's bulk_history_create would write it."""
    history = model.history.model
    tracked = [field.attname for field in history.tracked_fields]
    rows = queryset.order_by("pk").annotate(
        h_date=Value(when, output_field=DateTimeField()),
        h_reason=Value(reason, output_field=CharField()),
        h_type=Value(history_type, output_field=CharField()),
        h_user=Value(user_id, output_field=IntegerField()),
    ).values_list(*tracked, "h_date", "h_reason", "h_type", "h_user")
    columns = [history._meta.get_field(field.name).column for field in history.tracked_fields]
    return insert_select(history, [*columns, "history_date", "history_change_reason", "history_type",
                                   "history_user_id"], rows)


def events_from_stays(event_model, stays: QuerySet, *, kind: str, date_field: str, note: str, user_id: int | None,
                      when: datetime) -> int:
    """One event of `kind` per stay, dated by the stay's own `date_field` (skipped where it is empty)."""
    rows = stays.filter(**{f"{date_field}__isnull": False}).order_by("pk").annotate(
        e_kind=Value(kind, output_field=CharField()),
        e_note=Value(note, output_field=CharField()),
        e_user=Value(user_id, output_field=IntegerField()),
        e_at=Value(when, output_field=DateTimeField()),
    ).values_list("pk", "e_kind", date_field, "e_note", "e_user", "e_at")
    return insert_select(event_model, ["inmate_id", "kind", "date", "note", "recorded_by_id", "recorded_at"], rows)

