"""The admin's list of applications and models (front page and sidebar),
written in Python (``core.templatetags.admin_pages.app_list``), gives
Django's markup; the site builds the list once a request."""

import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.contrib.admin import site
from django.template import Context, Engine
from django.utils import translation

from core.templatetags.admin_pages import app_list

pytestmark = pytest.mark.django_db

DJANGO_S = Engine(
    dirs=[Path(django.contrib.admin.__file__).parent / "templates"],
    libraries={"i18n": "django.templatetags.i18n"},
).get_template("admin/app_list.html")


def tidy(markup: str) -> str:
    """Markup without the whitespace that Django's template lays out."""
    markup = re.sub(r"\s+", " ", str(markup))
    return re.sub(r"\s*(<|>)\s*", r"\1", markup).strip()


def both(request, apps, show_changelinks):
    context = {
        "request": request,
        "app_list": apps,
        "show_changelinks": show_changelinks,
    }
    ours = app_list(Context(context), apps, show_changelinks)
    return tidy(ours), tidy(DJANGO_S.render(Context(context)))


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("show_changelinks", [True, False])
@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/proposals/proposal/", "/admin/ngos/ngo/3/change/"]
)
@pytest.mark.parametrize("user", ["superuser", "reviewer", "secretary"])
def test_the_list_is_django_s_markup(
    rf, request, language, show_changelinks, path, user
):
    person = request.getfixturevalue(user)
    page = rf.get(path if language == "fa" else "/en" + path)
    page.user = person
    with translation.override(language):
        apps = site.get_app_list(page)
        ours, django_s = both(page, apps, show_changelinks)
    assert ours == django_s
    assert "<table>" in ours


def test_the_current_page_and_view_only_models_are_marked_as_django_marks_them(
    rf, reviewer
):
    page = rf.get("/en/admin/proposals/proposal/")
    page.user = reviewer
    with translation.override("en"):
        apps = site.get_app_list(page)
        ours, django_s = both(page, apps, True)
    assert ours == django_s
    assert 'class="model-proposal current-model"' in ours
    assert 'aria-current="page"' in ours
    assert "current-app" in ours
    # A reviewer may look at NGOs but not change them.
    assert 'class="viewlink"' in ours


def test_no_application_says_so_as_django_does(rf, reviewer):
    page = rf.get("/admin/")
    page.user = reviewer
    for language in ("fa", "en"):
        with translation.override(language):
            ours, django_s = both(page, [], True)
        assert ours == django_s
        assert ours.startswith("<p>")


def test_names_are_escaped(rf, superuser):
    page = rf.get("/admin/")
    page.user = superuser
    apps = [
        {
            "name": "<b>Registry</b> & co",
            "app_label": "ngos",
            "app_url": "/admin/ngos/",
            "has_module_perms": True,
            "models": [
                {
                    "name": 'NGOs "x" <i>',
                    "object_name": "NGO",
                    "admin_url": "/admin/ngos/ngo/",
                    "add_url": None,
                    "view_only": False,
                }
            ],
        }
    ]
    with translation.override("en"):
        ours, django_s = both(page, apps, True)
    assert ours == django_s
    assert "&lt;b&gt;Registry&lt;/b&gt; &amp; co" in ours
    assert "<b>" not in ours


def test_the_front_page_builds_the_list_once(client, superuser, monkeypatch):
    from django.contrib.admin import AdminSite

    built = []
    original = AdminSite._build_app_dict

    def counting(self, request, label=None):
        built.append(label)
        return original(self, request, label)

    monkeypatch.setattr(AdminSite, "_build_app_dict", counting)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    # Django builds it twice: for the page's list and for the context every
    # admin page gets (the sidebar's, which the front page does not show).
    assert built == [None]
    assert response.content.decode().count('class="model-proposal') == 1


def test_admin_pages_show_the_sidebar_s_list(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/proposals/proposal/").content.decode()
    sidebar = html[html.index('id="nav-sidebar"') :]
    assert 'class="model-proposal current-model"' in sidebar
    assert 'class="addlink"' in sidebar
    assert 'class="changelink"' not in sidebar  # the sidebar has no change links
