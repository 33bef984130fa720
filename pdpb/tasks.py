"""An area's PDPB recap, made by the task worker (jobs app) when the area has more than one facility;
written and logged exactly as the direct download (pdpb.exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs import kinds
from pdpb import exports, selectors
from pdpb.quarters import Quarter

NO_FACILITIES = gettext_lazy("Tidak ada Lapas/Rutan di wilayah ini.")


def params(*, quarter: Quarter, code: str | None, label: str) -> dict:
    return {"year": quarter.year, "quarter": quarter.number, "area": code or "", "label": label}


def label(*, quarter: Quarter, label: str) -> str:
    return _("Rekap PDPB %(period)s wilayah %(area)s") % {"period": quarter.label, "area": label}


def run_area_recap(run: kinds.Run) -> kinds.Output:
    quarter = Quarter(run.params["year"], run.params["quarter"])
    facilities = selectors.facilities_for(user=run.user, code=run.params["area"] or None)
    if not facilities:
        raise kinds.JobFailed(NO_FACILITIES)
    run.set_total(len(facilities))
    today = timezone.localdate()
    lines = selectors.compute(facilities=facilities, quarter=quarter, today=today)
    filename = f"pdpb-{quarter.slug}-{run.params['area'] or 'wilayah'}-{today:%Y%m%d}.xlsx"
    stream = exports.recap_workbook(lines, quarter=quarter, area=run.params["label"], today=today)
    return kinds.Output(stream=stream, filename=filename, rows=len(lines),
                        log=lambda: exports.record(lines, filename=filename, user=run.user))


AREA_RECAP = kinds.register("pdpb.area_recap", label=gettext_lazy("Rekap PDPB wilayah"), run=run_area_recap)
