"""Every message the Excel import shows, as constants so tests assert the exact text.

A leaf module: it imports nothing from the project. Messages the registry services show too
(a NIK active elsewhere, dates in the future, ...) live in inmates.messages.
"""

from django.utils.translation import gettext_lazy as _

# File-level problems.
FILE_EMPTY = _("File kosong (0 byte). Pilih file Excel .xlsx yang berisi data WBP.")
FILE_TOO_BIG = _("Ukuran file %(size)s MB melebihi batas %(limit)s MB. Bagi data menjadi beberapa file.")
FILE_PASSWORD = _(
    "File dilindungi kata sandi sehingga tidak dapat dibaca. Buka di Excel, hapus kata sandinya "
    "(File > Info > Proteksi Buku Kerja), simpan, lalu unggah lagi."
)
FILE_XLS = _("Format Excel lama (.xls) tidak didukung. Buka di Excel lalu simpan sebagai \"Excel Workbook (.xlsx)\".")
FILE_TEXT = _(
    "File ini berisi teks (misalnya CSV atau HTML), bukan Excel .xlsx. Buka di Excel lalu simpan "
    "sebagai \"Excel Workbook (.xlsx)\"."
)
FILE_OTHER_ZIP = _("File ini arsip zip yang bukan Excel .xlsx (isinya: %(names)s). Unggah file .xlsx dari templat.")
FILE_CORRUPT = _("File rusak atau bukan Excel .xlsx sehingga tidak dapat dibaca. Simpan ulang dari Excel lalu unggah lagi.")
FILE_NOT_EXCEL = _("File ini bukan file Excel .xlsx. Unggah file .xlsx dari templat.")
FILE_NO_SHEET = _("File tidak berisi lembar kerja yang dapat dibaca.")
SHEET_EMPTY = _("Lembar pertama (\"%(sheet)s\") kosong. Isi data WBP di lembar pertama, di bawah baris judul kolom.")
HEADER_NOT_FOUND = _(
    "Baris judul kolom tidak ditemukan di lembar \"%(sheet)s\". Baris pertama harus berisi judul kolom "
    "seperti pada templat (NO_REGISTER, NIK, NAMA, ...)."
)
NO_DATA_ROWS = _("Tidak ada baris data di bawah baris judul kolom.")
TOO_MANY_ROWS = _("File berisi lebih dari %(limit)s baris data. Bagi data menjadi beberapa file.")
MISSING_COLUMNS = _("Kolom wajib tidak ada: %(columns)s. Gunakan judul kolom seperti pada templat.")
DUPLICATE_COLUMN = _("Kolom %(column)s muncul lebih dari sekali; hanya satu yang boleh ada.")
UNKNOWN_COLUMN = _("Kolom \"%(column)s\" tidak dikenal dan diabaikan.")

# Cell and row problems.
REQUIRED = _("Wajib diisi.")
# A formula whose result was never stored in the file (openpyxl and other generators write them so):
# no reader can know its value.
FORMULA_WITHOUT_VALUE = _("Sel berisi rumus tanpa nilai; ketik isinya.")
TOO_LONG = _("Terlalu panjang: paling banyak %(max)s karakter, yang diisi %(count)s.")
NUMERIC_NUMBER = _(
    "%(column)s tersimpan sebagai angka di Excel, sehingga digit terakhirnya bisa sudah hilang (Excel hanya "
    "menyimpan 15 digit). Format kolom %(column)s sebagai Teks, ketik ulang nomornya, lalu unggah lagi."
)
BAD_DATE = _("Tanggal \"%(value)s\" tidak dikenali; tulis dd-mm-yyyy, dd/mm/yyyy atau yyyy-mm-dd.")
NO_SUCH_DATE = _("Tanggal \"%(value)s\" tidak ada di kalender; periksa hari dan bulannya.")
NUMBER_NOT_DATE = _(
    "Berisi angka %(value)s, bukan tanggal. Format sel sebagai tanggal atau tulis dd-mm-yyyy."
)
BAD_CHOICE = _("Nilai \"%(value)s\" tidak dikenal; isi salah satu dari: %(choices)s.")
BAD_TNI_POLRI = _(
    "Isi N (bukan), AKTIF, PURNAWIRAWAN atau DIBERHENTIKAN (Y berarti aktif); yang diisi \"%(value)s\"."
)
BAD_REVOKED_RIGHT = _(
    "Isi N (tidak dicabut), MEMILIH, MEMILIH_DIPILIH atau DIPILIH (Y berarti hak memilih); yang diisi \"%(value)s\"."
)
BAD_KTP_EL = _("Isi S (sudah direkam) atau B (belum), atau Y/N; yang diisi \"%(value)s\".")
BAD_DISABILITY = _("Kode disabilitas harus 0 (tidak ada) sampai 6; yang diisi \"%(value)s\".")
BAD_RT_RW = _("Isi paling banyak 3 angka; yang diisi \"%(value)s\".")
BAD_REGION = _(
    "Kode wilayah \"%(value)s\" harus kode desa/kelurahan (10 digit, misalnya 33.16.09.1013) "
    "atau kode kecamatan (6 digit, misalnya 33.16.09)."
)
UNKNOWN_REGION = _("Kode wilayah %(code)s tidak ada dalam daftar Kemendagri 2025.")
DUPLICATE_IN_FILE = _("%(column)s %(value)s sudah ada di baris %(row)s file ini.")
STAY_ENDED = _(
    "Nomor register %(number)s milik WBP yang sudah keluar dari Lapas/Rutan ini (%(state)s); "
    "data WBP yang sudah keluar tidak diubah lewat impor."
)
STAY_INCOMING = _(
    "WBP dengan NIK ini sedang menunggu konfirmasi kedatangan (pindahan). Konfirmasi kedatangannya "
    "di halaman Kedatangan lebih dulu, lalu unggah lagi."
)

# Warnings: the row is imported, but someone should look.
KECAMATAN_ONLY = _(
    "Kode wilayah %(code)s hanya sampai kecamatan (%(name)s); alamat disimpan di tingkat kecamatan. "
    "Lengkapi desa/kelurahan di halaman WBP."
)
ADMISSION_DIFFERS = _(
    "Tanggal masuk di file (%(file)s) berbeda dengan yang tercatat (%(stored)s); tanggal masuk tidak "
    "diubah lewat impor."
)
NIK_KEPT = _("NIK kosong di file; NIK yang tersimpan (%(nik)s) tidak dihapus.")
DESA_KEPT = _("KODE_WILAYAH di file hanya sampai kecamatan; desa yang tersimpan (%(code)s) tetap dipakai.")
MISMATCH_CONFIRMED = _("%(problem)s Sudah dikonfirmasi petugas sebelumnya, jadi tetap diterima.")
REVOKED_WITHOUT_DECISION = _("Hak pilih dicabut tanpa nomor putusan; lengkapi nomor putusan di halaman WBP.")
DATE_WITHOUT_STATUS = _("%(column)s diisi padahal %(status)s kosong atau N; tanggal ini diabaikan.")

# The commit.
IMPORT_CONFLICT = _(
    "Data berubah saat impor berjalan (misalnya NIK yang sama baru saja dicatat di Lapas/Rutan lain). "
    "Tidak ada yang disimpan; periksa file lalu ulangi impor."
)
