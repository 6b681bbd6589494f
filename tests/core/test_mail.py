"""E-mail: plain-text subjects, and password-reset mail sent after the answer."""

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse

from core.mail import render_subject
from ngos.services import change_ngo_status
from tests.factories import NGOFactory, RepresentativeFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = 'خانه <مهر> & "امید"'


class Anything:
    """A template value whose every attribute, item and call is itself, and
    which prints as :data:`NAME`: every variable of a template shows it."""

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __str__(self):
        return NAME


SUBJECTS = sorted(
    path.relative_to(settings.BASE_DIR / "templates").as_posix()
    for path in (settings.BASE_DIR / "templates").rglob("*_subject.txt")
)


@pytest.mark.parametrize("template", SUBJECTS)
def test_every_subject_is_one_line_of_plain_text(template):
    text = (Path(settings.BASE_DIR / "templates") / template).read_text()
    context = {
        name: Anything()
        for name in (
            "ngo",
            "change",
            "proposal",
            "event",
            "call",
            "plan",
            "move",
            "letter",
            "milestone",
            "report",
        )
    }
    subject = render_subject(template, context)
    assert "\n" not in subject
    assert "&lt;" not in subject and "&amp;" not in subject and "&quot;" not in subject
    if "{{" in text:
        assert NAME in subject


def test_a_name_with_markup_characters_arrives_as_typed_in_the_subject(
    registry_officer, django_capture_on_commit_callbacks
):
    ngo = NGOFactory(name=NAME, status="pending")
    RepresentativeFactory(ngo=ngo, user__email="rep@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        change_ngo_status(
            ngo=ngo,
            to_status="verified",
            actor=registry_officer,
            basis="licence",
            evidence="پروانه",
        )
    (message,) = mail.outbox
    # Isolated (first-strong isolate … pop), never escaped.
    assert message.subject.startswith(f"\u2068{NAME}\u2069")
    assert NAME in message.body


# Password reset ----------------------------------------------------------------


release = threading.Event()


class HeldBackend(locmem.EmailBackend):
    """A mail server that answers only when the test says so."""

    def send_messages(self, messages):
        release.wait(timeout=5)
        return super().send_messages(messages)


def wait_for_background_mail():
    for thread in threading.enumerate():
        if thread.name == "send-mail":
            thread.join(timeout=10)


def test_password_reset_answers_before_the_mail_is_sent(client, settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail.HeldBackend"
    UserFactory(username="rep", email="rep@example.org")
    release.clear()
    try:
        response = client.post(reverse("password_reset"), {"email": "rep@example.org"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
        assert mail.outbox == []  # the answer did not wait for the mail server
    finally:
        release.set()
    wait_for_background_mail()
    (message,) = mail.outbox
    assert message.to == ["rep@example.org"]
    assert "/accounts/reset/" in message.body


def test_password_reset_answers_alike_for_an_unknown_address(client):
    UserFactory(username="rep", email="rep@example.org")
    known = client.post(reverse("password_reset"), {"email": "rep@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    wait_for_background_mail()
    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert [message.to for message in mail.outbox] == [["rep@example.org"]]


def test_password_reset_mail_is_in_the_language_of_the_request(client):
    UserFactory(username="rep", email="rep@example.org")
    client.post("/en" + reverse("password_reset"), {"email": "rep@example.org"})
    wait_for_background_mail()
    (message,) = mail.outbox
    assert message.subject == "Choose a new password for the working group's site"
    assert "/en/accounts/reset/" in message.body
