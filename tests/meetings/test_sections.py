import datetime

import pytest

from core import sections
from meetings import services
from meetings.sections import meetings_attended
from tests.factories import TEHRAN, MeetingFactory, NGOFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def render_profile(ngo):
    """What the registered sections add to ``ngo``'s public profile."""
    return sections.render(sections.NGO_PROFILE, ngo)


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
        services.minutes_change_status(
            meeting=meeting, to_status="approved", actor=secretary
        )

    assert [meeting.title for meeting in meetings_attended(ngo)] == ["دوم", "نخست"]


def test_ngo_profile_gets_a_section_of_meetings_with_links(secretary):
    ngo = NGOFactory()
    meeting = MeetingFactory(title="جلسه کارگروه")
    ParticipantFactory(meeting=meeting, ngo=ngo)
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    html = render_profile(ngo)
    assert "جلسه‌های کارگروه که در آن‌ها حضور داشته است" in html
    assert f'<a href="/meetings/{meeting.pk}/" dir="auto">جلسه کارگروه</a>' in html
    assert "دوشنبه ۱۸ دی ۱۳۹۶" in html


def test_ngo_profile_gets_nothing_for_an_ngo_that_attended_none():
    html = render_profile(NGOFactory())
    assert "جلسه‌های کارگروه" not in html
    assert "/meetings/" not in html


def test_meetings_attended_runs_one_query(django_assert_num_queries):
    ngo = NGOFactory()
    with django_assert_num_queries(1):
        meetings_attended(ngo)
