"""The statistics page's figures of delivery and of approved amounts."""

import datetime

import pytest
from django.urls import reverse

from delivery import services, stats
from delivery.models import Plan
from delivery.workflow import PlanStatus, ReportStatus
from ngos.models import Province
from proposals import stats as proposal_stats
from proposals.models import Proposal
from tests.delivery.conftest import approved_proposal, milestone_fields, report_fields
from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


def report(plan, user, follower, status=ReportStatus.ACCEPTED, **fields):
    made = services.report_submit(
        plan=plan,
        actor=user,
        reach=[
            {
                "province": Province.objects.get(pk="IR-23"),
                "households": 40,
                "children": 65,
            },
            {
                "province": Province.objects.get(pk="IR-07"),
                "households": 10,
                "children": 0,
            },
        ],
        **report_fields(**fields),
    )
    if status == ReportStatus.ACCEPTED:
        services.transition(obj=made, to_status=status, actor=follower)
    return made


def test_households_reached_count_accepted_reports_only(plan, rep_a, follower):
    report(plan, rep_a, follower)
    report(plan, rep_a, follower, status=ReportStatus.SUBMITTED)
    rows = {province.pk: (h, c) for province, h, c in stats.reached_by_province()}
    assert rows["IR-23"] == (40, 65)
    assert rows["IR-07"] == (10, 0)
    assert rows["IR-01"] == (0, 0)


def test_plans_by_outcome_tell_on_time_from_late(rep_a, follower):
    def plan_with_milestone(reference, days_from_now):
        plan = services.plan_for(approved_proposal(rep_a, reference=reference))
        services.milestone_add(
            plan=plan,
            actor=follower,
            **milestone_fields(
                due_date=datetime.date.today() + datetime.timedelta(days=days_from_now)
            ),
        )
        return plan

    on_time = plan_with_milestone("1405-00011", 10)
    late = plan_with_milestone("1405-00012", -10)
    for plan in (on_time, late):
        report(plan, rep_a, follower, is_final=True)
    plan_with_milestone("1405-00013", 10)  # still in delivery
    approved_proposal(rep_a, reference="1405-00014")  # no plan row yet
    dropped = plan_with_milestone("1405-00015", 10)
    services.transition(
        obj=dropped,
        to_status=PlanStatus.DISCONTINUED,
        actor=follower,
        reason="سازمان تعلیق شد",
    )
    assert Plan.objects.filter(status=PlanStatus.COMPLETED).count() == 2
    assert [n for _label, n in stats.plans_by_outcome()] == [1, 1, 2, 1]


def test_amounts_approved_use_the_decision_or_else_the_request(rep_a):
    recorded = approved_proposal(rep_a, reference="1405-00021", provinces=["IR-23"])
    Proposal.objects.filter(pk=recorded.pk).update(
        approved_amount=700_000_000, budget_rials=900_000_000
    )
    older = approved_proposal(rep_a, reference="1405-00022", provinces=["IR-23"])
    Proposal.objects.filter(pk=older.pk).update(budget_rials=500_000_000)
    by_province = {p.pk: n for p, n in proposal_stats.approved_by_province()}
    assert by_province["IR-23"] == 1_200_000_000
    by_area = dict(proposal_stats.approved_by_focus_area())
    assert sum(by_area.values()) == 1_200_000_000


def test_the_statistics_page_shows_the_new_figures_in_constant_queries(
    client, rep_a, follower, count_queries, django_assert_num_queries
):
    from django.core.cache import cache

    plan = services.plan_for(approved_proposal(rep_a))
    report(plan, rep_a, follower)
    with count_queries() as few:
        page = client.get(reverse("stats")).content.decode()
    for title in (
        "خانوارهای زن‌سرپرست",
        "طرح‌های حمایت‌شده بر پایه سرانجام",
        "مبلغ مصوب بر پایه استان",
    ):
        assert title in page
    for number in range(3):
        other = RepresentativeFactory().user
        more = services.plan_for(
            approved_proposal(other, reference=f"1405-0010{number}")
        )
        report(more, other, follower, is_final=True)
    cache.clear()  # the figures are counted anew
    with django_assert_num_queries(len(few)):
        client.get(reverse("stats"))
