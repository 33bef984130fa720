"""Checks run on reference files before anything is saved: a region edition folder, dapil files and
a recode mapping. Each returns what it read and every problem found (Bahasa Indonesia sentences
from regions.messages); the services refuse to save while there is one."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from regions import files, messages, reference
from regions.files import FileProblem
from tps_khusus.numbers import is_digits

EDITION_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$")
DAPIL_CODE = re.compile(r"^\d{1,10}$")
LEVEL_LABELS = {reference.PROVINCE: "provinsi", reference.KABKOTA: "kabupaten/kota",
                reference.KECAMATAN: "kecamatan", reference.DESA: "desa/kelurahan"}
KIND_LABELS = {reference.DAPIL_DPR: "DPR RI", reference.DAPIL_DPRD_PROVINCE: "DPRD Provinsi",
               reference.DAPIL_DPRD_KABKOTA: "DPRD Kabupaten/Kota"}
TRUE_VALUES = {"true", "1", "y", "ya", "yes"}
FALSE_VALUES = {"false", "0", "n", "tidak", "no", ""}


def edition_code_problem(code: str) -> str | None:
    if EDITION_CODE.match(code or ""):
        return None
    return str(messages.EDITION_CODE_FORMAT % {"code": code})


def summarize(errors: list[str], limit: int = 50) -> list[str]:
    """The first `limit` problems, and how many more there are."""
    if len(errors) <= limit:
        return errors
    return [*errors[:limit], str(messages.MORE_ERRORS % {"count": len(errors) - limit})]


# --- region edition folder ---------------------------------------------------------------------

@dataclass
class RegionFolder:
    folder: Path
    rows: dict[int, list[tuple[str, str, str]]] = field(default_factory=dict)  # level -> (code, name, parent)
    errors: list[str] = field(default_factory=list)
    checksum: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def lowest_level(self) -> int:
        return max(self.rows) if self.rows else reference.PROVINCE

    def counts(self) -> dict[int, int]:
        return {level: len(rows) for level, rows in self.rows.items()}


def check_region_folder(folder: Path) -> RegionFolder:
    """Read and check a folder of one edition: provinsi, kabupaten_kota and kecamatan required,
    desa_kelurahan optional; codes well-formed for their level, each parent the code's own prefix
    and present in the level above, no code twice, no empty name."""
    result = RegionFolder(folder=folder)
    if not folder.is_dir():
        result.errors.append(str(messages.FOLDER_MISSING % {"folder": folder}))
        return result
    paths = []
    known_above: set[str] = set()
    for level, file_name in files.LEVEL_FILES.items():
        path = folder / file_name
        if not path.is_file():
            if level != reference.DESA:
                result.errors.append(str(messages.FILE_MISSING % {"file": file_name, "folder": folder}))
            break
        paths.append(path)
        try:
            table = files.read_csv(path.read_bytes(), label=file_name, required=files.REGION_COLUMNS)
        except FileProblem as problem:
            result.errors.append(problem.message)
            break
        if not table.rows:
            result.errors.append(str(messages.FILE_EMPTY % {"file": file_name}))
            break
        known_above = _check_level(result, level, table, known_above)
    result.checksum = files.checksum(paths)
    return result


def _check_level(result: RegionFolder, level: int, table: files.CsvRows, above: set[str]) -> set[str]:
    pattern, label = reference.CODE_PATTERNS[level], table.label
    parent_file = files.LEVEL_FILES.get(level - 1, "")
    seen: dict[str, int] = {}
    rows = []
    for line, row in table.rows:
        code, name, parent = row["code"], row["name"], row["parent_code"]
        where = {"file": label, "line": line, "code": code}
        if not pattern.match(code):
            result.errors.append(str(messages.ROW_CODE_FORMAT % {
                **where, "level": LEVEL_LABELS[level], "example": reference.CODE_EXAMPLES[level]}))
            continue
        if code in seen:
            result.errors.append(str(messages.ROW_DUPLICATE % {**where, "first": seen[code]}))
            continue
        seen[code] = line
        if not name:
            result.errors.append(str(messages.ROW_NAME_EMPTY % where))
        if level == reference.PROVINCE:
            if parent:
                result.errors.append(str(messages.ROW_PROVINCE_PARENT % {**where, "parent": parent}))
        elif parent != reference.parent_code(code):
            result.errors.append(str(messages.ROW_PARENT_MISMATCH % {
                **where, "parent": parent or "-", "expected": reference.parent_code(code)}))
        elif parent not in above:
            result.errors.append(str(messages.ROW_PARENT_UNKNOWN % {
                **where, "parent": parent, "parent_file": parent_file}))
        rows.append((code, name, parent))
    result.rows[level] = rows
    return set(seen)


# --- dapil files -------------------------------------------------------------------------------

@dataclass(frozen=True)
class DapilRow:
    line: int
    dapil_code: str
    dapil_name: str
    region_code: str
    region_code_kpu: str
    level_label: str
    region_name: str
    is_split: bool


@dataclass
class DapilUpload:
    """Dapil files read and checked, per kind; nothing of it is saved."""

    files: dict[str, tuple[str, list[DapilRow]]] = field(default_factory=dict)  # kind -> (file name, rows)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in reference.DAPIL_KINDS if kind in self.files]

    def index(self, kind: str) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for row in self.files.get(kind, ("", []))[1]:
            found.setdefault(row.region_code, set()).add(row.dapil_code)
        return {code: frozenset(dapils) for code, dapils in found.items()}

    def dapil_names(self, kind: str) -> dict[str, str]:
        return {row.dapil_code: row.dapil_name for row in self.files.get(kind, ("", []))[1]}

    def counts(self) -> dict[str, tuple[int, int]]:
        """kind -> (dapil, rows)."""
        return {kind: (len({r.dapil_code for r in rows}), len(rows)) for kind, (_name, rows) in self.files.items()}


def check_dapil_files(uploads: list[tuple[str, str | None, bytes]]) -> DapilUpload:
    """Check dapil files given as (file name, kind or None to take it from the name, content).

    Every region code must be known in some region edition; no region may be in two dapil of one
    kind unless it is split (is_pecah on each of its rows) and its parts are listed below it, each
    in one of its dapil; a region below a non-split one must not name another dapil.
    """
    result = DapilUpload()
    if not uploads:
        result.errors.append(str(messages.DAPIL_NO_FILES))
        return result
    for file_name, kind, data in uploads:
        kind = kind or files.kind_from_name(file_name)
        if kind is None:
            result.errors.append(str(messages.DAPIL_KIND_UNKNOWN % {"file": file_name}))
            continue
        if kind in result.files:
            result.errors.append(str(messages.DAPIL_KIND_TWICE % {
                "kind": KIND_LABELS[kind], "first": result.files[kind][0], "second": file_name}))
            continue
        try:
            table = files.read_csv(data, label=file_name, required=files.DAPIL_REQUIRED)
        except FileProblem as problem:
            result.errors.append(problem.message)
            continue
        if not table.rows:
            result.errors.append(str(messages.FILE_EMPTY % {"file": file_name}))
            continue
        rows = _dapil_rows(result, table)
        result.files[kind] = (file_name, rows)
        _check_structure(result, kind, file_name, rows)
    return result


def _dapil_rows(result: DapilUpload, table: files.CsvRows) -> list[DapilRow]:
    label = table.label
    names: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    rows = []
    for line, row in table.rows:
        dapil_code, dapil_name = row.get("dapil_code", ""), row.get("dapil_name", "")
        raw_code = row.get("wilayah_code", "")
        code = reference.dotted(raw_code) if is_digits(raw_code) else raw_code
        where = {"file": label, "line": line}
        problems = len(result.errors)
        if not DAPIL_CODE.match(dapil_code):
            result.errors.append(str(messages.DAPIL_CODE_FORMAT % {**where, "code": dapil_code or "-"}))
        elif not dapil_name:
            result.errors.append(str(messages.DAPIL_NAME_EMPTY % {**where, "code": dapil_code}))
        elif dapil_code in names and names[dapil_code][0] != dapil_name:
            first_name, first = names[dapil_code]
            result.errors.append(str(messages.DAPIL_NAME_CONFLICT % {
                **where, "code": dapil_code, "name": dapil_name, "first": first, "first_name": first_name}))
        else:
            names.setdefault(dapil_code, (dapil_name, line))
        if reference.level_of(code) is None:
            result.errors.append(str(messages.DAPIL_REGION_FORMAT % {**where, "code": raw_code or "-"}))
        elif not reference.is_known(code):
            result.errors.append(str(messages.DAPIL_REGION_UNKNOWN % {**where, "code": code}))
        split_value = row.get("is_pecah", "").strip().lower()
        if split_value not in TRUE_VALUES | FALSE_VALUES:
            result.errors.append(str(messages.DAPIL_SPLIT_VALUE % {**where, "value": row.get("is_pecah")}))
        if (code, dapil_code) in seen:
            result.errors.append(str(messages.DAPIL_DUPLICATE % {
                **where, "code": code, "dapil": dapil_code, "first": seen[(code, dapil_code)]}))
        if len(result.errors) > problems:
            continue
        seen[(code, dapil_code)] = line
        rows.append(DapilRow(line, dapil_code, dapil_name, code, row.get("wilayah_code_kpu", ""),
                             row.get("wilayah_level", ""), row.get("wilayah_name", "") or reference.name_of(code),
                             split_value in TRUE_VALUES))
    return rows


def _check_structure(result: DapilUpload, kind: str, file_name: str, rows: list[DapilRow]) -> None:
    label = KIND_LABELS[kind]
    current = reference.current_edition()
    by_code: dict[str, list[DapilRow]] = {}
    for row in rows:
        by_code.setdefault(row.region_code, []).append(row)
    has_parts = set()  # codes with a listed code below them
    for code in by_code:
        ancestor = reference.parent_code(code)
        while ancestor:
            has_parts.add(ancestor)
            ancestor = reference.parent_code(ancestor)
    for code, own in by_code.items():
        dapils = sorted({row.dapil_code for row in own})
        if len(dapils) > 1:
            if not all(row.is_split for row in own) or code not in has_parts:
                result.errors.append(str(messages.DAPIL_TWO_DAPIL % {
                    "kind": label, "code": code, "name": own[0].region_name, "dapils": ", ".join(dapils),
                    "lines": ", ".join(str(row.line) for row in own)}))
        elif own[0].is_split:
            result.errors.append(str(messages.DAPIL_SPLIT_ALONE % {
                "kind": label, "code": code, "dapil": dapils[0], "line": own[0].line}))
        if current is not None and not reference.is_current(code):
            result.warnings.append(str(messages.DAPIL_REGION_RETIRED % {
                "kind": label, "code": code, "line": own[0].line, "edition": current.code}))
        ancestor = reference.parent_code(code)
        while ancestor and ancestor not in by_code:
            ancestor = reference.parent_code(ancestor)
        if not ancestor:
            continue
        above = by_code[ancestor]
        above_dapils = {row.dapil_code for row in above}
        for row in own:
            if row.dapil_code in above_dapils:
                continue
            if len(above_dapils) == 1 and not above[0].is_split:
                result.errors.append(str(messages.DAPIL_NESTED % {
                    "kind": label, "code": code, "dapil": row.dapil_code, "line": row.line,
                    "parent_dapil": above[0].dapil_code, "parent": ancestor, "parent_line": above[0].line}))
            else:
                result.errors.append(str(messages.DAPIL_SPLIT_CHILD % {
                    "kind": label, "code": code, "line": row.line, "dapil": row.dapil_code, "parent": ancestor,
                    "dapils": ", ".join(sorted(above_dapils))}))


# --- recode mapping ----------------------------------------------------------------------------

@dataclass
class Mapping:
    """Old code -> new code; a row maps the code and everything below it (longest prefix wins)."""

    pairs: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def new_code(self, code: str) -> str | None:
        parts = code.split(".")
        for size in range(len(parts), 0, -1):
            prefix = ".".join(parts[:size])
            if prefix in self.pairs:
                return self.pairs[prefix] + code[len(prefix):]
        return None


def check_mapping(path: Path) -> Mapping:
    result = Mapping()
    try:
        rows = files.renumbering_rows(path)
    except (FileProblem, OSError) as problem:
        message = problem.message if isinstance(problem, FileProblem) else str(
            messages.FILE_MISSING % {"file": path.name, "folder": path.parent})
        result.errors.append(message)
        return result
    first: dict[str, int] = {}
    for line, old, new, _name in rows:
        where = {"file": path.name, "line": line}
        bad = [code for code in (old, new) if reference.level_of(code) is None]
        if bad:
            result.errors.extend(str(messages.MAPPING_CODE % {**where, "code": code or "-"}) for code in bad)
        elif reference.level_of(old) != reference.level_of(new):
            result.errors.append(str(messages.MAPPING_LEVEL % {**where, "old": old, "new": new}))
        elif old in first:
            result.errors.append(str(messages.MAPPING_TWICE % {**where, "code": old, "first": first[old]}))
        else:
            first[old] = line
            result.pairs[old] = new
    return result
