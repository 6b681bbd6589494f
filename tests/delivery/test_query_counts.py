"""Query counts of the delivery's admin pages: as many queries with many
rows as with few (see :mod:`tests.query_counts`)."""

import pytest
from django.contrib.auth.models import User

from delivery import services
from delivery.workflow import MilestoneStatus
from ngos.models import Province
from tests.delivery.conftest import approved_proposal, milestone_fields, report_fields
from tests.factories import RepresentativeFactory
from tests.query_counts import (
    admin_change,
    admin_list,
    check_query_count,
    unmeasured_admin_pages,
)

pytestmark = pytest.mark.django_db

CEILINGS = {
    "plans": 12,
    "plan": 20,
    "milestones": 12,
    "milestone": 16,
    "progress reports": 12,
    "progress report": 18,
}


def new_plan():
    rep = RepresentativeFactory().user
    return services.plan_for(
        approved_proposal(rep, reference=f"1405-{User.objects.count():05d}")
    )


def follower():
    return User.objects.filter(is_superuser=True).first()


def add_milestones(plan, n):
    for _ in range(n):
        milestone = services.milestone_add(
            plan=plan, actor=plan.proposal.created_by, **milestone_fields()
        )
        services.transition(
            obj=milestone, to_status=MilestoneStatus.ACCEPTED, actor=follower()
        )


def add_reports(plan, n):
    for _ in range(n):
        services.report_submit(
            plan=plan,
            actor=plan.proposal.created_by,
            reach=[
                {
                    "province": Province.objects.get(pk="IR-23"),
                    "households": 4,
                    "children": 6,
                }
            ],
            **report_fields(),
        )


def first_report():
    plan = new_plan()
    add_reports(plan, 1)
    return plan.reports.get()


def first_milestone():
    plan = new_plan()
    add_milestones(plan, 1)
    return plan.milestones.get()


ADMIN_PAGES = [
    admin_list(
        "plans",
        "delivery.plan",
        lambda s, n: [new_plan() for _ in range(n)],
        who="superuser",
    ),
    admin_change(
        "plan",
        "delivery.plan",
        lambda plan, n: (add_milestones(plan, n), add_reports(plan, n)),
        new_plan,
        who="superuser",
    ),
    admin_list(
        "milestones",
        "delivery.milestone",
        lambda s, n: add_milestones(new_plan(), n),
        who="superuser",
    ),
    admin_change(
        "milestone",
        "delivery.milestone",
        lambda milestone, n: add_milestones(milestone.plan, n),
        first_milestone,
        who="superuser",
    ),
    admin_list(
        "progress reports",
        "delivery.progressreport",
        lambda s, n: add_reports(new_plan(), n),
        who="superuser",
    ),
    admin_change(
        "progress report",
        "delivery.progressreport",
        lambda report, n: add_reports(report.plan, n),
        first_report,
        who="superuser",
    ),
]


def test_every_admin_list_and_change_page_is_measured():
    assert unmeasured_admin_pages(ADMIN_PAGES, {"delivery"}) == set()


@pytest.mark.parametrize("page", ADMIN_PAGES, ids=str)
def test_query_count_does_not_grow_with_rows(page, signed_in, count_queries):
    check_query_count(page, signed_in(page.who), count_queries, CEILINGS[page.name])
