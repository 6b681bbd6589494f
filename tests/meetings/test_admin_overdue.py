"""The action-item list says in words which items are overdue."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from tests.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def overdue_cells(client) -> dict[str, str]:
    response = client.get("/admin/meetings/actionitem/")
    admin = response.context["cl"].model_admin
    return {
        item.text: str(admin.overdue(item))
        for item in response.context["cl"].result_list
    }


def test_overdue_items_are_marked_overdue_and_items_on_time_on_time(client, secretary):
    today = timezone.localdate()
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting, text="دیر", due_on=today - datetime.timedelta(1))
    DecisionFactory(meeting=meeting, text="زود", due_on=today + datetime.timedelta(1))
    DecisionFactory(meeting=meeting, text="بی‌موعد", due_on=None)
    done = DecisionFactory(
        meeting=meeting, text="انجام", due_on=datetime.date(2018, 1, 1)
    )
    services.decision_change_status(decision=done, to_status="done", actor=secretary)
    client.force_login(secretary)
    cells = overdue_cells(client)
    assert cells == {
        "دیر": '<span class="status-badge status-overdue">عقب‌افتاده</span>',
        "زود": "به‌موقع",
        "بی‌موعد": "—",
        "انجام": "—",
    }
    html = client.get("/admin/meetings/actionitem/").content.decode()
    # Django's boolean icons (a green tick for "overdue") are gone.
    assert "icon-yes.svg" not in html
    assert "icon-no.svg" not in html
