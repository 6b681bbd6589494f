"""Every move of a table of moves, walked through the admin.

Each app's admin tests parametrise over their tables themselves
(``pytest.mark.parametrize("move", list(TABLE))``), so a move added to a
table is tested without anyone writing a test for it.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from core.transitions import REASON_REQUIRED
from tests.factories import StaffFactory


def move_url(obj, move) -> str:
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_move", args=[obj.pk, move.action]
    )


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def status_of(obj, table) -> str:
    return type(obj).objects.filter(pk=obj.pk).values_list(table.field, flat=True)[0]


def walk(client, *, obj, move, table, history, data=None) -> None:
    """GET asks and changes nothing; POST without a required reason is refused
    with the table's message; POST with one makes the move and adds one row
    to ``history()`` (a count)."""
    data = {"apply": "1", **(data or {})}
    url = move_url(obj, move)
    assert move.action in [
        m["move"].action for m in client.get(change_url(obj)).context["moves"]
    ]
    before = history()

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["move"] == move
    assert [row["movable"] for row in page.context["rows"]] == [True]
    assert (status_of(obj, table), history()) == (move.source, before)

    if move.reason_required:
        refused = client.post(url, {**data, "reason": "  "})
        assert refused.status_code == 200
        assert refused.context["form"].errors["reason"] == [str(REASON_REQUIRED)]
        assert (status_of(obj, table), history()) == (move.source, before)

    done = client.post(url, {**data, "reason": "دلیل آزمون"})
    assert done.status_code == 302, done.context["form"].errors
    assert done["Location"] == change_url(obj)
    assert (status_of(obj, table), history()) == (move.target, before + 1)


def without(permission: str, model):
    """A staff member with every permission of ``model`` but ``permission``."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    app_label, codename = permission.split(".")
    user = StaffFactory()
    user.user_permissions.set(
        Permission.objects.filter(content_type=content_type).exclude(
            content_type__app_label=app_label, codename=codename
        )
    )
    return user


def refused_without_permission(client, *, obj, move, table) -> None:
    """No button on the change page, 403 on the move's page, nothing changed."""
    client.force_login(without(move.permission, type(obj)))
    page = client.get(change_url(obj))
    assert page.status_code == 200
    assert move.action not in [m["move"].action for m in page.context["moves"]]
    assert client.get(move_url(obj, move)).status_code == 403
    assert (
        client.post(move_url(obj, move), {"apply": "1", "reason": "x"}).status_code
        == 403
    )
    assert status_of(obj, table) == move.source
