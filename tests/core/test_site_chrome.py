"""The navigation bar and footer of every page (``core.templatetags.
site_chrome``): the links a visitor has, the page's own marked current, the
other language's address of the same page, in Persian and English."""

import re

import pytest
from django.test import override_settings

from tests.factories import StaffFactory

MAIN = {
    "/": "خانه",
    "/meetings/": "جلسه‌ها",
    "/ngos/": "فهرست سازمان‌ها",
    "/calls/": "فراخوان‌ها",
    "/proposals/supported/": "طرح‌های حمایت‌شده",
    "/stats/": "آمار",
}


def nav(html: str) -> str:
    return html[html.index("<header>") : html.index("</header>")]


def footer(html: str) -> str:
    return html[html.index("<footer") : html.index("</footer>")]


@pytest.mark.django_db
@pytest.mark.parametrize("path", list(MAIN))
def test_each_main_page_is_marked_current_and_no_other(client, path):
    bar = nav(client.get(path).content.decode())
    for url, label in MAIN.items():
        current = (
            f'<a class="nav-link active" aria-current="page" href="{url}">{label}</a>'
        )
        plain = f'<a class="nav-link" href="{url}">{label}</a>'
        assert (current if url == path else plain) in bar
    assert bar.count('aria-current="page"') == 1


@pytest.mark.django_db
def test_an_english_page_links_in_english(client):
    bar = nav(client.get("/en/ngos/?q=x").content.decode())
    assert '<a class="navbar-brand" href="/en/">NGO working group</a>' in bar
    assert 'aria-label="Main navigation"' in bar
    assert (
        '<a class="nav-link active" aria-current="page" href="/en/ngos/">'
        "NGO directory</a>"
    ) in bar
    assert '<a class="nav-link" href="/en/accounts/login/">Sign in</a>' in bar
    # The other language: this same page, query string kept.
    assert 'href="/ngos/?q=x" hreflang="fa" lang="fa">فارسی</a>' in bar


@pytest.mark.django_db
def test_a_visitor_may_sign_in_and_has_no_account_links(client):
    bar = nav(client.get("/").content.decode())
    assert '<a class="nav-link" href="/accounts/login/">ورود</a>' in bar
    assert "خروج" not in bar
    assert "حساب من" not in bar


@pytest.mark.django_db
def test_a_representative_has_their_ngo_links_and_signs_out_by_post(client, rep_a):
    client.force_login(rep_a)
    html = client.get("/proposals/").content.decode()
    bar = nav(html)
    assert (
        '<a class="nav-link active" aria-current="page" href="/proposals/">'
        "طرح‌های سازمان من</a>"
    ) in bar
    assert '<a class="nav-link" href="/ngos/application/">حساب من</a>' in bar
    form = re.search(r'<form method="post" action="/accounts/logout/".*?</form>', bar)
    assert form is not None
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[0])
    assert token is not None
    # The token signs the user out: the form works as it is.
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token[1]})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_user_without_an_ngo_has_their_account_page(client):
    client.force_login(StaffFactory(username="staffer"))
    bar = nav(client.get("/ngos/").content.decode())
    assert '<a class="nav-link" href="/accounts/">حساب من</a>' in bar
    assert "طرح‌های سازمان من" not in bar


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "links"),
    [
        (
            "/meetings/",
            [
                '<span aria-current="true">فارسی</span>',
                '<a href="/en/meetings/" hreflang="en" lang="en">English</a>',
                '<a href="/about/">دربارهٔ کارگروه</a>',
                '<a href="/contact/">نشانی و تماس</a>',
                '<a href="/privacy/">حریم خصوصی</a>',
                '<a href="/data/">داده‌های باز</a>',
                '<a href="/admin/">ورود کارکنان</a>',
            ],
        ),
        (
            "/en/meetings/",
            [
                '<a href="/meetings/" hreflang="fa" lang="fa">فارسی</a>',
                '<span aria-current="true">English</span>',
                '<a href="/en/about/">About</a>',
                '<a href="/en/data/">Open data</a>',
                '<a href="/en/admin/">Staff sign-in</a>',
            ],
        ),
    ],
)
def test_the_footer_links_every_language_and_the_standing_pages(client, path, links):
    bottom = footer(client.get(path).content.decode())
    for link in links:
        assert link in bottom


@pytest.mark.django_db
def test_the_bar_follows_changed_addresses(client):
    """The addresses are reversed once per language and remembered; a
    change of the URLs (tests only) is not hidden by what was remembered."""
    client.get("/")
    with override_settings(FORCE_SCRIPT_NAME="/sub/"):
        from django.urls import set_script_prefix

        set_script_prefix("/sub/")
        try:
            from core.templatetags.site_chrome import addresses

            assert addresses()["ngos:list"] == "/sub/ngos/"
        finally:
            set_script_prefix("/")
