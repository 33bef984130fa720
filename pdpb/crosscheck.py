"""Cross-check with KPU's list: a review queue, never automatic.

A KPU kab/kota uploads an extract of its DPB/DPT; each WBP whose KTP-el home lies in that kab/kota
(held anywhere) is shown with the extract's rows that match its NIK exactly, or, failing that, the
rows with the same name and birth date (candidates). A person then decides each WBP's status at home
(HomeRegistration: registered with desa and TPS, not registered, unclear); a match alone changes
nothing. Extracts are kept until they expire, seen only by the KPU of their kab/kota and admins.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import area_of, stored_user
from accounts.models import Role
from inmates.models import ACTIVE_STATES, Inmate
from pdpb import extracts
from pdpb.models import DpbExtract, DpbExtractLog, DpbRow, HomeRegistration
from regions.models import Region

NOT_KABKOTA = _("Pilih kabupaten/kota.")
NOT_IN_QUEUE = _("WBP ini tidak ada dalam antrean ekstrak ini.")
ROW_NOT_IN_EXTRACT = _("Baris itu bukan dari ekstrak ini.")
REGISTERED_NEEDS_PLACE = _("Untuk status terdaftar, pilih baris DPB yang cocok atau isi desa dan TPS.")
EXACT, CANDIDATE, NONE = "nik", "nama_tanggal_lahir", "tidak_ada"
MATCH_LABELS = {EXACT: _("NIK sama"), CANDIDATE: _("Nama dan tanggal lahir sama (NIK berbeda/kosong)"),
                NONE: _("Tidak ditemukan di ekstrak")}


def may_use(user) -> bool:
    area = area_of(user)
    return area.is_admin or area.role == Role.KPU_KABKOTA


def extract_area(user) -> str | None:
    """The kab/kota whose extracts (rows, log) the user may see: None for every one (admins), "" for none."""
    area = area_of(user)
    if area.is_admin:
        return None
    if area.role == Role.KPU_KABKOTA:
        return area.region_code
    return ""


def extracts_for(user) -> QuerySet[DpbExtract]:
    region = extract_area(user)
    queryset = DpbExtract.objects.select_related("region", "uploaded_by")
    if region is None:
        return queryset
    return queryset.filter(region_id=region) if region else queryset.none()


def decisions_for(user, queryset: QuerySet[HomeRegistration] | None = None) -> QuerySet[HomeRegistration]:
    """Decisions on WBP held in the user's area, and, for KPU, on WBP whose KTP-el home is in it (the home
    KPU decides them, wherever the WBP is held)."""
    queryset = HomeRegistration.objects.all() if queryset is None else queryset
    area = area_of(user)
    held = area.facility_filter(HomeRegistration.scope_path)
    if held is None:
        return queryset
    if area.is_kpu:
        held |= Q(inmate__home_region__code__startswith=f"{area.region_code}.")
    return queryset.filter(held)


def extract_for(user, pk: int) -> DpbExtract:
    extract = extracts_for(user).filter(pk=pk).first()
    if extract is None:
        raise Http404
    return extract


@transaction.atomic
def extract_upload(*, region: Region, file_name: str, data: bytes, user) -> DpbExtract:
    """Read the whole file (extracts.read: Rejected on any problem), then store it and log the upload."""
    if region.level != Region.Level.KABKOTA:
        raise ValidationError({"region": NOT_KABKOTA})
    try:
        lines = extracts.read(data, file_name)
    except extracts.Rejected as rejected:
        raise ValidationError({"file": rejected.message}) from None
    extract = DpbExtract.objects.create(
        region=region, file_name=file_name[:255], file_sha256=hashlib.sha256(data).hexdigest(), row_count=len(lines),
        uploaded_by=stored_user(user), expires_at=timezone.now() + timedelta(days=settings.PDPB_EXTRACT_KEEP_DAYS))
    DpbRow.objects.bulk_create([DpbRow(extract=extract, name_key=extracts.name_key(line.full_name), **vars(line))
                                for line in lines], batch_size=2000)
    DpbExtractLog.objects.create(action=DpbExtractLog.Action.UPLOADED, region=region, file_name=extract.file_name,
                                 row_count=extract.row_count, by=stored_user(user))
    return extract


@transaction.atomic
def extract_delete(*, extract: DpbExtract, user, action: str = DpbExtractLog.Action.DELETED) -> None:
    DpbExtractLog.objects.create(action=action, region_id=extract.region_id, file_name=extract.file_name,
                                 row_count=extract.row_count, by=stored_user(user))
    extract.delete()


def extracts_purge(*, now=None) -> int:
    """Delete every extract whose keeping time has passed (manage.py purge_dpb_extracts); each is logged."""
    now = now or timezone.now()
    expired = list(DpbExtract.objects.filter(expires_at__lte=now))
    for extract in expired:
        extract_delete(extract=extract, user=None, action=DpbExtractLog.Action.EXPIRED)
    return len(expired)


@dataclass
class QueueItem:
    inmate: Inmate
    match: str
    rows: list[DpbRow] = field(default_factory=list)
    decision: HomeRegistration | None = None

    @property
    def match_label(self) -> str:
        return str(MATCH_LABELS[self.match])


def _stays(extract: DpbExtract) -> QuerySet[Inmate]:
    return Inmate.objects.filter(home_region__code__startswith=f"{extract.region_id}.",
                                 custody_state__in=ACTIVE_STATES)


def queue(extract: DpbExtract) -> list[QueueItem]:
    """Every WBP of the extract's kab/kota with its matches and latest decision; four queries."""
    stays = list(_stays(extract).select_related("facility").order_by("full_name", "pk"))
    niks = {s.nik for s in stays if s.nik}
    by_nik = defaultdict(list)
    for row in extract.rows.filter(nik__in=niks):
        by_nik[row.nik].append(row)
    births = {s.birth_date for s in stays}
    by_name = defaultdict(list)
    for row in extract.rows.filter(birth_date__in=births):
        by_name[(row.name_key, row.birth_date)].append(row)
    decisions = {}
    for decision in HomeRegistration.objects.filter(inmate__in=stays).select_related("by"):
        decisions.setdefault(decision.inmate_id, decision)
    items = []
    for stay in stays:
        exact = by_nik.get(stay.nik, []) if stay.nik else []
        if exact:
            item = QueueItem(stay, EXACT, exact)
        else:
            candidates = by_name.get((extracts.name_key(stay.full_name), stay.birth_date), [])
            item = QueueItem(stay, CANDIDATE if candidates else NONE, candidates)
        item.decision = decisions.get(stay.pk)
        items.append(item)
    return items


@transaction.atomic
def decide(*, extract: DpbExtract, inmate_id: int, status: str, row_id: int | None = None, desa: str = "",
           tps: str = "", note: str = "", user) -> HomeRegistration:
    inmate = _stays(extract).filter(pk=inmate_id).first()
    if inmate is None:
        raise ValidationError(NOT_IN_QUEUE)
    if status not in HomeRegistration.Status.values:
        raise ValidationError(NOT_IN_QUEUE)
    if row_id:
        row = extract.rows.filter(pk=row_id).first()
        if row is None:
            raise ValidationError(ROW_NOT_IN_EXTRACT)
        desa, tps = desa or row.desa, tps or row.tps
    if status == HomeRegistration.Status.REGISTERED and not (desa and tps):
        raise ValidationError(REGISTERED_NEEDS_PLACE)
    return HomeRegistration.objects.create(
        inmate=inmate, status=status, desa=desa.strip()[:80], tps=tps.strip()[:10], note=note.strip()[:300],
        extract=extract, extract_name=extract.file_name, by=stored_user(user))
