"""The statuses of a plan in delivery and their moves: one table each.

A supported (approved) proposal is delivered as a *plan*: milestones agreed
with the working group, progress reports the NGO sends, and in the end the
plan completed or discontinued. ``delivery.services.transition`` is the only
writer of the three statuses below and checks every change against its
table; the admin's buttons and the NGO's pages offer what the tables offer;
the README prints them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.transitions import NGO, STAFF, Move, MoveTable

# Every staff move of delivery: accept milestones and reports, close plans.
FOLLOW = "delivery.follow_plan"


class PlanStatus(models.TextChoices):
    IN_DELIVERY = "in_delivery", pgettext_lazy("plan status", "in delivery")
    COMPLETED = "completed", pgettext_lazy("plan status", "completed")
    DISCONTINUED = "discontinued", pgettext_lazy("plan status", "discontinued")


class MilestoneStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("milestone status", "proposed")
    ACCEPTED = "accepted", pgettext_lazy("milestone status", "accepted")
    DONE = "done", pgettext_lazy("milestone status", "done")
    DECLINED = "declined", pgettext_lazy("milestone status", "declined")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("report status", "submitted")
    ACCEPTED = "accepted", pgettext_lazy("report status", "accepted")
    RETURNED = "returned", pgettext_lazy("report status", "returned")


PLAN_MOVES = MoveTable(
    model="delivery.Plan",
    field="status",
    choices=PlanStatus,
    moves=[
        Move(
            "complete",
            PlanStatus.IN_DELIVERY,
            PlanStatus.COMPLETED,
            label=_("Complete the plan"),
            question=_(
                "Record this plan as completed? Its accepted final report "
                "says what it achieved."
            ),
            done=_("The plan is completed."),
            side=STAFF,
            permission=FOLLOW,
        ),
        Move(
            "discontinue",
            PlanStatus.IN_DELIVERY,
            PlanStatus.DISCONTINUED,
            label=_("Discontinue the plan"),
            question=_(
                "Close this plan as discontinued? The reason is shown on its "
                "public page."
            ),
            done=_("The plan is closed as discontinued."),
            side=STAFF,
            permission=FOLLOW,
            reason_required=True,
        ),
    ],
)

MILESTONE_MOVES = MoveTable(
    model="delivery.Milestone",
    field="status",
    choices=MilestoneStatus,
    moves=[
        Move(
            "accept_milestone",
            MilestoneStatus.PROPOSED,
            MilestoneStatus.ACCEPTED,
            label=_("Accept the milestone"),
            question=_("Accept this milestone as part of the plan?"),
            done=_("Milestone accepted."),
            side=STAFF,
            permission=FOLLOW,
        ),
        Move(
            "decline_milestone",
            MilestoneStatus.PROPOSED,
            MilestoneStatus.DECLINED,
            label=_("Decline the milestone"),
            question=_("Decline this milestone? The NGO is told why."),
            done=_("Milestone declined."),
            side=STAFF,
            permission=FOLLOW,
            reason_required=True,
        ),
        Move(
            "milestone_done",
            MilestoneStatus.ACCEPTED,
            MilestoneStatus.DONE,
            label=_("Mark the milestone done"),
            question=_("Record this milestone as reached?"),
            done=_("Milestone marked done."),
            side=STAFF,
            permission=FOLLOW,
        ),
    ],
)

REPORT_MOVES = MoveTable(
    model="delivery.ProgressReport",
    field="status",
    choices=ReportStatus,
    moves=[
        Move(
            "accept_report",
            ReportStatus.SUBMITTED,
            ReportStatus.ACCEPTED,
            label=_("Accept the report"),
            question=_(
                "Accept this report? Its public summary and the households "
                "it reached appear on the plan's public page; a final report "
                "completes the plan."
            ),
            done=_("Report accepted."),
            side=STAFF,
            permission=FOLLOW,
        ),
        Move(
            "return_report",
            ReportStatus.SUBMITTED,
            ReportStatus.RETURNED,
            label=_("Return the report"),
            question=_("Return this report to the NGO? It is told why."),
            done=_("Report returned to the NGO."),
            side=STAFF,
            permission=FOLLOW,
            reason_required=True,
        ),
        Move(
            "resubmit_report",
            ReportStatus.RETURNED,
            ReportStatus.SUBMITTED,
            label=_("Send the report again"),
            question=_("Send the revised report to the working group?"),
            done=_("Report sent again."),
            side=NGO,
        ),
    ],
)

# Milestones agreed with the working group: public, and counted in the
# plan's progress (a proposed one is the NGO's suggestion until accepted).
AGREED_MILESTONES = (MilestoneStatus.ACCEPTED, MilestoneStatus.DONE)
# Milestones not yet reached: overdue once their due date has passed.
OPEN_MILESTONES = (MilestoneStatus.PROPOSED, MilestoneStatus.ACCEPTED)
# The NGO edits a report where it may send it again.
EDITABLE_REPORTS = REPORT_MOVES.sources(side=NGO)
CLOSED_PLANS = PLAN_MOVES.terminal()
