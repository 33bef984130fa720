"""Writes of voter registration: refresh from the registry, setting up TPS and allocating seats, locking
list versions, and the review between facility and KPU. Each runs in one transaction."""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inmates.models import Facility, Inmate
from regions import reference
from regions.models import Dapil, Region
from registration import people, presets, rules
from registration.models import (
    Contest,
    Election,
    ListEntry,
    ListReview,
    ListVersion,
    Registration,
    Tps,
    pack,
)
from registration.selectors import latest_review, snapshot_entries, tps_needs
from tps_khusus.bulk import insert_values
from tps_khusus.dates import long_date

TPS_FULL = _("TPS %(number)03d sudah penuh (%(allocated)s dari %(capacity)s pemilih).")
TPS_NUMBER_TAKEN = _("Nomor TPS %(number)03d sudah dipakai di Lapas/Rutan ini untuk pemilu ini.")
CAPACITY_REASON_REQUIRED = _("Tuliskan alasan bila kapasitas berbeda dari batas %(max)s pemilih per TPS.")
CAPACITY_BELOW_ALLOCATED = _("Kapasitas tidak boleh lebih kecil dari pemilih yang sudah dialokasikan (%(allocated)s).")
NOT_A_VOTER = _("Hanya pemilih yang memenuhi syarat (MS) yang dapat ditempatkan di TPS.")
ELECTION_CLOSED = _("Pemilu ini sudah selesai; daftarnya tidak dihitung ulang lagi.")
NOT_IN_ELECTION_AREA = _("Lapas/Rutan ini berada di luar wilayah pemilu ini.")
ALREADY_SUBMITTED = _("Daftar sudah diajukan dan sedang ditinjau KPU.")
NOTHING_TO_RETURN = _("Tidak ada pengajuan yang menunggu tinjauan.")
RETURN_NOTE_REQUIRED = _("Tuliskan apa yang perlu diperbaiki.")
TPS_HAS_VOTERS = _("TPS %(number)03d masih berisi %(count)s pemilih; pindahkan dulu pemilihnya.")


# Refresh ---------------------------------------------------------------------------------------

@dataclass
class RefreshReport:
    created: int = 0
    became_voter: list[str] = field(default_factory=list)
    left_list: list[tuple[str, str]] = field(default_factory=list)  # (name, reasons)
    reasons_changed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.became_voter or self.left_list or self.reasons_changed)

    def describe(self, election: Election, facility: Facility, limit: int = 5) -> str:
        """One sentence for the officer: the counts, then who joined or left (the first few)."""
        parts = [str(_("Daftar pemilih %(election)s di %(facility)s diperbarui: %(summary)s") % {
            "election": election.name, "facility": facility.name, "summary": self.summary()})]
        if self.became_voter:
            parts.append(str(_("Masuk daftar: %(names)s.") % {"names": ", ".join(self.became_voter[:limit])}))
        if self.left_list:
            parts.append(str(_("Keluar daftar: %(names)s.") % {
                "names": "; ".join(f"{name} ({why})" for name, why in self.left_list[:limit])}))
        return " ".join(parts)

    def summary(self) -> str:
        return str(_("%(created)s baru, %(joined)s masuk daftar, %(left)s keluar daftar, %(changed)s berubah alasan.") % {
            "created": self.created, "joined": len(self.became_voter), "left": len(self.left_list),
            "changed": len(self.reasons_changed)})


def _candidates(election: Election, facility: Facility):
    """Stays at the facility that matter for this election: admitted by voting day and not gone
    (or due out) before the data period began. People who left during it stay on as TMS, so the
    lists say why they are no longer there."""
    start = election.effective_data_start
    return people.stays(
        Inmate.objects.filter(facility=facility, admitted_on__lte=election.voting_day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .filter(Q(expected_release__isnull=True) | Q(expected_release__gte=start)),
        also=COPIED_FIELDS,
    )


def ballots_for(contests: Iterable[Contest], home_code: str, tps_code: str, *,
                edition: str | None = None) -> tuple[list[str], list[str]]:
    """(entitled contest codes, undecidable contest codes) for a voter at a TPS, dapil scopes read
    from the dapil edition `edition` (the election's Election.dapil_edition_id; None: the default)."""
    entitled, unknown = [], []
    for contest in contests:
        answer = rules.entitled(contest.scope, home_code, tps_code, edition=edition)
        if answer is None:
            unknown.append(contest.code)
        elif answer:
            entitled.append(contest.code)
    return entitled, unknown


# The inmate's fields a registration keeps a copy of, for counting and filtering without a join.
COPIED_FIELDS = ["sex", "disability"]
REFRESHED_FIELDS = ["status", "reasons", "list_type", "ballots", "ballots_unknown", "tps", *COPIED_FIELDS]
UPDATE_BATCH = 900
NEW_ROW_COLUMNS = ["election_id", "inmate_id", "facility_id", "status", "reasons", "list_type", "marked_dpk", "tps_id",
                   "ballots", "ballots_unknown", "pindah_form_number", "pindah_form_date", "sex", "disability",
                   "created_at", "updated_at"]


@transaction.atomic
def registration_refresh(*, election: Election, facility: Facility, stays: Collection[int] | None = None) -> RefreshReport:
    """Recompute eligibility, list type and ballots of every candidate at this facility, or only of
    `stays` (ids of stays at it) when nothing else changed: one officer's edit costs the same at a
    Rutan of 100 and a Lapas of 6,000 (a stay's standing reads its own fields, its transfer's other
    stay and other facilities' stays with its NIK, never another stay of the same facility). Each
    registration also gets a copy of its stay's sex and disability (COPIED_FIELDS).

    Idempotent: a second run changes nothing. TPS seats of people who stop being MS are freed;
    everyone else keeps their TPS.
    """
    if election.status == Election.Status.CLOSED:
        raise ValidationError(ELECTION_CLOSED)
    if not election.covers(facility):
        raise ValidationError(NOT_IN_ELECTION_AREA)
    report = RefreshReport()
    # The facility row first, as the import takes it, then the TPS: a refresh waits for a running import
    # and reads the register after it, never a mix of the old register and the import's new rows.
    Facility.objects.select_for_update(no_key=True).filter(pk=facility.pk).first()
    _lock_tps(election, facility)
    candidates = _candidates(election, facility)
    rows = Registration.objects.select_for_update(of=("self",)).filter(election=election, facility=facility)
    if stays is not None:
        candidates, rows = candidates.filter(pk__in=stays), rows.filter(inmate_id__in=stays)
    inmates = list(candidates)
    candidate_ids = {inmate.pk for inmate in inmates}
    existing = {r.inmate_id: r for r in rows.only(*REFRESHED_FIELDS, "inmate_id", "marked_dpk").order_by("pk")}
    elsewhere = people.same_nik_elsewhere(stays=inmates, facility=facility, start=election.voting_day,
                                          end=election.voting_day)
    contests = list(election.contests.all())
    tps_code = facility.location_id

    to_create, freed = [], {}
    to_update: dict[tuple, list[int]] = {}  # new values (and whether the TPS is freed) -> registrations
    ballots_by_home: dict[str, tuple[str, str]] = {}  # many share a home desa: compute each once
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    for inmate in inmates:
        registration = existing.get(inmate.pk)
        result = rules.standing(
            people.person_of(inmate, elsewhere=elsewhere), voting_day=election.voting_day, region=election.region_id,
            dpt_day=election.dpt_determined_on, pindah_deadline=election.detainee_pindah_deadline,
            marked_dpk=registration is not None and registration.marked_dpk)
        status, reasons, list_type = result.status, pack(result.codes), result.list_type
        ballots = unknown = ""
        if status == rules.MS:
            home = inmate.home_region_id
            if home not in ballots_by_home:
                entitled, undecided = ballots_for(contests, home, tps_code, edition=election.dapil_edition_id)
                ballots_by_home[home] = (pack(entitled), pack(undecided))
            ballots, unknown = ballots_by_home[home]
        if registration is None:
            to_create.append((election.pk, inmate.pk, facility.pk, status, reasons, list_type, False, None, ballots,
                              unknown, "", None, inmate.sex, inmate.disability, stamp, stamp))
            report.created += 1
            if status == rules.MS:
                report.became_voter.append(inmate.full_name)
            continue
        new = {"status": status, "reasons": reasons, "list_type": list_type, "ballots": ballots, "ballots_unknown": unknown,
               "sex": inmate.sex, "disability": inmate.disability}
        if all(getattr(registration, name) == value for name, value in new.items()):
            report.unchanged += 1
            continue
        if registration.status != status:
            if status == rules.MS:
                report.became_voter.append(inmate.full_name)
            elif registration.status == rules.MS:
                report.left_list.append((inmate.full_name, ", ".join(str(r.label) for r in result.reasons)))
        elif registration.reasons != reasons:
            report.reasons_changed.append((inmate.full_name, ", ".join(str(r.label) for r in result.reasons)))
        frees_seat = status != rules.MS and registration.tps_id is not None
        if frees_seat:
            freed[registration.tps_id] = freed.get(registration.tps_id, 0) + 1
        key = (status, reasons, list_type, ballots, unknown, inmate.sex, inmate.disability, frees_seat)
        to_update.setdefault(key, []).append(registration.pk)

    stale = [r for pk, r in existing.items() if pk not in candidate_ids]
    names = dict(Inmate.objects.filter(pk__in=[r.inmate_id for r in stale]).values_list("pk", "full_name")) if stale else {}
    for registration in stale:  # out of the election's data period altogether (e.g. a corrected date)
        if registration.status == rules.MS:
            report.left_list.append((names[registration.inmate_id], str(_("di luar masa pendataan"))))
        if registration.tps_id:
            freed[registration.tps_id] = freed.get(registration.tps_id, 0) + 1
    Registration.objects.filter(pk__in=[r.pk for r in stale]).delete()
    # A first refresh after a big import creates thousands of rows: plain multi-row inserts.
    insert_values(Registration, NEW_ROW_COLUMNS, to_create)
    # Changes come in few distinct kinds (a batch of verified NIK all become MS alike): one UPDATE
    # per kind is far cheaper than a per-row CASE for each field.
    for (status, reasons, list_type, ballots, unknown, sex, disability, frees_seat), ids in to_update.items():
        values = {"status": status, "reasons": reasons, "list_type": list_type, "ballots": ballots,
                  "ballots_unknown": unknown, "sex": sex, "disability": disability, "updated_at": now}
        if frees_seat:
            values["tps"] = None
        for start in range(0, len(ids), UPDATE_BATCH):
            Registration.objects.filter(pk__in=ids[start:start + UPDATE_BATCH]).update(**values)
    for tps_id, count in freed.items():
        Tps.objects.filter(pk=tps_id).update(allocated=F("allocated") - count)
    return report


def election_refresh(*, election: Election, facilities=None) -> list[tuple[Facility, RefreshReport]]:
    """Refresh every facility the election covers (or the given ones), e.g. after the election or
    its ballots were set up or changed."""
    chosen = facilities if facilities is not None else Facility.objects.order_by("name")
    return [(facility, registration_refresh(election=election, facility=facility))
            for facility in chosen if election.covers(facility)]


def open_elections_for(facility: Facility):
    return [e for e in Election.objects.exclude(status=Election.Status.CLOSED) if e.covers(facility)]


def refresh_after_registry_change(sender, facility_ids: set[int], stay_ids: set[int] | None = None,
                                  **kwargs) -> list[str]:
    """Keep every open election's lists in step with the registry (inmates.signals.registry_changed),
    only the changed stays' registrations when the registry names them, and say what changed so the
    officer sees the effect of their change on the voter lists."""
    said = []
    for facility in Facility.objects.filter(pk__in=facility_ids).order_by("name"):
        for election in open_elections_for(facility):
            report = registration_refresh(election=election, facility=facility, stays=stay_ids)
            if report.changed:
                said.append(report.describe(election, facility))
    return said


# TPS -------------------------------------------------------------------------------------------

@transaction.atomic
def tps_create(*, election: Election, facility: Facility, number: int | None = None, capacity: int | None = None,
               capacity_reason: str = "", user) -> Tps:
    if number is None:
        number = (Tps.objects.filter(election=election, facility=facility).aggregate(n=Max("number"))["n"] or 0) + 1
    elif Tps.objects.filter(election=election, facility=facility, number=number).exists():
        raise ValidationError({"number": TPS_NUMBER_TAKEN % {"number": number}})
    capacity = capacity or election.max_voters_per_tps
    if capacity != election.max_voters_per_tps and not capacity_reason.strip():
        raise ValidationError({"capacity_reason": CAPACITY_REASON_REQUIRED % {"max": election.max_voters_per_tps}})
    return Tps.objects.create(election=election, facility=facility, number=number, location_id=facility.location_id,
                              capacity=capacity, capacity_reason=capacity_reason.strip(), created_by=user)


@transaction.atomic
def tps_update_capacity(*, tps: Tps, capacity: int, capacity_reason: str) -> Tps:
    if capacity != tps.election.max_voters_per_tps and not capacity_reason.strip():
        raise ValidationError({"capacity_reason": CAPACITY_REASON_REQUIRED % {"max": tps.election.max_voters_per_tps}})
    updated = Tps.objects.filter(pk=tps.pk, allocated__lte=capacity).update(
        capacity=capacity, capacity_reason=capacity_reason.strip())
    tps.refresh_from_db()
    if not updated:
        raise ValidationError({"capacity": CAPACITY_BELOW_ALLOCATED % {"allocated": tps.allocated}})
    return tps


@transaction.atomic
def tps_delete(*, tps: Tps) -> None:
    count = Registration.objects.filter(tps=tps).count()
    if count:
        raise ValidationError(TPS_HAS_VOTERS % {"number": tps.number, "count": count})
    tps.delete()


def _take_seat(tps_id: int) -> bool:
    """Claim one seat; the conditional UPDATE (and the check constraint behind it) makes the
    database the referee even for a writer that did not take the TPS locks first."""
    return Tps.objects.filter(pk=tps_id, allocated__lt=F("capacity")).update(allocated=F("allocated") + 1) == 1


@dataclass
class AllocationReport:
    placed: int = 0
    unplaced: int = 0
    created_tps: int = 0


def _lock_tps(election: Election, facility: Facility) -> list[Tps]:
    """Lock the facility's TPS rows, always first and in number order, so every writer of seats
    (refresh, allocation, moves) queues here instead of deadlocking on registrations."""
    return list(Tps.objects.select_for_update().filter(election=election, facility=facility).order_by("number"))


@transaction.atomic
def allocate(*, election: Election, facility: Facility, create_missing: bool = False, user=None) -> AllocationReport:
    """Place every unallocated MS voter in the first TPS with room, in register-number order.

    People already placed stay where they are, so coming and going never reshuffles a list. A
    second allocation started at the same moment waits for the TPS locks, then finds nobody left.
    """
    report = AllocationReport()
    if create_missing and not Tps.objects.filter(election=election, facility=facility).exists():
        for _number in range(tps_needs(election=election, facility=facility).needed):
            tps_create(election=election, facility=facility, user=user)
            report.created_tps += 1
    seats = _lock_tps(election, facility)
    waiting = list(
        Registration.objects.filter(election=election, facility=facility, status=rules.MS, tps__isnull=True)
        .select_for_update(of=("self",)).only("pk", "tps_id").order_by("inmate__register_number", "inmate_id")
    )
    taken: dict[int, int] = {}
    placed = []
    index = 0
    now = timezone.now()
    for registration in waiting:
        while index < len(seats) and seats[index].allocated + taken.get(seats[index].pk, 0) >= seats[index].capacity:
            index += 1
        if index == len(seats):
            report.unplaced += 1
            continue
        taken[seats[index].pk] = taken.get(seats[index].pk, 0) + 1
        registration.tps_id = seats[index].pk
        registration.updated_at = now
        placed.append(registration)
    for tps_id, count in taken.items():  # the check constraint still referees the counter
        Tps.objects.filter(pk=tps_id).update(allocated=F("allocated") + count)
    Registration.objects.bulk_update(placed, ["tps", "updated_at"], batch_size=1000)
    report.placed = len(placed)
    return report


@transaction.atomic
def move_voter(*, registration: Registration, tps: Tps) -> Registration:
    """Move one voter to another TPS of the same facility and election."""
    _lock_tps(registration.election, registration.facility)
    current = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if current.status != rules.MS:
        raise ValidationError(NOT_A_VOTER)
    if current.tps_id == tps.pk:
        return current
    if not _take_seat(tps.pk):
        tps.refresh_from_db()
        raise ValidationError({"tps": TPS_FULL % {"number": tps.number, "allocated": tps.allocated, "capacity": tps.capacity}})
    if current.tps_id:
        Tps.objects.filter(pk=current.tps_id).update(allocated=F("allocated") - 1)
    Registration.objects.filter(pk=current.pk).update(tps=tps, updated_at=timezone.now())
    registration.tps = tps
    return registration


@transaction.atomic
def registration_update(*, registration: Registration, marked_dpk: bool | None = None,
                        pindah_form_number: str | None = None, pindah_form_date=None) -> Registration:
    """KPU marks a voter DPK; the A-form (pindah memilih) is recorded for a DPTb voter."""
    fields = []
    if marked_dpk is not None and marked_dpk != registration.marked_dpk:
        registration.marked_dpk = marked_dpk
        fields.append("marked_dpk")
    if pindah_form_number is not None:
        registration.pindah_form_number = pindah_form_number.strip()
        registration.pindah_form_date = pindah_form_date
        fields += ["pindah_form_number", "pindah_form_date"]
    if fields:
        registration.save(update_fields=[*fields, "updated_at"])
    if "marked_dpk" in fields:  # only the DPK mark changes the list type; the A-form is a record
        registration_refresh(election=registration.election, facility=registration.facility)
        registration.refresh_from_db()
    return registration


# Locked versions and review --------------------------------------------------------------------

def lock_label(*, kind: str, label: str = "") -> str:
    """The label a version gets: the officer's, or its kind and today's date ("DPT 02-12-2026")."""
    return label.strip() or f"{ListVersion.Kind(kind).label} {long_date(timezone.localdate())}"


@transaction.atomic
def list_lock(*, election: Election, facility: Facility, kind: str, label: str = "", note: str = "", user) -> ListVersion:
    """Freeze who is on the facility's list now, with TPS, list type and ballots, as a numbered version: a
    snapshot for review and publication. It decides nobody's list type (the election's dates do,
    rules.list_type); versions locked before keep what they copied."""
    registration_refresh(election=election, facility=facility)
    entries = snapshot_entries(election=election, facility=facility)
    # Serialise numbering per facility and election: the unique constraint settles any race.
    number = (ListVersion.objects.filter(election=election, facility=facility).aggregate(n=Max("number"))["n"] or 0) + 1
    label = lock_label(kind=kind, label=label)
    version = ListVersion.objects.create(election=election, facility=facility, number=number, kind=kind, label=label,
                                         note=note, entry_count=len(entries), locked_by=user)
    for entry in entries:
        entry.version = version
    ListEntry.objects.bulk_create(entries, batch_size=1000)
    ListReview.objects.create(election=election, facility=facility, status=ListReview.Status.LOCKED,
                              version=version, note=note, by=user)
    return version


@transaction.atomic
def list_submit(*, election: Election, facility: Facility, note: str = "", user) -> ListReview:
    """Facility staff hand their list to KPU for review ("ajukan ke KPU")."""
    latest = latest_review(election=election, facility=facility)
    if latest is not None and latest.status == ListReview.Status.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED)
    registration_refresh(election=election, facility=facility)
    return ListReview.objects.create(election=election, facility=facility, status=ListReview.Status.SUBMITTED,
                                     note=note, by=user)


@transaction.atomic
def list_return(*, election: Election, facility: Facility, note: str, user) -> ListReview:
    """KPU sends the list back with what must be fixed."""
    latest = latest_review(election=election, facility=facility)
    if latest is None or latest.status != ListReview.Status.SUBMITTED:
        raise ValidationError(NOTHING_TO_RETURN)
    if not note.strip():
        raise ValidationError({"note": RETURN_NOTE_REQUIRED})
    return ListReview.objects.create(election=election, facility=facility, status=ListReview.Status.RETURNED,
                                     note=note.strip(), by=user)


# Elections from templates ----------------------------------------------------------------------

UNKNOWN_TEMPLATE = _("Templat %(name)s tidak dikenal. Pilihan: %(names)s.")
NAME_REQUIRED = _("Nama pemilu wajib diisi.")
SLUG_INVALID = _("Kode hanya boleh berisi huruf kecil, angka dan tanda hubung, paling panjang 40 karakter.")
SLUG_TAKEN = _("Kode %(slug)s sudah dipakai pemilu lain.")
SLUG_RESERVED = _("Kode %(slug)s dipakai alamat halaman aplikasi; pilih kode lain.")
REGION_UNKNOWN = _("Wilayah %(code)s tidak dikenal.")
REGION_REQUIRED = _("Templat %(template)s memerlukan wilayah: %(levels)s.")
REGION_NOT_ALLOWED = _("Templat %(template)s berlaku di seluruh Indonesia; kosongkan wilayah.")
REGION_WRONG_LEVEL = _("Wilayah untuk templat %(template)s: %(levels)s; %(code)s %(name)s adalah %(level)s.")
DAPIL_EDITION_UNKNOWN = _("Edisi dapil %(code)s tidak ada. Edisi yang ada: %(codes)s.")
DAPIL_EDITION_MISSING = _("Belum ada edisi dapil. Muat peta dapil dulu (manage.py load_regions atau halaman Dapil).")
DAPIL_KIND_MISSING = _("Edisi dapil %(code)s tidak memuat dapil %(kind)s yang dipakai surat suara %(contest)s.")
MAX_VOTERS_POSITIVE = _("Pemilih maksimal per TPS harus lebih dari 0.")
RESERVE_RANGE = _("Surat suara cadangan harus antara 0 dan 99,99 persen.")
# /pemilu/baru/ is the election page (registration/urls.py): an election there would be unreachable.
RESERVED_SLUGS = frozenset({"baru"})
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class PlannedDate:
    key: str
    label: str
    day: date
    counted: bool  # left empty: counted back from voting day


@dataclass
class ElectionPlan:
    """An election as it would be saved (not saved yet): its contests, calendar and facilities."""

    template: presets.Template
    election: Election
    contests: list[Contest]
    calendar: list[PlannedDate]
    facilities: list[Facility]


def election_plan(*, template: str, slug: str, name: str, voting_day: date, region: str | None = None,
                  dapil_edition: str | None = None, voting_day_simulated: bool = False,
                  dpt_determined_on: date | None = None, data_start: date | None = None,
                  data_cutoff: date | None = None, transfer_freeze: date | None = None,
                  pindah_general_days: int | None = None, pindah_detainee_days: int | None = None,
                  max_voters_per_tps: int | None = None, reserve_percent: Decimal | None = None) -> ElectionPlan:
    """Check an election made from a template and show what it would be, saving nothing.

    `region` is a province or kab/kota code (dotted or not) as the template allows; `dapil_edition`
    a dapil edition code (None: the default edition). Dates left empty are counted back from voting
    day. ValidationError, keyed by field, with every problem found."""
    chosen = presets.template(template)
    if chosen is None:
        raise ValidationError({"template": UNKNOWN_TEMPLATE % {"name": template, "names": ", ".join(presets.TEMPLATES)}})
    errors: dict[str, list[str]] = {}

    def fail(field: str, message) -> None:
        errors.setdefault(field, []).append(str(message))

    slug, name = (slug or "").strip(), (name or "").strip()
    if not name:
        fail("name", NAME_REQUIRED)
    if not SLUG_PATTERN.match(slug) or len(slug) > 40:
        fail("slug", SLUG_INVALID)
    elif slug in RESERVED_SLUGS:
        fail("slug", SLUG_RESERVED % {"slug": slug})
    elif Election.objects.filter(slug=slug).exists():
        fail("slug", SLUG_TAKEN % {"slug": slug})

    region_code = reference.dotted(region.strip()) if region and region.strip() else None
    if region_code is None:
        if chosen.region_required:
            fail("region", REGION_REQUIRED % {"template": chosen.label,
                                              "levels": presets.levels_text(chosen.region_levels)})
    elif chosen.region_levels == (None,):
        fail("region", REGION_NOT_ALLOWED % {"template": chosen.label})
    else:
        place = Region.objects.filter(code=region_code).only("code", "name", "level").first()
        if place is None:
            fail("region", REGION_UNKNOWN % {"code": region_code})
        elif place.level not in chosen.region_levels:
            fail("region", REGION_WRONG_LEVEL % {
                "template": chosen.label, "levels": presets.levels_text(chosen.region_levels), "code": place.code,
                "name": place.name, "level": place.get_level_display().lower()})

    presets_here = chosen.contests_for(region_code)
    edition = (dapil_edition or "").strip() or reference.default_dapil_edition()
    held = reference.dapil_editions()
    if edition is not None and edition not in held:
        fail("dapil_edition", DAPIL_EDITION_UNKNOWN % {"code": edition, "codes": ", ".join(held) or "-"})
    elif edition is None and any(c.scope in rules.DAPIL_SCOPES for c in presets_here):
        fail("dapil_edition", DAPIL_EDITION_MISSING)
    elif edition is not None:
        for preset in presets_here:
            if preset.scope in rules.DAPIL_SCOPES and not reference.dapil_index(preset.scope, edition=edition):
                fail("dapil_edition", DAPIL_KIND_MISSING % {
                    "code": edition, "kind": Dapil.Kind(preset.scope).label, "contest": preset.code})

    if max_voters_per_tps is not None and max_voters_per_tps < 1:
        fail("max_voters_per_tps", MAX_VOTERS_POSITIVE)
    if reserve_percent is not None and not Decimal(0) <= reserve_percent < Decimal(100):
        fail("reserve_percent", RESERVE_RANGE)
    optional = {"pindah_general_days": pindah_general_days, "pindah_detainee_days": pindah_detainee_days,
                "max_voters_per_tps": max_voters_per_tps, "reserve_percent": reserve_percent}
    election = Election(
        name=name, slug=slug, kind=chosen.kind, voting_day=voting_day, voting_day_simulated=voting_day_simulated,
        region_id=region_code if "region" not in errors else None,
        dapil_edition_id=edition if "dapil_edition" not in errors else None,
        dpt_determined_on=dpt_determined_on, data_start=data_start, data_cutoff=data_cutoff,
        transfer_freeze=transfer_freeze, **{key: value for key, value in optional.items() if value is not None})
    try:
        election.full_clean(exclude=["slug", "region", "dapil_edition", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                fail(field, message)
    if errors:
        raise ValidationError(errors)
    contests = [Contest(code=c.code, short_name=c.short_name, name=str(c.name), scope=c.scope, order=order)
                for order, c in enumerate(presets_here, start=1)]
    entered = {"data_start": data_start, "data_cutoff": data_cutoff, "transfer_freeze": transfer_freeze}
    calendar = [PlannedDate(d.key, str(d.label), d.day, d.key in entered and entered[d.key] is None)
                for d in election.deadlines()]
    facilities = [f for f in Facility.objects.select_related("location").order_by("name") if election.covers(f)]
    return ElectionPlan(template=chosen, election=election, contests=contests, calendar=calendar,
                        facilities=facilities)


@transaction.atomic
def election_create(**fields) -> Election:
    """Create an election from a template (fields: as election_plan), with its contests, and
    compute the voter lists of every facility it covers. All or nothing."""
    plan = election_plan(**fields)
    election = plan.election
    election.save()
    for contest in plan.contests:
        contest.election = election
    Contest.objects.bulk_create(plan.contests)
    election_refresh(election=election, facilities=plan.facilities)
    return election
