"""The Excel import of WBP into one facility's register, one job per module:

- messages: every message the import shows (a leaf module);
- columns: the Column table, cell parsers and aliases, shared with the template (inmates.workbooks);
- reading: bytes of an .xlsx -> the first sheet's rows below its header, and every file-level check;
- checking: rows -> the ImportPlan (parse, check, match against the register, work out changes; no writes);
- commit: the all-or-nothing write of a checked plan.

Callers use the names below; the modules depend on each other in that order and never on
inmates.services.
"""

from inmates.importing.checking import Change, ImportPlan, Issue, PlannedRow, Progress, validate
from inmates.importing.columns import COLUMNS, TEMPLATE_COLUMNS, Column
from inmates.importing.commit import ImportOutcome, inmates_import, new_nik_status
from inmates.importing.messages import FILE_EMPTY, FILE_TOO_BIG
from inmates.importing.reading import Rejected, megabytes, sniff

__all__ = [
    "COLUMNS", "FILE_EMPTY", "FILE_TOO_BIG", "TEMPLATE_COLUMNS", "Change", "Column", "ImportOutcome", "ImportPlan",
    "Issue", "PlannedRow", "Progress", "Rejected", "inmates_import", "megabytes", "new_nik_status", "sniff", "validate",
]
