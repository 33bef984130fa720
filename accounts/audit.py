from accounts.models import ExportLog


def log_export(*, user, facility, what: str, rows: int) -> ExportLog:
    """Record a download of personal data (NIK, family numbers, custody status)."""
    return ExportLog.objects.create(user=user, facility=facility, what=what[:200], rows=rows)
