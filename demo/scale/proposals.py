"""Proposals with their history, reviewers, references and score sheets."""

import bisect
import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User

from core.jalali import jalali_year
from demo.scale import words
from meetings.models import Meeting
from ngos.models import NGO, FocusArea
from proposals.models import (
    Criterion,
    Proposal,
    ProposalEvent,
    ReferenceSequence,
    Score,
    ScoreSheet,
    Status,
)

# The benchmark opens the proposal list of one busy NGO.
BENCHMARK_PROPOSALS = 60
PROPOSAL_STATUSES = {
    Status.DRAFT: 12,
    Status.SUBMITTED: 9,
    Status.UNDER_REVIEW: 11,
    Status.CHANGES_REQUESTED: 7,
    Status.APPROVED: 32,
    Status.REJECTED: 21,
    Status.WITHDRAWN: 8,
}
# Statuses of proposals that a reviewer has read: they have score sheets.
SCORED = (Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED)


@dataclass
class Plan:
    """A proposal before it is written, and the history it will have."""

    ngo: NGO
    author: User
    status: str
    created_at: datetime.datetime
    # The fields of each ProposalEvent of its history, in order.
    steps: list = field(default_factory=list)
    reviewer: User | None = None
    reference: str | None = None
    meeting: Meeting | None = None


class ProposalMaker:
    """Proposals in every status, spread over the NGOs that may send them."""

    def create_proposals(self, count: int) -> None:
        """Proposals of every status, with their history, reviewers and
        score sheets, spread over the NGOs that may send them: a few send
        many, most a handful. The benchmark's NGO sends at least
        :data:`BENCHMARK_PROPOSALS`, in every status."""
        if not self.proposing or not count:
            return
        first = self.proposing[0]
        # A weight for every verified NGO, in the order they were made: which
        # of them may propose yet depends on the day of the run (verified
        # long enough ago), and a weight drawn only for those would move
        # every later NGO's weight when one more or fewer qualifies.
        weight_of = {
            ngo.national_id: self.rng.paretovariate(1.3) for ngo in self.verified
        }
        weights = [weight_of[ngo.national_id] for ngo, _user in self.proposing]
        senders = [first] * min(count, BENCHMARK_PROPOSALS) + self.rng.choices(
            self.proposing, weights, k=max(count - BENCHMARK_PROPOSALS, 0)
        )
        statuses, status_weights = zip(*PROPOSAL_STATUSES.items(), strict=True)
        plans = []
        for index, (ngo, author) in enumerate(senders):
            status = (
                statuses[index]
                if index < len(statuses)
                else self.rng.choices(statuses, status_weights)[0]
            )
            plans.append(self.plan(ngo, author, status))
        self.give_references(plans)
        areas = {area.code: area for area in FocusArea.objects.all()}
        for start in range(0, len(plans), self.batch_size):
            self.write_proposals(plans[start : start + self.batch_size], areas)

    def plan(self, ngo, author, status) -> Plan:
        # Room for the history before now: a decided proposal took months.
        latest = self.now - datetime.timedelta(days=2 if status == Status.DRAFT else 30)
        earliest = min(ngo.verified_at, latest - datetime.timedelta(days=1))
        plan = Plan(
            ngo=ngo,
            author=author,
            status=status,
            created_at=self.between(earliest, latest),
        )
        self.walk(plan)
        return plan

    def walk(self, plan: Plan) -> None:
        """The history that brought ``plan`` to its status, as the
        transition function and the services would have written it."""
        rng, status = self.rng, plan.status
        state = {"status": Status.DRAFT, "at": plan.created_at}

        def step(to_status="", *, kind=ProposalEvent.Kind.STATUS, actor, **extra):
            at = self.later(state["at"], *extra.pop("gap", (1, 20)))
            plan.steps.append(
                {
                    "kind": kind,
                    "from_status": state["status"] if to_status else "",
                    "to_status": to_status,
                    "at": at,
                    # Keys rather than objects: the events are many, and
                    # assigning related objects is the slow part of making them.
                    "actor_id": actor.pk,
                    **extra,
                }
            )
            state["at"] = at
            if to_status:
                state["status"] = to_status

        if status == Status.DRAFT:
            return
        if status == Status.WITHDRAWN and rng.random() < 0.3:
            step(Status.WITHDRAWN, actor=plan.author)
            return
        step(Status.SUBMITTED, actor=plan.author)
        if status == Status.SUBMITTED:
            return
        if status == Status.WITHDRAWN:
            step(Status.WITHDRAWN, actor=plan.author)
            return
        plan.reviewer = rng.choice(self.reviewers)
        step(
            kind=ProposalEvent.Kind.ASSIGNMENT,
            actor=rng.choice(self.reviewers),
            assignee_id=plan.reviewer.pk,
            visibility=ProposalEvent.Visibility.INTERNAL,
            gap=(0, 3),
        )
        step(Status.UNDER_REVIEW, actor=plan.reviewer, gap=(0, 10))
        if status == Status.CHANGES_REQUESTED or rng.random() < 0.2:
            step(
                Status.CHANGES_REQUESTED,
                actor=plan.reviewer,
                comment=rng.choice(words.CHANGE_REQUESTS),
            )
            if status == Status.CHANGES_REQUESTED:
                return
            step(Status.SUBMITTED, actor=plan.author)
            step(Status.UNDER_REVIEW, actor=plan.reviewer, gap=(0, 5))
        if rng.random() < 0.2:
            step(
                kind=ProposalEvent.Kind.COMMENT,
                actor=plan.reviewer,
                comment=rng.choice(words.INTERNAL_NOTES),
                visibility=ProposalEvent.Visibility.INTERNAL,
                gap=(0, 7),
            )
        if status == Status.APPROVED:
            step(status, actor=plan.reviewer, comment=rng.choice(words.REVIEW_COMMENTS))
        elif status == Status.REJECTED:
            reason_code, comment = rng.choice(words.REJECTIONS)
            step(status, actor=plan.reviewer, comment=comment, reason_code=reason_code)
        # NGOs present a fifth of the proposals under review at a meeting.
        reviewed = [s["at"] for s in plan.steps if s["to_status"] == "under_review"]
        if self.held_starts and rng.random() < 0.2:
            index = bisect.bisect(self.held_starts, reviewed[0])
            if index < len(self.held):
                plan.meeting = self.held[index]

    def give_references(self, plans) -> None:
        """Reference numbers in the order of first submission, per Jalali
        year, after the numbers the site gave already; the year's counters
        move past them."""
        submitted = sorted(
            (
                (next(s["at"] for s in plan.steps if s["to_status"] == "submitted"), i)
                for i, plan in enumerate(plans)
                if any(s["to_status"] == "submitted" for s in plan.steps)
            ),
        )
        sequences = {
            sequence.year: sequence
            for sequence in ReferenceSequence.objects.select_for_update()
        }
        for at, index in submitted:
            year = jalali_year(at)
            sequence = sequences.setdefault(year, ReferenceSequence(year=year, last=0))
            sequence.last += 1
            plans[index].reference = f"{year}-{sequence.last:05d}"
        ReferenceSequence.objects.bulk_create(
            list(sequences.values()),
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last"],
        )

    def write_proposals(self, plans, areas) -> None:
        proposals = [self.proposal(plan) for plan in plans]
        self.write(Proposal, proposals)
        provinces = Proposal.provinces.through
        provinces.objects.bulk_create(
            [
                provinces(proposal_id=proposal.pk, province_id=code)
                for proposal in proposals
                for code in proposal.province_codes
            ],
            batch_size=self.batch_size,
        )
        focus = Proposal.focus_areas.through
        focus.objects.bulk_create(
            [
                focus(proposal_id=proposal.pk, focusarea_id=areas[code].pk)
                for proposal in proposals
                for code in proposal.area_codes
            ],
            batch_size=self.batch_size,
        )
        events, sheets = [], []
        for plan, proposal in zip(plans, proposals, strict=True):
            events += [
                ProposalEvent(proposal_id=proposal.pk, **step) for step in plan.steps
            ]
            if plan.status in SCORED:
                sheets += self.score_sheets(plan, proposal)
        self.write(ProposalEvent, events)
        sheets = self.write(ScoreSheet, sheets)
        self.write(
            Score,
            [
                Score(sheet_id=sheet.pk, criterion_id=pk, value=value)
                for sheet in sheets
                for pk, value in sheet.values.items()
            ],
        )

    def proposal(self, plan: Plan) -> Proposal:
        rng = self.rng
        title, area_codes = rng.choice(words.IDEAS)
        group = rng.choice(words.IDEA_GROUPS)
        budget = rng.randint(20, 900) * 10_000_000
        # Drafts are often half written.
        complete = plan.status != Status.DRAFT or rng.random() < 0.5
        statuses = [s for s in plan.steps if s["to_status"]]
        submissions = [s["at"] for s in statuses if s["to_status"] == "submitted"]
        decisions = [
            s["at"] for s in statuses if s["to_status"] in ("approved", "rejected")
        ]
        proposal = Proposal(
            ngo=plan.ngo,
            created_by=plan.author,
            title=" ".join(
                part for part in (title, group, f"در {plan.ngo.city}") if part
            ),
            summary=" ".join(rng.sample(words.SUMMARIES, 2)),
            problem=rng.choice(words.PROBLEMS),
            solution=rng.choice(words.SUMMARIES) if complete else "",
            executive_plan=rng.choice(words.PLANS) if complete else "",
            target_group=rng.choice(words.TARGET_GROUPS),
            beneficiaries=rng.randint(20, 600),
            duration_months=rng.choice((3, 6, 9, 12, 18, 24, 36)),
            budget_rials=budget,
            co_funding_rials=budget * rng.choice((0, 1, 2, 3)) // 10 or None,
            co_funding_source=rng.choice(words.CO_FUNDERS),
            presented_at_meeting=plan.meeting,
            reference=plan.reference,
            status=plan.status,
            reviewer=plan.reviewer,
            submitted_at=submissions[0] if submissions else None,
            last_submitted_at=submissions[-1] if submissions else None,
            decided_at=decisions[-1] if decisions else None,
            status_changed_at=statuses[-1]["at"] if statuses else None,
            created_at=plan.created_at,
            updated_at=plan.steps[-1]["at"] if plan.steps else plan.created_at,
        )
        proposal.search_key = proposal.build_search_key()
        proposal.area_codes = area_codes
        proposal.province_codes = {plan.ngo.province_id} | set(
            rng.sample(plan.ngo.served, min(len(plan.ngo.served), 1))
        )
        return proposal

    def score_sheets(self, plan: Plan, proposal) -> list[ScoreSheet]:
        """One to three sheets by different reviewers, written while the
        proposal was under review (the last time)."""
        reviewed = [s["at"] for s in plan.steps if s["to_status"] == "under_review"]
        until = plan.steps[-1]["at"] if plan.status != "under_review" else self.now
        others = [r for r in self.reviewers if r != plan.reviewer]
        scorers = [plan.reviewer] + self.rng.sample(others, self.rng.randint(0, 2))
        if plan.status == Status.UNDER_REVIEW and self.rng.random() < 0.5:
            return []
        sheets = []
        criteria = self.criteria(proposal.call_id)
        for reviewer in scorers:
            at = reviewed[-1] + (until - reviewed[-1]) * self.rng.uniform(0.1, 0.9)
            low = 3 if plan.status == Status.APPROVED else 1
            sheet = ScoreSheet(
                proposal_id=proposal.pk,
                reviewer_id=reviewer.pk,
                comment=self.rng.choice(words.REVIEW_COMMENTS),
                created_at=at,
                updated_at=at,
            )
            # Written as Score rows once the sheets have their keys.
            sheet.values = {
                pk: self.rng.randint(low, 5 if low == 3 else 4) for pk in criteria
            }
            sheets.append(sheet)
        return sheets

    def criteria(self, call_id) -> list[int]:
        """The keys of the call's rubric, read once per call."""
        cache = self.__dict__.setdefault("_criteria", {})
        if call_id not in cache:
            cache[call_id] = list(
                Criterion.objects.filter(call_id=call_id).values_list("pk", flat=True)
            )
        return cache[call_id]
