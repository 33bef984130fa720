"""Exports larger than one facility, made by the task worker (jobs app) rather than in the request:
an area's DPT (a province's, the nation's) and an area's recap. The dashboard's buttons offer them
(registration.views.area_export, area_recap); an area of one facility is still downloaded at once.

The worker writes exactly what the direct download writes (registration.exports) and logs it the
same way: one export-log row per facility, as the user who asked, when the file is stored. The area
is worked out again when the job runs, from the user's area as it is then and the region asked for.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inmates.models import Facility
from jobs import kinds
from registration import exports, selectors
from registration.models import Election

NO_ELECTION = gettext_lazy("Pemilihan ini tidak ada lagi.")
NO_FACILITIES = gettext_lazy("Tidak ada Lapas/Rutan di wilayah ini untuk pemilihan ini.")


def area_facilities(*, user, election: Election, code: str | None) -> list[Facility]:
    """The facilities of the user's area in the election, narrowed to region `code` when given,
    by name (the order of an area's sheets)."""
    facilities = selectors.facilities_in(user=user, election=election)
    if code:
        facilities = facilities.filter(location__code__startswith=f"{code}.")
    return list(facilities.order_by("name"))


def area_params(*, election: Election, code: str | None, label: str, masked: bool = False) -> dict:
    return {"election": election.pk, "area": code or "", "label": label, "masked": masked}


def dpt_label(*, election: Election, label: str, masked: bool) -> str:
    text = _("DPT wilayah %(area)s — %(election)s") % {"area": label, "election": election.name}
    return text + (" " + _("(disamarkan untuk diumumkan)") if masked else "")


def recap_label(*, election: Election, label: str) -> str:
    return _("Rekap wilayah %(area)s — %(election)s") % {"area": label, "election": election.name}


def _election(params: dict) -> Election:
    election = Election.objects.filter(pk=params["election"]).first()
    if election is None:
        raise kinds.JobFailed(NO_ELECTION)
    return election


def run_area_dpt(run: kinds.Run) -> kinds.Output:
    params = run.params
    election = _election(params)
    facilities = area_facilities(user=run.user, election=election, code=params["area"] or None)
    if not facilities:
        raise kinds.JobFailed(NO_FACILITIES)
    source = selectors.dpt_source(election=election, facilities=facilities, area=True)
    run.set_total(source.count())
    result = exports.dpt_export(source, masked=params["masked"], today=timezone.localdate(),
                                area_label=params["label"], progress=run.progress)
    return kinds.Output(stream=result.stream, filename=result.filename, rows=result.total, log=lambda: exports.record(
        result, election=election, facilities=facilities, user=run.user))


def run_area_recap(run: kinds.Run) -> kinds.Output:
    """Counts only, no personal data: not logged, as the direct recap download is not."""
    params = run.params
    election = _election(params)
    code = params["area"] or None
    board = selectors.dashboard(user=run.user, election=election, area=code)
    run.set_total(len(board.facilities))
    today = timezone.localdate()
    stream = exports.recap_workbook(board, area=params["label"], today=today)
    return kinds.Output(stream=stream, filename=f"rekap-{election.slug}-{code or 'wilayah'}-{today:%Y%m%d}.xlsx",
                        rows=len(board.facilities))


AREA_DPT = kinds.register("registration.area_dpt", label=gettext_lazy("DPT wilayah"), run=run_area_dpt)
AREA_RECAP = kinds.register("registration.area_recap", label=gettext_lazy("Rekap wilayah"), run=run_area_recap)
