"""A draft is the NGO's own until it is submitted: staff neither see it nor
act on it, through any page of the admin or any service."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.transitions import TransitionError
from proposals import review, services
from proposals.models import Attachment, ConflictOfInterest, Proposal, ScoreSheet
from proposals.workflow import Status
from tests.factories import ProposalFactory, rubric_scores

pytestmark = pytest.mark.django_db


def draft():
    return ProposalFactory(title="پیش‌نویس محرمانه")


def sent(status=Status.UNDER_REVIEW):
    proposal = ProposalFactory(title="طرح فرستاده")
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, submitted_at=timezone.now(), reference="1405-00001"
    )
    proposal.refresh_from_db()
    return proposal


def attach(proposal):
    return Attachment.objects.create(
        proposal=proposal,
        file="x/secret.pdf",
        original_name="secret.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=proposal.created_by,
    )


def test_the_queryset_of_staff_leaves_out_drafts():
    kept = sent()
    draft()
    never_sent = draft()
    Proposal.objects.filter(pk=never_sent.pk).update(status=Status.WITHDRAWN)
    assert list(Proposal.objects.seen_by_staff()) == [kept]


@pytest.mark.parametrize(
    "page", ["change", "comment", "assign", "conflict", "score", "print"]
)
def test_no_review_page_opens_on_a_draft(client, superuser, page):
    client.force_login(superuser)
    hidden, shown = draft(), sent()
    name = f"admin:proposals_proposal_{page}"
    refused = client.get(reverse(name, args=[hidden.pk]), follow=True)
    # Django's change page sends a missing object back to the index.
    assert refused.status_code == 404 or refused.redirect_chain == [("/admin/", 302)]
    assert "پیش‌نویس محرمانه" not in refused.content.decode()
    assert client.get(reverse(name, args=[shown.pk])).status_code == 200


def test_no_move_page_opens_on_a_draft(client, superuser):
    client.force_login(superuser)
    hidden = draft()
    url = reverse("admin:proposals_proposal_move", args=[hidden.pk, "start_review"])
    assert client.post(url, {"apply": "1"}).status_code == 404
    hidden.refresh_from_db()
    assert hidden.status == Status.DRAFT


def test_the_attachment_admin_lists_no_draft_file(client, superuser):
    client.force_login(superuser)
    hidden, shown = attach(draft()), attach(sent())
    page = client.get(reverse("admin:proposals_attachment_changelist"))
    assert list(page.context["cl"].result_list) == [shown]
    change = reverse("admin:proposals_attachment_change", args=[hidden.pk])
    assert client.get(change).status_code in (302, 404)
    assert "secret.pdf" not in client.get(change, follow=True).content.decode()


def test_the_conflict_admin_lists_no_draft(client, superuser, reviewer):
    client.force_login(superuser)
    ConflictOfInterest.objects.create(proposal=draft(), reviewer=reviewer)
    shown = ConflictOfInterest.objects.create(proposal=sent(), reviewer=reviewer)
    page = client.get(reverse("admin:proposals_conflictofinterest_changelist"))
    assert list(page.context["cl"].result_list) == [shown]


def test_the_dashboard_counts_no_draft(client, superuser):
    client.force_login(superuser)
    draft()
    draft()
    sent(Status.SUBMITTED)
    page = client.get(reverse("admin:index"))
    counts = {value: count for value, _label, count in page.context["by_status"]}
    assert Status.DRAFT not in counts
    assert counts[Status.SUBMITTED] == 1


@pytest.mark.parametrize(
    "act",
    [
        lambda p, u: review.add_comment(
            proposal=p, actor=u, comment="سلام", visibility="ngo"
        ),
        lambda p, u: review.assign_reviewer(proposal=p, reviewer=u, actor=u),
        lambda p, u: review.declare_conflict(proposal=p, actor=u),
        lambda p, u: review.score_proposal(
            proposal=p, actor=u, scores=rubric_scores(p.call, 4), comment="روشن"
        ),
        lambda p, u: services.transition(
            proposal=p, to_status=Status.UNDER_REVIEW, actor=u
        ),
    ],
    ids=["comment", "assign", "conflict", "score", "transition"],
)
def test_no_service_lets_staff_act_on_a_draft(superuser, mailoutbox, act):
    hidden = draft()
    # Even a row forced into a reviewable status stays the NGO's until sent.
    Proposal.objects.filter(pk=hidden.pk).update(status=Status.SUBMITTED)
    hidden.refresh_from_db()
    with pytest.raises(TransitionError) as error:
        act(hidden, superuser)
    assert error.value.code == "not_sent"
    assert not hidden.events.exists()
    assert not ConflictOfInterest.objects.exists()
    assert not ScoreSheet.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "act",
    [
        lambda p, u: review.add_comment(
            proposal=p, actor=u, comment="سلام", visibility="ngo"
        ),
        lambda p, u: review.assign_reviewer(proposal=p, reviewer=u, actor=u),
        lambda p, u: review.declare_conflict(proposal=p, actor=u),
    ],
    ids=["comment", "assign", "conflict"],
)
def test_staff_act_on_a_submitted_proposal(superuser, act):
    shown = sent()
    act(shown, superuser)
    assert shown.events.count() == 1
