import pytest

from tests.factories import NGOFactory


@pytest.fixture
def directory(migration_data):
    NGOFactory(
        name="کانون کودکان امید",
        city="مشهد",
        province_id="IR-09",
        focus_areas=["children"],
    )
    NGOFactory(
        name="انجمن زنان کارآفرین",
        city="اصفهان",
        province_id="IR-10",
        focus_areas=["economic-empowerment"],
    )
    NGOFactory(
        name="خانه مهر تهران",
        city="تهران",
        province_id="IR-23",
        focus_areas=["economic-empowerment", "children"],
    )
    NGOFactory(name="سازمان در انتظار", status="pending")


def result_names(page):
    return page.locator(".ngo-results h2").all_inner_texts()


def test_search_and_filter_the_directory_in_persian(page, directory, screenshot):
    page.goto("/ngos/")
    assert sorted(result_names(page)) == sorted(
        ["کانون کودکان امید", "انجمن زنان کارآفرین", "خانه مهر تهران"]
    )
    screenshot("directory")

    # Typed with Arabic kaf and yeh, as many keyboards do.
    page.get_by_label("جست‌وجو", exact=True).fill("كودكان")
    page.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_url("**q=*")
    assert result_names(page) == ["کانون کودکان امید"]
    assert page.locator("#result-count").inner_text() == "۱ سازمان یافت شد"
    screenshot("search-arabic-letters")

    # Remove the search, filter by focus area and province.
    page.locator(".filter-chip").first.click()
    page.get_by_label("حوزه فعالیت").select_option(label="توانمندسازی اقتصادی و اشتغال")
    page.get_by_label("استان").select_option(label="تهران")
    page.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_url("**province=IR-23*")
    assert result_names(page) == ["خانه مهر تهران"]
    chips = page.locator(".filter-chip").all_inner_texts()
    assert any("تهران" in chip for chip in chips)
    assert any("توانمندسازی" in chip for chip in chips)
    screenshot("filtered")

    # Nothing found: a helpful empty state.
    page.get_by_label("جست‌وجو", exact=True).fill("هیچ‌سازمانی")
    page.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_url("**q=*")
    assert page.get_by_text("سازمانی با این جست‌وجو یافت نشد").is_visible()

    page.get_by_role("link", name="دیدن همه سازمان‌های فهرست").click()
    page.get_by_role("link", name="خانه مهر تهران").click()
    assert page.locator("h1").inner_text() == "خانه مهر تهران"
    screenshot("profile")
    assert page.requests.foreign == []
    assert page.console_errors == []
