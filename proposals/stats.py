"""The proposals' figures on the statistics and home pages.

Registered with ``workgroup.stats`` from ``ProposalsConfig.ready()``. Only
proposals that NGOs have submitted count: a draft is the NGO's own until it
is sent (as in the admin).
"""

import datetime

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.jalali import jalali_year, year_datetime_bounds
from core.l10n import gregorian_year_starting, is_persian, to_persian_digits
from core.stats import Figure, Headline
from ngos.models import FocusArea, Province
from ngos.stats import other_focus_areas, other_provinces
from proposals.models import Proposal
from proposals.workflow import DECIDED_STATUSES, Status


def received():
    return Proposal.objects.filter(submitted_at__isnull=False)


def by_status() -> list[tuple]:
    """Every status a submitted proposal can have, in the workflow's order."""
    counts = dict(
        received()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [
        (capfirst(status.label), counts.get(status.value, 0))
        for status in Status
        if status != Status.DRAFT
    ]


def by_focus_area() -> list[tuple]:
    areas = FocusArea.objects.annotate(
        n=Count("proposals", filter=Q(proposals__submitted_at__isnull=False))
    )
    return [(area, area.n) for area in areas]


def year_label(year: int) -> str:
    """``۱۴۰۴`` in Persian; ``1404 (2025–26)`` in English."""
    if is_persian():
        return to_persian_digits(year)
    start = gregorian_year_starting(year)
    return f"{year} ({start}–{(start + 1) % 100:02d})"


# The statistics page keeps each label in every language.
lazy_year_label = lazy(year_label, str)


def by_year() -> list[tuple]:
    """Proposals by Jalali year of first submission, oldest year first.

    Two queries: the first and last submission, then one count per year in
    a single aggregate (a Jalali year starts at Nowruz, so no database's
    year function will do).
    """
    bounds = received().aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if bounds["first"] is None:
        return []
    years = range(jalali_year(bounds["first"]), jalali_year(bounds["last"]) + 1)
    counts = {}
    for year in years:
        start, end = year_datetime_bounds(year)
        counts[f"y{year}"] = Count(
            "pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end)
        )
    totals = received().aggregate(**counts)
    return [(lazy_year_label(year), totals[f"y{year}"]) for year in years]


def supported_by_province() -> list[tuple]:
    provinces = Province.objects.annotate(
        n=Count("proposals", filter=Q(proposals__status=Status.APPROVED))
    )
    return [(province, province.n) for province in provinces]


def budget_by_province() -> list[tuple]:
    provinces = Province.objects.annotate(
        rials=Sum(
            "proposals__budget_rials", filter=Q(proposals__status=Status.APPROVED)
        )
    )
    return [(province, province.rials or 0) for province in provinces]


# Decisions recorded before the approved amount was kept count what was asked.
_AMOUNT = Coalesce("proposals__approved_amount", "proposals__budget_rials")


def approved_by_province() -> list[tuple]:
    provinces = Province.objects.annotate(
        rials=Sum(_AMOUNT, filter=Q(proposals__status=Status.APPROVED))
    )
    return [(province, province.rials or 0) for province in provinces]


def approved_by_focus_area() -> list[tuple]:
    areas = FocusArea.objects.annotate(
        rials=Sum(_AMOUNT, filter=Q(proposals__status=Status.APPROVED))
    )
    return [(area, area.rials or 0) for area in areas]


def _median_days(decided, count: int) -> float | None:
    """The median time to decision, in days, of ``count`` decided proposals.

    The database sorts by the time taken and returns only the one or two
    middle rows, so this costs one query whatever the number of proposals.
    """
    if not count:
        return None
    taken = ExpressionWrapper(
        F("decided_at") - F("submitted_at"), output_field=DurationField()
    )
    middle = list(
        decided.annotate(taken=taken)
        .order_by("taken", "pk")
        .values_list("taken", flat=True)[(count - 1) // 2 : count // 2 + 1]
    )
    median = sum(middle, datetime.timedelta()) / len(middle)
    return round(median / datetime.timedelta(days=1), 1)


def days_to_decision() -> list[tuple]:
    """Decisions and the median days from first submission to decision."""
    decided = received().filter(status__in=DECIDED_STATUSES, decided_at__isnull=False)
    counts = decided.aggregate(
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        rejected=Count("pk", filter=Q(status=Status.REJECTED)),
    )
    rows = []
    for status in DECIDED_STATUSES:
        count = counts[status.value]
        rows.append(
            (
                capfirst(status.label),
                count,
                _median_days(decided.filter(status=status), count),
            )
        )
    total = counts["approved"] + counts["rejected"]
    rows.append((_("All decisions"), total, _median_days(decided, total)))
    return rows


def received_count() -> int:
    return received().count()


def supported_count() -> int:
    return Proposal.objects.supported().count()


FIGURES = [
    Figure(
        slug="proposals-by-status",
        order=20,
        title=_("Proposals by status"),
        description=_("Every proposal NGOs have submitted, by where it stands now."),
        columns=(_("Status"), _("Proposals")),
        rows=by_status,
        empty=_("No NGO has submitted a proposal yet."),
    ),
    Figure(
        slug="proposals-by-focus-area",
        order=30,
        title=_("Proposals by focus area"),
        description=_(
            "Submitted proposals by the focus areas they address; a proposal "
            "in several areas counts in each."
        ),
        columns=(_("Focus area"), _("Proposals")),
        rows=by_focus_area,
        empty=_("No NGO has submitted a proposal yet."),
        ranked=True,
        others=other_focus_areas,
    ),
    Figure(
        slug="proposals-by-year",
        order=40,
        title=_("Proposals by year"),
        description=_("Submitted proposals by the Jalali year of first submission."),
        columns=(_("Year"), _("Proposals")),
        rows=by_year,
        empty=_("No NGO has submitted a proposal yet."),
    ),
    Figure(
        slug="supported-by-province",
        order=50,
        title=_("Supported proposals by province"),
        description=_(
            "Approved proposals by the provinces where they are carried out; "
            "a plan in several provinces counts in each."
        ),
        columns=(_("Province"), _("Supported proposals")),
        rows=supported_by_province,
        empty=_("No proposal has been approved yet."),
        ranked=True,
        others=other_provinces,
    ),
    Figure(
        slug="budget-by-province",
        order=60,
        title=_("Budget requested by supported proposals, by province"),
        description=_(
            "What the approved proposals asked for, in rials, by province; a "
            "plan in several provinces counts in full in each."
        ),
        columns=(_("Province"), _("Budget requested (rials)")),
        rows=budget_by_province,
        empty=_("No proposal has been approved yet."),
        ranked=True,
        others=other_provinces,
    ),
    Figure(
        slug="approved-by-province",
        order=61,
        title=_("Amounts approved, by province"),
        description=_(
            "What the working group approved for supported proposals, in rials, "
            "by province (the amount requested where a decision recorded none); "
            "a plan in several provinces counts in full in each."
        ),
        columns=(_("Province"), _("Amount approved (rials)")),
        rows=approved_by_province,
        empty=_("No proposal has been approved yet."),
        ranked=True,
        others=other_provinces,
    ),
    Figure(
        slug="approved-by-focus-area",
        order=62,
        title=_("Amounts approved, by focus area"),
        description=_(
            "What the working group approved for supported proposals, in rials, "
            "by focus area (the amount requested where a decision recorded "
            "none); a plan in several areas counts in full in each."
        ),
        columns=(_("Focus area"), _("Amount approved (rials)")),
        rows=approved_by_focus_area,
        empty=_("No proposal has been approved yet."),
        ranked=True,
        others=other_focus_areas,
    ),
    Figure(
        slug="days-to-decision",
        order=70,
        title=_("Days from submission to decision"),
        description=_(
            "The median number of days from a proposal's first submission to "
            "the working group's decision, including any time spent on "
            "changes the reviewers asked for."
        ),
        columns=(_("Decision"), _("Proposals decided"), _("Median days")),
        rows=days_to_decision,
        empty=_("No proposal has been decided yet."),
        chart_column=2,
    ),
]

HEADLINES = [
    Headline(
        slug="proposals-received",
        order=30,
        label=_("proposals received"),
        count=received_count,
        url_name="stats",
    ),
    Headline(
        slug="proposals-supported",
        order=40,
        label=_("proposals supported"),
        count=supported_count,
        url_name="proposals:supported",
    ),
]
