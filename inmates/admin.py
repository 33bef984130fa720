from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import AdminOnlyMixin, ScopedModelAdmin
from inmates import services
from inmates.forms import InmateAdminForm
from inmates.models import CrossFacilityMatch, CustodyEvent, Facility, ImportRecord, Inmate
from tps_khusus.admin_tools import ReadOnlyMixin


@admin.register(Facility)
class FacilityAdmin(ScopedModelAdmin):
    list_display = ["name", "code", "kind", "class_label", "location", "capacity"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "location__name"]
    autocomplete_fields = ["location"]
    list_select_related = ["location"]
    prepopulated_fields = {"code": ["name"]}


class CustodyEventInline(admin.TabularInline):
    """Events are recorded through the registry screens so the custody summary stays right."""

    model = CustodyEvent
    fk_name = "inmate"
    extra = 0
    can_delete = False
    fields = ["date", "kind", "destination", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inmate)
class InmateAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["full_name", "register_number", "facility", "nik", "nik_status", "custody_state", "expected_release"]
    list_filter = ["custody_state", "nik_status", "detention_status", "tni_polri_status", "revoked_right"]
    search_fields = ["full_name", "nik", "register_number"]
    list_select_related = ["facility"]
    autocomplete_fields = ["home_region"]
    raw_id_fields = ["previous_stay"]
    readonly_fields = ["custody_state", "admitted_on", "expected_release", "left_on", "previous_stay", "created_at", "updated_at"]
    inlines = [CustodyEventInline]
    show_full_result_count = False
    form = InmateAdminForm

    def has_add_permission(self, request):
        return False  # new WBP come through the registry screens or the import (admission event)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)  # a class made for this request
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data
                if name in form.cleaned_data and name != "edit_version"}
        # The form's clean() checked the version and holds the row's lock in this transaction.
        services.inmate_update(inmate=obj, data=data, user=request.user, version=form.cleaned_data["edit_version"])
        for warning in form.warnings:
            messages.warning(request, warning)


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyMixin, ScopedModelAdmin, SimpleHistoryAdmin):
    """Events are recorded on the WBP page, where the stay's summary is kept in step."""

    list_display = ["inmate", "kind", "date", "destination", "recorded_by", "recorded_at"]
    list_filter = ["kind"]
    search_fields = ["inmate__full_name", "inmate__nik"]
    list_select_related = ["inmate", "destination", "recorded_by"]
    readonly_fields = ["inmate", "kind", "date", "destination", "recorded_by", "recorded_at"]


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyMixin, ScopedModelAdmin):
    """Imports are written by the import itself; the admin only reads them, within the user's area."""

    list_display = ["created_at", "facility", "file_name", "user", "source", "status", "rows", "created_count",
                    "updated_count", "unchanged_count", "error_count"]
    list_filter = ["status", "source"]
    search_fields = ["file_name", "facility__name", "user__username"]
    list_select_related = ["facility", "user"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in ImportRecord._meta.fields]


@admin.register(CrossFacilityMatch)
class CrossFacilityMatchAdmin(AdminOnlyMixin, ReadOnlyMixin, ScopedModelAdmin):
    """Who was shown that a NIK, or a name with a birth date, is active at another facility (inmates.crosscheck).
    Admins only: the log itself says where people are held. Nobody edits or deletes it."""

    list_display = ["shown_at", "user", "where", "kind", "nik", "full_name", "birth_date", "facility",
                    "matched_facility", "matched_register_number", "disclosed"]
    list_filter = ["where", "kind", "disclosed"]
    search_fields = ["nik", "full_name", "user__username", "matched_register_number"]
    list_select_related = ["user", "facility", "matched_facility"]
    date_hierarchy = "shown_at"
    readonly_fields = [field.name for field in CrossFacilityMatch._meta.fields]
    show_full_result_count = False
