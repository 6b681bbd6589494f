"""Each submission keeps a revision; reviewers see what changed since the
last one, and a resubmission goes back to the reviewers who have it."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.history import HistoryIsAppendOnly
from core.templatetags.persian import date_long
from proposals import drafts, revisions, services
from proposals.models import ProposalRevision, ReviewAssignment, Status
from tests.factories import ProposalFactory, ScoreSheetFactory, StaffFactory
from tests.proposals import files

pytestmark = pytest.mark.django_db

REQUEST = "جدول زمانی ماه‌به‌ماه را اضافه کنید"
WHAT_CHANGED = "جدول زمانی را افزودیم و بودجه را کم کردیم"


def move(proposal, to_status, actor, comment=""):
    return services.transition(
        proposal=proposal, to_status=to_status, actor=actor, comment=comment
    )


@pytest.fixture
def first(rep_a):
    """rep_a's proposal with a file, submitted once."""
    proposal = ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        summary="آموزش خیاطی در سه شهر",
    )
    drafts.add_attachment(
        proposal=proposal, uploaded=files.upload("old.pdf", files.PDF), actor=rep_a
    )
    move(proposal, Status.SUBMITTED, rep_a)
    return proposal


@pytest.fixture
def sent_back(first, reviewer):
    move(first, Status.UNDER_REVIEW, reviewer)
    move(first, Status.CHANGES_REQUESTED, reviewer, REQUEST)
    return first


@pytest.fixture
def resent(sent_back, rep_a):
    """Sent back, changed (summary, budget, provinces, files) and sent again."""
    sent_back.summary = "آموزش خیاطی و بازاریابی در چهار شهر"
    sent_back.budget_rials = 900_000_000
    sent_back.save()
    sent_back.provinces.set(["IR-23", "IR-10"])
    drafts.remove_attachment(attachment=sent_back.attachments.get(), actor=rep_a)
    drafts.add_attachment(
        proposal=sent_back, uploaded=files.upload("new.pdf", files.PDF), actor=rep_a
    )
    move(sent_back, Status.SUBMITTED, rep_a, WHAT_CHANGED)
    return sent_back


def changes_url(proposal, **query):
    url = reverse("admin:proposals_proposal_changes", args=[proposal.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


# Writing revisions -------------------------------------------------------------------


def test_the_first_submission_keeps_revision_1(first, rep_a):
    revision = first.revisions.get()
    assert (revision.number, revision.submitted_by, revision.changes) == (
        1,
        rep_a,
        "",
    )
    assert revision.submitted_at == first.submitted_at
    assert revision.content["summary"] == "آموزش خیاطی در سه شهر"
    assert revision.content["budget_rials"] == 1_500_000_000
    assert revision.content["provinces"] == [{"id": "IR-23", "name": "تهران"}]
    assert revision.content["call"]["id"] == first.call_id
    assert set(revision.content) == set(services.CONTENT_FIELDS)
    [attached] = revision.attachments
    assert attached["name"] == "old.pdf"
    assert attached["size"] == len(files.PDF)
    assert len(attached["sha256"]) == 64


def test_a_resubmission_keeps_the_next_revision_with_what_changed(resent, rep_a):
    second = resent.revisions.get(number=2)
    assert second.changes == WHAT_CHANGED
    assert second.submitted_at == resent.last_submitted_at
    assert second.content["budget_rials"] == 900_000_000
    assert [a["name"] for a in second.attachments] == ["new.pdf"]
    # The first revision is kept as it was.
    assert resent.revisions.get(number=1).content["budget_rials"] == 1_500_000_000


def test_no_other_move_or_edit_writes_a_revision(sent_back, rep_a, reviewer):
    assert sent_back.revisions.count() == 1
    sent_back.title = "عنوان دیگر"
    sent_back.save()
    drafts.add_attachment(
        proposal=sent_back, uploaded=files.upload("x.pdf", files.PDF), actor=rep_a
    )
    move(sent_back, Status.WITHDRAWN, rep_a)
    assert sent_back.revisions.count() == 1


def test_a_draft_has_no_revision(rep_a):
    draft = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    assert not ProposalRevision.objects.filter(proposal=draft).exists()


def test_a_refused_submission_writes_no_revision(sent_back, rep_a):
    with pytest.raises(services.TransitionError):
        move(sent_back, Status.SUBMITTED, rep_a, "هیچ")  # nothing changed
    assert sent_back.revisions.count() == 1


def test_revisions_are_append_only(first):
    revision = first.revisions.get()
    revision.changes = "دستکاری"
    with pytest.raises(HistoryIsAppendOnly):
        revision.save()
    with pytest.raises(HistoryIsAppendOnly):
        first.revisions.update(changes="دستکاری")


# The comparison ----------------------------------------------------------------------


def test_word_diff_marks_the_words_that_changed():
    old, new = revisions.word_diff("آموزش خیاطی در سه شهر", "آموزش خیاطی در چهار شهر")
    assert ("delete", "سه") in old
    assert ("insert", "چهار") in new
    assert "".join(text for _kind, text in old) == "آموزش خیاطی در سه شهر"
    assert "".join(text for _kind, text in new) == "آموزش خیاطی در چهار شهر"
    assert ("equal", "آموزش خیاطی در ") in new


def test_compare_gives_each_field_and_the_files(resent):
    old, new = resent.revisions.order_by("number")
    comparison = revisions.compare(old, new)
    changed = {change.name: change for change in comparison.changed_fields}
    assert set(changed) == {"summary", "budget_rials", "provinces"}
    assert ("insert", "و بازاریابی ") in changed["summary"].new
    assert changed["budget_rials"].old == [("delete", "۱٬۵۰۰٬۰۰۰٬۰۰۰")]
    assert changed["budget_rials"].new == [("insert", "۹۰۰٬۰۰۰٬۰۰۰")]
    assert ("insert", "اصفهان") in changed["provinces"].new
    assert ("equal", "تهران") in changed["provinces"].new
    assert [f["name"] for f in comparison.added] == ["new.pdf"]
    assert [f["name"] for f in comparison.removed] == ["old.pdf"]
    assert "title" in {change.name for change in comparison.unchanged_fields}


def test_compare_of_the_same_content_finds_nothing(first):
    revision = first.revisions.get()
    assert not revisions.compare(revision, revision).anything_changed


# The page ------------------------------------------------------------------------------


def test_the_page_shows_what_changed_side_by_side(client, reviewer, resent):
    client.force_login(reviewer)
    response = client.get(changes_url(resent))
    assert response.status_code == 200
    html = response.content.decode()
    assert WHAT_CHANGED in html
    assert "<ins>و بازاریابی </ins>" in html
    assert "<del>۱٬۵۰۰٬۰۰۰٬۰۰۰</del>" in html
    assert "<ins><bdi>new.pdf</bdi></ins>" in html
    assert "<del><bdi>old.pdf</bdi></del>" in html
    assert html.count('class="revision-sides"') == 4  # 3 fields and the files


def test_the_page_in_english(client, reviewer, resent):
    client.force_login(reviewer)
    html = client.get("/en" + changes_url(resent)).content.decode()
    assert "What the NGO says it changed" in html
    assert "<del>1,500,000,000</del>" in html
    assert "Isfahan" in html


def test_from_and_to_choose_the_revisions(client, reviewer, resent, rep_a):
    move(resent, Status.UNDER_REVIEW, reviewer)
    move(resent, Status.CHANGES_REQUESTED, reviewer, "باز هم")
    resent.title = "عنوان سوم"
    resent.save()
    move(resent, Status.SUBMITTED, rep_a, "عنوان را عوض کردیم")
    client.force_login(reviewer)
    latest = client.get(changes_url(resent)).context["comparison"]
    assert (latest.old.number, latest.new.number) == (2, 3)
    assert [c.name for c in latest.changed_fields] == ["title"]
    chosen = client.get(changes_url(resent, **{"from": 1, "to": 3}))
    comparison = chosen.context["comparison"]
    assert (comparison.old.number, comparison.new.number) == (1, 3)
    assert "title" in {c.name for c in comparison.changed_fields}
    assert "summary" in {c.name for c in comparison.changed_fields}


def test_one_submission_has_nothing_to_compare(client, reviewer, first):
    client.force_login(reviewer)
    response = client.get(changes_url(first))
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "revision-nothing" in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"from": 7}, {"to": 9}, {"from": "x"}, {"to": "2.5"}, {"from": -1}]
)
def test_unknown_revisions_answer_404(client, reviewer, resent, query):
    client.force_login(reviewer)
    assert client.get(changes_url(resent, **query)).status_code == 404


def test_a_draft_and_an_unknown_proposal_answer_404(client, reviewer, rep_a):
    draft = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    client.force_login(reviewer)
    assert client.get(changes_url(draft)).status_code == 404
    url = reverse("admin:proposals_proposal_changes", args=[draft.pk + 1000])
    assert client.get(url).status_code == 404


def test_staff_who_may_not_read_proposals_are_refused(client, resent, secretary):
    client.force_login(secretary)
    assert client.get(changes_url(resent)).status_code == 403


def test_the_ngo_does_not_reach_it(client, rep_a, resent):
    client.force_login(rep_a)
    response = client.get(changes_url(resent))
    assert response.status_code == 302


def test_the_change_page_links_to_it_once_resubmitted(client, reviewer, first, rep_a):
    client.force_login(reviewer)
    change = reverse("admin:proposals_proposal_change", args=[first.pk])
    assert changes_url(first) not in client.get(change).content.decode()
    move(first, Status.UNDER_REVIEW, reviewer)
    move(first, Status.CHANGES_REQUESTED, reviewer, REQUEST)
    first.title = "عنوان دیگر"
    first.save()
    move(first, Status.SUBMITTED, rep_a, WHAT_CHANGED)
    assert changes_url(first) in client.get(change).content.decode()


# Back to the same reviewers ------------------------------------------------------------


@pytest.fixture
def assigned(sent_back, reviewer, superuser):
    """Two reviewers assigned, each with a score sheet from before."""
    second = StaffFactory(groups=[roles.REVIEWERS], email="second@example.org")
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    StaffFactory(groups=[roles.REVIEWERS], email="bystander@example.org")
    for user in (reviewer, second):
        ReviewAssignment.objects.create(
            proposal=sent_back, reviewer=user, assigned_by=superuser
        )
        ScoreSheetFactory(proposal=sent_back, reviewer=user)
    return second


def test_a_resubmission_mails_the_assigned_reviewers(
    sent_back, assigned, rep_a, django_capture_on_commit_callbacks
):
    sent_back.title = "عنوان دیگر"
    sent_back.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        move(sent_back, Status.SUBMITTED, rep_a, WHAT_CHANGED)
    to_reviewers = {
        address
        for message in mail.outbox
        for address in message.to
        if address.endswith("@example.org") and "bystander" not in address
    }
    assert {"reviewer@example.org", "second@example.org"} <= to_reviewers
    assert not any("bystander@example.org" in m.to for m in mail.outbox)
    [to_second] = [m for m in mail.outbox if m.to == ["second@example.org"]]
    assert changes_url(sent_back) in to_second.body
    # The assignments are kept.
    assert sent_back.assignments.count() == 2


def test_the_queue_says_resubmitted_rescore(
    client, reviewer, sent_back, assigned, rep_a
):
    queue = reverse("admin:proposals_proposal_changelist") + "?assigned=score"
    client.force_login(reviewer)
    sent_back.title = "عنوان دیگر"
    sent_back.save()
    move(sent_back, Status.SUBMITTED, rep_a, WHAT_CHANGED)
    move(sent_back, Status.UNDER_REVIEW, reviewer)
    response = client.get(queue)
    assert sent_back in response.context["cl"].result_list
    html = response.content.decode()
    assert f'class="status-badge resubmitted" href="{changes_url(sent_back)}"' in html


# The deadline --------------------------------------------------------------------------


def test_the_deadline_is_30_days_shown_in_jalali(client, rep_a, sent_back):
    due = sent_back.response_due_at - sent_back.status_changed_at
    assert due == datetime.timedelta(days=30)
    client.force_login(rep_a)
    html = client.get(sent_back.get_absolute_url()).content.decode()
    assert date_long(sent_back.response_due_at) in html


# The migration --------------------------------------------------------------------------


def test_the_migration_gives_submitted_proposals_revision_1(rep_a):
    migration = importlib.import_module("proposals.migrations.0005_proposal_revisions")
    moment = timezone.now() - datetime.timedelta(days=3)
    old = ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        submitted_at=moment,
        last_submitted_at=moment,
        status=Status.UNDER_REVIEW,
    )
    draft = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.first_revisions(apps, editor)
    migration.first_revisions(apps, editor)  # replayed: nothing doubled
    revision = ProposalRevision.objects.get(proposal=old)
    assert (revision.number, revision.submitted_by, revision.submitted_at) == (
        1,
        rep_a,
        moment,
    )
    assert revision.content["title"] == old.title
    assert revision.content["provinces"] == [{"id": "IR-23", "name": "تهران"}]
    assert not ProposalRevision.objects.filter(proposal=draft).exists()
