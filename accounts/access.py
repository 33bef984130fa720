"""Who may see and change what: the one place every view, selector, export and admin asks.

A user's area follows from their Membership:
- facility staff: their facility;
- KPU kab/kota: facilities located in that kab/kota;
- KPU province: facilities located in that province;
- admin (or a superuser): everything;
- anyone else: nothing.

Models that belong to a facility name the path to it in ``scope_path`` ("facility",
"registration__facility", ...); Facility itself has ``scope_path = ""``.
Objects outside the area are hidden (404), not merely refused, so their existence stays private.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from accounts.models import Membership, Role


@dataclass(frozen=True)
class Area:
    role: str | None
    facility_id: int | None = None
    region_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        return self.role == Role.FACILITY_STAFF

    @property
    def is_kpu(self) -> bool:
        return self.role in (Role.KPU_KABKOTA, Role.KPU_PROVINCE)

    def facility_filter(self, path: str) -> Q | None:
        """A Q selecting facilities of this area through `path`; None means no restriction."""
        prefix = f"{path}__" if path else ""
        if self.is_admin:
            return None
        if self.is_staff:
            return Q(**{f"{prefix}pk": self.facility_id})
        if self.is_kpu:
            return Q(**{f"{prefix}location__code__startswith": f"{self.region_code}."})
        return Q(pk__in=[])


NO_AREA = Area(role=None)


class System:
    """The server itself, for management commands an operator runs on it: sees every area."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    username = ""
    pk = None


SYSTEM = System()
_CACHE_ATTR = "_tps_area"


def stored_user(user):
    """The user to keep in a foreign key (recorded by, history user, importer): the server itself
    (SYSTEM) and nobody in particular (None) are stored as no user."""
    return None if user is None or isinstance(user, System) else user


def area_of(user) -> Area:
    """The user's area, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_AREA
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if user.is_superuser:
        area = Area(role=Role.ADMIN)
    else:
        membership = Membership.objects.filter(user=user).only("role", "facility_id", "region_id").first()
        if membership is None:
            area = NO_AREA
        else:
            area = Area(role=membership.role, facility_id=membership.facility_id, region_code=membership.region_id)
    setattr(user, _CACHE_ATTR, area)
    return area


def area_name(user) -> str:
    """The user's area as people call it: the facility, the kab/kota or province, or everything."""
    from django.utils.translation import gettext

    area = area_of(user)
    if area.is_admin:
        return gettext("Seluruh wilayah")
    membership = Membership.objects.select_related("facility", "region").filter(user=user).first()
    if membership is None or not area.role:
        return ""
    return membership.region.name if membership.region_id else str(membership.facility)


def scope(user, queryset: QuerySet) -> QuerySet:
    """Restrict any facility-owned queryset to the user's area."""
    path = queryset.model.scope_path
    condition = area_of(user).facility_filter(path)
    return queryset if condition is None else queryset.filter(condition)


def get_scoped_or_404(user, queryset: QuerySet, **lookup) -> Model:
    try:
        return scope(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


# What each role may change. Reading is governed by scope() alone.

def can_edit_registry(user, facility) -> bool:
    """Enter and change inmates, custody events and NIK status of this facility."""
    area = area_of(user)
    return area.is_admin or (area.is_staff and area.facility_id == facility.pk)


def can_manage_tps(user, facility) -> bool:
    """Create TPS, allocate voters, lock and return lists: KPU of the facility's kab/kota."""
    area = area_of(user)
    if area.is_admin:
        return True
    return area.role == Role.KPU_KABKOTA and facility.location_id.startswith(f"{area.region_code}.")


def can_submit_list(user, facility) -> bool:
    """Submit the facility's list to KPU for review."""
    return can_edit_registry(user, facility)


@dataclass(frozen=True)
class Access:
    """What a user may do with one facility's data; reading it is given by its being in scope."""

    edit_registry: bool = False
    manage_tps: bool = False
    submit_list: bool = False

    @property
    def change_list(self) -> bool:
        """Recompute or edit the facility's voter list: its staff or its KPU."""
        return self.manage_tps or self.submit_list


def access_to(user, facility) -> Access:
    return Access(edit_registry=can_edit_registry(user, facility), manage_tps=can_manage_tps(user, facility),
                  submit_list=can_submit_list(user, facility))


def facility_of(obj: Model):
    """The facility an object belongs to, along its model's scope_path (Facility itself: "")."""
    for name in filter(None, type(obj).scope_path.split("__")):
        obj = getattr(obj, name)
    return obj


def get_for_user(user, queryset: QuerySet, *, require: str | None = None, **lookup) -> tuple[Model, Access]:
    """The object if the user's area covers it (404 otherwise, so its existence stays private), and
    what the user may do with it. `require` names an Access permission the caller needs (403
    without it). Select the path to the facility in `queryset` to keep this to one query."""
    obj = get_scoped_or_404(user, queryset, **lookup)
    access = access_to(user, facility_of(obj))
    if require is not None and not getattr(access, require):
        raise PermissionDenied
    return obj, access
