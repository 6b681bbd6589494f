"""The audit stream records changes of people's powers and every deletion
the admin allows; sign-in records are never deleted through the admin."""

import json
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit_lines(caplog):
    caplog.set_level(logging.INFO, logger="workgroup.audit")

    def lines(event):
        return [
            r.audit
            for r in caplog.records
            if getattr(r, "audit", {}).get("event") == event
        ]

    return lines


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser", "is_active"])
def test_a_change_of_a_users_flag_is_audited(audit_lines, flag):
    user = UserFactory(is_active=True)
    setattr(user, flag, not getattr(user, flag))
    user.save()
    (line,) = audit_lines("user.flags_changed")
    assert line["target"] == user.pk
    assert line["changes"] == {flag: [not getattr(user, flag), getattr(user, flag)]}


def test_saving_a_user_without_a_flag_change_writes_nothing(audit_lines):
    user = UserFactory()
    user.first_name = "مریم"
    user.save()
    assert audit_lines("user.flags_changed") == []


def test_groups_and_permissions_changes_are_audited(audit_lines):
    user = UserFactory()
    group = Group.objects.get(name=roles.REVIEWERS)
    user.groups.add(group)
    user.groups.remove(group)
    permission = Permission.objects.get(codename="view_user")
    user.user_permissions.add(permission)
    events = [
        (line["action"], line["field"], line["names"])
        for line in audit_lines("user.powers_changed")
    ]
    assert events == [
        ("added", "groups", [roles.REVIEWERS]),
        ("removed", "groups", [roles.REVIEWERS]),
        ("added", "user_permissions", ["auth.view_user"]),
    ]


def test_a_deletion_in_the_admin_is_audited(client, superuser, audit_lines):
    group = Group.objects.create(name="موقت")
    client.force_login(superuser)
    client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    assert not Group.objects.filter(pk=group.pk).exists()
    (line,) = audit_lines("admin.deleted")
    assert (line["model"], line["object"], line["object_repr"]) == (
        "auth.group",
        group.pk,
        "موقت",
    )
    json.dumps(line)


@pytest.mark.parametrize("model", [AccessAttempt, AccessFailureLog, AccessLog])
def test_sign_in_records_are_not_deletable_in_the_admin(client, superuser, model):
    from django.contrib import admin

    model_admin = admin.site._registry[model]
    client.force_login(superuser)
    request = client.get(reverse("admin:index")).wsgi_request
    assert model_admin.has_delete_permission(request) is False
    assert "delete_selected" not in model_admin.get_actions(request)
