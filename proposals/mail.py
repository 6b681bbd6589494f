"""The proposals' mail: to the NGO's representatives about their
proposal (a status change, a corrected letter, with the letter as a PDF in
each one's language) and to reviewers about a submission."""

from django.contrib.auth.models import Group, User
from django.db.models import Q

from core.mail import send_templated
from core.roles import REVIEWERS
from ngos.models import Representative
from proposals import letter_pdf
from proposals.models import DecisionLetter, Proposal, ProposalEvent
from proposals.workflow import REJECTION_REASONS, Status


def send(
    template: str,
    context: dict,
    recipient: str,
    language: str,
    letter: DecisionLetter | None = None,
) -> None:
    attachments = []
    if letter is not None:
        attachments.append(
            (
                letter_pdf.filename(letter, language),
                letter_pdf.render(letter, language),
                "application/pdf",
            )
        )
    send_templated(
        f"proposals/email/{template}",
        context,
        [recipient],
        language,
        attachments=attachments,
    )


def representatives_to_mail(proposal: Proposal):
    return (
        Representative.objects.filter(
            ngo_id=proposal.ngo_id,
            approved_at__isnull=False,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )


def notify(event: ProposalEvent) -> None:
    """Mail the NGO about a status change, and reviewers about a submission.

    Internal staff comments never leave the staff: an event meant for staff
    only mails nobody at the NGO.
    """
    proposal = event.proposal
    letter = event.letters.first()
    template = f"status_{event.to_status}"
    if event.to_status == Status.WITHDRAWN and letter is not None:
        # Only staff's withdrawal issues a letter; the NGO's own says so.
        template = "status_withdrawn_by_staff"
    if event.visibility == ProposalEvent.Visibility.NGO:
        for representative in representatives_to_mail(proposal):
            send(
                template,
                {
                    "proposal": proposal,
                    "event": event,
                    "representative": representative,
                    "reason": REJECTION_REASONS.get(event.reason_code, ""),
                    "letter": letter,
                },
                representative.user.email,
                representative.language,
                letter=letter,
            )
    if event.to_status == Status.SUBMITTED:
        reviewers = []
        if event.from_status == Status.CHANGES_REQUESTED:
            # A resubmission goes back to the reviewers who have it.
            reviewers = list(assigned_reviewers(proposal))
        if not reviewers:
            reviewers = Group.objects.get(name=REVIEWERS).user_set.filter(
                is_active=True
            )
        for reviewer in reviewers:
            if reviewer.email:
                send(
                    "for_reviewers",
                    {"proposal": proposal, "event": event},
                    reviewer.email,
                    "fa",
                )


def assigned_reviewers(proposal: Proposal):
    """The active reviewers assigned to ``proposal`` and its reviewer in
    charge: those a resubmission returns to."""
    return User.objects.filter(
        Q(review_assignments__proposal=proposal) | Q(pk=proposal.reviewer_id),
        is_active=True,
    ).distinct()


def mail_correction(letter: DecisionLetter) -> None:
    """Mail the NGO's representatives a letter that corrects an earlier one,
    as a PDF in each one's language."""
    for representative in representatives_to_mail(letter.proposal):
        send(
            "letter_corrected",
            {
                "proposal": letter.proposal,
                "letter": letter,
                "representative": representative,
            },
            representative.user.email,
            representative.language,
            letter=letter,
        )
