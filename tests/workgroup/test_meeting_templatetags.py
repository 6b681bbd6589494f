import datetime

import pytest
from django.template import Context, Template

from tests.factories import TEHRAN, MeetingFactory, NGOFactory, ParticipantFactory
from workgroup import services

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load meetings %}" + source).render(Context(context))


def test_meetings_attended_lists_public_records_newest_first(secretary):
    ngo = NGOFactory()
    older = MeetingFactory(
        title="نخست", starts_at=datetime.datetime(2018, 1, 8, tzinfo=TEHRAN)
    )
    newer = MeetingFactory(
        title="دوم", starts_at=datetime.datetime(2018, 5, 1, tzinfo=TEHRAN)
    )
    draft = MeetingFactory(
        title="پیش‌نویس", starts_at=datetime.datetime(2018, 6, 1, tzinfo=TEHRAN)
    )
    absent = MeetingFactory(
        title="غایب", starts_at=datetime.datetime(2018, 7, 1, tzinfo=TEHRAN)
    )
    for meeting in (older, newer, draft):
        ParticipantFactory(meeting=meeting, ngo=ngo, role="ngo_representative")
    # Two people of the same NGO at one meeting count once.
    ParticipantFactory(meeting=newer, ngo=ngo, role="ngo_representative")
    ParticipantFactory(meeting=absent, ngo=ngo, attended=False)
    ParticipantFactory(meeting=older, ngo=NGOFactory())
    for meeting in (older, newer, absent):
        services.minutes_approve(meeting=meeting, by=secretary)

    assert (
        render(
            "{% meetings_attended ngo as meetings %}"
            "{% for m in meetings %}{{ m.title }};{% endfor %}",
            ngo=ngo,
        )
        == "دوم;نخست;"
    )


def test_ngo_meetings_renders_a_section_with_links(secretary):
    ngo = NGOFactory()
    meeting = MeetingFactory(title="جلسه کارگروه")
    ParticipantFactory(meeting=meeting, ngo=ngo)
    services.minutes_approve(meeting=meeting, by=secretary)
    html = render("{% ngo_meetings ngo %}", ngo=ngo)
    assert "جلسه‌های کارگروه که در آن‌ها حضور داشته است" in html
    assert f'<a href="/meetings/{meeting.pk}/">جلسه کارگروه</a>' in html
    assert "دوشنبه ۱۸ دی ۱۳۹۶" in html


def test_ngo_meetings_renders_nothing_for_an_ngo_that_attended_none():
    assert render("{% ngo_meetings ngo %}", ngo=NGOFactory()).strip() == ""


def test_meetings_attended_runs_one_query(django_assert_num_queries):
    ngo = NGOFactory()
    with django_assert_num_queries(1):
        render("{% meetings_attended ngo as meetings %}{{ meetings|length }}", ngo=ngo)
