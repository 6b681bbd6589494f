"""Fixtures shared by the whole suite: one user for each role."""

import pytest
from django.utils import translation

from core import roles
from tests.factories import StaffFactory


def pytest_configure(config):
    from django.conf import settings

    # Hashing a password properly takes a third of a second by design; tests
    # create hundreds of accounts and need no protection from brute force.
    settings.PASSWORD_HASHERS = ["tests.hashers.FastPBKDF2PasswordHasher"]


@pytest.fixture(autouse=True)
def _persian_by_default():
    """Start every test in Persian, as a request without a prefix would."""
    with translation.override("fa"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures of one test's
    data must not show up in the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reviewer(db):
    return StaffFactory(username="reviewer", groups=[roles.REVIEWERS])


@pytest.fixture
def registry_officer(db):
    return StaffFactory(username="registrar", groups=[roles.REGISTRY_OFFICERS])


@pytest.fixture
def secretary(db):
    return StaffFactory(username="secretary", groups=[roles.MEETING_SECRETARIES])


@pytest.fixture
def superuser(db):
    return StaffFactory(username="admin", is_superuser=True)


@pytest.fixture
def count_queries():
    """``with count_queries() as few: ...`` then compare ``len(few)``.

    For tests that assert a page makes as many queries with many rows as
    with few, whatever that number is.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    return lambda: CaptureQueriesContext(connection)


@pytest.fixture
def signed_in(request, client, rep_a, superuser):
    """``signed_in(who)``: the test client signed in as the user of the role
    fixture named ``who``, or anonymous for ``None``. rep_a and the superuser
    always exist: the query-count scenes find their rows by username."""

    def sign_in(who):
        if who is not None:
            client.force_login(request.getfixturevalue(who))
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Attachments of each test go to a folder of their own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def rep_a(db):
    from tests.factories import RepresentativeFactory

    return RepresentativeFactory(
        user__username="rep_a", user__email="rep_a@example.org", ngo__name="سازمان الف"
    ).user


@pytest.fixture
def rep_b(db):
    from tests.factories import RepresentativeFactory

    return RepresentativeFactory(
        user__username="rep_b", user__email="rep_b@example.org", ngo__name="سازمان ب"
    ).user


@pytest.fixture
def pending_rep(db):
    from tests.factories import RepresentativeFactory

    return RepresentativeFactory(
        user__username="rep_pending", ngo__status="pending", approved_at=None
    ).user


def replay_data_migrations():
    """Run the RunPython steps of our apps' migrations again.

    Transactional tests (the browser tests, the concurrency tests) end with
    a flush that empties every table, including what the data migrations
    wrote: provinces, focus areas, staff groups and their permissions. Those
    steps are idempotent, so a test that needs the data replays them.
    (Django's serialized_rollback cannot be used: Playwright runs the test
    in a context where Django sees a different connection object, which
    lacks the serialized copy.)
    """
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    class Editor:
        def __init__(self, connection):
            self.connection = connection

        def execute(self, sql, params=()):
            with self.connection.cursor() as cursor:
                cursor.execute(sql, params)

    loader = MigrationLoader(connection)
    for key in loader.graph.leaf_nodes():
        for app_label, name in loader.graph.forwards_plan(key):
            if app_label not in ("core", "ngos", "meetings", "proposals", "delivery"):
                continue
            migration = loader.graph.nodes[(app_label, name)]
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, Editor(connection))


@pytest.fixture
def migration_data(transactional_db):
    replay_data_migrations()
