from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from regions import checks, reference, selectors, services, uploads
from regions.forms import DapilEditionForm

# Loading reference data is an administrator's task. regions sits under accounts, so the page asks
# Django's permission (superusers, the admin role, have it) rather than accounts.access; anyone
# else gets 404 like any page outside their area.
MANAGE_PERMISSION = "regions.add_dapiledition"
PREVIEW_LIMIT = 200


@require_GET
def children(request: HttpRequest) -> JsonResponse:
    """Child regions of ?parent= (provinces when empty) in the current edition, for the cascading pickers."""
    parent = request.GET.get("parent", "").strip()
    return JsonResponse({"results": [{"code": code, "name": name} for code, name in reference.children_of(parent)]})


def _admin_only(request: HttpRequest) -> None:
    if not request.user.is_active or not request.user.has_perm(MANAGE_PERMISSION):
        raise Http404


def dapil_editions(request: HttpRequest) -> HttpResponse:
    """The dapil editions held, and the form to check a new one (nothing is saved by checking)."""
    _admin_only(request)
    form = DapilEditionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = uploads.keep(request, options=form.options(), uploads=form.cleaned_data["uploads"])
        return redirect("regions:dapil_check", token)
    return render(request, "regions/dapil_editions.html", {
        "form": form, "editions": selectors.dapil_editions(), "region_editions": selectors.region_editions()})


def dapil_check(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the checks, coverage and differences of an uploaded edition. POST: check again and save
    it, all or nothing."""
    _admin_only(request)
    pending = uploads.find(request, token)
    if pending is None:
        messages.warning(request, _("Berkas unggahan tidak ditemukan atau sudah kedaluwarsa. Unggah lagi."))
        return redirect("regions:dapil_editions")
    options = pending.options
    if request.method == "POST":
        try:
            services.dapil_edition_load(code=options["code"], name=options["name"], source=options["source"],
                                        uploads=pending.uploads, make_default=options["make_default"])
        except ValidationError as error:
            messages.error(request, _("Edisi dapil tidak disimpan karena ada kesalahan; periksa di bawah."))
            upload = checks.DapilUpload(errors=error.messages)
        else:
            uploads.discard(request, token)
            messages.success(request, _("Edisi dapil %(code)s disimpan.") % {"code": options["code"]})
            return redirect("regions:dapil_editions")
    else:
        upload = services.dapil_upload_check(code=options["code"], uploads=pending.uploads,
                                             compare=options["compare"] or None, area=options["area"] or None)
    report = None
    if upload.ok:
        report = selectors.dapil_upload_report(upload, compare=options["compare"] or None,
                                               area=options["area"] or None)
    return render(request, "regions/dapil_check.html", {
        "options": options, "upload": upload, "report": report, "kinds": _kinds(report) if report else [],
        "token": token, "limit": PREVIEW_LIMIT,
        "errors": upload.errors[:PREVIEW_LIMIT], "warnings": upload.warnings[:PREVIEW_LIMIT],
        "counts": [(checks.KIND_LABELS[kind], *numbers) for kind, numbers in upload.counts().items()],
    })


def _dapils(codes, names: dict[str, str]) -> str:
    return " / ".join(f"{code} {names.get(code, '')}".strip() for code in codes) or _("(tidak ada dapil)")


def _kinds(report: selectors.DapilReport) -> list[dict]:
    """The report per kind, shaped for the template."""
    diffs = {diff.kind: diff for diff in report.diffs}
    shaped = []
    for coverage in report.coverage:
        names = report.dapil_names[coverage.kind]
        diff = diffs.get(coverage.kind)
        shaped.append({
            "kind": coverage.kind,
            "label": checks.KIND_LABELS[coverage.kind],
            "uncovered": coverage.uncovered,
            "splits": [{"place": split.place, "unlisted": split.unlisted,
                        "parts": [(_dapils([dapil], names), places) for dapil, places in split.parts.items()]}
                       for split in coverage.splits],
            "diff": diff and {
                "moves": [(move.place, _dapils(move.before, names), _dapils(move.after, names)) for move in diff.moves],
                "only_before": diff.only_before, "only_after": diff.only_after, "renamed": diff.renamed},
        })
    return shaped
