from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from regions.models import Region


@require_GET
def children(request: HttpRequest) -> JsonResponse:
    """Child regions of ?parent= (provinces when empty), for the cascading pickers."""
    parent = request.GET.get("parent", "").strip()
    regions = Region.objects.filter(parent_id=parent or None).order_by("name")
    return JsonResponse({"results": [{"code": r.code, "name": r.name} for r in regions.only("code", "name")]})
