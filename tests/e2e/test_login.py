import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import browser_db

pytestmark = [pytest.mark.browser, browser_db]

HOME_HEADINGS = {
    "admin": "Admin TPS Khusus",
    "petugas.blora": "Rutan Kelas IIB Blora",
    "petugas.pati": "Rutan Kelas IIB Pati",
    "kpu.blora": "KPU Kabupaten/Kota Kabupaten Blora",
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
