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
