import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import ActionItem, Decision, MeetingEvent
from meetings.moves import ACTION_ITEM_MOVES
from tests.factories import DecisionFactory, MeetingFactory, NGOFactory
from tests.moves import refused_without_permission, walk

pytestmark = pytest.mark.django_db

ACTION_ITEMS = "/admin/meetings/actionitem/"


def follow_up_url(item, act) -> str:
    return f"/admin/meetings/actionitem/{item.pk}/move/{act}/"


def move_id(move):
    return f"{move.source}-{move.action}"


# Following up action items -----------------------------------------------------------


def action_titles(response) -> list[str]:
    return [item.text for item in response.context["cl"].result_list]


@pytest.fixture
def action_items(secretary):
    today = timezone.localdate()
    ngo = NGOFactory(name="موسسه مهرآفرینان")
    meeting = MeetingFactory()
    late = DecisionFactory(
        meeting=meeting, text="دیرکرد", due_on=today - datetime.timedelta(days=3)
    )
    DecisionFactory(
        meeting=meeting,
        text="به‌موقع",
        responsible_body="",
        responsible_ngo=ngo,
        due_on=today + datetime.timedelta(days=3),
    )
    done = DecisionFactory(
        meeting=meeting, text="انجام‌شده", due_on=datetime.date(2018, 2, 1)
    )
    DecisionFactory(meeting=meeting, kind="decision", text="یک تصمیم")
    services.decision_change_status(decision=done, to_status="done", actor=secretary)
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    return {"late": late, "done": done, "ngo": ngo}


def test_the_action_item_list_spans_meetings_and_shows_only_action_items(
    client, secretary, action_items
):
    DecisionFactory(meeting=MeetingFactory(), text="از جلسه دیگر")
    client.force_login(secretary)
    response = client.get(ACTION_ITEMS)
    assert sorted(action_titles(response)) == sorted(
        ["دیرکرد", "به‌موقع", "انجام‌شده", "از جلسه دیگر"]
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"overdue": "yes"}, ["دیرکرد"]),
        ({"overdue": "no"}, ["انجام‌شده", "به‌موقع"]),
        ({"status__exact": "done"}, ["انجام‌شده"]),
        ({"status__exact": "open"}, ["دیرکرد", "به‌موقع"]),
        ({"owner": "body:دبیرخانه کارگروه"}, ["دیرکرد", "انجام‌شده"]),
    ],
)
def test_the_action_item_list_filters(
    client, secretary, action_items, params, expected
):
    client.force_login(secretary)
    response = client.get(ACTION_ITEMS, params)
    assert sorted(action_titles(response)) == sorted(expected)


def test_the_action_item_list_filters_by_registry_ngo(client, secretary, action_items):
    client.force_login(secretary)
    response = client.get(ACTION_ITEMS, {"owner": f"ngo:{action_items['ngo'].pk}"})
    assert action_titles(response) == ["به‌موقع"]
    assert "موسسه مهرآفرینان" in response.content.decode()


def test_a_bad_owner_filter_does_not_fail(client, secretary, action_items):
    client.force_login(secretary)
    response = client.get(ACTION_ITEMS, {"owner": "ngo:abc"})
    assert response.status_code == 302
    assert "e=1" in response["Location"]


def test_an_action_item_of_approved_minutes_is_marked_done_with_a_date(
    client, secretary, action_items
):
    late = action_items["late"]
    client.force_login(secretary)
    url = follow_up_url(late, "mark_done")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"apply": "1", "done_on": "۱۳۹۶/۱۱/۱۴", "reason": "فرستاده شد"}
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.status, late.done_on) == ("done", datetime.date(2018, 2, 3))
    assert late.meeting.is_approved
    event = MeetingEvent.objects.get(decision=late)
    assert (event.action, event.reason) == ("item_done", "فرستاده شد")


def test_an_impossible_done_date_is_explained(client, secretary, action_items):
    late = action_items["late"]
    client.force_login(secretary)
    response = client.post(
        follow_up_url(late, "mark_done"), {"apply": "1", "done_on": "1396/01/01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "done_on": ["تاریخ انجام نمی‌تواند پیش از جلسه‌ای باشد که اقدام را تصویب کرد."]
    }
    assert Decision.objects.get(pk=late.pk).status == "open"


def test_several_action_items_marked_done_are_done_today(
    client, secretary, action_items
):
    client.force_login(secretary)
    open_items = ActionItem.objects.filter(status="open")
    response = client.post(
        ACTION_ITEMS,
        {
            "action": "move_mark_done",
            "_selected_action": [str(item.pk) for item in open_items],
            "apply": "1",
        },
    )
    assert response.status_code == 302
    assert set(ActionItem.objects.values_list("status", flat=True)) == {"done"}
    assert set(ActionItem.objects.values_list("done_on", flat=True)) == {
        timezone.localdate()
    }


def test_the_action_item_page_is_read_only(client, secretary, action_items):
    late = action_items["late"]
    client.force_login(secretary)
    html = client.get(f"/admin/meetings/actionitem/{late.pk}/change/").content.decode()
    assert 'name="_save"' not in html
    assert f'href="{follow_up_url(late, "mark_done")}"' in html


def test_action_item_list_runs_a_fixed_number_of_queries(client, secretary):
    client.force_login(secretary)
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting, responsible_body="", responsible_ngo=NGOFactory())
    client.get(ACTION_ITEMS)  # the session is loaded and cached once
    with CaptureQueriesContext(connection) as one:
        client.get(ACTION_ITEMS)
    for _ in range(20):
        DecisionFactory(
            meeting=meeting, responsible_body="", responsible_ngo=NGOFactory()
        )
    with CaptureQueriesContext(connection) as many:
        client.get(ACTION_ITEMS)
    assert len(one.captured_queries) == len(many.captured_queries)


# Every move of the table, through the admin ------------------------------------------


def action_item_in(status) -> ActionItem:
    done_on = datetime.date(2018, 2, 1) if status == "done" else None
    return ActionItem.objects.get(pk=DecisionFactory(status=status, done_on=done_on).pk)


@pytest.mark.parametrize("move", list(ACTION_ITEM_MOVES), ids=move_id)
def test_every_action_item_move_through_the_admin(client, secretary, move):
    item = action_item_in(move.source)
    client.force_login(secretary)
    walk(
        client,
        obj=item,
        move=move,
        table=ACTION_ITEM_MOVES,
        history=MeetingEvent.objects.filter(decision=item).count,
    )


@pytest.mark.parametrize("move", list(ACTION_ITEM_MOVES), ids=move_id)
def test_every_action_item_move_is_refused_without_its_permission(client, move):
    item = action_item_in(move.source)
    refused_without_permission(client, obj=item, move=move, table=ACTION_ITEM_MOVES)
