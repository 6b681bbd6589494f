"""The meeting record's figures, registered with ``core.stats`` at start-up."""

from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.stats import Figure, Headline
from meetings.models import ActionItem, Decision, Meeting


def action_items() -> list[tuple]:
    counts = ActionItem.objects.filter(
        meeting__in=Meeting.objects.with_public_minutes()
    ).aggregate(
        open=Count("pk", filter=Q(status=Decision.Status.OPEN)),
        done=Count("pk", filter=Q(status=Decision.Status.DONE)),
    )
    return [
        (capfirst(Decision.Status.OPEN.label), counts["open"]),
        (capfirst(Decision.Status.DONE.label), counts["done"]),
    ]


def meetings_held() -> int:
    return Meeting.objects.with_public_minutes().count()


FIGURES = [
    Figure(
        slug="action-items",
        order=80,
        title=_("Action items of the meetings"),
        description=_(
            "Action items agreed in the approved minutes of the working "
            "group's meetings: still open, and done."
        ),
        columns=(_("Status"), _("Action items")),
        rows=action_items,
        empty=_("No meeting has agreed an action item yet."),
    ),
]

HEADLINES = [
    Headline(
        slug="meetings-held",
        order=20,
        label=_("meetings held"),
        count=meetings_held,
        url_name="meetings:list",
    ),
]
