"""Reads for reports about reference data: dapil coverage of an area, the difference between two
dapil maps, the editions held, and what still points at codes an edition does not have.

Coverage and differences are computed on the current region edition's tree (province, kab/kota,
kecamatan, desa) and reported at the highest level that answers the same for everything below it:
"33.16.09 Blora moved from 3303 to 3302" rather than its 16 desa one by one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count

from regions import reference
from regions.models import Dapil, DapilEdition, Region, RegionEdition

UNLISTED = frozenset()  # no listed code contains the region


@dataclass(frozen=True)
class Tree:
    roots: list[str]
    children: dict[str, list[str]]


def region_tree(*, area: str | None = None) -> Tree:
    """The current edition's codes below `area` (a province or kab/kota code; None: the country)."""
    children: dict[str, list[str]] = {}
    roots = []
    prefix = f"{area}." if area else ""
    for code in sorted(reference.names()):
        if area and code != area and not code.startswith(prefix):
            continue
        parent = reference.parent_code(code)
        if (area and code == area) or (not area and not parent):
            roots.append(code)
        else:
            children.setdefault(parent, []).append(code)
    return Tree(roots=roots, children=children)


def _uniform_subtrees(tree: Tree, indexes: list[dict[str, frozenset[str]]],
                      keep: Callable[[tuple], bool]) -> list[tuple[str, tuple]]:
    """Walk the tree resolving each region in every index (the longest listed code containing it,
    as dapil_of does) and return the largest subtrees whose leaves all resolve alike, as
    (code, resolutions), where keep(resolutions) says they are worth reporting."""
    found: list[tuple[str, tuple]] = []
    mixed = object()

    def visit(code: str, inherited: tuple) -> object:
        own = tuple(index.get(code, above) for index, above in zip(indexes, inherited, strict=True))
        kids = tree.children.get(code)
        if not kids:
            return own
        values = [visit(kid, own) for kid in kids]
        first = values[0]
        if first is not mixed and all(value == first for value in values):
            return first
        found.extend((kid, value) for kid, value in zip(kids, values, strict=True)
                     if value is not mixed and keep(value))
        return mixed

    for root in tree.roots:
        # an area's own parents may be listed (a kab/kota inside a dapil of several kab/kota)
        above = reference.parent_code(root)
        inherited = tuple((reference.resolve_dapil(index, above) or UNLISTED) if above else UNLISTED
                          for index in indexes)
        value = visit(root, inherited)
        if value is not mixed and keep(value):
            found.append((root, value))
    return sorted(found)


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: int


def _place(code: str) -> Place:
    return Place(code, reference.name_of(code), reference.level_of(code) or 0)


@dataclass
class SplitArea:
    place: Place
    parts: dict[str, list[Place]]      # dapil code -> listed parts
    unlisted: list[Place]              # parts (or their parts) in no dapil


@dataclass
class KindCoverage:
    kind: str
    uncovered: list[Place] = field(default_factory=list)
    splits: list[SplitArea] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.uncovered


def dapil_coverage(index: dict[str, frozenset[str]], *, kind: str, area: str | None = None,
                   tree: Tree | None = None) -> KindCoverage:
    """Regions of the area (current edition) in no dapil of this map, and how split regions are
    split. A region under a split one whose part is not listed counts as in no dapil."""
    tree = tree or region_tree(area=area)
    report = KindCoverage(kind=kind)
    holes = _uniform_subtrees(tree, [index], keep=lambda value: len(value[0]) != 1)
    report.uncovered = [_place(code) for code, _value in holes]
    prefix = f"{area}." if area else ""
    for code, dapils in sorted(index.items()):
        if len(dapils) < 2 or (area and not (code == area or code.startswith(prefix) or area.startswith(code + "."))):
            continue
        parts: dict[str, list[Place]] = {dapil: [] for dapil in sorted(dapils)}
        for other, other_dapils in sorted(index.items()):
            if other.startswith(code + ".") and len(other_dapils) == 1 and reference.parent_code(other) == code:
                parts.setdefault(next(iter(other_dapils)), []).append(_place(other))
        unlisted = [place for place in report.uncovered if place.code.startswith(code + ".")]
        report.splits.append(SplitArea(place=_place(code), parts=parts, unlisted=unlisted))
    return report


@dataclass(frozen=True)
class Move:
    place: Place
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass
class KindDiff:
    kind: str
    moves: list[Move] = field(default_factory=list)
    only_before: dict[str, str] = field(default_factory=dict)   # dapil code -> name
    only_after: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, tuple[str, str]] = field(default_factory=dict)


def dapil_diff(before: dict[str, frozenset[str]], after: dict[str, frozenset[str]], *, kind: str,
               names_before: dict[str, str], names_after: dict[str, str], area: str | None = None,
               tree: Tree | None = None) -> KindDiff:
    """Regions (current edition) whose dapil differs between two maps of one kind, at the highest
    level that moved as a whole; dapil only in one map; dapil renamed."""
    tree = tree or region_tree(area=area)
    moved = _uniform_subtrees(tree, [before, after], keep=lambda value: value[0] != value[1])
    report = KindDiff(kind=kind)
    report.moves = [Move(_place(code), tuple(sorted(old)), tuple(sorted(new))) for code, (old, new) in moved]
    report.only_before = {code: name for code, name in sorted(names_before.items()) if code not in names_after}
    report.only_after = {code: name for code, name in sorted(names_after.items()) if code not in names_before}
    report.renamed = {code: (name, names_after[code]) for code, name in sorted(names_before.items())
                      if code in names_after and names_after[code] != name}
    return report


def dapil_names(*, edition: str, kind: str) -> dict[str, str]:
    return dict(Dapil.objects.filter(edition__code=edition, kind=kind).values_list("code", "name"))


def dapil_editions():
    """Dapil editions with their number of dapil per kind, for the admin page."""
    editions = list(DapilEdition.objects.order_by("-code"))
    counts: dict[int, dict[str, int]] = {}
    for edition_id, kind, total in Dapil.objects.values_list("edition_id", "kind").annotate(total=Count("pk")):
        counts.setdefault(edition_id, {})[kind] = total
    for edition in editions:
        edition.kind_counts = [(kind, counts.get(edition.pk, {}).get(kind, 0)) for kind in reference.DAPIL_KINDS]
    return editions


def region_editions():
    return list(RegionEdition.objects.order_by("code").annotate(total=Count("regions")))


def references_outside(*, edition: str) -> list[tuple[str, int]]:
    """Every foreign key to Region, with how many rows point at codes the edition does not have
    ("inmates.Facility.location", 2)."""
    found = []
    inside = Region.objects.filter(editions__code=edition).values("code")
    for relation in Region._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "regions" or not relation.many_to_one:
            continue
        field_name = relation.field.name
        total = model._default_manager.filter(**{f"{field_name}__isnull": False}).exclude(
            **{f"{field_name}__in": inside}).count()
        found.append((f"{model._meta.label}.{field_name}", total))
    return sorted(found)


@dataclass
class DapilReport:
    """What a dapil upload would be: coverage of an area per kind, and the difference per kind
    against another edition (when one is given)."""

    area: Place | None
    compare: str | None
    coverage: list[KindCoverage]
    diffs: list[KindDiff]
    dapil_names: dict[str, dict[str, str]]   # kind -> dapil code -> name (upload, then compared edition)


def dapil_upload_report(upload, *, compare: str | None = None, area: str | None = None) -> DapilReport:
    """Coverage and difference for a checked upload (regions.checks.DapilUpload), before saving."""
    coverage, diffs, names = [], [], {}
    tree = region_tree(area=area)
    for kind in upload.kinds:
        index = upload.index(kind)
        coverage.append(dapil_coverage(index, kind=kind, area=area, tree=tree))
        names[kind] = dict(upload.dapil_names(kind))
        if compare:
            before_names = dapil_names(edition=compare, kind=kind)
            diffs.append(dapil_diff(reference.dapil_index(kind, edition=compare), index, kind=kind,
                                    names_before=before_names, names_after=names[kind], area=area, tree=tree))
            for code, name in before_names.items():
                names[kind].setdefault(code, name)
    return DapilReport(area=_place(area) if area else None, compare=compare, coverage=coverage, diffs=diffs,
                       dapil_names=names)


@dataclass(frozen=True)
class CodeRow:
    code: str
    level: int  # reference.KABKOTA or reference.KECAMATAN
    name: str
    kabkota_name: str


def province_codes_for_lookup(province: str) -> list[CodeRow]:
    """The kab/kota and kecamatan of a province in the current edition, by code (each kab/kota
    followed by its kecamatan), with names: what staff look up to fill a region code. From the
    process's copy of the tables, so it costs no query."""
    names = reference.names()
    prefix = f"{province}."
    rows = []
    for code in sorted(code for code in names if code.startswith(prefix)):
        level = reference.KABKOTA if len(code) == 5 else reference.KECAMATAN if len(code) == 8 else None
        if level is None:
            continue
        rows.append(CodeRow(code=code, level=level, name=names[code], kabkota_name=names.get(code[:5], "")))
    return rows
