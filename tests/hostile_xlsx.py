"""Hostile .xlsx files, written part by part as streams so that none needs its unpacked size in memory.

Each builder returns the bytes of a small upload (at most a few MB) whose inside would hurt a reader:
a far cell that makes calamine build a huge grid, a lying <dimension>, a sheet that unpacks to
400 MB, a zip header that lies about a part's size, tens of thousands of parts, a shared-strings
table of millions of entries, deep nesting, a DOCTYPE with an entity bomb.
"""

import io
import os
import struct
import zipfile
from collections.abc import Iterable, Iterator

MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = b"http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = DECLARATION + (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'</Types>')
PACKAGE_RELS = DECLARATION + (
    b'<Relationships xmlns="' + RELS + b'"><Relationship Id="rId1" Type="' + DOC_RELS
    + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK_RELS = DECLARATION + (
    b'<Relationships xmlns="' + RELS + b'">'
    b'<Relationship Id="rId1" Type="' + DOC_RELS + b'/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="' + DOC_RELS + b'/sharedStrings" Target="sharedStrings.xml"/>'
    b'</Relationships>')
TEMPLATE_HEADERS = [
    "NO_REGISTER", "NIK", "NKK", "NAMA", "NAMA_IBU", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "JENIS_KELAMIN",
    "STATUS_PERKAWINAN", "KEWARGANEGARAAN", "ALAMAT", "RT", "RW", "KODE_WILAYAH", "DISABILITAS", "KTP_EL",
    "STATUS_TAHANAN", "TANGGAL_MASUK", "TANGGAL_EKSPIRASI", "TNI_POLRI", "HAK_PILIH_DICABUT"]
MB = 1024 * 1024


def workbook_xml(sheet_name: str = "WBP") -> bytes:
    return DECLARATION + (
        b'<workbook xmlns="' + MAIN + b'" xmlns:r="' + DOC_RELS + b'"><sheets>'
        b'<sheet name="' + sheet_name.encode() + b'" sheetId="1" r:id="rId1"/></sheets></workbook>')


def column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_cell(reference: str, text: str) -> bytes:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def header_row() -> bytes:
    return b'<row r="1">' + b"".join(text_cell(f"{column(i + 1)}1", name) for i, name in enumerate(TEMPLATE_HEADERS)) + b"</row>"


def sheet_xml(rows: Iterable[bytes], *, dimension: str | None = None, head: bytes = b"", tail: bytes = b"") -> Iterator[bytes]:
    yield DECLARATION + b'<worksheet xmlns="' + MAIN + b'" xmlns:r="' + DOC_RELS + b'">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'.encode()
    yield head + b"<sheetData>"
    yield from rows
    yield b"</sheetData>" + tail + b"</worksheet>"


def xlsx(sheet: Iterable[bytes], *, strings: Iterable[bytes] | None = None, workbook: bytes | None = None,
         relationships: bytes = WORKBOOK_RELS, extra: Iterable[tuple[str, Iterable[bytes]]] = (), level: int = 6,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook of one sheet ("WBP"), each part streamed into the zip in chunks; `extra` parts follow."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", workbook or workbook_xml())
        archive.writestr("xl/_rels/workbook.xml.rels", relationships)
        _stream_part(archive, "xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            _stream_part(archive, "xl/sharedStrings.xml", strings)
        for name, content in extra:
            _stream_part(archive, name, content)
    return buffer.getvalue()


def two_sheets(first: Iterable[bytes], second: Iterable[bytes], *, first_state: str = "hidden") -> bytes:
    """Sheets "LAMA" (sheet1, in `first_state`) and "WBP" (sheet2, visible), in that order."""
    workbook = DECLARATION + (
        b'<workbook xmlns="' + MAIN + b'" xmlns:r="' + DOC_RELS + b'"><sheets>'
        b'<sheet name="LAMA" sheetId="1" state="' + first_state.encode() + b'" r:id="rId1"/>'
        b'<sheet name="WBP" sheetId="2" r:id="rId3"/></sheets></workbook>')
    relationships = WORKBOOK_RELS.replace(b"</Relationships>", b'<Relationship Id="rId3" Type="' + DOC_RELS
                                          + b'/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
    return xlsx(first, workbook=workbook, relationships=relationships, extra=[("xl/worksheets/sheet2.xml", second)])


def prefixed(rows: Iterable[bytes]) -> Iterator[bytes]:
    """A sheet whose main namespace has the prefix "x" (some exporters write it so)."""
    yield DECLARATION + b'<x:worksheet xmlns:x="' + MAIN + b'"><x:sheetData>'
    for row in rows:
        yield row.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
    yield b"</x:sheetData></x:worksheet>"


def _stream_part(archive: zipfile.ZipFile, name: str, chunks: Iterable[bytes]) -> None:
    pending, size = [], 0
    with archive.open(name, "w") as part:
        for chunk in chunks:
            pending.append(chunk)
            size += len(chunk)
            if size >= MB:
                part.write(b"".join(pending))
                pending, size = [], 0
        part.write(b"".join(pending))


def _data_rows(count: int, start: int = 2) -> Iterator[bytes]:
    for number in range(start, start + count):
        yield (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>BI.{number:05d}/2024</t></is></c>'
               f'<c r="D{number}" t="inlineStr"><is><t>WBP NOMOR {number}</t></is></c></row>').encode()


# The hostile files ------------------------------------------------------------------------------

def far_cell(reference: str = "XFD1048576") -> bytes:
    """The template's header and one value far away: calamine's grid spans A1 to it."""
    row = "".join(ch for ch in reference if ch.isdigit())
    return xlsx(sheet_xml([header_row(), f'<row r="{row}">'.encode() + text_cell(reference, "x") + b"</row>"]))


def lying_dimension(declared: str = "A1:XFD1048576") -> bytes:
    """A small table whose <dimension> claims the whole sheet."""
    return xlsx(sheet_xml([header_row(), *_data_rows(3)], dimension=declared))


def understated_dimension() -> bytes:
    """<dimension ref="A1:U4"> over a cell at ZZ40000: the cells, not the claim, decide."""
    return xlsx(sheet_xml([header_row(), b'<row r="40000">' + text_cell("ZZ40000", "x") + b"</row>"],
                          dimension="A1:U4"))


def rows_without_numbers(count: int) -> bytes:
    """Rows and cells without r attributes: the reader counts them one after another."""
    row = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 3 + b"</row>"
    return xlsx(sheet_xml(row for _ in range(count)))


def cells_without_numbers(count: int) -> bytes:
    """One row of `count` cells without r attributes."""
    return xlsx(sheet_xml([b"<row>" + b"<c><v>1</v></c>" * count + b"</row>"]))


def expanding_sheet(size: int = 400 * MB) -> bytes:
    """A sheet of template-sized rows whose XML unpacks to `size` bytes (compressed about 1,000 to 1)."""
    text = "A" * 300
    def rows() -> Iterator[bytes]:
        written, number = 0, 2
        while written < size:
            row = (f'<row r="{number}">'.encode()
                   + b"".join(text_cell(f"{column(i)}{number}", text) for i in range(1, 22)) + b"</row>")
            written += len(row)
            number = 2 + (number - 1) % 60_000  # the rows stay inside the allowed area
            yield row
    return xlsx(sheet_xml(rows()), level=1)


def compression_bomb(size: int = 60 * MB) -> bytes:
    """Blank space inside <sheetData>: under the size caps, but packed far tighter than any real sheet."""
    blank = b" " * MB
    return xlsx(sheet_xml(blank for _ in range(size // MB)), level=9)


def lying_size(declared: int = 1000, actual: int = 5 * MB) -> bytes:
    """A sheet whose zip header says `declared` bytes but which inflates to `actual` bytes."""
    data = xlsx(sheet_xml(_data_rows(actual // 130)))
    return patch_entry(data, "xl/worksheets/sheet1.xml", size=declared)


def wrong_checksum() -> bytes:
    data = xlsx(sheet_xml([header_row(), *_data_rows(3)]))
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    return patch_entry(data, "xl/worksheets/sheet1.xml", crc=info.CRC ^ 1)


def many_parts(count: int = 50_000) -> bytes:
    """A valid workbook plus `count` empty parts."""
    buffer = io.BytesIO(xlsx(sheet_xml([header_row()])))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"xl/media/p{number}", b"")
    return buffer.getvalue()


def huge_shared_strings(count: int = 2_000_000) -> bytes:
    """A shared-strings table of `count` distinct short strings (about 50 MB unpacked, 4 MB packed)."""
    def strings() -> Iterator[bytes]:
        yield DECLARATION + f'<sst xmlns="{MAIN.decode()}" count="{count}" uniqueCount="{count}">'.encode()
        for start in range(0, count, 10_000):
            yield "".join(f"<si><t>{n}</t></si>" for n in range(start, min(count, start + 10_000))).encode()
        yield b"</sst>"
    return xlsx(sheet_xml([b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']), strings=strings())


def deep_nesting(depth: int = 100_000) -> bytes:
    """A cell whose rich text nests `depth` elements."""
    return xlsx(sheet_xml([b'<row r="1"><c r="A1" t="inlineStr"><is>' + b"<r>" * depth + b"</r>" * depth
                           + b"</is></c></row>"]))


def long_tag(length: int = 2 * MB) -> bytes:
    """One start tag of `length` bytes (random hex, so it does not compress away)."""
    return xlsx(sheet_xml([b'<row r="1"><c r="A1" x="' + os.urandom(length // 2).hex().encode() + b'"/></row>']))


ENTITY_BOMB = (b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
               + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
               + b"]>")


def entity_bomb(part: str = "sheet") -> bytes:
    """A billion-laughs DOCTYPE in the sheet (or the workbook part), used in a cell."""
    bomb_cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>'
    if part == "workbook":
        return xlsx(sheet_xml([header_row()]), workbook=workbook_xml().replace(b"<workbook ", ENTITY_BOMB + b"<workbook ", 1))
    sheet = b"".join(sheet_xml([bomb_cell])).replace(b"<worksheet ", ENTITY_BOMB + b"<worksheet ", 1)
    return xlsx([sheet])


def external_entity() -> bytes:
    sheet = b"".join(sheet_xml([b'<row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>']))
    doctype = b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    return xlsx([sheet.replace(b"<worksheet ", doctype + b"<worksheet ", 1)])


def template(rows: int = 3) -> bytes:
    """A normal workbook shaped like the template: header and `rows` rows, with a <dimension>."""
    last = rows + 1
    return xlsx(sheet_xml([header_row(), *_data_rows(rows)], dimension=f"A1:U{last}"))


# Editing a zip's directory ---------------------------------------------------------------------

def patch_entry(data: bytes, name: str, *, size: int | None = None, crc: int | None = None) -> bytes:
    """Rewrite one entry's uncompressed size and/or CRC in its local header and the central directory."""
    patched = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    assert patched[local:local + 4] == b"PK\x03\x04"
    central = _central_entry(data, name)
    if crc is not None:
        struct.pack_into("<I", patched, local + 14, crc)
        struct.pack_into("<I", patched, central + 16, crc)
    if size is not None:
        struct.pack_into("<I", patched, local + 22, size)
        struct.pack_into("<I", patched, central + 24, size)
    return bytes(patched)


def _central_entry(data: bytes, name: str) -> int:
    end = data.rfind(b"PK\x05\x06")
    (position,) = struct.unpack_from("<I", data, end + 16)
    encoded = name.encode()
    while data[position:position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, position + 28)
        if data[position + 46:position + 46 + name_length] == encoded:
            return position
        position += 46 + name_length + extra_length + comment_length
    raise KeyError(name)
