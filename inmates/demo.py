"""Demo registry: four facilities and their WBP, told as one story anchored to fixed dates.

Nothing here reads the day seed_demo runs: every date is counted from the constants below, the random
generator has a fixed seed, so seeding on any day gives exactly the same data (tests/foundation/
test_seed.py checks it). The story (docs/rules.md "The demo"):

- Rutan Kelas IIB Blora holds 126 WBP on 3 March 2023 (the seed article), some without NIK; each
  facility holds a steady population whose members arrive, are released, transferred between the demo
  facilities or, now and then, die, continuously from then to ANCHOR (30 November 2026), so a quarter's
  voters and mutations can be computed for any quarter of 2023-2026 (PDPB, issue 14);
- homes (KTP-el addresses) are mostly in the facility's own kab/kota and its neighbours, a few far away;
- around Pemilu 2024 and the Jawa Tengah Pilkada 2024, Rutan Blora's custody events show each voter
  rule at least once (`SPECIAL_CASES`).

Idempotent: a facility that already has inmates is left alone.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from inmates import custody
from inmates.models import (
    CustodyEvent,
    DetentionStatus,
    Facility,
    Inmate,
    MaritalStatus,
    NikStatus,
    RevokedRight,
    TniPolriStatus,
)
from inmates.models import (
    EventKind as Kind,
)
from inmates.services import IDENTITY_FIELDS
from regions import reference

ANCHOR = date(2026, 11, 30)  # the demo's "today": the last day anything happened
STORY_DAY = date(2023, 3, 3)  # Rutan Kelas IIB Blora held 126 WBP (the seed article)
BLORA_ON_STORY_DAY = 126
VOTING_DAY_2024 = date(2024, 2, 14)
DPT_DAY_2024 = date(2023, 6, 21)
DEADLINE_2024 = date(2024, 2, 7)  # H-7: the detainees' pindah-memilih deadline
PILKADA_DAY_2024 = date(2024, 11, 27)
PILKADA_DEADLINE_2024 = date(2024, 11, 20)
# No transfers between facilities in these periods (prison-side freeze before each 2024 vote).
TRANSFER_FREEZES = [(date(2023, 12, 22), VOTING_DAY_2024), (date(2024, 10, 3), PILKADA_DAY_2024)]


@dataclass(frozen=True)
class Spec:
    code: str
    kind: str
    class_label: str
    name: str
    desa: str  # location
    capacity: int
    population: int  # held on STORY_DAY, and about as many on any day after
    homes: dict[str, int]  # kab/kota -> weight: the facility's own and its neighbours
    detainee_share: float  # tahanan among arrivals
    sentence: tuple[int, int]  # days a convict stays (min, max)


REMAND = (45, 300)  # days a detainee stays
FACILITIES = [
    Spec("rutan-blora", Facility.Kind.RUTAN, "IIB", "Rutan Kelas IIB Blora", "33.16.09.1013", 80, BLORA_ON_STORY_DAY,
         {"33.16": 80, "33.15": 5, "33.17": 5, "33.18": 3, "35.22": 4, "35.21": 2}, 0.4, (150, 1100)),
    Spec("rutan-pati", Facility.Kind.RUTAN, "IIB", "Rutan Kelas IIB Pati", "33.18.10.1007", 150, 240,
         {"33.18": 78, "33.19": 6, "33.20": 5, "33.17": 5, "33.16": 3, "33.15": 3}, 0.4, (150, 1100)),
    Spec("lapas-semarang", Facility.Kind.LAPAS, "I", "Lapas Kelas I Semarang", "33.74.14.1010", 663, 1500,
         {"33.74": 40, "33.22": 10, "33.24": 8, "33.21": 8, "33.73": 4, "33.15": 3, "33.25": 2, "33.26": 2,
          "33.01": 2, "33.10": 2, "33.72": 2, "33.18": 2, "33.16": 1}, 0.0, (365, 3000)),
    Spec("rutan-surabaya", Facility.Kind.RUTAN, "I", "Rutan Kelas I Surabaya", "35.15.18.2016", 504, 420,
         {"35.78": 50, "35.15": 30, "35.25": 8, "35.16": 5, "35.17": 3}, 0.45, (150, 1100)),
]
BY_CODE = {spec.code: spec for spec in FACILITIES}
# A few homes far away, shared by all facilities (the rest of Java and beyond).
FAR_SHARE = 0.04
FAR_HOMES = {"32.73": 2, "31.75": 2, "36.03": 1, "34.71": 1, "18.71": 1, "61.71": 1, "73.71": 1, "12.71": 1,
             "51.71": 1, "93.01": 1}
TRANSFER_SHARE = 0.07  # convicts of a Jawa Tengah Rutan moved to Lapas Semarang during their sentence
DEATH_SHARE = 0.012

MALE = ["Agus", "Budi", "Slamet", "Joko", "Wahyu", "Eko", "Heru", "Sugeng", "Bambang", "Teguh", "Dwi", "Rudi",
        "Sutrisno", "Mulyono", "Suyanto", "Darmanto", "Puji", "Ahmad", "Muhammad", "Imam", "Rizky", "Fajar",
        "Andi", "Yusuf", "Arif", "Bayu", "Dedi", "Hendra", "Iwan", "Kukuh", "Lukman", "Nanang", "Purnomo",
        "Ridwan", "Samsul", "Tri", "Wawan", "Yoga", "Gilang", "Hadi", "Jarwo", "Karno", "Legiman", "Mardi"]
FEMALE = ["Siti", "Sri", "Dewi", "Rina", "Yuli", "Endang", "Wulan", "Ani", "Lestari", "Ratna", "Nurul", "Fitri",
          "Indah", "Puji", "Tutik", "Warsini"]
FAMILY = ["Santoso", "Prasetyo", "Wibowo", "Susanto", "Hidayat", "Saputra", "Setiawan", "Nugroho", "Kurniawan",
          "Pratama", "Hartono", "Purwanto", "Suryadi", "Wijaya", "Rahmadi", "Siswanto", "Haryanto", "Sulistyo",
          "Firmansyah", "Ramadhan", "Maulana", "Efendi", "Kusuma", "Gunawan", "Utomo", "Widodo", "Riyanto"]
MOTHERS = ["Sumiati", "Suparti", "Sutini", "Wartini", "Tumini", "Painem", "Sarmi", "Kasmini", "Legiyem", "Ngatini",
           "Parmi", "Sukinah", "Rusmini", "Juwariyah", "Kartini", "Sulastri", "Rubiyah", "Sumarni", "Tukiyem"]
STREETS = ["Jl. Pemuda", "Jl. Diponegoro", "Jl. Sudirman", "Dusun Krajan", "Dusun Kidul", "Jl. Gatot Subroto",
           "Jl. Ahmad Yani", "Dusun Ngablak", "Jl. Pahlawan", "Dusun Sumber", "Jl. Merdeka", "Dusun Wetan"]

Event = tuple[str, date, str | None, str]  # kind, date, destination code, note


@dataclass
class Stay:
    facility: str
    inmate: Inmate
    events: list[Event] = field(default_factory=list)
    previous: "Stay | None" = None
    case: str = ""  # the rule a special case shows (SPECIAL_CASES)

    def summary(self) -> custody.Summary:
        return custody.summarize(custody.Event(kind, day) for kind, day, _dest, _note in self.events)


class Generator:
    def __init__(self, seed: int = 2024):
        self.rng = random.Random(seed)
        self.niks: set[str] = set()
        self.desa_by_kab: dict[str, list[str]] = {}
        for code, _name, _parent in reference.region_rows(reference.DESA):
            self.desa_by_kab.setdefault(code[:5], []).append(code)
        self.names = reference.names()

    # identity -------------------------------------------------------------------------
    def home(self, spec: Spec) -> str:
        pool = FAR_HOMES if self.rng.random() < FAR_SHARE else spec.homes
        kab = self.rng.choices(list(pool), weights=list(pool.values()))[0]
        return self.rng.choice(self.desa_by_kab[kab])

    def nik_for(self, desa: str, birth: date, sex: str, *, kecamatan: str | None = None) -> str:
        kec = (kecamatan or desa[:8]).replace(".", "")
        day = birth.day + (40 if sex == "P" else 0)
        while True:
            nik = f"{kec}{day:02d}{birth:%m%y}{self.rng.randint(1, 2999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik

    def nkk_for(self, desa: str) -> str:
        return desa[:8].replace(".", "") + f"{self.rng.randint(1, 99_999_999):010d}"

    def birth_date(self, low_age: int, high_age: int) -> date:
        return VOTING_DAY_2024 - timedelta(days=self.rng.randint(low_age * 365 + 20, high_age * 365))

    def person(self, facility: Facility, spec: Spec, *, detention: str, sex: str | None = None,
               home: str | None = None) -> Inmate:
        sex = sex or ("P" if self.rng.random() < 0.07 else "L")
        birth = self.birth_date(19, 62)
        desa = home or self.home(spec)
        age = (VOTING_DAY_2024 - birth).days // 365
        marital = MaritalStatus.NEVER if age < 24 else self.rng.choice(
            [MaritalStatus.MARRIED, MaritalStatus.MARRIED, MaritalStatus.MARRIED, MaritalStatus.WAS_MARRIED,
             MaritalStatus.NEVER])
        return Inmate(
            facility=facility, detention_status=detention, nik=self.nik_for(desa, birth, sex),
            nik_status=NikStatus.VERIFIED, nkk=self.nkk_for(desa),
            full_name=f"{self.rng.choice(FEMALE if sex == 'P' else MALE)} {self.rng.choice(FAMILY)}",
            mother_name=self.rng.choice(MOTHERS),
            birth_place=self.names[desa[:5]].replace("Kabupaten ", "").replace("Kota ", "").replace("Administrasi ", ""),
            birth_date=birth, sex=sex, marital_status=marital,
            address=f"{self.rng.choice(STREETS)} No. {self.rng.randint(1, 120)}",
            rt=f"{self.rng.randint(1, 12):03d}", rw=f"{self.rng.randint(1, 8):03d}", home_region_id=desa,
            ktp_el_recorded=True,
        )

    def detention(self, spec: Spec) -> str:
        return DetentionStatus.DETAINEE if self.rng.random() < spec.detainee_share else DetentionStatus.CONVICT

    def duration(self, spec: Spec, detention: str) -> int:
        low, high = REMAND if detention == DetentionStatus.DETAINEE else spec.sentence
        return self.rng.randint(low, high)

    def held_stay(self, spec: Spec) -> tuple[str, int]:
        """(detention, length in days) of someone found held on a given day: longer stays are more likely
        to be found (length-biased), so the population stays about steady as arrivals replace them."""
        detainees = spec.detainee_share * sum(REMAND)
        convicts = (1 - spec.detainee_share) * sum(spec.sentence)
        detention = DetentionStatus.DETAINEE if self.rng.random() < detainees / (detainees + convicts) \
            else DetentionStatus.CONVICT
        low, high = REMAND if detention == DetentionStatus.DETAINEE else spec.sentence
        return detention, round((self.rng.random() * (high * high - low * low) + low * low) ** 0.5)

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))


def _frozen(day: date) -> bool:
    return any(start <= day <= end for start, end in TRANSFER_FREEZES)


class Story:
    """Collects the stays of the facilities being seeded, with their events, in a fixed order."""

    def __init__(self, gen: Generator, facilities: dict[str, Facility], codes: set[str]):
        self.gen, self.facilities, self.codes = gen, facilities, codes
        self.stays: list[Stay] = []

    def add(self, code: str, inmate: Inmate, events: list[Event], previous: Stay | None = None,
            case: str = "") -> Stay:
        stay = Stay(code, inmate, events, previous, case)
        self.stays.append(stay)
        return stay

    def episode(self, spec: Spec, admitted: date, *, release: date | None = None, detention: str | None = None,
                inmate: Inmate | None = None, allow_transfer: bool = True, leaves: bool = True) -> Stay:
        """One person's custody at a facility from `admitted` to `release` (drawn when not given): released,
        died or moved to Lapas Semarang on the way (never before STORY_DAY), or still held at ANCHOR. With
        `leaves` False the caller records how the stay ends."""
        gen = self.gen
        detention = detention or (inmate.detention_status if inmate else gen.detention(spec))
        inmate = inmate or gen.person(self.facilities[spec.code], spec, detention=detention)
        release = release or admitted + timedelta(days=gen.duration(spec, detention))
        events: list[Event] = [(Kind.ADMISSION, admitted, None, ""), (Kind.EXPECTED_RELEASE, release, None, "")]
        stay = self.add(spec.code, inmate, events)
        roll = gen.rng.random()
        length = (release - admitted).days
        if (allow_transfer and roll < TRANSFER_SHARE and spec.kind == Facility.Kind.RUTAN and spec.desa[:2] == "33"
                and detention == DetentionStatus.CONVICT and "lapas-semarang" in self.codes and length > 120):
            moved = admitted + timedelta(days=gen.rng.randint(60, length - 45))
            if (moved > STORY_DAY and moved + timedelta(days=1) <= ANCHOR and not _frozen(moved)
                    and not _frozen(moved + timedelta(days=1))):
                self.transfer(stay, "lapas-semarang", moved, release)
                return stay
        if leaves and release <= ANCHOR:
            kind = Kind.DEATH if roll > 1 - DEATH_SHARE else Kind.RELEASE
            events.append((kind, release, None, ""))
        return stay

    def transfer(self, stay: Stay, destination: str, day: date, release: date | None, *, confirmed: bool = True) -> Stay:
        """Move a stay to `destination` on `day`; the destination confirms the next day (unless not)."""
        stay.events.append((Kind.TRANSFER_OUT, day, destination, ""))
        source = self.facilities[stay.facility]
        inmate = Inmate(facility=self.facilities[destination], **{f: getattr(stay.inmate, f) for f in IDENTITY_FIELDS})
        events: list[Event] = []
        if confirmed:
            events.append((Kind.TRANSFER_IN, day + timedelta(days=1), None, source.name))
            if release is not None:
                events.append((Kind.EXPECTED_RELEASE, release, None, f"Dibawa dari {source.name}"))
                if release <= ANCHOR:
                    events.append((Kind.RELEASE, release, None, ""))
        return self.add(destination, inmate, events, previous=stay)


def plan_registry(facilities: dict[str, Facility], codes: set[str]) -> list[Stay]:
    """Every stay, with its events, of the facilities named in `codes` (pure: reads the region codes)."""
    gen = Generator()
    story = Story(gen, facilities, codes)
    for spec in FACILITIES:
        if spec.code not in codes:
            continue
        already = 0
        if spec.code == "rutan-blora":
            _special_cases(story, spec)
            already = sum(1 for s in story.stays if s.facility == spec.code and custody.held_on(s.summary(), STORY_DAY))
        # Held on STORY_DAY: admitted some time before, due out some time after.
        for _index in range(spec.population - already):
            detention, length = gen.held_stay(spec)
            elapsed = gen.rng.randint(0, length - 1)
            admitted = STORY_DAY - timedelta(days=elapsed)
            story.episode(spec, admitted, release=admitted + timedelta(days=length), detention=detention)
        # Arrivals from then on, at the rate that keeps the population steady.
        mean = (spec.detainee_share * sum(REMAND) / 2 + (1 - spec.detainee_share) * sum(spec.sentence) / 2)
        rate, elapsed = spec.population / mean, 0.0  # arrivals per day, as a Poisson process
        while True:
            elapsed += gen.rng.expovariate(rate)
            day = STORY_DAY + timedelta(days=1 + int(elapsed))
            if day > ANCHOR:
                break
            story.episode(spec, day)
    if {"rutan-blora", "rutan-pati"} <= codes:
        _possible_duplicate(story)
    for code in ("lapas-semarang", "rutan-surabaya"):
        if code in codes:
            _foreigner(story, code)
    return story.stays


# The cases the voter rules turn on, at Rutan Blora around the 2024 votes (docs/rules.md "The demo").
SPECIAL_CASES = {
    "released_day_before": "released on 13 Feb 2024, the day before voting day: TMS (bebas)",
    "released_on_voting_day": "released on voting day itself: still held, MS",
    "admitted_on_dpt_day": "admitted on 21 Jun 2023, the day the DPT was determined: DPT",
    "admitted_after_dpt": "admitted in Sep 2023: DPTb",
    "admitted_on_deadline": "admitted on 7 Feb 2024 (H-7): DPTb",
    "admitted_after_deadline": "admitted on 10 Feb 2024, after H-7: TMS (masuk setelah batas)",
    "purnawirawan": "a retired police officer (since 2019): votes",
    "retires_after_voting_day": "a police officer retiring on 1 Mar 2024: active on voting day, TMS",
    "dismissed": "a police officer dismissed in Nov 2023 (PTDH): votes",
    "active_polri": "an active police officer in detention: TMS",
    "hak_dipilih_only": "a corruption sentence revoking only hak dipilih: votes",
    "hak_memilih_revoked": "hak memilih dan dipilih revoked until 2028: TMS",
    "revocation_ended": "hak memilih revoked until 31 Dec 2023, ended before voting day: votes",
    "minor": "16 on voting day and never married: TMS",
    "married_minor": "16 on voting day and married: votes",
    "seventeen_on_voting_day": "17 on voting day itself: votes",
    "leap_day_minor": "born 29 Feb 2008: a minor",
    "wna": "a foreign national: TMS",
    "died_before_voting_day": "died on 20 Jan 2024: TMS",
    "transferred_before_voting_day": "moved to Rutan Pati on 20 Nov 2023: DPTb there",
    "transferred_in_before_voting_day": "moved here from Rutan Pati on 2 Oct 2023: DPTb",
    "transferred_after_voting_day": "moved to Lapas Semarang on 3 Jun 2024",
    "pending_transfer": "on the way from Lapas Semarang since 27 Nov 2026, not yet confirmed",
    "held_from_pati": "moved here from Rutan Pati in May 2026, still held",
    "old_papua_nik": "a NIK issued in Merauke before 2022 (91.01, now 93.01)",
    "sorong_nik": "a NIK issued in Sorong before Papua Barat Daya (92.01, now 96.01)",
    "nik_mismatch_confirmed": "a NIK whose birth date differs from the KK, confirmed by the officer",
    "pilkada_home_pati": "home in Pati, held in Blora on Pilkada day: the governor's ballot only",
    "pilkada_home_bojonegoro": "home in Bojonegoro (Jawa Timur): not a voter in the Jawa Tengah Pilkada",
    "released_day_before_pilkada": "released on 26 Nov 2024: TMS in the Pilkada",
    "admitted_after_pilkada_deadline": "admitted on 22 Nov 2024, after the Pilkada's H-7",
    "expected_release_unknown": "a detainee without expected release",
    "overdue_release": "expected release passed in Nov 2026, release not recorded",
}


def _special_cases(story: Story, spec: Spec) -> None:
    gen, blora = story.gen, story.facilities[spec.code]
    later = ANCHOR + timedelta(days=400)

    def held(case: str, admitted: date, release: date = later, *, leaves: bool = True, **fields) -> Stay:
        detention = fields.pop("detention", DetentionStatus.CONVICT)
        inmate = gen.person(blora, spec, detention=detention, home=fields.pop("home", None))
        for name, value in fields.items():
            setattr(inmate, name, value)
        stay = story.episode(spec, admitted, release=release, inmate=inmate, allow_transfer=False, leaves=leaves)
        stay.case = case
        return stay

    def reborn(stay: Stay, birth: date, marital: str) -> None:
        inmate = stay.inmate
        gen.niks.discard(inmate.nik)
        inmate.birth_date, inmate.marital_status = birth, marital
        inmate.nik = gen.nik_for(inmate.home_region_id, birth, inmate.sex)

    held("released_day_before", date(2023, 1, 10), date(2024, 2, 13))
    held("released_on_voting_day", date(2022, 11, 2), VOTING_DAY_2024)
    held("admitted_on_dpt_day", DPT_DAY_2024, date(2025, 6, 20))
    held("admitted_after_dpt", date(2023, 9, 15), date(2025, 3, 14), detention=DetentionStatus.DETAINEE)
    held("admitted_on_deadline", DEADLINE_2024, date(2024, 9, 6), detention=DetentionStatus.DETAINEE)
    held("admitted_after_deadline", date(2024, 2, 10), date(2024, 10, 9), detention=DetentionStatus.DETAINEE)
    held("purnawirawan", date(2022, 12, 5), date(2025, 12, 4), tni_polri_status=TniPolriStatus.RETIRED,
         tni_polri_since=date(2019, 8, 1))
    held("retires_after_voting_day", date(2023, 11, 6), date(2024, 8, 5), detention=DetentionStatus.DETAINEE,
         tni_polri_status=TniPolriStatus.RETIRED, tni_polri_since=date(2024, 3, 1))
    held("dismissed", date(2023, 2, 13), date(2025, 2, 12), tni_polri_status=TniPolriStatus.DISMISSED,
         tni_polri_since=date(2023, 11, 1))
    held("active_polri", date(2023, 12, 4), date(2024, 5, 3), detention=DetentionStatus.DETAINEE,
         tni_polri_status=TniPolriStatus.ACTIVE)
    held("hak_dipilih_only", date(2023, 1, 16), date(2027, 1, 15), revoked_right=RevokedRight.STAND_ONLY,
         revocation_decision_number="12/Pid.Sus-TPK/2023/PN Smg", revocation_decision_date=date(2023, 8, 21),
         revoked_from=date(2027, 1, 16), revoked_until=date(2031, 1, 15))
    held("hak_memilih_revoked", date(2022, 10, 3), date(2026, 4, 2), revoked_right=RevokedRight.VOTE_AND_STAND,
         revocation_decision_number="4/Pid.Sus-TPK/2022/PN Smg", revocation_decision_date=date(2022, 9, 29),
         revoked_until=date(2028, 9, 28))
    held("revocation_ended", date(2022, 6, 6), date(2025, 6, 5), revoked_right=RevokedRight.VOTE,
         revocation_decision_number="31/Pid.B/2020/PN Bla", revocation_decision_date=date(2020, 12, 14),
         revoked_until=date(2023, 12, 31))
    reborn(held("minor", date(2023, 10, 2), date(2024, 6, 1), detention=DetentionStatus.DETAINEE),
           date(2007, 8, 17), MaritalStatus.NEVER)
    reborn(held("married_minor", date(2023, 10, 9), date(2024, 7, 8), detention=DetentionStatus.DETAINEE),
           date(2007, 5, 2), MaritalStatus.MARRIED)
    reborn(held("seventeen_on_voting_day", date(2023, 8, 7), date(2024, 8, 6)), date(2007, 2, 14), MaritalStatus.NEVER)
    reborn(held("leap_day_minor", date(2023, 12, 11), date(2024, 9, 10), detention=DetentionStatus.DETAINEE),
           date(2008, 2, 29), MaritalStatus.NEVER)
    foreigner = held("wna", date(2023, 4, 3), date(2025, 4, 2))
    foreigner.inmate.citizenship = "WNA"
    foreigner.inmate.nik, foreigner.inmate.nik_status, foreigner.inmate.nkk = None, NikStatus.NONE, ""
    died = held("died_before_voting_day", date(2022, 8, 1), date(2025, 7, 31), leaves=False)
    died.events.append((Kind.DEATH, date(2024, 1, 20), None, ""))
    # Transfers with Rutan Pati and Lapas Semarang.
    if "rutan-pati" in story.codes:
        moved = held("transferred_before_voting_day", date(2023, 2, 6), date(2025, 2, 5), leaves=False)
        story.transfer(moved, "rutan-pati", date(2023, 11, 20), date(2025, 2, 5))
        pati = BY_CODE["rutan-pati"]
        came = story.episode(pati, date(2022, 12, 12), release=date(2025, 1, 10), allow_transfer=False, leaves=False)
        story.transfer(came, "rutan-blora", date(2023, 10, 2), date(2025, 1, 10)).case = "transferred_in_before_voting_day"
        staying = story.episode(pati, date(2025, 9, 1), release=date(2027, 8, 31), allow_transfer=False, leaves=False)
        story.transfer(staying, "rutan-blora", date(2026, 5, 4), date(2027, 8, 31)).case = "held_from_pati"
    if "lapas-semarang" in story.codes:
        moved = held("transferred_after_voting_day", date(2023, 3, 1), date(2027, 2, 28), leaves=False)
        story.transfer(moved, "lapas-semarang", date(2024, 6, 3), date(2027, 2, 28))
        semarang = BY_CODE["lapas-semarang"]
        coming = story.episode(semarang, date(2025, 10, 6), release=date(2028, 10, 5), allow_transfer=False,
                               leaves=False)
        story.transfer(coming, "rutan-blora", date(2026, 11, 27), None, confirmed=False).case = "pending_transfer"
    # NIK for life: issued under codes renumbered since.
    papua = held("old_papua_nik", date(2023, 5, 8), date(2027, 5, 7))
    gen.niks.discard(papua.inmate.nik)
    papua.inmate.nik = gen.nik_for(papua.inmate.home_region_id, papua.inmate.birth_date, papua.inmate.sex,
                                   kecamatan="91.01.01")
    sorong = held("sorong_nik", date(2022, 9, 5), date(2026, 9, 4), home=gen.rng.choice(gen.desa_by_kab["96.01"]))
    gen.niks.discard(sorong.inmate.nik)
    sorong.inmate.nik = gen.nik_for(sorong.inmate.home_region_id, sorong.inmate.birth_date, sorong.inmate.sex,
                                    kecamatan="92.01.01")
    mismatch = held("nik_mismatch_confirmed", date(2024, 5, 6), date(2027, 11, 5))
    mismatch.inmate.birth_date += timedelta(days=3)
    mismatch.inmate.nik_mismatch_confirmed = True
    # The Jawa Tengah Pilkada, 27 November 2024.
    held("pilkada_home_pati", date(2024, 3, 4), date(2025, 9, 3), home=gen.rng.choice(gen.desa_by_kab["33.18"]))
    held("pilkada_home_bojonegoro", date(2024, 4, 1), date(2025, 10, 1), home=gen.rng.choice(gen.desa_by_kab["35.22"]))
    held("released_day_before_pilkada", date(2024, 2, 26), date(2024, 11, 26),
         home=gen.rng.choice(gen.desa_by_kab["33.16"]))
    held("admitted_after_pilkada_deadline", date(2024, 11, 22), date(2025, 5, 21), detention=DetentionStatus.DETAINEE,
         home=gen.rng.choice(gen.desa_by_kab["33.16"]))
    # Registry work for the officer at ANCHOR.
    unknown = held("expected_release_unknown", date(2026, 10, 19), detention=DetentionStatus.DETAINEE)
    unknown.events = [event for event in unknown.events if event[0] != Kind.EXPECTED_RELEASE]
    held("overdue_release", date(2025, 11, 17), date(2026, 11, 20), leaves=False)
    # Without NIK, at every stage of perekaman; and NIK not yet verified.
    for index, status in enumerate([NikStatus.NONE] * 5 + [NikStatus.SUBMITTED] * 3 + [NikStatus.NOT_FOUND]):
        stay = held("", gen.day_between(date(2026, 6, 1), date(2026, 11, 10)), detention=DetentionStatus.DETAINEE)
        stay.inmate.nik, stay.inmate.nik_status, stay.inmate.ktp_el_recorded = None, status, False
        if status != NikStatus.NONE:
            stay.inmate.perekaman_batch, stay.inmate.perekaman_submitted_on = "BLORA-2026-10", date(2026, 10, 14)
        stay.case = stay.case or ("no_nik" if index == 0 else "")
    for _ in range(4):
        held("", gen.day_between(date(2026, 8, 1), date(2026, 11, 25))).inmate.nik_status = NikStatus.UNVERIFIED
    # On STORY_DAY some held here had no NIK (the seed article): eight of those held then.
    for _ in range(8):
        length = gen.rng.randint(200, 900)
        admitted = STORY_DAY - timedelta(days=gen.rng.randint(10, 150))
        stay = held("", admitted, admitted + timedelta(days=length), detention=DetentionStatus.DETAINEE)
        stay.inmate.nik, stay.inmate.nik_status, stay.inmate.ktp_el_recorded = None, NikStatus.NONE, False
    # Disability codes.
    for code in (1, 3, 6):
        held("", gen.day_between(date(2025, 1, 6), date(2026, 6, 30))).inmate.disability = code


def _possible_duplicate(story: Story) -> None:
    """Someone without NIK at Pati with the name and birth date of someone held at Blora at ANCHOR
    (entered twice instead of transferred)."""
    original = next(s.inmate for s in story.stays if s.facility == "rutan-blora" and s.inmate.nik
                    and s.summary().state == "ditahan" and not s.case)
    twin = story.episode(BY_CODE["rutan-pati"], date(2026, 9, 14), release=date(2027, 9, 13), allow_transfer=False)
    twin.inmate.full_name, twin.inmate.birth_date, twin.inmate.sex = original.full_name, original.birth_date, original.sex
    twin.inmate.nik, twin.inmate.nik_status = None, NikStatus.NONE
    twin.case = "possible_duplicate"


def _foreigner(story: Story, code: str) -> None:
    stay = story.episode(BY_CODE[code], date(2023, 7, 3), release=date(2027, 7, 2), allow_transfer=False)
    stay.inmate.citizenship = "WNA"
    stay.inmate.nik, stay.inmate.nik_status, stay.inmate.nkk = None, NikStatus.NONE, ""


def _register_numbers(stays: list[Stay]) -> None:
    """Per facility, in order of arrival: AI (tahanan) or BI (narapidana), a counter, the year."""
    counters: dict[str, int] = {}
    arrived = [(s.facility, s.summary().admitted_on, index, s) for index, s in enumerate(stays)]
    for facility, admitted, _index, stay in sorted((a for a in arrived if a[1] is not None),
                                                  key=lambda a: (a[0], a[1], a[2])):
        counters[facility] = counters.get(facility, 0) + 1
        prefix = "AI" if stay.inmate.detention_status == DetentionStatus.DETAINEE else "BI"
        stay.inmate.register_number = f"{prefix}.{counters[facility]:04d}/{admitted.year}"


@transaction.atomic
def seed_registry(facilities: dict[str, Facility]) -> dict[str, int]:
    """Create the demo WBP for facilities that have none yet. Returns stays created per facility."""
    codes = {spec.code for spec in FACILITIES if not facilities[spec.code].inmates.exists()}
    if not codes:
        return {}
    return _write(plan_registry(facilities, codes))


def _write(stays: list[Stay]) -> dict[str, int]:
    _register_numbers(stays)
    for stay in stays:
        summary = stay.summary()
        inmate = stay.inmate
        inmate.custody_state = summary.state
        inmate.admitted_on = summary.admitted_on
        inmate.expected_release = summary.expected_release
        inmate.left_on = summary.left_on
    # Sources first, so destinations can point at them (a chain is at most two long here).
    first = [s for s in stays if s.previous is None]
    bulk_create_with_history([s.inmate for s in first], Inmate, batch_size=1000)
    second = [s for s in stays if s.previous is not None]
    for stay in second:
        stay.inmate.previous_stay = stay.previous.inmate
    bulk_create_with_history([s.inmate for s in second], Inmate, batch_size=1000)

    facilities = {f.code: f for f in Facility.objects.all()}
    events = []
    for stay in stays:
        for kind, day, destination, note in stay.events:
            events.append(CustodyEvent(inmate=stay.inmate, kind=kind, date=day, note=note,
                                       destination=facilities[destination] if destination else None))
    bulk_create_with_history(events, CustodyEvent, batch_size=2000)
    counts: dict[str, int] = {}
    for stay in stays:
        counts[stay.facility] = counts.get(stay.facility, 0) + 1
    return counts


def ensure_facilities() -> dict[str, Facility]:
    facilities = {}
    for spec in FACILITIES:
        facility, _created = Facility.objects.update_or_create(
            code=spec.code,
            defaults={"kind": spec.kind, "class_label": spec.class_label, "name": spec.name, "location_id": spec.desa,
                      "capacity": spec.capacity},
        )
        facilities[spec.code] = facility
    return facilities
