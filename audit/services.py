from collections.abc import Sequence

from audit.models import ExportLog
from tps_khusus.audit import ExportRecord


def write_export_records(records: Sequence[ExportRecord]) -> None:
    """The export-log writer installed in tps_khusus.audit: one INSERT for all records."""
    ExportLog.objects.bulk_create([
        ExportLog(user=record.user if getattr(record.user, "pk", None) else None, operator=record.operator_name,
                  via=record.via, election_id=record.election_id, facility_id=record.facility_id,
                  scope=str(record.scope)[:200], masked=record.masked, what=record.what[:200], rows=record.rows)
        for record in records
    ])
