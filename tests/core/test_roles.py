import pytest
from django.contrib.auth.models import Group

from core import roles

pytestmark = pytest.mark.django_db


def test_staff_groups_are_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.STAFF_GROUPS)
