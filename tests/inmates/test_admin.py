from datetime import date

import pytest

from tests.factories import make_inmate


@pytest.fixture
def admin_viewer(world):
    """A KPU officer given access to the Django admin still sees only their area there."""
    from django.contrib.auth.models import Permission

    user = world.users["kpu.blora"]
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_inmate", "view_facility", "view_user"]))
    return user


def test_admin_lists_are_scoped_to_the_area(world, admin_viewer):
    make_inmate(world.blora, full_name="Orang Blora")
    make_inmate(world.pati, full_name="Orang Pati")
    client = world.client("kpu.blora")
    page = client.get("/admin/inmates/inmate/").content.decode()
    assert "Orang Blora" in page and "Orang Pati" not in page
    facilities = client.get("/admin/inmates/facility/").content.decode()
    assert "Rutan Kelas IIB Blora" in facilities and "Rutan Kelas IIB Pati" not in facilities


def test_admin_hides_other_areas_objects(world, admin_viewer):
    other = make_inmate(world.pati, full_name="Orang Pati")
    response = world.client("kpu.blora").get(f"/admin/inmates/inmate/{other.pk}/change/", follow=True)
    assert response.redirect_chain == [("/admin/", 302)]  # Django admin treats it as missing
    assert "Orang Pati" not in response.content.decode()


def test_users_are_managed_by_admins_only(world, admin_viewer):
    assert world.client("kpu.blora").get("/admin/auth/user/").status_code == 403
    assert world.client("admin").get("/admin/auth/user/").status_code == 200


def test_admin_edits_go_through_the_nik_checks(world):
    person = make_inmate(world.blora)
    client = world.client("admin")
    data = {**_change_form_data(client, person), "nik": "3316090101010000"}
    response = client.post(f"/admin/inmates/inmate/{person.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["nik"] == [
        "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
        "Tanggal lahir pada NIK (1 Januari '01) tidak sama dengan tanggal lahir yang diisi (17 Mei 1990).",
    ]
    person.refresh_from_db()
    assert person.nik != "3316090101010000"
    data["nik"] = person.nik
    data["mother_name"] = "Ngatini"
    assert client.post(f"/admin/inmates/inmate/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert person.mother_name == "Ngatini"
    assert person.history.first().history_user == world.users["admin"]


def _change_form_data(client, person) -> dict:
    form = client.get(f"/admin/inmates/inmate/{person.pk}/change/").context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data.update({"events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0"})
    return data


def test_the_admin_edits_dated_statuses_with_the_same_checks(world):
    person = make_inmate(world.blora)
    client = world.client("admin")
    data = {**_change_form_data(client, person), "tni_polri_status": "diberhentikan", "tni_polri_since": "2019-08-17",
            "revoked_right": "memilih", "revoked_from": "2024-01-01", "revoked_until": "2023-01-01"}
    response = client.post(f"/admin/inmates/inmate/{person.pk}/change/", data)
    errors = response.context["adminform"].form.errors
    assert errors["revocation_decision_number"] == ["Isi nomor putusan pengadilan yang mencabut hak ini."]
    assert errors["revoked_until"] == ["Akhir pencabutan hak tidak boleh sebelum awalnya (1 Januari 2024)."]
    data.update({"revocation_decision_number": "3/Pid/2023", "revoked_until": "2028-12-31"})
    assert client.post(f"/admin/inmates/inmate/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert (person.tni_polri_status, person.tni_polri_since, person.revoked_right, person.revoked_until) == (
        "diberhentikan", date(2019, 8, 17), "memilih", date(2028, 12, 31))


def test_the_admin_shows_the_warnings_of_the_nik_and_nkk_rule(world):
    from tests.factories import make_nik

    person = make_inmate(world.blora)
    client = world.client("admin")
    data = {**_change_form_data(client, person), "nik": make_nik(kecamatan="91.01.01", birth=person.birth_date,
                                                                 serial=77), "nkk": "3399090101230001"}
    response = client.post(f"/admin/inmates/inmate/{person.pk}/change/", data, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert "Kode wilayah NIK 9101 = Kab. Merauke (sejak 2022: 93.01); NIK tetap berlaku walau kode wilayahnya sudah " \
           "berganti." in shown
    assert "Kode wilayah NKK 3399 tidak dikenal di edisi 2022/2025; periksa KK." in shown
    person.refresh_from_db()
    assert person.nik.startswith("9101")


def test_a_nik_changed_in_the_admin_must_be_verified_again(world):
    from inmates.models import NikStatus
    from tests.factories import make_nik

    person = make_inmate(world.blora)
    assert person.nik_status == NikStatus.VERIFIED
    client = world.client("admin")
    data = _change_form_data(client, person)
    assert "facility" not in data and "nik_status" not in data
    data["nik"] = make_nik(birth=person.birth_date, serial=4444)
    assert client.post(f"/admin/inmates/inmate/{person.pk}/change/", data).status_code == 302
    person.refresh_from_db()
    assert (person.nik, person.nik_status) == (data["nik"], NikStatus.UNVERIFIED)


def test_events_tps_and_lists_cannot_be_changed_or_deleted_in_the_admin(world):
    person = make_inmate(world.blora)
    event = person.events.first()
    client = world.client("admin")
    assert client.get(f"/admin/inmates/custodyevent/{event.pk}/delete/").status_code == 403
    assert client.post(f"/admin/inmates/custodyevent/{event.pk}/change/", {"kind": "bebas"}).status_code == 403
    assert person.events.count() == 2
    for path in ["registration/tps/add/", "registration/listversion/add/", "registration/registration/add/",
                 "inmates/inmate/add/", "inmates/custodyevent/add/"]:
        assert client.get(f"/admin/{path}").status_code == 403
