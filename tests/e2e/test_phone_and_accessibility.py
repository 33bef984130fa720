"""Pages at phone width, filter bars, and the home pages' screenshots (issue 16)."""

from datetime import date

import pytest
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
