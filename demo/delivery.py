"""Supported plans in delivery: milestones agreed, reports sent and accepted,
one plan completed (idempotent: a plan that has milestones is left alone)."""

import datetime

from django.utils import timezone

from core.l10n import to_persian_digits
from delivery import services
from delivery.workflow import MilestoneStatus, ReportStatus
from ngos.models import Province, Representative
from proposals.models import Proposal

MILESTONES = [
    ("ثبت‌نام و نیازسنجی خانوارها", "فهرست خانوارهای ثبت‌نام‌شده", 200_000_000),
    ("برگزاری کارگاه‌های مهارت‌آموزی", "گزارش حضور و عکس کارگاه‌ها", 600_000_000),
    ("راه‌اندازی بازارچه و فروش محصولات", "گزارش فروش بازارچه", 400_000_000),
]


def _actor_of(proposal):
    representative = (
        Representative.objects.filter(ngo=proposal.ngo, approved_at__isnull=False)
        .select_related("user")
        .first()
    )
    return representative.user if representative else None


def _deliver(plan, *, staff, representative, reached: int, complete: bool):
    start = timezone.localdate(plan.proposal.decided_at or timezone.now())
    milestones = []
    for index, (title, deliverable, amount) in enumerate(MILESTONES):
        milestone = services.milestone_add(
            plan=plan,
            actor=representative,
            title=title,
            due_date=start + datetime.timedelta(days=45 * (index + 1)),
            deliverable=deliverable,
            amount=amount,
        )
        services.transition(
            obj=milestone, to_status=MilestoneStatus.ACCEPTED, actor=staff
        )
        milestones.append(milestone)
    done = milestones if complete else milestones[:1]
    for milestone in done:
        services.transition(obj=milestone, to_status=MilestoneStatus.DONE, actor=staff)
    provinces = list(plan.proposal.provinces.all()) or [Province.objects.first()]
    periods = [(start, start + datetime.timedelta(days=44))]
    if complete:
        periods.append(
            (
                periods[0][1] + datetime.timedelta(days=1),
                periods[0][1] + datetime.timedelta(days=100),
            )
        )
    today = timezone.localdate()
    for number, (period_start, period_end) in enumerate(periods, start=1):
        final = complete and number == len(periods)
        report = services.report_submit(
            plan=plan,
            actor=representative,
            reach=[
                {
                    "province": province,
                    "households": reached // len(provinces),
                    "children": reached * 2 // len(provinces),
                }
                for province in provinces
            ],
            period_start=min(period_start, today),
            period_end=min(period_end, today),
            work_done="ثبت‌نام خانوارها، برگزاری کارگاه‌ها و پیگیری اشتغال شرکت‌کنندگان.",
            funds_spent=300_000_000 * number,
            public_summary=(
                "کارگاه‌های مهارت‌آموزی خیاطی و شیرینی‌پزی برگزار شد و "
                f"{to_persian_digits(reached)} خانوار زن سرپرست در آن شرکت کردند."
                if not final
                else "طرح به پایان رسید: بازارچه راه افتاد و بیشتر شرکت‌کنندگان درآمد خانگی پایدار دارند."
            ),
            is_final=final,
        )
        services.transition(obj=report, to_status=ReportStatus.ACCEPTED, actor=staff)


def load(demo):
    staff = demo.users["callmanager"]
    approved = list(
        Proposal.objects.supported().order_by("decided_at", "pk").select_related("ngo")
    )
    rep_a_ngo = demo.users["rep_a"].representative.ngo_id
    # rep_a's supported plan in delivery, and the oldest other one completed.
    chosen = [p for p in approved if p.ngo_id == rep_a_ngo][:1]
    chosen += [p for p in approved if p.ngo_id != rep_a_ngo][:1]
    for index, proposal in enumerate(chosen):
        plan = services.plan_for(proposal)
        if plan.milestones.exists():
            continue
        representative = _actor_of(proposal)
        if representative is None:
            continue
        _deliver(
            plan,
            staff=staff,
            representative=representative,
            reached=40 + 25 * index,
            complete=index == 1,
        )
