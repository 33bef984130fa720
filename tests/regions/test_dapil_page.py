"""The admin page for dapil editions: admin only (everyone else 404), check before saving, nothing
saved before the admin confirms, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from regions import reference
from regions.models import Dapil, DapilEdition
from tests.conftest import PERSONAS
from tests.regions.helpers import DPR_2024, blora_split_rows, dapil_file

URL = "/wilayah/dapil/"


@pytest.fixture
def dpr_2029(tmp_path):
    return dapil_file(tmp_path / "dapil_dpr_ri_2029.csv", DPR_2024, replace={"33.16": blora_split_rows()})


def form_data(path, **extra):
    return {"code": "2029", "name": "Dapil Pemilu 2029 (uji)", "source": "uji", "compare": "2024", "area": "",
            "file_dpr": SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv"), **extra}


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_admin_sees_the_page(world, username):
    response = world.client(username).get(URL)
    if username == "admin":
        assert response.status_code == 200
        page = response.content.decode()
        assert "Edisi dapil dan kode wilayah" in page
        assert "Dapil Pemilu 2024" in page and "Kepmendagri 2025" in page
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("username", [p for p in PERSONAS if p != "admin"])
def test_no_one_else_can_upload_or_confirm(world, username, dpr_2029):
    client = world.client(username)
    assert client.post(URL, form_data(dpr_2029)).status_code == 404
    assert client.get(f"{URL}periksa/{'a' * 32}/").status_code == 404
    assert client.post(f"{URL}periksa/{'a' * 32}/").status_code == 404
    assert not DapilEdition.objects.filter(code="2029").exists()


def test_check_then_confirm_saves_the_edition(world, dpr_2029, keep_reference):
    client = world.client("admin")
    response = client.post(URL, form_data(dpr_2029, area="33.16"))
    assert response.status_code == 302
    check_url = response["Location"]
    assert check_url.startswith(f"{URL}periksa/")

    page = client.get(check_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Periksa edisi dapil 2029" in text
    assert "Cakupan" in text and "33.16 Kabupaten Blora" in text
    assert "Dibanding edisi 2024: 1 wilayah pindah dapil" in text
    assert "<td>33.16.09 Blora</td><td>3303 JAWA TENGAH III</td><td>3302 JAWA TENGAH II</td>" in text
    assert 'data-testid="dapil-confirm"' in text
    # checking saved nothing
    assert not DapilEdition.objects.filter(code="2029").exists()
    assert reference.dapil_editions() == ("2024",)

    saved = client.post(check_url)
    assert saved.status_code == 302 and saved["Location"] == URL
    edition = DapilEdition.objects.get(code="2029")
    assert (edition.name, edition.source, edition.is_default) == ("Dapil Pemilu 2029 (uji)", "uji", False)
    assert Dapil.objects.filter(edition=edition).count() == 84
    assert reference.dapil_of(reference.DAPIL_DPR, "33.16.09.1013", edition="2029") == "3302"
    # the upload is gone once saved
    assert client.get(check_url).status_code == 302


def test_a_wrong_file_shows_its_errors_and_cannot_be_saved(world, tmp_path):
    path = dapil_file(tmp_path / "dapil_dpr_ri_x.csv", DPR_2024, extra=[
        "3302,JAWA TENGAH II,33.16,3316,Kabupaten/Kota,BLORA,False"])
    client = world.client("admin")
    check_url = client.post(URL, form_data(path))["Location"]
    text = client.get(check_url).content.decode()
    assert "Dapil DPR RI: wilayah 33.16 BLORA berada di lebih dari satu dapil (3302, 3303; baris 197, 516)" in text
    assert 'data-testid="dapil-confirm"' not in text
    response = client.post(check_url)
    assert response.status_code == 200
    assert "Edisi dapil tidak disimpan karena ada kesalahan" in response.content.decode()
    assert not DapilEdition.objects.filter(code="2029").exists()


def test_the_form_needs_a_file_and_a_valid_code(world):
    client = world.client("admin")
    response = client.post(URL, {"code": "20 29", "compare": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Kode edisi 20 29 tidak sah" in text
    response = client.post(URL, {"code": "2029", "compare": "",
                                 "file_dpr": SimpleUploadedFile("x.csv", b"", content_type="text/csv")})
    assert response.status_code == 200
    assert "Berkas kosong (0 byte). Pilih berkas dapil CSV." in response.content.decode()
    response = client.post(URL, {"code": "2029", "compare": ""})
    assert "Pilih paling sedikit satu berkas dapil." in response.content.decode()
    assert not DapilEdition.objects.filter(code="2029").exists()


def test_another_session_cannot_use_the_upload(world, dpr_2029):
    check_url = world.client("admin").post(URL, form_data(dpr_2029))["Location"]
    other = world.client("admin")  # the same person, another browser: the token belongs to the first session
    assert other.get(check_url).status_code == 302
    assert other.post(check_url).status_code == 302
    assert not DapilEdition.objects.filter(code="2029").exists()

