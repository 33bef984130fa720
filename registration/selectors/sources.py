"""What a DPT workbook lists: the voters of some facilities now, or of one locked version, read in
one streaming query in sheet order (registration.exports writes them)."""

from dataclasses import dataclass, field

from django.db.models import Case, F, QuerySet, Value, When

from inmates.models import Facility
from registration import rules
from registration.models import Election, ListEntry, ListVersion, Registration, Tps

# The fields of each row: ListEntry's names (a locked version's copy of the voter), with the
# facility (facility_key) and the undecided ballots (unknown) annotated on either source.
DPT_FIELDS = ("facility_key", "tps_number", "nkk", "nik", "full_name", "birth_place", "birth_date", "marital_status",
              "sex", "address", "rt", "rw", "home_region_code", "disability", "ktp_el_recorded", "list_type", "ballots",
              "unknown")
# The current list reads them from the inmate: row field -> Inmate field. Sex and disability are the
# registration's own copies of its inmate's (Registration.sex, .disability), as the dashboard counts them.
INMATE_FIELDS = {name: name for name in (
    "nkk", "nik", "full_name", "birth_place", "birth_date", "marital_status", "address", "rt", "rw",
    "ktp_el_recorded")} | {"home_region_code": "home_region_id"}
EXPORT_CHUNK = 2000


@dataclass
class DptSource:
    """What a DPT workbook holds: the MS voters of some facilities (current list) or the entries
    of one locked version, optionally one TPS. `rows()` streams them in chunks, in sheet order
    (facility, TPS with the unplaced last, name), in one query however many there are."""

    election: Election
    facilities: list[Facility]
    version: ListVersion | None = None
    tps_number: int | None = None
    tps: dict[tuple[int, int], Tps] = field(default_factory=dict)  # (facility id, number) -> planned TPS
    area: bool = False  # an area's export: sheets are named after their facility too

    def queryset(self) -> QuerySet:
        if self.version is not None:
            rows = ListEntry.objects.filter(version=self.version).annotate(
                facility_key=Value(self.version.facility_id), unknown=F("ballots_unknown"))
        else:
            ids = [f.pk for f in self.facilities]
            # inmate__facility: the same rows (a stay never moves to another facility; a transfer opens a new
            # stay), and it lets PostgreSQL read only these facilities' inmates through their index instead
            # of every inmate in the country: a server-side cursor (rows()) gets no parallel workers.
            rows = Registration.objects.filter(
                election=self.election, facility__in=ids, inmate__facility__in=ids, status=rules.MS,
            ).annotate(
                facility_key=F("facility_id"), tps_number=F("tps__number"), unknown=F("ballots_unknown"),
                **{name: F(f"inmate__{source}") for name, source in INMATE_FIELDS.items()})
        if self.tps_number is not None:
            rows = rows.filter(tps_number=self.tps_number)
        order = [F("tps_number").asc(nulls_last=True), "full_name", "pk"]
        if len(self.facilities) > 1:  # sheets follow the facilities' order (by name)
            order.insert(0, Case(*[When(facility_key=f.pk, then=Value(index)) for index, f in enumerate(self.facilities)]))
        return rows.order_by(*order)

    def rows(self):
        return self.queryset().values_list(*DPT_FIELDS, named=True).iterator(chunk_size=EXPORT_CHUNK)

    def count(self) -> int:
        return self.queryset().count()

    def planned(self) -> list[tuple[int, int | None]]:
        """The sheets due whatever the rows: every planned TPS the export covers, even with no voter
        yet, and, when the export is not of one TPS, a sheet for each facility without TPS (its
        voters, if any, are not placed yet). A locked version has exactly the TPS it froze."""
        if self.version is not None:
            return []
        keys: list[tuple[int, int | None]] = [key for key in self.tps if self.tps_number in (None, key[1])]
        if self.tps_number is None:
            with_tps = {facility_id for facility_id, _number in self.tps}
            keys += [(f.pk, None) for f in self.facilities if f.pk not in with_tps]
        return keys


def dpt_source(*, election: Election, facilities: list[Facility], version: ListVersion | None = None,
               tps_number: int | None = None, area: bool = False) -> DptSource:
    """The voters a DPT export writes, facilities sorted by name; they come scoped from the caller
    (view or command). One query here, for the facilities' planned TPS."""
    facilities = sorted(facilities, key=lambda f: (f.name, f.pk))
    planned = Tps.objects.filter(election=election, facility__in=[f.pk for f in facilities]).select_related("location")
    tps = {(t.facility_id, t.number): t for t in planned.order_by("facility", "number")}
    return DptSource(election=election, facilities=facilities, version=version, tps_number=tps_number, tps=tps,
                     area=area)
