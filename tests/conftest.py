"""Fixtures shared by the whole suite: one user for each role."""

import pytest
from django.utils import translation

from tests.factories import StaffFactory
from workgroup import roles


@pytest.fixture(autouse=True)
def _persian_by_default():
    """Start every test in Persian, as a request without a prefix would."""
    with translation.override("fa"):
        yield


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
