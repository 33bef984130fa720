"""The CSV files reference data is loaded from: the shipped ones in regions/data and any an admin
brings. Only the load commands and the checks read files; the application reads the tables.

Formats (docs/regions.md):
- region edition folder: provinsi.csv, kabupaten_kota.csv, kecamatan.csv [, desa_kelurahan.csv],
  each with columns code,name,parent_code (dotted codes, 33.16.09.1013);
- renumbering file: old code, new code, name (header row; the shipped ones name their columns after
  the editions, e.g. code_before_2022,code_kepmendagri_2022,name);
- dapil file: dapil_code,dapil_name,wilayah_code,wilayah_code_kpu,wilayah_level,wilayah_name,is_pecah.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from regions import messages, reference

DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_DIR = DATA_DIR / "wilayah"
DAPIL_DIR = DATA_DIR / "dapil"

LEVEL_FILES = {
    reference.PROVINCE: "provinsi.csv",
    reference.KABKOTA: "kabupaten_kota.csv",
    reference.KECAMATAN: "kecamatan.csv",
    reference.DESA: "desa_kelurahan.csv",
}
REGION_COLUMNS = ["code", "name", "parent_code"]
DAPIL_REQUIRED = ["dapil_code", "dapil_name", "wilayah_code"]

# The kind of a dapil file from its name (first match wins): the shipped files are
# dapil_dpr_ri_2024.csv, dapil_dprd_provinsi_2024.csv and dapil_dprd_kabkota_2024.csv.
KIND_BY_NAME = [
    ("dprd_kabkota", reference.DAPIL_DPRD_KABKOTA),
    ("dprd_kab", reference.DAPIL_DPRD_KABKOTA),
    ("dprd_provinsi", reference.DAPIL_DPRD_PROVINCE),
    ("dprd_prov", reference.DAPIL_DPRD_PROVINCE),
    ("dpr_ri", reference.DAPIL_DPR),
    ("dpr", reference.DAPIL_DPR),
]


class FileProblem(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CsvRows:
    """Rows of one CSV file as dicts, with their line numbers (the header is line 1)."""

    label: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]


def decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(str(messages.FILE_NOT_TEXT % {"file": label})) from None


def read_csv(data: bytes, *, label: str, required: list[str]) -> CsvRows:
    """Parse CSV bytes (UTF-8, a BOM allowed); FileProblem when not text or columns are missing."""
    reader = csv.reader(io.StringIO(decode(data, label), newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise FileProblem(str(messages.FILE_COLUMNS % {
            "file": label, "missing": ", ".join(missing), "expected": ",".join(required)}))
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        rows.append((line, {name: (values[i].strip() if i < len(values) else "") for i, name in enumerate(header)}))
    return CsvRows(label=label, columns=header, rows=rows)


def checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def kind_from_name(file_name: str) -> str | None:
    name = Path(file_name).name.lower().replace("-", "_").replace(" ", "_")
    return next((kind for marker, kind in KIND_BY_NAME if marker in name), None)


def _yes(value: str) -> bool:
    return value.strip().lower() in {"yes", "ya", "true", "1", "y"}


# --- what ships with the application -----------------------------------------------------------

@dataclass(frozen=True)
class ShippedRegionEdition:
    code: str
    name: str
    decree: str
    folder: Path
    current: bool


@dataclass(frozen=True)
class ShippedRenumbering:
    path: Path
    since: str
    basis: str


@dataclass(frozen=True)
class ShippedDapilEdition:
    code: str
    name: str
    source: str
    default: bool
    paths: list[Path]


def _manifest(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def shipped_region_editions() -> list[ShippedRegionEdition]:
    return [
        ShippedRegionEdition(row["code"], row["name"], row["decree"], (WILAYAH_DIR / row["folder"]).resolve(),
                             _yes(row["current"]))
        for row in _manifest(WILAYAH_DIR / "editions.csv")
    ]


def shipped_renumberings() -> list[ShippedRenumbering]:
    return [ShippedRenumbering(WILAYAH_DIR / row["file"], row["since"], row["basis"])
            for row in _manifest(WILAYAH_DIR / "renumberings.csv")]


def shipped_dapil_editions() -> list[ShippedDapilEdition]:
    return [
        ShippedDapilEdition(row["code"], row["name"], row["source"], _yes(row["default"]),
                            [DAPIL_DIR / name for name in row["files"].split()])
        for row in _manifest(DAPIL_DIR / "editions.csv")
    ]


def shipped_regions_checksum() -> str:
    """One fingerprint of every shipped region file (all editions, renumberings, manifests)."""
    return checksum(sorted(WILAYAH_DIR.rglob("*.csv")))


def renumbering_rows(path: Path) -> list[tuple[int, str, str, str]]:
    """(line, old code, new code, name) of a renumbering or mapping file: the first two columns are
    the old and the new code, a third (if any) the name."""
    label = path.name
    reader = csv.reader(io.StringIO(decode(path.read_bytes(), label), newline=""))
    header = next(reader, [])
    if len(header) < 2:
        raise FileProblem(str(messages.MAPPING_COLUMNS % {"file": label}))
    rows = []
    for line, values in enumerate(reader, start=2):
        values = [value.strip() for value in values]
        if not any(values):
            continue
        values += [""] * (3 - len(values))
        rows.append((line, values[0], values[1], values[2]))
    return rows
