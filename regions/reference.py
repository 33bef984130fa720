"""The reference files packaged with the project, read once per process.

Region codes: Kemendagri editions 2025 (all levels) and 2022 (kecamatan and up), with the
Papua Barat Daya recode (92.xx -> 96.xx). Dapil maps: 2024 (DPR, DPRD Provinsi, DPRD Kab/Kota).
Sources and licences: data/*/SOURCE_AND_LICENSE.txt.

The database is loaded from these same files (``load_regions``) for the pickers, names and
foreign keys; validation and ballot scope use the in-memory sets below, so checking a row
costs no query.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_DIR = DATA_DIR / "wilayah"
LEGACY_DIR = WILAYAH_DIR / "kepmendagri_2022"
DAPIL_DIR = DATA_DIR / "dapil"

PROVINCE, KABKOTA, KECAMATAN, DESA = 1, 2, 3, 4
LEVEL_FILES = {
    PROVINCE: "provinsi.csv",
    KABKOTA: "kabupaten_kota.csv",
    KECAMATAN: "kecamatan.csv",
    DESA: "desa_kelurahan.csv",
}

DAPIL_DPR = "dpr"
DAPIL_DPRD_PROVINCE = "dprd_prov"
DAPIL_DPRD_KABKOTA = "dprd_kab"
DAPIL_FILES = {
    DAPIL_DPR: "dapil_dpr_ri_2024.csv",
    DAPIL_DPRD_PROVINCE: "dapil_dprd_provinsi_2024.csv",
    DAPIL_DPRD_KABKOTA: "dapil_dprd_kabkota_2024.csv",
}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def region_rows(level: int, *, legacy: bool = False) -> Iterator[tuple[str, str, str]]:
    """(code, name, parent_code) of one level of the 2025 (or 2022) edition."""
    folder = LEGACY_DIR if legacy else WILAYAH_DIR
    for row in _rows(folder / LEVEL_FILES[level]):
        yield row["code"], row["name"], row["parent_code"]


def recode_rows() -> Iterator[tuple[str, str]]:
    """(code 2022, code 2025) for the kab/kota moved to Papua Barat Daya."""
    for row in _rows(WILAYAH_DIR / "papua_barat_daya_recode.csv"):
        yield row["code_kepmendagri_2022"], row["code_kepmendagri_2025"]


def dapil_rows(kind: str) -> Iterator[dict[str, str]]:
    yield from _rows(DAPIL_DIR / DAPIL_FILES[kind])


def dotted(code: str) -> str:
    """'3316091013' or '33.16.09.1013' -> '33.16.09.1013' (kecamatan and up: 2-digit parts)."""
    digits = code.replace(".", "").strip()
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)


@cache
def kabkota_codes() -> frozenset[str]:
    """Kab/kota codes known in the 2025 or the 2022 edition (NIK prefixes may be old)."""
    codes = {code for code, _, _ in region_rows(KABKOTA)}
    codes.update(code for code, _, _ in region_rows(KABKOTA, legacy=True))
    return frozenset(codes)


@cache
def province_codes() -> frozenset[str]:
    codes = {code for code, _, _ in region_rows(PROVINCE)}
    codes.update(code for code, _, _ in region_rows(PROVINCE, legacy=True))
    return frozenset(codes)


@cache
def kecamatan_codes() -> frozenset[str]:
    codes = {code for code, _, _ in region_rows(KECAMATAN)}
    codes.update(code for code, _, _ in region_rows(KECAMATAN, legacy=True))
    old_to_new = dict(recode_rows())
    new_to_old = {new: old for old, new in old_to_new.items()}
    # A NIK issued before the recode carries 92.01.xx; one issued after, 96.01.xx.
    for code in list(codes):
        prefix, rest = code[:5], code[5:]
        if prefix in old_to_new:
            codes.add(old_to_new[prefix] + rest)
        elif prefix in new_to_old:
            codes.add(new_to_old[prefix] + rest)
    return frozenset(codes)


@cache
def names() -> dict[str, str]:
    """Code -> name for every level of the 2025 edition."""
    result: dict[str, str] = {}
    for level in LEVEL_FILES:
        for code, name, _ in region_rows(level):
            result[code] = name
    return result


@dataclass(frozen=True)
class RegionNames:
    desa: str
    kecamatan: str
    kabkota: str
    province: str


def region_names(code: str) -> RegionNames:
    """Names of a region and its parents from its code, whatever its level (an import may stop at
    kecamatan); read from the in-memory 2025 edition, so it costs no query."""
    table = names()
    code = code or ""
    return RegionNames(
        desa=table.get(code, "") if len(code) > 8 else "",
        kecamatan=table.get(code[:8], "") if len(code) >= 8 else "",
        kabkota=table.get(code[:5], "") if len(code) >= 5 else "",
        province=table.get(code[:2], ""),
    )


@cache
def dapil_index(kind: str) -> dict[str, frozenset[str]]:
    """Region code (any level) -> the dapil codes it belongs to, for one dapil map.

    A code with two dapils is a split area ("pecahan"); its desa are listed one by one, so
    the longest matching code decides (see dapil_of).
    """
    index: dict[str, set[str]] = {}
    for row in dapil_rows(kind):
        index.setdefault(row["wilayah_code"], set()).add(row["dapil_code"])
    return {code: frozenset(dapils) for code, dapils in index.items()}


@cache
def dapil_kabkotas(kind: str) -> frozenset[str]:
    """Kab/kota codes the dapil map covers (DKI Jakarta's have no DPRD Kab/Kota, for one)."""
    return frozenset(code[:5] for code in dapil_index(kind))


def dapil_of(kind: str, region_code: str) -> str | None:
    """The dapil of a desa (or kecamatan) code, or None when unknown or ambiguous."""
    index = dapil_index(kind)
    parts = region_code.split(".")
    for size in range(len(parts), 1, -1):
        dapils = index.get(".".join(parts[:size]))
        if dapils is not None:
            return next(iter(dapils)) if len(dapils) == 1 else None
    return None
