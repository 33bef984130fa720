"""Region codes and dapil maps as the application reads them: from the database, held in memory.

The tables (regions.models) are the one source; ``load_regions`` / ``load_dapil`` fill them from
CSV files (docs/regions.md). Each process reads what it needs once into sets and dicts, so checking
the NIK of a 60,000-row import costs no query per row. A process notices a newly loaded edition by
re-reading the editions' rows (one small query, at most once every RECHECK_SECONDS); a process that
loads an edition itself drops its copy at once (refresh()).

Region codes: every edition's codes (a NIK carries the code of the day it was issued, for life),
names from the current edition, and known renumberings (Papua 2022, Papua Barat Daya 2025).
Dapil maps: per dapil edition; no edition named means the default edition.
"""

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

PROVINCE, KABKOTA, KECAMATAN, DESA = 1, 2, 3, 4
CODE_PATTERNS = {
    PROVINCE: re.compile(r"^\d{2}$"),
    KABKOTA: re.compile(r"^\d{2}\.\d{2}$"),
    KECAMATAN: re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
    DESA: re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"),
}
CODE_EXAMPLES = {PROVINCE: "33", KABKOTA: "33.16", KECAMATAN: "33.16.09", DESA: "33.16.09.1013"}

DAPIL_DPR = "dpr"
DAPIL_DPRD_PROVINCE = "dprd_prov"
DAPIL_DPRD_KABKOTA = "dprd_kab"
DAPIL_KINDS = (DAPIL_DPR, DAPIL_DPRD_PROVINCE, DAPIL_DPRD_KABKOTA)

# How old a process's copy may get before it asks whether an edition was loaded meanwhile.
# None: never ask (the test suite, which changes editions only inside rolled-back transactions).
RECHECK_SECONDS: float | None = 60.0


class UnknownEdition(LookupError):
    """A dapil edition code that is not loaded (a programming or configuration error)."""


def dotted(code: str) -> str:
    """'3316091013' or '33.16.09.1013' -> '33.16.09.1013' (kecamatan and up: 2-digit parts)."""
    digits = code.replace(".", "").strip()
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)


def level_of(code: str) -> int | None:
    """The level a well-formed dotted code has by its shape, or None."""
    for level, pattern in CODE_PATTERNS.items():
        if pattern.match(code or ""):
            return level
    return None


def parent_code(code: str) -> str:
    return code.rpartition(".")[0]


@dataclass(frozen=True)
class Edition:
    code: str
    name: str
    decree: str
    lowest_level: int
    is_current: bool


@dataclass(frozen=True)
class Renumbering:
    """A code retired by renumbering: who carries old_code (a NIK issued before `since`) lives in
    what is now new_code."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    since: str
    basis: str


@dataclass(frozen=True)
class RegionNames:
    desa: str
    kecamatan: str
    kabkota: str
    province: str


# --- the process's copy ------------------------------------------------------------------------

@dataclass
class _Regions:
    key: tuple
    editions: tuple[Edition, ...]
    names: dict[str, str]          # the current edition, every level
    other_names: dict[str, str]    # codes only older (or newer, not current) editions have
    provinces: frozenset[str]
    kabkotas: frozenset[str]
    kecamatans: frozenset[str]
    renumberings: dict[str, Renumbering]
    former_provinces: frozenset[str]
    children: dict[str, tuple[tuple[str, str], ...]] | None = None  # built on first use (children_of)


@dataclass
class _Dapils:
    key: tuple
    default: str | None
    editions: tuple[str, ...]
    maps: dict[str, dict[str, dict[str, frozenset[str]]]] = field(default_factory=dict)
    kabkotas: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)


class _Cached:
    """One snapshot, rebuilt when its key (read from the editions' rows) changes."""

    def __init__(self, read_key: Callable[[], tuple], build: Callable[[tuple], object]):
        self.read_key, self.build = read_key, build
        self.value = None
        self.checked = 0.0

    def get(self):
        value, now = self.value, time.monotonic()
        if value is not None:
            if RECHECK_SECONDS is None or now - self.checked < RECHECK_SECONDS:
                return value
            key = self.read_key()
            self.checked = now
            if key == value.key:
                return value
        else:
            key = self.read_key()
        value = self.build(key)
        self.value, self.checked = value, now
        return value


def _region_key() -> tuple:
    from regions.models import RegionEdition

    return tuple(RegionEdition.objects.order_by("code").values_list(
        "pk", "code", "name", "decree", "lowest_level", "is_current", "loaded_at"))


def _build_regions(key: tuple) -> _Regions:
    from regions.models import Region, RegionRenumbering

    editions = tuple(Edition(code, name, decree, lowest, current) for _pk, code, name, decree, lowest, current, _at in key)
    current = next((pk for pk, *_rest, is_current, _at in key if is_current), None)
    if current is None:
        names: dict[str, str] = {}
        other = dict(Region.objects.values_list("code", "name"))
    else:
        names = dict(Region.objects.filter(editions=current).values_list("code", "name"))
        other = dict(Region.objects.exclude(editions=current).values_list("code", "name"))
    by_length: dict[int, set[str]] = {2: set(), 5: set(), 8: set()}
    for table in (names, other):
        for code in table:
            if len(code) in by_length:
                by_length[len(code)].add(code)
    renumberings = {
        old: Renumbering(old, old_name, new, names.get(new) or other.get(new, ""), since, basis)
        for old, old_name, new, since, basis in RegionRenumbering.objects.values_list(
            "old_code", "old_name", "new_code", "since", "basis")
    }
    return _Regions(
        key=key, editions=editions, names=names, other_names=other,
        provinces=frozenset(by_length[2]), kabkotas=frozenset(by_length[5]), kecamatans=frozenset(by_length[8]),
        renumberings=renumberings, former_provinces=frozenset(old[:2] for old in renumberings),
    )


def _dapil_key() -> tuple:
    from regions.models import DapilEdition

    return tuple(DapilEdition.objects.order_by("code").values_list("pk", "code", "is_default", "loaded_at"))


def _build_dapils(key: tuple) -> _Dapils:
    default = next((code for _pk, code, is_default, _at in key if is_default), None)
    return _Dapils(key=key, default=default, editions=tuple(code for _pk, code, _d, _at in key))


_regions = _Cached(_region_key, _build_regions)
_dapils = _Cached(_dapil_key, _build_dapils)


def refresh() -> None:
    """Drop this process's copy; the next lookup reads the tables again (the loaders call it)."""
    _regions.value = None
    _dapils.value = None


def warm() -> None:
    """Read the region codes and the default dapil map now (before timing, or at start-up)."""
    _regions.get()
    state = _dapils.get()
    if state.default:
        _dapil_map(state, state.default)


# --- region codes ------------------------------------------------------------------------------

def region_editions() -> tuple[Edition, ...]:
    """The region editions held, oldest code first (e.g. 2022, 2025)."""
    return _regions.get().editions


def current_edition() -> Edition | None:
    return next((edition for edition in _regions.get().editions if edition.is_current), None)


def province_codes() -> frozenset[str]:
    """Province codes of every edition held."""
    return _regions.get().provinces


def kabkota_codes() -> frozenset[str]:
    """Kab/kota codes of every edition held (a NIK prefix may be an old one, e.g. 92.01 Sorong)."""
    return _regions.get().kabkotas


def kecamatan_codes() -> frozenset[str]:
    """Kecamatan codes of every edition held."""
    return _regions.get().kecamatans


def names() -> dict[str, str]:
    """Code -> name for every level of the current edition (do not change the dict)."""
    return _regions.get().names


def name_of(code: str) -> str:
    """The name of a code of any edition (the current edition's name when it has the code)."""
    state = _regions.get()
    return state.names.get(code) or state.other_names.get(code, "")


def is_known(code: str) -> bool:
    """Whether any edition held has this code (any level)."""
    state = _regions.get()
    return code in state.names or code in state.other_names


def is_current(code: str) -> bool:
    """Whether the current edition has this code (a code it retired answers False)."""
    return code in _regions.get().names


def is_known_kabkota(code: str) -> bool:
    """Whether a kab/kota code ('33.16' or '3316') is known in any edition held."""
    kabkotas = _regions.get().kabkotas
    return code in kabkotas or dotted(code) in kabkotas  # a dotted code is its own dotted()


def is_or_was_province(code: str) -> bool:
    """Whether a 2-digit code is, or was before a renumbering, a province (91 and 92 before the
    Papua splits, 64 before Kalimantan Utara), so a NIK carrying it may be genuine; 99 is not."""
    state = _regions.get()
    return code in state.provinces or code in state.former_provinces


def renumbered(code: str) -> Renumbering | None:
    """The known renumbering of a kab/kota code ('91.01' or '9101'), or None.

    renumbered("91.01") -> KAB. MERAUKE, 93.01 since 2022 (Papua split); renumbered("92.01") ->
    Kabupaten Sorong, 96.01 since 2025 (Papua Barat Daya). A longer code (a NIK's kecamatan) is
    answered by its kab/kota; the answer names the kab/kota codes.
    """
    digits = dotted(code)
    table = _regions.get().renumberings
    return table.get(digits) or table.get(digits[:5])


def children_of(parent: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the current edition's regions directly under `parent` ("" for the provinces),
    by name; from memory, for the cascading pickers (a form with a home region costs no query)."""
    state = _regions.get()
    if state.children is None:
        index: dict[str, list[tuple[str, str]]] = {}
        for code, name in state.names.items():
            index.setdefault(parent_code(code), []).append((code, name))
        state.children = {key: tuple(sorted(rows, key=lambda row: (row[1], row[0]))) for key, rows in index.items()}
    return state.children.get(parent or "", ())


def region_names(code: str) -> RegionNames:
    """Names of a region and its parents from its code, whatever its level (an import may stop at
    kecamatan); from memory, so it costs no query. A code a later edition retired keeps its name."""
    code = code or ""
    return RegionNames(
        desa=name_of(code) if len(code) > 8 else "",
        kecamatan=name_of(code[:8]) if len(code) >= 8 else "",
        kabkota=name_of(code[:5]) if len(code) >= 5 else "",
        province=name_of(code[:2]),
    )


def region_rows(level: int, *, edition: str | None = None) -> Iterator[tuple[str, str, str]]:
    """(code, name, parent_code) of one level of an edition (None: the current one), by code.
    Reads the table (one query): for seeding and reports, not for per-row checks."""
    from regions.models import Region

    if edition is None:
        current = current_edition()
        if current is None:
            return
        edition = current.code
    rows = Region.objects.filter(level=level, editions__code=edition).order_by("code")
    for code, name, parent in rows.values_list("code", "name", "parent_id").iterator(chunk_size=5000):
        yield code, name, parent or ""


# --- dapil -------------------------------------------------------------------------------------

def dapil_editions() -> tuple[str, ...]:
    return _dapils.get().editions


def default_dapil_edition() -> str | None:
    """The edition used when none is named (DapilEdition.is_default; the shipped 2024 maps until an
    admin makes another the default)."""
    return _dapils.get().default


def _dapil_map(state: _Dapils, edition: str) -> dict[str, dict[str, frozenset[str]]]:
    found = state.maps.get(edition)
    if found is not None:
        return found
    if edition not in state.editions:
        raise UnknownEdition(edition)
    from regions.models import DapilArea

    index: dict[str, dict[str, set[str]]] = {kind: {} for kind in DAPIL_KINDS}
    rows = DapilArea.objects.filter(dapil__edition__code=edition).values_list("dapil__kind", "dapil__code", "region_id")
    for kind, dapil, region in rows.iterator(chunk_size=5000):
        index[kind].setdefault(region, set()).add(dapil)
    found = {kind: {code: frozenset(dapils) for code, dapils in codes.items()} for kind, codes in index.items()}
    state.maps[edition] = found
    return found


def dapil_index(kind: str, *, edition: str | None = None) -> dict[str, frozenset[str]]:
    """Region code (any level) -> the dapil codes it belongs to, for one kind of one edition.

    A code with two dapils is a split area ("pecahan"); its desa (or kecamatan) are listed one by
    one, so the longest matching code decides (see dapil_of). No edition loaded: empty.
    """
    state = _dapils.get()
    edition = edition or state.default
    if edition is None:
        return {}
    return _dapil_map(state, edition)[kind]


def dapil_kabkotas(kind: str, *, edition: str | None = None) -> frozenset[str]:
    """Kab/kota codes the dapil map covers (DKI Jakarta's have no DPRD Kab/Kota, for one)."""
    state = _dapils.get()
    key = (edition or state.default or "", kind)
    found = state.kabkotas.get(key)
    if found is None:
        found = frozenset(code[:5] for code in dapil_index(kind, edition=edition))
        state.kabkotas[key] = found
    return found


def resolve_dapil(index: dict[str, frozenset[str]], region_code: str) -> frozenset[str] | None:
    """The dapil set of the longest listed code containing region_code (one dapil: decided; more:
    a split area whose part is not listed), or None when no listed code contains it."""
    parts = region_code.split(".")
    for size in range(len(parts), 0, -1):
        dapils = index.get(".".join(parts[:size]))
        if dapils is not None:
            return dapils
    return None


def dapil_of(kind: str, region_code: str, *, edition: str | None = None) -> str | None:
    """The dapil of a desa (or kecamatan) code in an edition (None: the default edition), or None
    when unknown or ambiguous."""
    dapils = resolve_dapil(dapil_index(kind, edition=edition), region_code)
    return next(iter(dapils)) if dapils is not None and len(dapils) == 1 else None
