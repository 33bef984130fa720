"""Workbooks for the import tests, built with openpyxl the way Excel would save them."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from inmates.importing import TEMPLATE_COLUMNS
from inmates.models import ImportRecord, Inmate
from inmates.signals import registry_changed
from tests.factories import make_nik

HEADERS = [column.name for column in TEMPLATE_COLUMNS]


def row_values(index: int, **overrides) -> dict:
    """A valid row for person `index` (unique register number and NIK up to 40,000 people)."""
    birth = date(1960, 1, 1) + timedelta(days=index % 15_000)
    sex = overrides.pop("sex", "L")
    values = {
        "NO_REGISTER": f"BI.{index:05d}/2024",
        "NIK": make_nik(kecamatan="33.16.09", birth=birth, sex=sex, serial=1 + index // 15_000),
        "NKK": "3316090101230001",
        "NAMA": f"WBP NOMOR {index}",
        "NAMA_IBU": "SUMIATI",
        "TEMPAT_LAHIR": "BLORA",
        "TANGGAL_LAHIR": birth,
        "JENIS_KELAMIN": sex,
        "STATUS_PERKAWINAN": "S",
        "KEWARGANEGARAAN": "WNI",
        "ALAMAT": "Jl. Pemuda No. 1",
        "RT": "001",
        "RW": "002",
        "KODE_WILAYAH": "33.16.09.1013",
        "DISABILITAS": "0",
        "KTP_EL": "S",
        "STATUS_TAHANAN": "NARAPIDANA",
        "TANGGAL_MASUK": "01-06-2023",
        "TANGGAL_EKSPIRASI": "31-12-2026",
        "TNI_POLRI": "N",
        "HAK_PILIH_DICABUT": "N",
    }
    values.update(overrides)
    return values


def workbook_bytes(rows: list[dict], headers: list[str] | None = None, *, title_rows: list[list] = (),
                   numeric: tuple[str, ...] = ()) -> bytes:
    """An .xlsx with `headers` on the first row (after any title rows) and one row per dict.

    Columns named in `numeric` are written as numbers, as Excel does when NIK is typed into a
    General cell.
    """
    headers = headers or HEADERS
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("DATA_WBP")
    for title in title_rows:
        sheet.append(title)
    sheet.append(headers)
    for row in rows:
        cells = []
        for header in headers:
            value = row.get(header, "")
            if header in numeric and isinstance(value, str) and value:
                value = int(value)
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_file(count: int, start: int = 0, **overrides) -> bytes:
    return workbook_bytes([row_values(start + index, **overrides) for index in range(count)])


@pytest.fixture
def changes():
    seen = []

    def receiver(sender, facility_ids, **kwargs):
        seen.append(facility_ids)

    registry_changed.connect(receiver)
    yield seen
    registry_changed.disconnect(receiver)


def registry_snapshot() -> dict:
    """Everything an import may write, to show that nothing was written."""
    return {
        "inmates": Inmate.objects.count(),
        "inmate_history": Inmate.history.count(),
        "events": Inmate.events.rel.related_model.objects.count(),
        "event_history": Inmate.events.rel.related_model.history.count(),
        "records": ImportRecord.objects.count(),
    }


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (the container of .xls and of password-protected .xlsx).

    Streams are padded to 4,096 bytes so they live in regular sectors; one FAT sector, one
    directory sector. Enough for Excel's, LibreOffice's and calamine's readers to see the
    container; Excel saves a password-protected .xlsx as exactly such a file with the streams
    EncryptionInfo and EncryptedPackage.
    """
    import struct

    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    blobs = [streams[name].ljust(4096, b"\x00")[:4096] for name in names]
    fat = [fat_sector, end]
    starts = []
    for _blob in blobs:
        start = len(fat)
        starts.append(start)
        fat.extend(range(start + 1, start + 8))
        fat.append(end)
    fat.extend([free] * (128 - len(fat)))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name.encode("utf-16-le") + b"\x00\x00") if name else b""
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
                + b"\x00" * 36 + struct.pack("<IQ", start, size))

    # Siblings form a (degenerate, all-black) tree ordered by name length, then name.
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    directory = [entry("Root Entry", 5, no_stream, no_stream, order[0] + 1, end, 0)]
    for index in range(len(names)):
        position = order.index(index)
        right = order[position + 1] + 1 if position + 1 < len(order) else no_stream
        directory.append(entry(names[index], 2, no_stream, right, no_stream, starts[index], 4096))
    while len(directory) % 4:
        directory.append(entry("", 0, no_stream, no_stream, no_stream, 0, 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *fat) + b"".join(directory) + b"".join(blobs)


def password_protected_xlsx() -> bytes:
    return ole_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x00" * 64})
