from django.contrib import admin

from accounts.admin import ScopedModelAdmin
from audit.models import ExportLog
from tps_khusus.admin_tools import ReadOnlyMixin


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyMixin, ScopedModelAdmin):
    """Every export of personal data, newest first: who, when, what scope, how many rows."""

    list_display = ["at", "operator", "via", "election", "facility", "scope", "masked", "rows", "what"]
    list_filter = ["via", "masked", "election", "at"]
    list_select_related = ["election", "facility"]
    search_fields = ["what", "operator", "user__username", "facility__name", "scope"]
    date_hierarchy = "at"
