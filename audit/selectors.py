from django.db.models import QuerySet

from accounts.access import scope
from audit.models import ExportLog


def export_log(*, user, filters: dict) -> QuerySet[ExportLog]:
    """The export log as the user may see it (scoped like the data), narrowed by the filter form's
    cleaned data, newest first, with what the page shows in the same query."""
    rows = scope(user, ExportLog.objects.select_related("user", "facility", "election"))
    if filters.get("pengguna"):
        rows = rows.filter(user=filters["pengguna"])
    if filters.get("fasilitas"):
        rows = rows.filter(facility=filters["fasilitas"])
    if filters.get("dari"):
        rows = rows.filter(at__date__gte=filters["dari"])
    if filters.get("sampai"):
        rows = rows.filter(at__date__lte=filters["sampai"])
    if filters.get("samaran"):
        rows = rows.filter(masked=filters["samaran"] == "ya")
    return rows.order_by("-at", "-pk")
