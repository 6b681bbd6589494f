"""The from–to Jalali date filter of the admin lists (core.filters)."""

import zoneinfo

import jdatetime
import pytest
from django.urls import reverse

from proposals.models import Proposal, Status
from tests.factories import DecisionFactory, MeetingFactory
from tests.proposals.test_admin import sent

pytestmark = pytest.mark.django_db

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
PROPOSALS = reverse("admin:proposals_proposal_changelist")
ACTION_ITEMS = reverse("admin:meetings_actionitem_changelist")


def submitted_on(title, year, month, day, hour):
    """A proposal first submitted at ``hour`` of a Jalali day, Tehran time."""
    moment = jdatetime.datetime(year, month, day, hour, 0).togregorian()
    proposal = sent(status=Status.SUBMITTED, title=title)
    Proposal.objects.filter(pk=proposal.pk).update(
        submitted_at=moment.replace(tzinfo=TEHRAN)
    )
    return proposal


def listed(response) -> list[str]:
    return sorted(p.title for p in response.context["cl"].result_list)


@pytest.fixture
def proposals():
    submitted_on("آخر شب نهم", 1405, 9, 9, 23)
    submitted_on("صبح دهم", 1405, 9, 10, 8)
    submitted_on("آخر شب دهم", 1405, 9, 10, 23)
    submitted_on("بامداد یازدهم", 1405, 9, 11, 0)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Both days included, by the day in Tehran; digits of any script.
        (
            {"submitted_at__jfrom": "۱۴۰۵/۰۹/۱۰", "submitted_at__jto": "1405/9/10"},
            ["آخر شب دهم", "صبح دهم"],
        ),
        (
            {"submitted_at__jfrom": "١٤٠٥/٠٩/١٠"},
            ["آخر شب دهم", "بامداد یازدهم", "صبح دهم"],
        ),
        ({"submitted_at__jto": "1405-09-09"}, ["آخر شب نهم"]),
        # A Gregorian date is read as one too; 00:00 on 1405/09/11 in Tehran
        # is still 2026-12-01 in UTC, and counts as 2026-12-02.
        (
            {"submitted_at__jfrom": "2026-12-02", "submitted_at__jto": "2026-12-02"},
            ["بامداد یازدهم"],
        ),
    ],
)
def test_the_list_shows_what_falls_between_the_two_dates(
    client, reviewer, proposals, params, expected
):
    client.force_login(reviewer)
    response = client.get(PROPOSALS, params)
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("۱۴۰۵/۱۳/۰۱", "ماه ۱۳ وجود ندارد"),
        ("دیروز", "تاریخ را به صورت سال/ماه/روز"),
        ("95/01/01", "سال را چهاررقمی بنویسید"),
    ],
)
def test_a_date_not_understood_is_kept_with_its_reason_and_filters_nothing(
    client, reviewer, proposals, typed, reason
):
    client.force_login(reviewer)
    response = client.get(PROPOSALS, {"submitted_at__jfrom": typed})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 4
    html = response.content.decode()
    assert f'value="{typed}"' in html
    assert reason in html
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["تاریخ‌های «نخستین ارسال» خوانده نشد."]


def test_a_reversed_range_is_refused_with_a_reason(client, reviewer, proposals):
    client.force_login(reviewer)
    response = client.get(
        PROPOSALS,
        {"submitted_at__jfrom": "1405/09/11", "submitted_at__jto": "1405/09/09"},
    )
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 4
    assert "تاریخ نخست پس از تاریخ دوم است" in response.content.decode()


def test_the_filter_form_carries_the_other_filters_but_not_the_page(
    client, reviewer, proposals
):
    client.force_login(reviewer)
    response = client.get(
        PROPOSALS,
        {"status__exact": "submitted", "q": "شب", "o": "2", "submitted_at__jto": ""},
    )
    html = response.content.decode()
    form = html[html.index('class="date-range-filter"') :]
    form = form[: form.index("</form>")]
    assert '<input type="hidden" name="status__exact" value="submitted">' in form
    assert '<input type="hidden" name="q" value="شب">' in form
    assert '<input type="hidden" name="o" value="2">' in form
    assert 'name="submitted_at__jto"' in form
    assert 'type="hidden" name="submitted_at__jto"' not in form


def test_a_date_field_includes_both_days(client, secretary):
    meeting = MeetingFactory()
    for text, day in [("نهم", 9), ("دهم", 10), ("یازدهم", 11)]:
        due = jdatetime.date(1405, 9, day).togregorian()
        DecisionFactory(meeting=meeting, text=text, due_on=due)
    client.force_login(secretary)
    response = client.get(
        ACTION_ITEMS, {"due_on__jfrom": "۱۴۰۵/۰۹/۰۹", "due_on__jto": "۱۴۰۵/۰۹/۱۰"}
    )
    assert sorted(d.text for d in response.context["cl"].result_list) == [
        "دهم",
        "نهم",
    ]


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:meetings_meeting_changelist") + "?starts_at__jfrom=xyz",
        reverse("admin:ngos_ngo_changelist") + "?created_at__jto=1405/12/32",
        PROPOSALS + "?decided_at__jfrom=1400/12/30",
    ],
)
def test_every_list_with_the_filter_answers_bad_dates_without_failing(
    client, superuser, url
):
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
