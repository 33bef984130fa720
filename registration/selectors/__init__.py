"""Reads of voter registration for pages, services and exports, keyword-only, one module per job:

- lists: elections and facilities a user may see, the voter list page;
- board: the dashboard's counts per facility and TPS, where a list stands with KPU, TPS needs;
- deadlines: the election calendar;
- outlook: the eligible count from today to voting day, as expected releases fall;
- versions: locked versions, the rows a diff compares, the diff;
- sources: what a DPT workbook lists, streamed in sheet order.

Selectors that take a user scope through accounts.access; the others take objects their caller
has already scoped (a facility from get_scoped_or_404, a version looked up for the user).
"""

from registration.selectors.board import (
    DISABILITY_CODES,
    GROUP_ABOVE,
    REASON_CODES,
    VOTER_FILTERS,
    AreaBoard,
    BallotLine,
    Dashboard,
    FacilityLine,
    RegionLine,
    TpsLine,
    TpsNeeds,
    dashboard,
    latest_review,
    tps_needs,
    voter_list_url,
)
from registration.selectors.deadlines import DUE_SOON_DAYS, CalendarItem, calendar
from registration.selectors.lists import (
    LEAVING,
    VoterFilters,
    elections_for,
    facilities_in,
    registrations,
    voter_list,
)
from registration.selectors.outlook import Outlook, OutlookPoint, eligible_outlook, outlook_days
from registration.selectors.sources import DPT_FIELDS, EXPORT_CHUNK, INMATE_FIELDS, DptSource, dpt_source
from registration.selectors.versions import (
    Diff,
    LockOutstanding,
    Row,
    current_rows,
    diff,
    lock_outstanding,
    removal_reasons,
    snapshot_entries,
    version_rows,
    versions_for,
)

__all__ = [
    "Outlook", "OutlookPoint", "eligible_outlook", "outlook_days",
    "DISABILITY_CODES", "DPT_FIELDS", "DUE_SOON_DAYS", "EXPORT_CHUNK", "INMATE_FIELDS", "LEAVING", "REASON_CODES",
    "VOTER_FILTERS", "BallotLine",
    "AreaBoard", "CalendarItem", "Dashboard", "Diff", "DptSource", "FacilityLine", "GROUP_ABOVE", "LockOutstanding", "RegionLine", "Row",
    "TpsLine", "TpsNeeds", "VoterFilters",
    "calendar", "current_rows", "dashboard", "diff", "dpt_source", "elections_for", "facilities_in", "latest_review",
    "lock_outstanding",
    "registrations", "removal_reasons", "snapshot_entries", "tps_needs", "version_rows", "versions_for", "voter_list",
    "voter_list_url",
]
