"""Demo PDPB: Triwulan I 2025 up to the demo's anchored "today" (inmates.demo.ANCHOR) are computed from
the demo registry; on top of it, the anchored quarter gets NIK verified and an address corrected at
Rutan Blora (their history dated in the story, not on the day the demo is seeded), Rutan Blora's
Triwulan III 2026 is locked by KPU Blora (its diff: that quarter's mutations), and Rutan Pati has
submitted the anchored quarter. Nothing depends on the day it runs."""

from datetime import datetime, time, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from inmates import services as registry
from inmates.demo import ANCHOR
from inmates.models import Inmate, NikStatus
from pdpb import services
from pdpb.models import PdpbPeriod
from pdpb.quarters import Quarter
from registration import people, rules

LOCKED = Quarter(2026, 3)
PLENO_NOTE = "Pleno terbuka rekapitulasi PDPB triwulan III, KPU Kabupaten Blora."


def _dated(inmate: Inmate, day) -> None:
    """Date the stay's latest history row on `day` of the story."""
    row = Inmate.history.filter(id=inmate.pk).order_by("-history_id").first()
    row.history_date = timezone.make_aware(datetime.combine(day, time(10)))
    row.save(update_fields=["history_date"])


@transaction.atomic
def seed_pdpb(facilities: dict) -> bool:
    """Returns False when the demo's periods exist already (idempotent)."""
    if PdpbPeriod.objects.filter(facility__in=facilities.values()).exists():
        return False
    blora, pati = facilities["rutan-blora"], facilities["rutan-pati"]
    staff_blora, staff_pati = User.objects.get(username="petugas.blora"), User.objects.get(username="petugas.pati")
    kpu = User.objects.get(username="kpu.blora")
    current = Quarter.of(ANCHOR)
    held = Inmate.objects.filter(facility=blora, custody_state__in=["ditahan"]).order_by("pk")
    waiting = [inmate for inmate in people.stays(held.filter(nik_status=NikStatus.UNVERIFIED))
               if all(rules.eligibility(people.person_of(inmate), day).codes == (rules.NIK_UNVERIFIED.code,)
                      for day in (current.previous.end, ANCHOR))]
    for offset, inmate in enumerate(Inmate.objects.filter(pk__in=[i.pk for i in waiting[:2]]).order_by("pk")):
        registry.nik_verify(inmate=inmate, user=staff_blora)
        _dated(inmate, ANCHOR - timedelta(days=20 + offset))
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
