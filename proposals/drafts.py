"""The NGO's draft and its files: what a representative writes and uploads
while the proposal is editable (its status moves are ``services.transition``'s).
"""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.transitions import TransitionError
from proposals import uploads
from proposals.models import Attachment, Proposal, ProposalEvent
from proposals.services import acting_representative, check_representative, lock
from proposals.workflow import EDITABLE_STATUSES, Status


def _check_editable(proposal: Proposal, message) -> None:
    if proposal.status not in EDITABLE_STATUSES:
        raise TransitionError(
            message,
            code="not_editable",
            params={"status": Status(proposal.status).label},
        )


def save_proposal(*, form, actor: User) -> Proposal:
    """Save the NGO's form: a new draft, or edits while the proposal is editable.

    ``actor`` must be an acting representative, of the proposal's NGO for an
    edit. Refused (``TransitionError``) when the proposal left the editable
    statuses meanwhile, for example because staff started the review while
    the form was open.

    Side effects: the proposal's row (its NGO and author when new) and its
    provinces and focus areas; a change of the meeting where it was presented
    forgets the agenda item recorded for the old one.
    """
    representative = acting_representative(actor)
    if representative is None:
        raise PermissionDenied
    with transaction.atomic():
        proposal = form.instance
        if proposal.pk is None:
            proposal.ngo = representative.ngo
            proposal.created_by = actor
        else:
            locked = lock(proposal)
            if locked.ngo_id != representative.ngo_id:
                raise PermissionDenied
            _check_editable(
                locked, _("This proposal can no longer be edited: it is %(status)s.")
            )
        if "presented_at_meeting" in form.changed_data:
            # The agenda item the secretary recorded was of the other meeting.
            form.instance.presented_at_agenda_item = None
        return form.save()


def add_attachment(*, proposal: Proposal, uploaded, actor: User) -> Attachment:
    """Check and store one uploaded file; at most ten per proposal.

    ``actor`` must be an acting representative of the proposal's NGO, and
    the proposal editable. Side effects: the file in private storage (removed
    again if its row cannot be written), one Attachment row, one audit line.
    """
    check_representative(proposal, actor)
    checked = uploads.check_file(uploaded)
    with transaction.atomic():
        locked = lock(proposal)
        _check_editable(
            locked, _("Files can be added only while the proposal is editable.")
        )
        current = locked.attachments.filter(removed_at__isnull=True)
        if current.count() >= uploads.MAX_FILES_PER_PROPOSAL:
            raise TransitionError(
                _("A proposal can have at most %(max)s files; remove one first."),
                code="too_many",
                params={"max": uploads.MAX_FILES_PER_PROPOSAL},
            )
        attachment = Attachment(
            proposal=locked,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(checked.safe_name, uploaded, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
        audit.log(
            "proposal.file_added",
            user=actor,
            proposal=locked.pk,
            attachment=attachment.pk,
        )
    return attachment


def remove_attachment(*, attachment: Attachment, actor: User) -> None:
    """Remove a file while its proposal is editable.

    ``actor`` must be an acting representative of the proposal's NGO. A file
    of a proposal never submitted is the NGO's draft: its row goes and, after
    commit, the file. Once the proposal was submitted, the file is part of
    the record staff reviewed: it is kept and marked removed
    (``removed_at``, ``removed_by``), with one ProposalEvent. Either way,
    one audit line.
    """
    check_representative(attachment.proposal, actor)
    with transaction.atomic():
        locked = lock(attachment.proposal)
        _check_editable(
            locked, _("Files can be removed only while the proposal is editable.")
        )
        attachment = Attachment.objects.select_for_update().get(
            pk=attachment.pk, proposal=locked, removed_at__isnull=True
        )
        audit.log(
            "proposal.file_removed",
            user=actor,
            proposal=locked.pk,
            attachment=attachment.pk,
            kept=locked.was_submitted,
        )
        if locked.was_submitted:
            attachment.removed_at = timezone.now()
            attachment.removed_by = actor
            attachment.save(update_fields=["removed_at", "removed_by"])
            ProposalEvent.objects.create(
                proposal=locked,
                kind=ProposalEvent.Kind.COMMENT,
                actor=actor,
                comment=_("Removed the file %(name)s.")
                % {"name": attachment.original_name},
            )
            return
        stored = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: Attachment.file.field.storage.delete(stored))
