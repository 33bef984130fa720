from django.contrib import admin

from jobs.models import Job
from tps_khusus.admin_tools import ReadOnlyMixin


@admin.register(Job)
class JobAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The queue as admins need to see it (what waits, what runs, what failed and why); the files
    themselves are for their requesters alone and are not offered here."""

    list_display = ["created_at", "user", "label", "status", "done_rows", "total_rows", "finished_at", "expires_at"]
    list_filter = ["status", "kind", "created_at"]
    list_select_related = ["user"]
    search_fields = ["label", "user__username"]
    fields = ["user", "kind", "label", "params", "status", "done_rows", "total_rows", "filename", "error", "task_id",
              "created_at", "started_at", "finished_at", "expires_at"]
