import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.persian import search_key
from meetings import services
from meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MinutesLocked,
    Participant,
    Statement,
)
from tests.factories import (
    TEHRAN,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    ParticipantFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(secretary):
    """A held meeting with one of each part, its minutes then approved."""
    meeting = MeetingFactory()
    statement = StatementFactory(meeting=meeting)
    DecisionFactory(meeting=meeting)
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    meeting.refresh_from_db()
    return meeting, statement


# The lock of approved minutes ---------------------------------------------------


def test_editing_an_approved_meeting_is_refused_by_clean_and_save(approved):
    meeting, _statement = approved
    meeting.title = "عنوان دیگر"
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.error_dict["__all__"][0].code == "minutes_locked"
    with pytest.raises(MinutesLocked):
        meeting.save()
    assert Meeting.objects.get(pk=meeting.pk).title != "عنوان دیگر"


def test_an_instance_loaded_before_approval_cannot_overwrite_the_minutes(secretary):
    meeting = MeetingFactory()
    stale = Meeting.objects.get(pk=meeting.pk)
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    stale.summary = "نوشته‌ای که پس از تصویب رسید"
    with pytest.raises(MinutesLocked):
        stale.save()


def test_deleting_an_approved_meeting_is_refused(approved):
    meeting, _statement = approved
    with pytest.raises(MinutesLocked):
        meeting.delete()
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (AgendaItem, "title", "دستور تازه"),
        (Participant, "name", "نام تازه"),
        (Statement, "text", "سخن تازه"),
        (Decision, "text", "تصمیم تازه"),
        (Decision, "due_on", datetime.date(2019, 1, 1)),
    ],
)
def test_editing_a_part_of_approved_minutes_is_refused(approved, model, field, value):
    meeting, _statement = approved
    part = model.objects.filter(meeting=meeting).first()
    setattr(part, field, value)
    with pytest.raises(ValidationError) as error:
        part.full_clean()
    assert error.value.error_dict["__all__"][0].code == "minutes_locked"
    with pytest.raises(MinutesLocked):
        part.save()


@pytest.mark.parametrize(
    "factory", [AgendaItemFactory, ParticipantFactory, DecisionFactory]
)
def test_adding_a_part_to_approved_minutes_is_refused(approved, factory):
    meeting, _statement = approved
    with pytest.raises(MinutesLocked):
        factory(meeting=meeting)


def test_deleting_a_part_of_approved_minutes_is_refused(approved):
    meeting, statement = approved
    with pytest.raises(MinutesLocked):
        statement.delete()
    with pytest.raises(MinutesLocked):
        Statement.objects.filter(meeting=meeting).delete()
    assert meeting.statements.count() == 1


def test_bulk_writes_to_approved_minutes_are_refused(approved):
    meeting, statement = approved
    with pytest.raises(MinutesLocked):
        Statement.objects.filter(meeting=meeting).update(text="بازنویسی")
    with pytest.raises(MinutesLocked):
        AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, title="تازه")])
    statement.refresh_from_db()
    assert statement.text != "بازنویسی"


def test_many_to_many_links_of_approved_minutes_are_locked(approved, secretary):
    from ngos.models import FocusArea

    meeting, statement = approved
    earlier = MeetingFactory(starts_at=meeting.starts_at - datetime.timedelta(days=30))
    earlier_action = DecisionFactory(meeting=earlier)
    with pytest.raises(MinutesLocked), transaction.atomic():
        meeting.focus_areas.add(FocusArea.objects.first())
    with pytest.raises(MinutesLocked), transaction.atomic():
        statement.agenda_item.follow_up.add(earlier_action)
    with pytest.raises(MinutesLocked), transaction.atomic():
        earlier_action.followed_up_in.add(statement.agenda_item)
    assert meeting.focus_areas.count() == 0
    assert statement.agenda_item.follow_up.count() == 0


def test_following_up_an_action_item_of_approved_minutes_is_allowed(approved):
    meeting, _statement = approved
    action = meeting.decisions.get()
    action.status = Decision.Status.DONE
    action.done_on = datetime.date(2018, 2, 1)
    action.full_clean()
    action.save()
    assert Decision.objects.get(pk=action.pk).status == "done"


def test_draft_minutes_can_be_edited(secretary):
    meeting = MeetingFactory()
    statement = StatementFactory(meeting=meeting)
    statement.text = "ویرایش پیش‌نویس"
    statement.full_clean()
    statement.save()
    assert Statement.objects.get(pk=statement.pk).text == "ویرایش پیش‌نویس"


# Statements point only into their own meeting -----------------------------------


def test_a_speaker_from_another_meeting_is_refused():
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    stranger = ParticipantFactory(meeting=MeetingFactory())
    statement = Statement(meeting=meeting, agenda_item=item, speaker=stranger, text="x")
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert [e.code for e in error.value.error_dict["speaker"]] == [
        "speaker_other_meeting"
    ]
    # Also when validation is skipped.
    with pytest.raises(ValidationError):
        statement.save()
    assert Statement.objects.count() == 0


def test_an_agenda_item_from_another_meeting_is_refused():
    meeting = MeetingFactory()
    speaker = ParticipantFactory(meeting=meeting)
    other_item = AgendaItemFactory(meeting=MeetingFactory())
    statement = Statement(
        meeting=meeting, agenda_item=other_item, speaker=speaker, text="x"
    )
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert [e.code for e in error.value.error_dict["agenda_item"]] == [
        "agenda_item_other_meeting"
    ]


def test_a_participant_recorded_as_absent_cannot_have_spoken():
    meeting = MeetingFactory()
    absent = ParticipantFactory(meeting=meeting, attended=False, name="غایب")
    statement = Statement(
        meeting=meeting,
        agenda_item=AgendaItemFactory(meeting=meeting),
        speaker=absent,
        text="x",
    )
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert error.value.error_dict["speaker"][0].code == "speaker_absent"
    assert "غایب" in error.value.error_dict["speaker"][0].message % {"name": "غایب"}


def test_a_participant_is_from_a_registry_ngo_or_a_typed_affiliation_not_both():
    participant = ParticipantFactory.build(
        meeting=MeetingFactory(), ngo=NGOFactory(), affiliation="نهادی دیگر"
    )
    with pytest.raises(ValidationError) as error:
        participant.full_clean()
    assert error.value.error_dict["affiliation"][0].code == "ngo_and_affiliation"


def test_affiliation_name_comes_from_the_ngo_or_the_text():
    ngo = NGOFactory(name="موسسه نمونه")
    assert ParticipantFactory(ngo=ngo).affiliation_name == "موسسه نمونه"
    assert ParticipantFactory(affiliation="شهرداری").affiliation_name == "شهرداری"


# Meetings -----------------------------------------------------------------------


def test_a_meeting_must_end_after_it_starts():
    meeting = MeetingFactory.build(
        ends_at=datetime.datetime(2018, 1, 8, 9, 0, tzinfo=TEHRAN)
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.error_dict["ends_at"][0].code == "ends_before_start"


def test_the_database_refuses_approved_minutes_of_a_meeting_not_held():
    meeting = MeetingFactory(status="scheduled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_status="approved", approved_at=timezone.now()
        )


def test_public_meetings_are_announcements_and_approved_records():
    scheduled = MeetingFactory(status="scheduled")
    cancelled = MeetingFactory(status="cancelled")
    draft = MeetingFactory(status="held")
    approved = MeetingFactory(status="held", approved=True)
    assert set(Meeting.objects.public()) == {scheduled, cancelled, approved}
    assert draft.is_public is False
    assert approved.has_public_minutes is True
    assert scheduled.has_public_minutes is False


def test_new_parts_are_ordered_after_the_others():
    meeting = MeetingFactory()
    first = AgendaItemFactory(meeting=meeting)
    second = AgendaItemFactory(meeting=meeting)
    ten = AgendaItemFactory(meeting=meeting, order=10)
    last = AgendaItemFactory(meeting=meeting)
    assert (first.order, second.order, ten.order, last.order) == (1, 2, 10, 11)
    assert list(meeting.agenda_items.all()) == [first, second, ten, last]


def test_bulk_created_parts_get_orders_too():
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, title="الف"),
            AgendaItem(meeting=meeting, title="ب"),
        ]
    )
    assert list(meeting.agenda_items.values_list("order", flat=True)) == [1, 2, 3]


def test_a_meeting_with_history_cannot_be_deleted(secretary):
    from django.db.models import ProtectedError

    meeting = MeetingFactory(status="scheduled")
    services.meeting_change_status(
        meeting=meeting, to_status="cancelled", actor=secretary, reason="تعطیلی رسمی"
    )
    with pytest.raises(ProtectedError):
        meeting.delete()


def test_a_draft_meeting_is_deleted_with_all_its_parts():
    meeting = MeetingFactory()
    StatementFactory(meeting=meeting)
    DecisionFactory(meeting=meeting)
    meeting.delete()
    assert (Statement.objects.count(), AgendaItem.objects.count()) == (0, 0)
    assert (Participant.objects.count(), Decision.objects.count()) == (0, 0)


def test_an_agenda_item_with_statements_cannot_be_deleted_alone():
    from django.db.models import RestrictedError

    statement = StatementFactory()
    with pytest.raises(RestrictedError):
        statement.agenda_item.delete()


# Action items -------------------------------------------------------------------


def test_only_action_items_can_be_done_in_the_database():
    decision = DecisionFactory(kind="decision")
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(
            status="done", done_on=datetime.date(2018, 2, 1)
        )


def test_a_done_action_item_has_a_date_in_the_database():
    action = DecisionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=action.pk).update(status="done")


def test_an_action_item_has_one_owner():
    action = DecisionFactory.build(
        meeting=MeetingFactory(), responsible_ngo=NGOFactory(), responsible_body="x"
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert error.value.error_dict["responsible_body"][0].code == "two_owners"


def test_overdue_means_open_and_past_its_due_date():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    late = DecisionFactory(due_on=yesterday)
    due_today = DecisionFactory(due_on=today)
    undated = DecisionFactory(due_on=None)
    decision = DecisionFactory(kind="decision", due_on=yesterday)
    assert [late.is_overdue, due_today.is_overdue, undated.is_overdue] == [
        True,
        False,
        False,
    ]
    assert decision.is_overdue is False
    assert list(ActionItem.objects.overdue()) == [ActionItem.objects.get(pk=late.pk)]


def test_action_items_are_the_action_items_only():
    action = DecisionFactory()
    DecisionFactory(kind="decision")
    assert list(ActionItem.objects.values_list("pk", flat=True)) == [action.pk]


def test_owner_name_is_the_ngo_or_the_body():
    assert DecisionFactory(responsible_body="شهرداری").owner_name == "شهرداری"
    ngo = NGOFactory(name="موسسه نمونه")
    owned = DecisionFactory(responsible_body="", responsible_ngo=ngo)
    assert owned.owner_name == "موسسه نمونه"


# The search key -------------------------------------------------------------------


def test_the_search_key_holds_title_and_agenda_but_not_draft_minutes():
    meeting = MeetingFactory(title="جلسه نخست", summary="")
    AgendaItemFactory(meeting=meeting, title="مسکن زنان")
    StatementFactory(meeting=meeting, text="سخنی محرمانه")
    meeting.refresh_from_db()
    assert "مسکنزنان" in meeting.search_key
    assert "جلسهنخست" in meeting.search_key
    assert search_key("محرمانه") not in meeting.search_key


def test_approving_adds_the_minutes_to_the_search_key_and_reopening_removes_them(
    secretary,
):
    meeting = MeetingFactory()
    StatementFactory(meeting=meeting, text="اشتغال خانگي")
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    meeting.refresh_from_db()
    assert "اشتغالخانگی" in meeting.search_key
    services.minutes_change_status(
        meeting=meeting, to_status="draft", actor=secretary, reason="اصلاح نام"
    )
    meeting.refresh_from_db()
    assert "اشتغالخانگی" not in meeting.search_key


def test_the_search_key_follows_agenda_edits_and_deletions():
    meeting = MeetingFactory(summary="")
    item = AgendaItemFactory(meeting=meeting, title="آموزش")
    item.title = "بهداشت"
    item.save()
    meeting.refresh_from_db()
    assert "بهداشت" in meeting.search_key
    assert "اموزش" not in meeting.search_key
    item.delete()
    meeting.refresh_from_db()
    assert "بهداشت" not in meeting.search_key


def test_the_search_key_follows_bulk_writes_of_the_agenda():
    meeting = MeetingFactory(summary="")
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, title="حقوقی")])
    meeting.refresh_from_db()
    assert "حقوقی" in meeting.search_key
    AgendaItem.objects.filter(meeting=meeting).update(title="روانی")
    meeting.refresh_from_db()
    assert "روانی" in meeting.search_key
    assert "حقوقی" not in meeting.search_key


def test_str_shows_the_jalali_date():
    meeting = MeetingFactory(title="جلسه")
    assert str(meeting) == "جلسه (۱۳۹۶/۱۰/۱۸)"
