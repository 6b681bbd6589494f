import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


@pytest.mark.django_db
def test_a_missing_page_is_a_friendly_404_in_persian(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>صفحه پیدا نشد · " in html
    assert '<h1 class="h2">این صفحه پیدا نشد</h1>' in html
    assert '<a href="/ngos/">' in html
    assert 'hreflang="en"' in html  # the language switch is there


@pytest.mark.django_db
def test_a_missing_page_under_en_is_a_404_in_english(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<h1 class="h2">This page was not found</h1>' in html
    assert '<a href="/en/meetings/">' in html


@pytest.mark.django_db
@pytest.mark.urls("tests.core.error_urls")
def test_a_forbidden_page_offers_a_visitor_to_sign_in(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert (
        '<a class="btn btn-primary" href="/accounts/login/?next=/forbidden/">' in html
    )


@pytest.mark.django_db
def test_staff_without_the_permission_get_a_friendly_403(client, secretary):
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(submitted_at="2025-05-01T10:00:00+03:30")
    client.force_login(secretary)
    response = client.get(f"/admin/proposals/proposal/{proposal.pk}/move/approve/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>دسترسی ممنوع · " in html
    assert '<h1 class="h2">اجازه باز کردن این صفحه را ندارید</h1>' in html
    assert '<a href="/accounts/">بازگشت به حساب شما</a>' in html


@pytest.mark.urls("tests.core.error_urls")
def test_a_server_error_renders_without_database_or_request_context(client):
    # No database fixture: any query the page made would fail the test.
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "<title>خطای سرور · " in html
    assert '<h1 class="h2">مشکلی در سمت ما پیش آمد</h1>' in html
    assert '<a href="/">صفحه نخست</a>' in html


def test_the_server_error_page_renders_from_an_empty_context_in_english():
    with translation.override("en"):
        html = render_to_string("500.html")
    assert '<html lang="en" dir="ltr">' in html
    assert "Something went wrong on our side" in html
    assert '<a href="/en/">The home page</a>' in html


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_page_that_says_what_to_do():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/ngos/register/", {"name": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert '<h1 class="h2">The form could not be sent</h1>' in html
    assert "Go back, reload the page and send the form again." in html


def _too_large(client, path):
    # One field over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by default).
    return client.post(path, {"name": "ی" * (2 * 1024 * 1024), "city": "کرمان"})


@pytest.mark.django_db
def test_a_form_too_large_to_read_gets_a_400_page_in_persian(client):
    response = _too_large(client, "/ngos/register/")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert '<a href="/">صفحه نخست</a>' in html
    assert f'<h1 class="h2">{_("The form was too large to send")}</h1>' in html
    assert str(_("Nothing was saved.")) in html
    assert "Bad Request" not in html


@pytest.mark.django_db
def test_a_form_too_large_to_read_gets_a_400_page_in_english(client):
    response = _too_large(client, "/en/ngos/register/")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "<title>The form was too large to send · " in html
    assert '<h1 class="h2">The form was too large to send</h1>' in html
    assert "2.5\xa0MB" in html  # the limit, as the page states it
    assert "your browser usually keeps what you typed" in html


@pytest.mark.django_db
def test_a_form_with_too_many_fields_gets_its_own_400_page(client):
    fields = {f"field{number}": "x" for number in range(1500)}
    response = client.post("/en/ngos/register/", fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<h1 class="h2">The form had too many fields</h1>' in html


@pytest.mark.urls("tests.core.error_urls")
def test_any_other_bad_request_gets_a_translated_400_page(client):
    response = client.get("/bad/")
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert f'<h1 class="h2">{_("The request could not be read")}</h1>' in html
