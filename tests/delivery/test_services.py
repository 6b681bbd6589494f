import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.l10n import to_persian_digits
from core.roles import CALL_MANAGERS
from core.transitions import TransitionError
from delivery import services
from delivery.models import PlanEvent
from delivery.workflow import MilestoneStatus, PlanStatus, ReportStatus
from ngos.models import Province
from tests.delivery.conftest import milestone_fields, report_fields
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def submit(plan, user, **overrides):
    return services.report_submit(
        plan=plan,
        actor=user,
        reach=[
            {
                "province": Province.objects.get(pk="IR-23"),
                "households": 40,
                "children": 65,
            }
        ],
        **report_fields(**overrides),
    )


def test_the_ngo_proposes_a_milestone_and_staff_accept_it(plan, rep_a, follower):
    milestone = services.milestone_add(plan=plan, actor=rep_a, **milestone_fields())
    assert milestone.status == MilestoneStatus.PROPOSED
    services.transition(
        obj=milestone, to_status=MilestoneStatus.ACCEPTED, actor=follower
    )
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.ACCEPTED
    assert list(PlanEvent.objects.values_list("action", flat=True)) == [
        "add_milestone",
        "accept_milestone",
    ]


def test_a_milestone_set_by_staff_is_accepted_at_once(plan, follower):
    milestone = services.milestone_add(plan=plan, actor=follower, **milestone_fields())
    assert milestone.status == MilestoneStatus.ACCEPTED


def test_another_ngo_cannot_propose_a_milestone(plan, rep_b):
    with pytest.raises(PermissionDenied):
        services.milestone_add(plan=plan, actor=rep_b, **milestone_fields())


def test_the_ngo_cannot_accept_its_own_milestone(plan, rep_a):
    milestone = services.milestone_add(plan=plan, actor=rep_a, **milestone_fields())
    with pytest.raises(PermissionDenied):
        services.transition(
            obj=milestone, to_status=MilestoneStatus.ACCEPTED, actor=rep_a
        )


def test_declining_a_milestone_needs_a_reason(plan, rep_a, follower):
    milestone = services.milestone_add(plan=plan, actor=rep_a, **milestone_fields())
    with pytest.raises(TransitionError) as error:
        services.transition(
            obj=milestone, to_status=MilestoneStatus.DECLINED, actor=follower
        )
    assert error.value.code == "reason_required"


def test_returning_a_report_keeps_the_reason_and_the_ngo_sends_it_again(
    plan, rep_a, follower, mailoutbox, django_capture_on_commit_callbacks
):
    report = submit(plan, rep_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            obj=report,
            to_status=ReportStatus.RETURNED,
            actor=follower,
            reason="فاکتورها پیوست نشده",
        )
    assert report.status == ReportStatus.RETURNED
    assert report.return_reason == "فاکتورها پیوست نشده"
    assert len(mailoutbox) == 1
    assert "فاکتورها پیوست نشده" in mailoutbox[0].body
    revised = services.report_revise(
        report=report,
        actor=rep_a,
        reach=[{"province": Province.objects.get(pk="IR-10"), "households": 12}],
        **report_fields(funds_spent=260_000_000),
    )
    assert revised.status == ReportStatus.SUBMITTED
    assert revised.funds_spent == 260_000_000
    assert [(r.province_id, r.households, r.children) for r in revised.reach.all()] == [
        ("IR-10", 12, 0)
    ]


def test_returning_a_report_without_a_reason_is_refused(plan, rep_a, follower):
    report = submit(plan, rep_a)
    with pytest.raises(TransitionError):
        services.transition(obj=report, to_status=ReportStatus.RETURNED, actor=follower)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_accepting_the_final_report_completes_the_plan(plan, rep_a, follower):
    report = submit(plan, rep_a, is_final=True)
    services.transition(obj=report, to_status=ReportStatus.ACCEPTED, actor=follower)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.COMPLETED
    assert list(
        PlanEvent.objects.filter(subject="delivery.Plan").values_list(
            "to_status", flat=True
        )
    ) == ["completed"]


def test_accepting_an_interim_report_keeps_the_plan_in_delivery(plan, rep_a, follower):
    report = submit(plan, rep_a)
    services.transition(obj=report, to_status=ReportStatus.ACCEPTED, actor=follower)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_DELIVERY


def test_a_plan_is_not_completed_without_an_accepted_final_report(plan, follower):
    with pytest.raises(TransitionError) as error:
        services.transition(obj=plan, to_status=PlanStatus.COMPLETED, actor=follower)
    assert error.value.code == "no_final_report"


def test_discontinuing_needs_a_reason_and_closes_the_plan(plan, rep_a, follower):
    with pytest.raises(TransitionError):
        services.transition(obj=plan, to_status=PlanStatus.DISCONTINUED, actor=follower)
    services.transition(
        obj=plan,
        to_status=PlanStatus.DISCONTINUED,
        actor=follower,
        reason="انحلال سازمان",
    )
    assert plan.closing_reason == "انحلال سازمان"
    with pytest.raises(TransitionError) as error:
        submit(plan, rep_a)
    assert error.value.code == "closed"


def test_staff_without_the_permission_cannot_accept(plan, rep_a, reviewer):
    report = submit(plan, rep_a)
    with pytest.raises(PermissionDenied):
        services.transition(obj=report, to_status=ReportStatus.ACCEPTED, actor=reviewer)


def test_events_are_append_only(plan, follower):
    from core.history import HistoryIsAppendOnly

    services.milestone_add(plan=plan, actor=follower, **milestone_fields())
    with pytest.raises(HistoryIsAppendOnly):
        PlanEvent.objects.get().delete()


def test_a_report_sent_mails_the_staff_who_follow_plans(
    plan, rep_a, follower, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    follower.email = "manager@example.org"
    follower.save()
    reviewer.email = "reviewer@example.org"  # follows no plans: not mailed
    reviewer.save()
    StaffFactory(email="retired@example.org", is_active=False, groups=[CALL_MANAGERS])
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(plan, rep_a)
    (message,) = mailoutbox
    assert message.to == ["manager@example.org"]
    assert to_persian_digits(plan.proposal.reference) in message.subject
    assert (
        reverse("admin:delivery_progressreport_change", args=[report.pk])
        in message.body
    )
    assert "سازمان الف" in message.body


def test_a_returned_report_sent_again_mails_them_too(
    plan, rep_a, follower, django_capture_on_commit_callbacks, mailoutbox
):
    follower.email = "manager@example.org"
    follower.save()
    report = submit(plan, rep_a)
    services.transition(
        obj=report, to_status=ReportStatus.RETURNED, actor=follower, reason="ناقص"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_revise(
            report=report,
            actor=rep_a,
            reach=[{"province": Province.objects.get(pk="IR-10"), "households": 12}],
            **report_fields(),
        )
    assert [message.to for message in mailoutbox] == [["manager@example.org"]]
