import pytest

# Transactional tests flush the database, data migrations included;
# serialized_rollback puts the groups and reference data back. Every browser
# test uses it: one that does not lets the flush recreate content types,
# which the next serialized restore then collides with.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def loaded_fonts(page):
    return page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter(f => f.status === "loaded")
                .map(f => f.family);
        }"""
    )


def test_home_in_persian_is_right_to_left_with_vazirmatn(page, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert '"Vazirmatn"' in loaded_fonts(page) or "Vazirmatn" in loaded_fonts(page)
    assert page.evaluate("document.fonts.check('16px Vazirmatn', 'سلام')")
    screenshot("home-fa")
    assert page.requests.foreign == []
    assert page.console_errors == []


def test_home_in_english_is_left_to_right(page, screenshot):
    page.goto("/en/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    assert "Vazirmatn Latin" in loaded_fonts(page)
    screenshot("home-en")
    assert page.requests.foreign == []
    assert page.console_errors == []


def test_language_switch_goes_to_english_and_back(page, live_server):
    page.goto("/")
    page.get_by_role("navigation", name="ناوبری اصلی").get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="فارسی"
    ).click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "fa"


def test_skip_link_moves_focus_to_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_navigation_collapses_on_a_narrow_screen(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not page.locator("#site-nav-links").is_visible()
    toggler.click()
    page.locator("#site-nav-links").wait_for(state="visible")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
