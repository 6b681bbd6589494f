import re

import pytest
from django.db import DatabaseError
from django.urls import reverse

pytestmark = pytest.mark.django_db

EXTERNAL_URL = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//""", re.I)


def test_home_is_persian_and_right_to_left(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "کارگروه تخصصی سازمان‌های مردم‌نهاد حوزه زنان سرپرست خانوار" in html


def test_home_in_english_is_left_to_right(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "bootstrap.min.css" in html
    assert "bootstrap.rtl.min.css" not in html
    assert "Specialist working group of NGOs" in html


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    fa = client.get("/").content.decode()
    en = client.get("/en/").content.decode()
    assert 'href="/en/" hreflang="en" lang="en">English</a>' in fa
    assert 'href="/" hreflang="fa" lang="fa">فارسی</a>' in en


def test_unprefixed_pages_stay_persian_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fa" dir="rtl">' in response.content.decode()


def test_page_has_skip_link_landmarks_and_no_inline_code(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<footer" in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("path", ["/", "/en/", "/admin/login/", "/en/admin/login/"])
def test_no_page_refers_to_another_host(client, path):
    html = client.get(path).content.decode()
    assert EXTERNAL_URL.search(html) is None


def test_strict_content_security_policy_on_pages_and_admin(client):
    for path in ["/", "/admin/login/"]:
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "object-src 'none'" in policy
        assert "base-uri 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "form-action 'self'" in policy


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503


def test_admin_login_is_persian_with_the_ministry_header(client):
    response = client.get("/admin/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fa" dir="rtl"' in html
    assert "کارگروه سازمان‌های مردم‌نهاد زنان سرپرست خانوار" in html
    assert "css/admin.css" in html


def test_unknown_page_is_404(client):
    assert client.get("/no-such-page/").status_code == 404


def test_a_failing_mail_server_does_not_fail_the_request(
    client, rep_a, settings, caplog, django_capture_on_commit_callbacks
):
    """The submission stands and the NGO sees it; the mail error is logged."""
    from proposals.models import Proposal
    from tests.factories import ProposalFactory

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    client.force_login(rep_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("proposals:submit", args=[proposal.pk]))
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    assert any(r.name == "workgroup.mail" for r in caplog.records)
