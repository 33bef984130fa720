"""PDPB in the Django admin: registered, read-only, and scoped like the site. Periods and their locked
copies, and the decisions on a WBP's registration at home, within the user's area; DPB extracts, their
rows (people outside the prison) and their log only for the KPU kab/kota of the extract and admins."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from pdpb import crosscheck, services
from pdpb.models import DpbExtract, DpbExtractLog, DpbRow, HomeRegistration, PdpbPeriod
from pdpb.quarters import Quarter
from regions.models import Region
from tests.conftest import PERSONAS
from tests.factories import make_inmate

MODELS = ["pdpbperiod", "dpbextract", "dpbrow", "dpbextractlog", "homeregistration"]
PDPB_MODELS = ["PdpbPeriod", "PdpbEntry", "PdpbReview", "DpbExtract", "DpbRow", "DpbExtractLog", "HomeRegistration"]
# Only admins are Django-admin staff: everyone else is sent to the admin's sign-in page.
ADMIN_SITE = {persona: 200 if persona == "admin" else 302 for persona in PERSONAS}


@pytest.fixture
def pdpb(world, freeze_today):
    """Rutan Blora and Rutan Pati each lock Triwulan III 2025; KPU Blora and the admin upload an extract of
    Blora and of Pati; KPU Blora decides on a WBP from Blora held at Pati."""
    freeze_today(date(2025, 12, 20))
    blora_wbp = make_inmate(world.blora, full_name="Wbp Blora", admitted_on=date(2024, 1, 2))
    pati_wbp = make_inmate(world.pati, full_name="Wbp Pati Asal Blora", admitted_on=date(2024, 1, 2),
                           birth_date=date(1985, 3, 4))
    for facility in (world.blora, world.pati):
        services.period_lock(facility=facility, quarter=Quarter(2025, 3), confirm="Triwulan III 2025",
                             user=world.users["admin"])
    blora = crosscheck.extract_upload(
        region=Region.objects.get(code="33.16"), file_name="dpb-blora.csv", user=world.users["kpu.blora"],
        data=(f"NIK;NAMA;TANGGAL LAHIR;DESA;TPS\n{pati_wbp.nik};WBP PATI ASAL BLORA;04-03-1985;Kamolan;003\n"
              "3316090000000001;Warga Blora Luar;01-01-1970;Kamolan;004\n").encode())
    crosscheck.extract_upload(
        region=Region.objects.get(code="33.18"), file_name="dpb-pati.csv", user=world.users["admin"],
        data=b"NIK;NAMA;TANGGAL LAHIR;DESA;TPS\n3318010000000001;Warga Pati Luar;02-02-1972;Pati Kidul;001\n")
    row = blora.rows.get(nik=pati_wbp.nik)
    crosscheck.decide(extract=blora, inmate_id=pati_wbp.pk, status=HomeRegistration.Status.REGISTERED, row_id=row.pk,
                      user=world.users["kpu.blora"])
    world.people = {"blora": blora_wbp, "pati": pati_wbp}
    return world


def _give_admin_access(world):
    """Every persona made Django-admin staff with the view permissions of the PDPB models: the scoping,
    not the missing permission, must keep them out of other areas."""
    permissions = Permission.objects.filter(content_type__app_label="pdpb", codename__startswith="view_")
    for persona in PERSONAS:
        user = world.users[persona]
        user.is_staff = True
        user.save()
        user.user_permissions.add(*permissions)


def _listed(response) -> set[str]:
    return {str(obj) for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("model", MODELS)
def test_only_admins_reach_the_pdpb_admin_by_default(pdpb, model):
    for persona in PERSONAS:
        response = pdpb.client(persona).get(f"/admin/pdpb/{model}/")
        assert response.status_code == ADMIN_SITE[persona], (persona, model)
        if response.status_code == 302:
            assert response["Location"].startswith("/admin/login/")


def test_every_pdpb_model_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    assert {model.__name__ for model in apps.get_app_config("pdpb").get_models()} == set(PDPB_MODELS)
    registered = {model.__name__ for model in admin.site._registry if model._meta.app_label == "pdpb"}
    assert registered == {"PdpbPeriod", "DpbExtract", "DpbRow", "DpbExtractLog", "HomeRegistration"}  # + inlines


def test_periods_and_their_locked_copies_follow_the_area(pdpb):
    _give_admin_access(pdpb)
    expected = {
        "admin": {"Triwulan III 2025 — Rutan Kelas IIB Blora", "Triwulan III 2025 — Rutan Kelas IIB Pati"},
        "petugas.blora": {"Triwulan III 2025 — Rutan Kelas IIB Blora"},
        "petugas.pati": {"Triwulan III 2025 — Rutan Kelas IIB Pati"},
        "kpu.blora": {"Triwulan III 2025 — Rutan Kelas IIB Blora"},
        "kpu.jateng": {"Triwulan III 2025 — Rutan Kelas IIB Blora", "Triwulan III 2025 — Rutan Kelas IIB Pati"},
        "outsider": set(),
    }
    blora = PdpbPeriod.objects.get(facility=pdpb.blora)
    for persona in PERSONAS:
        client = pdpb.client(persona)
        response = client.get("/admin/pdpb/pdpbperiod/")
        assert response.status_code == 200, persona
        assert _listed(response) == expected[persona], persona
        change = client.get(f"/admin/pdpb/pdpbperiod/{blora.pk}/change/")
        if blora.facility.name in " ".join(expected[persona]):
            page = change.content.decode()
            assert change.status_code == 200 and "Wbp Blora" in page, persona  # the locked copy, inline
            assert "Wbp Pati Asal Blora" not in page
        else:
            assert change.status_code == 302 and change["Location"] == "/admin/", persona  # as if missing


def test_extracts_their_rows_and_log_only_for_the_kpu_of_the_extract(pdpb):
    _give_admin_access(pdpb)
    expected = {"admin": {"dpb-blora.csv", "dpb-pati.csv"}, "kpu.blora": {"dpb-blora.csv"}}
    rows = {"admin": {"WBP PATI ASAL BLORA", "Warga Blora Luar", "Warga Pati Luar"},
            "kpu.blora": {"WBP PATI ASAL BLORA", "Warga Blora Luar"}}
    pati_extract = DpbExtract.objects.get(file_name="dpb-pati.csv")
    pati_row = DpbRow.objects.get(full_name="Warga Pati Luar")
    for persona in PERSONAS:
        client = pdpb.client(persona)
        extracts = {e.split(" (")[0] for e in _listed(client.get("/admin/pdpb/dpbextract/"))}
        assert extracts == expected.get(persona, set()), persona
        assert _listed(client.get("/admin/pdpb/dpbrow/")) == rows.get(persona, set()), persona
        logged = {e.split(" ", 1)[1] for e in _listed(client.get("/admin/pdpb/dpbextractlog/"))}
        assert logged == expected.get(persona, set()), persona
        for url, shown in ((f"/admin/pdpb/dpbextract/{pati_extract.pk}/change/", "dpb-pati.csv"),
                           (f"/admin/pdpb/dpbrow/{pati_row.pk}/change/", "Warga Pati Luar")):
            response = client.get(url)
            if persona == "admin":
                assert response.status_code == 200 and shown in response.content.decode(), url
            else:
                assert response.status_code == 302 and response["Location"] == "/admin/", (persona, url)
        search = client.get("/admin/pdpb/dpbrow/?q=3318010000000001")
        assert ("Warga Pati Luar" in search.content.decode()) == (persona == "admin"), persona


def test_home_decisions_for_the_holding_area_and_the_home_kpu(pdpb):
    _give_admin_access(pdpb)
    decision = HomeRegistration.objects.get()
    sees = {"admin", "petugas.pati", "kpu.blora", "kpu.jateng"}  # held at Pati (Jawa Tengah), home in Blora
    for persona in PERSONAS:
        client = pdpb.client(persona)
        response = client.get("/admin/pdpb/homeregistration/")
        assert len(response.context["cl"].result_list) == (1 if persona in sees else 0), persona
        change = client.get(f"/admin/pdpb/homeregistration/{decision.pk}/change/")
        if persona in sees:
            page = change.content.decode()
            assert change.status_code == 200 and "Wbp Pati Asal Blora" in page and "Kamolan" in page, persona
            assert "Warga Blora Luar" not in page  # nothing of the extract's other rows
        else:
            assert change.status_code == 302 and change["Location"] == "/admin/", persona


def test_nothing_is_added_changed_or_deleted_through_the_admin(pdpb):
    client = pdpb.client("admin")
    period = PdpbPeriod.objects.get(facility=pdpb.blora)
    extract = DpbExtract.objects.get(file_name="dpb-blora.csv")
    before = (PdpbPeriod.objects.count(), DpbExtract.objects.count(), DpbRow.objects.count(),
              DpbExtractLog.objects.count(), HomeRegistration.objects.count())
    for model, pk in [("pdpbperiod", period.pk), ("dpbextract", extract.pk), ("dpbrow", extract.rows.first().pk),
                      ("dpbextractlog", DpbExtractLog.objects.first().pk),
                      ("homeregistration", HomeRegistration.objects.get().pk)]:
        assert client.get(f"/admin/pdpb/{model}/add/").status_code == 403, model
        assert client.post(f"/admin/pdpb/{model}/{pk}/change/", {"note": "x", "status": "draf"}).status_code == 403
        assert client.post(f"/admin/pdpb/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403, model
        page = client.get(f"/admin/pdpb/{model}/{pk}/change/").content.decode()
        assert 'name="_save"' not in page, model
    assert (PdpbPeriod.objects.count(), DpbExtract.objects.count(), DpbRow.objects.count(),
            DpbExtractLog.objects.count(), HomeRegistration.objects.count()) == before
    period.refresh_from_db()
    assert period.status == PdpbPeriod.Status.LOCKED and period.note == ""
