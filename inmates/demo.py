"""Demo registry: four facilities and their WBP, with every situation the product handles.

Deterministic (fixed random seed) and idempotent: a facility that already has inmates is left
alone. The story is told around Pemilu 2024 (voting day 14 Feb 2024) as seen from today: people
released or transferred before and after voting day, long-term narapidana still held, newer
admissions, a pending transfer, WBP without NIK at every stage of perekaman, and the edge cases
of the voter rules (minors, married minors, TNI/Polri, revoked rights, WNA, disability).
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
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
from inmates.services import IDENTITY_FIELDS
from regions import reference

VOTING_DAY_2024 = date(2024, 2, 14)

FACILITIES = [
    # code, kind, class, name, desa code, capacity, generated as held, home kab weights.
    # Rutan Blora ends with 126 held (as on 3 March 2023): 130 generated, 2 released and 3
    # transferred out in the special cases, 1 transferred in.
    ("rutan-blora", Facility.Kind.RUTAN, "IIB", "Rutan Kelas IIB Blora", "33.16.09.1013", 80, 130,
     {"33.16": 70, "33.18": 4, "33.17": 4, "33.15": 4}),
    ("rutan-pati", Facility.Kind.RUTAN, "IIB", "Rutan Kelas IIB Pati", "33.18.10.1007", 150, 240,
     {"33.18": 70, "33.19": 6, "33.20": 5, "33.17": 4, "33.16": 3}),
    ("lapas-semarang", Facility.Kind.LAPAS, "I", "Lapas Kelas I Semarang", "33.74.14.1010", 663, 1500,
     {"33.74": 35, "33.22": 10, "33.24": 8, "33.21": 8, "33.73": 4, "33.15": 3}),
    ("rutan-surabaya", Facility.Kind.RUTAN, "I", "Rutan Kelas I Surabaya", "35.15.18.2016", 504, 420,
     {"35.78": 45, "35.15": 30, "35.25": 8, "35.16": 5}),
]
# Homes further away, shared by all facilities: the rest of Java and beyond.
FAR_HOMES = {
    "33.01": 2, "33.10": 2, "33.72": 2, "35.22": 3, "35.23": 2, "35.07": 2, "32.73": 2, "32.04": 1,
    "31.75": 2, "31.72": 1, "36.03": 1, "34.04": 1, "34.71": 1, "18.71": 1, "61.71": 1, "73.71": 1,
    "96.01": 1, "12.71": 1, "51.71": 1,
}

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


@dataclass
class Stay:
    facility: str
    inmate: Inmate
    events: list[tuple[str, date, str | None, str]] = field(default_factory=list)  # kind, date, destination, note
    previous: "Stay | None" = None


class Generator:
    def __init__(self, seed: int = 2024):
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.niks: set[str] = set()
        self.desa_by_kab: dict[str, list[str]] = {}
        for code, _name, _parent in reference.region_rows(reference.DESA):
            self.desa_by_kab.setdefault(code[:5], []).append(code)
        self.names = reference.names()
        self.serial = 0

    # identity -------------------------------------------------------------------------
    def home(self, weights: dict[str, int]) -> str:
        pool = {**weights, **FAR_HOMES}
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
        age_days = self.rng.randint(low_age * 365 + 20, high_age * 365)
        return VOTING_DAY_2024 - timedelta(days=age_days)

    def person(self, facility: Facility, weights: dict[str, int], *, sex: str | None = None,
               birth: date | None = None, detention: str | None = None) -> Inmate:
        sex = sex or ("P" if self.rng.random() < 0.07 else "L")
        birth = birth or self.birth_date(19, 62)
        desa = self.home(weights)
        first = self.rng.choice(FEMALE if sex == "P" else MALE)
        age = (VOTING_DAY_2024 - birth).days // 365
        marital = MaritalStatus.NEVER if age < 24 else self.rng.choice(
            [MaritalStatus.MARRIED, MaritalStatus.MARRIED, MaritalStatus.MARRIED, MaritalStatus.WAS_MARRIED,
             MaritalStatus.NEVER])
        self.serial += 1
        detention = detention or (DetentionStatus.DETAINEE if self.rng.random() < 0.35 else DetentionStatus.CONVICT)
        return Inmate(
            facility=facility,
            detention_status=detention,
            nik=self.nik_for(desa, birth, sex),
            nik_status=NikStatus.VERIFIED,
            nkk=self.nkk_for(desa),
            full_name=f"{first} {self.rng.choice(FAMILY)}",
            mother_name=self.rng.choice(MOTHERS),
            birth_place=self.names[desa[:5]].replace("Kabupaten ", "").replace("Kota ", "").replace("Administrasi ", ""),
            birth_date=birth,
            sex=sex,
            marital_status=marital,
            address=f"{self.rng.choice(STREETS)} No. {self.rng.randint(1, 120)}",
            rt=f"{self.rng.randint(1, 12):03d}",
            rw=f"{self.rng.randint(1, 8):03d}",
            home_region_id=desa,
            ktp_el_recorded=True,
        )

    def register_number(self, facility_code: str, detention: str, year: int, counters: dict) -> str:
        counters[facility_code] = counters.get(facility_code, 0) + 1
        prefix = "AI" if detention == DetentionStatus.DETAINEE else "BI"
        return f"{prefix}.{counters[facility_code]:04d}/{year}"

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max((end - start).days, 0)))


@transaction.atomic
def seed_registry(facilities: dict[str, Facility]) -> dict[str, int]:
    """Create the demo WBP for facilities that have none yet. Returns stays created per facility."""
    todo = [spec for spec in FACILITIES if not facilities[spec[0]].inmates.exists()]
    if not todo:
        return {}
    gen = Generator()
    counters: dict[str, int] = {}
    stays: list[Stay] = []
    today = gen.today

    def add(spec, inmate: Inmate, events, previous=None) -> Stay:
        year = events[0][1].year if events else today.year
        if events:
            inmate.register_number = gen.register_number(spec[0], inmate.detention_status, year, counters)
        stay = Stay(spec[0], inmate, events, previous)
        stays.append(stay)
        return stay

    for spec in todo:
        code, _kind, _cls, _name, _desa, _cap, held_count, weights = spec
        facility = facilities[code]
        # Held today: long-term people admitted before voting day, and newer admissions.
        for index in range(held_count):
            inmate = gen.person(facility, weights)
            if index % 10 < 6:
                admitted = gen.day_between(date(2019, 1, 1), date(2023, 12, 20))
            else:
                admitted = gen.day_between(date(2024, 3, 1), today - timedelta(days=10))
            release = gen.day_between(today + timedelta(days=20), today + timedelta(days=6 * 365))
            events = [("masuk", admitted, None, ""), ("ekspirasi", release, None, "")]
            add(spec, inmate, events)
        # Left already: released before voting day, released after it, one death.
        for index in range(max(6, held_count // 8)):
            inmate = gen.person(facility, weights)
            admitted = gen.day_between(date(2021, 6, 1), date(2023, 9, 30))
            if index % 2 == 0:
                left = gen.day_between(date(2023, 12, 1), date(2024, 2, 13))
            else:
                left = gen.day_between(date(2024, 2, 15), date(2025, 12, 31))
            kind = "meninggal" if index == 5 else "bebas"
            events = [("masuk", admitted, None, ""), ("ekspirasi", left, None, ""), (kind, left, None, "")]
            add(spec, inmate, events)

    _special_cases(gen, facilities, todo, stays, counters, add)
    return _write(stays)


def _special_cases(gen, facilities, todo, stays, counters, add) -> None:
    """The cases the voter rules turn on, placed mostly at Rutan Blora where the story starts."""
    codes = {spec[0] for spec in todo}
    by_code = {spec[0]: spec for spec in FACILITIES}
    held = {code: [s for s in stays if s.facility == code and s.events[-1][0] == "ekspirasi"
                   and s.events[0][1] < date(2024, 1, 1)] for code in codes}

    def pick(code: str) -> Stay:
        return held[code].pop(0)

    if "rutan-blora" in codes:
        blora = "rutan-blora"
        # No NIK at each stage of the perekaman workflow.
        for _ in range(8):
            s = pick(blora)
            s.inmate.nik, s.inmate.nik_status, s.inmate.ktp_el_recorded = None, NikStatus.NONE, False
        for _ in range(3):
            s = pick(blora)
            s.inmate.nik, s.inmate.nik_status, s.inmate.ktp_el_recorded = None, NikStatus.SUBMITTED, False
            s.inmate.perekaman_batch, s.inmate.perekaman_submitted_on = "BLORA-2023-01", date(2023, 10, 16)
        s = pick(blora)
        s.inmate.nik, s.inmate.nik_status, s.inmate.ktp_el_recorded = None, NikStatus.NOT_FOUND, False
        s.inmate.perekaman_batch, s.inmate.perekaman_submitted_on = "BLORA-2023-01", date(2023, 10, 16)
        for _ in range(5):
            pick(blora).inmate.nik_status = NikStatus.UNVERIFIED
        # A NIK whose birth date differs from the KK; the officer confirmed it.
        s = pick(blora)
        s.inmate.birth_date = s.inmate.birth_date + timedelta(days=3)
        s.inmate.nik_mismatch_confirmed = True
        # A NIK issued in Sorong before the Papua Barat Daya recode (92.01 -> 96.01).
        s = pick(blora)
        s.inmate.home_region_id = gen.rng.choice(gen.desa_by_kab["96.01"])
        gen.niks.discard(s.inmate.nik)
        s.inmate.nik = gen.nik_for(s.inmate.home_region_id, s.inmate.birth_date, s.inmate.sex, kecamatan="92.01.01")
        # Minors on voting day: three unmarried, one married (votes: married before 17).
        for married in (False, False, False, True):
            s = pick(blora)
            birth = date(2007, gen.rng.randint(3, 12), gen.rng.randint(1, 28))
            _reidentify(gen, s.inmate, birth)
            s.inmate.marital_status = MaritalStatus.MARRIED if married else MaritalStatus.NEVER
            s.inmate.detention_status = DetentionStatus.DETAINEE
        # Turned 17 on voting day itself: eligible.
        s = pick(blora)
        _reidentify(gen, s.inmate, date(2007, 2, 14))
        s.inmate.marital_status = MaritalStatus.NEVER
        # Born on 29 February 2004? Not a minor. One born 29 Feb 2008 is.
        s = pick(blora)
        _reidentify(gen, s.inmate, date(2008, 2, 29))
        s.inmate.marital_status = MaritalStatus.NEVER
        # A former police officer; a convict whose right to vote was revoked.
        pick(blora).inmate.tni_polri_status = TniPolriStatus.ACTIVE
        s = pick(blora)
        s.inmate.revoked_right = RevokedRight.VOTE
        s.inmate.revocation_decision_number = "12/Pid.Sus-TPK/2023/PN Smg"
        s.inmate.revocation_decision_date = date(2023, 8, 21)
        # Disability codes.
        for code in (1, 3, 6):
            pick(blora).inmate.disability = code
        # Expected release unknown, or passed without a recorded release.
        for _ in range(3):
            s = pick(blora)
            s.events = [e for e in s.events if e[0] != "ekspirasi"]
            s.inmate.detention_status = DetentionStatus.DETAINEE
        for _ in range(2):
            s = pick(blora)
            s.events = [e if e[0] != "ekspirasi" else ("ekspirasi", gen.today - timedelta(days=gen.rng.randint(3, 40)), None, "")
                        for e in s.events]
        # Leaving before voting day but still in the register (expected release recorded,
        # release itself never entered): they vote at home.
        for _ in range(2):
            s = pick(blora)
            s.events = [e if e[0] != "ekspirasi" else ("ekspirasi", date(2024, 2, 1), None, "") for e in s.events]
            s.events.append(("bebas", date(2024, 2, 1), None, ""))

    # Transfers between the demo facilities, before and after voting day, and one pending.
    pairs = [("rutan-blora", "rutan-pati", date(2024, 1, 10), True),
             ("rutan-blora", "rutan-pati", date(2024, 1, 24), True),
             ("rutan-pati", "rutan-blora", date(2023, 11, 20), True),
             ("rutan-blora", "lapas-semarang", date(2024, 6, 3), True),
             ("lapas-semarang", "rutan-blora", gen.today - timedelta(days=2), False),
             ("rutan-pati", "lapas-semarang", date(2024, 2, 5), True)]
    for source, destination, day, confirmed in pairs:
        if source not in codes or destination not in codes:
            continue
        s = pick(source)
        s.events.append(("pindah_keluar", day, destination, ""))
        inmate = Inmate(facility=facilities[destination], previous_stay=None,
                        **{f: getattr(s.inmate, f) for f in IDENTITY_FIELDS})
        events = []
        if confirmed:
            arrived = day + timedelta(days=1)
            release = next(e[1] for e in s.events if e[0] == "ekspirasi")
            events = [("pindah_masuk", arrived, None, facilities[source].name),
                      ("ekspirasi", release, None, f"Dibawa dari {facilities[source].name}")]
        add(by_code[destination], inmate, events, previous=s)

    # A possible duplicate: someone without NIK at Pati with the same name and birth date as
    # someone held at Blora (entered twice instead of transferred).
    if {"rutan-blora", "rutan-pati"} <= codes:
        original = pick("rutan-blora").inmate
        twin = pick("rutan-pati").inmate
        twin.full_name, twin.birth_date, twin.sex = original.full_name, original.birth_date, original.sex
        twin.nik, twin.nik_status = None, NikStatus.NONE

    # Foreign nationals.
    for code in ("lapas-semarang", "rutan-surabaya"):
        if code in codes:
            s = pick(code)
            s.inmate.citizenship = "WNA"
            s.inmate.nik, s.inmate.nik_status, s.inmate.nkk = None, NikStatus.NONE, ""


def _reidentify(gen: Generator, inmate: Inmate, birth: date) -> None:
    inmate.birth_date = birth
    if inmate.nik:
        gen.niks.discard(inmate.nik)
        inmate.nik = gen.nik_for(inmate.home_region_id, birth, inmate.sex)


def _write(stays: list[Stay]) -> dict[str, int]:
    for stay in stays:
        summary = custody.summarize(custody.Event(kind, day) for kind, day, _dest, _note in stay.events)
        inmate = stay.inmate
        inmate.custody_state = summary.state
        inmate.admitted_on = summary.admitted_on
        inmate.expected_release = summary.expected_release
        inmate.left_on = summary.left_on
    # Sources first, so destinations can point at them.
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
    for code, kind, class_label, name, desa, capacity, _held, _weights in FACILITIES:
        facility, _created = Facility.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "class_label": class_label, "name": name, "location_id": desa,
                      "capacity": capacity},
        )
        facilities[code] = facility
    return facilities
