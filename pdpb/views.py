from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import Access, area_name, area_of, get_for_user
from inmates.models import Facility
from jobs import views as job_views
from pdpb import crosscheck, exports, homes, selectors, services, tasks
from pdpb.forms import DecisionForm, ExtractForm, LockForm, NoteForm
from pdpb.models import HomeRegistration, PdpbPeriod, PdpbReview
from pdpb.quarters import Quarter, between
from regions.models import Region
from tps_khusus import xlsx
from tps_khusus.forms import copy_errors
from tps_khusus.numbers import is_region_code

FACILITIES = Facility.objects.select_related("location__parent__parent")
FIRST = Quarter(2025, 1)  # PDPB under PKPU 1/2025; earlier quarters can still be asked by address


def _today():
    return timezone.localdate()


def _quarter(slug: str | None) -> Quarter:
    """A quarter from its address form (2026-4), not in the future; the current one when empty."""
    today = _today()
    if not slug:
        return Quarter.of(today)
    try:
        year, number = (int(part) for part in slug.split("-"))
        quarter = Quarter(year, number)
    except ValueError:
        raise Http404 from None
    if not quarter.started_by(today):
        raise Http404
    return quarter


def _quarters() -> list[Quarter]:
    current = Quarter.of(_today())
    return list(reversed(between(min(FIRST, current), current)))


def _facility(request: HttpRequest, code: str, *, require: str | None = None) -> tuple[Facility, Access]:
    return get_for_user(request.user, FACILITIES, require=require, code=code)


def _area(request: HttpRequest) -> tuple[str | None, list[Facility], str]:
    if not area_of(request.user).role:
        raise Http404
    code = request.GET.get("wilayah", "").strip() or None
    label = area_name(request.user)
    if code:
        if not is_region_code(code):
            raise Http404
        label = get_object_or_404(Region, code=code).name
    return code, selectors.facilities_for(user=request.user, code=code), label


def index(request: HttpRequest) -> HttpResponse:
    """The area's quarter: each facility's figures and status, with totals."""
    quarter = _quarter(request.GET.get("periode"))
    code, facilities, label = _area(request)
    lines = selectors.compute(facilities=facilities, quarter=quarter, today=_today())
    totals = [sum(column) for column in zip(*(exports.recap_numbers(line) for line in lines), strict=True)] \
        if lines else [0] * 7
    return render(request, "pdpb/index.html", {
        "quarter": quarter, "quarters": _quarters(), "lines": lines, "totals": totals[:7], "label": label,
        "code": code or "", "area": area_of(request.user), "may_crosscheck": crosscheck.may_use(request.user)})


def facility_page(request: HttpRequest, code: str, period: str) -> HttpResponse:
    facility, access = _facility(request, code)
    quarter = _quarter(period)
    line = selectors.compute(facilities=[facility], quarter=quarter, today=_today())[0]
    reviews = PdpbReview.objects.filter(period=line.period).select_related("by") if line.period else []
    return render(request, "pdpb/facility.html", {
        "facility": facility, "access": access, "quarter": quarter, "line": line, "quarters": _quarters(),
        "reviews": reviews, "note_form": NoteForm(), "status": PdpbPeriod.Status})


def _review(request: HttpRequest, code: str, period: str, *, returning: bool) -> HttpResponse:
    facility, _access = _facility(request, code, require="manage_tps" if returning else "submit_list")
    quarter = _quarter(period)
    form = NoteForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if returning:
            services.period_return(facility=facility, quarter=quarter, note=note, user=request.user)
        else:
            services.period_submit(facility=facility, quarter=quarter, note=note, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(period)s dikembalikan ke %(facility)s dengan catatan.") % {
            "period": quarter.label, "facility": facility.name} if returning else
            _("%(period)s diajukan ke KPU untuk ditinjau.") % {"period": quarter.label})
    return redirect("pdpb:facility", facility.code, quarter.slug)


@require_POST
def submit(request: HttpRequest, code: str, period: str) -> HttpResponse:
    return _review(request, code, period, returning=False)


@require_POST
def return_period(request: HttpRequest, code: str, period: str) -> HttpResponse:
    return _review(request, code, period, returning=True)


def lock(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """KPU accepts and locks: the page says what will be locked and what is unresolved; the officer
    types the period's label to confirm."""
    facility, _access = _facility(request, code, require="manage_tps")
    quarter = _quarter(period)
    line = selectors.compute(facilities=[facility], quarter=quarter, today=_today())[0]
    if line.locked:
        messages.info(request, _("%(period)s sudah dikunci.") % {"period": quarter.label})
        return redirect("pdpb:facility", facility.code, quarter.slug)
    form = LockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.period_lock(facility=facility, quarter=quarter, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            copy_errors(error, form)
        else:
            messages.success(request, _("%(period)s %(facility)s dikunci: %(count)s pemilih akhir.") % {
                "period": quarter.label, "facility": facility.name, "count": row.end_count})
            return redirect("pdpb:facility", facility.code, quarter.slug)
    return render(request, "pdpb/lock.html", {"facility": facility, "quarter": quarter, "line": line, "form": form,
                                              "submitted": line.status == PdpbPeriod.Status.SUBMITTED})


def facility_recap(request: HttpRequest, code: str, period: str) -> HttpResponse:
    facility, _access = _facility(request, code)
    quarter = _quarter(period)
    lines = selectors.compute(facilities=[facility], quarter=quarter, today=_today())
    filename = f"pdpb-{quarter.slug}-{facility.code}-{_today():%Y%m%d}.xlsx"
    stream = exports.recap_workbook(lines, quarter=quarter, area=facility.name, today=_today())
    exports.record(lines, filename=filename, user=request.user)
    return xlsx.response(stream, filename)


def area_recap(request: HttpRequest) -> HttpResponse:
    """The area's recap: of one facility at once, of more by the task worker."""
    quarter = _quarter(request.GET.get("periode"))
    code, facilities, label = _area(request)
    if not facilities:
        messages.info(request, _("Tidak ada Lapas/Rutan di wilayah ini."))
        return redirect(reverse("pdpb:index") + f"?periode={quarter.slug}")
    if len(facilities) > 1:
        return job_views.offer(
            request, kind=tasks.AREA_RECAP, params=tasks.params(quarter=quarter, code=code, label=label),
            label=tasks.label(quarter=quarter, label=label),
            details=[_("Periode: %(period)s") % {"period": quarter.label},
                     _("Wilayah: %(area)s (%(count)s Lapas/Rutan)") % {"area": label, "count": len(facilities)}],
            back_url=reverse("pdpb:index") + f"?periode={quarter.slug}", back_label=_("PDPB"))
    return facility_recap(request, facilities[0].code, quarter.slug)


def coktas(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The voters to check on site (coktas), printable; ?format=xlsx for the workbook. Logged (NIK)."""
    facility, _access = _facility(request, code)
    quarter = _quarter(period)
    line = selectors.compute(facilities=[facility], quarter=quarter, today=_today())[0]
    filename = f"coktas-{quarter.slug}-{facility.code}-{_today():%Y%m%d}.xlsx"
    exports.record([line], filename=filename if request.GET.get("format") == "xlsx" else f"coktas {facility.code}",
                   user=request.user, what=_("coktas %(period)s") % {"period": quarter.label})
    if request.GET.get("format") == "xlsx":
        return xlsx.response(exports.coktas_workbook(line, today=_today()), filename)
    return render(request, "pdpb/coktas.html", {"facility": facility, "quarter": quarter, "line": line,
                                                "today": _today()})


def home_lists(request: HttpRequest) -> HttpResponse:
    """Per home kab/kota (KTP-el address): the WBP voters held in the user's area and what that KPU must do."""
    quarter = _quarter(request.GET.get("periode"))
    code, facilities, label = _area(request)
    lines = selectors.compute(facilities=facilities, quarter=quarter, today=_today())
    groups = homes.by_home(lines)
    wanted = request.GET.get("asal", "").strip()
    if request.GET.get("format") == "xlsx":
        chosen = [g for g in groups if not wanted or g.code == wanted]
        filename = f"pdpb-asal-{quarter.slug}-{wanted or 'semua'}-{_today():%Y%m%d}.xlsx"
        counted = {}
        for group in chosen:
            for item in group.items:
                counted[item.facility.pk] = counted.get(item.facility.pk, 0) + 1
        exports.record_homes(counted, filename=filename, user=request.user, quarter=quarter)
        return xlsx.response(homes.workbook(chosen, quarter=quarter, area=label, today=_today()), filename)
    return render(request, "pdpb/homes.html", {"quarter": quarter, "quarters": _quarters(), "groups": groups,
                                               "label": label, "code": code or "", "wanted": wanted})


# Cross-check with KPU's list ------------------------------------------------------------------

def _crosscheck_user(request: HttpRequest) -> None:
    if not crosscheck.may_use(request.user):
        raise Http404


def crosscheck_list(request: HttpRequest) -> HttpResponse:
    """The user's extracts and the upload form (KPU kab/kota: their own kab/kota; admins choose one)."""
    _crosscheck_user(request)
    area = area_of(request.user)
    fixed = None if area.is_admin else area.region_code
    form = ExtractForm(request.POST or None, request.FILES or None, fixed_region=fixed)
    if request.method == "POST" and form.is_valid():
        region = Region.objects.filter(code=fixed or form.cleaned_data.get("region", "").strip()).first()
        if region is None:
            form.add_error("region" if not fixed else None, _("Kabupaten/kota tidak dikenal."))
        else:
            upload = form.cleaned_data["file"]
            if upload.size > settings.TPS_IMPORT_MAX_BYTES:
                form.add_error("file", _("File terlalu besar."))
            else:
                try:
                    extract = crosscheck.extract_upload(region=region, file_name=upload.name, data=upload.read(),
                                                        user=request.user)
                except ValidationError as error:
                    copy_errors(error, form)
                else:
                    messages.success(request, _("%(count)s baris ekstrak dibaca. Tinjau setiap WBP di bawah.") % {
                        "count": extract.row_count})
                    return redirect("pdpb:crosscheck", extract.pk)
    return render(request, "pdpb/crosscheck_list.html", {
        "form": form, "extracts": crosscheck.extracts_for(request.user),
        "keep_days": settings.PDPB_EXTRACT_KEEP_DAYS})


def crosscheck_queue(request: HttpRequest, pk: int) -> HttpResponse:
    """Each WBP of the extract's kab/kota with its matches; a person decides (POST), one WBP at a time."""
    _crosscheck_user(request)
    extract = crosscheck.extract_for(request.user, pk)
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Pilih status untuk WBP ini."))
        else:
            data = form.cleaned_data
            try:
                decision = crosscheck.decide(extract=extract, inmate_id=data["inmate"], status=data["status"],
                                             row_id=data.get("row"), desa=data.get("desa") or "",
                                             tps=data.get("tps") or "", note=data.get("note") or "", user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("%(name)s: %(status)s.") % {
                    "name": decision.inmate.full_name, "status": decision.get_status_display()})
        return redirect("pdpb:crosscheck", extract.pk)
    items = crosscheck.queue(extract)
    return render(request, "pdpb/crosscheck.html", {
        "extract": extract, "items": items, "statuses": HomeRegistration.Status,
        "undecided": sum(1 for item in items if item.decision is None)})


@require_POST
def crosscheck_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _crosscheck_user(request)
    extract = crosscheck.extract_for(request.user, pk)
    crosscheck.extract_delete(extract=extract, user=request.user)
    messages.success(request, _("Ekstrak %(name)s dihapus; keputusan yang sudah dibuat tetap tersimpan.") % {
        "name": extract.file_name})
    return redirect("pdpb:crosschecks")
