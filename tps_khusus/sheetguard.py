"""Look inside an uploaded .xlsx before any library builds a grid from it.

A 2 KB workbook whose sheet holds one cell at XFD1048576 makes python-calamine allocate the whole
grid from A1 to that cell, and the process aborts (a Rust allocation failure, which no `except`
can catch); a cell at ZZ40000 doubles a worker's memory. `check_workbook()` reads only the zip
directory and, as streams with hard caps, the XML parts the reader will use, and refuses a
workbook beyond the caps with a Bahasa Indonesia message naming what it found:

- the zip: number of parts, each part's and the total unpacked size, the compression ratio, and
  the bytes actually inflated (a zip header may lie about the sizes; the CRC is checked too);
- the XML: no DOCTYPE (so no entity definitions, no external entities), a nesting depth, a
  longest tag or text run;
- the first visible worksheet, found the way calamine finds it: its `<dimension ref>` and every
  `<row>` and `<c>` it holds, with or without an `r` attribute, against the columns and rows the
  import allows; on the way it notes each cell holding a formula without a stored (cached) value,
  which every reader sees as empty (openpyxl and other generators write formulas so);
- the shared-strings table: its number of strings and its size.

Every part is read as UTF-8 (as Excel writes it and calamine reads it). The check imports no app
and holds at most about 2 MB (usually a few hundred KB), whatever the file unpacks to. Its result
names the sheet, its part and its extent, so a reader can check it reads the same sheet.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

FILE_UNREADABLE = _("File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.")
NO_WORKSHEET = _("File tidak berisi lembar kerja yang dapat dibaca.")
TOO_MANY_PARTS = _(
    "File .xlsx ini terdiri atas lebih dari %(limit)s bagian (file Excel biasa hanya belasan). Salin data WBP "
    "ke templat impor yang baru, simpan, lalu unggah lagi."
)
PART_TOO_LARGE = _(
    "Bagian \"%(part)s\" di dalam file .xlsx ini berukuran %(size)s MB setelah dibuka, lebih dari batas "
    "%(limit)s MB. Pastikan file hanya berisi tabel data WBP, atau bagi data menjadi beberapa file."
)
UNPACKED_TOO_LARGE = _(
    "Isi file .xlsx ini berukuran lebih dari %(limit)s MB setelah dibuka. Pastikan file hanya berisi tabel "
    "data WBP, atau bagi data menjadi beberapa file."
)
RATIO_TOO_HIGH = _(
    "Bagian \"%(part)s\" di dalam file .xlsx ini dipadatkan %(ratio)s kali, jauh di atas file Excel biasa "
    "(paling banyak %(limit)s kali). File seperti ini tidak diproses; salin data WBP ke templat impor yang "
    "baru, simpan, lalu unggah lagi."
)
SIZE_MISMATCH = _(
    "Bagian \"%(part)s\" di dalam file .xlsx ini tidak sesuai dengan ukuran atau sidik yang tercatat di "
    "file. File rusak atau sengaja diubah; simpan ulang dari Excel lalu unggah lagi."
)
XML_DOCTYPE = _(
    "Bagian \"%(part)s\" di dalam file .xlsx ini memuat deklarasi DOCTYPE atau entitas, yang tidak pernah "
    "ditulis Excel. File ini tidak diproses; simpan ulang dari Excel lalu unggah lagi."
)
XML_TOO_DEEP = _(
    "Bagian \"%(part)s\" di dalam file .xlsx ini bersarang lebih dari %(limit)s tingkat, tidak seperti file "
    "Excel biasa. File ini tidak diproses; simpan ulang dari Excel lalu unggah lagi."
)
XML_TOKEN_TOO_LONG = _(
    "Bagian \"%(part)s\" di dalam file .xlsx ini berisi satu tag atau teks sepanjang lebih dari %(limit)s MB. "
    "File ini tidak diproses; simpan ulang dari Excel lalu unggah lagi."
)
ROWS_TOO_MANY = _(
    "Lembar \"%(sheet)s\" berisi baris sampai nomor %(row)s; file impor hanya boleh memakai baris 1 sampai "
    "%(last_row)s. Bila datanya memang sebanyak itu, bagi menjadi beberapa file; bila tidak, hapus isi dan format "
    "di bawah tabel data WBP. Simpan, lalu unggah lagi."
)
SHEET_TOO_LARGE = _(
    "Lembar \"%(sheet)s\" berisi sel sampai %(cell)s; file impor hanya boleh memakai kolom A sampai "
    "%(last_column)s dan baris 1 sampai %(last_row)s. Hapus isi dan format di luar tabel data WBP (kolom di "
    "kanannya dan baris di bawahnya), simpan, lalu unggah lagi."
)
DIMENSION_TOO_LARGE = _(
    "Lembar \"%(sheet)s\" menyatakan ukurannya %(ref)s; file impor hanya boleh memakai kolom A sampai "
    "%(last_column)s dan baris 1 sampai %(last_row)s. Hapus isi dan format di luar tabel data WBP (kolom di "
    "kanannya dan baris di bawahnya), simpan, lalu unggah lagi."
)
BAD_REFERENCE = _(
    "Lembar \"%(sheet)s\" berisi alamat sel yang tidak sah (\"%(ref)s\"). File rusak; simpan ulang dari Excel "
    "lalu unggah lagi."
)
TOO_MANY_STRINGS = _(
    "File .xlsx ini menyimpan lebih dari %(limit)s teks berbeda (tabel sharedStrings), lebih banyak daripada "
    "sel yang boleh diisi. Salin data WBP ke templat impor yang baru, simpan, lalu unggah lagi."
)
STRINGS_TOO_LARGE = _(
    "Tabel teks (sharedStrings) di dalam file .xlsx ini berukuran %(size)s MB, lebih dari batas %(limit)s MB. "
    "Salin data WBP ke templat impor yang baru, simpan, lalu unggah lagi."
)

MB = 1024 * 1024
# An .xlsx of the 60,000-row template written by openpyxl: 9 parts, a 70 MB sheet (ratio 14),
# no part above 14:1. Excel writes about a dozen parts and shared strings instead of inline text.
MAX_PARTS = 1000
MAX_PART_BYTES = 200 * MB
MAX_UNPACKED_BYTES = 300 * MB
MAX_STRINGS_BYTES = 100 * MB
MAX_RATIO = 400  # identical rows pack about 300 to 1; deflate tops out near 1,030
RATIO_FROM_BYTES = 1 * MB  # small parts (a few repeated tags) may compress better than that, harmlessly
MAX_DEPTH = 64  # a worksheet is about 7 deep (worksheet, sheetData, row, c, is, r, t)
MAX_TOKEN_BYTES = 1 * MB  # one tag or text run; Excel keeps at most 32,767 characters in a cell
MAX_SHEETS = 1000
# Strings a workbook may keep beyond one per cell of the allowed area: other sheets' texts.
STRINGS_MARGIN = 10_000
CHUNK = 64 * 1024
NAME_SHOWN = 80  # characters of a sheet or part name quoted in a message

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"

ZIP_LOCAL = b"PK\x03\x04"
ZIP_CENTRAL = b"PK\x01\x02"
ZIP_END = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_END = b"PK\x06\x06"
# Raw control bytes are not XML 1.0 but some exporters write them and calamine reads past them;
# the guard checks structure, not text, so they become spaces before expat sees them.
_CONTROLS = bytes([*range(0, 9), 11, 12, *range(14, 32)])
CONTROL_BYTES = bytes.maketrans(_CONTROLS, b" " * len(_CONTROLS))
DIGITS = "0123456789"
# What _parse cuts out of a sheet before expat sees it (three regular expressions, in this order):
# a formula followed by its stored value is only that value;
CACHED_FORMULA = re.compile(rb"<f(?:\s[^<>]*)?(?:/>|>[^<]*</f>)(?=<v(?:\s[^<>]*)?>[^<])")
# another formula (no stored value, or one the next two cannot see) becomes an empty <f/>, which the
# sheet's handlers note;
FORMULA = re.compile(rb"<f(?:\s[^<>]*)?>[^<]*</f>")
FORMULA_MARK = b"<f/>"
# a cell's value or plain inline string: text only.
VALUES = re.compile(rb"<(?:v|is><t)(?:\s[^<>]*)?>[^<]*</(?:v|t></is)>")
SQUEEZED_LEVELS = 2  # what VALUES cuts is at most two levels deep (<is><t>), counted back in the depth
# Then an ordinary row, as Excel and openpyxl write nearly every row, is one row with only its rightmost cell
# (_sheet_extent's collapse): a <row r="N"> whose cells are all empty once squeezed, each with a reference on
# row N (the same digits) and nothing but the s and t attributes, in that order. What is cut cannot end a
# comment, CDATA or processing instruction, and is well-formed by construction; the row's own tags stay as
# they are for expat. For such a row the sheet's handlers reach the same extent from the rightmost cell as
# from all of them (no formula is left in it: a formula stays an <f/> inside its cell).
ORDINARY_ROW = re.compile(
    rb'(<row r="([1-9][0-9]{0,9})"[^<>/]*>)((?:<c r="[A-Z]{1,3}\2"(?: s="[0-9]{1,6}")?(?: t="[a-zA-Z]{1,12}")?'
    rb'(?: ?/>|></c>))+)</row>')
CELL_LETTERS = re.compile(rb'<c r="([A-Z]+)')
# Where a chunk of a sheet may be cut so that no cell is split between two chunks (the expressions
# above see one chunk at a time): before the last cell or row that starts in it.
CELL_STARTS = (b"<c ", b"<c>", b":c ", b"<row", b":row", b"</row")


class WorkbookRefused(Exception):
    """The workbook is not read: `message` says why, in Bahasa Indonesia."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


@dataclass(frozen=True)
class SheetExtent:
    """What a reader needs to know about the sheet it is about to read."""

    sheet: str  # the sheet's name in the workbook
    part: str  # its zip entry, e.g. "xl/worksheets/sheet1.xml"
    rows: int  # the highest row number used (by a <row> or a <c>), 0 when the sheet is empty
    columns: int  # the highest column number used
    dimension: str | None  # the <dimension ref> the sheet declares, if any
    shared_strings: int
    unpacked_bytes: int  # every part, as inflated
    # Cells holding a formula without a stored value, which a reader sees as empty: row number ->
    # a bit mask of their 0-based column numbers (bit 0 is column A).
    formulas_without_value: dict[int, int] = field(default_factory=dict)

    @property
    def last_cell(self) -> str:
        return f"{column_letter(self.columns)}{self.rows}" if self.rows and self.columns else ""

    def formula_without_value(self, row: int, index: int) -> bool:
        """Whether the cell at Excel row `row`, 0-based column `index`, holds a formula without a stored value."""
        return bool(self.formulas_without_value.get(row, 0) >> index & 1)


def check_workbook(data: bytes, *, max_columns: int, max_rows: int) -> SheetExtent:
    """Check an .xlsx before it is parsed; raises WorkbookRefused with the reason.

    `max_columns` and `max_rows` bound the first visible worksheet (columns A.. and rows 1.. that
    may hold anything, including title rows above the header); the caller adds its slack.
    """
    view = memoryview(data)
    entries = _directory(data)
    by_name = {entry.filename.lower(): entry for entry in entries}
    budget = _Budget()
    workbook = _entry(by_name, WORKBOOK)
    relationships = _entry(by_name, WORKBOOK_RELS)
    if workbook is None or relationships is None:
        raise WorkbookRefused(FILE_UNREADABLE)
    targets = _relationships(_stream(view, relationships, budget), relationships.filename)
    sheet, path = _first_visible_worksheet(_stream(view, workbook, budget), workbook.filename, targets)
    part = _entry(by_name, path)
    if part is None:
        raise WorkbookRefused(FILE_UNREADABLE)
    strings_part = _entry(by_name, SHARED_STRINGS)
    if strings_part is not None and strings_part.file_size > MAX_STRINGS_BYTES:
        raise WorkbookRefused(STRINGS_TOO_LARGE % {"size": megabytes(strings_part.file_size),
                                                   "limit": megabytes(MAX_STRINGS_BYTES)})
    extent = {"rows": 0, "columns": 0, "dimension": None, "formulas_without_value": {}}
    strings = 0
    # Every part is inflated and counted (a header may lie), in the archive's order; the parts the
    # reader parses are parsed here first.
    for entry in entries:
        if entry in (workbook, relationships):
            continue
        chunks = _stream(view, entry, budget)
        if entry is part:
            extent = _sheet_extent(chunks, entry.filename, sheet, max_columns=max_columns, max_rows=max_rows)
        elif entry is strings_part:
            strings = _count_strings(chunks, entry.filename, limit=max_rows * max_columns + STRINGS_MARGIN)
        elif entry is _entry(by_name, STYLES):
            _scan(chunks, entry.filename)
        else:
            for _chunk in chunks:
                pass
    return SheetExtent(sheet=sheet, part=part.filename, shared_strings=strings, unpacked_bytes=budget.total,
                       **extent)


def column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def megabytes(size: int) -> str:
    return number_format(size / MB, decimal_pos=1, force_grouping=True)


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def _shown(name: str) -> str:
    return name if len(name) <= NAME_SHOWN else name[:NAME_SHOWN] + "..."


# The zip directory ------------------------------------------------------------------------------

def _directory(data: bytes) -> list[zipfile.ZipInfo]:
    """The entries, after checking their number, names and declared sizes."""
    # Each entry zipfile parses starts with this signature, so its count bounds the work; the
    # end record's count is what other readers (calamine's zip crate) size their tables by.
    if data.count(ZIP_CENTRAL) > MAX_PARTS or _declared_entries(data) > MAX_PARTS:
        raise WorkbookRefused(TOO_MANY_PARTS % {"limit": _count(MAX_PARTS)})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, struct.error, NotImplementedError, EOFError):
        raise WorkbookRefused(FILE_UNREADABLE) from None
    names = {entry.filename.lower() for entry in entries}
    if len(names) != len(entries):  # two readers may pick different copies of a name
        raise WorkbookRefused(FILE_UNREADABLE)
    total = 0
    for entry in entries:
        if entry.file_size > MAX_PART_BYTES:
            raise WorkbookRefused(PART_TOO_LARGE % {"part": _shown(entry.filename), "size": megabytes(entry.file_size),
                                                    "limit": megabytes(MAX_PART_BYTES)})
        total += entry.file_size
        if total > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(UNPACKED_TOO_LARGE % {"limit": megabytes(MAX_UNPACKED_BYTES)})
        if entry.file_size >= RATIO_FROM_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise WorkbookRefused(RATIO_TOO_HIGH % {"part": _shown(entry.filename),
                                                    "ratio": _count(entry.file_size // max(entry.compress_size, 1)),
                                                    "limit": _count(MAX_RATIO)})
    return entries


def _declared_entries(data: bytes) -> int:
    end = data.rfind(ZIP_END, max(0, len(data) - 22 - 65535))
    if end < 0 or end + 22 > len(data):
        raise WorkbookRefused(FILE_UNREADABLE)
    (count,) = struct.unpack_from("<H", data, end + 10)
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator:locator + 4] == ZIP64_LOCATOR:
        (offset,) = struct.unpack_from("<Q", data, locator + 8)
        if offset + 56 <= len(data) and data[offset:offset + 4] == ZIP64_END:
            (count,) = struct.unpack_from("<Q", data, offset + 32)
    return count


def _entry(by_name: dict, path: str) -> zipfile.ZipInfo | None:
    return by_name.get(path.lower())  # calamine looks parts up ignoring case


@dataclass
class _Budget:
    total: int = 0


def _stream(view: memoryview, entry: zipfile.ZipInfo, budget: _Budget) -> Iterator[bytes]:
    """The part's bytes, inflated here chunk by chunk and counted: never more than its header says."""
    part = _shown(entry.filename)
    start = entry.header_offset
    header = view[start:start + 30].tobytes()
    if len(header) < 30 or header[:4] != ZIP_LOCAL or entry.flag_bits & 0x1:
        raise WorkbookRefused(FILE_UNREADABLE)
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    begin = start + 30 + name_length + extra_length
    raw = view[begin:begin + entry.compress_size]
    if len(raw) != entry.compress_size:
        raise WorkbookRefused(FILE_UNREADABLE)
    if entry.compress_type == zipfile.ZIP_STORED:
        inflate = None
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        raise WorkbookRefused(FILE_UNREADABLE)
    size = crc = 0
    position = 0
    pending = b""
    while True:
        if inflate is None:
            chunk = raw[position:position + CHUNK].tobytes()
            position += len(chunk)
            done = position >= len(raw)
        else:
            if not pending:
                pending = raw[position:position + CHUNK]
                position += len(pending)
            try:
                # One byte more than the header allows shows a lie without inflating the rest.
                chunk = inflate.decompress(pending, min(CHUNK, entry.file_size - size + 1))
            except zlib.error:
                raise WorkbookRefused(FILE_UNREADABLE) from None
            pending = inflate.unconsumed_tail
            done = inflate.eof or (position >= len(raw) and not pending and not chunk)
        size += len(chunk)
        budget.total += len(chunk)
        if size > entry.file_size:
            raise WorkbookRefused(SIZE_MISMATCH % {"part": part})
        if budget.total > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(UNPACKED_TOO_LARGE % {"limit": megabytes(MAX_UNPACKED_BYTES)})
        if chunk:
            crc = zlib.crc32(chunk, crc)
            yield chunk
        if done:
            break
    if size != entry.file_size or crc != entry.CRC or (inflate is not None and not inflate.eof):
        raise WorkbookRefused(SIZE_MISMATCH % {"part": part})


# XML ------------------------------------------------------------------------------------------

def _parse(chunks: Iterator[bytes], part: str, start: Callable, end: Callable | None = None, *,
           squeeze: bool = False, text: Callable | None = None,
           collapse: Callable[[bytes], bytes] | None = None) -> None:
    """Feed a part to expat with no DTD and a cap on the longest tag or text run.

    `squeeze` first cuts the values out of cells (_squeezed): two of every three elements of a sheet,
    which would each cost two calls of Python handlers. What is cut holds no "<", so no row or cell;
    a formula without a stored value stays as an empty <f/>. Each chunk is then cut before the
    last cell that starts in it (the rest goes with the next chunk), so that no cell is split
    between the two and the expressions see each cell whole. `text` receives character data.
    `collapse`, with `squeeze`, then rewrites each squeezed chunk once more (_sheet_extent's ordinary rows).
    """
    # Read as UTF-8 whatever the declaration says, as Excel writes it and as calamine reads it: a
    # document that another codec would turn into different markup is unreadable here.
    parser = expat.ParserCreate(encoding="UTF-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_doctype(*_args):
        raise WorkbookRefused(XML_DOCTYPE % {"part": _shown(part)})

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.buffer_text = True
        parser.CharacterDataHandler = text
    run = 0  # bytes since the last ">": expat keeps an unfinished tag whole
    carried = b""  # the end of the previous chunk, from the start of its last cell
    try:
        for chunk in chunks:
            last = chunk.rfind(b">")
            if last < 0:
                run += len(chunk)
            else:
                run += chunk.find(b">")
            if run > MAX_TOKEN_BYTES:
                raise WorkbookRefused(XML_TOKEN_TOO_LONG % {"part": _shown(part), "limit": _count(MAX_TOKEN_BYTES // MB)})
            if last >= 0:
                run = len(chunk) - last - 1
            chunk = chunk.translate(CONTROL_BYTES)
            if squeeze:
                chunk = carried + chunk if carried else chunk
                cut = max(chunk.rfind(start_tag) for start_tag in CELL_STARTS)
                # A cell longer than a chunk cannot be kept whole; it is fed as it comes.
                chunk, carried = (chunk[:cut], chunk[cut:]) if cut > 0 else (chunk, b"")
                chunk = _squeezed(chunk)
                if collapse is not None:
                    chunk = collapse(chunk)
            parser.Parse(chunk, False)
        if carried:
            carried = _squeezed(carried)
            parser.Parse(collapse(carried) if collapse is not None else carried, False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise WorkbookRefused(FILE_UNREADABLE) from None


def _squeezed(chunk: bytes) -> bytes:
    if b"<f" in chunk:  # what the two formula expressions start with: most sheets hold no formula
        chunk = FORMULA.sub(FORMULA_MARK, CACHED_FORMULA.sub(b"", chunk))
    return VALUES.sub(b"", chunk)


def _depth_guard(part: str):
    """Start and end handlers that only keep the depth under MAX_DEPTH."""
    depth = 0

    def start(_name, _attributes):
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise WorkbookRefused(XML_TOO_DEEP % {"part": _shown(part), "limit": MAX_DEPTH})

    def end(_name):
        nonlocal depth
        depth -= 1

    return start, end


def _scan(chunks: Iterator[bytes], part: str) -> None:
    _parse(chunks, part, *_depth_guard(part))


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _relationships(chunks: Iterator[bytes], part: str) -> dict[str, str]:
    """Relationship Id -> Target, as calamine reads them (a later Id wins)."""
    targets = {}
    depth_start, depth_end = _depth_guard(part)

    def start(name, attributes):
        depth_start(name, attributes)
        if _local(name) == "Relationship" and "Id" in attributes:
            targets[attributes["Id"]] = attributes.get("Target", "")

    _parse(chunks, part, start, depth_end)
    return targets


def _first_visible_worksheet(chunks: Iterator[bytes], part: str, targets: dict[str, str]) -> tuple[str, str]:
    """(name, zip path) of the sheet the import reads: the first visible worksheet, resolved as calamine does."""
    sheets = []  # (name, path, is a visible worksheet)
    depth_start, depth_end = _depth_guard(part)

    def start(name, attributes):
        depth_start(name, attributes)
        if _local(name) != "sheet":
            return
        if len(sheets) >= MAX_SHEETS:
            raise WorkbookRefused(TOO_MANY_PARTS % {"limit": _count(MAX_SHEETS)})
        state = attributes.get("state", "visible")
        key = attributes.get("r:id", attributes.get("relationships:id"))
        if state not in ("visible", "hidden", "veryHidden") or key not in targets:
            raise WorkbookRefused(FILE_UNREADABLE)
        target = targets[key]
        if target.startswith("/xl/"):
            path = target[1:]
        elif target.startswith("xl/"):
            path = target
        else:
            path = f"xl/{target}"
        folder = path.split("/")[1] if path.count("/") else ""
        if folder not in ("worksheets", "chartsheets", "dialogsheets"):
            raise WorkbookRefused(FILE_UNREADABLE)
        sheets.append((attributes.get("name", ""), path, folder == "worksheets" and state == "visible"))

    _parse(chunks, part, start, depth_end)
    visible = [name for name, _path, readable in sheets if readable]
    if not visible:
        raise WorkbookRefused(NO_WORKSHEET)
    # The reader asks for the sheet by name, and the first sheet of that name is what it gets.
    return next((name, path) for name, path, _readable in sheets if name == visible[0])


def _sheet_extent(chunks: Iterator[bytes], part: str, sheet: str, *, max_columns: int, max_rows: int) -> dict:
    """The sheet's extent, counted the way calamine places cells; stops at the first cell beyond the limits.

    A <row> or <c> with an `r` attribute sits where it says; one without sits after the previous
    one (calamine's counters). A row beyond the limit is refused at its end, so that the message
    names its farthest cell. A cell with an <f> and no <v> holding text, unless its type is "str"
    (a formula whose stored result is empty text), holds a formula without a stored value.
    """
    shown = _shown(sheet)
    columns_by_letters = {column_letter(number): number for number in range(1, max_columns + 1)}
    depth = 0
    in_data = 0  # depth of <sheetData>, 0 outside it
    row = 0  # 0-based row of the next cell without a reference, as calamine counts
    row_text = "1"  # its number as written
    column = 0  # 0-based column of the next cell without a reference
    rows = columns = row_columns = 0
    dimension = None
    cell = 0  # depth of the <c> being read, 0 outside one
    cell_row = cell_column = 0  # its place (1-based)
    value = 0  # depth of its <v> while inside it
    formula = has_value = text_type = False
    formulas: dict[int, int] = {}

    def refuse(cell_row: int, cell_column: int) -> None:
        if cell_column <= max_columns:
            raise WorkbookRefused(ROWS_TOO_MANY % {"sheet": shown, "row": _count(cell_row), "last_row": _count(max_rows)})
        cell = f"{column_letter(max(cell_column, 1))}{cell_row}"
        raise WorkbookRefused(SHEET_TOO_LARGE % {"sheet": shown, "cell": cell, "last_column": column_letter(max_columns),
                                                 "last_row": _count(max_rows)})

    def row_number(text: str, reference: str) -> int:
        if not (text.isdigit() and text.isascii() and len(text) <= 10) or text.startswith("0"):
            raise WorkbookRefused(BAD_REFERENCE % {"sheet": shown, "ref": _shown(reference)})
        return int(text)

    def position(reference: str) -> tuple[int, int]:
        """1-based (row, column) of "AB12"; lower-case letters count, as calamine reads them."""
        letters = reference.rstrip(DIGITS)
        number = columns_by_letters.get(letters)
        if number is None:
            if not (letters.isascii() and letters.isalpha()) or len(letters) > 7:
                raise WorkbookRefused(BAD_REFERENCE % {"sheet": shown, "ref": _shown(reference)})
            number = 0
            for letter in letters.upper():
                number = number * 26 + ord(letter) - 64
        return row_number(reference[len(letters):], reference), number

    def start(name, attributes):
        nonlocal depth, in_data, row, row_text, column, rows, columns, row_columns, dimension
        nonlocal cell, cell_row, cell_column, value, formula, has_value, text_type
        depth += 1
        if depth + SQUEEZED_LEVELS > MAX_DEPTH:
            raise WorkbookRefused(XML_TOO_DEEP % {"part": _shown(part), "limit": MAX_DEPTH})
        if ":" in name:
            name = _local(name)
        if in_data:
            if name == "c":
                reference = attributes.get("r")
                if reference is None:
                    cell_row, column = row + 1, column + 1
                elif reference.endswith(row_text) and reference[:-len(row_text)] in columns_by_letters:
                    # The usual case, cheaply: a reference on the current row, inside the allowed columns.
                    cell_row, column = row + 1, columns_by_letters[reference[:-len(row_text)]]
                else:
                    cell_row, column = position(reference)
                if column > row_columns:
                    row_columns = column
                if cell_row > rows:
                    rows = cell_row
                if cell_row > max_rows or column > max_columns:
                    refuse(cell_row, column)
                cell, cell_column, formula, has_value = depth, column, False, False
                text_type = attributes.get("t") == "str"
            elif name == "row":
                reference = attributes.get("r")
                if reference is not None:
                    row = row_number(reference, reference) - 1
                row_text = str(row + 1)
                column = row_columns = 0
            elif cell:
                if name == "f":
                    formula = True
                elif name == "v" and depth == cell + 1:
                    value = depth
        elif name == "sheetData":
            in_data = depth
        elif name == "dimension" and "ref" in attributes:
            dimension = attributes["ref"]
            last_row, last_column = position(dimension.rpartition(":")[2])
            if last_row > max_rows or last_column > max_columns:
                raise WorkbookRefused(DIMENSION_TOO_LARGE % {
                    "sheet": shown, "ref": _shown(dimension), "last_column": column_letter(max_columns),
                    "last_row": _count(max_rows)})

    def end(name):
        nonlocal depth, in_data, row, row_text, column, rows, columns, row_columns, cell, value
        if in_data:
            if depth == cell:
                if formula and not has_value and not text_type:
                    formulas[cell_row] = formulas.get(cell_row, 0) | 1 << (cell_column - 1)
                cell = 0
            elif depth == value:
                value = 0
            elif depth == in_data:
                in_data = cell = 0
            elif name == "row" or (":" in name and _local(name) == "row"):
                row += 1
                if row > rows:
                    rows = row
                if row_columns > columns:
                    columns = row_columns
                if row > max_rows:
                    refuse(row, columns)
                row_text = str(row + 1)
                column = row_columns = 0
        depth -= 1

    def text(data):
        nonlocal has_value
        if value:
            has_value = True

    by_letters = {letters.encode(): number for letters, number in columns_by_letters.items()}

    def rightmost(match) -> bytes:
        try:
            last = max([by_letters[letters] for letters in CELL_LETTERS.findall(match[3])])
        except KeyError:  # a cell beyond the allowed columns: the handlers name it
            return match[0]
        return b"%s<c r=\"%s%s\"/></row>" % (match[1], column_letter(last).encode(), match[2])

    def collapse(chunk: bytes) -> bytes:
        return ORDINARY_ROW.sub(rightmost, chunk)

    _parse(chunks, part, start, end, squeeze=True, text=text, collapse=collapse)
    return {"rows": rows, "columns": columns, "dimension": dimension, "formulas_without_value": formulas}


def _count_strings(chunks: Iterator[bytes], part: str, *, limit: int) -> int:
    depth = 0
    count = 0

    def start(name, _attributes):
        nonlocal depth, count
        depth += 1
        if depth > MAX_DEPTH:
            raise WorkbookRefused(XML_TOO_DEEP % {"part": _shown(part), "limit": MAX_DEPTH})
        if name == "si" or _local(name) == "si":
            count += 1
            if count > limit:
                raise WorkbookRefused(TOO_MANY_STRINGS % {"limit": _count(limit)})

    def end(_name):
        nonlocal depth
        depth -= 1

    _parse(chunks, part, start, end)
    return count
