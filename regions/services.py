"""Writes to the reference data: loading region and dapil editions, moving references to a new
region edition. Each is all or nothing, checks everything before it saves, and drops the process's
in-memory copy (regions.reference) so what it saved is read at once; other processes notice
within reference.RECHECK_SECONDS."""

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_update_with_history

from regions import checks, files, messages, reference
from regions.models import Dapil, DapilArea, DapilEdition, Level, Region, RegionEdition, RegionRenumbering
from regions.selectors import references_outside
from regions.signals import region_codes_moved
from tps_khusus.bulk import in_values, insert_values

BATCH = 5000


@dataclass
class RegionLoad:
    code: str
    counts: dict[int, int]
    is_current: bool
    retired: int = 0   # codes of the edition current before that this one does not have
    added: int = 0     # codes no edition had before


@transaction.atomic
def _save_region_edition(*, code: str, name: str, decree: str, folder: checks.RegionFolder, make_current: bool,
                         shipped: bool, checksum: str) -> RegionLoad:
    """Write one checked edition: new codes inserted, the current edition's names and parents kept
    up to date, the edition's membership made equal to the folder. Plain multi-row SQL, because
    the ORM's bulk_create spends seconds preparing 90,000 objects; a reload that changes nothing
    writes nothing but the edition row."""
    previous = RegionEdition.objects.filter(is_current=True).exclude(code=code).first()
    edition = RegionEdition.objects.filter(code=code).first()
    is_current = make_current or bool(edition and edition.is_current)
    if make_current and previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    edition, _created = RegionEdition.objects.update_or_create(code=code, defaults={
        "name": name, "decree": decree, "lowest_level": folder.lowest_level, "is_current": is_current,
        "shipped": shipped, "checksum": checksum, "loaded_at": timezone.now()})

    rows = [(c, n, level, p or None) for level in sorted(folder.rows) for c, n, p in folder.rows[level]]
    held = {c: (n, level, p) for c, n, level, p in Region.objects.values_list("code", "name", "level", "parent_id")}
    added = [row for row in rows if row[0] not in held]  # parents before children: rows go level by level
    insert_values(Region, ["code", "name", "level", "parent_id"], added)
    if is_current:  # the current edition's names win
        changed = [Region(code=c, name=n, level=level, parent_id=p) for c, n, level, p in rows
                   if c in held and held[c] != (n, level, p)]
        Region.objects.bulk_update(changed, ["name", "level", "parent"], batch_size=500)

    member = Region.editions.through
    wanted = {row[0] for row in rows}
    members = set(member.objects.filter(regionedition=edition).values_list("region_id", flat=True))
    if members - wanted:
        member.objects.filter(regionedition=edition, region_id__in=in_values(sorted(members - wanted))).delete()
    insert_values(member, ["region_id", "regionedition_id"], [(c, edition.pk) for c in sorted(wanted - members)])

    result = RegionLoad(code=code, counts=folder.counts(), is_current=is_current, added=len(added))
    if make_current and previous is not None:
        result.retired = member.objects.filter(regionedition=previous).exclude(
            region_id__in=member.objects.filter(regionedition=edition).values("region_id")).count()
    return result


def region_edition_load(*, code: str, folder: Path, name: str = "", decree: str = "", make_current: bool = True,
                        replace: bool = False) -> RegionLoad:
    """Load an edition from a folder of provinsi/kabupaten_kota/kecamatan[/desa_kelurahan].csv, next to
    the editions held. It becomes the current edition unless make_current is False (then it may stop
    at kecamatan). ValidationError with every problem, and nothing saved, when the files are wrong."""
    errors = [problem] if (problem := checks.edition_code_problem(code)) else []
    existing = RegionEdition.objects.filter(code=code).first()
    if existing is not None and existing.shipped:
        errors.append(str(messages.REGION_EDITION_SHIPPED % {"code": code}))
    elif existing is not None and not replace:
        errors.append(str(messages.REGION_EDITION_EXISTS % {"code": code}))
    checked = checks.check_region_folder(Path(folder))
    errors += checked.errors
    if checked.ok and make_current and checked.lowest_level != reference.DESA:
        errors.append(str(messages.CURRENT_NEEDS_DESA))
    if errors:
        raise ValidationError(errors)
    try:
        return _save_region_edition(
            code=code, name=name or gettext("Kepmendagri %(code)s") % {"code": code}, decree=decree, folder=checked,
            make_current=make_current, shipped=False, checksum=checked.checksum)
    finally:
        reference.refresh()


# --- what ships with the application -----------------------------------------------------------

def _shipped_regions_missing(checksum: str) -> bool:
    wanted = {edition.code for edition in files.shipped_region_editions()}
    held = set(RegionEdition.objects.filter(code__in=wanted, shipped=True, checksum=checksum).values_list("code", flat=True))
    return held != wanted


def _shipped_dapil_missing() -> list[files.ShippedDapilEdition]:
    held = dict(DapilEdition.objects.filter(shipped=True).values_list("code", "checksum"))
    return [edition for edition in files.shipped_dapil_editions()
            if held.get(edition.code) != files.checksum(edition.paths)]


def reference_data_loaded() -> bool:
    """Whether the shipped region and dapil editions are in the database as the files are now."""
    return not _shipped_regions_missing(files.shipped_regions_checksum()) and not _shipped_dapil_missing()


def _renumberings() -> list[RegionRenumbering]:
    rows, errors = [], []
    for shipped in files.shipped_renumberings():
        for line, old, new, name in files.renumbering_rows(shipped.path):
            if reference.level_of(old) != reference.KABKOTA or not Region.objects.filter(code=new).exists():
                errors.append(str(messages.RENUMBERING_ROW % {
                    "file": shipped.path.name, "line": line, "old": old, "new": new}))
            rows.append(RegionRenumbering(old_code=old, old_name=name, new_code=new, since=shipped.since,
                                          basis=shipped.basis, source_file=shipped.path.name))
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def _load_shipped_regions(checksum: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    shipped = files.shipped_region_editions()
    checked = {edition.code: checks.check_region_folder(edition.folder) for edition in shipped}
    errors = [error for folder in checked.values() for error in folder.errors]
    if errors:
        raise ValidationError(errors)
    # An edition an admin loaded later stays current when the shipped ones are loaded again.
    keep_current = RegionEdition.objects.filter(is_current=True, shipped=False).exists()
    for edition in sorted(shipped, key=lambda e: not e.current):  # the current one first: its names win
        result = _save_region_edition(
            code=edition.code, name=edition.name, decree=edition.decree, folder=checked[edition.code],
            make_current=edition.current and not keep_current, shipped=True, checksum=checksum)
        if edition.current:
            counts.update({Level(level).label: total for level, total in result.counts.items()})
        counts[str(edition.name)] = sum(result.counts.values())
    RegionRenumbering.objects.all().delete()
    renumberings = RegionRenumbering.objects.bulk_create(_renumberings())
    counts[gettext("Perubahan kode")] = len(renumberings)
    return counts


def _load_shipped_dapil(editions: list[files.ShippedDapilEdition]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for edition in editions:
        uploads = [(path.name, None, path.read_bytes()) for path in edition.paths]
        upload = dapil_edition_load(code=edition.code, name=edition.name, source=edition.source, uploads=uploads,
                                    make_default=edition.default and not DapilEdition.objects.filter(
                                        is_default=True).exclude(code=edition.code).exists(),
                                    replace=True, shipped=True, checksum=files.checksum(edition.paths))
        for kind, (dapils, _rows) in upload.counts().items():
            counts[f"{Dapil.Kind(kind).label} {edition.code}"] = dapils
    return counts


def shipped_reference_load(*, only_missing: bool = False) -> dict[str, int]:
    """Load the shipped region editions (2022, 2025), renumberings and dapil editions (2024).
    Upserts, so it is safe to run again and never deletes a region anything points at.
    only_missing: skip the parts already loaded from files identical to today's. Returns counts."""
    counts: dict[str, int] = {}
    checksum = files.shipped_regions_checksum()
    try:
        if not only_missing or _shipped_regions_missing(checksum):
            counts.update(_load_shipped_regions(checksum))
            reference.refresh()
        dapil = files.shipped_dapil_editions() if not only_missing else _shipped_dapil_missing()
        if dapil:
            counts.update(_load_shipped_dapil(dapil))
    finally:
        reference.refresh()
    return counts


def ensure_reference_data() -> bool:
    """Load the shipped reference data when missing (or changed); True when it had to load."""
    return bool(shipped_reference_load(only_missing=True))


# --- dapil editions ----------------------------------------------------------------------------

def dapil_upload_check(*, code: str, uploads: list[tuple[str, str | None, bytes]], replace: bool = False,
                       compare: str | None = None, area: str | None = None,
                       shipped: bool = False) -> checks.DapilUpload:
    """Check a new dapil edition's files (nothing is saved): the edition code, the files, and the
    comparison edition and area a report would use. A shipped edition is replaced only by the
    shipped files (load_regions)."""
    errors = [problem] if (problem := checks.edition_code_problem(code)) else []
    existing = DapilEdition.objects.filter(code=code).first()
    if existing is not None and existing.shipped and not shipped:
        errors.append(str(messages.DAPIL_EDITION_SHIPPED % {"code": code}))
    elif existing is not None and not replace:
        errors.append(str(messages.DAPIL_EDITION_EXISTS % {"code": code}))
    if compare and compare not in reference.dapil_editions():
        errors.append(str(messages.DAPIL_EDITION_UNKNOWN % {"code": compare}))
    if area and (reference.level_of(area) not in (reference.PROVINCE, reference.KABKOTA)
                 or not reference.is_current(area)):
        errors.append(str(messages.DAPIL_AREA_UNKNOWN % {"code": area}))
    upload = checks.check_dapil_files(uploads)
    upload.errors[:0] = errors
    return upload


def dapil_edition_load(*, code: str, name: str, source: str = "", uploads: list[tuple[str, str | None, bytes]],
                       make_default: bool = False, replace: bool = False, shipped: bool = False,
                       checksum: str = "") -> checks.DapilUpload:
    """Save a dapil edition from files (file name, kind or None, content), all or nothing, after
    checking them again. The kinds given replace the edition's dapil (replace=True) or make a new
    edition; make_default makes it the edition used where none is named. ValidationError when wrong."""
    upload = dapil_upload_check(code=code, uploads=uploads, replace=replace, shipped=shipped)
    if not upload.ok:
        raise ValidationError(upload.errors)
    try:
        with transaction.atomic():
            if make_default:
                DapilEdition.objects.filter(is_default=True).exclude(code=code).update(is_default=False)
            edition, _created = DapilEdition.objects.update_or_create(code=code, defaults={
                "name": name or code, "source": source, "shipped": shipped, "checksum": checksum,
                "loaded_at": timezone.now(),
                **({"is_default": True} if make_default else {})})
            DapilArea.objects.filter(dapil__edition=edition).delete()
            Dapil.objects.filter(edition=edition).delete()
            for kind in upload.kinds:
                rows = upload.files[kind][1]
                names = upload.dapil_names(kind)
                Dapil.objects.bulk_create([Dapil(edition=edition, kind=kind, code=c, name=n) for c, n in names.items()],
                                          batch_size=BATCH)
                ids = dict(Dapil.objects.filter(edition=edition, kind=kind).values_list("code", "pk"))
                insert_values(DapilArea, ["dapil_id", "region_id", "region_name", "level_label", "is_split"], [
                    (ids[row.dapil_code], row.region_code, row.region_name[:100], row.level_label[:30], row.is_split)
                    for row in rows])
    finally:
        reference.refresh()
    return upload


# --- moving references to a new region edition -------------------------------------------------

@dataclass
class CodeMove:
    old: str
    new: str
    facilities: int
    homes: int
    reason: str = ""   # why it could not be moved (empty when moved)


@dataclass
class MoveReport:
    edition: str
    dry_run: bool
    saved: bool = False
    moved: list[CodeMove] = field(default_factory=list)
    unmoved: list[CodeMove] = field(default_factory=list)
    others: list[tuple[str, int]] = field(default_factory=list)  # other references still outside the edition

    @property
    def facilities(self) -> int:
        return sum(move.facilities for move in self.moved)

    @property
    def homes(self) -> int:
        return sum(move.homes for move in self.moved)


def region_references_move(*, edition: str, mapping: checks.Mapping, dry_run: bool = False,
                           partial: bool = False, user=None) -> MoveReport:
    """Move facility locations (inmates.Facility.location) and WBP homes (inmates.Inmate.home_region)
    whose code the edition does not have to the code the mapping gives (a mapped code carries what is
    below it: 92.01 -> 96.01 moves 92.01.01.2001 to 96.01.01.2001), when the edition has that code.
    All or nothing: when a code cannot be moved nothing is, unless partial (then the rest moves).
    Returns what moves and what cannot; dry_run changes nothing. WBP history records the change."""
    if not RegionEdition.objects.filter(code=edition).exists():
        raise ValidationError([str(messages.REGION_EDITION_UNKNOWN % {"code": edition})])
    if mapping.errors:
        raise ValidationError(mapping.errors)
    facility_model, inmate_model = apps.get_model("inmates", "Facility"), apps.get_model("inmates", "Inmate")
    inside = Region.objects.filter(editions__code=edition)
    facilities = Counter(dict(facility_model.objects.exclude(location__in=inside).values_list("location_id")
                              .annotate(total=Count("pk")).values_list("location_id", "total")))
    homes = Counter(dict(inmate_model.objects.filter(home_region__isnull=False).exclude(home_region__in=inside)
                         .values_list("home_region_id").annotate(total=Count("pk")).values_list("home_region_id", "total")))
    report = MoveReport(edition=edition, dry_run=dry_run)
    targets = {mapping.new_code(code) for code in facilities | homes} - {None}
    present = set(inside.filter(code__in=targets).values_list("code", flat=True))
    for code in sorted(facilities | homes):
        new = mapping.new_code(code)
        move = CodeMove(old=code, new=new or "", facilities=facilities[code], homes=homes[code])
        if new is None:
            move.reason = str(messages.MOVE_NO_MAPPING % {"edition": edition})
        elif new not in present:
            move.reason = str(messages.MOVE_TARGET_MISSING % {"code": new, "edition": edition})
        (report.unmoved if move.reason else report.moved).append(move)
    report.saved = not dry_run and bool(report.moved) and (partial or not report.unmoved)
    if report.saved:
        with transaction.atomic():
            touched: set[int] = set()
            reason = gettext("Kode wilayah dipindah ke edisi %(edition)s") % {"edition": edition}
            for move in report.moved:
                if move.facilities:
                    located = facility_model.objects.filter(location_id=move.old)
                    touched.update(located.values_list("pk", flat=True))
                    located.update(location_id=move.new)
                if move.homes:
                    people = list(inmate_model.objects.filter(home_region_id=move.old))
                    for person in people:
                        person.home_region_id = move.new
                        touched.add(person.facility_id)
                    bulk_update_with_history(people, inmate_model, ["home_region"], batch_size=1000,
                                             default_user=user, default_change_reason=reason)
            region_codes_moved.send(sender=region_references_move, facility_ids=touched)
    moved_here = {f"{facility_model._meta.label}.location", f"{inmate_model._meta.label}.home_region"}
    report.others = [(label, total) for label, total in references_outside(edition=edition)
                     if total and label not in moved_here]
    return report
