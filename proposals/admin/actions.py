"""Status changes of proposals in the admin: the moves of ``PROPOSAL_MOVES``.

``core.admin_moves`` gives the buttons on the change page, the one
confirmation page and a bulk action for each move. This module adds what a
proposal's move asks beyond a reason (a reason code to reject, who may read
the comment where that is a choice) and applies it through
``proposals.services.transition``.
"""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MoveForm, MovesAdminMixin
from core.jalali import format_date
from core.l10n import format_number
from core.transitions import REASON_REQUIRED, TransitionError
from meetings.models import Decision
from proposals import calls, review, services
from proposals.dashboard import counted_sheets_subquery
from proposals.forms import WholeNumberField
from proposals.models import Proposal, ProposalEvent, Score
from proposals.workflow import (
    DECIDED_STATUSES,
    INTERNAL_COMMENT_ACTIONS,
    PROPOSAL_MOVES,
    REASON_CODE_ACTIONS,
    REJECTION_REASONS,
    STAFF_WITHDRAW,
    Status,
)

DECISIONS = frozenset(
    move.action for move in PROPOSAL_MOVES if move.target in DECIDED_STATUSES
)
CONFLICTED = _("You have a conflict of interest with this proposal.")


def conflicted(request, proposal) -> bool:
    """Whether the staff member has a conflict with ``proposal``; once a request."""
    known = request.__dict__.setdefault("_proposal_conflicts", {})
    if proposal.pk not in known:
        known[proposal.pk] = services.has_conflict(proposal, request.user)
    return known[proposal.pk]


def approving_decisions():
    """The meeting decisions an approval may name: decisions, not action
    items, the newest meeting's first."""
    return (
        Decision.objects.filter(kind=Decision.Kind.DECISION)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-meeting_id", "order", "pk")
    )


def decision_label(decision) -> str:
    """A meeting's decision as the approval's select lists it."""
    return gettext("%(meeting)s (%(date)s), decision %(number)s: %(text)s") % {
        "meeting": decision.meeting.title,
        "date": format_date(decision.meeting.starts_at, weekday=False),
        "number": format_number(decision.order),
        "text": decision,
    }


def approved_in_field(help_text):
    """The select of the meeting decision that approved a proposal, for the
    approval and for recording it later."""
    field = forms.ModelChoiceField(
        label=_("approved by the meeting decision"),
        queryset=approving_decisions(),
        required=False,
        help_text=help_text,
    )
    field.label_from_instance = decision_label
    return field


class ProposalMoveForm(MoveForm):
    """A staff move's comment, and the reason code or visibility it asks for."""

    reason_code = forms.ChoiceField(
        label=_("reason"),
        choices=[("", "---------"), *REJECTION_REASONS.items()],
        error_messages={"required": _("Choose the reason for rejecting.")},
    )
    visibility = forms.ChoiceField(
        label=_("who may read it"),
        choices=ProposalEvent.Visibility.choices,
        initial=ProposalEvent.Visibility.NGO,
        widget=forms.RadioSelect,
    )

    approved_amount = WholeNumberField(
        label=_("approved amount (rials)"),
        required=False,
        help_text=_(
            "at most the amount requested and the call's ceiling; empty: the "
            "amount requested, within the ceiling"
        ),
    )
    approved_in = approved_in_field(
        _(
            "the decision of a working-group meeting that approved it, newest "
            "meeting first; shown publicly once that meeting's minutes are approved"
        )
    )
    conditions = forms.CharField(
        label=_("conditions of support"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("printed in the decision letter"),
    )

    # The comment is the NGO's to read (except where INTERNAL_COMMENT_ACTIONS
    # lets staff keep it), so each move names it for what it becomes.
    COMMENT_WORDS = {
        "start_review": (_("comment"), ""),
        "request_changes": (
            _("comment for the NGO"),
            _("the NGO receives it by e-mail and sees it on the proposal"),
        ),
        "approve": (_("comment for the NGO"), _("included in the decision letter")),
        "reject": (
            _("explanation for the NGO"),
            _("included in the decision letter with the reason"),
        ),
        STAFF_WITHDRAW: (
            _("explanation for the NGO"),
            _("why the working group withdraws it; included in the decision letter"),
        ),
    }

    def __init__(self, *args, move, **kwargs):
        super().__init__(*args, move=move, **kwargs)
        comment = self.fields["reason"]
        comment.label, comment.help_text = self.COMMENT_WORDS[move.action]
        comment.error_messages["required"] = REASON_REQUIRED
        if move.action not in REASON_CODE_ACTIONS:
            del self.fields["reason_code"]
        if move.action not in INTERNAL_COMMENT_ACTIONS:
            del self.fields["visibility"]
        if move.action != "approve":
            del self.fields["approved_amount"]
            del self.fields["approved_in"]
            del self.fields["conditions"]
        self.order_fields(
            [
                "reason_code",
                "approved_amount",
                "approved_in",
                "reason",
                "conditions",
                "visibility",
            ]
        )


class ProposalMovesMixin(MovesAdminMixin):
    """The staff's moves of ``PROPOSAL_MOVES``, for ``ProposalAdmin``."""

    move_table = PROPOSAL_MOVES
    move_form_class = ProposalMoveForm

    def apply_move(self, request, obj, move, data):
        services.transition(
            proposal=obj,
            to_status=move.target,
            actor=request.user,
            comment=data["reason"],
            reason_code=data.get("reason_code", ""),
            visibility=data.get("visibility", ProposalEvent.Visibility.NGO),
            approved_amount=data.get("approved_amount"),
            conditions=data.get("conditions", ""),
            approved_in=data.get("approved_in"),
        )

    def move_context(self, request, objects, move):
        """Before a decision on one proposal, the decider sees the score
        sheets that count: each one's scores and comment, their mean and
        spread."""
        if len(objects) != 1 or move.target not in DECIDED_STATUSES:
            return {}
        (proposal,) = objects
        sheets = list(
            review.counted_sheets(proposal)
            .select_related("reviewer")
            .prefetch_related(
                Prefetch("scores", Score.objects.select_related("criterion"))
            )
        )
        envelope = None
        if move.target == Status.APPROVED and proposal.call.envelope_rials is not None:
            # What the amount must fit in, before the decider types it.
            envelope = {
                "total": proposal.call.envelope_rials,
                **calls.envelope_use(proposal.call),
            }
        criteria = list(proposal.call.criteria.all())
        for sheet in sheets:
            by_criterion = {s.criterion_id: s.value for s in sheet.scores.all()}
            sheet.values = [by_criterion.get(c.pk) for c in criteria]
        return {
            "extra_template": "admin/proposals/proposal/decision_scores.html",
            "sheets": sheets,
            "summary": review.score_summary(sheets),
            "criteria": review.criteria_means(sheets, criteria),
            "needed": proposal.call.min_score_sheets,
            "envelope": envelope,
        }

    def move_refusal(self, obj, move):
        """A decision the transition function would refuse now: too few
        score sheets that count, or an approval for an NGO not verified."""
        if move.target not in DECIDED_STATUSES:
            return None
        if not hasattr(obj, "counted_sheets"):
            obj.counted_sheets = review.counted_sheets(obj).count()
        try:
            services.check_decidable(
                obj, approve=move.target == Status.APPROVED, counted=obj.counted_sheets
            )
        except TransitionError as error:
            return error
        return None

    def confirm_moves(self, request, objects, action):
        # Each row of a decision says whether it can be made: the sheets
        # that count, for every row in one query.
        if action in DECISIONS and objects:
            counts = dict(
                Proposal.objects.filter(pk__in=[obj.pk for obj in objects])
                .annotate(counted=counted_sheets_subquery())
                .values_list("pk", "counted")
            )
            for obj in objects:
                obj.counted_sheets = counts.get(obj.pk, 0)
        return super().confirm_moves(request, objects, action)

    def offered_moves(self, request, obj):
        # A conflicted reviewer reads the proposal; its moves are shown
        # disabled, saying why.
        if conflicted(request, obj):
            refusal = TransitionError(CONFLICTED, code="conflict")
            return [(move, refusal) for move, _ in super().offered_moves(request, obj)]
        return super().offered_moves(request, obj)
