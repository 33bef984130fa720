from accounts.models import ExportLog


def log_export(*, user, facility, what: str, rows: int, election=None, scope: str = "", masked: bool = False,
               via: str = ExportLog.Via.WEB, operator: str = "") -> ExportLog:
    """Record a download of personal data (NIK, family numbers, custody status): who, when, which
    facility and scope, how many rows. `user` may be None for a server command run by `operator`."""
    return ExportLog.objects.create(
        user=user, operator=(operator or getattr(user, "username", ""))[:150], via=via, election=election,
        facility=facility, scope=str(scope)[:200], masked=masked, what=what[:200], rows=rows)
