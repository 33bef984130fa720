from django.contrib import admin

from regions.models import Dapil, DapilArea, LegacyRegion, Region
from tps_khusus.admin_tools import ReadOnlyMixin


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Reference data comes from the packaged files (load_regions), not from hand edits."""


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    show_full_result_count = False


@admin.register(LegacyRegion)
class LegacyRegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "current_code"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class DapilAreaInline(admin.TabularInline):
    model = DapilArea
    extra = 0
    can_delete = False
    readonly_fields = ["region_code", "region_name", "level_label", "is_split"]


@admin.register(Dapil)
class DapilAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "areas__region_code"]
    inlines = [DapilAreaInline]
