from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import area_of
from audit import selectors
from audit.forms import ExportLogFilterForm

PAGE_SIZE = 50


def export_log(request: HttpRequest) -> HttpResponse:
    """Who exported which personal data (UU 27/2022), for admins in the application itself."""
    if not area_of(request.user).is_admin:
        raise Http404
    form = ExportLogFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    rows = selectors.export_log(user=request.user, filters=form.cleaned_data if form.is_bound and valid else {})
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")) if valid else None
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/export_log.html", {"form": form, "page": page, "query": query.urlencode()})
