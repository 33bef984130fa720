from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of, scope
from accounts.models import Membership


class MembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    autocomplete_fields = ["region", "facility"]
    extra = 0
    max_num = 1


class ScopedModelAdmin(admin.ModelAdmin):
    """Admin pages list only what the signed-in user's area covers (accounts.access.scope)."""

    def get_queryset(self, request):
        return scope(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if hasattr(related, "scope_path") and "queryset" not in kwargs:
            kwargs["queryset"] = scope(request.user, related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AdminOnlyMixin:
    """Users and roles are managed by admins only, whatever Django permissions say."""

    def _is_admin(self, request) -> bool:
        return area_of(request.user).is_admin

    def has_module_permission(self, request):
        return self._is_admin(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_admin(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_admin(request) and super().has_delete_permission(request, obj)


admin.site.unregister(User)


@admin.register(User)
class TpsUserAdmin(AdminOnlyMixin, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "role", "area", "is_active"]
    list_select_related = ["membership__facility", "membership__region"]
    list_filter = ["membership__role", "is_active", "is_staff"]

    @admin.display(description=_("Peran"))
    def role(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.get_role_display() if membership else "—"

    @admin.display(description=_("Wilayah"))
    def area(self, obj):
        membership = getattr(obj, "membership", None)
        if membership is None:
            return "—"
        return membership.facility or membership.region or _("Semua")


@admin.register(Membership)
class MembershipAdmin(AdminOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "role", "facility", "region"]
    list_filter = ["role"]
    list_select_related = ["user", "facility", "region"]
    autocomplete_fields = ["user", "region", "facility"]
    search_fields = ["user__username", "facility__name", "region__name"]
