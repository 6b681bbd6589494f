"""The admin's one confirmation flow: what a ModelAdmin gets from its tables."""

import pytest
from django.contrib import admin

from core.admin_moves import MoveForm, MovesAdminMixin
from core.admin_site import ModelAdmin
from core.transitions import REASON_REQUIRED, Move, MoveTable
from meetings.models import Meeting

Status = Meeting.Status


def meeting_table(*actions: str) -> MoveTable:
    sources = [Status.SCHEDULED, Status.CANCELLED]
    return MoveTable(
        model="meetings.Meeting",
        field="status",
        choices=Status,
        moves=[
            Move(action=action, source=source, target=Status.HELD, label=action)
            for action, source in zip(actions, sources, strict=False)
        ],
    )


def admin_with(**attributes) -> ModelAdmin:
    model_admin = type("TestMovesAdmin", (MovesAdminMixin, ModelAdmin), attributes)
    return model_admin(Meeting, admin.AdminSite(name="test_moves"))


def test_one_table_is_named_with_move_table():
    table = meeting_table("go")
    assert admin_with(move_table=table).get_move_tables() == (table,)


def test_an_action_is_found_in_whichever_table_has_it():
    first, second = meeting_table("go"), meeting_table("stop")
    model_admin = admin_with(move_tables=(first, second))
    assert model_admin.table_for("stop") is second
    assert model_admin.check() == []


def test_two_tables_sharing_an_action_fail_the_check():
    model_admin = admin_with(move_tables=(meeting_table("go"), meeting_table("go")))
    assert [error.id for error in model_admin.check()] == ["core.E001"]


def test_every_registered_admin_passes_the_check():
    errors = [
        error
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, MovesAdminMixin)
        for error in model_admin.check()
    ]
    assert errors == []


@pytest.mark.parametrize(("required", "valid"), [(True, False), (False, True)])
def test_the_form_asks_for_a_reason_where_the_move_needs_one(required, valid):
    move = Move(
        action="go",
        source=Status.SCHEDULED,
        target=Status.HELD,
        label="go",
        reason_required=required,
    )
    form = MoveForm({"reason": "  "}, move=move)
    assert form.is_valid() is valid
    if not valid:
        assert form.errors["reason"] == [str(REASON_REQUIRED)]
