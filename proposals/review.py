"""The staff's review work that is not a status change.

Comments, the reviewer in charge, conflicts of interest and score sheets.
Status changes go through ``proposals.services.transition``. Like every
service, each function takes keyword arguments only and the acting user as
``actor``, checks the actor's permission, locks the proposal's row, writes
its history and audit line in one transaction and mails after commit.
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.roles import REVIEWERS
from core.transitions import TransitionError
from proposals.mail import representatives_to_mail, send
from proposals.models import (
    ConflictOfInterest,
    Proposal,
    ProposalEvent,
    ReviewAssignment,
    Score,
    ScoreSheet,
    ScoreSheetVersion,
)
from proposals.selectors import conflicted
from proposals.services import (
    check_no_conflict,
    check_seen_by_staff,
    has_conflict,
    lock,
)
from proposals.workflow import (
    AWAITING_DECISION_STATUSES,
    DECIDE,
    REVIEW,
    SCORING_STATUSES,
)

ASSIGN = "proposals.assign_proposal"


def counts_towards_decision() -> Q:
    """The condition a score sheet meets when it counts towards a decision
    on its proposal: not set aside, and its reviewer has no conflict of
    interest with the proposal's NGO (``selectors.conflicted``).

    A filter on score sheets, so that many proposals' sheets are sorted in
    one query (``annotate(counted=...)``) as well as one proposal's."""
    return Q(set_aside_at__isnull=True) & ~conflicted(
        OuterRef("proposal__ngo_id"), "reviewer"
    )


def counted_sheets(proposal: Proposal):
    """The score sheets that count towards a decision on ``proposal``.

    Every sheet except those set aside and those of reviewers with a
    conflict of interest with its NGO (``selectors.conflicted``).
    """
    return proposal.score_sheets.filter(set_aside_at__isnull=True).exclude(
        conflicted(proposal.ngo_id, "reviewer")
    )


def check_staff(user, permission: str) -> None:
    """Refuse (``PermissionDenied``) unless ``user`` is active staff with it."""
    if not (user.is_active and user.is_staff and user.has_perm(permission)):
        raise PermissionDenied


def may_review(user) -> bool:
    """Whether ``user`` may review proposals at all (with or without a conflict)."""
    return user.is_active and user.is_staff and user.has_perm(REVIEW)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def add_comment(
    *, proposal: Proposal, actor: User, comment: str, visibility: str
) -> ProposalEvent:
    """A staff comment without a status change.

    ``actor`` needs the review permission. Side effects: one ProposalEvent
    of kind ``comment``; one audit line; after commit, when the comment is
    meant for the NGO, an e-mail to its representatives. Internal comments
    stay with staff.
    """
    check_staff(actor, REVIEW)
    comment = comment.strip()
    if not comment:
        raise TransitionError(_("Write the comment."), code="comment")
    if visibility not in ProposalEvent.Visibility.values:
        raise TransitionError(_("Choose who may read the comment."), code="visibility")
    with transaction.atomic():
        locked = lock(proposal)
        check_seen_by_staff(locked)
        event = ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.COMMENT,
            actor=actor,
            comment=comment,
            visibility=visibility,
        )
        audit.log(
            "proposal.commented", user=actor, proposal=locked.pk, visibility=visibility
        )
        if visibility == ProposalEvent.Visibility.NGO:
            transaction.on_commit(lambda: notify_comment(event))
    return event


def assign_reviewer(
    *, proposal: Proposal, reviewer: User, actor: User
) -> ProposalEvent:
    """Assign (or reassign) the reviewer in charge of a proposal.

    ``actor`` needs the assign permission; ``reviewer`` must be active staff
    who may review and has no conflict of interest with the proposal, which
    must be awaiting a decision (``AWAITING_DECISION_STATUSES``). Side
    effects: ``Proposal.reviewer``; an internal event naming the assignee;
    one audit line; after commit, an e-mail to the assignee.
    """
    check_staff(actor, ASSIGN)
    if not may_review(reviewer):
        raise TransitionError(
            _("%(name)s cannot review proposals."),
            code="not_a_reviewer",
            params={"name": _name(reviewer)},
        )
    with transaction.atomic():
        locked = lock(proposal)
        check_seen_by_staff(locked)
        if locked.status not in AWAITING_DECISION_STATUSES:
            raise TransitionError(
                _("Reviewers are assigned to proposals awaiting a decision."),
                code="not_awaiting",
            )
        if has_conflict(locked, reviewer):
            raise TransitionError(
                _("%(name)s has a conflict of interest with this proposal."),
                code="conflict",
                params={"name": _name(reviewer)},
            )
        locked.reviewer = reviewer
        locked.save(update_fields=["reviewer", "updated_at"])
        ReviewAssignment.objects.get_or_create(
            proposal=locked, reviewer=reviewer, defaults={"assigned_by": actor}
        )
        event = ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.ASSIGNMENT,
            actor=actor,
            assignee=reviewer,
            visibility=ProposalEvent.Visibility.INTERNAL,
        )
        audit.log(
            "proposal.reviewer_assigned",
            user=actor,
            proposal=locked.pk,
            reviewer=reviewer.pk,
        )
        if reviewer.email:
            transaction.on_commit(
                lambda: send(
                    "assigned",
                    {"proposal": locked, "event": event},
                    reviewer.email,
                    "fa",
                )
            )
    proposal.refresh_from_db()
    return event


def assign_automatically(*, call, actor: User) -> int:
    """Spread ``call``'s proposals awaiting a decision evenly over the
    Reviewers group, up to ``call.reviewers_per_proposal`` reviewers each.

    ``actor`` needs the assign permission. A reviewer with a conflict of
    interest with a proposal is never assigned to it; assignments already
    made are kept and count towards each reviewer's load, the least loaded
    reviewer being chosen first. Side effects: one ReviewAssignment and one
    internal event for each new assignment; ``Proposal.reviewer`` (the
    reviewer in charge) set where empty; one audit line. Returns how many
    assignments were made.
    """
    check_staff(actor, ASSIGN)
    reviewers = [
        user
        for user in User.objects.filter(
            is_active=True, is_staff=True, groups__name=REVIEWERS
        )
        .distinct()
        .order_by("pk")
        if may_review(user)
    ]
    made = 0
    with transaction.atomic():
        proposals = list(
            Proposal.objects.seen_by_staff()
            .select_for_update()
            .filter(call=call, status__in=AWAITING_DECISION_STATUSES)
            .order_by("pk")
        )
        current = {}
        for assignment in ReviewAssignment.objects.filter(proposal__call=call):
            current.setdefault(assignment.proposal_id, set()).add(
                assignment.reviewer_id
            )
        load = {user.pk: 0 for user in reviewers}
        for assigned in current.values():
            for pk in assigned:
                if pk in load:
                    load[pk] += 1
        # Who is conflicted with each NGO, asked once per NGO.
        barred = {}
        for proposal in proposals:
            if proposal.ngo_id not in barred:
                barred[proposal.ngo_id] = set(
                    User.objects.filter(conflicted(proposal.ngo_id)).values_list(
                        "pk", flat=True
                    )
                )
        for proposal in proposals:
            assigned = current.get(proposal.pk, set())
            wanted = call.reviewers_per_proposal - len(assigned)
            candidates = sorted(
                (u for u in reviewers if u.pk not in assigned),
                key=lambda u: (load[u.pk], u.pk),
            )
            for user in candidates:
                if wanted <= 0:
                    break
                if user.pk in barred[proposal.ngo_id]:
                    continue
                ReviewAssignment.objects.create(
                    proposal=proposal, reviewer=user, assigned_by=actor
                )
                ProposalEvent.objects.create(
                    proposal=proposal,
                    kind=ProposalEvent.Kind.ASSIGNMENT,
                    actor=actor,
                    assignee=user,
                    visibility=ProposalEvent.Visibility.INTERNAL,
                )
                if proposal.reviewer_id is None:
                    proposal.reviewer = user
                    proposal.save(update_fields=["reviewer", "updated_at"])
                load[user.pk] += 1
                wanted -= 1
                made += 1
        audit.log(
            "proposal.assigned_automatically", user=actor, call=call.pk, made=made
        )
    return made


def declare_conflict(
    *, proposal: Proposal, actor: User, note: str = ""
) -> ConflictOfInterest:
    """``actor``, a reviewer, steps aside from a proposal.

    The conflict is with the proposal's NGO: it covers every proposal of
    the NGO, present and future (``services.is_conflicted``).
    ``actor`` needs the review permission. Side effects: one
    ConflictOfInterest (kept if already declared) naming the proposal where
    it was declared; ``actor``'s score sheets on the NGO's proposals set
    aside (``set_aside_at``); their review assignments there removed and
    ``Proposal.reviewer`` emptied where it was ``actor``; an internal
    comment event; one audit line. It locks every proposal of the NGO, so
    that a decision made at the same moment counts the sheets either
    before or after the declaration, never half-way.
    """
    check_staff(actor, REVIEW)
    note = note.strip()
    with transaction.atomic():
        # Every proposal of the NGO is locked, in one order, before any
        # sheet is set aside: a decision on another of them waits, and sees
        # the sheets that count after the declaration, not before.
        list(
            Proposal.objects.select_for_update()
            .filter(ngo_id=proposal.ngo_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        locked = lock(proposal)
        check_seen_by_staff(locked)
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            ngo_id=locked.ngo_id,
            reviewer=actor,
            defaults={"proposal": locked, "note": note},
        )
        # The conflict covers every proposal of the NGO: the reviewer's
        # sheets there are set aside (kept, not counted), their assignments
        # and their charge removed.
        of_ngo = Proposal.objects.filter(ngo_id=locked.ngo_id)
        ScoreSheet.objects.filter(
            proposal__in=of_ngo, reviewer=actor, set_aside_at__isnull=True
        ).update(set_aside_at=timezone.now())
        ReviewAssignment.objects.filter(proposal__in=of_ngo, reviewer=actor).delete()
        of_ngo.filter(reviewer=actor).update(reviewer=None, updated_at=timezone.now())
        ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.COMMENT,
            actor=actor,
            comment=str(_("Declared a conflict of interest."))
            + (f" {note}" if note else ""),
            visibility=ProposalEvent.Visibility.INTERNAL,
        )
        audit.log("proposal.conflict_declared", user=actor, proposal=locked.pk)
    proposal.refresh_from_db()
    return conflict


def score_proposal(
    *, proposal: Proposal, actor: User, scores: dict, comment: str
) -> ScoreSheet:
    """Create or update ``actor``'s score sheet for a proposal.

    ``scores`` maps each criterion of the proposal's call (its pk) to a
    score. ``actor`` needs the review permission and no conflict of
    interest; the proposal is scored while a decision can be made
    (``SCORING_STATUSES``); every criterion of the call's rubric gets a
    score from 1 to 5 and the comment says what they rest on. Side effects:
    the one ScoreSheet of ``actor`` for the proposal with one Score per
    criterion; one audit line.
    """
    check_staff(actor, REVIEW)
    try:
        values = {int(pk): int(value) for pk, value in scores.items()}
    except (TypeError, ValueError):
        raise TransitionError(_("Each score is from 1 to 5."), code="range") from None
    if any(not 1 <= value <= 5 for value in values.values()):
        raise TransitionError(_("Each score is from 1 to 5."), code="range")
    comment = comment.strip()
    if not comment:
        raise TransitionError(_("Say what the scores rest on."), code="comment")
    with transaction.atomic():
        locked = lock(proposal)
        check_seen_by_staff(locked)
        if locked.status not in SCORING_STATUSES:
            raise TransitionError(
                _("Proposals are scored while they are under review."),
                code="not_under_review",
            )
        check_no_conflict(locked, actor)
        criteria = {c.pk: c for c in locked.call.criteria.all()}
        if set(values) != set(criteria):
            raise TransitionError(
                _("Score every criterion of the call's rubric."), code="criteria"
            )
        sheet = (
            ScoreSheet.objects.filter(proposal=locked, reviewer=actor)
            .prefetch_related("scores")
            .first()
        )
        before = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
        old_comment = sheet.comment if sheet else None
        if sheet is None:
            sheet = ScoreSheet.objects.create(
                proposal=locked, reviewer=actor, comment=comment
            )
        elif old_comment != comment:
            sheet.comment = comment
            sheet.save(update_fields=["comment", "updated_at"])
        for pk, value in values.items():
            if before.get(pk) != value:
                Score.objects.update_or_create(
                    sheet=sheet, criterion=criteria[pk], defaults={"value": value}
                )
        changes = [
            (criteria[pk], before[pk], value)
            for pk, value in values.items()
            if pk in before and before[pk] != value
        ]
        if before and (changes or old_comment != comment):
            ScoreSheet.objects.filter(pk=sheet.pk).update(updated_at=timezone.now())
        if not before or changes or old_comment != comment:
            ScoreSheetVersion.objects.create(
                sheet=sheet,
                actor=actor,
                comment=comment,
                scores=[
                    {
                        "criterion": pk,
                        "name": criteria[pk].name,
                        "weight": criteria[pk].weight,
                        "value": values[pk],
                    }
                    for pk in criteria
                ],
            )
        # The version is the record of the change: the timeline shows it
        # criterion by criterion, and only to those who may see scores yet
        # (a comment in the history would show them to every reviewer).
        audit.log("proposal.scored", user=actor, proposal=locked.pk)
    return sheet


def scores_hidden(user, proposal_field: str = "") -> Q:
    """Where ``user`` may not see the others' scores yet: the proposal's
    call keeps scores independent and ``user`` has no sheet of their own on
    it, unless they decide (the decide permission) without being assigned
    to score it. Superusers see everything, and so does staff who does not
    score (no review permission: a call manager, whose export of a call's
    scores is made for that); only a reviewer waits for their own sheet.
    ``proposal_field`` is the path to the proposal from the queryset's
    model ("" for proposals, "proposal" for score sheets)."""
    if user.is_superuser or not user.has_perm(REVIEW):
        return Q(pk__in=[])
    prefix = f"{proposal_field}__" if proposal_field else ""
    outer = OuterRef(proposal_field or "pk")
    own_sheet = Exists(ScoreSheet.objects.filter(proposal=outer, reviewer=user))
    assigned = Exists(ReviewAssignment.objects.filter(proposal=outer, reviewer=user))
    hidden = Q(**{f"{prefix}call__independent_scores": True}) & ~own_sheet
    if user.has_perm(DECIDE):
        hidden &= assigned
    return hidden


# Reading the scores ----------------------------------------------------------------


def score_summary(sheets) -> dict:
    """Mean and spread of the sheets' weighted means, for deciders; sheets
    set aside for a conflict of interest do not count."""
    means = [
        mean
        for sheet in sheets
        if sheet.set_aside_at is None and (mean := sheet.mean) is not None
    ]
    if not means:
        return {
            "count": 0,
            "mean": None,
            "spread": None,
            "lowest": None,
            "highest": None,
        }
    average = sum(means) / len(means)
    variance = sum((m - average) ** 2 for m in means) / len(means)
    return {
        "count": len(means),
        "mean": round(average, 2),
        "spread": round(variance**0.5, 2),
        "lowest": round(min(means), 2),
        "highest": round(max(means), 2),
    }


def criteria_means(sheets, criteria) -> list[dict]:
    """Each criterion of the rubric with its weight and its mean over
    ``sheets`` (or None); the sheets' ``scores`` should be prefetched."""
    values = {criterion.pk: [] for criterion in criteria}
    for sheet in sheets:
        if sheet.set_aside_at is not None:
            continue
        for score in sheet.scores.all():
            values.setdefault(score.criterion_id, []).append(score.value)
    return [
        {
            "label": criterion.display_name(),
            "weight": criterion.weight,
            "mean": (
                round(sum(values[criterion.pk]) / len(values[criterion.pk]), 2)
                if values[criterion.pk]
                else None
            ),
        }
        for criterion in criteria
    ]


# Mail ---------------------------------------------------------------------------


def notify_comment(event: ProposalEvent) -> None:
    """Mail a comment meant for the NGO to its representatives."""
    proposal = event.proposal
    for representative in representatives_to_mail(proposal):
        send(
            "comment",
            {"proposal": proposal, "event": event, "representative": representative},
            representative.user.email,
            representative.language,
        )


PRESENT = "proposals.present_proposal"


def record_presentations(*, meeting, presented: dict, actor: User) -> int:
    """Record which proposals were presented at ``meeting``, and under which
    of its agenda items.

    ``presented`` maps each proposal to an agenda item of ``meeting`` or
    ``None``; it is the whole list: a proposal linked to the meeting before
    and missing from it is unlinked, and one linked to another meeting moves
    here. The NGO's own choice on its form is the same field, so either may
    correct the other. ``actor`` needs the present permission (meeting
    secretaries). Drafts stay the NGO's own and are neither linked nor
    unlinked here.

    Side effects: each changed proposal's meeting and agenda item; one
    history event (kind ``presented``, which the NGO reads) for each; one
    audit line. Returns how many proposals changed.
    """
    check_staff(actor, PRESENT)
    if any(
        item is not None and item.meeting_id != meeting.pk
        for item in presented.values()
    ):
        raise TransitionError(
            _("Choose an agenda item of this meeting."), code="agenda_item"
        )
    wanted = {proposal.pk: item for proposal, item in presented.items()}
    with transaction.atomic():
        proposals = list(
            Proposal.objects.seen_by_staff()
            .select_for_update()
            .filter(Q(pk__in=[*wanted]) | Q(presented_at_meeting=meeting))
            .order_by("pk")
        )
        if len({p.pk for p in proposals} & set(wanted)) != len(wanted):
            raise TransitionError(
                _("Only proposals sent to the working group can be linked."),
                code="not_sent",
            )
        changed = []
        for proposal in proposals:
            item = wanted.get(proposal.pk)
            link = (
                (meeting.pk, item.pk if item else None)
                if proposal.pk in wanted
                else (None, None)
            )
            if (
                proposal.presented_at_meeting_id,
                proposal.presented_at_agenda_item_id,
            ) == link:
                continue
            proposal.presented_at_meeting_id, proposal.presented_at_agenda_item_id = (
                link
            )
            proposal.save(
                update_fields=[
                    "presented_at_meeting",
                    "presented_at_agenda_item",
                    "updated_at",
                ]
            )
            if proposal.pk in wanted:
                note = f"{meeting} — {item}" if item else str(meeting)
            else:
                note = _("No longer recorded as presented at %(meeting)s.") % {
                    "meeting": meeting
                }
            ProposalEvent.objects.create(
                proposal=proposal,
                kind=ProposalEvent.Kind.PRESENTED,
                actor=actor,
                comment=note,
                visibility=ProposalEvent.Visibility.NGO,
            )
            changed.append(proposal.pk)
        audit.log(
            "proposal.presented", user=actor, meeting=meeting.pk, proposals=changed
        )
    return len(changed)
