import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.transitions import TransitionError
from meetings import services
from meetings.models import Decision, Meeting, MeetingEvent
from tests.factories import (
    TEHRAN,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db


def error_code(raised) -> str:
    return raised.value.error_list[0].code


# Meeting status -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "target", "action"),
    [
        ("scheduled", "held", "held"),
        ("scheduled", "cancelled", "cancelled"),
        ("cancelled", "scheduled", "rescheduled"),
        ("held", "scheduled", "rescheduled"),
    ],
)
def test_legal_meeting_moves_are_recorded(secretary, start, target, action):
    meeting = MeetingFactory(status=start)
    services.meeting_change_status(
        meeting=meeting, to_status=target, actor=secretary, reason="دلیل"
    )
    meeting.refresh_from_db()
    assert meeting.status == target
    event = MeetingEvent.objects.get(meeting=meeting)
    assert (event.action, event.actor, event.reason) == (action, secretary, "دلیل")


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("held", "cancelled"),
        ("cancelled", "held"),
        ("held", "held"),
        ("scheduled", "scheduled"),
    ],
)
def test_illegal_meeting_moves_are_refused(secretary, start, target):
    meeting = MeetingFactory(status=start)
    with pytest.raises(TransitionError) as raised:
        services.meeting_change_status(
            meeting=meeting, to_status=target, actor=secretary, reason="دلیل"
        )
    assert error_code(raised) == "illegal_transition"
    assert Meeting.objects.get(pk=meeting.pk).status == start
    assert MeetingEvent.objects.count() == 0


def test_cancelling_needs_a_reason(secretary):
    meeting = MeetingFactory(status="scheduled")
    with pytest.raises(TransitionError) as raised:
        services.meeting_change_status(
            meeting=meeting, to_status="cancelled", actor=secretary, reason="  "
        )
    assert error_code(raised) == "reason_required"


def test_a_meeting_in_the_future_cannot_be_recorded_as_held(secretary):
    meeting = MeetingFactory(
        status="scheduled",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    with pytest.raises(TransitionError) as raised:
        services.meeting_change_status(
            meeting=meeting, to_status="held", actor=secretary
        )
    assert error_code(raised) == "held_in_future"


def test_a_meeting_with_approved_minutes_keeps_its_status(secretary):
    meeting = MeetingFactory()
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    with pytest.raises(TransitionError) as raised:
        services.meeting_change_status(
            meeting=meeting, to_status="scheduled", actor=secretary
        )
    assert error_code(raised) == "minutes_locked"


@pytest.mark.parametrize(
    ("change", "subject", "target"),
    [
        (services.meeting_change_status, "meeting", "cancelled"),
        (services.minutes_change_status, "meeting", "approved"),
        (services.decision_change_status, "decision", "done"),
    ],
)
def test_staff_without_the_permission_change_nothing(reviewer, change, subject, target):
    meeting = MeetingFactory(status="held" if target == "approved" else "scheduled")
    item = DecisionFactory(meeting=meeting)
    with pytest.raises(PermissionDenied):
        change(
            **{subject: meeting if subject == "meeting" else item},
            to_status=target,
            actor=reviewer,
            reason="دلیل",
        )
    assert MeetingEvent.objects.count() == 0


# Minutes --------------------------------------------------------------------------


def test_approving_publishes_and_records_who_and_when(secretary):
    meeting = MeetingFactory()
    before = timezone.now()
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved"
    assert meeting.approved_by == secretary
    assert meeting.approved_at >= before
    assert meeting.is_public is True
    event = MeetingEvent.objects.get()
    assert (event.action, event.actor) == ("approved", secretary)


@pytest.mark.parametrize("status", ["scheduled", "cancelled"])
def test_minutes_of_a_meeting_not_held_cannot_be_approved(secretary, status):
    meeting = MeetingFactory(status=status)
    with pytest.raises(TransitionError) as raised:
        services.minutes_change_status(
            meeting=meeting, to_status="approved", actor=secretary
        )
    assert error_code(raised) == "not_held"


def test_approving_twice_is_refused(secretary):
    meeting = MeetingFactory()
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    with pytest.raises(TransitionError) as raised:
        services.minutes_change_status(
            meeting=meeting, to_status="approved", actor=secretary
        )
    assert error_code(raised) == "illegal_transition"
    assert MeetingEvent.objects.count() == 1


def test_reopening_needs_a_reason(secretary):
    meeting = MeetingFactory()
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    with pytest.raises(TransitionError) as raised:
        services.minutes_change_status(
            meeting=meeting, to_status="draft", actor=secretary, reason=""
        )
    assert error_code(raised) == "reason_required"
    assert Meeting.objects.get(pk=meeting.pk).is_approved


def test_reopening_unlocks_the_minutes_and_keeps_the_history(secretary, superuser):
    meeting = MeetingFactory()
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    services.minutes_change_status(
        meeting=meeting,
        to_status="draft",
        actor=superuser,
        reason="نام یکی از حاضران اشتباه بود",
    )
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.approved_at, meeting.approved_by) == (
        "draft",
        None,
        None,
    )
    assert meeting.is_public is False
    history = list(
        MeetingEvent.objects.filter(meeting=meeting).values_list(
            "action", "actor__username", "reason"
        )
    )
    assert history == [
        ("approved", "secretary", ""),
        ("reopened", "admin", "نام یکی از حاضران اشتباه بود"),
    ]
    # Unlocked: the record can be corrected and approved again.
    AgendaItemFactory(meeting=meeting, title="افزوده پس از بازگشایی")
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    assert MeetingEvent.objects.filter(meeting=meeting).count() == 3


def test_draft_minutes_cannot_be_reopened(secretary):
    with pytest.raises(TransitionError) as raised:
        services.minutes_change_status(
            meeting=MeetingFactory(), to_status="draft", actor=secretary, reason="x"
        )
    assert error_code(raised) == "illegal_transition"


# Action items ---------------------------------------------------------------------


def test_an_action_item_of_approved_minutes_is_marked_done(secretary):
    meeting = MeetingFactory()
    action = DecisionFactory(meeting=meeting)
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    services.decision_change_status(
        decision=action,
        to_status="done",
        actor=secretary,
        done_on=datetime.date(2018, 2, 3),
        reason="قالب فرستاده شد",
    )
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("done", datetime.date(2018, 2, 3))
    event = MeetingEvent.objects.get(action="item_done")
    assert (event.decision_id, event.reason) == (action.pk, "قالب فرستاده شد")
    assert Meeting.objects.get(pk=meeting.pk).is_approved


def test_done_defaults_to_today_and_open_again_clears_the_date(secretary):
    action = DecisionFactory()
    services.decision_change_status(decision=action, to_status="done", actor=secretary)
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    services.decision_change_status(decision=action, to_status="open", actor=secretary)
    action.refresh_from_db()
    assert (action.status, action.done_on) == ("open", None)
    assert list(MeetingEvent.objects.values_list("action", flat=True)) == [
        "item_done",
        "item_reopened",
    ]


@pytest.mark.parametrize(
    ("done_on", "code"),
    [
        (datetime.date(2017, 12, 31), "done_before_agreed"),
        (datetime.date.today() + datetime.timedelta(days=2), "done_in_future"),
    ],
)
def test_an_impossible_done_date_is_refused(secretary, done_on, code):
    action = DecisionFactory()
    with pytest.raises(TransitionError) as raised:
        services.decision_change_status(
            decision=action, to_status="done", actor=secretary, done_on=done_on
        )
    assert raised.value.error_dict["done_on"][0].code == code


def test_a_decision_is_not_followed_up_like_an_action_item(secretary):
    decision = DecisionFactory(kind="decision")
    with pytest.raises(TransitionError) as raised:
        services.decision_change_status(
            decision=decision, to_status="done", actor=secretary
        )
    assert error_code(raised) == "not_action_item"


def test_marking_done_twice_is_refused(secretary):
    action = DecisionFactory()
    services.decision_change_status(decision=action, to_status="done", actor=secretary)
    with pytest.raises(TransitionError) as raised:
        services.decision_change_status(
            decision=action, to_status="done", actor=secretary
        )
    assert error_code(raised) == "illegal_transition"


# The next meeting -----------------------------------------------------------------


def test_start_next_meeting_links_the_open_action_items(secretary):
    first = MeetingFactory(starts_at=datetime.datetime(2018, 1, 8, 10, tzinfo=TEHRAN))
    open_early = DecisionFactory(meeting=first, text="باز از جلسه نخست")
    done_early = DecisionFactory(meeting=first, text="انجام‌شده")
    DecisionFactory(meeting=first, kind="decision", text="تصمیم")
    services.decision_change_status(
        decision=done_early, to_status="done", actor=secretary
    )
    previous = MeetingFactory(
        starts_at=datetime.datetime(2018, 3, 1, 10, tzinfo=TEHRAN), place="قم"
    )
    open_previous = DecisionFactory(meeting=previous)
    cancelled = MeetingFactory(
        status="cancelled", starts_at=datetime.datetime(2018, 2, 1, tzinfo=TEHRAN)
    )
    DecisionFactory(meeting=cancelled)
    later = MeetingFactory(starts_at=datetime.datetime(2018, 6, 1, tzinfo=TEHRAN))
    DecisionFactory(meeting=later)
    from ngos.models import FocusArea

    previous.focus_areas.set(FocusArea.objects.all()[:2])

    meeting = services.meeting_start_next(
        previous=previous,
        title="جلسه بعدی",
        starts_at=datetime.datetime(2018, 4, 30, 10, tzinfo=TEHRAN),
    )

    assert (meeting.status, meeting.minutes_status) == ("scheduled", "draft")
    assert (meeting.place, meeting.organiser) == ("قم", previous.organiser)
    assert set(meeting.focus_areas.all()) == set(previous.focus_areas.all())
    (arising,) = meeting.agenda_items.all()
    assert arising.order == 1
    assert arising.title == "موارد پیگیری از جلسه‌های پیشین"
    assert set(arising.follow_up.values_list("pk", flat=True)) == {
        open_early.pk,
        open_previous.pk,
    }
    # Linked, not copied.
    assert Decision.objects.count() == 6


def test_the_next_meeting_must_start_after_the_previous_one(secretary):
    previous = MeetingFactory()
    with pytest.raises(ValidationError) as raised:
        services.meeting_start_next(
            previous=previous, title="x", starts_at=previous.starts_at
        )
    assert raised.value.error_dict["starts_at"][0].code == "not_after_previous"
    assert Meeting.objects.count() == 1
