"""The cross-check's review queue: an extract read all or nothing, matched by NIK and by name + birth date,
decided by a person (logged), scoped to its KPU, deleted on request or when it expires."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from pdpb import crosscheck
from pdpb.models import DpbExtract, DpbExtractLog, DpbRow, HomeRegistration
from tests.conftest import PERSONAS
from tests.factories import make_inmate

HEADER = "NIK;NKK;NAMA;TEMPAT LAHIR;TANGGAL LAHIR;JENIS KELAMIN;ALAMAT;DESA;TPS"


@pytest.fixture
def wbp(world, freeze_today):
    freeze_today(date(2025, 12, 20))
    stays = [make_inmate(world.blora if n % 2 else world.semarang, full_name=f"Warga Blora {n}",
                         birth_date=date(1980 + n, 3, 1 + n), admitted_on=date(2025, 1, 2),
                         home_region_id="33.16.09.1013") for n in range(12)]
    make_inmate(world.pati, full_name="Warga Pati", admitted_on=date(2025, 1, 2), home_region_id="33.18.01.2001")
    return stays


def _csv(stays) -> bytes:
    """300 rows: the first 8 WBP by NIK, the 9th by name and birth date under another NIK, the rest missing,
    and residents who were never held."""
    lines = [HEADER]
    for n, stay in enumerate(stays[:9]):
        nik = stay.nik if n < 8 else "3316090000009999"
        name = stay.full_name.upper() if n < 8 else f"  warga  blora {n} "
        lines.append(f"{nik};{stay.nkk};{name};Blora;{stay.birth_date:%d-%m-%Y};L;Jl. Pemuda;Kamolan;{n + 1:03d}")
    lines += [f"3316{n:012d};;PENDUDUK {n};Blora;01/02/1970;P;Jl. Desa;Tempelan;004" for n in range(291)]
    return ("\n".join(lines) + "\n").encode()


def _upload(client, data: bytes, name="dpb.csv"):
    return client.post("/pdpb/cek-dpb/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_a_few_hundred_rows_match_by_nik_and_by_name_and_birth_date_and_nothing_is_decided(world, wbp):
    response = _upload(world.client("kpu.blora"), _csv(wbp))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "300 baris ekstrak dibaca. Tinjau setiap WBP di bawah."]
    extract = DpbExtract.objects.get()
    assert (extract.region_id, extract.row_count, DpbRow.objects.count()) == ("33.16", 300, 300)
    items = {item.inmate.pk: item for item in response.context["items"]}
    assert set(items) == {stay.pk for stay in wbp}  # home Blora, held anywhere; not Pati's resident
    assert [items[s.pk].match for s in wbp] == ["nik"] * 8 + ["nama_tanggal_lahir"] + ["tidak_ada"] * 3
    assert items[wbp[8].pk].rows[0].nik == "3316090000009999"
    assert HomeRegistration.objects.count() == 0  # a match alone changes nothing
    assert DpbExtractLog.objects.get().action == "unggah"


def test_a_person_decides_each_wbp_and_each_decision_is_kept(world, wbp):
    client = world.client("kpu.blora")
    _upload(client, _csv(wbp))
    extract = DpbExtract.objects.get()
    row = extract.rows.get(nik=wbp[0].nik)
    url = f"/pdpb/cek-dpb/{extract.pk}/"
    client.post(url, {"inmate": wbp[0].pk, "status": "terdaftar", "row": row.pk}, follow=True)
    response = client.post(url, {"inmate": wbp[10].pk, "status": "terdaftar"}, follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Untuk status terdaftar, pilih baris DPB yang cocok atau isi desa dan TPS."]
    client.post(url, {"inmate": wbp[10].pk, "status": "belum_terdaftar", "note": "tambah di DPB"}, follow=True)
    client.post(url, {"inmate": wbp[10].pk, "status": "tidak_jelas"}, follow=True)
    other = make_inmate(world.pati, full_name="Bukan Blora", admitted_on=date(2025, 1, 2),
                        home_region_id="33.18.01.2001")
    response = client.post(url, {"inmate": other.pk, "status": "belum_terdaftar"}, follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["WBP ini tidak ada dalam antrean ekstrak ini."]
    decisions = list(HomeRegistration.objects.order_by("pk").values_list(
        "inmate_id", "status", "desa", "tps", "by__username"))
    assert decisions == [(wbp[0].pk, "terdaftar", "Kamolan", "001", "kpu.blora"),
                         (wbp[10].pk, "belum_terdaftar", "", "", "kpu.blora"),
                         (wbp[10].pk, "tidak_jelas", "", "", "kpu.blora")]
    items = {i.inmate.pk: i for i in crosscheck.queue(extract)}
    assert items[wbp[10].pk].decision.status == "tidak_jelas"


def test_the_extract_is_seen_by_its_kpu_and_admins_only(world, wbp):
    _upload(world.client("kpu.blora"), _csv(wbp))
    extract = DpbExtract.objects.get()
    expected = {"admin": 200, "kpu.blora": 200, "petugas.blora": 404, "petugas.pati": 404, "kpu.jateng": 404,
                "outsider": 404}
    for persona in PERSONAS:
        client = world.client(persona)
        assert client.get("/pdpb/cek-dpb/").status_code == expected[persona], persona
        assert client.get(f"/pdpb/cek-dpb/{extract.pk}/").status_code == expected[persona], persona
        if expected[persona] == 404:
            assert client.post(f"/pdpb/cek-dpb/{extract.pk}/hapus/").status_code == 404, persona
            assert client.post(f"/pdpb/cek-dpb/{extract.pk}/", {"inmate": wbp[0].pk,
                                                                 "status": "tidak_jelas"}).status_code == 404
    assert HomeRegistration.objects.count() == 0
    response = world.client("kpu.blora").post(f"/pdpb/cek-dpb/{extract.pk}/hapus/", follow=True)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ekstrak dpb.csv dihapus; keputusan yang sudah dibuat tetap tersimpan."]
    assert DpbExtract.objects.count() == 0 and DpbRow.objects.count() == 0
    assert list(DpbExtractLog.objects.order_by("pk").values_list("action", "by__username", "row_count")) == [
        ("unggah", "kpu.blora", 300), ("hapus", "kpu.blora", 300)]


def test_a_bad_file_is_refused_whole_with_a_message(world, wbp):
    client = world.client("kpu.blora")
    bad_date = _csv(wbp).replace(b"01/02/1970;P;Jl. Desa;Tempelan;004\n", b"31/02/1970;P;Jl. Desa;Tempelan;004\n", 1)
    cases = [
        (bad_date, "dpb.csv", "1 baris bermasalah, tidak ada yang disimpan: baris 11: tanggal lahir 31/02/1970 tidak "
                              "dikenali (pakai dd-mm-yyyy)"),
        (b"NAMA;TPS\nA;001\n", "dpb.csv", "Kolom wajib tidak ada: NIK, TANGGAL LAHIR."),
        (b"A;B\n1;2\n", "dpb.csv", "Baris judul tidak ditemukan: perlu kolom NIK, NAMA dan TANGGAL LAHIR di "
                                          "salah satu dari 10 baris pertama."),
        (b"NIK;NAMA\n3316090101800001;A\n", "dpb.csv", "Kolom wajib tidak ada: TANGGAL LAHIR."),
        (b"NIK;NAMA;TANGGAL LAHIR\n123;A;01-01-1980\n", "dpb.csv",
         "1 baris bermasalah, tidak ada yang disimpan: baris 2: NIK harus 16 angka"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "dpb.xlsx", None),
        (b"NIK,NAMA\n", "dpb.pdf", "Unggah file .xlsx atau .csv."),
    ]
    for data, name, message in cases:
        response = _upload(client, data, name)
        errors = response.context["form"].errors
        text = " ".join(errors.get("file", []) + errors.get("__all__", []))
        assert text, name
        if message:
            assert text == message, text
    assert DpbExtract.objects.count() == 0 and DpbRow.objects.count() == 0 and DpbExtractLog.objects.count() == 0


def test_expired_extracts_are_purged_and_logged(world, wbp):
    _upload(world.client("kpu.blora"), _csv(wbp))
    DpbExtract.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    call_command("purge_dpb_extracts")
    assert DpbExtract.objects.count() == 0
    assert DpbExtractLog.objects.order_by("-pk").values_list("action", flat=True)[0] == "kedaluwarsa"
