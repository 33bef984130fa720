"""Messages that both the registry services and the Excel import show, so both say exactly the same.

A leaf module: it imports nothing from the project, so any module of `inmates` may import it.
"""

from django.utils.translation import gettext_lazy as _

# Another active stay holds the NIK (inmates.selectors.nik_holder_message chooses which one is said).
NIK_ACTIVE_AT = _("NIK ini sudah aktif di %(facility)s (nomor register %(register)s).")
NIK_ACTIVE_ELSEWHERE = _("NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya.")
NIK_USED_HERE = _("NIK ini sudah dipakai WBP lain di Lapas/Rutan ini (nomor register %(register)s).")

DATE_IN_FUTURE = _("Tanggal tidak boleh setelah hari ini.")
# inmates.validation: the checks of a WBP's dates, the same for the form, the admin and the import.
BIRTH_IN_FUTURE = _("Tanggal lahir tidak boleh setelah hari ini.")
BIRTH_TOO_OLD = _("Tanggal lahir tidak boleh sebelum tahun 1900.")
ADMISSION_BEFORE_BIRTH = _("Tanggal masuk (%(admitted)s) tidak boleh sebelum tanggal lahir (%(birth)s).")
LEFT_BEFORE_ADMISSION = _("Tanggal keluar (%(left)s) tidak boleh sebelum tanggal masuk (%(date)s).")
MINOR_IN_ADULT_FACILITY = _(
    "WBP ini berusia %(age)s tahun: anak ditempatkan di LPKA atau LPAS, bukan di Rutan/Lapas (UU 11/2012). "
    "Periksa tanggal lahirnya."
)
EXPECTED_BEFORE_ADMISSION = _("Tanggal ekspirasi tidak boleh sebelum tanggal masuk (%(date)s).")
REVOKED_UNTIL_BEFORE_FROM = _("Akhir pencabutan hak tidak boleh sebelum awalnya (%(date)s).")
