"""``core.middleware.MessageMiddleware``: Django's, with the storage made
only when a message is added or read; what reaches the visitor is the
same."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.functional import empty

from core.middleware import MessageMiddleware


def request_with_session(cookies=None):
    request = RequestFactory().get("/")
    request.COOKIES.update(cookies or {})
    request.session = SessionStore()
    return request


def test_an_answer_that_touches_no_message_leaves_the_storage_unmade():
    request = request_with_session()
    response = MessageMiddleware(lambda request: HttpResponse("ok"))(request)
    assert request._messages._wrapped is empty
    assert "messages" not in response.cookies


def test_a_message_added_is_stored_for_the_next_page():
    def view(request):
        messages.success(request, "Saved.")
        return HttpResponse("ok")

    request = request_with_session()
    response = MessageMiddleware(view)(request)
    assert "messages" in response.cookies
    # The next request reads it, once.
    following = request_with_session({"messages": response.cookies["messages"].value})
    shown = []

    def reader(request):
        shown.extend(str(message) for message in get_messages(request))
        return HttpResponse("ok")

    answer = MessageMiddleware(reader)(following)
    assert shown == ["Saved."]
    # Read: the cookie is cleared.
    assert answer.cookies["messages"].value == ""


def test_a_pending_message_survives_an_answer_that_does_not_show_it():
    """A file or a redirect between the page that added a message and the
    page that shows it leaves the message waiting."""
    request = request_with_session({"messages": "pending"})
    response = MessageMiddleware(lambda request: HttpResponse("file"))(request)
    assert "messages" not in response.cookies


@pytest.mark.django_db
def test_pages_show_messages_through_the_lazy_storage(client, rep_a):
    """End to end: a saved draft says so on the page it lands on, once."""
    client.force_login(rep_a)
    response = client.post(
        reverse("proposals:create"),
        {"title": "فقط عنوان", "save_draft": "1"},
        follow=True,
    )
    assert '<div class="alert alert-success" role="status">پیش‌نویس ذخیره شد.</div>' in (
        response.content.decode()
    )
    again = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "پیش‌نویس ذخیره شد." not in again
