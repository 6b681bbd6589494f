"""A proposal's status and its moves: the one statement of the workflow.

:data:`PROPOSAL_MOVES` is every legal change of ``Proposal.status``, who may
make it and whether a reason is required. ``proposals.services.transition``
checks every change against it; the admin's buttons, confirmation pages and
bulk actions and the NGO's pages offer what it offers; the README's table is
printed from it. The named groups of statuses below are derived from it, so
a change of the workflow changes them too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.transitions import NGO, STAFF, Move, MoveTable


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("proposal status", "draft")
    SUBMITTED = "submitted", pgettext_lazy("proposal status", "submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("proposal status", "under review")
    CHANGES_REQUESTED = (
        "changes_requested",
        pgettext_lazy("proposal status", "changes requested"),
    )
    APPROVED = "approved", pgettext_lazy("proposal status", "approved")
    REJECTED = "rejected", pgettext_lazy("proposal status", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("proposal status", "withdrawn")


REVIEW = "proposals.review_proposal"
DECIDE = "proposals.decide_proposal"

# Staff withdraw a proposal that is still with the working group (the NGO
# asked them to, or it cannot go on): a decision of its own, with a reason and
# a letter, unlike the NGO's own withdrawal. Not a decision on the proposal's
# merits: the named groups below leave it out.
STAFF_WITHDRAW = "staff_withdraw"
_STAFF_WITHDRAW = {
    "label": _("Withdraw from review"),
    "question": _(
        "Withdraw this proposal from review? The NGO is told by e-mail, with "
        "why, and receives a decision letter. This cannot be undone."
    ),
    "done": _("Withdrawn; the NGO is told by e-mail."),
    "side": STAFF,
    "permission": DECIDE,
    "reason_required": True,
}

_WITHDRAW = {
    "label": _("Withdraw"),
    "question": _("Withdraw this proposal? This cannot be undone."),
    "done": _("Proposal withdrawn."),
    "side": NGO,
}

PROPOSAL_MOVES = MoveTable(
    model="proposals.Proposal",
    field="status",
    choices=Status,
    moves=[
        Move(
            "submit",
            Status.DRAFT,
            Status.SUBMITTED,
            label=_("Submit"),
            question=_("Send this proposal to the working group?"),
            # The transition function gives the reference number.
            done=_("Proposal submitted. Its reference number is %(reference)s."),
            side=NGO,
        ),
        Move(
            "resubmit",
            Status.CHANGES_REQUESTED,
            Status.SUBMITTED,
            label=_("Submit again"),
            question=_("Send the revised proposal to the working group again?"),
            done=_("Proposal submitted. Its reference number is %(reference)s."),
            side=NGO,
            # What the NGO changed, for the reviewers who asked.
            reason_required=True,
        ),
        Move("withdraw", Status.DRAFT, Status.WITHDRAWN, **_WITHDRAW),
        Move("withdraw", Status.SUBMITTED, Status.WITHDRAWN, **_WITHDRAW),
        Move("withdraw", Status.CHANGES_REQUESTED, Status.WITHDRAWN, **_WITHDRAW),
        Move(
            "start_review",
            Status.SUBMITTED,
            Status.UNDER_REVIEW,
            label=_("Start review"),
            question=_("Start reviewing this proposal?"),
            done=_("Review started."),
            side=STAFF,
            permission=REVIEW,
        ),
        Move(
            "request_changes",
            Status.UNDER_REVIEW,
            Status.CHANGES_REQUESTED,
            label=_("Request changes"),
            question=_(
                "Send this proposal back to the NGO? It can edit it and send it again."
            ),
            done=_("Sent back to the NGO for changes."),
            side=STAFF,
            permission=REVIEW,
            reason_required=True,
        ),
        Move(
            "approve",
            Status.UNDER_REVIEW,
            Status.APPROVED,
            label=_("Approve"),
            question=_(
                "Approve this proposal? The NGO is told by e-mail, and the "
                "proposal is listed publicly as supported."
            ),
            done=_("Approved; the NGO is told by e-mail."),
            side=STAFF,
            permission=DECIDE,
            # A decision the working group can defend says why.
            reason_required=True,
        ),
        Move(
            "reject",
            Status.UNDER_REVIEW,
            Status.REJECTED,
            label=_("Reject"),
            question=_("Reject this proposal? The NGO is told by e-mail, with why."),
            done=_("Rejected; the NGO is told by e-mail."),
            side=STAFF,
            permission=DECIDE,
            reason_required=True,
        ),
        Move(STAFF_WITHDRAW, Status.SUBMITTED, Status.WITHDRAWN, **_STAFF_WITHDRAW),
        Move(STAFF_WITHDRAW, Status.UNDER_REVIEW, Status.WITHDRAWN, **_STAFF_WITHDRAW),
        Move(
            STAFF_WITHDRAW,
            Status.CHANGES_REQUESTED,
            Status.WITHDRAWN,
            **_STAFF_WITHDRAW,
        ),
    ],
)

# Named groups of statuses -------------------------------------------------------

# The NGO edits its proposal (and its files) where it may send it.
EDITABLE_STATUSES = PROPOSAL_MOVES.sources(side=NGO, target=Status.SUBMITTED)
# Where the next move is the staff's: what waits for them. Staff may withdraw
# a proposal from more statuses, but that is no work waiting for them.
AWAITING_STAFF_STATUSES = PROPOSAL_MOVES.sources(side=STAFF, besides={STAFF_WITHDRAW})
# Where a decision on the merits leads; reviewers score while one can be made.
DECIDED_STATUSES = PROPOSAL_MOVES.targets(permission=DECIDE, besides={STAFF_WITHDRAW})
SCORING_STATUSES = PROPOSAL_MOVES.sources(permission=DECIDE, besides={STAFF_WITHDRAW})
TERMINAL_STATUSES = PROPOSAL_MOVES.terminal()
# With the working group, from the first submission until a final status:
# reviewers are assigned to these.
AWAITING_DECISION_STATUSES = tuple(
    status
    for status in PROPOSAL_MOVES.reachable(Status.SUBMITTED)
    if status not in TERMINAL_STATUSES
)

# What a staff move asks beyond the table's reason ------------------------------

# A rejection names one of these reasons; the decision letter explains it.
REJECTION_REASONS = {
    "out_of_scope": _("outside the working group's field"),
    "feasibility": _("not feasible as planned"),
    "budget": _("budget not justified"),
    "capacity": _("the NGO's capacity does not match the plan"),
    "duplicate": _("duplicates an existing programme"),
    "incomplete": _("information missing after a request for changes"),
    "other": _("another reason, given in the comment"),
}
REASON_CODE_ACTIONS = frozenset({"reject"})
# Starting a review asks nothing of the NGO, so staff may keep its comment
# among themselves; every other move's comment is the NGO's to read.
INTERNAL_COMMENT_ACTIONS = frozenset({"start_review"})
