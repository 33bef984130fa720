"""Why someone is on "Perlu tindakan" and what to do about it, in one line ("NIK tidak cocok dengan
tanggal lahir: periksa KTP-el"). Pure: reads the stay the selector loaded, queries nothing."""

from datetime import date

from django.utils.translation import gettext as _

from inmates import nik as nik_checks
from inmates.models import Inmate, NikStatus
from tps_khusus.dates import long_date


def _day(value: date) -> str:
    return long_date(value)


def _nik_problem(inmate: Inmate) -> str:
    if inmate.nik and inmate.nik_mismatch_confirmed:
        codes = {problem.code for problem in nik_checks.check_nik(
            inmate.nik, birth_date=inmate.birth_date, sex=inmate.sex).errors}
        if nik_checks.DATE_MISMATCH in codes and nik_checks.SEX_MISMATCH in codes:
            why = _("NIK tidak cocok dengan tanggal lahir dan jenis kelamin")
        elif nik_checks.DATE_MISMATCH in codes:
            why = _("NIK tidak cocok dengan tanggal lahir")
        elif nik_checks.SEX_MISMATCH in codes:
            why = _("NIK tidak cocok dengan jenis kelamin")
        else:
            why = _("Selisih NIK pernah dikonfirmasi")
        if inmate.nik_status == NikStatus.UNVERIFIED:
            return _("%(why)s dan belum diverifikasi: periksa KTP-el atau KK, lalu tandai terverifikasi") % {"why": why}
        return _("%(why)s: periksa KTP-el atau KK, perbaiki data bila salah") % {"why": why}
    return _("NIK belum diverifikasi: cocokkan dengan KTP-el, KK atau data Dukcapil, lalu tandai terverifikasi")


def _no_nik(inmate: Inmate) -> str:
    if inmate.nik_status == NikStatus.SUBMITTED:
        when = _day(inmate.perekaman_submitted_on) if inmate.perekaman_submitted_on else "—"
        return _("Diajukan perekaman KTP-el %(day)s: tunggu jawaban Dukcapil, lalu isi NIK-nya") % {"day": when}
    if inmate.nik_status == NikStatus.NOT_FOUND:
        return _("Tidak ditemukan Dukcapil: periksa nama, tanggal lahir dan alamat bersama Dukcapil, ajukan lagi")
    return _("Belum memiliki NIK: ajukan perekaman KTP-el ke Dukcapil (daftar Belum ber-NIK)")


def line(key: str, inmate: Inmate) -> str:
    """The one line for a person in the group `key` of selectors.NeedsAction.groups()."""
    if key == "no_nik":
        return _no_nik(inmate)
    if key == "nik_problems":
        return _nik_problem(inmate)
    if key == "duplicates":
        return _("Nama dan tanggal lahir sama dengan WBP aktif di Lapas/Rutan lain: pastikan bukan orang yang sama")
    if key == "release_missing":
        return _("Tanggal ekspirasi belum diisi: isi dari register agar daftar pemilih tahu sampai kapan ia ditahan")
    if key == "overdue_release":
        return _("Tanggal ekspirasi %(day)s sudah lewat: catat bebas, atau perbarui tanggal ekspirasi") % {
            "day": _day(inmate.expected_release)}
    raise ValueError(key)
