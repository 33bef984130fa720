"""PDPB in the Django admin: read-only, scoped like the site.

Periods and their locked copies are written by the workflow (pdpb.services: submit, return, lock), so
the admin shows them and never edits them; the review history and the extract log are logs. DPB
extracts and their rows are personal data of people outside the prison: the admin shows them only to
those the site shows them to (the KPU kab/kota of the extract and admins, pdpb.crosscheck.extract_area),
and never deletes one: the cross-check page does (crosscheck.extract_delete), so the deletion is logged."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import ScopedModelAdmin
from pdpb import crosscheck
from pdpb.models import DpbExtract, DpbExtractLog, DpbRow, HomeRegistration, PdpbEntry, PdpbPeriod, PdpbReview
from tps_khusus.admin_tools import ReadOnlyMixin


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PdpbReviewInline(_ReadOnlyInline):
    model = PdpbReview
    fields = ["at", "status", "by", "note"]
    readonly_fields = fields


class PdpbEntryInline(_ReadOnlyInline):
    model = PdpbEntry
    fields = ["side", "reason", "detail", "register_number", "full_name", "nik", "birth_date", "sex",
              "home_region_code"]
    readonly_fields = fields


@admin.register(PdpbPeriod)
class PdpbPeriodAdmin(ReadOnlyMixin, ScopedModelAdmin):
    """A facility's quarter: submitted, returned and locked on the PDPB pages; a locked one is a copy."""

    list_display = ["__str__", "facility", "year", "quarter", "status", "start_count", "added_count",
                    "removed_count", "end_count", "reviewed_by", "reviewed_at"]
    list_filter = ["status", "year", "quarter"]
    list_select_related = ["facility", "reviewed_by"]
    search_fields = ["facility__name"]
    inlines = [PdpbReviewInline, PdpbEntryInline]


class _ExtractScoped(ReadOnlyMixin, admin.ModelAdmin):
    """Extracts, their rows and their log: the KPU kab/kota of the extract and admins, as on the site."""

    region_path = "region_id"

    def get_queryset(self, request):
        region = crosscheck.extract_area(request.user)
        queryset = super().get_queryset(request)
        if region is None:
            return queryset
        return queryset.filter(**{self.region_path: region}) if region else queryset.none()


@admin.register(DpbExtract)
class DpbExtractAdmin(_ExtractScoped):
    """Deleted on request from the cross-check page, where the deletion is logged."""

    list_display = ["file_name", "region", "row_count", "uploaded_by", "uploaded_at", "expires_at"]
    list_select_related = ["region", "uploaded_by"]
    readonly_fields = ["region", "file_name", "file_sha256", "row_count", "uploaded_by", "uploaded_at", "expires_at"]


@admin.register(DpbRow)
class DpbRowAdmin(_ExtractScoped):
    region_path = "extract__region_id"
    list_display = ["full_name", "nik", "birth_date", "desa", "tps", "extract", "row_number"]
    list_select_related = ["extract"]
    search_fields = ["nik", "full_name"]
    show_full_result_count = False


@admin.register(DpbExtractLog)
class DpbExtractLogAdmin(_ExtractScoped):
    list_display = ["at", "action", "region", "file_name", "row_count", "by"]
    list_filter = ["action"]
    list_select_related = ["region", "by"]


@admin.register(HomeRegistration)
class HomeRegistrationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Each decision on a WBP's registration at home (who, when): a log. Seen within the area of the
    facility holding the WBP and by the KPU of the WBP's home kab/kota, who decides it."""

    list_display = ["inmate", "facility", "status", "desa", "tps", "extract_name", "by", "at"]
    list_filter = ["status"]
    list_select_related = ["inmate__facility", "by"]
    search_fields = ["inmate__full_name", "inmate__nik"]
    exclude = ["extract"]

    def get_queryset(self, request):
        return crosscheck.decisions_for(request.user, super().get_queryset(request))

    @admin.display(description=_("Lapas/Rutan"))
    def facility(self, obj):
        return obj.inmate.facility
