"""The delivery's figures on the statistics page: whom the supported plans
reached, and how many were completed on time.

Registered with ``core.stats`` from ``DeliveryConfig.ready()``. Only what
staff accepted counts: a report waiting or returned reaches nobody yet.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.stats import Figure
from delivery.models import Milestone, Plan, Reach
from delivery.workflow import MilestoneStatus, PlanStatus, ReportStatus
from ngos.models import Province
from ngos.stats import other_provinces
from proposals.models import Proposal


def reached_by_province() -> list[tuple]:
    """Female-headed households and children reached, by province, as the
    accepted progress reports give them. Two queries."""
    reached = {
        row["province"]: (row["households"], row["children"])
        for row in Reach.objects.filter(report__status=ReportStatus.ACCEPTED)
        .values("province")
        .annotate(households=Sum("households"), children=Sum("children"))
    }
    return [
        (province, *reached.get(province.pk, (0, 0)))
        for province in Province.objects.all()
    ]


def plans_by_outcome() -> list[tuple]:
    """Supported plans: completed by the due date of their last agreed
    milestone, completed later, in delivery, discontinued. Two queries.

    A plan with no agreed milestone that was completed counts as on time:
    nothing it agreed to was late.
    """
    last_due = Subquery(
        Milestone.objects.filter(
            plan=OuterRef("pk"),
            status__in=[MilestoneStatus.ACCEPTED, MilestoneStatus.DONE],
        )
        .values("plan")
        .annotate(last=Max("due_date"))
        .values("last")[:1]
    )
    completed = Q(status=PlanStatus.COMPLETED)
    finished_on = TruncDate("status_changed_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
    counts = Plan.objects.annotate(
        last_due=last_due, finished_on=finished_on
    ).aggregate(
        on_time=Count(
            "pk",
            filter=completed
            & (Q(last_due__isnull=True) | Q(finished_on__lte=F("last_due"))),
        ),
        completed=Count("pk", filter=completed),
        discontinued=Count("pk", filter=Q(status=PlanStatus.DISCONTINUED)),
    )
    # An approved proposal is a plan in delivery, with its row or before it.
    closed = counts["completed"] + counts["discontinued"]
    in_delivery = Proposal.objects.supported().count() - closed
    return [
        (_("Completed on time"), counts["on_time"]),
        (_("Completed late"), counts["completed"] - counts["on_time"]),
        (capfirst(PlanStatus.IN_DELIVERY.label), max(in_delivery, 0)),
        (capfirst(PlanStatus.DISCONTINUED.label), counts["discontinued"]),
    ]


FIGURES = [
    Figure(
        slug="households-reached-by-province",
        order=65,
        title=_("Female-headed households reached, by province"),
        description=_(
            "Female-headed households and their children that supported plans "
            "reached, as the progress reports the working group accepted give "
            "them."
        ),
        columns=(_("Province"), _("Households"), _("Children")),
        rows=reached_by_province,
        empty=_("No progress report has been accepted yet."),
        ranked=True,
        others=other_provinces,
    ),
    Figure(
        slug="plans-by-outcome",
        order=66,
        title=_("Supported plans by outcome"),
        description=_(
            "Plans completed by the due date of their last agreed milestone, "
            "completed later, still in delivery, or discontinued."
        ),
        columns=(_("Outcome"), _("Plans")),
        rows=plans_by_outcome,
        empty=_("No proposal has been approved yet."),
    ),
]
