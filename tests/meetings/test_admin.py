import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.transitions import REASON_REQUIRED, Move
from meetings import services
from meetings.models import Meeting, MeetingEvent, Statement
from meetings.moves import MEETING_MOVES, MINUTES_MOVES
from tests.factories import (
    TEHRAN,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    ParticipantFactory,
    StatementFactory,
)
from tests.moves import refused_without_permission, walk

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/meetings/meeting/"
ADD = "/admin/meetings/meeting/add/"


def change_url(meeting) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/change/"


def act_url(meeting, act) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/move/{act}/"


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data of an admin inline formset with ``rows``."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def meeting_form(**fields) -> dict:
    data = {
        "title": "جلسه کارگروه",
        "starts_at_0": "۱۳۹۶/۱۰/۱۸",
        "starts_at_1": "۱۰:۰۰",
        "ends_at_0": "1396/10/18",
        "ends_at_1": "12:00",
        "place": "تهران",
        "organiser": "معاونت مشارکت‌های اجتماعی",
        "summary": "خلاصه",
    }
    data.update(fields)
    return data


def existing(prefix: str, objects, fields) -> list[dict]:
    """Rows for stored inline objects, unchanged."""
    rows = []
    for obj in objects:
        row = {"id": str(obj.pk), "meeting": str(obj.meeting_id)}
        for name in fields:
            value = getattr(obj, f"{name}_id", None) or getattr(obj, name)
            row[name] = "on" if value is True else ("" if value is None else str(value))
        rows.append(row)
    return rows


def change_data(meeting, statements=(), **fields) -> dict:
    """POST data of the meeting's change form, with new ``statements``."""
    data = meeting_form(**{"title": meeting.title, **fields})
    agenda = existing("agenda_items", meeting.agenda_items.all(), ["order", "title"])
    people = existing(
        "participants",
        meeting.participants.all(),
        ["order", "name", "position", "role", "attended"],
    )
    said = existing(
        "statements",
        meeting.statements.all(),
        ["order", "agenda_item", "speaker", "text"],
    )
    decided = existing("decisions", meeting.decisions.all(), ["order", "kind", "text"])
    data.update(formset("agenda_items", agenda, initial=len(agenda)))
    data.update(formset("participants", people, initial=len(people)))
    data.update(formset("statements", said + list(statements), initial=len(said)))
    data.update(formset("decisions", decided, initial=len(decided)))
    data.update(formset("events", [], initial=0))
    return data


# Access ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(client):
    meeting = MeetingFactory()
    for url in [CHANGELIST, change_url(meeting), act_url(meeting, "approve")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_secretary_reaches_the_meeting_admin(client, secretary):
    meeting = MeetingFactory()
    client.force_login(secretary)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(ADD).status_code == 200
    assert client.get(change_url(meeting)).status_code == 200
    assert client.get("/admin/meetings/actionitem/").status_code == 200


def test_a_reviewer_cannot_change_meetings(client, reviewer):
    meeting = MeetingFactory()
    client.force_login(reviewer)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(meeting)).status_code == 403
    assert client.post(change_url(meeting), meeting_form(title="x")).status_code == 403
    assert client.post(act_url(meeting, "approve")).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).title != "x"


# Recording a meeting -----------------------------------------------------------------


def test_a_secretary_records_a_meeting_in_jalali_with_its_parts(client, secretary):
    ngo = NGOFactory(name="موسسه مهرآفرینان")
    client.force_login(secretary)
    data = meeting_form()
    data.update(
        formset(
            "agenda_items",
            [{"title": "نقش سازمان‌ها"}, {"title": "فراخوان"}],
        )
    )
    data.update(
        formset(
            "participants",
            [
                {
                    "name": "دکتر اکبری",
                    "position": "معاون",
                    "role": "chair",
                    "attended": "on",
                },
                {
                    "name": "مریم احمدی",
                    "role": "ngo_representative",
                    "ngo": ngo.pk,
                    "attended": "on",
                },
            ],
        )
    )
    data.update(
        formset(
            "decisions",
            [
                {
                    "kind": "action_item",
                    "text": "تهیه قالب",
                    "responsible_body": "دبیرخانه",
                    "due_on": "۱۳۹۶/۱۱/۱۵",
                }
            ],
        )
    )
    response = client.post(ADD, data)
    assert response.status_code == 302, response.context["errors"]
    meeting = Meeting.objects.get()
    assert meeting.starts_at == datetime.datetime(2018, 1, 8, 10, 0, tzinfo=TEHRAN)
    assert (meeting.status, meeting.minutes_status) == ("scheduled", "draft")
    assert [i.title for i in meeting.agenda_items.all()] == ["نقش سازمان‌ها", "فراخوان"]
    assert [i.order for i in meeting.agenda_items.all()] == [1, 2]
    assert meeting.participants.get(name="مریم احمدی").ngo == ngo
    assert meeting.decisions.get().due_on == datetime.date(2018, 2, 4)
    assert "نقشسازمانها" in meeting.search_key


def test_the_add_form_has_no_statements_until_the_meeting_is_saved(client, secretary):
    client.force_login(secretary)
    inlines = client.get(ADD).context["inline_admin_formsets"]
    assert [f.formset.prefix for f in inlines] == [
        "agenda_items",
        "participants",
        "decisions",
    ]


def test_statement_choices_are_this_meetings_participants_and_items(client, secretary):
    meeting = MeetingFactory()
    ours = ParticipantFactory(meeting=meeting, name="از این جلسه")
    ParticipantFactory(meeting=MeetingFactory(), name="از جلسه دیگر")
    item = AgendaItemFactory(meeting=meeting)
    AgendaItemFactory(meeting=MeetingFactory())
    client.force_login(secretary)
    response = client.get(change_url(meeting))
    statements = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "statements"
    )
    form = statements.formset.forms[0]
    assert list(form.fields["speaker"].queryset) == [ours]
    assert list(form.fields["agenda_item"].queryset) == [item]
    assert list(statements.formset.empty_form.fields["speaker"].queryset) == [ours]


def test_a_statement_with_a_speaker_of_another_meeting_is_refused(client, secretary):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting)
    stranger = ParticipantFactory(meeting=MeetingFactory())
    client.force_login(secretary)
    response = client.post(
        change_url(meeting),
        change_data(
            meeting,
            statements=[
                {"agenda_item": item.pk, "speaker": stranger.pk, "text": "سخن"}
            ],
        ),
    )
    assert response.status_code == 200
    assert Statement.objects.count() == 0
    statements = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "statements"
    )
    assert (
        statements.formset.forms[0]
        .errors["speaker"][0]
        .startswith("یک گزینهٔ معتبر انتخاب کنید")
    )


def test_a_participant_from_an_ngo_with_a_typed_affiliation_too_is_explained(
    client, secretary
):
    ngo = NGOFactory()
    client.force_login(secretary)
    data = meeting_form()
    data.update(
        formset(
            "participants",
            [
                {
                    "name": "مریم احمدی",
                    "role": "ngo_representative",
                    "ngo": ngo.pk,
                    "affiliation": "موسسه دیگر",
                    "attended": "on",
                }
            ],
        )
    )
    data.update(formset("agenda_items", []))
    data.update(formset("decisions", []))
    response = client.post(ADD, data)
    assert response.status_code == 200
    participants = response.context["inline_admin_formsets"][1].formset
    assert participants.forms[0].errors == {
        "affiliation": [
            "یا سازمان را از فهرست سازمان‌های ثبت‌شده انتخاب کنید یا وابستگی "
            "سازمانی را بنویسید، نه هر دو را."
        ]
    }
    assert Meeting.objects.count() == 0


def test_follow_up_offers_open_action_items_of_earlier_meetings(client, secretary):
    earlier = MeetingFactory(starts_at=datetime.datetime(2017, 12, 1, tzinfo=TEHRAN))
    open_item = DecisionFactory(meeting=earlier)
    done_item = DecisionFactory(meeting=earlier)
    services.decision_change_status(
        decision=done_item, to_status="done", actor=secretary
    )
    DecisionFactory(meeting=earlier, kind="decision")
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting)  # its own items are not matters arising
    client.force_login(secretary)
    response = client.get(change_url(meeting))
    agenda = response.context["inline_admin_formsets"][0].formset
    assert [d.pk for d in agenda.forms[0].fields["follow_up"].queryset] == [
        open_item.pk
    ]


# Approved minutes are locked ---------------------------------------------------------


@pytest.fixture
def approved(secretary):
    meeting = MeetingFactory(title="تصویب‌شده")
    StatementFactory(meeting=meeting)
    DecisionFactory(meeting=meeting)
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    meeting.refresh_from_db()
    return meeting


def test_approved_minutes_are_read_only_in_the_admin(client, secretary, approved):
    client.force_login(secretary)
    response = client.get(change_url(approved))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["has_change_permission"] is False
    assert 'name="_save"' not in html
    assert 'name="title"' not in html
    for inline in response.context["inline_admin_formsets"]:
        assert inline.has_add_permission is False
        assert inline.has_change_permission is False
        assert inline.has_delete_permission is False
    assert "این صورت‌جلسه تصویب و منتشر شده" in html


def test_posting_changes_to_approved_minutes_is_refused(client, secretary, approved):
    client.force_login(secretary)
    response = client.post(
        change_url(approved), change_data(approved, title="عنوان دیگر")
    )
    assert response.status_code == 403
    assert Meeting.objects.get(pk=approved.pk).title == "تصویب‌شده"


def test_approved_minutes_cannot_be_deleted_in_the_admin(client, secretary, approved):
    client.force_login(secretary)
    response = client.post(
        f"/admin/meetings/meeting/{approved.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert Meeting.objects.filter(pk=approved.pk).exists()


# Acts on the record -----------------------------------------------------------------


def offered(client, meeting):
    """The page's moves: those it offers now, and those a rule refuses now
    (shown disabled) with why."""
    moves = client.get(change_url(meeting)).context["moves"]
    return (
        [str(m["move"].label) for m in moves if not m["refusal"]],
        {str(m["move"].label): m["refusal"] for m in moves if m["refusal"]},
    )


def test_the_meeting_page_offers_the_acts_its_state_allows(client, secretary):
    client.force_login(secretary)
    held = MeetingFactory()
    assert offered(client, held)[0] == ["برگشت به برنامه‌ریزی‌شده", "تصویب صورت‌جلسه"]
    scheduled = MeetingFactory(status="scheduled")
    assert offered(client, scheduled)[0] == ["ثبت برگزاری جلسه", "لغو جلسه"]
    future = MeetingFactory(
        status="scheduled", starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    labels, refused = offered(client, future)
    assert labels == ["لغو جلسه"]
    # Recording a meeting that has not started (and approving its minutes)
    # is shown disabled, with why.
    assert list(refused) == ["ثبت برگزاری جلسه", "تصویب صورت‌جلسه"]
    assert all(refused.values())


def test_approved_minutes_offer_only_to_reopen_them(client, secretary, approved):
    client.force_login(secretary)
    moves = client.get(change_url(approved)).context["moves"]
    assert [m["move"].action for m in moves if not m["refusal"]] == ["reopen"]


def test_approving_asks_first_and_changes_nothing_on_get(client, secretary):
    meeting = MeetingFactory()
    client.force_login(secretary)
    response = client.get(act_url(meeting, "approve"))
    assert response.status_code == 200
    assert "منتشر و قفل" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).minutes_status == "draft"


def test_approving_through_the_admin(client, secretary):
    meeting = MeetingFactory()
    client.force_login(secretary)
    response = client.post(act_url(meeting, "approve"), {"apply": "1"})
    assert response.status_code == 302
    assert response["Location"] == change_url(meeting)
    meeting.refresh_from_db()
    assert (meeting.minutes_status, meeting.approved_by) == ("approved", secretary)


def test_reopening_needs_a_reason_and_is_kept_in_the_history(
    client, secretary, approved
):
    client.force_login(secretary)
    response = client.post(act_url(approved, "reopen"), {"apply": "1", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [str(REASON_REQUIRED)]
    assert Meeting.objects.get(pk=approved.pk).is_approved

    response = client.post(
        act_url(approved, "reopen"),
        {"apply": "1", "reason": "نام یک سازمان اشتباه ثبت شده بود"},
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.minutes_status == "draft"
    event = MeetingEvent.objects.filter(meeting=approved).last()
    assert (event.action, event.actor, event.reason) == (
        "reopened",
        secretary,
        "نام یک سازمان اشتباه ثبت شده بود",
    )
    html = client.get(change_url(approved)).content.decode()
    assert "نام یک سازمان اشتباه ثبت شده بود" in html  # the history inline
    assert 'name="_save"' in html


def test_an_act_that_does_not_fit_the_state_is_explained_and_changes_nothing(
    client, secretary
):
    meeting = MeetingFactory(status="scheduled")
    client.force_login(secretary)
    response = client.post(act_url(meeting, "approve"), {"apply": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "فقط صورت‌جلسه جلسه‌ای که برگزار شده است تصویب می‌شود."
    ]
    assert Meeting.objects.get(pk=meeting.pk).minutes_status == "draft"
    assert MeetingEvent.objects.count() == 0


def test_an_unknown_act_is_not_found(client, secretary):
    meeting = MeetingFactory()
    client.force_login(secretary)
    response = client.post(act_url(meeting, "explode"), {"apply": "1"})
    assert response.status_code == 404


def test_recording_a_meeting_in_the_future_as_held_is_refused_with_a_message(
    client, secretary
):
    meeting = MeetingFactory(
        status="scheduled", starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    client.force_login(secretary)
    response = client.post(act_url(meeting, "hold"), {"apply": "1"})
    assert "جلسه‌ای که هنوز شروع نشده" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"


def test_moving_a_held_meeting_into_the_future_is_explained(client, secretary):
    meeting = MeetingFactory()
    client.force_login(secretary)
    response = client.post(
        change_url(meeting), change_data(meeting, starts_at_0="1499/01/01")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [
        "جلسه برگزارشده ثبت شده است، پس نمی‌تواند در آینده شروع شود."
    ]


def test_start_next_meeting_from_the_admin(client, secretary):
    previous = MeetingFactory()
    action = DecisionFactory(meeting=previous)
    client.force_login(secretary)
    url = f"/admin/meetings/meeting/{previous.pk}/start-next/"
    page = client.get(url)
    assert page.status_code == 200
    assert [a.pk for a in page.context["open_action_items"]] == [action.pk]
    response = client.post(
        url,
        {
            "title": "جلسه بعدی",
            "starts_at_0": "1396/11/20",
            "starts_at_1": "10:00",
            "place": "",
        },
    )
    meeting = Meeting.objects.get(title="جلسه بعدی")
    assert response["Location"] == change_url(meeting)
    assert meeting.starts_at == datetime.datetime(2018, 2, 9, 10, tzinfo=TEHRAN)
    assert list(meeting.agenda_items.get().follow_up.all()) == [action]


def test_start_next_meeting_refuses_a_date_before_the_previous_one(client, secretary):
    previous = MeetingFactory()
    client.force_login(secretary)
    response = client.post(
        f"/admin/meetings/meeting/{previous.pk}/start-next/",
        {"title": "x", "starts_at_0": "1396/10/01", "starts_at_1": "10:00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"]
    assert Meeting.objects.count() == 1


def test_admin_search_normalises_persian(client, secretary):
    MeetingFactory(title="جلسه کارگروه کودکان")
    MeetingFactory(title="جلسه دیگر")
    client.force_login(secretary)
    response = client.get(CHANGELIST, {"q": "كودكان"})
    assert [m.title for m in response.context["cl"].result_list] == [
        "جلسه کارگروه کودکان"
    ]


def test_meeting_list_filters_by_jalali_year(client, secretary):
    MeetingFactory(
        title="۱۳۹۶", starts_at=datetime.datetime(2018, 3, 20, 23, tzinfo=TEHRAN)
    )
    MeetingFactory(
        title="۱۳۹۷", starts_at=datetime.datetime(2018, 3, 21, 1, tzinfo=TEHRAN)
    )
    client.force_login(secretary)
    response = client.get(CHANGELIST, {"starts_at__jyear": "1397"})
    assert [m.title for m in response.context["cl"].result_list] == ["۱۳۹۷"]


def test_meeting_list_runs_a_fixed_number_of_queries(client, secretary):
    client.force_login(secretary)
    MeetingFactory()
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as one:
        client.get(CHANGELIST)
    for day in range(1, 20):
        MeetingFactory(starts_at=datetime.datetime(2018, 2, day, tzinfo=TEHRAN))
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST)
    assert len(one.captured_queries) == len(many.captured_queries)


# Every move of every table, through the admin --------------------------------------


def move_id(move):
    return f"{move.source}-{move.action}"


def meeting_in(table, status) -> Meeting:
    """A meeting whose ``table`` field is ``status``, nothing else against a move."""
    if table is MINUTES_MOVES:
        return MeetingFactory(approved=status == "approved")
    return MeetingFactory(status=status)


def meeting_history(meeting):
    return MeetingEvent.objects.filter(meeting=meeting).count


@pytest.mark.parametrize("move", list(MEETING_MOVES), ids=move_id)
def test_every_meeting_move_through_the_admin(client, secretary, move):
    meeting = meeting_in(MEETING_MOVES, move.source)
    client.force_login(secretary)
    walk(
        client,
        obj=meeting,
        move=move,
        table=MEETING_MOVES,
        history=meeting_history(meeting),
    )


@pytest.mark.parametrize("move", list(MINUTES_MOVES), ids=move_id)
def test_every_minutes_move_through_the_admin(client, secretary, move):
    meeting = meeting_in(MINUTES_MOVES, move.source)
    client.force_login(secretary)
    walk(
        client,
        obj=meeting,
        move=move,
        table=MINUTES_MOVES,
        history=meeting_history(meeting),
    )


@pytest.mark.parametrize(
    ("table", "move"),
    [
        *((MEETING_MOVES, move) for move in MEETING_MOVES),
        *((MINUTES_MOVES, move) for move in MINUTES_MOVES),
    ],
    ids=lambda value: move_id(value) if isinstance(value, Move) else value.field,
)
def test_every_meeting_move_is_refused_without_its_permission(client, table, move):
    meeting = meeting_in(table, move.source)
    refused_without_permission(client, obj=meeting, move=move, table=table)


def test_several_meetings_are_moved_from_the_list(client, secretary):
    meetings = [MeetingFactory(), MeetingFactory(), MeetingFactory(status="scheduled")]
    client.force_login(secretary)
    data = {"action": "move_approve", "_selected_action": [m.pk for m in meetings]}
    page = client.post(CHANGELIST, data)
    movable = {row["object"].pk: row["movable"] for row in page.context["rows"]}
    assert movable == {
        meetings[0].pk: True,
        meetings[1].pk: True,
        meetings[2].pk: False,
    }
    response = client.post(CHANGELIST, {**data, "apply": "1"})
    assert response.status_code == 302
    statuses = [Meeting.objects.get(pk=m.pk).minutes_status for m in meetings]
    assert statuses == ["approved", "approved", "draft"]
