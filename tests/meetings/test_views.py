import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings import services, views
from ngos import reference
from tests.factories import (
    TEHRAN,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    ParticipantFactory,
    ProposalFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>")


def approve(meeting, user):
    services.minutes_change_status(meeting=meeting, to_status="approved", actor=user)
    meeting.refresh_from_db()
    return meeting


def titles(response) -> list[str]:
    return [meeting.title for meeting in response.context["meetings"]]


def text(response) -> str:
    """The page's text without tags, spaces collapsed."""
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.split())


# The archive ------------------------------------------------------------------------


def test_archive_lists_public_meetings_newest_first(client, secretary):
    old = approve(MeetingFactory(title="قدیم"), secretary)
    MeetingFactory(
        title="پیش‌نویس", starts_at=datetime.datetime(2018, 2, 1, tzinfo=TEHRAN)
    )
    MeetingFactory(
        title="آینده",
        status="scheduled",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    MeetingFactory(
        title="لغو",
        status="cancelled",
        starts_at=datetime.datetime(2018, 3, 1, tzinfo=TEHRAN),
    )
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 200
    assert titles(response) == ["آینده", "لغو", old.title]


def test_year_filter_splits_at_nowruz(client, secretary):
    last_of_1396 = datetime.datetime(2018, 3, 20, 23, 30, tzinfo=TEHRAN)  # 1396/12/29
    first_of_1397 = datetime.datetime(2018, 3, 21, 0, 30, tzinfo=TEHRAN)  # 1397/01/01
    approve(MeetingFactory(title="اسفند", starts_at=last_of_1396), secretary)
    approve(MeetingFactory(title="فروردین", starts_at=first_of_1397), secretary)
    in_1396 = client.get(reverse("meetings:list"), {"year": "1396"})
    in_1397 = client.get(reverse("meetings:list"), {"year": "۱۳۹۷"})
    assert titles(in_1396) == ["اسفند"]
    assert titles(in_1397) == ["فروردین"]
    assert [c for c, _label in in_1396.context["form"].fields["year"].widget.choices][
        1:
    ] == ["1397", "1396"]


@pytest.mark.parametrize(
    "query",
    [
        "سازمان هاي مردم نهاد",  # Arabic yeh, words apart
        "سازمان‌های مردم‌نهاد",  # ZWNJ
        "سازمانهای مردمنهاد",  # written joined
        "كودكان",  # Arabic kaf
        "  مردم   نهاد ",
    ],
)
def test_search_finds_every_spelling(client, secretary, query):
    meeting = MeetingFactory(title="همکاری با سازمان‌های مردم‌نهاد", summary="")
    AgendaItemFactory(meeting=meeting, title="آموزش کودکان")
    approve(meeting, secretary)
    approve(MeetingFactory(title="جلسه دیگر", summary=""), secretary)
    response = client.get(reverse("meetings:list"), {"q": query})
    assert titles(response) == ["همکاری با سازمان‌های مردم‌نهاد"]


def test_search_looks_in_approved_statements_but_never_in_drafts(client, secretary):
    public = MeetingFactory(title="عمومی")
    StatementFactory(meeting=public, text="صندوق‌های خرد محلی")
    approve(public, secretary)
    draft = MeetingFactory(title="پیش‌نویس")
    StatementFactory(meeting=draft, text="صندوق‌های خرد محلی")
    scheduled = MeetingFactory(title="اعلام", status="scheduled")
    ParticipantFactory(meeting=scheduled, name="صندوق‌های خرد")
    response = client.get(reverse("meetings:list"), {"q": "صندوق خرد"})
    assert titles(response) == ["عمومی"]


@pytest.mark.parametrize(
    "query",
    [
        "زهرا کریمی",  # a participant
        "مهر افرینان",  # the NGO a participant represents, in another spelling
        "Mehr Afarinan",  # the same NGO's English name
        "انجمن امید",  # a typed affiliation
        "Khane Omid",  # the NGO responsible for an action item
    ],
)
def test_search_finds_meetings_by_participants_and_ngos(client, secretary, query):
    meeting = MeetingFactory(title="جلسه با سمن‌ها", summary="")
    ngo = NGOFactory(name="مؤسسه خیریه مهرآفرینان", name_en="Mehr Afarinan Charity")
    ParticipantFactory(meeting=meeting, name="زهرا کریمی", role="official")
    ParticipantFactory(meeting=meeting, name="مریم", ngo=ngo, role="ngo_representative")
    ParticipantFactory(meeting=meeting, name="سارا", affiliation="انجمن امید")
    DecisionFactory(
        meeting=meeting,
        responsible_body="",
        responsible_ngo=NGOFactory(name="خانه امید", name_en="Khane Omid"),
    )
    approve(meeting, secretary)
    approve(MeetingFactory(title="جلسه دیگر", summary=""), secretary)
    response = client.get(reverse("meetings:list"), {"q": query})
    assert titles(response) == ["جلسه با سمن‌ها"]


def test_search_by_participants_never_reveals_draft_minutes(client, secretary):
    draft = MeetingFactory(title="پیش‌نویس")
    ParticipantFactory(meeting=draft, name="زهرا کریمی")
    response = client.get(reverse("meetings:list"), {"q": "زهرا کریمی"})
    assert titles(response) == []


def test_a_renamed_ngo_is_found_by_its_new_name(client, secretary):
    ngo = NGOFactory(name="انجمن نخست")
    meeting = MeetingFactory(title="جلسه")
    ParticipantFactory(meeting=meeting, ngo=ngo, role="ngo_representative")
    approve(meeting, secretary)
    ngo.name = "انجمن دوم"
    ngo.save()
    assert titles(client.get(reverse("meetings:list"), {"q": "انجمن دوم"})) == ["جلسه"]
    assert titles(client.get(reverse("meetings:list"), {"q": "انجمن نخست"})) == []


def test_search_keys_of_many_meetings_are_rebuilt_in_a_fixed_number_of_queries(
    secretary, django_assert_max_num_queries
):
    from meetings.models import Meeting

    for index in range(4):
        meeting = MeetingFactory(title=f"جلسه {index}")
        ParticipantFactory(meeting=meeting, ngo=NGOFactory(), role="ngo_representative")
        DecisionFactory(
            meeting=meeting, responsible_ngo=NGOFactory(), responsible_body=""
        )
        approve(meeting, secretary)
    Meeting.objects.update(search_key="")
    # The meetings, then one query per related table, then one update each.
    with django_assert_max_num_queries(1 + 6 + 4):
        Meeting.objects.all().refresh_search_keys()
    assert "" not in Meeting.objects.values_list("search_key", flat=True)


def test_filters_show_as_chips_that_remove_them(client, secretary):
    approve(MeetingFactory(title="جلسه"), secretary)
    response = client.get(reverse("meetings:list"), {"q": "جلسه", "year": "1396"})
    chips = {chip.name: chip for chip in response.context["filter_chips"]}
    assert chips["q"].remove_url == "/meetings/?year=1396"
    assert chips["year"].remove_url == "/meetings/?q=%D8%AC%D9%84%D8%B3%D9%87"
    assert chips["year"].label == "سال ۱۳۹۶"
    assert 'href="/meetings/?year=1396"' in response.content.decode()


def test_an_empty_result_says_what_to_try(client, secretary):
    approve(MeetingFactory(), secretary)
    response = client.get(reverse("meetings:list"), {"q": "هیچ‌چیز"})
    assert titles(response) == []
    assert "هیچ جلسه‌ای با این فیلترها پیدا نشد" in text(response)


def test_an_empty_archive_says_so(client):
    response = client.get(reverse("meetings:list"))
    assert "هنوز هیچ جلسه‌ای ثبت نشده است" in text(response)


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"year": "9" * 4301},
        {"year": "²"},
        {"year": "-1"},
        {"page": "999"},
        {"page": "abc"},
        {"q": "\x00"},
        {"q": "\u202e\u200f\ufeff"},
        {"q": "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽"},
        {"q": "x" * 5000},
        {"q": "%' OR 1=1 --"},
    ],
)
def test_bad_input_never_fails(client, secretary, params):
    approve(MeetingFactory(), secretary)
    response = client.get(reverse("meetings:list"), params)
    assert response.status_code == 200


def test_a_bad_year_is_explained_and_ignored(client, secretary):
    approve(MeetingFactory(title="جلسه"), secretary)
    response = client.get(reverse("meetings:list"), {"year": "abc"})
    assert response.context["form"].errors["year"] == [
        "این سال نیست: یکی از سال‌های فهرست را انتخاب کنید."
    ]
    assert titles(response) == ["جلسه"]


def test_a_page_past_the_end_shows_the_last_page(client, secretary):
    for day in range(1, 23):
        MeetingFactory(
            title=f"جلسه {day}",
            status="scheduled",
            starts_at=datetime.datetime(2018, 1, day, tzinfo=TEHRAN),
        )
    response = client.get(reverse("meetings:list"), {"page": "999"})
    assert response.context["page_obj"].number == 2
    assert titles(response) == ["جلسه 2", "جلسه 1"]
    html = response.content.decode()
    assert 'aria-current="page">۲</a>' in html
    assert 'rel="prev"' in html


def test_archive_runs_a_fixed_number_of_queries(
    client, secretary, django_assert_num_queries
):
    approve(MeetingFactory(), secretary)
    with django_assert_num_queries(3) as one:
        client.get(reverse("meetings:list"), {"q": "جلسه", "year": "1396"})
    for day in range(1, 30):
        meeting = MeetingFactory(
            starts_at=datetime.datetime(2018, 1, day, 10, tzinfo=TEHRAN)
        )
        AgendaItemFactory(meeting=meeting)
        approve(meeting, secretary)
    with django_assert_num_queries(3) as many:
        response = client.get(reverse("meetings:list"), {"q": "جلسه", "year": "1396"})
    assert len(response.context["meetings"]) == 20
    assert len(one.captured_queries) == len(many.captured_queries)


def test_archive_in_english_shows_gregorian_dates(client, secretary):
    approve(MeetingFactory(), secretary)
    response = client.get("/en/meetings/")
    assert "Monday 8 January 2018, 10:00" in text(response)
    assert "۱۳۹۶" not in text(response)


# The meeting page ------------------------------------------------------------------


@pytest.fixture
def full_record(secretary):
    """A held meeting with every part, its minutes approved."""
    meeting = MeetingFactory(
        title="جلسه کارگروه",
        place="تهران، سالن جلسات",
        organiser="معاونت مشارکت‌های اجتماعی",
        summary="خلاصه جلسه",
    )
    ngo = NGOFactory(name="موسسه خیریه مهرآفرینان")
    chair = ParticipantFactory(
        meeting=meeting, name="دکتر اکبری", position="معاون", role="chair"
    )
    official = ParticipantFactory(
        meeting=meeting, name="خانم عابدینی", position="مدیر طرح", role="official"
    )
    ParticipantFactory(
        meeting=meeting,
        name="مریم احمدی",
        position="مدیرعامل",
        role="ngo_representative",
        ngo=ngo,
    )
    ParticipantFactory(meeting=meeting, name="غایب جلسه", role="guest", attended=False)
    first = AgendaItemFactory(meeting=meeting, title="نقش سازمان‌ها")
    second = AgendaItemFactory(meeting=meeting, title="فراخوان طرح‌ها")
    StatementFactory(
        meeting=meeting, agenda_item=first, speaker=chair, text="اعتماد به سمن‌ها"
    )
    StatementFactory(
        meeting=meeting, agenda_item=second, speaker=official, text="هدف کارگروه"
    )
    DecisionFactory(meeting=meeting, kind="decision", text="فراخوان عمومی", due_on=None)
    DecisionFactory(
        meeting=meeting,
        text="تهیه قالب طرح",
        responsible_body="دبیرخانه",
        due_on=datetime.date(2018, 2, 4),
    )
    return approve(meeting, secretary)


def test_approved_minutes_show_the_whole_record(client, full_record):
    response = client.get(full_record.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "دوشنبه ۱۸ دی ۱۳۹۶، ساعت ۱۰:۰۰" in page
    for expected in [
        "تهران، سالن جلسات",
        "معاونت مشارکت‌های اجتماعی",
        "خلاصه جلسه",
        "نقش سازمان‌ها",
        "دکتر اکبری ، معاون",
        "اعتماد به سمن‌ها",
        "خانم عابدینی ، مدیر طرح",
        "هدف کارگروه",
        "مریم احمدی ، مدیرعامل ، موسسه خیریه مهرآفرینان",
        "فراخوان عمومی",
        "تهیه قالب طرح",
        "دبیرخانه",
        "۱۳۹۶/۱۱/۱۵",
    ]:
        assert expected in page
    groups = [group["role"] for group in response.context["participant_groups"]]
    assert groups == ["chair", "official", "ngo_representative"]
    assert [p.name for p in response.context["absentees"]] == ["غایب جلسه"]


def test_statements_are_grouped_under_their_agenda_items(client, full_record):
    response = client.get(full_record.get_absolute_url())
    agenda = response.context["agenda"]
    assert [[s.text for s in item.said] for item in agenda] == [
        ["اعتماد به سمن‌ها"],
        ["هدف کارگروه"],
    ]
    html = response.content.decode()
    assert html.index("نقش سازمان‌ها") < html.index("اعتماد به سمن‌ها")
    assert html.index("اعتماد به سمن‌ها") < html.index("هدف کارگروه")


def test_the_ngo_of_a_participant_is_named_and_no_link_breaks(client, full_record):
    # The registry's profile URL ("ngos:detail") arrives with the registry;
    # until then the name is shown without a link, and nothing fails.
    response = client.get(full_record.get_absolute_url())
    assert "موسسه خیریه مهرآفرینان" in text(response)


def test_draft_minutes_are_invisible_to_the_public(client, reviewer):
    draft = MeetingFactory(status="held")
    StatementFactory(meeting=draft)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:calendar", args=[draft.pk])).status_code == 404
    client.force_login(reviewer)  # staff, but not a meeting secretary
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_meeting_staff_preview_draft_minutes_marked_as_draft(client, secretary):
    draft = MeetingFactory(status="held")
    StatementFactory(meeting=draft, text="سخن پیش‌نویس")
    client.force_login(secretary)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_draft"] is True
    assert "صورت‌جلسه پیش‌نویس" in text(response)
    assert "سخن پیش‌نویس" in text(response)


def test_a_scheduled_meeting_is_public_with_its_agenda_only(client):
    meeting = MeetingFactory(
        status="scheduled", starts_at=timezone.now() + datetime.timedelta(days=7)
    )
    AgendaItemFactory(meeting=meeting, title="برنامه سال آینده")
    ParticipantFactory(meeting=meeting, name="مدعو محرمانه")
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "برنامه سال آینده" in page
    assert "مدعو محرمانه" not in page
    assert response.context["show_minutes"] is False
    assert "participant_groups" not in response.context


def test_a_cancelled_meeting_says_so(client):
    meeting = MeetingFactory(status="cancelled")
    response = client.get(meeting.get_absolute_url())
    assert "این جلسه لغو شد." in text(response)


def test_matters_arising_lists_open_action_items_of_earlier_meetings_only(
    client, secretary
):
    earlier = MeetingFactory(starts_at=datetime.datetime(2017, 12, 1, tzinfo=TEHRAN))
    still_open = DecisionFactory(meeting=earlier, text="هنوز باز")
    done = DecisionFactory(meeting=earlier, text="انجام شد")
    DecisionFactory(meeting=earlier, kind="decision", text="یک تصمیم")
    approve(earlier, secretary)
    services.decision_change_status(decision=done, to_status="done", actor=secretary)
    draft_earlier = MeetingFactory(
        starts_at=datetime.datetime(2017, 12, 15, tzinfo=TEHRAN)
    )
    DecisionFactory(meeting=draft_earlier, text="از صورت‌جلسه پیش‌نویس")
    meeting = approve(MeetingFactory(), secretary)
    later = MeetingFactory(starts_at=datetime.datetime(2018, 6, 1, tzinfo=TEHRAN))
    DecisionFactory(meeting=later, text="از جلسه بعد")
    approve(later, secretary)

    response = client.get(meeting.get_absolute_url())
    assert [item.pk for item in response.context["matters_arising"]] == [still_open.pk]
    assert "هنوز باز" in text(response)
    assert "انجام شد" not in text(response)


def test_matters_arising_shows_the_longest_open_and_counts_the_rest(client, secretary):
    earlier = MeetingFactory(starts_at=datetime.datetime(2017, 12, 1, tzinfo=TEHRAN))
    for n in range(views.MATTERS_ARISING_SHOWN + 2):
        DecisionFactory(meeting=earlier, order=n + 1, text=f"کار شماره {n + 1}")
    approve(earlier, secretary)
    meeting = approve(MeetingFactory(), secretary)
    response = client.get(meeting.get_absolute_url())
    shown = response.context["matters_arising"]
    assert [item.order for item in shown] == list(
        range(1, views.MATTERS_ARISING_SHOWN + 1)
    )
    assert response.context["matters_arising_more"] == 2
    assert "۲ کار باز دیگر از جلسه‌های پیشین در این فهرست نیامده است." in text(response)


def test_follow_up_of_earlier_action_items_shows_on_the_agenda(client, secretary):
    earlier = MeetingFactory(starts_at=datetime.datetime(2017, 12, 1, tzinfo=TEHRAN))
    action = DecisionFactory(meeting=earlier, text="قالب طرح")
    approve(earlier, secretary)
    meeting = services.meeting_start_next(
        previous=earlier,
        title="بعدی",
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    response = client.get(meeting.get_absolute_url())
    (item,) = response.context["agenda"]
    assert item.follows == [action]
    assert "قالب طرح" in text(response)


def test_an_agenda_item_lists_the_action_items_it_follows_up_in_their_order(
    client, secretary
):
    earlier = MeetingFactory(starts_at=datetime.datetime(2017, 12, 1, tzinfo=TEHRAN))
    second = DecisionFactory(meeting=earlier, order=2, text="دومین کار")
    first = DecisionFactory(meeting=earlier, order=1, text="نخستین کار")
    DecisionFactory(meeting=earlier, order=3, text="کار پیگیری‌نشده")
    approve(earlier, secretary)
    meeting = MeetingFactory(status="scheduled", starts_at=timezone.now())
    followed, other = (
        AgendaItemFactory(meeting=meeting),
        AgendaItemFactory(meeting=meeting),
    )
    followed.follow_up.add(second, first)
    response = client.get(meeting.get_absolute_url())
    shown = {item.pk: item.follows for item in response.context["agenda"]}
    assert shown == {followed.pk: [first, second], other.pk: []}
    page = text(response)
    assert page.index("نخستین کار") < page.index("دومین کار")


def test_an_agenda_that_follows_up_nothing_reads_only_its_links(client, count_queries):
    meeting = MeetingFactory(status="scheduled", starts_at=timezone.now())
    AgendaItemFactory.create_batch(3, meeting=meeting)
    with count_queries() as queries:
        assert client.get(meeting.get_absolute_url()).status_code == 200
    through = [q["sql"] for q in queries if "agendaitem_follow_up" in q["sql"]]
    assert len(through) == 1 and "meetings_decision" not in through[0]


def test_the_public_count_of_matters_arising_is_kept_and_staff_count_each_time(
    client, secretary, settings, count_queries
):
    """More open action items than a page lists: the public page counts them
    once while public data is unchanged (``core.pagination.kept``); meeting
    staff, who see drafts too, count on every visit."""
    settings.SHARED_CACHE = True
    settings.PAGE_CACHE_SECONDS = 0
    earlier = MeetingFactory(starts_at=datetime.datetime(2017, 12, 1, tzinfo=TEHRAN))
    for n in range(views.MATTERS_ARISING_SHOWN + 2):
        DecisionFactory(meeting=earlier, order=n + 1)
    approve(earlier, secretary)
    meeting = approve(MeetingFactory(), secretary)

    def counts(visitor) -> int:
        with count_queries() as queries:
            response = visitor.get(meeting.get_absolute_url())
        assert response.context["matters_arising_more"] == 2
        return sum('"__count"' in query["sql"] for query in queries)

    assert [counts(client), counts(client)] == [1, 0]
    staff = Client()
    staff.force_login(secretary)
    assert [counts(staff), counts(staff)] == [1, 1]


def test_overdue_action_items_are_marked(client, secretary):
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting, due_on=datetime.date(2018, 2, 4))
    approve(meeting, secretary)
    response = client.get(meeting.get_absolute_url())
    assert "عقب‌افتاده" in text(response)


def test_meeting_page_runs_a_fixed_number_of_queries(
    client, secretary, django_assert_num_queries
):
    def record(statements: int):
        meeting = MeetingFactory(
            starts_at=datetime.datetime(2018, 1, statements, 10, tzinfo=TEHRAN)
        )
        items = [AgendaItemFactory(meeting=meeting) for _ in range(min(statements, 4))]
        people = [
            ParticipantFactory(meeting=meeting, ngo=NGOFactory())
            for _ in range(min(statements, 6))
        ]
        for n in range(statements):
            StatementFactory(
                meeting=meeting,
                agenda_item=items[n % len(items)],
                speaker=people[n % len(people)],
            )
            DecisionFactory(meeting=meeting, responsible_body="", responsible_ngo=None)
        return approve(meeting, secretary)

    small, large = record(1), record(25)
    reference.focus_areas()  # the list of focus areas, read once a while
    # Nine: the meeting, its focus areas, agenda, follow-ups, statements,
    # decisions, participants, matters arising and proposals presented.
    with django_assert_num_queries(9) as one:
        client.get(small.get_absolute_url())
    with django_assert_num_queries(9) as many:
        response = client.get(large.get_absolute_url())
    assert sum(len(i.statements.all()) for i in response.context["agenda"]) == 25
    assert len(one.captured_queries) == len(many.captured_queries)


def test_meeting_page_reads_only_what_it_shows_of_ngos_and_proposals(
    client, secretary, rep_a, count_queries
):
    """The record names NGOs (speakers, responsible NGOs, presenters) as
    links and lists presented proposals by title: their descriptions,
    addresses and plans stay in the database, and a name still links."""
    meeting = MeetingFactory()
    ngo = NGOFactory(name="موسسه مهر", description="شرح بلند " * 200)
    speaker = ParticipantFactory(meeting=meeting, ngo=ngo)
    StatementFactory(meeting=meeting, speaker=speaker)
    DecisionFactory(meeting=meeting, responsible_body="", responsible_ngo=ngo)
    ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        title="طرح ارائه‌شده",
        presented_at_meeting=meeting,
        submitted_at=timezone.now(),
    )
    approve(meeting, secretary)
    with count_queries() as page:
        html = client.get(meeting.get_absolute_url()).content.decode()
    read = " ".join(query["sql"] for query in page.captured_queries)
    for column in ("description", "address", "search_key"):
        assert f'"ngos_ngo"."{column}"' not in read
    for column in ("problem", "solution", "executive_plan"):
        assert f'"proposals_proposal"."{column}"' not in read
    assert f'href="/ngos/{ngo.pk}/"' in html
    assert "موسسه مهر" in html
    assert "طرح ارائه‌شده" in html


def test_the_archive_form_keeps_what_was_typed_and_explains_errors(client, secretary):
    approve(MeetingFactory(title="جلسه"), secretary)
    html = client.get(
        reverse("meetings:list"), {"q": "<b>مهر", "year": "abc"}
    ).content.decode()
    assert 'value="&lt;b&gt;مهر"' in html
    assert (
        '<select name="year" class="select form-select is-invalid"'
        ' aria-invalid="true" aria-describedby="id_year_error" id="id_year">'
    ) in html
    assert "این سال نیست: یکی از سال‌های فهرست را انتخاب کنید." in html
    # The bad year is ignored: the list shows every year, and says so.
    assert '<option value="" selected>همه سال‌ها</option>' in html

    html = client.get(reverse("meetings:list"), {"q": "x" * 201}).content.decode()
    assert 'aria-describedby="id_q_error id_q_helptext"' in html
    assert '<div id="id_q_error" class="invalid-feedback">' in html

    html = client.get(reverse("meetings:list"), {"year": "۱۳۹۶"}).content.decode()
    assert '<option value="1396" selected>۱۳۹۶</option>' in html
    html = client.get("/en/meetings/").content.decode()
    assert '<option value="" selected>All years</option>' in html
    assert '<label for="id_q" class="form-label">Words</label>' in html


def test_meeting_page_in_english_shows_the_gregorian_date(client, full_record):
    response = client.get(f"/en/meetings/{full_record.pk}/")
    page = text(response)
    assert "Monday 8 January 2018, 10:00" in page
    assert "2018-02-04" in page
    assert "Participants" in page


def test_meeting_pages_have_no_inline_code_and_a_print_stylesheet(client, full_record):
    html = client.get(full_record.get_absolute_url()).content.decode()
    assert INLINE_SCRIPT.search(html) is None
    assert " style=" not in html
    assert "<style" not in html
    assert re.search(
        r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', html
    )
    assert "<caption>" in html
    assert '<th scope="col">' in html


def test_unknown_meeting_is_404(client):
    assert client.get(reverse("meetings:detail", args=[999])).status_code == 404


# Home and navigation -----------------------------------------------------------------


def test_home_shows_the_latest_three_public_meetings(client, secretary):
    for day in range(1, 6):
        approve(
            MeetingFactory(
                title=f"جلسه {day}",
                starts_at=datetime.datetime(2018, 1, day, tzinfo=TEHRAN),
            ),
            secretary,
        )
    MeetingFactory(
        title="پیش‌نویس", starts_at=datetime.datetime(2018, 2, 1, tzinfo=TEHRAN)
    )
    response = client.get(reverse("home"))
    assert [m.title for m in response.context["latest_meetings"]] == [
        "جلسه 5",
        "جلسه 4",
        "جلسه 3",
    ]
    assert 'href="/meetings/"' in response.content.decode()


def test_main_navigation_links_to_the_meetings(client):
    html = client.get(reverse("meetings:list")).content.decode()
    assert (
        '<a class="nav-link active" aria-current="page" href="/meetings/">جلسه‌ها</a>'
        in html
    )


def test_an_announced_meeting_offers_no_minutes_to_print(client):
    meeting = MeetingFactory(status="scheduled")
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "data-print" not in html


def test_an_english_meeting_page_says_the_minutes_are_in_persian(client, secretary):
    meeting = MeetingFactory(title="جلسه کارگروه", place="تهران")
    ParticipantFactory(meeting=meeting, name="زهرا کریمی", position="Director")
    approve(meeting, secretary)
    path = meeting.get_absolute_url()
    html = client.get(f"/en{path}").content.decode()
    assert "The minutes of this meeting are in Persian" in html
    assert '<h1 id="meeting-title" class="mb-3" lang="fa" dir="rtl">' in html
    assert '<span class="fw-semibold" lang="fa" dir="rtl">زهرا کریمی</span>' in html
    assert '<span dir="auto">Director</span>' in html
    persian = client.get(path).content.decode()
    assert "The minutes of this meeting are in Persian" not in persian
    assert '<span lang="en" dir="ltr">Director</span>' in persian
