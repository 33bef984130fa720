"""The lists behind the pages: elections and facilities a user may see, and the voter list of a
facility. Each takes the user and starts from accounts.access.scope."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.access import area_of, scope
from inmates.models import Facility
from registration import rules
from registration.models import Election, Registration
from tps_khusus.numbers import as_id


def elections_for(*, user) -> list[Election]:
    """Elections that concern the user's area: all for admins, those covering the facility for
    staff, those overlapping the kab/kota or province for KPU, none without a role."""
    area = area_of(user)
    elections = list(Election.objects.select_related("region"))
    if area.is_admin:
        return elections
    if area.is_kpu:
        return [e for e in elections if e.overlaps(area.region_code)]
    if area.is_staff:
        facility = Facility.objects.filter(pk=area.facility_id).only("location").first()
        return [e for e in elections if facility is not None and e.covers(facility)]
    return []


def facilities_in(*, user, election: Election) -> QuerySet[Facility]:
    """The user's facilities inside the election's region (all of them for a national election)."""
    facilities = scope(user, Facility.objects.select_related("location__parent__parent"))
    if election.region_id:
        facilities = facilities.filter(location__code__startswith=f"{election.region_id}.")
    return facilities


def registrations(*, user, election: Election) -> QuerySet[Registration]:
    """The one scoped base queryset behind the voter list page, the dashboard's counts and the
    diff's "now" (selectors.versions.current_rows)."""
    return scope(user, Registration.objects.filter(election=election))


LEAVING = "keluar"  # the reason filter for any of rules.LEAVING_CODES (released, transferred, died)


@dataclass
class VoterFilters:
    """The voter list page's filters; every count on the dashboards has its own (board.VOTER_FILTERS)."""

    status: str = rules.MS  # "" for everyone considered
    list_type: str = ""
    tps: str = ""  # a TPS number, "tanpa" (or the older "none") for unallocated, "" for all
    reason: str = ""  # a reason code, or LEAVING
    query: str = ""
    sex: str = ""  # "L" or "P"
    disability: str = ""  # a code, "ada" for any, "" for all
    contest: str = ""  # a contest code: voters entitled to its ballot
    without_form: bool = False  # DPTb voters without their Model A form


UNALLOCATED = ("tanpa", "none")  # what the TPS filter takes for "no TPS yet"; "none" from links made before


def voter_list(*, user, election: Election, facility: Facility, filters: VoterFilters) -> QuerySet[Registration]:
    """A facility's registrations narrowed by the page's filters, in TPS and register order."""
    voters = registrations(user=user, election=election).filter(facility=facility)
    if filters.status:
        voters = voters.filter(status=filters.status)
    if filters.list_type:
        voters = voters.filter(list_type=filters.list_type)
    if filters.tps.lower() in UNALLOCATED:
        voters = voters.filter(tps__isnull=True)
    elif as_id(filters.tps) is not None:
        voters = voters.filter(tps__number=as_id(filters.tps))
    if filters.reason == LEAVING:
        condition = Q(pk__in=[])
        for code in rules.LEAVING_CODES:
            condition |= Q(reasons__contains=f",{code},")
        voters = voters.filter(condition)
    elif filters.reason:
        voters = voters.filter(reasons__contains=f",{filters.reason},")
    if filters.sex:
        voters = voters.filter(sex=filters.sex)
    if filters.disability == "ada":
        voters = voters.filter(disability__gt=0)
    elif as_id(filters.disability) is not None:
        voters = voters.filter(disability=int(filters.disability))
    if filters.contest:
        voters = voters.filter(ballots__contains=f",{filters.contest},")
    if filters.without_form:
        voters = voters.filter(pindah_form_number="")
    if filters.query.strip():
        text = filters.query.strip()
        voters = voters.filter(Q(inmate__full_name__icontains=text) | Q(inmate__nik__startswith=text)
                               | Q(inmate__register_number__icontains=text))
    return voters.select_related("inmate", "tps").order_by(
        "tps__number", "inmate__register_number", "inmate_id")
