from django.contrib import admin
from django.utils.translation import gettext as _

from accounts.admin import AdminOnlyMixin, ScopedModelAdmin
from regions import reference
from registration.models import Contest, Election, ListEntry, ListReview, ListVersion, Registration, Tps
from registration.services import election_refresh
from tps_khusus.admin_tools import ReadOnlyMixin


class ContestInline(admin.TabularInline):
    model = Contest
    extra = 0


@admin.register(Election)
class ElectionAdmin(AdminOnlyMixin, admin.ModelAdmin):
    """Elections are managed by admins; everyone with a role reads them on the site."""

    list_display = ["name", "slug", "kind", "voting_day", "voting_day_simulated", "dpt_determined_on", "region",
                    "dapil_edition", "status", "max_voters_per_tps"]
    list_filter = ["kind", "status", "dapil_edition"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["region"]
    inlines = [ContestInline]

    def save_model(self, request, obj, form, change):
        """An election names its dapil edition: left empty, the default edition of the day is stored,
        so a later change of the default does not change its ballots."""
        if obj.dapil_edition_id is None:
            obj.dapil_edition_id = reference.default_dapil_edition()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """New or changed elections and ballots reach the voter lists at once."""
        super().save_related(request, form, formsets, change)
        election = form.instance
        if election.status == Election.Status.CLOSED:
            return
        results = election_refresh(election=election)
        self.message_user(request, _("Daftar pemilih dihitung ulang untuk %(count)s Lapas/Rutan.") % {
            "count": len(results)})


@admin.register(Tps)
class TpsAdmin(ReadOnlyMixin, ScopedModelAdmin):
    """TPS are planned on the TPS page (KPU kab/kota), where capacity and seats are kept right."""

    list_display = ["__str__", "election", "facility", "capacity", "allocated"]
    list_filter = ["election"]
    list_select_related = ["election", "facility"]
    readonly_fields = ["allocated"]
    autocomplete_fields = ["location"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyMixin, ScopedModelAdmin):
    """Read-only: registrations are computed by the refresh service from the registry."""

    list_display = ["inmate", "election", "facility", "status", "list_type", "tps", "reasons"]
    list_filter = ["election", "status", "list_type"]
    search_fields = ["inmate__full_name", "inmate__nik"]
    list_select_related = ["inmate", "election", "facility", "tps"]
    show_full_result_count = False


class ListEntryInline(admin.TabularInline):
    model = ListEntry
    extra = 0
    can_delete = False
    fields = ["tps_number", "register_number", "full_name", "nik", "list_type", "ballots"]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ListVersion)
class ListVersionAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["label", "number", "kind", "election", "facility", "entry_count", "locked_by", "locked_at"]
    list_filter = ["election", "kind"]
    list_select_related = ["election", "facility", "locked_by"]
    inlines = [ListEntryInline]


@admin.register(ListReview)
class ListReviewAdmin(ReadOnlyMixin, ScopedModelAdmin):
    list_display = ["facility", "election", "status", "by", "at"]
    list_filter = ["election", "status"]
    list_select_related = ["facility", "election", "by"]
