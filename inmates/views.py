from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import Access, can_edit_registry, get_for_user
from inmates import advice, crosscheck, importing, selectors, services, tabs, uploads, voting_days, workbooks
from inmates.forms import (
    ArrivalForm,
    EventForm,
    ImportUploadForm,
    InmateFilterForm,
    InmateForm,
    LeavingFilterForm,
    NewInmateForm,
    NikObtainedForm,
    NoNikFilterForm,
    RecordingBatchForm,
)
from inmates.models import CustodyEvent, CustodyState, Facility, Inmate
from regions.reference import RegionNames, region_names
from tps_khusus import audit, confirm, xlsx
from tps_khusus.forms import copy_errors

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


EDIT = "edit_registry"  # what a view needs of accounts.access.Access to change the registry
FACILITIES = Facility.objects.select_related("location__parent")
INMATES = Inmate.objects.select_related("facility__location__parent", "home_region__parent__parent__parent",
                                        "previous_stay__facility")


def facility_for(request: HttpRequest, code: str, *, require: str | None = None) -> tuple[Facility, Access]:
    return get_for_user(request.user, FACILITIES, require=require, code=code)


def inmate_for(request: HttpRequest, pk: int, *, require: str | None = None) -> tuple[Inmate, Access]:
    return get_for_user(request.user, INMATES, require=require, pk=pk)


def _facility_page(request: HttpRequest, template: str, facility: Facility, access: Access, tab: str,
                   **context) -> HttpResponse:
    """A page of the facility: its header with the tabs of every app, and what the user may do."""
    return render(request, template, {"facility": facility, "access": access,
                                      "header": tabs.header(facility, access, tab), **context})


def _small_form(request: HttpRequest, inmate: Inmate, form, **texts) -> HttpResponse:
    """A one-purpose form from the WBP page shown again with its errors."""
    return render(request, "inmates/small_form.html", {"inmate": inmate, "facility": inmate.facility, "form": form,
                                                       **texts})


def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = selectors.facility_overview(request.user)
    return render(request, "inmates/facility_list.html", {"facilities": facilities})


def inmate_list(request: HttpRequest, code: str) -> HttpResponse:
    facility, access = facility_for(request, code)
    form = InmateFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "register")
    filters = selectors.InmateFilters(
        query=data.get("q", ""),
        detention_status=data.get("status", ""),
        nik_status=data.get("nik_status", ""),
        custody=data.get("custody", ""),
        problems=data.get("problems", False),
        held_on=data.get("held_on"),
        left_since=data.get("left_since"),
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
    if filters.problems:
        # The list does not say why each is listed, but a reader may tell a possible duplicate by elimination.
        page.object_list = list(page.object_list)
        crosscheck.log_possible_duplicates([inmate for inmate in page.object_list if inmate.possible_duplicate],
                                           user=request.user, where=crosscheck.Where.INMATE_LIST)
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("sort", None)
    return _facility_page(
        request, "inmates/inmate_list.html", facility, access, "list",
        **{
            "form": form,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "sort_query": sort_query.urlencode(),
            "page_sizes": PAGE_SIZES,
            "page_size": page_size,
            "incoming_count": selectors.incoming_for(user=request.user, facility=facility).count(),
        },
    )


def inmate_create(request: HttpRequest, code: str) -> HttpResponse:
    facility, _access = facility_for(request, code, require=EDIT)
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
            copy_errors(error, form)
        else:
            _report_warnings(request, form)
            messages.success(request, _("WBP %(name)s disimpan.") % {"name": inmate.full_name})
            return redirect(inmate)
    return render(request, "inmates/inmate_form.html", {"facility": facility, "form": form, "creating": True})


def _report_warnings(request: HttpRequest, form: InmateForm) -> None:
    for warning in form.warnings:
        messages.warning(request, warning)


def inmate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inmate, _access = inmate_for(request, pk, require=EDIT)
    if not inmate.is_active:
        messages.error(request, _("Data WBP yang sudah keluar tidak dapat diubah."))
        return redirect(inmate)
    form = InmateForm(request.POST or None, instance=inmate)
    if request.method == "POST" and form.is_valid():
        try:
            services.inmate_update(inmate=inmate, data=form.registry_data(), user=request.user,
                                   version=form.cleaned_data["version"])
        except ValidationError as error:
            copy_errors(error, form)
        else:
            _report_warnings(request, form)
            messages.success(request, _("Perubahan data %(name)s disimpan.") % {"name": inmate.full_name})
            return redirect(inmate)
    return render(request, "inmates/inmate_form.html", {"facility": inmate.facility, "form": form, "inmate": inmate})


def inmate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inmate, access = inmate_for(request, pk)
    can_edit = access.edit_registry
    duplicates = selectors.duplicate_matches(inmate=inmate, user=request.user)
    crosscheck.log_person_matches(
        [crosscheck.PersonMatch(inmate, other.pk, other.facility_id, other.register_number) for other in duplicates],
        user=request.user, where=crosscheck.Where.INMATE_PAGE, disclosed=True)
    context = {
        "inmate": inmate,
        "facility": inmate.facility,
        "access": access,
        "timeline": selectors.inmate_timeline(inmate),
        "changes": selectors.change_log(inmate),
        "duplicates": duplicates,
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
    inmate, _access = inmate_for(request, pk, require=EDIT)
    if kind not in EVENT_SERVICES:
        raise PermissionDenied
    form = EventForm(request.POST, kind=kind, facility=inmate.facility, prefix=kind)
    if form.is_valid():
        try:
            EVENT_SERVICES[kind](inmate, form.cleaned_data, request.user)
        except ValidationError as error:
            copy_errors(error, form)
        else:
            messages.success(request, _("%(event)s dicatat untuk %(name)s.") % {
                "event": Kind(kind).label, "name": inmate.full_name})
            return redirect(inmate)
    return _small_form(request, inmate, form, heading=_("Catat: %(event)s") % {"event": Kind(kind).label},
                       not_saved=_("Peristiwa belum dicatat. Perbaiki isian berikut."),
                       action=reverse("inmates:event", args=[inmate.pk, kind]), button=_("Simpan"))


@require_POST
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inmate, _access = inmate_for(request, pk, require=EDIT)
    incoming = selectors.pending_transfer(inmate=inmate)
    facts = [_("%(name)s kembali tercatat ditahan di %(facility)s; pemindahan tetap tampil di riwayat, diikuti "
               "pembatalannya.") % {"name": inmate.full_name, "facility": inmate.facility.name}]
    if incoming is not None:
        facts.append(_("Catatan kedatangan di %(facility)s dihapus; %(facility)s tidak dapat menerimanya lagi.")
                     % {"facility": incoming.facility.name})
    page = confirm.ask(request, confirm.Confirmation(
        title=_("Batalkan pemindahan %(name)s?") % {"name": inmate.full_name},
        action=_("Pemindahan %(name)s ke %(facility)s dibatalkan. Tindakan ini tidak dapat diurungkan; bila ia "
                 "tetap dipindahkan, catat pemindahan baru.") % {
            "name": inmate.full_name, "facility": incoming.facility.name if incoming else "—"},
        facts=facts, button=_("Ya, batalkan pemindahan"), cancel_url=inmate.get_absolute_url()))
    if page is not None:
        return page
    try:
        services.transfer_cancel(inmate=inmate, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pemindahan dibatalkan; %(name)s kembali tercatat ditahan di sini.") % {
            "name": inmate.full_name})
    return redirect(inmate)


def incoming_list(request: HttpRequest, code: str) -> HttpResponse:
    facility, access = facility_for(request, code)
    incoming = selectors.incoming_for(user=request.user, facility=facility)
    return _facility_page(request, "inmates/incoming_list.html", facility, access, "incoming", incoming=incoming)


@require_POST
def arrival_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        inmate, _access = inmate_for(request, pk, require=EDIT)
    except Http404:
        # The origin cancelled the transfer while this page was open: say so rather than "not found".
        facility = selectors.cancelled_arrival(user=request.user, pk=pk)
        if facility is None or not can_edit_registry(request.user, facility):
            raise
        messages.error(request, services.TRANSFER_CANCELLED_MEANWHILE)
        return redirect("inmates:incoming", facility.code)
    form = ArrivalForm(request.POST)
    if form.is_valid():
        try:
            services.transfer_confirm(inmate=inmate, register_number=form.cleaned_data["register_number"],
                                      arrived_on=form.cleaned_data["arrived_on"], user=request.user)
        except ValidationError as error:
            copy_errors(error, form)
        else:
            messages.success(request, _("Kedatangan %(name)s dikonfirmasi.") % {"name": inmate.full_name})
            return redirect(inmate)
    return _small_form(request, inmate, form, heading=_("Konfirmasi kedatangan"),
                       not_saved=_("Kedatangan belum dikonfirmasi. Perbaiki isian berikut."),
                       action=reverse("inmates:arrival", args=[inmate.pk]), button=_("Terima WBP ini"))


@require_POST
def nik_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    inmate, _access = inmate_for(request, pk, require=EDIT)
    form = None
    try:
        if action == "verify":
            services.nik_verify(inmate=inmate, user=request.user)
            messages.success(request, _("NIK %(name)s ditandai terverifikasi.") % {"name": inmate.full_name})
        elif action == "not-found":
            page = confirm.ask(request, confirm.Confirmation(
                title=_("Tandai %(name)s tidak ditemukan Dukcapil?") % {"name": inmate.full_name},
                action=_("Status NIK %(name)s menjadi \"tidak ditemukan Dukcapil\": ia tetap tidak masuk daftar pemilih "
                         "sampai NIK-nya diperoleh.") % {"name": inmate.full_name},
                facts=[_("Tandai hanya bila Dukcapil sudah menjawab bahwa datanya tidak ditemukan. Bila NIK "
                         "diperoleh kemudian, isi NIK-nya di halaman WBP.")],
                button=_("Ya, tandai tidak ditemukan"), cancel_url=inmate.get_absolute_url()))
            if page is not None:
                return page
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
            copy_errors(error, form)
    if form is not None and form.errors:
        return _small_form(request, inmate, form, heading=_("Status NIK"),
                           not_saved=_("Belum disimpan. Perbaiki isian berikut."),
                           action=reverse("inmates:nik", args=[inmate.pk, action]), button=_("Simpan"))
    return redirect(inmate)


@require_POST
def nik_verify_many(request: HttpRequest, code: str) -> HttpResponse:
    facility, _access = facility_for(request, code, require=EDIT)
    chosen = request.POST.getlist("inmate")
    candidates = selectors.verifiable(user=request.user, facility=facility, ids=chosen)
    count = candidates.count()
    if count:
        names = list(candidates.values_list("full_name", flat=True)[:confirm.NAMES_SHOWN])
        page = confirm.ask(request, confirm.Confirmation(
            title=ngettext("Tandai %(count)s NIK terverifikasi?", "Tandai %(count)s NIK terverifikasi?", count)
            % {"count": intcomma(count)},
            action=ngettext("NIK %(count)s WBP di %(facility)s ditandai terverifikasi; ia masuk daftar pemilih bila "
                            "memenuhi syarat.", "NIK %(count)s WBP di %(facility)s ditandai terverifikasi; mereka "
                            "masuk daftar pemilih bila memenuhi syarat.", count)
            % {"count": intcomma(count), "facility": facility.name},
            facts=[_("Hanya setelah dicocokkan dengan KTP-el, KK atau data Dukcapil.")],
            names=names, total=count, danger=False, button=_("Ya, tandai terverifikasi"),
            cancel_url=reverse("inmates:needs_action", args=[facility.code])))
        if page is not None:
            return page
    inmates = selectors.inmates_by_ids(user=request.user, facility=facility, ids=chosen)
    count = services.nik_verify_many(inmates=inmates, user=request.user)
    if count:
        messages.success(request, _("%(count)s NIK ditandai terverifikasi.") % {"count": count})
    else:
        messages.warning(request, _("Pilih dulu WBP yang NIK-nya sudah dicocokkan."))
    return redirect("inmates:needs_action", facility.code)


class NeedsActionLine(NamedTuple):
    key: str
    title: str
    count: int  # the whole group; `people` may be its first page only
    people: list  # (inmate, the one line saying why and what to do)


NEEDS_ACTION_TITLES = {
    "no_nik": _lazy("Belum memiliki NIK"),
    "nik_problems": _lazy("NIK belum diverifikasi atau tidak cocok"),
    "duplicates": _lazy("Kemungkinan ganda dengan Lapas/Rutan lain"),
    "release_missing": _lazy("Tanggal ekspirasi belum diisi"),
    "overdue_release": _lazy("Tanggal ekspirasi sudah lewat tetapi belum dicatat bebas"),
}


def needs_action(request: HttpRequest, code: str) -> HttpResponse:
    """Every group with its size and first people; `?kelompok=<key>` pages through one whole group."""
    facility, access = facility_for(request, code)
    result = selectors.needs_action(user=request.user, facility=facility, today=timezone.localdate())
    only = request.GET.get("kelompok", "")
    page = None
    if only in selectors.NEEDS_ACTION_GROUPS:
        group = result.group(only)
        page = Paginator(group.people, selectors.NEEDS_ACTION_SHOWN).get_page(request.GET.get("halaman"))
        shown = {only: list(page.object_list)}
    else:
        only = ""
        shown = {group.key: group.first for group in result.groups}
    groups = [NeedsActionLine(group.key, NEEDS_ACTION_TITLES[group.key], group.count,
                              [(inmate, advice.line(group.key, inmate)) for inmate in shown[group.key]])
              for group in result.groups if group.key in shown]
    crosscheck.log_possible_duplicates(shown.get("duplicates", []), user=request.user,
                                       where=crosscheck.Where.NEEDS_ACTION)
    return _facility_page(request, "inmates/needs_action.html", facility, access, "needs", groups=groups,
                          total=result.total, only=only, page=page)


# Excel import ---------------------------------------------------------------------------------

PREVIEW_LIMIT = 500  # errors and warnings shown on the preview page; all of them are in the download
PREVIEW_ROWS = 100  # new and changed WBP shown: a sample to check the file was read as meant (the counts say all)


def import_template(request: HttpRequest, code: str) -> FileResponse:
    facility, _access = facility_for(request, code)
    return xlsx.response(workbooks.template_workbook(province=facility.province_code), f"templat-impor-wbp-{facility.code}.xlsx")


def import_start(request: HttpRequest, code: str) -> HttpResponse:
    facility, access = facility_for(request, code, require=EDIT)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = uploads.keep(request, facility_id=facility.pk, file_name=form.cleaned_data["file"].name,
                               data=form.cleaned_data["data"])
        return redirect("inmates:import_preview", facility.code, pending.token)
    return _facility_page(request, "inmates/import_start.html", facility, access, "import", **{
        "form": form,
        "records": selectors.import_history(user=request.user, facility=facility)[:5],
        "max_rows": settings.TPS_IMPORT_MAX_ROWS, "max_mb": settings.TPS_IMPORT_MAX_BYTES // (1024 * 1024),
    })


def _pending_or_redirect(request: HttpRequest, facility: Facility, token: str):
    pending = uploads.find(request, token, facility_id=facility.pk)
    if pending is None:
        messages.warning(request, _("File unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah lagi."))
    return pending


def import_preview(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """GET: what the file would do. POST: check it again against the register as it is now, and write it."""
    facility, access = facility_for(request, code, require=EDIT)
    pending = _pending_or_redirect(request, facility, token)
    if pending is None:
        return redirect("inmates:import", facility.code)
    if request.method == "POST":
        outcome = importing.inmates_import(facility=facility, data=pending.read(), file_name=pending.file_name,
                                           user=request.user, source="web")
        if outcome.ok:
            uploads.discard(request, token)
            messages.success(request, _(
                "Impor %(file)s selesai: %(created)s WBP baru, %(updated)s diperbarui, %(unchanged)s tetap."
            ) % {"file": pending.file_name, **outcome.plan.counts()})
            return redirect("inmates:list", facility.code)
        messages.error(request, _("Impor dibatalkan karena ada kesalahan (data di Lapas/Rutan bisa berubah sejak "
                                  "pratinjau). Tidak ada yang disimpan; periksa kesalahan di bawah."))
        plan = outcome.plan
    else:
        plan = importing.validate(pending.read(), facility=facility, user=request.user, file_name=pending.file_name)
    return _facility_page(request, "inmates/import_preview.html", facility, access, "import", **{
        "plan": plan, "token": token, "counts": plan.counts(),
        "errors": plan.errors[:PREVIEW_LIMIT], "warnings": plan.warnings[:PREVIEW_LIMIT],
        "changed": plan.changed[:PREVIEW_ROWS], "new": plan.new[:PREVIEW_ROWS], "limit": PREVIEW_LIMIT,
        "rows_limit": PREVIEW_ROWS,
        "form": ImportUploadForm(),
    })


def import_issues(request: HttpRequest, code: str, token: str) -> HttpResponse:
    facility, _access = facility_for(request, code, require=EDIT)
    pending = _pending_or_redirect(request, facility, token)
    if pending is None:
        return redirect("inmates:import", facility.code)
    plan = importing.validate(pending.read(), facility=facility, user=request.user, file_name=pending.file_name,
                              shown_in=crosscheck.Where.IMPORT_ISSUES)
    name = get_valid_filename(f"masalah-{pending.file_name.rsplit('.', 1)[0]}.xlsx")
    # The messages quote NIK and register numbers: a download of personal data, so it is logged.
    audit.record_one(user=request.user, facility_id=facility.pk, what=name, rows=len(plan.errors) + len(plan.warnings))
    return xlsx.response(workbooks.write_issues(plan), name)


def import_history(request: HttpRequest, code: str) -> HttpResponse:
    facility, access = facility_for(request, code)
    page = Paginator(selectors.import_history(user=request.user, facility=facility), 50).get_page(request.GET.get("page"))
    return _facility_page(request, "inmates/import_history.html", facility, access, "import", page=page)


# Lists facilities send on ---------------------------------------------------------------------

def _with_names(inmates) -> list[tuple[Inmate, RegionNames]]:
    return [(inmate, region_names(inmate.home_region_id)) for inmate in inmates]


def no_nik_list(request: HttpRequest, code: str) -> HttpResponse:
    facility, access = facility_for(request, code)
    form = NoNikFilterForm(request.GET or None)
    status = (form.cleaned_data["status"] if form.is_valid() else "") or NoNikFilterForm.PENDING
    inmates = selectors.without_nik(user=request.user, facility=facility, status=status)
    return _facility_page(request, "inmates/no_nik_list.html", facility, access, "no_nik", **{
        "form": form, "status": status, "rows": _with_names(inmates),
        "batch_form": RecordingBatchForm() if access.edit_registry else None,
    })


def no_nik_download(request: HttpRequest, code: str) -> FileResponse:
    facility, _access = facility_for(request, code)
    form = NoNikFilterForm(request.GET or None)
    status = (form.cleaned_data["status"] if form.is_valid() else "") or NoNikFilterForm.PENDING
    inmates = selectors.without_nik(user=request.user, facility=facility, status=status)
    subtitle = _("%(facility)s · dibuat %(date)s") % {
        "facility": facility.name, "date": timezone.localdate().strftime("%d-%m-%Y")}
    stream, count = workbooks.write_list(workbooks.NO_NIK_LIST, inmates.iterator(chunk_size=2000), subtitle=subtitle)
    name = workbooks.file_name(workbooks.NO_NIK_LIST, facility.code)
    audit.record_one(user=request.user, facility_id=facility.pk, what=name, rows=count)
    return xlsx.response(stream, name)


@require_POST
def no_nik_submit(request: HttpRequest, code: str) -> HttpResponse:
    """Mark the chosen WBP as sent to Dispendukcapil for perekaman, in one batch."""
    facility, _access = facility_for(request, code, require=EDIT)
    form = RecordingBatchForm(request.POST)
    chosen = [inmate for inmate in selectors.inmates_by_ids(user=request.user, facility=facility,
                                                             ids=request.POST.getlist("inmate"))
              if inmate.custody_state == CustodyState.HELD and inmate.nik is None]
    if not form.is_valid():
        messages.error(request, _("Isi nama batch dan tanggal diajukan."))
    elif not chosen:
        messages.warning(request, _("Pilih dulu WBP yang datanya dikirim ke Dispendukcapil."))
    else:
        count = services.nik_submit_for_recording(inmates=chosen, user=request.user, **form.cleaned_data)
        messages.success(request, _("%(count)s WBP ditandai sudah diajukan perekaman (batch %(batch)s).") % {
            "count": count, "batch": form.cleaned_data["batch"]})
    return redirect("inmates:no_nik", facility.code)


def _leaving(request: HttpRequest, facility: Facility):
    form = LeavingFilterForm(request.GET or None, elections=voting_days.choices(user=request.user, facility=facility))
    if not form.is_valid():
        return form, None, None
    day = form.cleaned_data["day"]
    return form, day, selectors.leaving_before(user=request.user, facility=facility, day=day)


def leaving_list(request: HttpRequest, code: str) -> HttpResponse:
    facility, access = facility_for(request, code)
    form, day, inmates = _leaving(request, facility)
    return _facility_page(request, "inmates/leaving_list.html", facility, access, "leaving", **{
        "form": form, "day": day, "rows": _with_names(inmates) if inmates is not None else None,
    })


def leaving_download(request: HttpRequest, code: str) -> HttpResponse:
    facility, _access = facility_for(request, code)
    form, day, inmates = _leaving(request, facility)
    if inmates is None:
        messages.warning(request, _("Pilih tanggal pemungutan suara terlebih dahulu."))
        return redirect("inmates:leaving", facility.code)
    subtitle = _("%(facility)s · ekspirasi sebelum %(day)s · dibuat %(date)s") % {
        "facility": facility.name, "day": day.strftime("%d-%m-%Y"), "date": timezone.localdate().strftime("%d-%m-%Y")}
    stream, count = workbooks.write_list(workbooks.LEAVING_LIST, inmates.iterator(chunk_size=2000), subtitle=subtitle)
    name = workbooks.file_name(workbooks.LEAVING_LIST, facility.code, day)
    audit.record_one(user=request.user, facility_id=facility.pk, what=name, rows=count)
    return xlsx.response(stream, name)
