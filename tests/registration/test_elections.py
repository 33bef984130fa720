"""Elections from templates: the page (/pemilu/baru/, admins only) and `manage.py election_create` make
the same election through services.election_create: its contests and scopes, its calendar, its
dapil edition, the voter lists of the facilities it covers, and the exact message for bad input."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registration import presets, rules, services
from registration.models import Contest, Election, Registration
from tests.factories import make_inmate

URL = "/pemilu/baru/"
VOTING_DAY = date(2031, 11, 26)  # a fixed day: nothing in creating an election depends on today
ALL = {"lapas-semarang", "rutan-blora", "rutan-pati", "rutan-surabaya"}
JATENG = {"lapas-semarang", "rutan-blora", "rutan-pati"}
# (template, region, expected contests (code, scope) in order, kind, facilities whose lists are computed)
CASES = [
    ("pemilu-nasional", "", [("PPWP", "negara"), ("DPR", "dpr"), ("DPD", "provinsi")], "nasional", ALL),
    ("pemilu-daerah", "33", [("DPRD_PROV", "dprd_prov"), ("DPRD_KAB", "dprd_kab"), ("GUB", "provinsi"),
                             ("BUP", "kabkota")], "daerah", JATENG),
    ("pemilu-daerah", "", [("DPRD_PROV", "dprd_prov"), ("DPRD_KAB", "dprd_kab"), ("GUB", "provinsi"),
                           ("BUP", "kabkota")], "daerah", ALL),
    ("pilkada", "33", [("GUB", "provinsi"), ("BUP", "kabkota")], "pilkada", JATENG),
    ("pilkada", "33.16", [("BUP", "kabkota")], "pilkada", {"rutan-blora"}),
    ("pemilu-serentak", "", [("PPWP", "negara"), ("DPR", "dpr"), ("DPD", "provinsi"), ("DPRD_PROV", "dprd_prov"),
                             ("DPRD_KAB", "dprd_kab")], "pemilu", ALL),
    ("kosong", "", [], "lainnya", ALL),
]
# Dates left empty, counted back from voting day (rules.DEFAULT_*), and the DPT date given.
CALENDAR = [
    ("data_start", VOTING_DAY - timedelta(days=270)),
    ("dpt_determined", date(2031, 9, 20)),
    ("data_cutoff", VOTING_DAY - timedelta(days=56)),
    ("transfer_freeze", VOTING_DAY - timedelta(days=54)),
    ("pindah_general", VOTING_DAY - timedelta(days=30)),
    ("pindah_detainee", VOTING_DAY - timedelta(days=7)),
    ("voting_day", VOTING_DAY),
]
PERSONAS_404 = ["petugas.blora", "petugas.pati", "kpu.blora", "kpu.jateng", "outsider"]


def form_data(**fields) -> dict:
    data = {"template": "pemilu-nasional", "name": "Pemilu Uji", "slug": "pemilu-uji", "voting_day": VOTING_DAY.isoformat(),
            "voting_day_simulated": "", "region": "", "dapil_edition": "2024", "dpt_determined_on": "2031-09-20",
            "data_start": "", "data_cutoff": "", "transfer_freeze": "", "pindah_general_days": "30",
            "pindah_detainee_days": "7", "max_voters_per_tps": "300", "reserve_percent": "2"}
    data.update(fields)
    return data


def create_on_page(client, **fields):
    """Check, then save with what was checked, as the admin does on the page."""
    data = form_data(**fields)
    checked = client.post(URL, {**data, "check": "1"})
    assert checked.status_code == 200
    assert checked.context["plan"] is not None, checked.context["form"].errors
    assert not Election.objects.filter(slug=data["slug"]).exists()  # checked, not saved
    return client.post(URL, {**data, "checked": checked.context["form"]["checked"].value(), "save": "1"}), checked


def command_args(template, region="", *flags, **options) -> list[str]:
    """The command's arguments: the required ones, the DPT date, then --option value and --flag."""
    args = ["--template", template, "--slug", options.pop("slug", "pemilu-uji"), "--name", options.pop("name", "Pemilu Uji"),
            "--voting-day", options.pop("voting_day", VOTING_DAY.isoformat()),
            "--dpt-date", options.pop("dpt_date", "2031-09-20")]
    if region:
        args += ["--region", region]
    for option, value in options.items():
        args += [f"--{option.replace('_', '-')}", value]
    return args + [f"--{flag.replace('_', '-')}" for flag in flags]


def run_command(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("election_create", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args) -> list[str]:
    """Every problem line the command prints, after checking it exits with status 1."""
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("election_create", *args, stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    return err.getvalue().splitlines()


@pytest.fixture
def people(world):
    """A WBP held at every facility, so each election covering it computes a list."""
    return {code: make_inmate(facility, home_region_id=facility.location_id, admitted_on=date(2023, 1, 1),
                              expected_release=None)
            for code, facility in world.facilities.items()}


def assert_made(template, region, contests, kind, facilities):
    election = Election.objects.get(slug="pemilu-uji")
    assert (election.kind, election.region_id, election.dapil_edition_id) == (kind, region or None, "2024")
    assert list(election.contests.values_list("code", "scope")) == contests
    assert list(election.contests.values_list("order", flat=True)) == list(range(1, len(contests) + 1))
    assert [(d.key, d.day) for d in election.deadlines()] == CALENDAR
    assert (election.data_start, election.data_cutoff, election.transfer_freeze) == (None, None, None)
    assert election.dpt_determined_on == date(2031, 9, 20)
    assert set(Registration.objects.filter(election=election).values_list("facility__code", flat=True)) == facilities
    return election


@pytest.mark.parametrize("template,region,contests,kind,facilities", CASES)
def test_each_template_from_the_page(world, people, template, region, contests, kind, facilities):
    admin = world.client("admin")
    saved, checked = create_on_page(admin, template=template, region=region)
    plan = checked.context["plan"]
    assert [(c.code, c.scope) for c in plan.contests] == contests
    assert [(item.key, item.day) for item in plan.calendar] == CALENDAR
    assert [item.counted for item in plan.calendar] == [True, False, True, True, False, False, False]
    assert {f.code for f in plan.facilities} == facilities
    assert saved.status_code == 302 and saved["Location"] == "/pemilu/pemilu-uji/"
    election = assert_made(template, region, contests, kind, facilities)
    page = admin.get(saved["Location"]).content.decode()
    assert (f"Pemilu Uji dibuat; daftar pemilih dihitung untuk {len(facilities)} Lapas/Rutan.") in page
    assert election.status == Election.Status.ACTIVE


@pytest.mark.parametrize("template,region,contests,kind,facilities", CASES)
def test_each_template_from_the_command(world, people, template, region, contests, kind, facilities):
    out, err = run_command(*command_args(template, region))
    assert err == ""
    assert_made(template, region, contests, kind, facilities)
    lines = out.splitlines()
    assert lines[0] == f"Templat: {presets.TEMPLATES[template].label}"
    assert "  1 Maret 2031      Mulai pendataan pemilih (dihitung dari hari pemungutan)" in lines  # aligned
    assert "  20 September 2031 Penetapan DPT oleh KPU kabupaten/kota" in lines
    assert lines[-1] == f"Pemilu Pemilu Uji (pemilu-uji) dibuat; daftar pemilih dihitung untuk {len(facilities)} Lapas/Rutan."


def test_the_command_prints_the_contests_and_saves_nothing_on_a_dry_run(world):
    out, _err = run_command(*command_args("pemilu-daerah", "33", "dry_run"))
    assert out.splitlines()[:9] == [
        "Templat: Pemilu Daerah",
        "Hari pemungutan suara: 26 November 2031",
        "Wilayah: 33 Jawa Tengah",
        "Edisi dapil: 2024",
        "Surat suara:",
        "  DPRD_PROV: DPRD Provinsi — Dapil DPRD Provinsi",
        "  DPRD_KAB: DPRD Kabupaten/Kota — Dapil DPRD Kabupaten/Kota",
        "  GUB: Gubernur dan Wakil Gubernur — Provinsi",
        "  BUP: Bupati/Wali Kota dan Wakil — Kabupaten/Kota",
    ]
    assert out.splitlines()[-2:] == ["Lapas/Rutan: Lapas Kelas I Semarang, Rutan Kelas IIB Blora, Rutan Kelas IIB Pati",
                                     "Pemeriksaan saja (--dry-run): tidak ada yang disimpan."]
    assert not Election.objects.exists()


def test_dates_given_are_kept_and_a_simulated_day_is_marked_everywhere(world, people):
    run_command(*command_args("pemilu-nasional", "", "simulated", data_start="2031-03-01", data_cutoff="2031-10-01",
                              transfer_freeze="2031-10-03", pindah_general_days="28", pindah_detainee_days="5",
                              max_voters="250", reserve_percent="2.5"))
    election = Election.objects.get()
    assert (election.data_start, election.data_cutoff, election.transfer_freeze) == (
        date(2031, 3, 1), date(2031, 10, 1), date(2031, 10, 3))
    assert (election.pindah_general_days, election.pindah_detainee_days, election.max_voters_per_tps,
            str(election.reserve_percent)) == (28, 5, 250, "2.50")
    assert election.voting_day_simulated and election.voting_day_label == "26 November 2031 (tanggal simulasi)"
    assert election.deadlines()[-1].label == "Hari pemungutan suara (tanggal simulasi)"
    client = world.client("kpu.blora")
    for path in ["/pemilu/", "/pemilu/pemilu-uji/", "/pemilu/pemilu-uji/rutan-blora/", "/"]:
        assert "26 November 2031 (tanggal simulasi)" in client.get(path).content.decode(), path


def test_the_template_sets_contests_the_admin_changes_afterwards(world, people):
    run_command(*command_args("pilkada", "33"))
    election = Election.objects.get()
    response = world.client("admin").get(f"/admin/registration/election/{election.pk}/change/")
    assert response.status_code == 200
    assert [form.instance.code for form in response.context["inline_admin_formsets"][0].formset.forms[:2]] == [
        "GUB", "BUP"]
    Contest.objects.filter(election=election, code="GUB").delete()
    services.election_refresh(election=election)
    assert set(Registration.objects.filter(election=election, status="ms").values_list("ballots", flat=True)) == {",BUP,"}


# --- bad input: the same exact messages on the page and from the command -------------------------

BAD = [
    ({"template": "pilkada", "region": "33.16.09"}, "region",
     "Wilayah untuk templat Pilkada: provinsi atau kabupaten/kota; 33.16.09 Blora adalah kecamatan."),
    ({"template": "pemilu-daerah", "region": "33.16"}, "region",
     "Wilayah untuk templat Pemilu Daerah: seluruh Indonesia atau provinsi; 33.16 Kabupaten Blora adalah "
     "kabupaten/kota."),
    ({"template": "pemilu-nasional", "region": "33"}, "region",
     "Templat Pemilu Nasional berlaku di seluruh Indonesia; kosongkan wilayah."),
    ({"template": "pilkada", "region": ""}, "region",
     "Templat Pilkada memerlukan wilayah: provinsi atau kabupaten/kota."),
    ({"slug": "pemilu-2024"}, "slug", "Kode pemilu-2024 sudah dipakai pemilu lain."),
    ({"slug": "baru"}, "slug", "Kode baru dipakai alamat halaman aplikasi; pilih kode lain."),
    ({"slug": "Pemilu 2029"}, "slug",
     "Kode hanya boleh berisi huruf kecil, angka dan tanda hubung, paling panjang 40 karakter."),
    ({"data_cutoff": "2031-12-01"}, "data_cutoff",
     "Batas data WBP (1 Desember 2031) harus sebelum hari pemungutan suara (26 November 2031)."),
    ({"dpt_determined_on": "2031-01-10"}, "dpt_determined_on",
     "Mulai pendataan (1 Maret 2031) harus sebelum tanggal penetapan DPT (10 Januari 2031)."),
    ({"data_start": "2031-09-25"}, "data_start",
     "Mulai pendataan (25 September 2031) harus sebelum tanggal penetapan DPT (20 September 2031)."),
    ({"pindah_general_days": "5", "pindah_detainee_days": "7"}, "pindah_detainee_days",
     "Batas pindah memilih tahanan (H-7) tidak boleh lebih awal dari batas pindah memilih umum (H-5)."),
    ({"dapil_edition": "2099"}, "dapil_edition", "Edisi dapil 2099 tidak ada. Edisi yang ada: 2024."),
]
OPTIONS = {"template": "--template", "region": "--region", "slug": "--slug", "data_cutoff": "--data-cutoff",
           "dpt_determined_on": "--dpt-date", "data_start": "--data-start", "pindah_general_days": "--pindah-general-days",
           "pindah_detainee_days": "--pindah-detainee-days", "dapil_edition": "--dapil-edition"}


@pytest.fixture
def taken(pemilu):
    return pemilu  # pemilu-2024 exists


@pytest.mark.parametrize("fields,field,message", BAD)
def test_bad_input_on_the_page(world, taken, fields, field, message):
    response = world.client("admin").post(URL, {**form_data(**fields), "check": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert response.context["plan"] is None
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert set(Election.objects.values_list("slug", flat=True)) == {"pemilu-2024"}


@pytest.mark.parametrize("fields,field,message", BAD)
def test_bad_input_from_the_command(world, taken, fields, field, message):
    args = command_args("pemilu-nasional")
    for key, value in fields.items():
        option = OPTIONS[key]
        if option in args:
            args[args.index(option) + 1] = value
        elif value:
            args += [option, value]
    assert refused(*args) == [f"{OPTIONS[field]}: {message}"]
    assert set(Election.objects.values_list("slug", flat=True)) == {"pemilu-2024"}


def test_the_command_names_an_unknown_template_and_every_other_problem(world, taken):
    assert refused("--template", "pemilu-2029", "--slug", "pemilu-2024", "--name", "X", "--voting-day", "2031-02-30") == [
        "--voting-day: tanggal 2031-02-30 tidak dikenal; tulis tahun-bulan-hari (TTTT-BB-HH).",
        "--template: Templat pemilu-2029 tidak dikenal. Pilihan: pemilu-nasional, pemilu-daerah, pilkada, "
        "pemilu-serentak, kosong.",
    ]
    assert refused(*command_args("pemilu-nasional", "", slug="pemilu-uji-2", max_voters="banyak")) == [
        "--max-voters: banyak bukan bilangan."]
    assert refused(*command_args("pemilu-nasional", "", slug="pemilu-uji-2", max_voters="0")) == [
        "--max-voters: Pemilih maksimal per TPS harus lebih dari 0."]


def test_the_page_gives_the_commands_message_for_a_template_it_does_not_offer(world):
    response = world.client("admin").post(URL, {**form_data(template="pemilu-2029"), "check": "1"})
    assert response.context["form"].errors["template"] == [
        "Templat pemilu-2029 tidak dikenal. Pilihan: pemilu-nasional, pemilu-daerah, pilkada, pemilu-serentak, kosong."]


def test_an_edition_without_the_maps_a_template_needs_is_refused(world, dpr_only_edition):
    with pytest.raises(Exception) as raised:
        services.election_plan(template="pemilu-daerah", slug="pemilu-uji", name="Uji", voting_day=VOTING_DAY,
                               region="33", dapil_edition=dpr_only_edition)
    assert raised.value.message_dict == {"dapil_edition": [
        f"Edisi dapil {dpr_only_edition} tidak memuat dapil DPRD Provinsi yang dipakai surat suara DPRD_PROV.",
        f"Edisi dapil {dpr_only_edition} tidak memuat dapil DPRD Kabupaten/Kota yang dipakai surat suara DPRD_KAB."]}
    plan = services.election_plan(template="pemilu-nasional", slug="pemilu-uji", name="Uji", voting_day=VOTING_DAY,
                                  dapil_edition=dpr_only_edition)
    assert plan.election.dapil_edition_id == dpr_only_edition


def test_a_change_after_the_check_is_checked_again_before_saving(world, people):
    client = world.client("admin")
    data = form_data()
    checked = client.post(URL, {**data, "check": "1"})
    fingerprint = checked.context["form"]["checked"].value()
    response = client.post(URL, {**data, "voting_day": "2031-12-03", "checked": fingerprint, "save": "1"})
    assert response.status_code == 200
    assert not Election.objects.exists()
    assert "Isian berubah sejak diperiksa. Periksa jadwal dan surat suara di bawah, lalu simpan." in response.content.decode()
    assert response.context["plan"].calendar[-1].day == date(2031, 12, 3)


# --- who reaches the page ------------------------------------------------------------------------

@pytest.mark.parametrize("username", PERSONAS_404)
def test_only_admins_reach_the_page(world, username):
    client = world.client(username)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {**form_data(), "check": "1"}).status_code == 404
    response = client.post(URL, {**form_data(), "save": "1"})
    assert response.status_code == 404
    assert not Election.objects.exists()


def test_a_visitor_is_sent_to_sign_in(world):
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_the_admin_reaches_the_page_from_home_and_the_election_list(world):
    client = world.client("admin")
    page = client.get(URL)
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["template"].widget.choices] == [
        "pemilu-nasional", "pemilu-daerah", "pilkada", "pemilu-serentak", "kosong"]
    assert page.context["form"].fields["dapil_edition"].initial == "2024"
    for path in ["/", "/pemilu/"]:
        assert f'href="{URL}"' in client.get(path).content.decode(), path
    for username in ["kpu.jateng", "petugas.blora"]:
        for path in ["/", "/pemilu/"]:
            assert f'href="{URL}"' not in world.client(username).get(path).content.decode()


def test_the_page_costs_the_same_queries_whatever_the_data(world, pemilu, pilkada, dpr_only_edition,
                                                            django_assert_num_queries):
    client = world.client("admin")
    client.get(URL)
    with django_assert_num_queries(4):  # session, user, regions for the picker, dapil editions
        page = client.get(URL)
    assert [value for value, _label in page.context["form"].fields["dapil_edition"].widget.choices] == [
        "2024", "uji-dpr"]
    assert len(page.context["form"].fields["region"].widget.choices) == 1 + 38


def test_rules_scope_constants_are_the_stored_values():
    assert [choice for choice, _label in Contest.Scope.choices] == [
        rules.SCOPE_COUNTRY, rules.SCOPE_PROVINCE, rules.SCOPE_KABKOTA, rules.SCOPE_DAPIL_DPR,
        rules.SCOPE_DAPIL_DPRD_PROVINCE, rules.SCOPE_DAPIL_DPRD_KABKOTA]
    assert [str(label) for _choice, label in Contest.Scope.choices] == [
        "Seluruh Indonesia", "Provinsi", "Kabupaten/Kota", "Dapil DPR", "Dapil DPRD Provinsi",
        "Dapil DPRD Kabupaten/Kota"]
