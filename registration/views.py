from dataclasses import replace
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import Access, area_name, area_of, get_for_user, get_scoped_or_404
from inmates.models import Facility
from jobs import views as job_views
from regions.models import Region
from registration import exports, selectors, services, tasks
from registration.forms import (
    DiffForm,
    ElectionForm,
    LockForm,
    NewTpsForm,
    ReviewNoteForm,
    TpsCapacityForm,
    VoterFilterForm,
    VoterForm,
)
from registration.models import Election, ListVersion, Registration, Tps
from tps_khusus import audit, confirm, xlsx
from tps_khusus.forms import copy_errors
from tps_khusus.numbers import as_id, is_region_code

NOW = "sekarang"
ARCHIVE_READ_ONLY = gettext_lazy("%(election)s sudah selesai dan menjadi arsip: daftar pemilih, TPS dan versinya "
                                 "tidak dapat diubah lagi. Halaman dan unduhannya tetap tersedia.")
CHANGES_AFTER_CHECK = gettext_lazy("Isian berubah sejak diperiksa. Periksa jadwal dan surat suara di bawah, lalu "
                                   "simpan.")


def _election(slug: str) -> Election:
    return get_object_or_404(Election, slug=slug)


MANAGE, SUBMIT, CHANGE = "manage_tps", "submit_list", "change_list"  # what a view needs of Access
FACILITIES = Facility.objects.select_related("location__parent__parent")


class _Archived(Exception):
    """A change asked of a closed election (answered by _archive_guard)."""

    def __init__(self, election: Election, facility: Facility):
        super().__init__(election.slug)
        self.election, self.facility = election, facility


def _archive_guard(view):
    """A closed election's pages stay readable; a change asked of one gets a message, not an error."""
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Archived as refused:
            messages.error(request, ARCHIVE_READ_ONLY % {"election": refused.election.name})
            return redirect("registration:facility", refused.election.slug, refused.facility.code)
    return guarded


def _read_only_if_archived(request: HttpRequest, election: Election, facility: Facility, access: Access,
                           require: str | None = None) -> Access:
    if not election.is_archived:
        return access
    if require is not None or request.method == "POST":
        raise _Archived(election, facility)
    return replace(access, manage_tps=False, submit_list=False)


def _facility(request: HttpRequest, election: Election, code: str, *,
              require: str | None = None) -> tuple[Facility, Access]:
    """The facility in the user's area and the election's (404 otherwise), and what the user may do
    (nothing on a closed election's lists: _Archived for a change)."""
    facility, access = get_for_user(request.user, FACILITIES, code=code)
    if not election.covers(facility):
        raise Http404
    access = _read_only_if_archived(request, election, facility, access, require)
    if require is not None and not getattr(access, require):
        raise PermissionDenied
    return facility, access


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def election_list(request: HttpRequest) -> HttpResponse:
    if not area_of(request.user).role:
        raise Http404
    return render(request, "registration/election_list.html", {"elections": selectors.elections_for(user=request.user)})


def election_create(request: HttpRequest) -> HttpResponse:
    """Admins make an election from a template: check it (the calendar, ballots and facilities it
    would have), then save it (services.election_create, which also computes the voter lists)."""
    if not area_of(request.user).is_admin:
        raise Http404
    form = ElectionForm(request.POST or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        checked = form.cleaned_data["checked"] == form.fingerprint()
        try:
            if "save" in request.POST and checked:
                election = services.election_create(**fields)
                count = selectors.facilities_in(user=request.user, election=election).count()
                messages.success(request, _("%(election)s dibuat; daftar pemilih dihitung untuk %(count)s Lapas/Rutan.")
                                 % {"election": election.name, "count": count})
                return redirect(election)
            plan = services.election_plan(**fields)
        except ValidationError as error:
            copy_errors(error, form)
        else:
            if "save" in request.POST:
                messages.warning(request, CHANGES_AFTER_CHECK)
            form.data = form.data.copy()
            form.data["checked"] = form.fingerprint()
    return render(request, "registration/election_form.html", {"form": form, "plan": plan})


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    election = _election(slug)
    if not area_of(request.user).role:
        raise Http404
    code = request.GET.get("wilayah", "").strip()
    if code and not is_region_code(code):
        raise Http404
    region = get_object_or_404(Region, code=code) if code else None
    # A national or provincial area: region by region first (selectors.AreaBoard), each opening its own board.
    board = selectors.dashboard(user=request.user, election=election, area=code or None,
                                group_above=None if region else selectors.GROUP_ABOVE)
    today = timezone.localdate()
    return render(request, "registration/dashboard.html", {
        "election": election, "board": board, "calendar": selectors.calendar(election=election, today=today),
        "outlook": None if board.grouped else selectors.eligible_outlook(user=request.user, election=election,
                                                                         today=today),
        "chart_max": 1 if board.grouped else max([line.count("ms") + line.count("potential")
                                                  for line in board.facilities] + [1]),
        "region": region, "grouped": board.grouped, "regions": board.regions if board.grouped else [],
        "area_query": f"?wilayah={code}" if code else "",
    })


def facility_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, access = _facility(request, election, code)
    form = VoterFilterForm(request.GET or None)
    filters = form.filters()
    voters = selectors.voter_list(user=request.user, election=election, facility=facility, filters=filters)
    page = Paginator(voters, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    board = selectors.dashboard(user=request.user, election=election, facility=facility)
    line = board.facilities[0]  # its review is the facility's latest (selectors.latest_review)
    return render(request, "registration/facility.html", {
        "election": election, "facility": facility, "form": form, "page": page, "query": query.urlencode(),
        "line": line, "board": board,
        "calendar": selectors.calendar(election=election, today=timezone.localdate(), facility=facility,
                                       review=line.review),
        "review": line.review,
        # Two forms with the same field: ids of their own, so a page showing both keeps its ids unique.
        "access": access, "return_form": ReviewNoteForm(auto_id="return_%s"),
        "submit_form": ReviewNoteForm(auto_id="submit_%s"),
        "locked": _latest_version(request, election, facility),
        "ballot_names": exports.Ballots(election, contests=board.contests),
    })


@_archive_guard
@require_POST
def refresh(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code, require=CHANGE)
    try:
        report = services.registration_refresh(election=election, facility=facility)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Daftar dihitung ulang: %(summary)s") % {"summary": report.summary()})
    return redirect("registration:facility", election.slug, facility.code)


@_archive_guard
def tps_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, access = _facility(request, election, code)
    form = NewTpsForm(request.POST or None)
    if request.method == "POST":
        if not access.manage_tps:
            raise PermissionDenied
        if form.is_valid():
            try:
                tps = services.tps_create(election=election, facility=facility, number=form.cleaned_data["number"],
                                          capacity=form.cleaned_data["capacity"],
                                          capacity_reason=form.cleaned_data["capacity_reason"], user=request.user)
            except ValidationError as error:
                copy_errors(error, form)
            else:
                messages.success(request, _("%(tps)s dibuat.") % {"tps": tps})
                return redirect("registration:tps", election.slug, facility.code)
    board = selectors.dashboard(user=request.user, election=election, facility=facility)
    return render(request, "registration/tps.html", {
        "election": election, "facility": facility, "form": form, "access": access,
        "needs": selectors.tps_needs(election=election, facility=facility), "line": board.facilities[0], "board": board,
        "tps_list": Tps.objects.filter(election=election, facility=facility).order_by("number"),
        "locked": _latest_version(request, election, facility),
    })


@_archive_guard
@require_POST
def tps_allocate(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code, require=MANAGE)
    report = services.allocate(election=election, facility=facility, create_missing="create" in request.POST,
                               user=request.user)
    if report.unplaced:
        messages.warning(request, _("%(placed)s pemilih ditempatkan; %(unplaced)s belum mendapat TPS karena kapasitas "
                                    "TPS kurang. Tambah TPS lalu alokasikan lagi.") % vars(report))
    else:
        messages.success(request, _("%(placed)s pemilih ditempatkan di TPS.") % vars(report))
    return redirect("registration:tps", election.slug, facility.code)


@_archive_guard
def tps_edit(request: HttpRequest, slug: str, code: str, number: int) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code, require=MANAGE)
    tps = get_object_or_404(Tps, election=election, facility=facility, number=number)
    form = TpsCapacityForm(request.POST or None, initial={"capacity": tps.capacity, "capacity_reason": tps.capacity_reason})
    if request.method == "POST":
        try:
            if "delete" in request.POST:
                services.tps_delete(tps=tps)
                messages.success(request, _("%(tps)s dihapus.") % {"tps": tps})
                return redirect("registration:tps", election.slug, facility.code)
            if form.is_valid():
                services.tps_update_capacity(tps=tps, **form.cleaned_data)
                messages.success(request, _("Kapasitas %(tps)s disimpan.") % {"tps": tps})
                return redirect("registration:tps", election.slug, facility.code)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                copy_errors(error, form)
            else:
                messages.error(request, _errors(error))
    return render(request, "registration/tps_edit.html", {"election": election, "facility": facility, "tps": tps,
                                                          "form": form})


@_archive_guard
def voter_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    election = _election(slug)
    registration, access = get_for_user(
        request.user, Registration.objects.select_related("inmate__home_region", "facility__location", "tps", "election"),
        pk=pk, election=election)
    facility = registration.facility
    access = _read_only_if_archived(request, election, facility, access)
    form = VoterForm(request.POST or None, registration=registration, can_manage=access.manage_tps,
                     initial={"tps": registration.tps_id, "marked_dpk": registration.marked_dpk,
                              "pindah_form_number": registration.pindah_form_number,
                              "pindah_form_date": registration.pindah_form_date})
    if request.method == "POST":
        if not access.change_list:
            raise PermissionDenied
        if form.is_valid():
            try:
                data = form.cleaned_data
                with transaction.atomic():  # the TPS move and the rest land together or not at all
                    if access.manage_tps and data.get("tps") and data["tps"].pk != registration.tps_id:
                        services.move_voter(registration=registration, tps=data["tps"])
                    services.registration_update(
                        registration=registration, marked_dpk=data.get("marked_dpk") if access.manage_tps else None,
                        pindah_form_number=data["pindah_form_number"], pindah_form_date=data["pindah_form_date"])
            except ValidationError as error:
                copy_errors(error, form)
            else:
                messages.success(request, _("Data pemilih %(name)s disimpan.") % {"name": registration.inmate.full_name})
                return redirect("registration:facility", election.slug, facility.code)
    late = registration.pindah_form_late(timezone.localdate())
    return render(request, "registration/voter.html", {
        "election": election, "facility": facility, "registration": registration, "form": form,
        "access": access, "pindah_late": late, "ballot_names": exports.Ballots(election)})


def _lock_confirmation(election: Election, facility: Facility, data: dict) -> confirm.Confirmation:
    """What locking freezes and what it leaves open, counted in the database."""
    label = services.lock_label(kind=data["kind"], label=data["label"])
    counts = selectors.lock_outstanding(election=election, facility=facility)
    unresolved = []
    if not counts.submitted:
        unresolved.append(_("%(facility)s belum mengajukan daftar ini ke KPU.") % {"facility": facility.name})
    if counts.potential:
        unresolved.append(_("%(count)s pemilih potensial belum memiliki NIK terverifikasi dan tidak ikut dikunci.")
                          % {"count": number_format(counts.potential, force_grouping=True)})
    if counts.without_tps:
        unresolved.append(_("%(count)s pemilih belum mendapat TPS.")
                          % {"count": number_format(counts.without_tps, force_grouping=True)})
    if counts.dptb_without_form:
        unresolved.append(_("%(count)s pemilih DPTb belum punya Model A-Surat Pindah Memilih.")
                          % {"count": number_format(counts.dptb_without_form, force_grouping=True)})
    return confirm.Confirmation(
        title=_("Kunci daftar %(label)s?") % {"label": label},
        action=_("Daftar pemilih %(facility)s untuk %(election)s akan dikunci sebagai %(label)s. Versi terkunci tidak "
                 "dapat diubah atau dihapus.") % {"facility": facility.name, "election": election.name, "label": label},
        facts=[_("%(count)s pemilih (MS) ikut dikunci, dengan TPS, jenis daftar dan surat suaranya.")
               % {"count": number_format(counts.voters, force_grouping=True)}],
        unresolved=unresolved, phrase=label,
        phrase_label=_("Ketik label versi, %(label)s, untuk mengunci") % {"label": label},
        button=_("Kunci %(label)s") % {"label": label},
        cancel_url=reverse("registration:versions", args=[election.slug, facility.code]))


@_archive_guard
def versions(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, access = _facility(request, election, code)
    form = LockForm(request.POST or None)
    if request.method == "POST":
        if not access.manage_tps:
            raise PermissionDenied
        if form.is_valid():
            page = confirm.ask(request, _lock_confirmation(election, facility, form.cleaned_data))
            if page is not None:
                return page
            version = services.list_lock(election=election, facility=facility, user=request.user, **form.cleaned_data)
            messages.success(request, _("%(label)s dikunci dengan %(count)s pemilih.") % {
                "label": version.label, "count": version.entry_count})
            return redirect("registration:version", election.slug, facility.code, version.number)
    return render(request, "registration/versions.html", {
        "election": election, "facility": facility, "form": form, "access": access,
        "versions": selectors.versions_for(user=request.user, election=election, facility=facility),
    })


def _version(request, election: Election, facility: Facility, number) -> ListVersion:
    return get_scoped_or_404(request.user, ListVersion.objects.select_related("locked_by"),
                             election=election, facility=facility, number=number)


def version_detail(request: HttpRequest, slug: str, code: str, number: int) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code)
    version = _version(request, election, facility, number)
    entries = version.entries.order_by("tps_number", "full_name", "pk")
    return render(request, "registration/version.html", {
        "election": election, "facility": facility, "version": version, "ballot_names": exports.Ballots(election),
        "page": Paginator(entries, 200).get_page(request.GET.get("page"))})


def _dpt_download(request: HttpRequest, election: Election, facilities: list[Facility], *,
                  version: ListVersion | None = None, tps_number: int | None = None, area: bool = False,
                  area_label: str = "") -> HttpResponse:
    """Stream a DPT workbook (full, or masked with ?samaran=1) and log it per facility."""
    source = selectors.dpt_source(election=election, facilities=facilities, version=version, tps_number=tps_number,
                                  area=area)
    result = exports.dpt_export(source, masked=request.GET.get("samaran") == "1", today=timezone.localdate(),
                                area_label=area_label)
    exports.record(result, election=election, facilities=facilities, user=request.user)
    return xlsx.response(result.stream, result.filename)


def list_export(request: HttpRequest, slug: str, code: str, number: int | None = None) -> HttpResponse:
    """The voter list in KPU's layout, one sheet per TPS: a locked version, or the current list."""
    election = _election(slug)
    facility, _access = _facility(request, election, code)
    version = _version(request, election, facility, number) if number is not None else None
    return _dpt_download(request, election, [facility], version=version)


def tps_export(request: HttpRequest, slug: str, code: str, number: int) -> HttpResponse:
    """One TPS's voter list: of a locked version with ?versi=<n> (the TPS page links the latest), else
    the current list, labelled a draft."""
    election = _election(slug)
    facility, _access = _facility(request, election, code)
    tps = get_object_or_404(Tps, election=election, facility=facility, number=number)
    key = request.GET.get("versi", "")
    if key and as_id(key) is None:  # "²" is a digit to str.isdigit, not to int()
        raise Http404
    version = _version(request, election, facility, as_id(key)) if key else None
    return _dpt_download(request, election, [facility], version=version, tps_number=tps.number)


def _latest_version(request: HttpRequest, election: Election, facility: Facility) -> ListVersion | None:
    """The version to send: the newest locked one."""
    return selectors.versions_for(user=request.user, election=election, facility=facility).order_by("-number").first()


def _area(request: HttpRequest, election: Election):
    """The facilities of the dashboard's area, narrowed by ?wilayah=<region code>, and its name."""
    area = area_of(request.user)
    if not area.role:
        raise Http404
    code = request.GET.get("wilayah", "").strip()
    if not code:
        return None, tasks.area_facilities(user=request.user, election=election, code=None), area_name(request.user)
    if not is_region_code(code):
        raise Http404
    region = get_object_or_404(Region, code=code)
    return code, tasks.area_facilities(user=request.user, election=election, code=code), region.name


def _area_details(election: Election, facilities: list[Facility], label: str) -> list[str]:
    return [_("Pemilihan: %(election)s") % {"election": election.name},
            _("Wilayah: %(area)s (%(count)s Lapas/Rutan)") % {"area": label, "count": len(facilities)}]


def area_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Every facility of the dashboard's area in one workbook: a sheet per facility and TPS. An area
    of one facility is downloaded at once; a larger one is made by the task worker (registration.tasks):
    a GET offers it, a POST queues it and leads to its page."""
    election = _election(slug)
    code, facilities, label = _area(request, election)
    if not facilities:
        messages.info(request, _("Tidak ada Lapas/Rutan di wilayah ini untuk pemilihan ini."))
        return redirect("registration:dashboard", election.slug)
    masked = request.GET.get("samaran") == "1"
    if len(facilities) == 1:
        return _dpt_download(request, election, facilities, area=True, area_label=label)
    details = _area_details(election, facilities, label)
    if masked:
        details.append(_("Salinan untuk diumumkan: NIK dan NKK disamarkan, tanggal lahir hanya tahun."))
    return job_views.offer(
        request, kind=tasks.AREA_DPT, params=tasks.area_params(election=election, code=code, label=label, masked=masked),
        label=tasks.dpt_label(election=election, label=label, masked=masked), details=details,
        back_url=reverse("registration:dashboard", args=[election.slug]), back_label=election.name)


def area_recap(request: HttpRequest, slug: str) -> HttpResponse:
    """Recaps of the dashboard's area: per facility, kab/kota, province and TPS. Of one facility (or
    none) at once; of more, by the task worker, like area_export."""
    election = _election(slug)
    code, facilities, label = _area(request, election)
    if len(facilities) > 1:
        return job_views.offer(
            request, kind=tasks.AREA_RECAP, params=tasks.area_params(election=election, code=code, label=label),
            label=tasks.recap_label(election=election, label=label), details=_area_details(election, facilities, label),
            back_url=reverse("registration:dashboard", args=[election.slug]), back_label=election.name)
    board = selectors.dashboard(user=request.user, election=election, area=code)
    stream = exports.recap_workbook(board, area=label, today=timezone.localdate())
    return xlsx.response(stream, f"rekap-{election.slug}-{code or 'wilayah'}-{timezone.localdate():%Y%m%d}.xlsx")


def facility_recap(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code)
    board = selectors.dashboard(user=request.user, election=election, facility=facility)
    stream = exports.recap_workbook(board, area=facility.name, today=timezone.localdate())
    return xlsx.response(stream, f"rekap-{election.slug}-{facility.code}-{timezone.localdate():%Y%m%d}.xlsx")


def _rows_for(request, election, facility, key: str):
    if key == NOW:
        return selectors.current_rows(user=request.user, election=election, facility=facility), _("Sekarang")
    if as_id(key) is None:
        raise Http404
    version = _version(request, election, facility, as_id(key))
    return selectors.version_rows(version=version), f"{version.label} (v{version.number})"


def diff_page(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code)
    all_versions = list(selectors.versions_for(user=request.user, election=election, facility=facility))
    if not all_versions:
        messages.info(request, _("Belum ada versi terkunci untuk dibandingkan."))
        return redirect("registration:versions", election.slug, facility.code)
    before_key = request.GET.get("dari") or str(all_versions[-1].number)
    after_key = request.GET.get("ke") or NOW
    before, before_label = _rows_for(request, election, facility, before_key)
    after, after_label = _rows_for(request, election, facility, after_key)
    result = selectors.diff(election=election, before=before, after=after)
    if request.GET.get("format") == "xlsx":
        heading = [_("PERUBAHAN DAFTAR PEMILIH"), f"{election.name} — {facility.name}",
                   _("Dari %(a)s ke %(b)s") % {"a": before_label, "b": after_label}]
        stream = exports.diff_workbook(election=election, heading=heading, result=result)
        rows = (len(result.added) + len(result.removed) + len(result.moved) + len(result.ballots_changed)
                + len(result.list_type_changed))
        filename = f"perubahan-{election.slug}-{facility.code}-{before_key}-{after_key}.xlsx"
        audit.record_one(user=request.user, election_id=election.pk, facility_id=facility.pk, what=filename, rows=rows,
                   scope=_("perubahan %(a)s → %(b)s") % {"a": before_label, "b": after_label})
        return xlsx.response(stream, filename)
    return render(request, "registration/diff.html", {
        "election": election, "facility": facility, "versions": all_versions, "result": result,
        "before_key": before_key, "after_key": after_key, "before_label": before_label, "after_label": after_label,
        "now": NOW, "form": DiffForm(versions=all_versions, now=NOW, initial={"dari": before_key, "ke": after_key}),
    })


def _review(request: HttpRequest, slug: str, code: str, *, returning: bool) -> HttpResponse:
    election = _election(slug)
    facility, _access = _facility(request, election, code, require=MANAGE if returning else SUBMIT)
    form = ReviewNoteForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if returning:
            services.list_return(election=election, facility=facility, note=note, user=request.user)
        else:
            services.list_submit(election=election, facility=facility, note=note, user=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Daftar dikembalikan ke %(facility)s dengan catatan.") % {"facility": facility}
                         if returning else _("Daftar diajukan ke KPU untuk ditinjau."))
    return redirect("registration:facility", election.slug, facility.code)


@_archive_guard
@require_POST
def submit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Facility staff hand the list to KPU ("ajukan ke KPU")."""
    return _review(request, slug, code, returning=False)


@_archive_guard
@require_POST
def return_list(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """KPU sends the list back with what to fix."""
    return _review(request, slug, code, returning=True)
