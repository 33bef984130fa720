"""Every sentence the reference-data checks say to people, in one leaf module so tests assert the
exact text. Placeholders are filled with ``%`` by the caller."""

from django.utils.translation import gettext_lazy as _

# Files in general
FILE_MISSING = _("Berkas %(file)s tidak ada di folder %(folder)s.")
FOLDER_MISSING = _("Folder %(folder)s tidak ditemukan.")
FILE_NOT_TEXT = _("Berkas %(file)s bukan teks CSV UTF-8.")
FILE_COLUMNS = _("Berkas %(file)s: kolom %(missing)s tidak ada; baris pertama harus memuat %(expected)s.")
FILE_EMPTY = _("Berkas %(file)s tidak berisi satu baris data pun.")
MORE_ERRORS = _("... dan %(count)s kesalahan lain.")

# Region editions
EDITION_CODE_FORMAT = _(
    "Kode edisi %(code)s tidak sah: gunakan huruf, angka, titik, garis bawah atau tanda hubung "
    "(paling banyak 20), misalnya 2026."
)
REGION_EDITION_EXISTS = _("Edisi kode wilayah %(code)s sudah ada; tambahkan --replace untuk menggantinya.")
REGION_EDITION_SHIPPED = _(
    "Edisi kode wilayah %(code)s adalah edisi bawaan aplikasi; muat ulang dengan load_regions tanpa --edition."
)
REGION_EDITION_UNKNOWN = _("Edisi kode wilayah %(code)s tidak ada.")
CURRENT_NEEDS_DESA = _(
    "Edisi yang menjadi edisi berlaku harus memuat desa/kelurahan (desa_kelurahan.csv); tambahkan "
    "--not-current untuk memuatnya tanpa menjadikannya edisi berlaku."
)
ROW_CODE_FORMAT = _("%(file)s baris %(line)s: kode %(code)s bukan kode %(level)s yang sah (contoh: %(example)s).")
ROW_NAME_EMPTY = _("%(file)s baris %(line)s: nama wilayah %(code)s kosong.")
ROW_DUPLICATE = _("%(file)s baris %(line)s: kode %(code)s sudah ada di baris %(first)s.")
ROW_PARENT_MISMATCH = _(
    "%(file)s baris %(line)s: induk %(parent)s tidak sesuai dengan kode %(code)s (seharusnya %(expected)s)."
)
ROW_PARENT_UNKNOWN = _("%(file)s baris %(line)s: induk %(parent)s dari kode %(code)s tidak ada di %(parent_file)s.")
RENUMBERING_ROW = _(
    "%(file)s baris %(line)s: perubahan kode %(old)s -> %(new)s tidak sah (kode lama harus kode kab/kota, "
    "kode baru harus dikenal di salah satu edisi)."
)
ROW_PROVINCE_PARENT = _("%(file)s baris %(line)s: provinsi %(code)s tidak boleh memiliki induk (%(parent)s).")

# Dapil editions
DAPIL_NO_FILES = _("Pilih paling sedikit satu berkas dapil.")
DAPIL_KIND_UNKNOWN = _(
    "Jenis dapil berkas %(file)s tidak dapat ditentukan dari namanya; beri nama yang memuat dpr_ri, "
    "dprd_provinsi atau dprd_kabkota, atau sebutkan jenisnya."
)
DAPIL_KIND_TWICE = _("Dua berkas untuk dapil %(kind)s: %(first)s dan %(second)s.")
DAPIL_EDITION_EXISTS = _("Edisi dapil %(code)s sudah ada; pilih kode lain (atau --replace di baris perintah).")
DAPIL_EDITION_SHIPPED = _(
    "Edisi dapil %(code)s adalah edisi bawaan aplikasi dan tidak dapat diganti; muat peta baru dengan kode lain."
)
DAPIL_EDITION_UNKNOWN = _("Edisi dapil %(code)s tidak ada.")
DAPIL_AREA_UNKNOWN = _(
    "Wilayah %(code)s tidak ada di edisi berlaku; isi kode provinsi (mis. 33) atau kabupaten/kota (mis. 33.16)."
)
DAPIL_CODE_FORMAT = _("%(file)s baris %(line)s: dapil_code %(code)s tidak sah (angka, paling banyak 10 digit).")
DAPIL_NAME_EMPTY = _("%(file)s baris %(line)s: dapil_name dapil %(code)s kosong.")
DAPIL_NAME_CONFLICT = _(
    "%(file)s baris %(line)s: dapil %(code)s bernama %(name)s, padahal di baris %(first)s bernama %(first_name)s."
)
DAPIL_REGION_FORMAT = _("%(file)s baris %(line)s: wilayah_code %(code)s bukan kode wilayah yang sah.")
DAPIL_REGION_UNKNOWN = _("%(file)s baris %(line)s: kode wilayah %(code)s tidak dikenal di edisi kode wilayah mana pun.")
DAPIL_SPLIT_VALUE = _("%(file)s baris %(line)s: is_pecah %(value)s tidak sah; isi True atau False.")
DAPIL_DUPLICATE = _("%(file)s baris %(line)s: wilayah %(code)s sudah tercantum di dapil %(dapil)s pada baris %(first)s.")
DAPIL_TWO_DAPIL = _(
    "Dapil %(kind)s: wilayah %(code)s %(name)s berada di lebih dari satu dapil (%(dapils)s; baris %(lines)s), "
    "padahal bukan wilayah pecahan yang bagian-bagiannya dirinci satu per satu."
)
DAPIL_SPLIT_ALONE = _(
    "Dapil %(kind)s: wilayah %(code)s ditandai pecahan (is_pecah) tetapi hanya ada di satu dapil (%(dapil)s; baris %(line)s)."
)
DAPIL_NESTED = _(
    "Dapil %(kind)s: wilayah %(code)s (dapil %(dapil)s, baris %(line)s) sudah termasuk dapil %(parent_dapil)s "
    "melalui %(parent)s (baris %(parent_line)s), yang bukan wilayah pecahan."
)
DAPIL_SPLIT_CHILD = _(
    "Dapil %(kind)s: wilayah %(code)s (baris %(line)s) masuk dapil %(dapil)s, yang bukan salah satu dapil "
    "pecahan %(parent)s (%(dapils)s)."
)
DAPIL_REGION_RETIRED = _(
    "Dapil %(kind)s: kode wilayah %(code)s (baris %(line)s) tidak ada di edisi berlaku %(edition)s; "
    "wilayah edisi berlaku di bawahnya tidak tercakup."
)

# Moving references to a new region edition
MAPPING_COLUMNS = _("Berkas pemetaan %(file)s harus memiliki baris judul dan paling sedikit dua kolom: kode lama, kode baru.")
MAPPING_CODE = _("%(file)s baris %(line)s: %(code)s bukan kode wilayah yang sah.")
MAPPING_LEVEL = _("%(file)s baris %(line)s: kode lama %(old)s dan kode baru %(new)s tidak setingkat.")
MAPPING_TWICE = _("%(file)s baris %(line)s: kode lama %(code)s sudah dipetakan di baris %(first)s.")
MOVE_NO_MAPPING = _("tidak ada di edisi %(edition)s dan tidak ada pemetaannya")
MOVE_TARGET_MISSING = _("dipetakan ke %(code)s, yang tidak ada di edisi %(edition)s")
