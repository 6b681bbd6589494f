import datetime

import pytest
from django.utils import translation

from core import stats
from tests.factories import TEHRAN, ProposalFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SUBMITTED = datetime.datetime(2025, 5, 1, 10, 0, tzinfo=TEHRAN)


def sent(status="submitted", *, at=SUBMITTED, days=None, **fields):
    """A proposal submitted at ``at`` and, with ``days``, decided after them."""
    return ProposalFactory(
        status=status,
        submitted_at=at,
        last_submitted_at=at,
        decided_at=at + days * DAY if days is not None else None,
        **fields,
    )


def rows(slug):
    return stats.figure(slug)["rows"]


def test_proposals_by_status_count_what_ngos_have_submitted():
    ProposalFactory()  # a draft is the NGO's own
    sent()
    sent("under_review")
    sent("approved", days=3)
    sent("approved", days=5)
    assert rows("proposals-by-status") == [
        ["ارسال‌شده", 1],
        ["در حال بررسی", 1],
        ["نیازمند اصلاح", 0],
        ["تصویب‌شده", 2],
        ["ردشده", 0],
        ["پس‌گرفته‌شده", 0],
    ]


def test_proposals_by_focus_area_count_a_proposal_in_each_of_its_areas():
    sent(focus_areas=["legal-aid", "housing"])
    sent(focus_areas=["legal-aid"])
    ProposalFactory(focus_areas=["housing"])  # draft
    counted = dict(map(tuple, rows("proposals-by-focus-area")))
    assert counted["مشاوره و حمایت حقوقی"] == 2
    assert counted["مسکن"] == 1
    assert rows("proposals-by-focus-area")[0] == ["مشاوره و حمایت حقوقی", 2]


def test_proposals_by_year_split_at_nowruz():
    # 1403/12/30 and 1404/01/01 (Nowruz, 21 March 2025), in Tehran.
    sent(at=datetime.datetime(2025, 3, 20, 23, 0, tzinfo=TEHRAN))
    sent(at=datetime.datetime(2025, 3, 21, 0, 30, tzinfo=TEHRAN))
    sent(at=datetime.datetime(2025, 5, 1, 10, 0, tzinfo=TEHRAN))
    assert rows("proposals-by-year") == [["۱۴۰۳", 1], ["۱۴۰۴", 2]]
    with translation.override("en"):
        assert rows("proposals-by-year") == [
            ["1403 (2024–25)", 1],
            ["1404 (2025–26)", 2],
        ]


def test_proposals_by_year_is_empty_before_any_submission():
    ProposalFactory()
    assert rows("proposals-by-year") == []
    assert stats.figure("proposals-by-year")["has_data"] is False


def test_supported_proposals_and_their_budget_by_province():
    sent("approved", days=2, provinces=["IR-10", "IR-23"], budget_rials=900)
    sent("approved", days=2, provinces=["IR-10"], budget_rials=100)
    sent("rejected", days=2, provinces=["IR-01"], budget_rials=5000)
    # The 29 provinces with nothing approved are folded into one row.
    with translation.override("en"):
        assert rows("supported-by-province") == [
            ["Isfahan", 2],
            ["Tehran", 1],
            ["29 other provinces: none", 0],
        ]
        assert rows("budget-by-province") == [
            ["Isfahan", 1000],
            ["Tehran", 900],
            ["29 other provinces: none", 0],
        ]
    assert rows("budget-by-province")[:2] == [["اصفهان", 1000], ["تهران", 900]]


def test_median_days_from_first_submission_to_decision():
    for days in (2, 4, 10):
        sent("approved", days=days)
    sent("rejected", days=7)
    sent("under_review")
    assert rows("days-to-decision") == [
        ["تصویب‌شده", 3, 4.0],
        ["ردشده", 1, 7.0],
        ["همه تصمیم‌ها", 4, 5.5],
    ]


def test_median_days_are_empty_without_decisions():
    sent()
    assert rows("days-to-decision") == [
        ["تصویب‌شده", 0, None],
        ["ردشده", 0, None],
        ["همه تصمیم‌ها", 0, None],
    ]


def test_headlines_count_received_and_supported_proposals():
    ProposalFactory()
    sent()
    sent("approved", days=1)
    counts = {item["label"]: item["count"] for item in stats.headlines()}
    assert counts["طرح دریافت‌شده"] == 2
    assert counts["طرح حمایت‌شده"] == 1
