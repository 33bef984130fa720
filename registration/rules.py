"""Rules of election law, as pure functions over plain values. Each rule names its source.

Nothing here touches the database: services feed plain data in and store what comes out, so
every rule can be tested on its own (tests/registration/test_rules.py). Lines marked
(unconfirmed) are our best reading (see shared domain notes) and are kept as settings or
data where they may change.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from inmates.models import Citizenship, CustodyState, MaritalStatus
from regions import reference

# UU 7/2017 Pasal 350(1) allows up to 500; KPU set 300 for Pemilu 2024 (Pilkada 2024: 600).
# Stored per election (Election.max_voters_per_tps) with a per-TPS override.
DEFAULT_MAX_VOTERS_PER_TPS = 300
# PKPU 14/2023 (logistik): reserve ballots are 2% of the TPS's voters, rounded up, per ballot type.
# Rounding of edge cases (unconfirmed): math.ceil of the exact percentage.
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
NOT_CITIZEN = Reason("wna", _("Bukan WNI"), True)  # UU 7/2017 Pasal 198(1)
UNDERAGE = Reason("dibawah_umur", _("Belum 17 tahun dan belum pernah kawin"), True)  # Pasal 198(1)
TNI_POLRI = Reason("tni_polri", _("Anggota TNI/Polri"), True)  # UU 7/2017 Pasal 200
REVOKED = Reason("hak_pilih_dicabut", _("Hak pilih dicabut putusan pengadilan"), True)  # Pasal 198(3)
DUPLICATE = Reason("ganda", _("Ganda: terdaftar di Lapas/Rutan lain"), True)  # Pasal 202: registered once
NO_NIK = Reason("tanpa_nik", _("Belum memiliki NIK (menunggu perekaman)"), False)  # MK 20/PUU-XVII/2019
NIK_UNVERIFIED = Reason("nik_belum_verifikasi", _("NIK belum diverifikasi"), False)

REASONS = {r.code: r for r in (LEFT, TRANSFERRED, DIED, NOT_CITIZEN, UNDERAGE, TNI_POLRI, REVOKED, DUPLICATE,
                               NO_NIK, NIK_UNVERIFIED)}
LEAVING_CODES = (LEFT.code, TRANSFERRED.code, DIED.code)


@dataclass(frozen=True)
class Person:
    """What the rules need to know about one WBP stay, as plain values."""

    citizenship: str
    birth_date: date
    marital_status: str
    is_tni_polri: bool
    voting_rights_revoked: bool
    has_nik: bool
    nik_verified: bool
    held_on_voting_day: bool
    exit_kind: str | None = None  # the CustodyState a stay left in (released, transferred, dead) or None
    moved_on_by_voting_day: bool = False  # transferred and held at the destination on voting day
    registered_elsewhere: str | None = None  # facility that keeps this NIK on its list instead


@dataclass(frozen=True)
class Eligibility:
    status: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


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


def eligibility(person: Person, voting_day: date) -> Eligibility:
    """MS, TMS or potential voter, with every reason that applies."""
    reasons: list[Reason] = []
    if not person.held_on_voting_day or person.moved_on_by_voting_day:
        # Not at this facility on voting day: they vote at home (or at the next facility).
        reasons.append({CustodyState.TRANSFERRED: TRANSFERRED, CustodyState.DEAD: DIED}.get(person.exit_kind, LEFT))
    if person.citizenship != Citizenship.WNI:
        reasons.append(NOT_CITIZEN)
    if not old_enough(person.birth_date, person.marital_status, voting_day):
        reasons.append(UNDERAGE)
    if person.is_tni_polri:
        reasons.append(TNI_POLRI)
    if person.voting_rights_revoked:
        reasons.append(REVOKED)
    if person.registered_elsewhere:
        reasons.append(DUPLICATE)
    if not person.has_nik:
        reasons.append(NO_NIK)
    elif not person.nik_verified:
        reasons.append(NIK_UNVERIFIED)
    if any(r.blocks for r in reasons):
        return Eligibility(TMS, tuple(reasons))
    if reasons:
        return Eligibility(POTENTIAL, tuple(reasons))
    return Eligibility(MS)


# Ballot scope (PKPU 7/2022 Pasal 116(4)): a voter away from home keeps a contest's ballot only
# while the TPS and the KTP-el address fall in the same unit of that contest's scope.
SCOPE_COUNTRY = "negara"
SCOPE_PROVINCE = "provinsi"
SCOPE_KABKOTA = "kabkota"
SCOPE_DAPIL_DPR = reference.DAPIL_DPR
SCOPE_DAPIL_DPRD_PROVINCE = reference.DAPIL_DPRD_PROVINCE
SCOPE_DAPIL_DPRD_KABKOTA = reference.DAPIL_DPRD_KABKOTA
DAPIL_SCOPES = {SCOPE_DAPIL_DPR, SCOPE_DAPIL_DPRD_PROVINCE, SCOPE_DAPIL_DPRD_KABKOTA}
# The unit that contains a dapil: if home and TPS differ there, they cannot share the dapil.
DAPIL_CONTAINER = {SCOPE_DAPIL_DPR: 2, SCOPE_DAPIL_DPRD_PROVINCE: 2, SCOPE_DAPIL_DPRD_KABKOTA: 5}


def unit_of(scope: str, region_code: str) -> str | None:
    """The unit of a scope that a region (desa or kecamatan code) falls in; None when unknown."""
    if scope == SCOPE_COUNTRY:
        return "ID"
    if scope == SCOPE_PROVINCE:
        return region_code[:2]
    if scope == SCOPE_KABKOTA:
        return region_code[:5]
    return reference.dapil_of(scope, region_code)


def entitled(scope: str, home_code: str, tps_code: str) -> bool | None:
    """Whether a voter from `home_code` gets this contest's ballot at a TPS in `tps_code`.

    None means it cannot be decided from the reference data (a desa in a split area or missing
    from the dapil map, in the same province/kab as the TPS): KPU must check it by hand.
    """
    tps_unit = unit_of(scope, tps_code)
    if tps_unit is None:
        if scope in DAPIL_SCOPES and tps_code[:5] in reference.dapil_kabkotas(scope):
            return None  # the TPS's own desa is missing from the map: undecidable, not absent
        return False  # the contest has no unit here (e.g. no DPRD Kab/Kota in DKI Jakarta)
    home_unit = unit_of(scope, home_code)
    if home_unit is not None:
        return home_unit == tps_unit
    container = DAPIL_CONTAINER.get(scope)
    if container and home_code[:container] != tps_code[:container]:
        return False
    return None


def pindah_form_late(*, list_type: str, has_form: bool, today: date, voting_day: date, detainee_days: int) -> bool:
    """A DPTb voter needs the Model A-Surat Pindah Memilih by H-7 (MK 20/PUU-XVII/2019)."""
    return list_type == "dptb" and not has_form and today > voting_day - timedelta(days=detainee_days)


def reserve(voters: int, percent: Decimal = DEFAULT_RESERVE_PERCENT) -> int:
    """Reserve ballots for a TPS: `percent` of its voters, rounded up (300 -> 6, 1 -> 1, 0 -> 0)."""
    return math.ceil(Decimal(voters) * Decimal(percent) / 100)


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
