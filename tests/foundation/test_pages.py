import re

import pytest
from django.test import Client

from accounts.forms import WRONG_LOGIN


@pytest.mark.django_db
def test_every_page_but_login_requires_sign_in():
    client = Client()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/"
    assert client.get("/fasilitas/").status_code == 302
    assert client.get("/wilayah/anak/").status_code == 302
    login = client.get("/masuk/")
    assert login.status_code == 200
    assert "Masuk ke TPS Khusus" in login.content.decode()


def test_a_wrong_password_gets_a_clear_message(world):
    response = Client().post("/masuk/", {"username": "petugas.blora", "password": "salah"})
    assert response.status_code == 200
    assert str(WRONG_LOGIN) in response.content.decode()


def test_a_right_password_signs_in(world):
    client = Client()
    response = client.post("/masuk/", {"username": "petugas.blora", "password": "tps-khusus-demo"})
    assert response.status_code == 302
    assert response["Location"] == "/"


HOME_TEXT = {
    "admin": "Admin TPS Khusus",
    "petugas.blora": "Rutan Kelas IIB Blora",
    "petugas.pati": "Rutan Kelas IIB Pati",
    "kpu.blora": "KPU Kabupaten Blora",
    "kpu.jateng": "KPU Provinsi Jawa Tengah",
    "outsider": "Akun belum memiliki peran",
}


@pytest.mark.parametrize("username", list(HOME_TEXT))
def test_each_role_has_a_home_page_saying_what_to_do(world, username):
    response = world.client(username).get("/")
    assert response.status_code == 200
    assert HOME_TEXT[username] in response.content.decode()


def test_staff_home_shows_their_facility_only(world):
    page = world.client("petugas.blora").get("/").content.decode()
    assert "Tambah WBP baru" in page
    assert "Rutan Kelas IIB Pati" not in page


def test_kpu_province_home_lists_the_facilities_of_the_province(world):
    page = world.client("kpu.jateng").get("/").content.decode()
    for name in ("Rutan Kelas IIB Blora", "Rutan Kelas IIB Pati", "Lapas Kelas I Semarang"):
        assert name in page
    assert "Rutan Kelas I Surabaya" not in page


def test_region_children_feed_the_picker(world):
    response = world.client("petugas.blora").get("/wilayah/anak/", {"parent": "33.16.09"})
    results = response.json()["results"]
    assert {"code": "33.16.09.1013", "name": "Kauman"} in results
    assert len(results) == 28
    provinces = world.client("petugas.blora").get("/wilayah/anak/").json()["results"]
    assert len(provinces) == 38


def test_static_files_come_from_packages(world):
    page = world.client("admin").get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    # No asset from another host (a bare "cdn" search also hit random CSRF tokens now and then).
    assert re.findall(r'(?:src|href)="(?:https?:)?//[^"]*"', page) == []
