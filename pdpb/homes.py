"""Each WBP voter belongs in the DPB of their home kab/kota (KTP-el address), not the prison's: per home
kab/kota, the voters held in the requesting user's area this quarter, with what that KPU must do."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inmates.models import Facility
from pdpb.models import Reason
from pdpb.quarters import Quarter
from pdpb.selectors import FacilityPeriod, Voter
from regions.reference import region_names
from tps_khusus import xlsx
from tps_khusus.xlsx import Column, Sheet

ADD = gettext_lazy("tambah")
MARK_DEAD = gettext_lazy("tandai TMS (meninggal)")
CORRECT = gettext_lazy("perbaiki")
NOTE = gettext_lazy("catatan")
NEW_VOTER = {Reason.TURNED_17, Reason.MARRIED, Reason.NIK, Reason.TMS_LIFTED}


@dataclass(frozen=True)
class HomeItem:
    facility: Facility
    voter: Voter
    action: str
    detail: str


@dataclass
class HomeGroup:
    code: str
    name: str
    items: list[HomeItem]


def by_home(lines: Sequence[FacilityPeriod]) -> list[HomeGroup]:
    groups: dict[str, list[HomeItem]] = defaultdict(list)
    for line in lines:
        new = {m.voter.stay_id: m for m in line.added if m.reason in NEW_VOTER}
        fixed = {m.voter.stay_id: m for m in line.corrected}
        for voter in line.end:
            held = _("ditahan di %(facility)s") % {"facility": line.facility.name}
            if voter.stay_id in new:
                item = HomeItem(line.facility, voter, str(ADD), f"{new[voter.stay_id].reason_label}; {held}")
            elif voter.stay_id in fixed:
                item = HomeItem(line.facility, voter, str(CORRECT), f"{fixed[voter.stay_id].detail}; {held}")
            else:
                item = HomeItem(line.facility, voter, str(NOTE), held)
            groups[voter.home_region_code[:5]].append(item)
        for mutation in line.removed:
            if mutation.reason == Reason.DIED:
                groups[mutation.voter.home_region_code[:5]].append(HomeItem(
                    line.facility, mutation.voter, str(MARK_DEAD),
                    _("meninggal di %(facility)s") % {"facility": line.facility.name}))
            elif mutation.reason == Reason.RELEASED:
                groups[mutation.voter.home_region_code[:5]].append(HomeItem(
                    line.facility, mutation.voter, str(NOTE),
                    _("bebas dari %(facility)s: memilih di alamat KTP-el") % {"facility": line.facility.name}))
    result = []
    for code, items in groups.items():
        if not code:
            continue
        names = region_names(code)
        result.append(HomeGroup(code, names.kabkota or code, sorted(items, key=lambda i: (i.voter.full_name, i.voter.stay_id))))
    return sorted(result, key=lambda g: g.code)


def workbook(groups: Sequence[HomeGroup], *, quarter: Quarter, area: str, today: date):
    rows = [(group, item) for group in groups for item in group.items]
    return xlsx.write([Sheet("ASAL", [
        Column(_("KAB/KOTA ASAL"), lambda r: r[0].name, 22), Column(_("TINDAKAN"), lambda r: r[1].action, 18),
        Column(_("KETERANGAN"), lambda r: r[1].detail, 36), Column("NIK", lambda r: r[1].voter.nik, 18, text=True),
        Column(_("NAMA"), lambda r: r[1].voter.full_name, 28),
        Column(_("TANGGAL LAHIR"), lambda r: r[1].voter.birth_date, 12, is_date=True),
        Column(_("ALAMAT"), lambda r: r[1].voter.address, 30),
        Column(_("KODE DESA"), lambda r: r[1].voter.home_region_code, 16, text=True),
        Column(_("LAPAS/RUTAN"), lambda r: r[1].facility.name, 28),
    ], rows, title=_("PEMILIH WBP MENURUT KAB/KOTA ASAL (KTP-EL)"),
        block=[(_("PERIODE"), quarter.label), (_("WILAYAH"), area), (_("DICETAK"), today)])])
