"""Sign-in lock-out, password change, session limits, seed_demo's safety, no-store, error pages."""

import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import path

from accounts.demo import DEMO_NEEDS_FLAG, DEMO_PASSWORD, seed_users
from accounts.forms import WRONG_LOGIN
from accounts.middleware import SIGNED_OUT_DAY, SIGNED_OUT_IDLE
from inmates.demo import ensure_facilities
from tests.foundation.test_pages_security import CSP, policy
from tps_khusus.urls import handler500
from tps_khusus.urls import urlpatterns as site_urlpatterns

JAKARTA = dt.timezone(dt.timedelta(hours=7))
MORNING = dt.datetime(2024, 3, 1, 8, 0, tzinfo=JAKARTA)  # a fixed past working day, 08:00 WIB
HOME = "/"
LOGIN = "/masuk/"
ADMIN_LOGIN = "/admin/login/"
IP_A, IP_B = "10.1.1.1", "10.2.2.2"


def sign_in(username: str, password: str = DEMO_PASSWORD, *, ip: str = IP_A, url: str = LOGIN, client=None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def locked_text(until: str, minutes: int) -> str:
    return ("Terlalu banyak percobaan masuk yang gagal, jadi akun ini atau alamat jaringan ini dikunci sementara. "
            f"Anda dapat mencoba lagi pukul {until} WIB ({minutes} menit lagi). Setiap percobaan sebelum itu "
            "memperpanjang kunci. Jika mendesak, minta admin membuka kunci.")


@pytest.fixture
def clock():
    """The clock stands at 08:00 WIB on 1 March 2024; `clock.shift(timedelta)` moves it."""
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


# --- Lock-out -------------------------------------------------------------------------------------


def test_five_failures_lock_the_user_from_any_address(world, clock):
    for _attempt in range(4):
        response = sign_in("petugas.blora", "salah-sekali")
        assert response.status_code == 200
        assert str(WRONG_LOGIN) in response.content.decode()
    fifth = sign_in("petugas.blora", "salah-sekali")
    assert fifth.status_code == 429
    assert locked_text("08:30", 30) in fifth.content.decode()
    # The right password, from another address: still locked, and nobody signed in.
    right = sign_in("petugas.blora", ip=IP_B)
    assert right.status_code == 429
    assert "_auth_user_id" not in right.client.session
    # Another user from that other address is not affected.
    assert sign_in("kpu.blora", ip=IP_B).status_code == 302


def test_five_failures_from_one_address_lock_that_address_for_every_user(world, clock):
    for username in ["petugas.blora", "petugas.pati", "kpu.blora", "kpu.jateng", "tidak.ada"]:
        sign_in(username, "salah-sekali", ip=IP_A)
    response = sign_in("admin", ip=IP_A)
    assert response.status_code == 429
    assert locked_text("08:30", 30) in response.content.decode()
    assert sign_in("admin", ip=IP_B).status_code == 302


def test_the_lock_ends_after_the_cool_off_and_trying_meanwhile_pushes_it_back(world, clock):
    for _attempt in range(5):
        sign_in("petugas.blora", "salah-sekali")
    clock.shift(dt.timedelta(minutes=29))
    early = sign_in("petugas.blora")
    assert early.status_code == 429
    assert locked_text("08:59", 30) in early.content.decode()
    clock.shift(dt.timedelta(minutes=29))
    assert sign_in("petugas.blora").status_code == 429
    clock.shift(dt.timedelta(minutes=31))
    response = sign_in("petugas.blora")
    assert response.status_code == 302
    assert response["Location"] == HOME


def test_the_cool_off_and_the_limit_are_settings(world, clock, settings):
    settings.TPS_LOGIN_COOLOFF_MINUTES = 10
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(2):
        assert sign_in("petugas.blora", "salah-sekali").status_code == 200
    third = sign_in("petugas.blora", "salah-sekali")
    assert third.status_code == 429
    assert locked_text("08:10", 10) in third.content.decode()
    clock.shift(dt.timedelta(minutes=11))
    assert sign_in("petugas.blora").status_code == 302


def test_a_lock_ending_another_day_names_the_day(world, settings):
    settings.TPS_LOGIN_COOLOFF_MINUTES = 120
    with time_machine.travel(dt.datetime(2024, 3, 1, 23, 0, tzinfo=JAKARTA), tick=False):
        for _attempt in range(5):
            response = sign_in("petugas.blora", "salah-sekali")
    assert "Anda dapat mencoba lagi pada 2 Maret 2024 pukul 01:00 WIB (120 menit lagi)." in response.content.decode()


def test_the_admin_sign_in_is_throttled_too_and_counts_with_the_site(world, clock):
    for _attempt in range(3):
        sign_in("admin", "salah-sekali", url=LOGIN)
    assert sign_in("admin", "salah-sekali", url=ADMIN_LOGIN).status_code == 200
    response = sign_in("admin", "salah-sekali", url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert locked_text("08:30", 30) in response.content.decode()
    assert sign_in("admin", url=ADMIN_LOGIN, ip=IP_B).status_code == 429


def test_an_admin_unlocks_in_the_admin(world, clock):
    for _attempt in range(5):
        sign_in("petugas.blora", "salah-sekali")
    admin = world.client("admin")
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "petugas.blora" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="petugas.blora")
    response = admin.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert sign_in("petugas.blora").status_code == 302


def test_only_the_admin_sees_the_attempts(world):
    for username in ["petugas.blora", "kpu.jateng", "outsider"]:
        response = world.client(username).get("/admin/axes/accessattempt/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("command, argument", [("axes_reset_username", "petugas.blora"), ("axes_reset_ip", IP_A)])
def test_an_admin_unlocks_with_a_command(world, clock, command, argument):
    for _attempt in range(5):
        sign_in("petugas.blora", "salah-sekali")
    assert sign_in("petugas.blora").status_code == 429
    call_command(command, argument, stdout=None)
    assert sign_in("petugas.blora").status_code == 302


def test_every_failure_is_logged_with_user_and_address_but_never_the_password(world, clock, caplog):
    caplog.set_level(logging.WARNING, logger="tps_khusus.security")
    for _attempt in range(6):
        sign_in("petugas.blora", "Rahasia-Sekali-99")
    lines = [record.getMessage() for record in caplog.records if record.name == "tps_khusus.security"]
    failures = [line for line in lines if line.startswith("Failed sign-in")]
    assert failures == ["Failed sign-in: username='petugas.blora' ip=10.1.1.1 path=/masuk/"] * 6
    assert "Sign-in locked: username='petugas.blora' ip=10.1.1.1" in lines
    assert not any("Rahasia-Sekali-99" in record.getMessage() for record in caplog.records)
    assert AccessFailureLog.objects.filter(username="petugas.blora", ip_address=IP_A).count() == 6
    assert AccessFailureLog.objects.filter(locked_out=True).count() == 2
    assert "Rahasia-Sekali-99" not in AccessAttempt.objects.get().post_data


def test_behind_proxies_the_address_is_the_one_the_outer_proxy_saw(world, clock, settings):
    settings.TPS_PROXY_COUNT = 1
    for _attempt in range(5):
        Client().post(LOGIN, {"username": "petugas.blora", "password": "x"}, REMOTE_ADDR="127.0.0.1",
                      HTTP_X_FORWARDED_FOR="1.2.3.4, 10.9.9.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.9.9.9"}


# --- Password change ------------------------------------------------------------------------------

NEW_PASSWORD = "kalimat panjang baru 2024"


@pytest.mark.parametrize("username", ["admin", "petugas.blora", "petugas.pati", "kpu.blora", "kpu.jateng", "outsider"])
def test_every_role_changes_its_own_password_from_the_navigation(world, username):
    user = world.users[username]
    if username == "outsider":  # made without a password
        user.set_password(DEMO_PASSWORD)
        user.save()
    client = world.client(username)
    home = client.get(HOME).content.decode()
    assert 'href="/kata-sandi/"' in home and "Ganti kata sandi" in home
    form = client.get("/kata-sandi/")
    assert form.status_code == 200
    page = form.content.decode()
    assert "Sandi lama" in page and "Sandi baru" in page and "Konfirmasi sandi baru" in page
    response = client.post("/kata-sandi/", {"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD,
                                            "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/kata-sandi/selesai/"
    done = client.get("/kata-sandi/selesai/")
    assert "Kata sandi Anda sudah diganti." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(HOME).status_code == 200  # still signed in


def test_a_new_password_needs_twelve_characters(world):
    client = world.client("petugas.blora")
    response = client.post("/kata-sandi/", {"old_password": DEMO_PASSWORD, "new_password1": "Pendek-1234",
                                            "new_password2": "Pendek-1234"})
    assert response.status_code == 200
    assert "Kata sandi terlalu pendek. Harus mengandung setidaknya 12 karakter." in response.content.decode()
    world.users["petugas.blora"].refresh_from_db()
    assert world.users["petugas.blora"].check_password(DEMO_PASSWORD)


def test_a_wrong_old_password_changes_nothing(world):
    client = world.client("kpu.blora")
    response = client.post("/kata-sandi/", {"old_password": "bukan-ini", "new_password1": NEW_PASSWORD,
                                            "new_password2": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Sandi lama Anda yang dimasukkan salah. Masukkan sekali lagi." in response.content.decode()
    world.users["kpu.blora"].refresh_from_db()
    assert world.users["kpu.blora"].check_password(DEMO_PASSWORD)


def test_changing_the_password_needs_a_sign_in(db):
    response = Client().get("/kata-sandi/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/kata-sandi/"


# --- Session limits -------------------------------------------------------------------------------


def signed_in_client(clock) -> Client:
    client = Client(REMOTE_ADDR=IP_A)
    assert sign_in("petugas.blora", client=client).status_code == 302
    return client


def test_a_session_ends_after_thirty_idle_minutes(world, clock):
    client = signed_in_client(clock)
    clock.shift(dt.timedelta(minutes=29))
    assert client.get(HOME).status_code == 200
    clock.shift(dt.timedelta(minutes=30))
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/"
    login = client.get(response["Location"]).content.decode()
    assert str(SIGNED_OUT_IDLE % {"minutes": 30}) in login
    assert ("Anda telah keluar otomatis karena tidak ada aktivitas selama 30 menit. Silakan masuk lagi."
            in login)
    assert client.get(HOME).status_code == 302


def test_the_idle_limit_is_a_setting(world, clock, settings):
    settings.TPS_SESSION_IDLE_MINUTES = 10
    client = signed_in_client(clock)
    clock.shift(dt.timedelta(minutes=9))
    assert client.get(HOME).status_code == 200
    clock.shift(dt.timedelta(minutes=10))
    response = client.get(HOME, follow=True)
    assert str(SIGNED_OUT_IDLE % {"minutes": 10}) in response.content.decode()


def test_a_busy_session_still_ends_after_the_working_day(world, clock):
    client = signed_in_client(clock)
    for _step in range(23):  # every 20 minutes until 07:40 after signing in
        clock.shift(dt.timedelta(minutes=20))
        assert client.get(HOME).status_code == 200
    clock.shift(dt.timedelta(minutes=20))  # 8 hours
    response = client.get(HOME, follow=True)
    assert response.redirect_chain == [("/masuk/?next=/", 302)]
    page = response.content.decode()
    assert ("Anda telah keluar otomatis karena sudah 8 jam sejak masuk (batas satu hari kerja). Silakan masuk lagi."
            in page)
    assert str(SIGNED_OUT_DAY % {"hours": 8}) in page


def test_signing_in_again_starts_a_new_day(world, clock):
    client = signed_in_client(clock)
    clock.shift(dt.timedelta(hours=9))
    client.get(HOME)
    assert sign_in("petugas.blora", client=client).status_code == 302
    assert client.get(HOME).status_code == 200


# --- seed_demo ------------------------------------------------------------------------------------


def test_seed_demo_refuses_without_debug_unless_told_it_is_a_demo(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo", verbosity=0)
    assert str(refused.value) == str(DEMO_NEEDS_FLAG)
    assert str(refused.value) == (
        "seed_demo membuat akun dengan kata sandi demo yang diketahui umum, jadi tidak dijalankan jika DEBUG mati "
        "(seperti di server produksi). Jika ini memang server demo, jalankan: manage.py seed_demo --demo")
    assert not User.objects.exists()


def test_seed_demo_never_changes_the_password_of_an_existing_user(db, settings, capsys):
    settings.DEBUG = True  # as `make run` does
    User.objects.create_user("admin", password="kata sandi asli admin")
    User.objects.create_user("kpu.blora", password="kata sandi asli kpu")
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "  admin (sudah ada, kata sandi tidak diubah)\n" in output
    assert "  petugas.blora\n" in output
    assert User.objects.get(username="admin").check_password("kata sandi asli admin")
    assert User.objects.get(username="kpu.blora").check_password("kata sandi asli kpu")
    assert User.objects.get(username="petugas.blora").check_password(DEMO_PASSWORD)


def test_seed_users_gives_only_new_users_the_demo_password(db):
    facilities = ensure_facilities()
    User.objects.create_user("petugas.pati", password="kata sandi asli pati")
    created = seed_users(facilities)
    assert created == {"admin": True, "petugas.blora": True, "petugas.pati": False, "kpu.blora": True,
                       "kpu.jateng": True}
    assert User.objects.get(username="petugas.pati").check_password("kata sandi asli pati")
    assert seed_users(facilities) == dict.fromkeys(created, False)
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD)


# --- Headers --------------------------------------------------------------------------------------


def test_pages_and_downloads_are_not_stored_but_static_files_are_cached(world, settings):
    client = world.client("petugas.blora")
    page = client.get("/fasilitas/rutan-blora/wbp/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert policy(page) == CSP
    download = client.get("/fasilitas/rutan-blora/impor/templat/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in download["Cache-Control"]
    listing = client.get("/fasilitas/rutan-blora/belum-nik/unduh/")
    assert listing["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "no-store" in listing["Cache-Control"]
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    static = Client().get("/static/css/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_the_sign_in_page_carries_the_policy(db):
    response = Client().get(LOGIN)
    assert policy(response) == CSP
    assert "no-store" in response["Cache-Control"]


# --- Error pages ----------------------------------------------------------------------------------

SECRET = "/srv/rahasia/settings.py NIK 3316090101900001"


def raise_permission_denied(request):
    raise PermissionDenied(SECRET)


def raise_suspicious(request):
    raise SuspiciousOperation(SECRET)


def raise_error(request):
    raise RuntimeError(SECRET)


urlpatterns = [
    *site_urlpatterns,
    path("uji/403/", raise_permission_denied),
    path("uji/400/", raise_suspicious),
    path("uji/500/", raise_error),
]
__all__ = ["handler500", "urlpatterns"]

ERRORS = {
    400: ("Permintaan tidak dapat diproses",
          "Permintaan yang dikirim tidak valid. Periksa alamat atau isian, lalu coba lagi."),
    403: ("Akses ditolak",
          "Anda tidak memiliki izin untuk membuka halaman ini. Jika menurut Anda ini keliru, hubungi admin."),
    404: ("Halaman tidak ditemukan",
          "Halaman yang Anda cari tidak ada atau tidak dapat Anda buka. Periksa alamatnya, atau kembali ke beranda."),
    500: ("Terjadi kesalahan pada server",
          "Maaf, terjadi kesalahan di pihak kami dan sudah dicatat. Coba lagi beberapa saat lagi; jika terus "
          "berulang, hubungi admin."),
}


def assert_error_page(response, status: int, *hidden: str) -> None:
    assert response.status_code == status
    page = response.content.decode()
    title, text = ERRORS[status]
    assert f'<h1 class="h3 mb-3" data-testid="error-title">{title}</h1>' in page
    assert f'<p data-testid="error-text">{text}</p>' in page
    for secret in (SECRET, "rahasia", "Traceback", "petugas", "Petugas Rutan Blora", *hidden):
        assert secret not in page


@pytest.mark.urls("tests.foundation.test_security")
@pytest.mark.parametrize("status", [400, 403, 500])
def test_error_pages_say_what_happened_in_bahasa_indonesia_and_nothing_else(world, settings, status):
    assert settings.DEBUG is False
    client = world.client("petugas.blora")
    client.raise_request_exception = False
    response = client.get(f"/uji/{status}/")
    assert_error_page(response, status, f"/uji/{status}/")
    if status != 500:
        assert policy(response) == CSP


def test_the_404_page_names_neither_the_address_nor_the_user(world):
    response = world.client("petugas.blora").get("/fasilitas/lapas-rahasia-xyz/wbp/")
    assert_error_page(response, 404, "lapas-rahasia-xyz", "/fasilitas/")
    assert policy(response) == CSP
    assert "no-store" in response["Cache-Control"]
    # Another facility's inmate: the same page, nothing about the inmate.
    outside = world.client("petugas.pati").get("/fasilitas/rutan-blora/wbp/")
    assert_error_page(outside, 404, "rutan-blora", "Blora")


def test_a_bad_host_gets_the_400_page(world):
    response = Client(HTTP_HOST="jahat.example.org").get(LOGIN)
    assert_error_page(response, 400, "jahat.example.org")


def test_a_form_without_its_csrf_token_gets_a_page_in_bahasa_indonesia(world):
    response = Client(enforce_csrf_checks=True).post(LOGIN, {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formulir tidak dapat dikirim" in page
    assert ("Pemeriksaan keamanan formulir gagal, misalnya karena halaman terbuka terlalu lama atau cookie diblokir. "
            "Muat ulang halaman, lalu kirim lagi.") in page
    assert "CSRF" not in page


@pytest.mark.urls("tests.foundation.test_security")
def test_the_500_page_survives_a_broken_template(world, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'css/app.css'")

    monkeypatch.setattr("accounts.views.render_to_string", broken)
    client = world.client("kpu.blora")
    client.raise_request_exception = False
    response = client.get("/uji/500/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Terjadi kesalahan pada server</h1>" in page
    assert "manifest" not in page and SECRET not in page
