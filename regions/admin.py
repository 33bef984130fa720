from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from regions.models import Dapil, DapilArea, DapilEdition, Region, RegionEdition, RegionRenumbering
from tps_khusus.admin_tools import ReadOnlyMixin


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Reference data comes from files through load_regions / load_dapil and the dapil page, with
    their checks; never from hand edits."""


@admin.register(RegionEdition)
class RegionEditionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "decree", "lowest_level", "is_current", "shipped", "loaded_at"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level", "editions"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    show_full_result_count = False


@admin.register(RegionRenumbering)
class RegionRenumberingAdmin(ReadOnlyAdmin):
    list_display = ["old_code", "old_name", "new_code", "since", "basis"]
    search_fields = ["old_code", "new_code", "old_name"]


@admin.register(DapilEdition)
class DapilEditionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "source", "is_default", "shipped", "loaded_at"]


class DapilAreaInline(admin.TabularInline):
    model = DapilArea
    extra = 0
    can_delete = False
    readonly_fields = ["region", "region_name", "level_label", "is_split"]
    verbose_name_plural = _("wilayah dapil")


@admin.register(Dapil)
class DapilAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "edition"]
    list_filter = ["edition", "kind"]
    search_fields = ["code", "name", "areas__region__code"]
    list_select_related = ["edition"]
    inlines = [DapilAreaInline]
