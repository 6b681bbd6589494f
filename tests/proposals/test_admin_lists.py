"""The proposal list as staff use it: sorting, the dashboard's links, the log."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from proposals.models import Status
from proposals.workflow import AWAITING_STAFF_STATUSES
from tests.proposals.test_admin import CHANGELIST, move, review, sent

pytestmark = pytest.mark.django_db


def column_index(response, name):
    names = [getattr(c, "__name__", c) for c in response.context["cl"].list_display]
    return names.index(name)


def listed(client, **params):
    response = client.get(CHANGELIST, params)
    return [p.title for p in response.context["cl"].result_list]


def test_days_waiting_sorts_as_it_reads(client, reviewer):
    sent(status=Status.SUBMITTED, days_ago=40, title="چهل روز")
    sent(status=Status.UNDER_REVIEW, days_ago=3, title="سه روز")
    sent(status=Status.UNDER_REVIEW, days_ago=10, title="ده روز")
    # Not waiting on staff: shown as "—", whatever its date.
    sent(status=Status.APPROVED, days_ago=90, title="تصمیم‌گرفته")
    assert Status.APPROVED not in AWAITING_STAFF_STATUSES
    client.force_login(reviewer)
    index = column_index(client.get(CHANGELIST), "days_waiting")
    assert listed(client, o=str(index)) == ["تصمیم‌گرفته", "سه روز", "ده روز", "چهل روز"]
    assert listed(client, o=f"-{index}") == [
        "چهل روز",
        "ده روز",
        "سه روز",
        "تصمیم‌گرفته",
    ]


def test_the_first_submitted_column_sorts(client, reviewer):
    sent(days_ago=5, title="پنج")
    sent(days_ago=50, title="پنجاه")
    sent(days_ago=20, title="بیست")
    client.force_login(reviewer)
    response = client.get(CHANGELIST)
    index = column_index(response, "submitted_at")
    assert 'class="sortable column-submitted_at' in response.text
    assert listed(client, o=str(index)) == ["پنجاه", "بیست", "پنج"]
    assert listed(client, o=f"-{index}") == ["پنج", "بیست", "پنجاه"]


def test_every_dashboard_count_opens_a_list_of_that_many(client, reviewer):
    for status in Status:
        sent(status=status)
    client.force_login(reviewer)
    panel = client.get(reverse("admin:index")).text
    links = re.findall(
        r'<a href="([^"]*status__exact=\w+)">[^<]+</a></th><td>([^<]+)</td>', panel
    )
    assert len(links) == len(Status) - 1  # never "draft": staff see no drafts
    for url, count in links:
        response = client.get(url.replace("&amp;", "&"))
        assert str(len(response.context["cl"].result_list)) == count.translate(
            str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
        )


def test_the_status_filter_offers_no_empty_draft_choice(client, reviewer):
    sent(status=Status.SUBMITTED)
    client.force_login(reviewer)
    html = client.get(CHANGELIST).text
    assert "status__exact=submitted" in html
    assert "status__exact=draft" not in html


def test_moves_and_review_pages_show_in_recent_actions(client, reviewer):
    proposal = sent(status=Status.SUBMITTED, title="طرح ثبت‌شده")
    client.force_login(reviewer)
    response = move(client, proposal, "start_review", visibility="internal")
    assert response.status_code == 302
    review(client, proposal, "comment", comment="یادداشت", visibility="internal")
    entries = LogEntry.objects.filter(user=reviewer, object_id=str(proposal.pk))
    assert entries.count() == 2
    index = client.get(reverse("admin:index")).text
    recent = index.split('id="recent-actions-module"')[1]
    assert "طرح ثبت‌شده" in recent
    history = client.get(
        reverse("admin:proposals_proposal_history", args=[proposal.pk])
    ).text
    assert "آغاز بررسی" in history
    assert "در حال بررسی" in history
    assert "نوشتن توضیح" in history
