from django.template.loader import render_to_string
from django.test import RequestFactory

from core.filters import FilterChip, filter_chips


def get(url):
    return RequestFactory().get(url)


def test_one_chip_for_each_filter_in_force_in_the_order_given():
    request = get("/ngos/?q=مهر&province=IR-10&focus=health&page=3")
    chips = filter_chips(request, {"q": "مهر", "province": "اصفهان", "focus": ""})
    assert [chip.name for chip in chips] == ["q", "province"]
    assert chips[1] == FilterChip(
        name="province",
        label="اصفهان",
        remove_url="/ngos/?q=%D9%85%D9%87%D8%B1&focus=health",
    )


def test_removing_the_last_filter_links_to_the_bare_list():
    (chip,) = filter_chips(get("/meetings/?year=1396&page=2"), {"year": "سال ۱۳۹۶"})
    assert chip.remove_url == "/meetings/"


def test_a_filter_given_twice_is_removed_whole():
    (chip,) = filter_chips(get("/ngos/?q=a&q=b&focus=health"), {"q": "a"})
    assert chip.remove_url == "/ngos/?focus=health"


def test_no_filter_in_force_gives_no_chip():
    assert filter_chips(get("/ngos/"), {"q": None, "province": ""}) == []


def test_the_chips_template_links_each_chip_and_clears_them_all():
    request = get("/ngos/?q=مهر&province=IR-10")
    chips = filter_chips(request, {"q": "مهر", "province": "اصفهان"})
    html = render_to_string(
        "includes/_filter_chips.html", {"filter_chips": chips}, request=request
    )
    assert (
        html.count('class="badge rounded-pill text-bg-light border filter-chip"') == 2
    )
    assert 'href="/ngos/?province=IR-10"' in html
    assert '<span dir="auto">اصفهان</span>' in html
    assert "حذف این پالایه" in html
    assert '<a href="/ngos/" class="small">حذف همه</a>' in html


def test_the_chips_template_is_empty_without_chips():
    html = render_to_string(
        "includes/_filter_chips.html", {"filter_chips": []}, request=get("/ngos/")
    )
    assert html.strip() == ""
