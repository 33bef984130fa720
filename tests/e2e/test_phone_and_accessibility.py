"""Pages at phone width, filter bars, and the home pages' screenshots (issue 16)."""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from tests.e2e.conftest import browser_db
from tests.factories import make_inmate

pytestmark = [pytest.mark.browser, browser_db]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def assert_filter_bar_fits(page, test_id: str, width: int) -> None:
    """Every control of the bar is labelled, inside the window, and clear of the others."""
    bar = page.get_by_test_id(test_id)
    controls = bar.locator("input:not([type=hidden]), select, button")
    boxes = []
    for index in range(controls.count()):
        control = controls.nth(index)
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (control.get_attribute("name"), box)
        boxes.append((control.get_attribute("name") or control.inner_text(), box))
        if control.evaluate("e => e.tagName") != "BUTTON":
            ident = control.get_attribute("id")
            assert bar.locator(f"label[for={ident}]").count() == 1, ident
    for i, (name, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            assert not boxes_overlap(box, other_box), (name, other)
    assert "none" not in bar.inner_html().lower().replace("'none'", "")


def test_filter_bars_fit_a_phone_and_speak_indonesian(e2e_world, screens):
    _election(PEMILU_2024, PEMILU_2024_CONTESTS)
    for number, name in enumerate(["Agus Salim", "Bambang Wijaya"], start=1):
        make_inmate(e2e_world.blora, full_name=name, register_number=f"BI.{number:04d}/2023", admitted_on=date(2023, 3, 1))
    page = screens.sign_in("petugas.blora", viewport=PHONE)

    page.goto("/pemilu/pemilu-2024/rutan-blora/")
    expect(page.get_by_test_id("voter-count")).to_have_text("2")
    assert_filter_bar_fits(page, "voter-filters", PHONE["width"])
    assert page.get_by_label("TPS").get_attribute("placeholder") == "nomor, atau: tanpa"
    screens.shot(page, "voter-filters-phone")
    page.get_by_label("TPS").fill("tanpa")
    page.get_by_test_id("voter-filters").get_by_role("button", name="Saring").click()
    expect(page.get_by_test_id("voter-count")).to_have_text("2")  # no TPS planned yet: both are without one
    assert page.get_by_label("TPS").input_value() == "tanpa"

    page.goto("/fasilitas/rutan-blora/wbp/?sort=-name")
    assert_filter_bar_fits(page, "filters", PHONE["width"])
    page.get_by_label("Cari").fill("Agus")
    page.get_by_test_id("filters").get_by_role("button", name="Terapkan").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1")
    assert "sort=-name" in page.url  # the order survives a new filter
    screens.shot(page, "inmate-filters-phone")

    page.goto("/fasilitas/rutan-blora/belum-nik/")
    assert_filter_bar_fits(page, "filters", PHONE["width"])

    page.goto("/fasilitas/rutan-blora/bebas-sebelum/")
    assert_filter_bar_fits(page, "leaving-filters", PHONE["width"])
    page.get_by_label("Pemilu").select_option(label="Pemilu 2024 — 14 Februari 2024")
    page.get_by_test_id("leaving-filters").get_by_role("button", name="Tampilkan").click()
    expect(page.get_by_test_id("leaving-count")).to_have_text("0")
    expect(page.get_by_test_id("download-leaving")).to_have_attribute("href", re.compile(r"\?day=2024-02-14$"))
    assert_filter_bar_fits(page, "leaving-filters", PHONE["width"])
    screens.shot(page, "leaving-filters-phone")


def future_election(world):
    """A national election 200 days from today, with people leaving before it."""
    from datetime import timedelta

    from django.utils import timezone

    from registration import services
    from registration.demo import PEMILU_2029, counted_back

    today = timezone.localdate()
    day = today + timedelta(days=200)
    election = services.election_create(**{**PEMILU_2029, "slug": "pemilu-uji", "name": "Pemilu Uji",
                                            "voting_day": day, **counted_back(day)})
    names = ["Agus Salim", "Bambang Wijaya", "Catur Prasetyo", "Dwi Lestari", "Eko Nugroho"]
    for number, name in enumerate(names, start=1):
        release = today + timedelta(days=40 * number) if number <= 2 else None
        make_inmate(world.blora, full_name=name, register_number=f"BI.{number:04d}/2023", expected_release=release)
    make_inmate(world.pati, full_name="Orang Pati Dengan Nama Yang Sangat Panjang Sekali", admitted_on=date(2023, 3, 1),
                home_region_id="33.18.10.1007")
    return election


def assert_apart(page, selector: str) -> None:
    """Within each element matched, its children's boxes do not overlap (a label never sits on a bar)."""
    rows = page.locator(selector)
    assert rows.count()
    for index in range(rows.count()):
        parts = rows.nth(index).locator(":scope > *")
        boxes = [parts.nth(i).bounding_box() for i in range(parts.count())]
        for i, box in enumerate(boxes):
            for other in boxes[i + 1:]:
                assert not boxes_overlap(box, other), (rows.nth(index).inner_text(), box, other)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dashboard_charts_read_at_every_width(e2e_world, screens, viewport):
    future_election(e2e_world)
    page = screens.sign_in("kpu.jateng", viewport=viewport)
    page.goto("/pemilu/pemilu-uji/")
    expect(page.get_by_test_id("chart")).to_contain_text("Rutan Kelas IIB Blora")
    assert_apart(page, ".bar-row")
    outlook = page.get_by_test_id("outlook-table")
    expect(outlook.locator("tbody tr")).to_have_count(8)
    expect(outlook.locator("tbody tr").first.locator("td").first).to_have_text("6")  # 5 at Blora, 1 at Pati
    expect(outlook.locator("tbody tr").last.locator("td").first).to_have_text("4")  # two leave before day H
    expect(page.get_by_test_id("outlook")).to_contain_text("Dari 6 pemilih yang ditahan hari ini, 2 orang")
    assert_apart(page, ".outlook-bar")
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading["x"] >= 0 and heading["x"] + heading["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screens.shot(page, f"dashboard-{viewport['width']}")


# --- crawling every page a role reaches from its home -----------------------------------------

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PERSONAS = ["admin", "petugas.blora", "kpu.blora", "kpu.jateng"]
# Not pages: downloads (workbooks), the Django admin (its own markup, not ours), signing out.
SKIP = re.compile(r"/admin/|unduh|templat|/rekap/|/masalah/|format=xlsx|/keluar/|/masuk/|\.xlsx")


def shape(path: str) -> str:
    """One visit per kind of page: numbers in the path stand for any, the query is left out."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def crawl(page, visit) -> list[str]:
    """Follow same-origin links from the home page breadth first (GET only); call visit(page) on
    each new kind of page. Returns the paths visited."""
    origin = page.evaluate("location.origin")
    queue, seen, visited = ["/"], {shape("/")}, []
    while queue:
        path = queue.pop(0)
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file, not a page
                continue
            raise
        assert response.status < 400, (path, response.status)
        visited.append(path)
        visit(page, path)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if not href.startswith(origin + "/"):
                continue
            target = href[len(origin):].split("#")[0]
            if not target or SKIP.search(target) or shape(target) in seen:
                continue
            seen.add(shape(target))
            queue.append(target)
    return visited


def axe_available() -> bool:
    if AXE.exists():
        return True
    message = f"axe-core not installed at {AXE} (run npm ci in the project folder; make test does it)"
    if os.environ.get("TPS_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def axe_serious(page) -> list[str]:
    """Serious and critical axe-core violations of the page, one line each. The script is evaluated
    through the DevTools protocol, which the page's CSP (no inline script) does not govern."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => `${v.impact} ${v.id}: ${v.help} — ` + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return results


def populated(world):
    """An election to come with TPS planned and a locked version, so every kind of page has content."""
    from registration import services
    from registration.models import ListVersion

    election = future_election(world)
    services.allocate(election=election, facility=world.blora, create_missing=True)
    services.list_lock(election=election, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT Blora",
                       user=world.users["kpu.blora"])
    make_inmate(world.blora, full_name="Tanpa NIK Sama Sekali", nik=None, nik_status="tanpa_nik",
                register_number="BI.0099/2023")
    return election


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_a_role_reaches_has_no_serious_accessibility_violation(e2e_world, screens, username):
    axe_available()
    populated(e2e_world)
    page = screens.sign_in(username, viewport=DESKTOP)
    # The home page at desktop and phone width (issue 16: screenshots of each role's home).
    screens.shot(page, f"home-{username}-desktop")
    page.set_viewport_size(PHONE)
    screens.shot(page, f"home-{username}-phone")
    page.set_viewport_size(DESKTOP)

    problems = {}

    def check(page, path):
        found = axe_serious(page)
        if found:
            problems[path] = found

    visited = crawl(page, check)
    expected = {"/", "/pemilu/pemilu-uji/", "/pemilu/pemilu-uji/rutan-blora/", "/pemilu/pemilu-uji/rutan-blora/tps/",
                "/pemilu/pemilu-uji/rutan-blora/versi/1/", "/fasilitas/rutan-blora/wbp/", "/wbp/1/"}
    assert {shape(path) for path in expected} <= {shape(path) for path in visited}, visited
    assert problems == {}, "\n".join(f"{path}\n  " + "\n  ".join(lines) for path, lines in problems.items())


def test_staff_pages_fit_a_phone_without_sideways_scrolling(e2e_world, screens):
    """At 390 px every page a staff member reaches fits the screen and passes the accessibility check too
    (collapsed menus, stacked filter bars)."""
    axe_available()
    populated(e2e_world)
    page = screens.sign_in("petugas.blora", viewport=PHONE)
    wide, problems = {}, {}

    def check(page, path):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
        found = axe_serious(page)
        if found:
            problems[path] = found

    visited = crawl(page, check)
    assert len(visited) >= 10, visited
    assert wide == {}
    assert problems == {}, "\n".join(f"{path}\n  " + "\n  ".join(lines) for path, lines in problems.items())
    # A table wider than the phone scrolls in its box, which the keyboard reaches (static/js/scroll-regions.js).
    page.goto("/fasilitas/rutan-blora/impor/riwayat/")
    box = page.locator(".table-responsive").first
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    page.set_viewport_size(DESKTOP)
    expect(box).not_to_have_attribute("tabindex", "0")  # it fits again: no needless tab stop
    page.set_viewport_size(PHONE)
    # The tabs are a menu on a phone.
    page.goto("/fasilitas/rutan-blora/wbp/")
    expect(page.get_by_test_id("facility-tabs")).to_be_hidden()
    menu = page.get_by_test_id("facility-menu")
    menu.get_by_role("button").click()
    menu.get_by_role("link", name="Impor Excel").click()
    expect(page).to_have_url(re.compile("/impor/$"))
    screens.shot(page, "import-phone")


def test_form_errors_are_announced_and_pass_the_accessibility_check(e2e_world, screens):
    axe_available()
    page = screens.sign_in("petugas.blora", viewport=DESKTOP)
    page.goto("/fasilitas/rutan-blora/wbp/tambah/")
    page.get_by_test_id("inmate-form").get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("form-errors")).to_have_attribute("role", "alert")
    field = page.locator("#id_register_number")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + field.get_attribute("aria-describedby"))).to_contain_text("Bidang ini tidak boleh kosong.")
    # Named in words, not by colour: the summary links each field with its message.
    expect(page.get_by_test_id("form-errors")).not_to_contain_text("merah")
    page.get_by_test_id("form-error-fields").get_by_role("link", name="Nomor register").click()
    expect(page).to_have_url(re.compile("#div_id_register_number$"))
    expect(page.get_by_test_id("required-note")).to_have_text("Isian bertanda * wajib diisi.")
    assert axe_serious(page) == []
