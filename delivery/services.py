"""Everything that writes a plan, its milestones and its reports.

``transition`` is the only writer of the three statuses of
``delivery.workflow``; the other functions create rows (a plan on first
need, a proposed or staff-set milestone, a submitted report) and hand every
later change to it.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.mail import send_templated
from core.transitions import NGO, TransitionError
from delivery.models import (
    Milestone,
    Plan,
    PlanEvent,
    ProgressReport,
    Reach,
    ReportAttachment,
)
from delivery.workflow import (
    EDITABLE_REPORTS,
    FOLLOW,
    MILESTONE_MOVES,
    PLAN_MOVES,
    REPORT_MOVES,
    MilestoneStatus,
    PlanStatus,
    ReportStatus,
)
from proposals import uploads
from proposals.mail import representatives_to_mail
from proposals.models import Proposal, Status
from proposals.services import check_representative

TABLES = {
    Plan: PLAN_MOVES,
    Milestone: MILESTONE_MOVES,
    ProgressReport: REPORT_MOVES,
}

MAX_FILES_PER_REPORT = 5

CLOSED = _("This plan is closed; nothing more can be added to it.")


def plan_for(proposal: Proposal) -> Plan:
    """The plan of an approved ``proposal``, made now if it has none yet."""
    if proposal.status != Status.APPROVED:
        raise Http404
    plan, _created = Plan.objects.get_or_create(proposal=proposal)
    return plan


def _check_acts_for(plan: Plan, actor: User) -> None:
    """A representative of the plan's NGO, or staff who follow plans."""
    if actor.is_staff:
        if not actor.has_perm(FOLLOW):
            raise PermissionDenied
    else:
        check_representative(plan.proposal, actor)


def _check_open(plan: Plan) -> None:
    if plan.is_closed:
        raise TransitionError(CLOSED, code="closed")


@transaction.atomic
def milestone_add(*, plan: Plan, actor: User, **fields) -> Milestone:
    """A milestone proposed by the NGO, or set by staff (accepted at once).

    ``fields``: title, due_date, deliverable, amount. Side effects: the row,
    one PlanEvent, one audit line.
    """
    plan = Plan.objects.select_for_update().select_related("proposal").get(pk=plan.pk)
    _check_acts_for(plan, actor)
    _check_open(plan)
    status = MilestoneStatus.ACCEPTED if actor.is_staff else MilestoneStatus.PROPOSED
    milestone = Milestone(
        plan=plan,
        status=status,
        status_changed_at=timezone.now(),
        proposed_by=actor,
        **fields,
    )
    milestone.full_clean()
    milestone.save()
    _record(plan, milestone, "add_milestone", "", status, actor, "")
    return milestone


@transaction.atomic
def report_submit(
    *, plan: Plan, actor: User, reach: list[dict], files=(), **fields
) -> ProgressReport:
    """The NGO's progress report, with its rows of households reached.

    ``fields``: period_start, period_end, work_done, funds_spent,
    public_summary, is_final; ``reach``: dicts of province, households,
    children; ``files``: uploaded files, each checked as a proposal's are.
    Side effects: the report, its rows and files, one PlanEvent, one audit
    line; after commit, an e-mail to the staff who follow plans
    (:func:`notify_staff`). Staff find it in the admin's list of reports
    (status submitted).
    """
    plan = Plan.objects.select_for_update().select_related("proposal").get(pk=plan.pk)
    if actor.is_staff:
        raise PermissionDenied
    check_representative(plan.proposal, actor)
    _check_open(plan)
    checked = _check_files(files, already=0)
    report = ProgressReport(
        plan=plan,
        submitted_by=actor,
        submitted_at=timezone.now(),
        status=ReportStatus.SUBMITTED,
        status_changed_at=timezone.now(),
        **fields,
    )
    report.full_clean()
    report.save()
    _save_reach(report, reach)
    _save_files(report, files, checked, actor)
    _record(plan, report, "submit_report", "", ReportStatus.SUBMITTED, actor, "")
    transaction.on_commit(lambda: notify_staff(report))
    return report


@transaction.atomic
def report_revise(
    *, report: ProgressReport, actor: User, reach: list[dict], files=(), **fields
) -> ProgressReport:
    """The NGO's revision of a returned report, sent again.

    Replaces its fields and rows of households, adds ``files``, then makes
    the ``resubmit_report`` move through :func:`transition`.
    """
    report = (
        ProgressReport.objects.select_for_update()
        .select_related("plan__proposal")
        .get(pk=report.pk)
    )
    check_representative(report.plan.proposal, actor)
    if report.status not in EDITABLE_REPORTS:
        raise TransitionError(
            _("Only a returned report can be revised."), code="not_editable"
        )
    checked = _check_files(files, already=report.attachments.count())
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    report.reach.all().delete()
    _save_reach(report, reach)
    _save_files(report, files, checked, actor)
    transition(obj=report, to_status=ReportStatus.SUBMITTED, actor=actor)
    report.refresh_from_db()
    return report


def _check_files(files, *, already: int) -> list:
    if already + len(files) > MAX_FILES_PER_REPORT:
        raise TransitionError(
            _("A report can have at most %(max)s files."),
            code="too_many",
            params={"max": MAX_FILES_PER_REPORT},
        )
    return [uploads.check_file(uploaded) for uploaded in files]


def _save_reach(report: ProgressReport, rows: list[dict]) -> None:
    Reach.objects.bulk_create(
        Reach(
            report=report,
            province=row["province"],
            households=row["households"],
            children=row.get("children") or 0,
        )
        for row in rows
    )


def _save_files(report, files, checked, actor) -> None:
    for uploaded, check in zip(files, checked, strict=True):
        attachment = ReportAttachment(
            report=report,
            original_name=check.safe_name,
            content_type=check.content_type,
            size=check.size,
            sha256=check.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(check.safe_name, uploaded, save=False)
        # The file is stored first; remove it again if its row cannot be.
        stored = attachment.file.name
        try:
            attachment.save()
        except Exception:
            attachment.file.storage.delete(stored)
            raise


def transition(*, obj, to_status: str, actor: User, reason: str = "") -> PlanEvent:
    """Move a plan, a milestone or a report to ``to_status``: the only writer
    of their statuses.

    Under a row lock it re-reads the status and checks, in this order: that
    the move is in the object's table (``TABLES``), that ``actor``'s role may
    make it and that ``reason`` holds the reason where the table requires
    one; that a representative acts for the plan's NGO; that the plan is
    still in delivery (milestones and reports of a closed plan stay as they
    are); that a plan is completed only with an accepted final report.

    Side effects, in one transaction: ``status`` and ``status_changed_at``;
    the reason kept on the object where it has a place for one (a plan's
    ``closing_reason``, a report's ``return_reason``); one PlanEvent; one
    audit line; accepting a final report also completes the plan (its own
    event). After commit: mail to the NGO's representatives on every staff
    move, and to the staff who follow plans when a report is sent again.

    Raises ``TransitionError`` with a message for the person acting, or
    ``PermissionDenied``.
    """
    model = type(obj)
    table = TABLES[model]
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        plan = locked if model is Plan else locked.plan
        plan = Plan.objects.select_related("proposal__ngo").get(pk=plan.pk)
        from_status = locked.status
        move = table.check(
            source=from_status, target=to_status, actor=actor, reason=reason
        )
        if move.side == NGO:
            check_representative(plan.proposal, actor)
        if model is not Plan:
            _check_open(plan)
        if move.action == "complete" and not _final_report_accepted(plan):
            raise TransitionError(
                _("A plan is completed by accepting its final report."),
                code="no_final_report",
            )
        now = timezone.now()
        locked.status = to_status
        locked.status_changed_at = now
        fields = ["status", "status_changed_at"]
        if move.action == "discontinue":
            locked.closing_reason = reason
            fields.append("closing_reason")
        if move.action == "return_report":
            locked.return_reason = reason
            fields.append("return_reason")
        locked.save(update_fields=fields)
        event = _record(
            plan, locked, move.action, from_status, to_status, actor, reason
        )
        if (
            move.action == "accept_report"
            and locked.is_final
            and plan.status == PlanStatus.IN_DELIVERY
        ):
            transition(obj=plan, to_status=PlanStatus.COMPLETED, actor=actor)
        if move.side != NGO:
            transaction.on_commit(lambda: notify(event, plan, locked))
        elif model is ProgressReport and to_status == ReportStatus.SUBMITTED:
            transaction.on_commit(lambda: notify_staff(locked))
    obj.refresh_from_db()
    return event


def _final_report_accepted(plan: Plan) -> bool:
    return plan.reports.filter(is_final=True, status=ReportStatus.ACCEPTED).exists()


def _record(plan, obj, action, from_status, to_status, actor, reason) -> PlanEvent:
    event = PlanEvent.objects.create(
        plan=plan,
        subject=obj._meta.label,
        object_id=obj.pk,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        comment=reason,
    )
    audit.log(
        "delivery.status_changed",
        user=actor,
        plan=plan.pk,
        subject=obj._meta.label,
        object=obj.pk,
        action=action,
        from_status=from_status,
        to_status=to_status,
    )
    return event


def notify(event: PlanEvent, plan: Plan, obj) -> None:
    """Mail the NGO's representatives what staff did to its plan."""
    table = TABLES[type(obj)]
    move = table.find(event.from_status, event.to_status)
    for representative in representatives_to_mail(plan.proposal):
        send_templated(
            "delivery/email/move",
            {
                "plan": plan,
                "event": event,
                "object": obj,
                "move": move,
                "representative": representative,
            },
            [representative.user.email],
            representative.language,
        )


def staff_following_plans():
    """The active staff who may accept or return reports, through their
    groups or their own permissions (a superuser alone is not mailed)."""
    app_label, codename = FOLLOW.split(".")
    held = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return (
        User.objects.filter(held, is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
    )


def notify_staff(report: ProgressReport) -> None:
    """Mail the staff who follow plans that a report waits for them."""
    plan = report.plan
    for user in staff_following_plans():
        send_templated(
            "delivery/email/report_for_staff",
            {"plan": plan, "report": report},
            [user.email],
            "fa",
        )
