"""What a call allows: the amounts its approvals take (at most what was
asked, within its ceiling and what is left of its envelope), and the changes
to a call that move the goal posts of NGOs that answered it."""

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.jalali import format_short_datetime
from core.l10n import format_number, join_list
from core.transitions import TransitionError
from proposals.models import Call, Proposal
from proposals.workflow import Status


def envelope_use(call: Call) -> dict:
    """What the call's approvals take from its envelope: ``used`` and
    ``left`` in rials (``left`` is ``None`` for a call without an envelope).
    An approval recorded before amounts were counts what was requested."""
    used = Proposal.objects.filter(call=call, status=Status.APPROVED).aggregate(
        used=Coalesce(Sum(Coalesce("approved_amount", "budget_rials")), 0)
    )["used"]
    left = None
    if call.envelope_rials is not None:
        left = max(call.envelope_rials - used, 0)
    return {"used": used, "left": left}


def default_amount(proposal: Proposal) -> int | None:
    """What an approval grants unless told otherwise: the amount requested,
    within the call's ceiling."""
    amounts = [
        amount
        for amount in (proposal.budget_rials, proposal.call.ceiling_rials)
        if amount is not None
    ]
    return min(amounts) if amounts else None


def check_amount(proposal: Proposal, amount: int | None) -> int:
    """The amount an approval of ``proposal`` records, or a refusal: at most
    the amount requested and the call's ceiling, and no more than is left of
    the call's envelope.

    The call's row is locked for the rest of the transaction, so two
    approvals at once are counted one after the other and can never together
    overrun the envelope.
    """
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    if amount is None:
        amount = default_amount(proposal)
    if not amount or amount <= 0:
        raise TransitionError(
            _("Give the approved amount in rials: more than zero."),
            code="amount_missing",
        )
    if proposal.budget_rials is not None and amount > proposal.budget_rials:
        raise TransitionError(
            _(
                "The approved amount (%(amount)s rials) is more than the "
                "%(requested)s rials requested."
            ),
            code="amount_over_request",
            params={
                "amount": format_number(amount),
                "requested": format_number(proposal.budget_rials),
            },
        )
    if call.ceiling_rials is not None and amount > call.ceiling_rials:
        raise TransitionError(
            _(
                "The approved amount (%(amount)s rials) is more than the call's "
                "ceiling of %(ceiling)s rials per proposal."
            ),
            code="amount_over_ceiling",
            params={
                "amount": format_number(amount),
                "ceiling": format_number(call.ceiling_rials),
            },
        )
    use = envelope_use(call)
    if use["left"] is not None and amount > use["left"]:
        raise TransitionError(
            _(
                "Approving %(amount)s rials would overrun the call's envelope: "
                "%(used)s of its %(envelope)s rials are already approved, "
                "%(left)s rials are left."
            ),
            code="envelope_overrun",
            params={
                "amount": format_number(amount),
                "used": format_number(use["used"]),
                "envelope": format_number(call.envelope_rials),
                "left": format_number(use["left"]),
            },
        )
    return amount


def goal_post_changes(call, cleaned: dict) -> list[tuple[str, object, object]]:
    """What a change of ``call`` to ``cleaned`` does that moves the goal
    posts of NGOs that answered it: an earlier closing moment, a lower
    ceiling. Nothing while no proposal answers the call."""
    if not call.pk or not call.proposals.exists():
        return []
    before = Call.objects.get(pk=call.pk)
    changes = []
    closes_at = cleaned.get("closes_at", before.closes_at)
    if closes_at and (before.closes_at is None or closes_at < before.closes_at):
        changes.append(("closes_at", before.closes_at, closes_at))
    ceiling = cleaned.get("ceiling_rials", before.ceiling_rials)
    if ceiling is not None and (
        before.ceiling_rials is None or ceiling < before.ceiling_rials
    ):
        changes.append(("ceiling_rials", before.ceiling_rials, ceiling))
    return changes


def describe(changes) -> str:
    """The goal-post changes in words, for the reason's prompt and the history."""
    parts = []
    for name, old, new in changes:
        if name == "closes_at":
            parts.append(
                _("close it earlier (%(old)s → %(new)s)")
                % {
                    "old": format_short_datetime(old) if old else "—",
                    "new": format_short_datetime(new),
                }
            )
        else:
            parts.append(
                _("lower its ceiling (%(old)s → %(new)s rials)")
                % {
                    "old": format_number(old) if old is not None else "—",
                    "new": format_number(new),
                }
            )
    return join_list(str(part) for part in parts)
