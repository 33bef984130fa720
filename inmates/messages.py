"""Messages that both the registry services and the Excel import show, so both say exactly the same.

A leaf module: it imports nothing from the project, so any module of `inmates` may import it.
"""

from django.utils.translation import gettext_lazy as _

# Another active stay holds the NIK (inmates.selectors.nik_holder_message chooses which one is said).
NIK_ACTIVE_AT = _("NIK ini sudah aktif di %(facility)s (nomor register %(register)s).")
NIK_ACTIVE_ELSEWHERE = _("NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya.")
NIK_USED_HERE = _("NIK ini sudah dipakai WBP lain di Lapas/Rutan ini (nomor register %(register)s).")

DATE_IN_FUTURE = _("Tanggal tidak boleh setelah hari ini.")
EXPECTED_BEFORE_ADMISSION = _("Tanggal ekspirasi tidak boleh sebelum tanggal masuk (%(date)s).")
REVOKED_UNTIL_BEFORE_FROM = _("Akhir pencabutan hak tidak boleh sebelum awalnya (%(date)s).")
