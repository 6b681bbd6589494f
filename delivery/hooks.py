"""What delivery shows on the proposals' pages and adds to their reminders
(see ``core.sections``, ``proposals.supported``, ``proposals.reminders``)."""

import datetime

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from core import sections
from core.html import format_html
from core.l10n import format_number, per_language
from core.links import address
from core.mail import send_templated
from delivery.models import REPORT_EVERY_DAYS, Milestone, Plan
from delivery.workflow import (
    AGREED_MILESTONES,
    OPEN_MILESTONES,
    MilestoneStatus,
    PlanStatus,
)
from proposals.mail import representatives_to_mail
from proposals.models import Status
from proposals.reminders import claim

MILESTONE_OVERDUE = "milestone_overdue"
REPORT_OVERDUE = "report_overdue"


def plan_url(pk: int, language: str | None = None) -> str:
    return address("delivery:plan", pk, language)


def plan_cards(proposals) -> None:
    """Link each supported proposal's card to its plan's page, with its
    progress: one query for the whole page (the plans' status and their
    agreed and done milestones counted together; the plans' own ordering,
    by their proposal's decision, would join the proposals for nothing)."""
    agreed = Q(milestones__status__in=AGREED_MILESTONES)
    plans = {
        pk: (status, total, done)
        for pk, status, total, done in Plan.objects.filter(
            pk__in=[proposal.pk for proposal in proposals]
        )
        .order_by()
        .annotate(
            total=Count("milestones", filter=agreed),
            done=Count("milestones", filter=Q(milestones__status=MilestoneStatus.DONE)),
        )
        .values_list("pk", "status", "total", "done")
    }
    language = get_language()
    for proposal in proposals:
        proposal.public_url = plan_url(proposal.pk, language)
        status, total, done = plans.get(proposal.pk, (PlanStatus.IN_DELIVERY, 0, 0))
        proposal.card_extra = plan_card(
            PlanStatus(status),
            milestones=total,
            done=done,
            progress_id=f"progress-{proposal.pk}",
            language=language,
        )


def plan_card(
    status,
    *,
    milestones: int,
    done: int,
    progress_id: str,
    language: str | None = None,
) -> str:
    """What a supported proposal's card adds: the plan's status, how many
    milestones it has agreed and the share done, as a progress bar.

    Written in Python, not with a template: the list renders twenty of them
    and ``render_to_string`` cost each a template context of its own (a
    third of the list's time). ``language``: the page's, asked once for the
    page (default: the active language).
    """
    language = language or get_language()
    words = _card_words(language)
    badge = format_html(
        '<span class="badge status-badge status-{}">{}</span>',
        status,
        words["status"][status],
    )
    if not milestones:
        return format_html(
            '<div class="mt-2 plan-card-extra"><p class="small mb-1">{}</p></div>',
            badge,
        )
    # One milestone or more: the singular or the plural in both languages.
    shown = words["milestones"][milestones > 1] % {
        "shown": format_number(milestones, language)
    }
    percent = round(100 * done / milestones)
    return format_html(
        '<div class="mt-2 plan-card-extra"><p class="small mb-1">{} · {}</p>'
        '<div class="plan-progress-wrap">'
        '<label class="small d-flex justify-content-between plan-progress-label"'
        ' for="{}"><span>{}</span><span>{}</span></label>'
        '<progress class="plan-progress" id="{}" max="100" value="{}">{}%</progress>'
        "</div></div>",
        badge,
        shown,
        progress_id,
        words["done"],
        words["percent"] % {"percent": format_number(percent, language)},
        progress_id,
        percent,
        format_number(percent, language),
    )


@per_language
def _card_words() -> dict:
    """What every card says."""
    return {
        # Indexed by whether there is more than one milestone.
        "milestones": (
            ngettext("%(shown)s milestone", "%(shown)s milestones", 1),
            ngettext("%(shown)s milestone", "%(shown)s milestones", 2),
        ),
        "status": {status: str(status.label) for status in PlanStatus},
        "done": gettext("Milestones done"),
        "percent": gettext("%(percent)s%%"),
    }


def plan_section(proposal) -> dict:
    if proposal.status != Status.APPROVED:
        return {"plan_proposal": None}
    return {"plan_proposal": proposal}


def register() -> None:
    sections.register(
        sections.Section(
            place=sections.PROPOSAL_PAGE,
            template="delivery/includes/_plan_link.html",
            context=plan_section,
        )
    )


# Reminders -------------------------------------------------------------------


def overdue_milestones(today: datetime.date):
    """Milestones past their due date and not reached, of plans in delivery."""
    return Milestone.objects.filter(
        status__in=OPEN_MILESTONES,
        due_date__lt=today,
        plan__status=PlanStatus.IN_DELIVERY,
    )


def plans_with_report_due(now):
    """Plans in delivery whose last report (or approval, without one) is
    older than ``REPORT_EVERY_DAYS``; each with ``report_due_at``."""
    plans = (
        Plan.objects.filter(status=PlanStatus.IN_DELIVERY)
        .annotate(last_report=Max("reports__submitted_at"))
        .select_related("proposal__ngo")
    )
    due = []
    for plan in plans:
        since = plan.last_report or plan.proposal.decided_at or plan.created_at
        plan.report_due_at = since + datetime.timedelta(days=REPORT_EVERY_DAYS)
        if plan.report_due_at < now:
            due.append(plan)
    return due


def send_reminders(now) -> dict:
    """Remind the NGO of milestones overdue (once a week each) and of a
    progress report due (once for each due date)."""
    today = timezone.localdate(now)
    week = today.isocalendar()
    sent = {MILESTONE_OVERDUE: 0, REPORT_OVERDUE: 0}
    for milestone in overdue_milestones(today).select_related("plan__proposal__ngo"):
        proposal = milestone.plan.proposal
        representatives = list(representatives_to_mail(proposal))
        key = f"{milestone.pk}:{week.year}-W{week.week:02d}"
        if not representatives or not claim(
            MILESTONE_OVERDUE, key, [r.user.email for r in representatives]
        ):
            continue
        for representative in representatives:
            send_templated(
                "delivery/email/milestone_overdue",
                {
                    "milestone": milestone,
                    "proposal": proposal,
                    "representative": representative,
                },
                [representative.user.email],
                representative.language,
            )
        sent[MILESTONE_OVERDUE] += 1
    for plan in plans_with_report_due(now):
        representatives = list(representatives_to_mail(plan.proposal))
        key = f"{plan.pk}:{plan.report_due_at:%Y%m%d}"
        if not representatives or not claim(
            REPORT_OVERDUE, key, [r.user.email for r in representatives]
        ):
            continue
        for representative in representatives:
            send_templated(
                "delivery/email/report_overdue",
                {
                    "plan": plan,
                    "proposal": plan.proposal,
                    "representative": representative,
                },
                [representative.user.email],
                representative.language,
            )
        sent[REPORT_OVERDUE] += 1
    return sent
