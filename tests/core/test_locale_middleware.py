"""The language of a request: ``core.middleware.LocaleMiddleware`` takes it
from the address alone and must decide exactly as Django's own does, with
the same headers, whatever the visitor's cookie and browser ask for."""

import pytest
from django.http import HttpResponse, HttpResponseNotFound
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.functional import empty

from core.middleware import LocaleMiddleware

PATHS = [
    "/",
    "/en/",
    "/en",
    "/en/ngos/",
    "/ngos/",
    "/ngos/12/",
    "/fa/ngos/",
    "/EN/ngos/",
    "/en-us/ngos/",
    "/de/",
    "/bench/baseline",
    "/static/css/site.css",
    "/admin/",
    "/en/admin/",
    "/" + "x" * 300,
]
ASKS = [
    {},
    {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"},
    {"HTTP_ACCEPT_LANGUAGE": "de"},
    {"HTTP_COOKIE": "django_language=en"},
    {"HTTP_COOKIE": "django_language=fa", "HTTP_ACCEPT_LANGUAGE": "en"},
]


def decided(middleware_class, path, ask, response_class):
    request = RequestFactory().get(path, **ask)
    with translation.override("fa"):
        middleware = middleware_class(lambda request: response_class("ok"))
        middleware.process_request(request)
        language = request.LANGUAGE_CODE
        response = middleware.process_response(request, response_class("ok"))
    return language, response.get("Vary"), response.get("Content-Language")


@pytest.mark.parametrize("response_class", [HttpResponse, HttpResponseNotFound])
@pytest.mark.parametrize("ask", ASKS)
@pytest.mark.parametrize("path", PATHS)
def test_the_language_is_the_one_django_decides(path, ask, response_class):
    ours = decided(LocaleMiddleware, path, ask, response_class)
    assert ours == decided(DjangoLocaleMiddleware, path, ask, response_class)


@pytest.mark.django_db
def test_the_address_alone_decides(client):
    english = client.get(
        "/ngos/", HTTP_ACCEPT_LANGUAGE="en", HTTP_COOKIE="django_language=en"
    )
    assert english["Content-Language"] == "fa"
    assert client.get("/en/ngos/")["Content-Language"] == "en"


def test_a_changed_language_list_is_seen(settings):
    settings.LANGUAGES = [("fa", "Persian")]
    assert decided(LocaleMiddleware, "/en/", {}, HttpResponse)[0] == "fa"
    settings.LANGUAGES = [("fa", "Persian"), ("en", "English")]
    assert decided(LocaleMiddleware, "/en/", {}, HttpResponse)[0] == "en"


@pytest.mark.django_db
def test_a_visit_without_a_session_never_looks_its_user_up(client):
    """No session cookie, nobody signed in: the staff session checks do not
    ask who it is (a page that shows no user leaves it unread)."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.wsgi_request.user._wrapped is empty


@pytest.mark.django_db
def test_a_visit_with_a_session_still_has_its_user_checked(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("healthz"))
    assert response.wsgi_request.user._wrapped is not empty
