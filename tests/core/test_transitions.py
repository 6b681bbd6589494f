"""A table of moves: what it allows, refuses, and prints."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import translation

from core.transitions import (
    NGO,
    REASON_REQUIRED,
    STAFF,
    Move,
    MoveTable,
    TransitionError,
)
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


class Light(models.TextChoices):
    OFF = "off", "switched off"
    ON = "on", "switched on"
    BROKEN = "broken", "broken"


def table(**overrides):
    return MoveTable(
        model="tests.Light",
        field="status",
        choices=Light,
        moves=[
            Move(
                action="switch_on",
                source=Light.OFF,
                target=Light.ON,
                label="Switch on",
                side=STAFF,
                permission="ngos.verify_ngo",
            ),
            Move(
                action="break",
                source=Light.ON,
                target=Light.BROKEN,
                label="Break",
                side=STAFF,
                permission="ngos.verify_ngo",
                reason_required=True,
            ),
            Move(
                action="report",
                source=Light.BROKEN,
                target=Light.OFF,
                label="Report",
                side=NGO,
            ),
        ],
        **overrides,
    )


@pytest.fixture
def electrician():
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="verify_ngo"))
    return user


def test_a_legal_move_by_a_permitted_actor_is_returned(electrician):
    move = table().check(source="off", target="on", actor=electrician)
    assert (move.action, move.source, move.target) == ("switch_on", "off", "on")


@pytest.mark.parametrize(("source", "target"), [("off", "broken"), ("on", "on")])
def test_a_move_the_table_does_not_have_is_refused(electrician, source, target):
    with pytest.raises(TransitionError) as raised:
        table().check(source=source, target=target, actor=electrician)
    assert raised.value.code == "illegal_transition"
    with translation.override("en"):
        assert raised.value.messages == [
            f"This is {Light(source).label} now; "
            f"it cannot become {Light(target).label}."
        ]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_move_that_needs_a_reason_is_refused_without_one(electrician, reason):
    with pytest.raises(TransitionError) as raised:
        table().check(source="on", target="broken", actor=electrician, reason=reason)
    assert raised.value.code == "reason_required"
    assert raised.value.messages == [str(REASON_REQUIRED)]


def test_a_move_with_its_reason_is_allowed(electrician):
    move = table().check(
        source="on", target="broken", actor=electrician, reason="fell down"
    )
    assert move.action == "break"


def test_a_staff_member_without_the_permission_is_refused():
    with pytest.raises(PermissionDenied):
        table().check(source="off", target="on", actor=StaffFactory())


@pytest.mark.parametrize(
    "make_actor",
    [
        AnonymousUser,
        lambda: UserFactory(),  # not staff
        lambda: StaffFactory(is_superuser=True, is_active=False),
    ],
    ids=["anonymous", "not staff", "inactive"],
)
def test_a_staff_move_is_refused_to_anyone_but_active_staff(make_actor):
    with pytest.raises(PermissionDenied):
        table().check(source="off", target="on", actor=make_actor())


def test_an_ngo_move_is_for_the_ngo_not_for_staff(electrician):
    assert table().check(source="broken", target="off", actor=UserFactory())
    with pytest.raises(PermissionDenied):
        table().check(source="broken", target="off", actor=electrician)


def test_a_superuser_may_make_every_staff_move():
    boss = StaffFactory(is_superuser=True)
    assert [m.action for m in table().available("off", boss)] == ["switch_on"]
    assert [m.action for m in table().available("broken", boss)] == []


def test_what_the_table_offers(electrician):
    moves = table()
    assert moves.actions() == ["switch_on", "break", "report"]
    assert moves.by_action("break", "on").target == "broken"
    assert moves.by_action("break", "off") is None
    assert moves.first("report").side == NGO
    assert [m.action for m in moves.available("on", electrician)] == ["break"]
    assert [m.action for m in moves.available("broken", side=NGO)] == ["report"]


def test_two_moves_of_one_side_between_the_same_statuses_are_a_mistake():
    twice = Move(action="again", source="off", target="on", label="Again")
    with pytest.raises(ValueError, match="two moves"):
        MoveTable(
            model="tests.Light",
            field="status",
            choices=Light,
            moves=[*table(), twice],
        )


def test_each_side_may_have_its_move_between_the_same_statuses(electrician):
    # The NGO switches the light on too, without the electrician's permission.
    theirs = Move(action="flip", source="off", target="on", label="Flip", side=NGO)
    moves = MoveTable(
        model="tests.Light", field="status", choices=Light, moves=[*table(), theirs]
    )
    assert moves.check(source="off", target="on", actor=electrician).action == (
        "switch_on"
    )
    assert moves.check(source="off", target="on", actor=UserFactory()) == theirs
    assert moves.find("off", "on", side=NGO) == theirs
    assert moves.find("off", "on", side=STAFF).action == "switch_on"
    # Staff without the permission may make neither.
    with pytest.raises(PermissionDenied):
        moves.check(source="off", target="on", actor=StaffFactory())


def test_named_groups_may_leave_an_action_out():
    moves = table()
    assert moves.sources(side=STAFF) == ("off", "on")
    assert moves.sources(side=STAFF, besides={"break"}) == ("off",)
    assert moves.targets(side=STAFF, besides={"switch_on"}) == ("broken",)


def test_a_status_the_field_does_not_have_is_a_mistake():
    with pytest.raises(ValueError, match="unknown status 'dim'"):
        MoveTable(
            model="tests.Light",
            field="status",
            choices=Light,
            moves=[Move(action="dim", source="on", target="dim", label="Dim")],
        )


def test_the_markdown_table_is_english_whatever_the_language():
    with translation.override("fa"):
        markdown = table().markdown()
    assert markdown == (
        "| from | to | action | who | reason |\n"
        "|---|---|---|---|---|\n"
        "| switched off | switched on | switch_on | ngos.verify_ngo |  |\n"
        "| switched on | broken | break | ngos.verify_ngo | required |\n"
        "| broken | switched off | report | the NGO |  |"
    )
