"""Files for reference-data tests, written into a test's tmp_path."""

import csv
import shutil
from pathlib import Path

from regions import files

SHIPPED_2025 = files.WILAYAH_DIR
DPR_2024 = files.DAPIL_DIR / "dapil_dpr_ri_2024.csv"
DPRD_KABKOTA_2024 = files.DAPIL_DIR / "dapil_dprd_kabkota_2024.csv"
DAPIL_HEADER = "dapil_code,dapil_name,wilayah_code,wilayah_code_kpu,wilayah_level,wilayah_name,is_pecah"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def region_folder(folder: Path, **tables: str) -> Path:
    """A folder of one edition: provinsi=..., kabupaten_kota=..., kecamatan=..., desa_kelurahan=...
    given as the rows after the header."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write(folder / f"{name}.csv", "code,name,parent_code\n" + rows.strip() + "\n")
    return folder


def renumbered_2025_copy(folder: Path, *, drop_desa: tuple[str, ...] = ()) -> Path:
    """The shipped 2025 edition in which kecamatan 33.16.09 Blora is renumbered 33.16.17 (its desa
    keep their last four digits), less the desa in drop_desa (given with their 2025 code)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("provinsi.csv", "kabupaten_kota.csv"):
        shutil.copy(SHIPPED_2025 / name, folder / name)
    for name in ("kecamatan.csv", "desa_kelurahan.csv"):
        with (SHIPPED_2025 / name).open(newline="", encoding="utf-8") as source, \
                (folder / name).open("w", newline="", encoding="utf-8") as target:
            reader, writer = csv.reader(source), csv.writer(target, lineterminator="\n")
            writer.writerow(next(reader))
            for code, region_name, parent in reader:
                if code in drop_desa:
                    continue
                if code.startswith("33.16.09"):
                    code, parent = "33.16.17" + code[8:], parent.replace("33.16.09", "33.16.17")
                writer.writerow([code, region_name, parent])
    return folder


def dapil_file(path: Path, source: Path, *, replace: dict[str, list[str]] | None = None, drop: tuple[str, ...] = (),
               extra: list[str] = ()) -> Path:
    """A copy of a shipped dapil file; `replace` swaps the rows of a region code for other rows,
    `drop` removes the rows of region codes, `extra` appends rows."""
    replace = replace or {}
    lines = source.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    done = set()
    for line in lines[1:]:
        code = line.split(",")[2]
        if code in drop:
            continue
        if code in replace:
            if code not in done:
                out.extend(replace[code])
                done.add(code)
            continue
        out.append(line)
    out.extend(extra)
    return write(path, "\n".join(out) + "\n")


BLORA_KECAMATAN = [
    ("33.16.01", "JATI"), ("33.16.02", "RANDUBLATUNG"), ("33.16.03", "KRADENAN"), ("33.16.04", "KEDUNGTUBAN"),
    ("33.16.05", "CEPU"), ("33.16.06", "SAMBONG"), ("33.16.07", "JIKEN"), ("33.16.08", "JEPON"),
    ("33.16.09", "BLORA"), ("33.16.10", "TUNJUNGAN"), ("33.16.11", "BANJAREJO"), ("33.16.12", "NGAWEN"),
    ("33.16.13", "KUNDURAN"), ("33.16.14", "TODANAN"), ("33.16.15", "BOGOREJO"), ("33.16.16", "JAPAH"),
]


def blora_split_rows(*, moved: str = "33.16.09", to: tuple[str, str] = ("3302", "JAWA TENGAH II")) -> list[str]:
    """DPR rows for Kabupaten Blora split between JAWA TENGAH III and another dapil, with its
    kecamatan listed one by one: `moved` goes to `to`, the rest stays in 3303."""
    rows = [
        "3303,JAWA TENGAH III,33.16,3316,Pecahan Kabupaten/Kota,BLORA A,True",
        f"{to[0]},{to[1]},33.16,3316,Pecahan Kabupaten/Kota,BLORA B,True",
    ]
    for code, name in BLORA_KECAMATAN:
        dapil, dapil_name = to if code == moved else ("3303", "JAWA TENGAH III")
        rows.append(f"{dapil},{dapil_name},{code},{code.replace('.', '')},Kecamatan,{name},False")
    return rows
