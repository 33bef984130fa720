from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
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
from tps_khusus import confirm, xlsx
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
        "reviews": reviews, "note_form": NoteForm(), "lock_form": LockForm(auto_id="kunci_%s"),
        "status": PdpbPeriod.Status})


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


def _lock_confirmation(facility: Facility, quarter: Quarter, line: selectors.FacilityPeriod) -> confirm.Confirmation:
    """What locking copies and what it leaves open (the same page as locking a voter list)."""
    unresolved = []
    if line.status == PdpbPeriod.Status.RETURNED:
        unresolved.append(_("%(facility)s belum mengajukan lagi %(period)s setelah dikembalikan.") % {
            "facility": facility.name, "period": quarter.label})
    elif line.status != PdpbPeriod.Status.SUBMITTED:
        unresolved.append(_("%(facility)s belum mengajukan %(period)s ke KPU.") % {
            "facility": facility.name, "period": quarter.label})
    if line.potential:
        unresolved.append(_("%(count)s pemilih potensial belum memiliki NIK terverifikasi dan tidak terhitung sebagai "
                            "pemilih akhir.") % {"count": number_format(line.potential, force_grouping=True)})
    if line.as_of < quarter.end:
        unresolved.append(_("%(period)s belum berakhir: angka per %(day)s; perubahan register sampai %(end)s tidak "
                            "ikut terkunci.") % {"period": quarter.label, "day": f"{line.as_of:%d-%m-%Y}",
                                                 "end": f"{quarter.end:%d-%m-%Y}"})
    figures = {key: number_format(value, force_grouping=True) for key, value in {
        "start": line.start_count, "added": len(line.added), "removed": len(line.removed), "end": line.end_count,
        "corrected": len(line.corrected)}.items()}
    return confirm.Confirmation(
        title=_("Kunci %(period)s %(facility)s?") % {"period": quarter.label, "facility": facility.name},
        action=_("PDPB %(period)s %(facility)s akan diterima dan dikunci. Periode terkunci adalah salinan: tidak "
                 "berubah lagi walau register berubah, dan tidak dapat dibuka kembali.") % {
            "period": quarter.label, "facility": facility.name},
        facts=[_("Pemilih awal %(start)s, bertambah %(added)s, berkurang %(removed)s, pemilih akhir %(end)s.") % figures,
               _("%(corrected)s perbaikan identitas/alamat ikut dikunci.") % figures,
               _("Pemilih akhir ini menjadi pemilih awal %(next)s.") % {"next": quarter.next.label}],
        unresolved=unresolved, phrase=quarter.label,
        phrase_label=_("Ketik label periode, %(label)s, untuk mengunci") % {"label": quarter.label},
        button=_("Kunci %(period)s") % {"period": quarter.label},
        cancel_url=reverse("pdpb:facility", args=[facility.code, quarter.slug]))


def lock(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """KPU accepts and locks, through the confirmation page (tps_khusus.confirm): it says what will be locked
    and what is unresolved, and the officer types the period's label. The facility page's form sends the
    plenary note (POST); a GET shows the confirmation without one."""
    facility, _access = _facility(request, code, require="manage_tps")
    quarter = _quarter(period)
    back = redirect("pdpb:facility", facility.code, quarter.slug)
    line = selectors.compute(facilities=[facility], quarter=quarter, today=_today())[0]
    if line.locked:
        messages.info(request, _("%(period)s sudah dikunci.") % {"period": quarter.label})
        return back
    if refusal := services.lock_refusal(facility=facility, quarter=quarter):
        messages.error(request, refusal)
        return back
    form = LockForm(request.POST or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return back
    if (page := confirm.ask(request, _lock_confirmation(facility, quarter, line))) is not None:
        return page
    try:
        row = services.period_lock(facility=facility, quarter=quarter, user=request.user,
                                   confirm=request.POST.get(confirm.PHRASE, ""), note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(period)s %(facility)s dikunci: %(count)s pemilih akhir.") % {
            "period": quarter.label, "facility": facility.name, "count": row.end_count})
    return back


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
