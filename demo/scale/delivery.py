"""Plans in delivery for the approved proposals, with their milestones."""

import datetime

from delivery.models import Milestone, Plan
from delivery.workflow import MilestoneStatus, PlanStatus
from proposals.models import Proposal, Status

# What an NGO's plan goes through, step by step: a milestone's title and
# what shows it is reached.
MILESTONES = [
    ("خرید مواد اولیه و تجهیزات", "فاکتورهای خرید و عکس تجهیزات"),
    ("شناسایی و ثبت‌نام خانوارهای هدف", "فهرست خانوارها با تأیید بهزیستی"),
    ("برگزاری کارگاه آموزشی", "فهرست حاضران و عکس کارگاه"),
    ("توزیع بسته‌های حمایتی", "رسید دریافت بسته‌ها"),
    ("راه‌اندازی کارگاه تولیدی", "گزارش بازدید از کارگاه"),
    ("برگزاری جلسه‌های مشاوره", "گزارش جلسه‌ها بدون نام مراجعان"),
    ("گزارش میانی به کارگروه", "گزارش میانی"),
    ("ارزیابی پایانی و گزارش نهایی", "گزارش نهایی با شاخص‌ها"),
]
# A plan approved more than this long ago may have been completed.
DELIVERY_DAYS = 365


class DeliveryMaker:
    """Most approved proposals have a plan row with two to six milestones:
    those due before today mostly done, the later ones agreed or still
    proposed; plans approved over a year ago mostly completed, a few
    discontinued. The rest have no row yet, as an approved proposal has
    until someone first opens its plan."""

    def create_plans(self) -> None:
        rng = self.rng
        today = self.now.date()
        approved = (
            Proposal.objects.filter(status=Status.APPROVED, plan__isnull=True)
            .order_by("pk")
            .values_list("pk", "decided_at", "created_by_id", "budget_rials")
        )
        plans, milestones = [], []
        for pk, decided_at, author, budget in approved:
            if rng.random() < 0.2 or decided_at is None:
                continue
            status = PlanStatus.IN_DELIVERY
            if (self.now - decided_at).days > DELIVERY_DAYS:
                status = rng.choices(
                    [
                        PlanStatus.COMPLETED,
                        PlanStatus.IN_DELIVERY,
                        PlanStatus.DISCONTINUED,
                    ],
                    [60, 35, 5],
                )[0]
            plans.append(
                Plan(
                    proposal_id=pk,
                    status=status,
                    status_changed_at=decided_at
                    if status == PlanStatus.IN_DELIVERY
                    else self.between(decided_at, self.now),
                    closing_reason="اعتبار طرح پیش از پایان آن قطع شد."
                    if status == PlanStatus.DISCONTINUED
                    else "",
                    created_at=decided_at,
                )
            )
            steps = rng.sample(MILESTONES, rng.randint(2, 6))
            due = decided_at.date()
            for title, deliverable in steps:
                due += datetime.timedelta(days=rng.randint(30, 90))
                milestones.append(
                    Milestone(
                        plan_id=pk,
                        title=title,
                        due_date=due,
                        deliverable=deliverable,
                        amount=(budget or 0) // len(steps),
                        status=self.milestone_status(status, due, today),
                        status_changed_at=decided_at,
                        proposed_by_id=author,
                        created_at=decided_at,
                    )
                )
        # ``write`` inserts in batches of ``batch_size`` itself.
        self.write(Plan, plans)
        self.write(Milestone, milestones)

    def milestone_status(self, plan_status, due, today) -> str:
        if plan_status == PlanStatus.COMPLETED:
            return MilestoneStatus.DONE
        if due < today:
            return (
                MilestoneStatus.DONE
                if self.rng.random() < 0.7
                else MilestoneStatus.ACCEPTED
            )
        return (
            MilestoneStatus.ACCEPTED
            if self.rng.random() < 0.8
            else MilestoneStatus.PROPOSED
        )
