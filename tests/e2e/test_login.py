import re

import pytest
from playwright.sync_api import expect

from inmates.models import NikStatus
from tests.e2e.conftest import PASSWORD, browser_db
from tests.factories import make_inmate

pytestmark = [pytest.mark.browser, browser_db]

HOME_HEADINGS = {
    "admin": "Admin TPS Khusus",
    "petugas.blora": "Rutan Kelas IIB Blora",
    "petugas.pati": "Rutan Kelas IIB Pati",
    "kpu.blora": "KPU Kabupaten Blora",
    "kpu.jateng": "KPU Provinsi Jawa Tengah",
}


def test_each_persona_signs_in_and_sees_their_home(e2e_world, screens):
    for username, heading in HOME_HEADINGS.items():
        page = screens.sign_in(username)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(page.get_by_test_id("whoami")).to_be_visible()
        screens.shot(page, f"home-{username}")
        page.get_by_role("button", name="Keluar").click()
        expect(page.get_by_role("heading", name="Masuk ke TPS Khusus")).to_be_visible()


def test_a_wrong_password_gets_a_clear_message(e2e_world, screens):
    page = screens.sign_in("petugas.blora", password="bukan-ini")
    expect(page.get_by_test_id("login-error")).to_have_text(
        "Nama pengguna atau kata sandi salah. Periksa kembali; huruf besar dan kecil dibedakan."
    )
    screens.shot(page, "wrong-password")


def collect_csp_violations(page) -> list[str]:
    """Chromium reports every refusal of the Content-Security-Policy on the console."""
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def test_pages_work_under_the_content_security_policy(e2e_world, screens):
    make_inmate(e2e_world.blora, full_name="Tanpa NIK Satu", nik=None, nik_status=NikStatus.NONE)
    make_inmate(e2e_world.blora, full_name="Tanpa NIK Dua", nik=None, nik_status=NikStatus.NONE)
    page = screens.sign_in("petugas.blora")
    violations = collect_csp_violations(page)
    page.reload()
    # The "select all" box works from static/js/select-all.js (the inline handler is gone).
    page.goto("/fasilitas/rutan-blora/belum-nik/")
    boxes = page.locator("tbody input[type=checkbox]")
    expect(boxes).to_have_count(2)
    page.get_by_label("Pilih semua").uncheck()
    for index in range(2):
        expect(boxes.nth(index)).not_to_be_checked()
    page.get_by_label("Pilih semua").check()
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    # The form page with its region picker and the NIK toggle.
    page.goto("/fasilitas/rutan-blora/wbp/tambah/")
    page.locator("#id_home_region_1").select_option(label="Jawa Tengah")
    expect(page.locator("#id_home_region_2")).to_be_enabled()
    page.get_by_label("Belum memiliki NIK").check()
    expect(page.locator("#div_id_nik")).to_be_hidden()
    admin = screens.sign_in("admin")
    violations += collect_csp_violations(admin)
    for path in ["/admin/", "/admin/auth/user/", "/admin/auth/user/add/", "/admin/inmates/inmate/"]:
        admin.goto(path)
        admin.wait_for_load_state("load")
    assert violations == []


def test_a_person_changes_their_password_from_the_navigation(e2e_world, screens):
    page = screens.sign_in("kpu.blora")
    page.get_by_test_id("password-change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ganti kata sandi")
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("pendek-1234")
    page.locator("#id_new_password2").fill("pendek-1234")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_text("Kata sandi terlalu pendek. Harus mengandung setidaknya 12 karakter.")).to_be_visible()
    screens.shot(page, "password-too-short")
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill("kalimat panjang baru 2024")
    page.locator("#id_new_password2").fill("kalimat panjang baru 2024")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_test_id("password-changed")).to_have_text(
        "Kata sandi Anda sudah diganti. Gunakan kata sandi baru saat masuk berikutnya.")
    screens.shot(page, "password-changed")
    page.get_by_role("button", name="Keluar").click()
    again = screens.sign_in("kpu.blora", password="kalimat panjang baru 2024")
    expect(again.get_by_role("heading", level=1)).to_contain_text("KPU Kabupaten Blora")


def test_five_wrong_passwords_lock_the_sign_in_with_a_clear_message(e2e_world, screens):
    page = screens.new_page()
    page.goto("/masuk/")
    for _attempt in range(5):
        page.get_by_label("Nama pengguna").fill("petugas.pati")
        page.get_by_label("Kata sandi").fill("bukan-ini")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk dikunci sementara")
    # Near midnight the time falls on the next day, and the message names that day too.
    expect(page.get_by_test_id("locked-out")).to_have_text(re.compile(
        r"^Terlalu banyak percobaan masuk yang gagal, jadi akun ini atau alamat jaringan ini dikunci sementara\. "
        r"Anda dapat mencoba lagi (pada \d{1,2} \w+ \d{4} )?pukul \d{2}:\d{2} WIB \(30 menit lagi\)\. "))
    screens.shot(page, "locked-out")
    page.get_by_role("link", name="Kembali ke halaman masuk").click()
    expect(page.get_by_role("heading", name="Masuk ke TPS Khusus")).to_be_visible()
