from accounts.models import ExportLog


def export_entry(*, user, facility, what: str, rows: int, election=None, scope: str = "", masked: bool = False,
                 via: str = ExportLog.Via.WEB, operator: str = "") -> ExportLog:
    """An unsaved log row for a download of personal data (NIK, family numbers, custody status):
    who, which facility and scope, how many rows. `user` may be None for a server command, in
    which case `operator` names who ran it."""
    return ExportLog(user=user, operator=(operator or getattr(user, "username", ""))[:150], via=via,
                     election=election, facility=facility, scope=str(scope)[:200], masked=masked, what=what[:200],
                     rows=rows)


def log_export(**fields) -> ExportLog:
    entry = export_entry(**fields)
    entry.save()
    return entry


def log_exports(entries: list[ExportLog]) -> list[ExportLog]:
    """Several log rows (one per facility of an area export) in one INSERT."""
    return ExportLog.objects.bulk_create(entries)
