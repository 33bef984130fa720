from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_edit_registry, get_scoped_or_404
from inmates import selectors, services
from inmates.forms import (
    ArrivalForm,
    EventForm,
    InmateFilterForm,
    InmateForm,
    NewInmateForm,
    NikObtainedForm,
    RecordingBatchForm,
)
from inmates.models import CustodyEvent, CustodyState, Facility, Inmate

PAGE_SIZES = (25, 50, 100, 500)
Kind = CustodyEvent.Kind
EVENT_SERVICES = {
    Kind.EXPECTED_RELEASE: lambda inmate, data, user: services.expected_release_change(
        inmate=inmate, new_date=data["date"], note=data["note"], user=user),
    Kind.RELEASE: lambda inmate, data, user: services.release_record(
        inmate=inmate, day=data["date"], note=data["note"], user=user),
    Kind.DEATH: lambda inmate, data, user: services.death_record(
        inmate=inmate, day=data["date"], note=data["note"], user=user),
    Kind.TRANSFER_OUT: lambda inmate, data, user: services.transfer_record(
        inmate=inmate, day=data["date"], destination=data["destination"], note=data["note"], user=user),
}


def facility_for(request: HttpRequest, code: str, *, write: bool = False) -> Facility:
    facility = get_scoped_or_404(request.user, Facility.objects.select_related("location"), code=code)
    if write and not can_edit_registry(request.user, facility):
        raise PermissionDenied
    return facility


def inmate_for(request: HttpRequest, pk: int, *, write: bool = False) -> Inmate:
    inmate = get_scoped_or_404(
        request.user,
        Inmate.objects.select_related("facility", "home_region__parent__parent__parent", "previous_stay__facility"),
        pk=pk,
    )
    if write and not can_edit_registry(request.user, inmate.facility):
        raise PermissionDenied
    return inmate


def _copy_errors(error: ValidationError, form) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = selectors.facility_overview(request.user)
    return render(request, "inmates/facility_list.html", {"facilities": facilities})


def inmate_list(request: HttpRequest, code: str) -> HttpResponse:
    facility = facility_for(request, code)
    form = InmateFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "register")
    filters = selectors.InmateFilters(
        query=data.get("q", ""),
        detention_status=data.get("status", ""),
        nik_status=data.get("nik_status", ""),
        custody=data.get("custody", ""),
        problems=data.get("problems", False),
        sort=sort.lstrip("-"),
        descending=sort.startswith("-"),
    )
    inmates = selectors.inmate_list(user=request.user, facility=facility, filters=filters, today=timezone.localdate())
    try:
        page_size = int(request.GET.get("per", 25))
    except ValueError:
        page_size = 25
    page_size = page_size if page_size in PAGE_SIZES else 25
    page = Paginator(inmates, page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return render(
        request,
        "inmates/inmate_list.html",
        {
            "facility": facility,
            "form": form,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": page_size,
            "can_edit": can_edit_registry(request.user, facility),
            "incoming_count": selectors.incoming_for(user=request.user, facility=facility).count(),
        },
    )


def inmate_create(request: HttpRequest, code: str) -> HttpResponse:
    facility = facility_for(request, code, write=True)
    form = NewInmateForm(request.POST or None, instance=Inmate(facility=facility))
    if request.method == "POST" and form.is_valid():
        try:
            inmate = services.inmate_create(
                facility=facility,
                data=form.registry_data(),
                admitted_on=form.cleaned_data["admitted_on"],
                expected_release=form.cleaned_data["expected_release"],
                user=request.user,
            )
        except ValidationError as error:
            _copy_errors(error, form)
        else:
            _report_warnings(request, form)
            messages.success(request, _("WBP %(name)s disimpan.") % {"name": inmate.full_name})
            return redirect(inmate)
    return render(request, "inmates/inmate_form.html", {"facility": facility, "form": form, "creating": True})


def _report_warnings(request: HttpRequest, form: InmateForm) -> None:
    if form.nik_result is not None:
        for warning in form.nik_result.warnings:
            messages.warning(request, warning.message)


def inmate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inmate = inmate_for(request, pk, write=True)
    if not inmate.is_active:
        messages.error(request, _("Data WBP yang sudah keluar tidak dapat diubah."))
        return redirect(inmate)
    form = InmateForm(request.POST or None, instance=inmate)
    if request.method == "POST" and form.is_valid():
        try:
            services.inmate_update(inmate=inmate, data=form.registry_data(), user=request.user)
        except ValidationError as error:
            _copy_errors(error, form)
        else:
            _report_warnings(request, form)
            messages.success(request, _("Perubahan data %(name)s disimpan.") % {"name": inmate.full_name})
            return redirect(inmate)
    return render(request, "inmates/inmate_form.html", {"facility": inmate.facility, "form": form, "inmate": inmate})


def inmate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inmate = inmate_for(request, pk)
    can_edit = can_edit_registry(request.user, inmate.facility)
    context = {
        "inmate": inmate,
        "facility": inmate.facility,
        "can_edit": can_edit,
        "timeline": selectors.inmate_timeline(inmate),
        "changes": selectors.change_log(inmate),
        "duplicates": selectors.duplicate_matches(inmate=inmate, user=request.user),
        "next_stay": Inmate.objects.filter(previous_stay=inmate).select_related("facility").first(),
    }
    if can_edit and inmate.custody_state == CustodyState.HELD:
        context["event_forms"] = [
            (kind, kind.label, EventForm(kind=kind, facility=inmate.facility, prefix=kind))
            for kind in EVENT_SERVICES
        ]
    if can_edit and inmate.custody_state == CustodyState.INCOMING:
        context["arrival_form"] = ArrivalForm()
    if can_edit and not inmate.nik and inmate.is_active:
        context["nik_form"] = NikObtainedForm(inmate=inmate)
        context["batch_form"] = RecordingBatchForm()
    return render(request, "inmates/inmate_detail.html", context)


@require_POST
def event_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    inmate = inmate_for(request, pk, write=True)
    if kind not in EVENT_SERVICES:
        raise PermissionDenied
    form = EventForm(request.POST, kind=kind, facility=inmate.facility, prefix=kind)
    if form.is_valid():
        try:
            EVENT_SERVICES[kind](inmate, form.cleaned_data, request.user)
        except ValidationError as error:
            _copy_errors(error, form)
        else:
            messages.success(request, _("%(event)s dicatat untuk %(name)s.") % {
                "event": Kind(kind).label, "name": inmate.full_name})
            return redirect(inmate)
    return render(request, "inmates/event_form.html", {"inmate": inmate, "facility": inmate.facility, "form": form,
                                                        "kind": Kind(kind)})


@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inmate = inmate_for(request, pk, write=True)
    try:
        services.transfer_cancel(inmate=inmate, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pemindahan dibatalkan; %(name)s kembali tercatat ditahan di sini.") % {
            "name": inmate.full_name})
    return redirect(inmate)


def incoming_list(request: HttpRequest, code: str) -> HttpResponse:
    facility = facility_for(request, code)
    incoming = selectors.incoming_for(user=request.user, facility=facility)
    return render(request, "inmates/incoming_list.html", {
        "facility": facility, "incoming": incoming, "can_edit": can_edit_registry(request.user, facility)})


@require_POST
def arrival_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    inmate = inmate_for(request, pk, write=True)
    form = ArrivalForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_confirm(inmate=inmate, register_number=form.cleaned_data["register_number"],
                                      arrived_on=form.cleaned_data["arrived_on"], user=request.user)
        except ValidationError as error:
            _copy_errors(error, form)
        else:
            messages.success(request, _("Kedatangan %(name)s dikonfirmasi.") % {"name": inmate.full_name})
            return redirect(inmate)
    return render(request, "inmates/arrival_form.html", {"inmate": inmate, "facility": inmate.facility, "form": form})


@require_POST
def nik_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    inmate = inmate_for(request, pk, write=True)
    form = None
    try:
        if action == "verify":
            services.nik_verify(inmate=inmate, user=request.user)
            messages.success(request, _("NIK %(name)s ditandai terverifikasi.") % {"name": inmate.full_name})
        elif action == "not-found":
            services.nik_mark_not_found(inmate=inmate, user=request.user)
            messages.success(request, _("%(name)s ditandai tidak ditemukan oleh Dukcapil.") % {"name": inmate.full_name})
        elif action == "submit":
            form = RecordingBatchForm(request.POST)
            if form.is_valid():
                services.nik_submit_for_recording(inmates=[inmate], user=request.user, **form.cleaned_data)
                messages.success(request, _("%(name)s diajukan untuk perekaman KTP-el.") % {"name": inmate.full_name})
                form = None
        elif action == "obtained":
            form = NikObtainedForm(request.POST, inmate=inmate)
            if form.is_valid():
                services.nik_obtained(inmate=inmate, user=request.user, **form.cleaned_data)
                messages.success(request, _("NIK %(name)s disimpan.") % {"name": inmate.full_name})
                form = None
        else:
            raise PermissionDenied
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        else:
            _copy_errors(error, form)
    if form is not None and form.errors:
        return render(request, "inmates/nik_form.html", {"inmate": inmate, "facility": inmate.facility, "form": form,
                                                          "action": action})
    return redirect(inmate)


@require_POST
def nik_verify_many(request: HttpRequest, code: str) -> HttpResponse:
    facility = facility_for(request, code, write=True)
    chosen = request.POST.getlist("inmate")
    inmates = selectors.inmates_by_ids(user=request.user, facility=facility, ids=chosen)
    count = services.nik_verify_many(inmates=inmates, user=request.user)
    if count:
        messages.success(request, _("%(count)s NIK ditandai terverifikasi.") % {"count": count})
    else:
        messages.warning(request, _("Pilih dulu WBP yang NIK-nya sudah dicocokkan."))
    return redirect("inmates:needs_action", facility.code)


def needs_action(request: HttpRequest, code: str) -> HttpResponse:
    facility = facility_for(request, code)
    result = selectors.needs_action(user=request.user, facility=facility, today=timezone.localdate())
    titles = {
        "no_nik": _("Belum memiliki NIK"),
        "nik_problems": _("NIK belum diverifikasi atau tidak cocok"),
        "duplicates": _("Kemungkinan ganda dengan Lapas/Rutan lain"),
        "release_missing": _("Tanggal ekspirasi belum diisi"),
        "overdue_release": _("Tanggal ekspirasi sudah lewat tetapi belum dicatat bebas"),
    }
    groups = [(key, titles[key], items) for key, items in result.groups()]
    return render(request, "inmates/needs_action.html", {
        "facility": facility, "groups": groups, "total": result.total,
        "can_edit": can_edit_registry(request.user, facility)})
