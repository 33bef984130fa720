"""A national registry at scale, on top of the demo (`manage.py seed_scale`, issue 15).

N facilities over real kab/kota codes (a few large Lapas Kelas I, more Lapas of middle size, many small
Rutan) and M WBP stays among them, in proportion to their size. Each stay is one person with a NIK whose
region part, birth date and sex agree with the record (inmates/nik.py), a few percent without NIK (at every
stage of perekaman) or with a NIK not yet verified; homes mostly in the facility's own kab/kota, some in its
province, a few anywhere. Admissions, releases, transfers (a stay ended here, confirmed at another facility
of the province) and deaths are spread over the two years before the demo's anchor day
(inmates.demo.ANCHOR), never the real clock, so a seed gives the same registry on any day.

Why not the ORM: 270,000 stays, 600,000 events and their history rows must load in minutes on a small
machine. The plan is built as plain tuples in Python (`plan`), then written with PostgreSQL's COPY (plain
multi-row INSERTs on SQLite, tps_khusus.bulk); the history rows are copied from the rows just written in
one INSERT ... SELECT per table (inmates.bulk), as the import does. Primary keys are given explicitly, so
events and transfers point at their stays without reading anything back; the sequences are moved past them.
"""

import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inmates.bulk import copy_to_history
from inmates.demo import ANCHOR, FAMILY, FEMALE, MALE, MOTHERS, STREETS
from inmates.models import CustodyEvent, Facility, Inmate
from regions import reference
from tps_khusus.bulk import insert_values

ALREADY_SEEDED = _("Data skala sudah ada (Lapas/Rutan %(code)s); jalankan pada basis data berisi demo saja.")
NO_REGIONS = _("Data wilayah belum dimuat; jalankan dulu seed_demo.")

WINDOW_DAYS = 730  # admissions, releases and transfers over the two years before ANCHOR
HISTORY_REASON = "seed_scale"

# Shares of facilities by kind and their relative size (Ditjenpas: a few Lapas Kelas I hold thousands,
# most Rutan a few hundred).
LARGE_SHARE, MIDDLE_SHARE = 0.05, 0.30
LARGE_WEIGHT, MIDDLE_WEIGHT, SMALL_WEIGHT = (6.0, 12.0), (1.5, 3.0), (0.4, 1.2)
# How a stay stands at ANCHOR (the rest is held).
RELEASED_SHARE, TRANSFER_SHARE, DEATH_SHARE, OVERDUE_SHARE = 0.27, 0.04, 0.008, 0.01
DETAINEE_SHARE = 0.35
WNA_SHARE = 0.003
NO_NIK_SHARES = [("tanpa_nik", 0.02), ("diajukan", 0.007), ("tidak_ditemukan", 0.003)]  # a few percent
UNVERIFIED_SHARE = 0.05
OWN_KABKOTA, OWN_PROVINCE = 0.85, 0.10  # the rest: anywhere


@dataclass
class FacilityPlan:
    pk: int
    code: str
    kind: str
    class_label: str
    name: str
    desa: str
    capacity: int
    stays: int


@dataclass
class ScalePlan:
    facilities: list[FacilityPlan] = field(default_factory=list)
    inmates: list[tuple] = field(default_factory=list)  # INMATE_COLUMNS
    events: list[tuple] = field(default_factory=list)  # EVENT_COLUMNS


INMATE_FIELDS = [
    "id", "facility_id", "register_number", "detention_status", "nik", "nik_status", "nik_mismatch_confirmed",
    "perekaman_submitted_on", "perekaman_batch", "nkk", "full_name", "mother_name", "birth_place", "birth_date",
    "sex", "marital_status", "citizenship", "address", "rt", "rw", "home_region_id", "disability",
    "ktp_el_recorded", "tni_polri_status", "tni_polri_since", "revoked_right", "revocation_decision_number",
    "revocation_decision_date", "revoked_from", "revoked_until", "custody_state", "admitted_on", "expected_release",
    "left_on", "previous_stay_id", "created_at", "updated_at", "version",
]
EVENT_FIELDS = ["id", "inmate_id", "kind", "date", "destination_id", "note", "recorded_by_id", "recorded_at"]
FACILITY_FIELDS = ["id", "kind", "class_label", "name", "code", "location_id", "address", "capacity"]


def _short(name: str) -> str:
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        name = name.removeprefix(prefix)
    return name.title() if name.isupper() else name


class Planner:
    def __init__(self, *, seed: int, first_facility: int, first_inmate: int, first_event: int,
                 taken_niks: set[str], stamp):
        self.rng = random.Random(seed)
        self.next_facility, self.next_inmate, self.next_event = first_facility, first_inmate, first_event
        self.niks = taken_niks
        self.stamp = stamp
        self.names = reference.names()
        self.desa_by_kab: dict[str, list[str]] = {}
        for code, _name, _parent in reference.region_rows(reference.DESA):
            self.desa_by_kab.setdefault(code[:5], []).append(code)
        self.kabs = sorted(self.desa_by_kab)
        self.kabs_by_province: dict[str, list[str]] = {}
        for kab in self.kabs:
            self.kabs_by_province.setdefault(kab[:2], []).append(kab)
        self.plan = ScalePlan()

    # facilities -------------------------------------------------------------------------
    def facilities(self, count: int, stays: int) -> list[FacilityPlan]:
        rng = self.rng
        kabs = list(self.kabs)
        rng.shuffle(kabs)
        large = max(1, round(count * LARGE_SHARE)) if count >= 3 else 1
        middle = round(count * MIDDLE_SHARE)
        specs, weights = [], []
        used = set(Facility.objects.values_list("name", flat=True))  # the demo's, e.g. Lapas Kelas I Semarang
        for index in range(count):
            kab = kabs[index % len(kabs)]
            if index < large:
                kind, label, weight = Facility.Kind.LAPAS, "I", rng.uniform(*LARGE_WEIGHT)
            elif index < large + middle:
                kind, label, weight = Facility.Kind.LAPAS, rng.choice(["IIA", "IIB"]), rng.uniform(*MIDDLE_WEIGHT)
            else:
                kind, label, weight = Facility.Kind.RUTAN, rng.choice(["IIA", "IIB", "IIB"]), rng.uniform(*SMALL_WEIGHT)
            place = _short(self.names[kab])
            name = f"{Facility.Kind(kind).label} Kelas {label} {place}"
            number = 2
            while name in used:
                name, number = f"{Facility.Kind(kind).label} Kelas {label} {place} {number}", number + 1
            used.add(name)
            code = f"{kind}-{kab.replace('.', '')}-{index + 1}"
            specs.append((kind, label, name, code, rng.choice(self.desa_by_kab[kab])))
            weights.append(weight)
        # Stays in proportion to the weights, the remainders to the largest fractions (sums to `stays`).
        total = sum(weights)
        shares = [stays * w / total for w in weights]
        sizes = [int(s) for s in shares]
        for index in sorted(range(count), key=lambda i: (sizes[i] - shares[i], i))[:stays - sum(sizes)]:
            sizes[index] += 1
        for (kind, label, name, code, desa), size in zip(specs, sizes, strict=True):
            self.plan.facilities.append(FacilityPlan(
                pk=self.next_facility, code=code, kind=kind, class_label=label, name=name, desa=desa,
                capacity=max(50, round(size * rng.uniform(0.45, 0.8)), ), stays=size))
            self.next_facility += 1
        return self.plan.facilities

    # people -----------------------------------------------------------------------------
    def home(self, facility: FacilityPlan) -> str:
        roll = self.rng.random()
        kab = facility.desa[:5]
        if roll >= OWN_KABKOTA + OWN_PROVINCE:
            kab = self.rng.choice(self.kabs)
        elif roll >= OWN_KABKOTA:
            kab = self.rng.choice(self.kabs_by_province[kab[:2]])
        return self.rng.choice(self.desa_by_kab[kab])

    def nik(self, desa: str, birth: date, sex: str) -> str:
        kec = desa[:8].replace(".", "")
        head = f"{kec}{birth.day + (40 if sex == 'P' else 0):02d}{birth:%m%y}"
        while True:
            nik = f"{head}{self.rng.randint(1, 9999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik

    def identity(self, facility: FacilityPlan, detention: str) -> dict:
        rng = self.rng
        sex = "P" if rng.random() < 0.06 else "L"
        birth = ANCHOR - timedelta(days=rng.randint(19 * 365 + 5, 65 * 365))
        desa = self.home(facility)
        age = (ANCHOR - birth).days // 365
        marital = "B" if age < 24 else rng.choice("SSSPB")
        values = {
            "detention_status": detention, "nik": None, "nik_status": "terverifikasi", "perekaman_submitted_on": None,
            "perekaman_batch": "", "nkk": desa[:8].replace(".", "") + f"{rng.randint(1, 99_999_999):010d}",
            "full_name": f"{rng.choice(FEMALE if sex == 'P' else MALE)} {rng.choice(FAMILY)}",
            "mother_name": rng.choice(MOTHERS), "birth_place": _short(self.names[desa[:5]]), "birth_date": birth,
            "sex": sex, "marital_status": marital, "citizenship": "WNI",
            "address": f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}", "rt": f"{rng.randint(1, 12):03d}",
            "rw": f"{rng.randint(1, 8):03d}", "home_region_id": desa, "ktp_el_recorded": True,
            "disability": 0 if rng.random() > 0.01 else rng.randint(1, 6),
        }
        roll = rng.random()
        if roll < WNA_SHARE:
            values.update(citizenship="WNA", nkk="", nik_status="tanpa_nik", ktp_el_recorded=False)
            return values
        roll = rng.random()
        for status, share in NO_NIK_SHARES:
            if roll < share:
                values.update(nik_status=status, ktp_el_recorded=False)
                if status != "tanpa_nik":
                    values.update(perekaman_batch=f"{facility.code[:20].upper()}-2026",
                                  perekaman_submitted_on=ANCHOR - timedelta(days=rng.randint(20, 200)))
                return values
            roll -= share
        values["nik"] = self.nik(desa, birth, sex)
        if rng.random() < UNVERIFIED_SHARE:
            values["nik_status"] = "belum_verifikasi"
        return values

    # stays ------------------------------------------------------------------------------
    def _stay(self, facility: FacilityPlan, identity: dict, *, state: str, admitted: date, release: date | None,
              left: date | None, previous: int | None, events: list[tuple]) -> int:
        pk = self.next_inmate
        self.next_inmate += 1
        row = dict(identity, id=pk, facility_id=facility.pk, custody_state=state, admitted_on=admitted,
                   expected_release=release, left_on=left, previous_stay_id=previous)
        self._rows.append(row)
        for kind, day, destination, note in events:
            self.plan.events.append((self.next_event, pk, kind, day, destination, note, None, self.stamp))
            self.next_event += 1
        return pk

    def stays(self) -> None:
        rng = self.rng
        start = ANCHOR - timedelta(days=WINDOW_DAYS)
        by_province: dict[str, list[FacilityPlan]] = {}
        for facility in self.plan.facilities:
            by_province.setdefault(facility.desa[:2], []).append(facility)
        self._rows: list[dict] = []
        # A transfer's destination stay counts among the destination's stays: keep the totals exact.
        room = {facility.pk: facility.stays for facility in self.plan.facilities}
        for facility in self.plan.facilities:
            while room[facility.pk] > 0:
                room[facility.pk] -= 1
                detention = "tahanan" if rng.random() < DETAINEE_SHARE else "narapidana"
                low, high = (45, 300) if detention == "tahanan" else (180, 2500)
                identity = self.identity(facility, detention)
                roll = rng.random()
                if roll < RELEASED_SHARE + DEATH_SHARE:  # left during the window
                    left = start + timedelta(days=rng.randint(0, WINDOW_DAYS - 1))
                    admitted = left - timedelta(days=rng.randint(low, high))
                    kind, state = ("meninggal", "meninggal") if roll < DEATH_SHARE else ("bebas", "bebas")
                    release = left if kind == "bebas" else left + timedelta(days=rng.randint(30, 600))
                    self._stay(facility, identity, state=state, admitted=admitted, release=release, left=left,
                               previous=None, events=[("masuk", admitted, None, ""), ("ekspirasi", release, None, ""),
                                                      (kind, left, None, "")])
                    continue
                admitted = ANCHOR - timedelta(days=rng.randint(0, high))
                release = admitted + timedelta(days=rng.randint(low, high))
                if release <= ANCHOR:  # still held: due out after ANCHOR, or overdue now and then
                    release = ANCHOR + timedelta(days=rng.randint(1, high)) if rng.random() > OVERDUE_SHARE \
                        else ANCHOR - timedelta(days=rng.randint(1, 20))
                events = [("masuk", admitted, None, ""), ("ekspirasi", release, None, "")]
                peers = [f for f in by_province[facility.desa[:2]] if f.pk != facility.pk and room[f.pk] > 0]
                moved = admitted + timedelta(days=rng.randint(1, 400))
                if roll < RELEASED_SHARE + DEATH_SHARE + TRANSFER_SHARE and peers and start <= moved < ANCHOR:
                    destination = rng.choice(peers)
                    room[destination.pk] -= 1
                    source = self._stay(facility, identity, state="dipindah", admitted=admitted, release=release,
                                        left=moved, previous=None,
                                        events=[*events, ("pindah_keluar", moved, destination.pk, "")])
                    arrived = moved + timedelta(days=1)
                    self._stay(destination, identity, state="ditahan", admitted=arrived, release=release, left=None,
                               previous=source, events=[("pindah_masuk", arrived, None, facility.name),
                                                        ("ekspirasi", release, None, f"Dibawa dari {facility.name}")])
                    continue
                self._stay(facility, identity, state="ditahan", admitted=admitted, release=release, left=None,
                           previous=None, events=events)
        self._register_numbers()
        defaults = _inmate_defaults(self.stamp)
        self.plan.inmates = [tuple(row.get(name, default) for name, default in defaults) for row in self._rows]

    def _register_numbers(self) -> None:
        """Per facility, in order of arrival: AI (tahanan) or BI (narapidana), a counter, the year."""
        counters: dict[int, int] = {}
        for row in sorted(self._rows, key=lambda r: (r["facility_id"], r["admitted_on"], r["id"])):
            counters[row["facility_id"]] = counters.get(row["facility_id"], 0) + 1
            prefix = "AI" if row["detention_status"] == "tahanan" else "BI"
            row["register_number"] = f"{prefix}.{counters[row['facility_id']]:05d}/{row['admitted_on'].year}"


def _inmate_defaults(stamp) -> list[tuple[str, object]]:
    defaults = {"nik_mismatch_confirmed": False, "tni_polri_status": "bukan", "tni_polri_since": None,
                "revoked_right": "", "revocation_decision_number": "", "revocation_decision_date": None,
                "revoked_from": None, "revoked_until": None, "created_at": stamp, "updated_at": stamp, "version": 0}
    return [(name, defaults.get(name)) for name in INMATE_FIELDS]


def plan(*, facilities: int, inmates: int, seed: int, first_ids: tuple[int, int, int], taken_niks: set[str],
         stamp) -> ScalePlan:
    """Everything seed_scale writes, as rows (pure but for reading the region codes)."""
    planner = Planner(seed=seed, first_facility=first_ids[0], first_inmate=first_ids[1], first_event=first_ids[2],
                      taken_niks=taken_niks, stamp=stamp)
    planner.facilities(facilities, inmates)
    planner.stays()
    return planner.plan


# Writing ---------------------------------------------------------------------------------------

def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def _sqlite_value(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_rows(model, fields: list[str], rows: Sequence[tuple], progress: Callable[[int], None] | None = None,
               chunk: int = 20_000) -> int:
    """Rows (in `fields` order, attnames) into model's table: COPY on PostgreSQL, multi-row INSERT elsewhere."""
    columns = [model._meta.get_field(name.removesuffix("_id") if name != "id" else name).column for name in fields]
    written = 0
    for begin in range(0, len(rows), chunk):
        batch = rows[begin:begin + chunk]
        if connection.vendor == "postgresql":
            buffer = io.StringIO("".join("\t".join(_copy_value(v) for v in row) + "\n" for row in batch))
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN", buffer)
        else:
            insert_values(model, columns, [tuple(_sqlite_value(v) for v in row) for row in batch])
        written += len(batch)
        if progress:
            progress(written)
    return written


def _reset_sequences(*models) -> None:
    statements = connection.ops.sequence_reset_sql(_NoStyle(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text


def next_ids() -> tuple[int, int, int]:
    return tuple((model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
                 for model in (Facility, Inmate, CustodyEvent))


@transaction.atomic
def write(scale: ScalePlan, *, progress: Callable[[str, int, int], None] = lambda *a: None) -> None:
    facility_rows = [(f.pk, f.kind, f.class_label, f.name, f.code, f.desa, "", f.capacity) for f in scale.facilities]
    write_rows(Facility, FACILITY_FIELDS, facility_rows)
    total = len(scale.inmates)
    write_rows(Inmate, INMATE_FIELDS, scale.inmates, lambda done: progress("inmates", done, total))
    events = len(scale.events)
    write_rows(CustodyEvent, EVENT_FIELDS, scale.events, lambda done: progress("events", done, events))
    when = timezone.now()
    first_inmate = scale.inmates[0][0] if scale.inmates else 0
    first_event = scale.events[0][0] if scale.events else 0
    progress("history", 0, 2)
    copy_to_history(Inmate, Inmate.objects.filter(pk__gte=first_inmate), when=when, user_id=None,
                    reason=HISTORY_REASON)
    progress("history", 1, 2)
    copy_to_history(CustodyEvent, CustodyEvent.objects.filter(pk__gte=first_event), when=when, user_id=None,
                    reason=HISTORY_REASON)
    progress("history", 2, 2)
    _reset_sequences(Facility, Inmate, CustodyEvent)


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL; SQLite's ANALYZE too)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
