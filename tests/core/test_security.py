"""Sign-in protection, rate limits, staff sessions, two-step sign-in, audit."""

import json
import logging

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles
from core.middleware import SESSION_SEEN, SESSION_STARTED
from tests.factories import DEFAULT_PASSWORD, RepresentativeFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_lines(caplog):
    """The audit trail's entries written during the test."""
    caplog.set_level(logging.INFO, logger="workgroup.audit")
    return lambda: [r.audit for r in caplog.records if r.name == "workgroup.audit"]


def sign_in(client, username, password, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, **extra
    )


def form_post(client, url, data):
    """A POST as a browser sends a form without files (the test client's
    default is multipart)."""
    from urllib.parse import urlencode

    return client.post(
        url,
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


# Headers and cookies --------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/ngos/", "/admin/login/", "/static/css/site.css", "/no-such-page/"]
)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    if hasattr(response, "close"):
        response.close()


def test_hsts_on_https_requests(client):
    response = client.get("/", secure=True)
    assert (
        response["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, settings):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    rep = RepresentativeFactory(user__username="09121111111")
    response = sign_in(client, "09121111111", DEFAULT_PASSWORD)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]  # rotated at sign-in
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert rep


def test_proxy_https_header_is_served_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


# Sign-in: lockouts --------------------------------------------------------------------


def test_failed_sign_ins_lock_the_username_from_that_address(
    client, settings, audit_lines
):
    RepresentativeFactory(user__username="09121234567")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "09121234567", "wrong")
    response = sign_in(client, "09121234567", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "ورود موقتاً متوقف شده است" in response.content.decode()
    assert "_auth_user_id" not in client.session
    events = [line["event"] for line in audit_lines()]
    assert events.count("login.failed") >= settings.AXES_FAILURE_LIMIT
    assert "login.locked_out" in events


def test_lockout_counts_the_same_number_typed_in_persian_digits(client, settings):
    RepresentativeFactory(user__username="09121234567")
    spellings = [
        "۰۹۱۲۱۲۳۴۵۶۷",
        "+98 912 123 4567",
        "0912-123-4567",
        "09121234567",
        "٠٩١٢١٢٣٤٥٦٧",
    ]
    for spelling in spellings[: settings.AXES_FAILURE_LIMIT]:
        sign_in(client, spelling, "wrong")
    assert sign_in(client, "09121234567", DEFAULT_PASSWORD).status_code == 429


def test_lockout_is_per_address(client, settings):
    RepresentativeFactory(user__username="09121234567")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "09121234567", "wrong", REMOTE_ADDR="10.0.0.1")
    response = sign_in(client, "09121234567", DEFAULT_PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302


def test_admin_sign_in_is_protected_too(client, settings):
    StaffFactory(username="officer")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("admin:login"), {"username": "officer", "password": "x"})
    response = client.post(
        reverse("admin:login"), {"username": "officer", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(client, settings):
    from axes.models import AccessAttempt

    RepresentativeFactory(user__username="09121234567")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "09121234567", "wrong")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2
    )
    assert sign_in(client, "09121234567", DEFAULT_PASSWORD).status_code == 302


def test_client_address_behind_a_trusted_proxy(rf, settings):
    from core.security import client_ip

    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.9"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the forged 6.6.6.6


# Rate limits ---------------------------------------------------------------------------


def test_failed_registrations_do_not_use_up_the_registration_limit(client, settings):
    """An applicant who makes typing mistakes is not refused for them: only
    registrations that succeed count towards the limit."""
    limit, _period = settings.RATE_LIMITS["register"]
    for _ in range(limit + 5):
        assert client.post(reverse("ngos:register"), {"name": "x"}).status_code == 200


def test_failed_registrations_have_a_higher_ceiling_of_their_own(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register_failed": (3, 3600)}
    for _ in range(3):
        assert client.post(reverse("ngos:register"), {"name": "x"}).status_code == 200
    response = client.post(reverse("ngos:register"), {"name": "x"})
    assert response.status_code == 429
    assert "تلاش‌های زیادی" in response.content.decode()
    assert client.get(reverse("ngos:register")).status_code == 200  # reading is free
    other = client.post(reverse("ngos:register"), {"name": "x"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_password_reset_is_rate_limited(client, settings):
    limit, _period = settings.RATE_LIMITS["password_reset"]
    for _ in range(limit):
        client.post(reverse("password_reset"), {"email": "a@example.org"})
    assert (
        client.post(reverse("password_reset"), {"email": "a@example.org"}).status_code
        == 429
    )


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_password_spraying_from_one_address_is_refused(client, settings, url_name):
    """Four wrong passwords for each of twenty usernames: django-axes never
    pauses any one username, the limit on failures per address does."""
    limit, _period = settings.RATE_LIMITS["sign_in"]
    answers = []
    for n in range(20):
        StaffFactory(username=f"officer{n}")
        for _ in range(4):
            response = client.post(
                reverse(url_name), {"username": f"officer{n}", "password": "guess"}
            )
            answers.append(response.status_code)
    assert answers[:limit] == [200] * limit
    assert set(answers[limit:]) == {429}


def test_sign_in_failures_count_on_both_sign_in_pages_together(
    client, settings, audit_lines
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in": (4, 3600)}
    RepresentativeFactory(user__username="09121234567")
    for n in range(2):
        sign_in(client, f"0912000000{n}", "wrong")
        client.post(reverse("admin:login"), {"username": f"x{n}", "password": "x"})
    refused = sign_in(client, "09121234567", DEFAULT_PASSWORD)
    assert refused.status_code == 429
    assert "تلاش‌های زیادی" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert "ratelimit.refused" in [line["event"] for line in audit_lines()]
    other_address = sign_in(
        client, "09121234567", DEFAULT_PASSWORD, REMOTE_ADDR="10.9.9.9"
    )
    assert other_address.status_code == 302


def test_successful_sign_ins_do_not_count(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in": (2, 3600)}
    RepresentativeFactory(user__username="09121234567")
    for _ in range(4):
        assert sign_in(client, "09121234567", DEFAULT_PASSWORD).status_code == 302
        client.post(reverse("logout"))


def test_a_refused_sign_in_keeps_the_username_but_not_the_password(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign_in": (1, 3600)}
    sign_in(client, "09120000000", "wrong")
    refused = form_post(
        client,
        reverse("login"),
        {"username": "09121234567", "password": "secret-typed", "next": "/proposals/"},
    )
    assert refused.status_code == 429
    assert refused.context["kept"] == [
        ("username", "09121234567"),
        ("next", "/proposals/"),
    ]
    html = refused.content.decode()
    assert 'name="username" value="09121234567"' in html
    assert "secret-typed" not in html


def test_a_refused_registration_keeps_what_was_typed(client, settings):
    """Over the limit the form itself comes back, filled in, with how long to
    wait: nothing typed is lost but the passwords."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "register": (0, 3600)}
    refused = form_post(
        client,
        reverse("ngos:register"),
        {
            "name": "خانه مهر",
            "city": "کرمان",
            "focus_areas": ["1", "2"],
            "mobile": "۰۹۱۳ ۱۱۱ ۲۲۳۳",
            "password1": "typed-secret",
            "password2": "typed-secret",
        },
    )
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "تلاش‌های زیادی" in html
    assert "دقیقه" in html
    form = refused.context["form"]
    assert form["name"].value() == "خانه مهر"
    assert form["city"].value() == "کرمان"
    assert form["mobile"].value() == "۰۹۱۳ ۱۱۱ ۲۲۳۳"
    assert [str(pk) for pk in form["focus_areas"].value()] == ["1", "2"]
    assert 'value="خانه مهر"' in html
    assert "typed-secret" not in html
    assert not form.errors  # not checked past the limit
    assert User.objects.count() == 0


def test_uploads_are_rate_limited(client, rep_a, settings):
    from tests.factories import ProposalFactory
    from tests.proposals import files

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": (2, 3600)}
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    client.force_login(rep_a)
    url = reverse("proposals:attachment_add", args=[proposal.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    refused = client.post(url, {"file": files.upload("plan.pdf", files.PDF)})
    assert refused.status_code == 429
    assert refused.context["kept"] == []


# Staff sessions ------------------------------------------------------------------------


def test_staff_session_ends_after_idle_time(client, settings, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session[SESSION_SEEN] = (
        timezone.now().timestamp() - settings.STAFF_SESSION_IDLE_MINUTES * 60 - 5
    )
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "_auth_user_id" not in client.session


def test_an_expired_staff_session_on_a_site_page_is_sent_to_the_staff_sign_in(
    client, settings, reviewer
):
    """The public sign-in page refuses staff, so it is not where they go."""
    client.force_login(reviewer)
    client.get(reverse("home"))
    session = client.session
    session[SESSION_SEEN] = (
        timezone.now().timestamp() - settings.STAFF_SESSION_IDLE_MINUTES * 60 - 5
    )
    session.save()
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('admin:login')}?next={reverse('meetings:list')}"
    )
    assert "_auth_user_id" not in client.session


def test_staff_activity_keeps_the_session_alive(client, settings, reviewer):
    client.force_login(reviewer)
    client.get(reverse("admin:index"))
    session = client.session
    nearly_idle = timezone.now().timestamp() - settings.STAFF_SESSION_IDLE_MINUTES * 60
    session[SESSION_SEEN] = nearly_idle + 30
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session[SESSION_SEEN] > nearly_idle + 60


def test_pages_opened_within_a_minute_do_not_rewrite_the_session(
    client, reviewer, count_queries
):
    client.force_login(reviewer)
    client.get(reverse("admin:index"))
    with count_queries() as queries:
        client.get(reverse("admin:index"))
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"]]


def test_staff_session_ends_after_the_longest_time_even_if_busy(
    client, settings, reviewer
):
    client.force_login(reviewer)
    client.get(reverse("admin:index"))
    session = client.session
    session[SESSION_STARTED] = (
        timezone.now().timestamp() - settings.STAFF_SESSION_MAX_HOURS * 3600 - 5
    )
    session.save()
    assert client.get(reverse("admin:index")).status_code == 302


def test_representative_sessions_have_no_staff_limit(client, rep_a, settings):
    client.force_login(rep_a)
    client.get(reverse("proposals:list"))
    session = client.session
    assert SESSION_STARTED not in session


# Two-step sign-in for staff ----------------------------------------------------------


def admin_sign_in(client, username, token=None):
    data = {"username": username, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    if token is not None:
        data["otp_token"] = token
    return client.post(reverse("admin:login"), data)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_two_step_is_optional_by_default(client):
    StaffFactory(username="officer", groups=[roles.REVIEWERS])
    admin_sign_in(client, "officer")
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_sets_up_two_step_and_then_needs_the_code(client, audit_lines):
    officer = StaffFactory(username="officer", groups=[roles.REVIEWERS])
    client.force_login(officer)
    page = client.get(reverse("admin:two_step"))
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()
    wrong = client.post(reverse("admin:two_step"), {"token": "000000"})
    assert wrong.status_code == 200
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    device.throttle_reset()  # a wrong code makes the next try wait a second
    client.post(reverse("admin:two_step"), {"token": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert "two_step.enabled" in [line["event"] for line in audit_lines()]

    client.logout()
    refused = admin_sign_in(client, "officer")
    assert refused.status_code == 200
    assert "کد شش‌رقمی" in refused.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # allow the same code again in this test
    device.save()
    accepted = admin_sign_in(client, "officer", token=current_code(device))
    assert accepted.status_code == 302, accepted.context["form"].errors
    assert client.get(reverse("admin:index")).status_code == 200


def test_compulsory_two_step_sends_staff_to_set_it_up(client, settings):
    settings.STAFF_OTP_REQUIRED = True
    StaffFactory(username="officer", groups=[roles.REVIEWERS])
    admin_sign_in(client, "officer")
    index = client.get(reverse("admin:index"))
    assert index.status_code == 302
    login = client.get(index["Location"])
    assert login.status_code == 302
    assert login["Location"] == reverse("admin:two_step")


# Audit --------------------------------------------------------------------------------


def test_audit_lines_for_sign_ins_status_changes_refusals_and_exports(
    client, registry_officer, audit_lines
):
    from tests.factories import NGOFactory

    sign_in(client, "registrar", "wrong", REMOTE_ADDR="198.51.100.4")
    client.post(
        reverse("admin:login"),
        {"username": "registrar", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )
    ngo = NGOFactory(status="pending")
    client.post(
        reverse("admin:ngos_ngo_move", args=[ngo.pk, "verify"]),
        {"apply": "1", "basis": "licence"},
        REMOTE_ADDR="198.51.100.4",
    )
    client.get(
        reverse("admin:ngos_ngo_export", args=["csv"]), REMOTE_ADDR="198.51.100.4"
    )
    client.get(
        reverse("admin:proposals_proposal_export", args=["csv"]),
        REMOTE_ADDR="198.51.100.4",
    )
    lines = audit_lines()
    by_event = {line["event"]: line for line in lines}
    assert by_event["login.failed"]["username"] == "registrar"
    assert by_event["login.succeeded"]["user"] == "registrar"
    changed = by_event["ngo.status_changed"]
    assert (changed["user"], changed["ip"], changed["to_status"]) == (
        "registrar",
        "198.51.100.4",
        "verified",
    )
    assert by_event["export"]["what"] == "ngos"
    refused = by_event["permission.refused"]
    assert refused["path"] == reverse("admin:proposals_proposal_export", args=["csv"])
    assert all(line["at"] for line in lines)


def test_a_refused_request_logs_one_audit_line_and_no_traceback(
    client, reviewer, caplog
):
    caplog.set_level(logging.INFO)
    client.force_login(reviewer)
    caplog.clear()
    response = client.get(reverse("admin:ngos_ngo_export", args=["csv"]))
    assert response.status_code == 403
    assert [
        (record.name, record.getMessage())
        for record in caplog.records
        if record.name.startswith(("django", "workgroup"))
    ] == [("workgroup.audit", "permission.refused")]
    assert not any(record.exc_info for record in caplog.records)


@pytest.fixture
def console():
    """What the site's console log handler writes during the test."""
    import io

    from core.audit import RefusalFilter

    (handler,) = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RefusalFilter) for f in handler.filters)
    ]
    output = io.StringIO()
    previous = handler.setStream(output)
    yield output
    handler.setStream(previous)


def test_other_refusals_are_logged_in_one_line_without_traceback(client, console):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    lines = console.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(
        "ERROR django.security.DisallowedHost "
        "Invalid HTTP_HOST header: 'evil.example'. "
        "You may need to add 'evil.example' to ALLOWED_HOSTS."
    )


def test_server_errors_keep_their_traceback():
    from core.audit import RefusalFilter

    try:
        raise ValueError("a bug")
    except ValueError as error:
        record = logging.makeLogRecord(
            {
                "name": "django.request",
                "msg": "Internal Server Error: /",
                "exc_info": (type(error), error, error.__traceback__),
                "status_code": 500,
            }
        )
    assert RefusalFilter().filter(record)
    assert "Traceback" in logging.Formatter().format(record)


def test_audit_lines_are_json(caplog):
    from core import audit
    from core.audit import JsonLineFormatter

    caplog.set_level(logging.INFO, logger="workgroup.audit")
    audit.log("export", what="ngos")
    record = caplog.records[-1]
    parsed = json.loads(JsonLineFormatter().format(record))
    assert parsed["event"] == "export"
    assert parsed["what"] == "ngos"


def test_deleting_a_proposal_with_history_is_refused(rep_a):
    from django.db.models import ProtectedError

    from proposals import services
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    services.transition(proposal=proposal, to_status="submitted", actor=rep_a)
    with pytest.raises(ProtectedError):
        proposal.delete()
    assert User.objects.filter(pk=rep_a.pk).exists()


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_absurdly_long_username_is_an_ordinary_failed_sign_in(client, url_name):
    response = client.post(reverse(url_name), {"username": "0" * 1000, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
