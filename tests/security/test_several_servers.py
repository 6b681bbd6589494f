"""Two gunicorn instances sharing one PostgreSQL database, one Redis and one
PRIVATE_MEDIA_ROOT behave as one site (README, "Several servers").

Each test starts two servers with production settings on loopback ports,
both given the same secret key, and uses them the way a browser behind a
load balancer without sticky sessions would: any request may reach either.
PostgreSQL only (the servers connect to the test database); Redis must be
reachable at ``SEVERAL_SERVERS_REDIS_URL`` (default database 7 on
127.0.0.1), or the tests are skipped, except in CI where that fails.
"""

import importlib.util
import io
import os
import secrets

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench.servers import production_environment
from proposals.models import Attachment, Proposal
from tests.live import Client, Server, database_url
from tests.proposals.files import PDF

PASSWORD = "several-Servers-passw0rd"
REDIS_URL = os.environ.get("SEVERAL_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/7")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several servers share a PostgreSQL database",
    ),
]

AXES_INSTALLED = (
    importlib.util.find_spec("axes") is not None and "axes" in settings.INSTALLED_APPS
)


def redis_problem() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {REDIS_URL} does not answer: {error}"
    return ""


@pytest.fixture
def servers(migration_data, tmp_path):
    """Servers A and B over the test database, with the demo data loaded."""
    problem = redis_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    call_command("load_demo", password=PASSWORD, stdout=io.StringIO())
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    environment = production_environment(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=REDIS_URL,
        PRIVATE_MEDIA_ROOT=settings.PRIVATE_MEDIA_ROOT,
        # Static files are not what is tested here; no collectstatic needed.
        DJANGO_STATIC_MANIFEST=0,
    )
    started = []
    try:
        for name in ("a", "b"):
            server = Server(
                environment=environment, log=tmp_path / f"server-{name}.log"
            )
            started.append(server.start())
        yield started
    finally:
        for server in started:
            server.stop()


def test_a_sign_in_on_one_server_holds_on_the_other(servers):
    a, b = (server.url for server in servers)
    on_a = Client(a)
    signed_in = on_a.sign_in("rep_a", PASSWORD)
    assert (signed_in.status, signed_in.location) == (302, "/accounts/")

    # The same cookies, sent to the other server.
    on_b = Client(b, cookies=on_a.cookies)
    page = on_b.get("/proposals/")
    assert page.status == 200
    draft = Proposal.objects.filter(
        ngo__representatives__user__username="rep_a", status="draft"
    ).first()
    assert draft.title in page.text

    # Signing out on B ends the session on A too.
    signed_out = on_b.post("/accounts/logout/", {}, token=page.csrf_token())
    assert signed_out.status == 302
    after = Client(
        a, cookies={settings.SESSION_COOKIE_NAME: signed_in_session(signed_in)}
    )
    refused = after.get("/proposals/")
    assert (refused.status, refused.location) == (302, "/accounts/login/")


def signed_in_session(response) -> str:
    cookie = next(
        header
        for header in response.headers.get_all("Set-Cookie")
        if header.startswith(f"{settings.SESSION_COOKIE_NAME}=")
    )
    return cookie.split(";", 1)[0].split("=", 1)[1]


def test_a_file_uploaded_through_one_server_downloads_through_the_other(servers):
    a, b = (server.url for server in servers)
    on_a = Client(a)
    assert on_a.sign_in("rep_a", PASSWORD).status == 302
    draft = Proposal.objects.filter(
        ngo__representatives__user__username="rep_a", status="draft"
    ).first()
    content = PDF + b"%" + secrets.token_hex(2000).encode() + b"\n"
    page = on_a.get(f"/proposals/{draft.pk}/")
    uploaded = on_a.post(
        f"/proposals/{draft.pk}/attachments/",
        {},
        token=page.csrf_token(),
        files={"file": ("برنامه اجرایی.pdf", "application/pdf", content)},
    )
    assert (uploaded.status, uploaded.location) == (302, f"/proposals/{draft.pk}/")
    attachment = Attachment.objects.filter(proposal=draft).order_by("-pk").first()
    assert attachment.original_name == "برنامه اجرایی.pdf"

    on_b = Client(b, cookies=on_a.cookies)
    downloaded = on_b.get(attachment.get_absolute_url())
    assert downloaded.status == 200
    assert downloaded.body == content


@pytest.mark.skipif(
    not AXES_INSTALLED,
    reason="django-axes is not installed in INSTALLED_APPS yet: no lockouts to "
    "share. This check turns on by itself once it is.",
)
def test_a_lockout_earned_on_one_server_holds_on_the_other(servers):
    a, b = (server.url for server in servers)
    limit = getattr(settings, "AXES_FAILURE_LIMIT", 3)
    on_a = Client(a)
    for _attempt in range(limit):
        failed = on_a.sign_in("rep_a", "not-the-password")
        assert failed.status != 302

    on_b = Client(b)
    on_b.sign_in("rep_a", PASSWORD)
    # Refused, whatever the page says: B gives no signed-in session.
    page = on_b.get("/proposals/")
    assert (page.status, page.location) == (302, "/accounts/login/")
