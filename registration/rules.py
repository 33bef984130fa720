"""Rules of election law, as pure functions over plain values. Each rule names its source.

Nothing here touches the database: services feed plain data in and store what comes out, so
every rule can be tested on its own (tests/registration/test_rules.py). `eligibility(person, day)`
answers for any day (an election's voting day, a PDPB quarter's first or last day); `standing(...)`
adds an election's region and dates (DPT, DPTb, too late). Readings marked unconfirmed are listed in
docs/unconfirmed.md and kept as settings, data or one constant; docs/rules.md lists every rule with
its source.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from inmates import custody
from inmates.models import REVOKES_VOTE, Citizenship, CustodyState, MaritalStatus, NikStatus, TniPolriStatus
from regions import reference

# UU 7/2017 Pasal 350(1) allows up to 500; KPU set 300 for Pemilu 2024 (Pilkada 2024: 600).
# Stored per election (Election.max_voters_per_tps) with a per-TPS override.
DEFAULT_MAX_VOTERS_PER_TPS = 300
# UU 7/2017 Pasal 344(2): a TPS gets as many ballots as its DPT and DPTb voters, plus 2% of its DPT as a
# reserve, per ballot type (KPU 2024: counted per TPS, never nationally). Rounding (unconfirmed, see
# docs/unconfirmed.md): math.ceil of the exact percentage, per TPS.
DEFAULT_RESERVE_PERCENT = Decimal("2")
# Pindah memilih deadlines: H-30 in general (UU 7/2017 Pasal 210(1)); H-7 for tahanan and others in
# special circumstances (MK 20/PUU-XVII/2019).
DEFAULT_PINDAH_GENERAL_DAYS = 30
DEFAULT_PINDAH_DETAINEE_DAYS = 7
# Prison-side cut-offs seen in DKI for 2024 (unconfirmed as a national rule): WBP data refreshed
# 20 Dec 2023 (H-56); transfers between facilities frozen from 22 Dec 2023 (H-54).
DEFAULT_DATA_CUTOFF_DAYS = 56
DEFAULT_TRANSFER_FREEZE_DAYS = 54
# Pemutakhiran data pemilih for 2024 began with the DPS in May 2023 (about H-270): people who left
# a facility before that are not part of the election's lists at all.
DEFAULT_DATA_START_DAYS = 270
# KPPS: 7 officers per TPS (UU 7/2017 Pasal 59(2)); Linmas: 2 per TPS (PKPU 3/2022 practice).
KPPS_PER_TPS = 7
LINMAS_PER_TPS = 2
# Voting age: 17 on voting day, or married / ever married (UU 7/2017 Pasal 198(1)).
VOTING_AGE = 17

MS, TMS, POTENTIAL = "ms", "tms", "potensial"


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    blocks: bool  # True: TMS; False: only keeps a potential voter off the list until fixed


# TMS codes follow the reasons used in list maintenance (domain notes "Who may vote").
LEFT = Reason("bebas", _("Bebas sebelum hari H (memilih di TPS asal)"), True)  # not held on voting day
TRANSFERRED = Reason("pindah", _("Pindah Lapas/Rutan sebelum hari H"), True)
DIED = Reason("meninggal", _("Meninggal"), True)
NOT_YET_ADMITTED = Reason("belum_masuk", _("Belum masuk Lapas/Rutan ini pada tanggal itu"), True)
NOT_CITIZEN = Reason("wna", _("Bukan WNI"), True)  # UU 7/2017 Pasal 198(1)
UNDERAGE = Reason("dibawah_umur", _("Belum 17 tahun dan belum pernah kawin"), True)  # Pasal 198(1)
TNI_POLRI = Reason("tni_polri", _("Anggota TNI/Polri aktif"), True)  # UU 7/2017 Pasal 200
REVOKED = Reason("hak_pilih_dicabut", _("Hak memilih dicabut putusan pengadilan"), True)  # Pasal 198(3)
DUPLICATE = Reason("ganda", _("Ganda: terdaftar di Lapas/Rutan lain"), True)  # Pasal 202: registered once
NO_NIK = Reason("tanpa_nik", _("Belum memiliki NIK (menunggu perekaman)"), False)  # MK 20/PUU-XVII/2019
NIK_UNVERIFIED = Reason("nik_belum_verifikasi", _("NIK belum diverifikasi"), False)
# A Pilkada (or any election with a region) is for the region's residents by their KTP-el address: UU 1/2015
# Pasal 56-57 (listed once, at the KTP-el address; lists made de jure, by the KTP-el) and KPU practice for the
# 2024 Pilkada (PKPU 17/2024: a voter moving within the province keeps only the governor's ballot). The exact
# article of PKPU 7/2024 on domicile is unconfirmed (docs/unconfirmed.md).
NOT_RESIDENT = Reason("bukan_penduduk", _("Bukan penduduk wilayah pemilihan"), True)
# Admitted after the detainees' pindah-memilih deadline (H-7, MK 20/PUU-XVII/2019): cannot be added to this
# TPS's lists; eligible otherwise, counted as TMS with this reason so the officer sees why (issue 11).
LATE_ADMISSION = Reason("masuk_setelah_batas",
                        _("Masuk setelah batas pindah memilih tahanan: tidak dapat ditambahkan di TPS ini"), True)

REASONS = {r.code: r for r in (LEFT, TRANSFERRED, DIED, NOT_YET_ADMITTED, NOT_CITIZEN, UNDERAGE, TNI_POLRI, REVOKED,
                               DUPLICATE, NOT_RESIDENT, LATE_ADMISSION, NO_NIK, NIK_UNVERIFIED)}
TMS_REASONS = [r for r in REASONS.values() if r.blocks]
POTENTIAL_REASONS = [r for r in REASONS.values() if not r.blocks]
LEAVING_CODES = (LEFT.code, TRANSFERRED.code, DIED.code)
EXIT_REASONS = {CustodyState.TRANSFERRED: TRANSFERRED, CustodyState.DEAD: DIED}


@dataclass(frozen=True)
class OtherStay:
    """Another stay with the same NIK at another facility (for "registered once", Pasal 202)."""

    stay_id: int
    facility: str  # its name, as the reason says it
    custody: custody.Summary


@dataclass(frozen=True)
class Person:
    """One WBP stay as the rules see it: the registry's raw values, nothing decided yet.

    Built from an Inmate by registration.people.person_of (refresh, PDPB); every rule below decides
    from these values for the day it is asked about, so one Person answers for any day.
    """

    citizenship: str
    birth_date: date
    marital_status: str
    nik: str | None
    nik_status: str
    custody: custody.Summary  # this stay's custody summary (inmates.custody)
    stay_id: int | None = None
    previous_stay_id: int | None = None
    next_stay_id: int | None = None
    next_custody: custody.Summary | None = None  # the stay a transfer opened at the destination
    tni_polri_status: str = TniPolriStatus.NONE
    tni_polri_since: date | None = None
    revoked_right: str = ""
    revoked_from: date | None = None
    revoked_until: date | None = None
    revocation_decision_date: date | None = None
    same_nik_elsewhere: tuple[OtherStay, ...] = ()
    home_region: str = ""


@dataclass(frozen=True)
class Eligibility:
    status: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def is_voter(self) -> bool:
        """Eligible, with a verified NIK: on a list (MS)."""
        return self.status == MS


def seventeenth_birthday_cutoff(voting_day: date) -> date:
    """Latest birth date of someone who is 17 on voting day.

    Someone born on 29 February turns a year older on 1 March in a common year, so for a voting
    day on 29 February the cutoff 17 years earlier (a common year) is 28 February.
    """
    year = voting_day.year - VOTING_AGE
    try:
        return voting_day.replace(year=year)
    except ValueError:  # 29 February -> common year
        return date(year, 2, 28)


def old_enough(birth_date: date, marital_status: str, voting_day: date) -> bool:
    """17 or older on voting day, or married / ever married (UU 7/2017 Pasal 198(1))."""
    return birth_date <= seventeenth_birthday_cutoff(voting_day) or marital_status in (
        MaritalStatus.MARRIED, MaritalStatus.WAS_MARRIED)


def tni_polri_active_on(status: str, since: date | None, day: date) -> bool:
    """Whether a member of the TNI or Polri is active on `day` (UU 7/2017 Pasal 200: active members do
    not vote; PKPU 7/2022 Pasal 4: a voter is not a serving soldier or police officer).

    A status takes effect on its date: an active member whose service began after `day` was not one
    yet; a purnawirawan or dismissed member whose retirement or dismissal takes effect after `day`
    was still active on it, and votes from that date on. A status without a date has always held.
    """
    if status == TniPolriStatus.ACTIVE:
        return since is None or since <= day
    if status in (TniPolriStatus.RETIRED, TniPolriStatus.DISMISSED):
        return since is not None and since > day
    return False


def vote_revoked_on(right: str, start: date | None, until: date | None, decision_date: date | None, day: date) -> bool:
    """Whether a court's revocation of the right to vote is in force on `day` (UU 7/2017 Pasal 198(3);
    KUHP Pasal 35(1) angka 3 and Pasal 38).

    Only hak memilih counts: a decision that revoked only hak dipilih leaves the right to vote. The
    period runs from `start` (the decision's date when empty: KUHP Pasal 38(2), in force when the
    decision can be carried out) to `until` inclusive (empty: no end).
    """
    if right not in REVOKES_VOTE:
        return False
    begins = start or decision_date
    return (begins is None or begins <= day) and (until is None or day <= until)


def _not_here(person: Person, day: date) -> Reason | None:
    """Why a stay is not at this facility on `day`, or None when it is (inmates.custody.held_on)."""
    summary = person.custody
    if person.next_custody is not None and person.next_custody.admitted_on is not None \
            and custody.held_on(person.next_custody, day):
        return TRANSFERRED  # a transfer on `day` counts at the destination
    if custody.held_on(summary, day):
        return None
    if summary.admitted_on is None or summary.admitted_on > day:
        return NOT_YET_ADMITTED
    if summary.left_on is not None and summary.left_on < day:
        return EXIT_REASONS.get(summary.state, LEFT)
    return LEFT  # due out (expected release) before `day`


def _registered_elsewhere(person: Person, day: date) -> str | None:
    """Registered once only (Pasal 202): of two stays with one NIK held on `day` at different facilities,
    outside one transfer chain, the later admission keeps the voter. The facility that does, or None."""
    chain = {person.previous_stay_id, person.next_stay_id}
    own = (person.custody.admitted_on, person.stay_id or 0)
    for other in person.same_nik_elsewhere:
        if other.stay_id in chain or not custody.held_on(other.custody, day):
            continue
        if (other.custody.admitted_on, other.stay_id) > own:
            return other.facility
    return None


def resident_of(home_region: str, region: str | None) -> bool:
    """Whether a KTP-el home (a desa or kecamatan code) lies in an election's region (a province or
    kab/kota code); every home is, in an election without a region (Pemilu)."""
    return not region or home_region == region or home_region.startswith(f"{region}.")


def eligibility(person: Person, day: date, *, region: str | None = None) -> Eligibility:
    """Is this WBP stay a voter here on `day`, and if not, why not: MS, TMS or potential voter, with
    every reason that applies. `day` is an election's voting day, or any other day (PDPB counts the
    voters at the start and end of a quarter: `eligibility(person, day).is_voter`). `region`, an
    election's region, makes non-residents TMS (`resident_of`)."""
    reasons: list[Reason] = []
    away = _not_here(person, day)
    if away is not None:
        reasons.append(away)  # not at this facility on that day: they vote at home (or elsewhere)
    if person.citizenship != Citizenship.WNI:
        reasons.append(NOT_CITIZEN)
    if not old_enough(person.birth_date, person.marital_status, day):
        reasons.append(UNDERAGE)
    if tni_polri_active_on(person.tni_polri_status, person.tni_polri_since, day):
        reasons.append(TNI_POLRI)
    if vote_revoked_on(person.revoked_right, person.revoked_from, person.revoked_until,
                       person.revocation_decision_date, day):
        reasons.append(REVOKED)
    if person.nik and away is None and _registered_elsewhere(person, day):
        reasons.append(DUPLICATE)
    if not resident_of(person.home_region, region):
        reasons.append(NOT_RESIDENT)
    if not person.nik:
        reasons.append(NO_NIK)
    elif person.nik_status != NikStatus.VERIFIED:
        reasons.append(NIK_UNVERIFIED)
    if any(r.blocks for r in reasons):
        return Eligibility(TMS, tuple(reasons))
    if reasons:
        return Eligibility(POTENTIAL, tuple(reasons))
    return Eligibility(MS)


DPT, DPTB, DPK = "dpt", "dptb", "dpk"


def list_type(*, admitted_on: date | None, dpt_day: date | None, pindah_deadline: date) -> str | None:
    """Which list an eligible WBP is on at this facility's TPS, by the election's dates, or None when
    they cannot be added to it (issue 11; domain notes "Lists").

    Held here on the day the DPT was determined (admitted on or before it): DPT. Admitted later, by the
    detainees' pindah-memilih deadline (H-7, MK 20/PUU-XVII/2019; UU 7/2017 Pasal 210 as construed):
    DPTb, with the Model A form. Admitted after the deadline: None (LATE_ADMISSION). Without a DPT date
    (not set yet) everyone is DPT. DPK is KPU's decision, not a date's.
    """
    if dpt_day is None or admitted_on is None or admitted_on <= dpt_day:
        return DPT
    if admitted_on <= pindah_deadline:
        return DPTB
    return None


@dataclass(frozen=True)
class Standing:
    """A stay's standing in one election: eligibility on voting day, and the list it is on."""

    status: str
    reasons: tuple[Reason, ...]
    list_type: str  # "" unless MS

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


def standing(person: Person, *, voting_day: date, region: str | None, dpt_day: date | None,
             pindah_deadline: date, marked_dpk: bool = False) -> Standing:
    """Eligibility on voting day among the election's region's residents, then the list by the
    election's dates: an eligible person admitted after the deadline is TMS LATE_ADMISSION (with any
    potential-voter reason kept); KPU's DPK mark makes an MS voter DPK."""
    result = eligibility(person, voting_day, region=region)
    if result.status == TMS:
        return Standing(TMS, result.reasons, "")
    kind = list_type(admitted_on=person.custody.admitted_on, dpt_day=dpt_day, pindah_deadline=pindah_deadline)
    if kind is None:
        return Standing(TMS, (LATE_ADMISSION, *result.reasons), "")
    if result.status == POTENTIAL:
        return Standing(POTENTIAL, result.reasons, "")
    return Standing(MS, (), DPK if marked_dpk else kind)


# Ballot scope (PKPU 7/2022 Pasal 116(4)): a voter away from home keeps a contest's ballot only
# while the TPS and the KTP-el address fall in the same unit of that contest's scope. Dapil scopes
# are read from the election's dapil edition (regions.reference; None: the default edition), so
# an election on a new map gives different ballots without a code change.
SCOPE_COUNTRY = "negara"
SCOPE_PROVINCE = "provinsi"
SCOPE_KABKOTA = "kabkota"
SCOPE_DAPIL_DPR = reference.DAPIL_DPR
SCOPE_DAPIL_DPRD_PROVINCE = reference.DAPIL_DPRD_PROVINCE
SCOPE_DAPIL_DPRD_KABKOTA = reference.DAPIL_DPRD_KABKOTA
DAPIL_SCOPES = {SCOPE_DAPIL_DPR, SCOPE_DAPIL_DPRD_PROVINCE, SCOPE_DAPIL_DPRD_KABKOTA}
# The unit that contains a dapil: if home and TPS differ there, they cannot share the dapil.
DAPIL_CONTAINER = {SCOPE_DAPIL_DPR: 2, SCOPE_DAPIL_DPRD_PROVINCE: 2, SCOPE_DAPIL_DPRD_KABKOTA: 5}


def unit_of(scope: str, region_code: str, *, edition: str | None = None) -> str | None:
    """The unit of a scope that a region (desa or kecamatan code) falls in; None when unknown.
    `edition` names the dapil edition for dapil scopes (None: the default edition)."""
    if scope == SCOPE_COUNTRY:
        return "ID"
    if scope == SCOPE_PROVINCE:
        return region_code[:2]
    if scope == SCOPE_KABKOTA:
        return region_code[:5]
    return reference.dapil_of(scope, region_code, edition=edition)


def entitled(scope: str, home_code: str, tps_code: str, *, edition: str | None = None) -> bool | None:
    """Whether a voter from `home_code` gets this contest's ballot at a TPS in `tps_code`, on the
    dapil edition `edition` (None: the default edition).

    None means it cannot be decided from the reference data (a desa in a split area or missing
    from the dapil map, in the same province/kab as the TPS): KPU must check it by hand.
    """
    tps_unit = unit_of(scope, tps_code, edition=edition)
    if tps_unit is None:
        if scope in DAPIL_SCOPES and tps_code[:5] in reference.dapil_kabkotas(scope, edition=edition):
            return None  # the TPS's own desa is missing from the map: undecidable, not absent
        return False  # the contest has no unit here (e.g. no DPRD Kab/Kota in DKI Jakarta)
    home_unit = unit_of(scope, home_code, edition=edition)
    if home_unit is not None:
        return home_unit == tps_unit
    container = DAPIL_CONTAINER.get(scope)
    if container and home_code[:container] != tps_code[:container]:
        return False
    return None


def pindah_form_late(*, list_type: str, has_form: bool, today: date, voting_day: date, detainee_days: int) -> bool:
    """A DPTb voter needs the Model A-Surat Pindah Memilih by H-7 (MK 20/PUU-XVII/2019)."""
    return list_type == "dptb" and not has_form and today > voting_day - timedelta(days=detainee_days)


def reserve(dpt_voters: int, percent: Decimal = DEFAULT_RESERVE_PERCENT) -> int:
    """Reserve ballots of one ballot type for a TPS: `percent` of its DPT voters entitled to that ballot,
    rounded up (UU 7/2017 Pasal 344(2); 300 -> 6, 250 -> 5, 1 -> 1, 0 -> 0). DPTb voters get a ballot
    each but add nothing to the reserve; DPK voters are served from it."""
    return math.ceil(Decimal(dpt_voters) * Decimal(percent) / 100)


def ballots_delivered(*, dpt: int, dptb: int, percent: Decimal = DEFAULT_RESERVE_PERCENT) -> int:
    """Ballots of one type a TPS receives: its DPT and DPTb voters plus the reserve (Pasal 344(2))."""
    return dpt + dptb + reserve(dpt, percent)


def tps_needed(voters: int, max_per_tps: int) -> int:
    return math.ceil(voters / max_per_tps) if voters else 0


class StaffNeeds:
    """KPPS and Linmas for the TPS that will open (mixed into TpsNeeds and the dashboard lines): every
    planned TPS has its own KPPS, and so does each further TPS the voters still call for."""

    needed: int
    planned_tps: int

    @property
    def staffed_tps(self) -> int:
        return max(self.needed, self.planned_tps)

    @property
    def kpps(self) -> int:
        return self.staffed_tps * KPPS_PER_TPS

    @property
    def linmas(self) -> int:
        return self.staffed_tps * LINMAS_PER_TPS


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    day: date


def deadlines(*, voting_day: date, data_cutoff: date | None, transfer_freeze: date | None,
              pindah_general_days: int, pindah_detainee_days: int) -> list[Deadline]:
    """The election's calendar counted back from voting day, in date order."""
    items = [
        Deadline("data_cutoff", _("Batas data WBP dan daftar WBP bebas sebelum hari H"),
                 data_cutoff or voting_day - timedelta(days=DEFAULT_DATA_CUTOFF_DAYS)),
        Deadline("transfer_freeze", _("Mulai larangan pemindahan antar-Lapas/Rutan"),
                 transfer_freeze or voting_day - timedelta(days=DEFAULT_TRANSFER_FREEZE_DAYS)),
        Deadline("pindah_general", _("Batas pindah memilih umum (H-%(days)s)") % {"days": pindah_general_days},
                 voting_day - timedelta(days=pindah_general_days)),
        Deadline("pindah_detainee", _("Batas pindah memilih tahanan/WBP (H-%(days)s)") % {"days": pindah_detainee_days},
                 voting_day - timedelta(days=pindah_detainee_days)),
        Deadline("voting_day", _("Hari pemungutan suara"), voting_day),
    ]
    return sorted(items, key=lambda d: d.day)
