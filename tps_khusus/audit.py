"""Who exported which personal data: the apps describe each export here, the audit app keeps it.

Lists of WBP carry NIK, family numbers and custody status (specific personal data, UU 27/2022),
so every download and every command's file is logged. The log points at facilities and
elections, so it lives in the `audit` app above `inmates` and `registration`; they cannot import
it, and hand an ExportRecord to `record()` instead. The audit app installs the writer at start-up
(`set_writer`). Without a writer `record()` refuses: an unlogged export is a defect, not a mode.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

WEB = "web"
COMMAND = "cli"


@dataclass(frozen=True)
class ExportRecord:
    """One facility's part of one export. `user` is the signed-in User, or None for a command run
    on the server, in which case `operator` names the account that ran it."""

    user: object
    facility_id: int
    what: str
    rows: int
    election_id: int | None = None
    scope: str = ""
    masked: bool = False
    via: str = WEB
    operator: str = ""

    @property
    def operator_name(self) -> str:
        return (self.operator or getattr(self.user, "username", "") or "")[:150]


_writer: Callable[[Sequence[ExportRecord]], None] | None = None


def set_writer(writer: Callable[[Sequence[ExportRecord]], None]) -> None:
    global _writer
    _writer = writer


def record(records: Sequence[ExportRecord]) -> None:
    """Log an export (one record per facility it covered), in the caller's transaction."""
    if _writer is None:
        raise ImproperlyConfigured("No export-log writer: add the 'audit' app to INSTALLED_APPS.")
    _writer(list(records))


def record_one(**fields) -> None:
    record([ExportRecord(**fields)])
