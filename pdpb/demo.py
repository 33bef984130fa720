"""Demo PDPB: Triwulan I 2025 up to the demo's anchored "today" (inmates.demo.ANCHOR) are computed from
the demo registry. On top of it, Rutan Blora gets the people whose story shows the reasons the registry's
ordinary turnover (admissions, releases, transfers, deaths) does not, each on fixed past dates (`STORIES`):
a 17th birthday, a police officer's dismissal (TMS lifted), an active police officer recorded as such
(TMS), two NIK verified and an address corrected in the anchored quarter (their history dated in the story,
not on the day the demo is seeded). Rutan Blora's Triwulan III 2026 is locked by KPU Blora (its diff: that
quarter's mutations), and Rutan Pati has submitted the anchored quarter. Nothing depends on the day it runs."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from inmates import services as registry
from inmates.demo import ANCHOR
from inmates.models import DetentionStatus, Inmate, MaritalStatus, NikStatus, TniPolriStatus
from pdpb import services
from pdpb.models import PdpbPeriod, Reason
from pdpb.quarters import Quarter

LOCKED = Quarter(2026, 3)
PLENO_NOTE = "Pleno terbuka rekapitulasi PDPB triwulan III, KPU Kabupaten Blora."
HOME = "33.16.09.1013"  # a desa of Kabupaten Blora (the Rutan's own)


@dataclass(frozen=True)
class Story:
    """A WBP of Rutan Blora whose record shows one PDPB reason in one quarter. `change`: a registry
    update made on `changed_on` (dated so in the stay's history); `verify`: NIK verified on `changed_on`."""

    register_number: str
    full_name: str
    birth_date: date
    admitted_on: date
    expected_release: date
    shows: tuple[str, Quarter]  # the reason, and the quarter it appears in
    fields: dict = field(default_factory=dict)
    change: dict = field(default_factory=dict)
    verify: bool = False
    changed_on: date | None = None


STORIES = [
    Story("AI.9001/2025", "Fajar Ramadhan", date(2009, 2, 16), date(2025, 12, 8), date(2027, 6, 7),
          (Reason.TURNED_17, Quarter(2026, 1)),
          fields={"marital_status": MaritalStatus.NEVER, "detention_status": DetentionStatus.DETAINEE}),
    Story("BI.9002/2025", "Hendra Saputra", date(1988, 6, 21), date(2025, 4, 14), date(2027, 4, 13),
          (Reason.TMS_LIFTED, Quarter(2025, 3)),  # PTDH on 20 August 2025: active until then
          fields={"tni_polri_status": TniPolriStatus.DISMISSED, "tni_polri_since": date(2025, 8, 20)}),
    Story("AI.9003/2026", "Dedi Kurniawan", date(1991, 10, 5), date(2026, 1, 19), date(2028, 1, 18),
          (Reason.TNI_POLRI, Quarter(2026, 2)),  # recorded on 12 May 2026 as a serving police officer
          fields={"detention_status": DetentionStatus.DETAINEE},
          change={"tni_polri_status": TniPolriStatus.ACTIVE, "tni_polri_since": date(2014, 3, 1)},
          changed_on=date(2026, 5, 12)),
    Story("AI.9004/2026", "Rizky Hidayat", date(1996, 3, 27), date(2026, 7, 6), date(2027, 7, 5),
          (Reason.NIK, Quarter(2026, 4)), fields={"nik_status": NikStatus.UNVERIFIED}, verify=True,
          changed_on=ANCHOR - timedelta(days=21)),
    Story("AI.9005/2026", "Yusuf Prasetyo", date(1993, 11, 2), date(2026, 8, 17), date(2027, 11, 16),
          (Reason.NIK, Quarter(2026, 4)), fields={"nik_status": NikStatus.UNVERIFIED}, verify=True,
          changed_on=ANCHOR - timedelta(days=20)),
]


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _dated(inmate: Inmate, day, *, after: int = -1) -> None:
    """Date the stay's history rows written after history id `after` (by default: its latest row) on `day`."""
    rows = Inmate.history.filter(id=inmate.pk)
    if after < 0:
        rows = rows.filter(history_id=rows.order_by("-history_id").values("history_id")[:1])
    else:
        rows = rows.filter(history_id__gt=after)
    rows.update(history_date=_at(day))


def _last_history_id(inmate: Inmate) -> int:
    return Inmate.history.filter(id=inmate.pk).order_by("-history_id").values_list("history_id", flat=True)[0]


def _nik(birth: date, serial: str) -> str:
    return f"{HOME[:8].replace('.', '')}{birth:%d%m%y}{serial}"


def seed_stories(facility, user) -> dict[str, Inmate]:
    """Rutan Blora's PDPB stories (STORIES), through the registry's services, their history dated in the story."""
    created = {}
    for story in STORIES:
        data = {"register_number": story.register_number, "full_name": story.full_name, "nik": _nik(
            story.birth_date, story.register_number[3:7]), "nik_status": NikStatus.VERIFIED,
            "nkk": _nik(date(2001, 1, 1), story.register_number[3:7]), "birth_place": "Blora",
            "birth_date": story.birth_date, "sex": "L", "marital_status": MaritalStatus.MARRIED, "mother_name": "Sumiati",
            "address": "Dusun Krajan No. 7", "rt": "002", "rw": "001", "home_region_id": HOME, "ktp_el_recorded": True,
            "detention_status": DetentionStatus.CONVICT, **story.fields}
        inmate = registry.inmate_create(facility=facility, data=data, admitted_on=story.admitted_on,
                                        expected_release=story.expected_release, user=user)
        _dated(inmate, story.admitted_on, after=0)
        if story.change or story.verify:
            before = _last_history_id(inmate)
            if story.change:
                registry.inmate_update(inmate=inmate, data=story.change, user=user)
            if story.verify:
                registry.nik_verify(inmate=inmate, user=user)
            _dated(inmate, story.changed_on, after=before)
        created[story.register_number] = inmate
    return created


@transaction.atomic
def seed_pdpb(facilities: dict) -> bool:
    """Returns False when the demo's periods exist already (idempotent)."""
    if PdpbPeriod.objects.filter(facility__in=facilities.values()).exists():
        return False
    blora, pati = facilities["rutan-blora"], facilities["rutan-pati"]
    staff_blora, staff_pati = User.objects.get(username="petugas.blora"), User.objects.get(username="petugas.pati")
    kpu = User.objects.get(username="kpu.blora")
    current = Quarter.of(ANCHOR)
    seed_stories(blora, staff_blora)
    held = Inmate.objects.filter(facility=blora, custody_state__in=["ditahan"]).order_by("pk")
    corrected = held.filter(nik_status=NikStatus.VERIFIED, admitted_on__lt=current.start).exclude(rt="").first()
    if corrected is not None:
        registry.inmate_update(inmate=corrected, data={"address": f"{corrected.address} (diperbaiki)"[:200]},
                               user=staff_blora)
        _dated(corrected, ANCHOR - timedelta(days=15))
    services.period_submit(facility=blora, quarter=LOCKED, user=staff_blora, today=ANCHOR,
                           note="Mutasi triwulan III sudah dicek dengan register.")
    services.period_lock(facility=blora, quarter=LOCKED, confirm=LOCKED.label, note=PLENO_NOTE, user=kpu, today=ANCHOR)
    services.period_submit(facility=pati, quarter=current, user=staff_pati, today=ANCHOR)
    seed_extract(kpu)
    return True


def extract_csv() -> bytes:
    """A DPB extract of Kabupaten Blora: most WBP from Blora held now are in it by NIK, one by name and birth
    date under another NIK (a candidate to review), some are missing; and residents who were never held."""
    from inmates.models import ACTIVE_STATES

    stays = list(Inmate.objects.filter(home_region__code__startswith="33.16.", custody_state__in=ACTIVE_STATES,
                                       nik__isnull=False).order_by("pk"))
    lines = ["NIK;NKK;NAMA;TEMPAT LAHIR;TANGGAL LAHIR;JENIS KELAMIN;ALAMAT;DESA;TPS"]
    for index, stay in enumerate(stays):
        if index % 7 == 3:
            continue  # not in the DPB: to be added at home
        nik = stay.nik
        if index == 1:
            nik = f"{int(nik[:12]) + 1:012d}{nik[12:]}"[:16]  # another NIK: matched by name and birth date only
        lines.append(f"{nik};{stay.nkk};{stay.full_name.upper()};{stay.birth_place};{stay.birth_date:%d-%m-%Y};"
                     f"{stay.sex};{stay.address};Desa {stay.home_region_id[-4:]};"
                     f"{index % 12 + 1:03d}")
    for number in range(40):
        lines.append(f"3316{number:012d};3316{number:012d};WARGA BLORA {number};Blora;01-01-1980;L;Jl. Desa;"
                     f"Kamolan;{number % 12 + 1:03d}")
    return ("\n".join(lines) + "\n").encode()


def seed_extract(kpu) -> None:
    from pdpb import crosscheck
    from regions.models import Region

    crosscheck.extract_upload(region=Region.objects.get(code="33.16"), file_name="dpb-blora-triwulan-iv.csv",
                              data=extract_csv(), user=kpu)
