"""Once submitted, a file is part of the record: removing it keeps it,
marked, with a history entry and an audit line."""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import drafts
from proposals.models import Attachment, Proposal
from proposals.workflow import Status
from tests.factories import ProposalFactory
from tests.proposals import files

pytestmark = pytest.mark.django_db


def proposal_of(user):
    return ProposalFactory(ngo=user.representative.ngo, created_by=user)


def attach(proposal, user):
    return drafts.add_attachment(
        proposal=proposal, uploaded=files.upload("plan.pdf", files.PDF), actor=user
    )


def test_a_submitted_file_is_kept_when_removed(
    client, rep_a, superuser, settings, caplog, django_capture_on_commit_callbacks
):
    proposal = proposal_of(rep_a)
    attachment = attach(proposal, rep_a)
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    # Submitted, then sent back for changes: the NGO may remove the file.
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.CHANGES_REQUESTED, submitted_at=timezone.now()
    )
    client.force_login(rep_a)
    url = reverse("proposals:attachment_remove", args=[proposal.pk, attachment.pk])
    with caplog.at_level(logging.INFO, logger="workgroup.audit"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.removed_by == rep_a
    assert path.exists()
    event = proposal.events.get()
    assert event.actor == rep_a and "plan.pdf" in event.comment
    assert "proposal.file_removed" in caplog.text
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    download = reverse("proposals:attachment", args=[proposal.pk, attachment.pk])
    # No longer listed among the files; the history says it was removed.
    assert download not in page.content.decode()
    assert client.get(download).status_code == 404
    # Reviewers still see what they reviewed, marked removed.
    client.force_login(superuser)
    change = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    html = change.content.decode()
    assert "plan.pdf" in html and "attachment-removed" in html
    response = client.get(download)
    response.close()
    assert response.status_code == 200


def test_a_draft_file_never_submitted_is_deleted(
    client, rep_a, settings, django_capture_on_commit_callbacks
):
    proposal = proposal_of(rep_a)
    attachment = attach(proposal, rep_a)
    path = settings.PRIVATE_MEDIA_ROOT / attachment.file.name
    client.force_login(rep_a)
    url = reverse("proposals:attachment_remove", args=[proposal.pk, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not path.exists()


def test_a_removed_file_leaves_room_for_another(rep_a):
    proposal = proposal_of(rep_a)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.CHANGES_REQUESTED, submitted_at=timezone.now()
    )
    attachment = attach(proposal, rep_a)
    drafts.remove_attachment(attachment=attachment, actor=rep_a)
    assert proposal.attachments.filter(removed_at__isnull=True).count() == 0
    assert proposal.attachments.count() == 1
