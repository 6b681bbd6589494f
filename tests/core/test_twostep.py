"""Two-step sign-in: staff sign in on the admin's page, with the code, or
have no staff power anywhere; setting it up writes nothing until confirmed."""

from base64 import b32decode
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import roles
from proposals import drafts, services
from proposals.models import Status
from tests.factories import (
    DEFAULT_PASSWORD,
    MeetingFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
)
from tests.proposals import files

pytestmark = pytest.mark.django_db


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def code_of_secret(secret: str) -> str:
    """The code an app that was given ``secret`` (base32) shows now."""
    return f"{TOTP(b32decode(secret)).token():06d}"


def with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.fixture
def officer():
    """A staff member who reviews proposals and keeps the meeting record."""
    return StaffFactory(
        username="officer", groups=[roles.REVIEWERS, roles.MEETING_SECRETARIES]
    )


@pytest.fixture
def sent():
    """A submitted proposal with one attachment, and a draft meeting."""
    rep = RepresentativeFactory(user__username="rep")
    proposal = ProposalFactory(ngo=rep.ngo, created_by=rep.user)
    attachment = drafts.add_attachment(
        proposal=proposal, uploaded=files.upload("plan.pdf", files.PDF), actor=rep.user
    )
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep.user)
    return {"attachment": attachment, "draft_meeting": MeetingFactory()}


# The site's pages that give staff something the public does not get.
STAFF_URLS = {
    "attachment": lambda w: w["attachment"].get_absolute_url(),
    "draft meeting": lambda w: reverse("meetings:detail", args=[w["draft_meeting"].pk]),
    "draft meeting calendar": lambda w: reverse(
        "meetings:calendar", args=[w["draft_meeting"].pk]
    ),
    "landing": lambda w: reverse("account"),
    "password change": lambda w: reverse("password_change"),
    "admin index": lambda w: reverse("admin:index"),
    "admin proposals": lambda w: reverse("admin:proposals_proposal_changelist"),
}


def public_sign_in(client, username):
    return client.post(
        reverse("login"), {"username": username, "password": DEFAULT_PASSWORD}
    )


def next_of(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query)["next"][0]


def admin_sign_in(client, username, token=None):
    data = {"username": username, "password": DEFAULT_PASSWORD, "next": "/admin/"}
    if token is not None:
        data["otp_token"] = token
    return client.post(reverse("admin:login"), data)


def is_sent_to_the_admin_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("admin:login")
    )


# The public sign-in page is not for staff -----------------------------------------


@pytest.mark.parametrize(
    "kind", ["with two-step sign-in", "without two-step sign-in", "superuser"]
)
def test_staff_are_refused_on_the_public_sign_in_page(client, officer, kind):
    if kind == "with two-step sign-in":
        with_device(officer)
    if kind == "superuser":
        officer.is_staff, officer.is_superuser = False, True
        officer.save()
    with translation.override("en"):
        response = public_sign_in(client, "officer")
        staff_sign_in = reverse("admin:login")
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == [
        "staff_account"
    ]
    html = response.content.decode()
    assert "staff sign-in page" in html
    assert f'href="{staff_sign_in}"' in html
    assert "_auth_user_id" not in client.session


def test_representatives_still_sign_in_on_the_public_page(client):
    RepresentativeFactory(user__username="09121234567")
    response = public_sign_in(client, "09121234567")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# A session that has not given the code has no staff power -----------------------------


@pytest.mark.parametrize("url", STAFF_URLS.values(), ids=STAFF_URLS.keys())
def test_a_password_only_session_of_staff_with_a_device_gets_no_staff_page(
    client, officer, sent, url
):
    with_device(officer)
    client.force_login(officer)  # signed in, the code never given
    response = client.get(url(sent))
    if hasattr(response, "streaming_content"):
        response.close()
    assert is_sent_to_the_admin_sign_in(response), response.status_code
    assert next_of(response) == url(sent)


@pytest.mark.parametrize("url", STAFF_URLS.values(), ids=STAFF_URLS.keys())
def test_compulsory_two_step_leaves_a_password_only_session_no_staff_page(
    client, officer, sent, settings, url
):
    settings.STAFF_OTP_REQUIRED = True
    client.force_login(officer)
    response = client.get(url(sent))
    if hasattr(response, "streaming_content"):
        response.close()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_password_only_session_is_sent_to_finish_signing_in_from_any_page(
    client, officer, sent
):
    """Even the public pages send it to finish signing in, so no page can
    show it what it shows staff."""
    with_device(officer)
    client.force_login(officer)
    response = client.get(reverse("home"))
    assert is_sent_to_the_admin_sign_in(response)


def test_a_password_only_session_may_sign_out(client, officer):
    with_device(officer)
    client.force_login(officer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_sign_in_page_says_the_code_is_missing(client, officer):
    with_device(officer)
    client.force_login(officer)
    with translation.override("en"):
        response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "code from your authenticator app" in response.content.decode()


def test_with_the_code_through_the_admin_staff_get_every_staff_page(
    client, officer, sent
):
    device = with_device(officer)
    response = admin_sign_in(client, "officer", token=current_code(device))
    assert response.status_code == 302, response.context["form"].errors
    download = client.get(sent["attachment"].get_absolute_url())
    assert download.status_code == 200
    # Reading the whole file closes the response, as a server would; a
    # second close() would also close the test's database connection.
    assert b"".join(download.streaming_content) == files.PDF
    meeting = client.get(reverse("meetings:detail", args=[sent["draft_meeting"].pk]))
    assert meeting.status_code == 200
    assert meeting.context["meeting"] == sent["draft_meeting"]
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_password_only_session_finishes_signing_in_with_the_code(
    client, officer, sent
):
    device = with_device(officer)
    client.force_login(officer)
    url = sent["attachment"].get_absolute_url()
    sent_to = client.get(url)["Location"]
    response = client.post(
        sent_to,
        {
            "username": "officer",
            "password": DEFAULT_PASSWORD,
            "otp_token": current_code(device),
            "next": url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url
    download = client.get(url)
    assert b"".join(download.streaming_content) == files.PDF


def test_staff_without_two_step_keep_their_pages_when_it_is_optional(
    client, officer, sent
):
    client.force_login(officer)
    download = client.get(sent["attachment"].get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.PDF


def test_compulsory_two_step_sends_a_password_only_session_to_set_it_up(
    client, officer, sent, settings
):
    settings.STAFF_OTP_REQUIRED = True
    admin_sign_in(client, "officer")
    response = client.get(sent["attachment"].get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:two_step")


# Setting it up --------------------------------------------------------------------------


def test_opening_the_set_up_page_writes_no_device(client, officer):
    client.force_login(officer)
    first = client.get(reverse("admin:two_step"))
    again = client.get(reverse("admin:two_step"))
    assert first.status_code == again.status_code == 200
    assert TOTPDevice.objects.count() == 0
    # The same key on every visit until it is confirmed: a reload does not
    # undo the scan.
    assert first.context["secret"] == again.context["secret"]


def test_the_code_of_the_key_shown_confirms_the_device(client, officer):
    client.force_login(officer)
    secret = client.get(reverse("admin:two_step")).context["secret"]
    response = client.post(reverse("admin:two_step"), {"token": code_of_secret(secret)})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed
    assert b32decode(secret) == device.bin_key
    assert client.get(reverse("admin:index")).status_code == 200


def test_wrong_codes_while_setting_up_leave_one_unconfirmed_device(client, officer):
    client.force_login(officer)
    client.get(reverse("admin:two_step"))
    for _ in range(3):
        client.post(reverse("admin:two_step"), {"token": "000000"})
    assert list(TOTPDevice.objects.values_list("confirmed", flat=True)) == [False]
