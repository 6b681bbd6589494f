"""The admin's "History" button: one Jalali timeline per proposal, NGO and
meeting, the app's own record and the admin's log merged by time."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from proposals import drafts, review, services
from proposals.models import Attachment, Proposal
from proposals.workflow import Status
from tests.factories import (
    MeetingEventFactory,
    NGOStatusChangeFactory,
    ProposalFactory,
    StaffFactory,
    rubric_scores,
)
from tests.proposals import files

pytestmark = pytest.mark.django_db


def history(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    return client.get(url)


def test_a_proposals_timeline_merges_its_whole_record(client, rep_a, reviewer):
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    attachment = drafts.add_attachment(
        proposal=proposal, uploaded=files.upload("plan.pdf", files.PDF), actor=rep_a
    )
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    services.transition(
        proposal=proposal, to_status=Status.UNDER_REVIEW, actor=reviewer
    )
    review.score_proposal(
        proposal=proposal,
        actor=reviewer,
        scores=rubric_scores(proposal.call, 3),
        comment="روشن",
    )
    review.score_proposal(  # a second version of the same sheet
        proposal=proposal,
        actor=reviewer,
        scores=rubric_scores(proposal.call, 4),
        comment="روشن‌تر",
    )
    Attachment.objects.filter(pk=attachment.pk).update(
        removed_at=timezone.now() + datetime.timedelta(minutes=5), removed_by=rep_a
    )
    LogEntry.objects.create(
        user=reviewer,
        content_type=ContentType.objects.get_for_model(Proposal),
        object_id=str(proposal.pk),
        object_repr=str(proposal),
        action_flag=CHANGE,
        change_message="یادداشت مدیر",
    )
    client.force_login(reviewer)
    page = history(client, proposal)
    assert page.status_code == 200
    entries = page.context["entries"]
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    texts = " | ".join(e.text for e in entries)
    assert sum("→" in e.text for e in entries) == 2  # two status changes
    assert "plan.pdf" in texts
    assert sum("plan.pdf" in e.text for e in entries) == 2  # added, removed
    assert "یادداشت مدیر" in texts
    # Each saved version of the sheet, the earlier one kept: the first with
    # each criterion's score, the next with what changed, old → new.
    sheets = [e for e in entries if e.kind == "برگه امتیاز"]
    assert len(sheets) == 2
    first, second = sheets
    assert "۳" in first.text and first.detail.endswith("\nروشن")
    assert first.detail.count("۳") == 5
    assert "۴" in second.text and second.detail.endswith("\nروشن‌تر")
    names = [c.name for c in proposal.call.criteria.all()]
    for name in names:
        assert f"«{name}» ۳ → ۴" in second.detail
    assert "توضیح تغییر کرد" in second.detail
    html = page.content.decode()
    assert "۱۴۰" in html  # Jalali, Persian digits
    assert "timeline-entry" in html


def test_an_ngos_and_a_meetings_timelines(client, registry_officer, secretary):
    change = NGOStatusChangeFactory(reason="مدارک کامل است")
    client.force_login(registry_officer)
    page = history(client, change.ngo)
    assert page.status_code == 200
    assert [e.detail for e in page.context["entries"]] == ["مدارک کامل است"]
    event = MeetingEventFactory(reason="انجام شد")
    client.force_login(secretary)
    page = history(client, event.meeting)
    assert page.status_code == 200
    assert "انجام شد" in page.content.decode()


def test_the_timeline_answers_404_for_a_proposal_staff_do_not_see(client, reviewer):
    draft = ProposalFactory()
    client.force_login(reviewer)
    assert history(client, draft).status_code == 404
    client.force_login(StaffFactory())
    assert history(client, ProposalFactory()).status_code in (403, 404)


def under_review():
    proposal = ProposalFactory()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=timezone.now()
    )
    proposal.refresh_from_db()
    return proposal


def test_a_set_aside_sheet_is_marked_in_the_timeline(client, reviewer):
    proposal = under_review()
    review.score_proposal(
        proposal=proposal,
        actor=reviewer,
        scores=rubric_scores(proposal.call, 2),
        comment="نخست",
    )
    review.declare_conflict(proposal=proposal, actor=reviewer)
    client.force_login(StaffFactory(is_superuser=True))
    entries = history(client, proposal).context["entries"]
    sheets = [e for e in entries if e.kind == "برگه امتیاز"]
    assert [e.text for e in sheets][-1] == "کنار گذاشته (تعارض منافع)"
    assert sheets[0].detail.endswith("\nنخست")


def test_a_reviewer_waiting_to_score_sees_no_one_elses_scores_in_it(client):
    from core import roles
    from proposals.models import ReviewAssignment

    proposal = under_review()
    first, waiting = (StaffFactory(groups=[roles.REVIEWERS]) for _ in range(2))
    ReviewAssignment.objects.create(
        proposal=proposal, reviewer=waiting, assigned_by=first
    )
    review.score_proposal(
        proposal=proposal,
        actor=first,
        scores=rubric_scores(proposal.call, 2),
        comment="دیدگاه پنهان",
    )
    client.force_login(waiting)
    entries = history(client, proposal).context["entries"]
    (sheet,) = [e for e in entries if e.kind == "برگه امتیاز"]
    assert (sheet.text, sheet.detail) == ("ذخیره شد", "")
    assert "دیدگاه پنهان" not in history(client, proposal).content.decode()
