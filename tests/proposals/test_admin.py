import csv
import datetime
import io
import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import roles
from core.jalali import jalali_year
from core.transitions import TransitionError
from proposals import drafts, services
from proposals import review as review_services
from proposals.models import (
    ConflictOfInterest,
    Proposal,
    ProposalEvent,
    ScoreSheet,
    Status,
)
from tests.factories import (
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    make_sheet,
    rubric_scores,
    score_enough,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:proposals_proposal_changelist")


def sent(user=None, status=Status.SUBMITTED, days_ago=1, **kwargs):
    """A proposal as staff see it: submitted once, now in ``status``."""
    if user is None:
        rep = RepresentativeFactory()
        kwargs.setdefault("ngo", rep.ngo)
        kwargs.setdefault("created_by", rep.user)
    else:
        kwargs.setdefault("ngo", user.representative.ngo)
        kwargs.setdefault("created_by", user)
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    proposal = ProposalFactory(submitted_at=moment, last_submitted_at=moment, **kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, reference=kwargs.get("reference") or f"1405-{proposal.pk:05d}"
    )
    proposal.refresh_from_db()
    return proposal


def move(client, proposal, action, **data):
    """POST the confirmation page of a status move."""
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, action])
    return client.post(url, {"apply": "1", **data})


def review(client, proposal, page, **data):
    """POST one of the review pages that are not status changes."""
    url = reverse(f"admin:proposals_proposal_{page}", args=[proposal.pk])
    return client.post(url, {"apply": "1", **data})


def change_page(client, proposal):
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    return client.get(url).content.decode()


def move_url(proposal, action):
    return reverse("admin:proposals_proposal_move", args=[proposal.pk, action])


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


# Status moves (every move of the table: tests/proposals/test_workflow.py) ---------


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("request_changes", {"reason": ""}, "دلیل را بنویسید"),
        ("reject", {"reason_code": "budget", "reason": ""}, "دلیل را بنویسید"),
        ("reject", {"reason_code": "", "reason": "دلیل"}, "دلیل رد را انتخاب کنید."),
    ],
)
def test_required_comment_and_reason_in_the_admin(
    reviewer_client, action, data, message
):
    proposal = sent(status=Status.UNDER_REVIEW)
    response = move(reviewer_client, proposal, action, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


def test_the_confirmation_page_asks_what_each_move_needs(reviewer_client):
    proposal = sent(status=Status.UNDER_REVIEW)
    reject = reviewer_client.get(move_url(proposal, "reject")).context["form"]
    assert list(reject.fields) == ["reason_code", "reason"]
    assert str(reject.fields["reason"].label) == "توضیح برای سازمان"
    approve = reviewer_client.get(move_url(proposal, "approve")).context["form"]
    assert list(approve.fields) == [
        "approved_amount",
        "approved_in",
        "reason",
        "conditions",
    ]
    assert approve.fields["reason"].required
    withdraw = reviewer_client.get(move_url(proposal, "staff_withdraw")).context["form"]
    assert list(withdraw.fields) == ["reason"]
    assert withdraw.fields["reason"].required
    started = sent(status=Status.SUBMITTED)
    start = reviewer_client.get(move_url(started, "start_review")).context["form"]
    assert list(start.fields) == ["reason", "visibility"]


def test_a_draft_cannot_be_moved_from_the_admin(reviewer_client, rep_a):
    draft = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    response = reviewer_client.get(move_url(draft, "withdraw"))
    assert response.status_code == 404
    response = reviewer_client.get(move_url(draft, "staff_withdraw"))
    assert response.status_code == 404


def test_decision_needs_decide_permission(client):
    group = Group.objects.get(name=roles.REVIEWERS)
    group.permissions.remove(Permission.objects.get(codename="decide_proposal"))
    scorer = StaffFactory(groups=[roles.REVIEWERS])
    client.force_login(scorer)
    proposal = sent(status=Status.UNDER_REVIEW)
    assert move(client, proposal, "approve").status_code == 403
    html = change_page(client, proposal)
    assert move_url(proposal, "approve") not in html
    assert move_url(proposal, "request_changes") in html
    assert "review-link-score" in html


def test_the_change_page_offers_the_moves_of_the_table(reviewer_client):
    proposal = sent(status=Status.UNDER_REVIEW)
    score_enough(proposal)
    html = change_page(reviewer_client, proposal)
    for action in ("request_changes", "approve", "reject"):
        assert move_url(proposal, action) in html
    assert move_url(proposal, "start_review") not in html
    assert move_url(proposal, "withdraw") not in html  # the NGO's move


def test_bulk_move_through_the_confirmation_page(reviewer_client):
    proposals = [sent(status=Status.SUBMITTED) for _ in range(3)]
    data = {
        "action": "move_start_review",
        "_selected_action": [p.pk for p in proposals],
    }
    confirm = reviewer_client.post(CHANGELIST, data)
    assert confirm.status_code == 200
    assert confirm.templates[0].name == "admin/confirm_move.html"
    assert Proposal.objects.filter(status=Status.UNDER_REVIEW).count() == 0
    done = reviewer_client.post(
        CHANGELIST, {**data, "apply": "1", "visibility": "internal", "reason": ""}
    )
    assert done.status_code == 302
    assert Proposal.objects.filter(status=Status.UNDER_REVIEW).count() == 3
    assert ProposalEvent.objects.filter(visibility="internal").count() == 3


def test_bulk_move_reports_refusals_and_does_the_rest(reviewer_client):
    ready, decided = (
        sent(status=Status.SUBMITTED),
        sent(status=Status.APPROVED, title="قبلاً تصویب‌شده"),
    )
    response = reviewer_client.post(
        CHANGELIST,
        {
            "action": "move_start_review",
            "_selected_action": [ready.pk, decided.pk],
            "apply": "1",
            "visibility": "ngo",
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("قبلاً تصویب‌شده" in m for m in messages)
    ready.refresh_from_db()
    assert ready.status == Status.UNDER_REVIEW


def test_bulk_move_page_query_count_does_not_grow_with_rows(
    reviewer_client, count_queries, django_assert_num_queries
):
    def confirm(proposals):
        return reviewer_client.post(
            CHANGELIST,
            {"action": "move_approve", "_selected_action": [p.pk for p in proposals]},
        )

    # Two rows at least: one proposal's decision page also shows its scores.
    proposals = [sent(status=Status.UNDER_REVIEW) for _ in range(2)]
    confirm(proposals)
    with count_queries() as few:
        confirm(proposals)
    proposals += [sent(status=Status.UNDER_REVIEW) for _ in range(8)]
    with django_assert_num_queries(len(few)):
        response = confirm(proposals)
    assert len(response.context["rows"]) == 10


def test_the_bulk_actions_are_the_tables_and_the_review_pages(reviewer_client):
    response = reviewer_client.get(CHANGELIST)
    names = [
        value
        for value, _label in response.context["action_form"].fields["action"].choices
        if value
    ]
    assert names == [
        "bulk_assign",
        "bulk_comment",
        "move_start_review",
        "move_request_changes",
        "move_approve",
        "move_reject",
        "move_staff_withdraw",
    ]


# Conflicts of interest -------------------------------------------------------------


def test_declared_conflict_blocks_scoring_and_deciding(reviewer_client, reviewer):
    proposal = sent(status=Status.UNDER_REVIEW)
    proposal.reviewer = reviewer
    proposal.save()
    assert "review-link-conflict" in change_page(reviewer_client, proposal)
    review(reviewer_client, proposal, "conflict", note="همکار سابق")
    assert ConflictOfInterest.objects.filter(
        proposal=proposal, reviewer=reviewer
    ).exists()
    proposal.refresh_from_db()
    assert proposal.reviewer is None  # stepped aside
    response = move(reviewer_client, proposal, "approve")
    assert response.status_code == 200
    assert "تعارض منافع" in response.content.decode()
    response = score(reviewer_client, proposal)
    assert response.status_code == 200
    assert "تعارض منافع" in response.content.decode()
    assert not ScoreSheet.objects.exists()
    html = change_page(reviewer_client, proposal)
    assert "تعارض منافع" in html
    assert move_url(proposal, "approve") not in html
    assert "review-link-score" not in html
    assert "review-link-conflict" not in html


def test_reviewer_who_represents_the_ngo_is_conflicted_automatically(client):
    conflicted = StaffFactory(groups=[roles.REVIEWERS])
    rep = RepresentativeFactory(user=conflicted)
    proposal = sent(status=Status.UNDER_REVIEW, ngo=rep.ngo)
    client.force_login(conflicted)
    assert move(client, proposal, "approve").status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


def test_conflicted_reviewer_cannot_be_assigned(reviewer_client):
    other = StaffFactory(
        groups=[roles.REVIEWERS], first_name="ناهید", last_name="صالحی"
    )
    proposal = sent(status=Status.SUBMITTED)
    ConflictOfInterest.objects.create(proposal=proposal, reviewer=other)
    response = review(reviewer_client, proposal, "assign", reviewer=other.pk)
    assert response.status_code == 200
    assert "ناهید صالحی" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.reviewer is None


def test_assign_reviewer_records_and_mails(
    reviewer_client, django_capture_on_commit_callbacks
):
    other = StaffFactory(groups=[roles.REVIEWERS], email="other@example.org")
    proposal = sent(status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        review(reviewer_client, proposal, "assign", reviewer=other.pk)
    proposal.refresh_from_db()
    assert proposal.reviewer == other
    event = proposal.events.get(kind="assignment")
    assert (event.assignee, event.visibility) == (other, "internal")
    assert mail.outbox[0].to == ["other@example.org"]


# Scoring ------------------------------------------------------------------------------


def score(client, proposal, **values):
    comment = values.pop("comment", "مستدل")
    data = {
        f"criterion_{pk}": value
        for pk, value in rubric_scores(proposal.call, **values).items()
    }
    data["comment"] = comment
    return client.post(
        reverse("admin:proposals_proposal_score", args=[proposal.pk]), data
    )


def test_one_sheet_per_reviewer_updated_in_place(reviewer_client, reviewer):
    proposal = sent(status=Status.UNDER_REVIEW)
    score(reviewer_client, proposal, relevance=5)
    score(reviewer_client, proposal, relevance=2)
    sheet = ScoreSheet.objects.get(proposal=proposal, reviewer=reviewer)
    relevance = proposal.call.criteria.first()
    assert sheet.scores.get(criterion=relevance).value == 2
    assert sheet.scores.count() == 5


def test_scores_out_of_range_are_refused(reviewer_client):
    proposal = sent(status=Status.UNDER_REVIEW)
    response = score(reviewer_client, proposal, relevance=6)
    assert response.status_code == 200
    assert not ScoreSheet.objects.exists()


def test_mean_and_spread_shown_to_deciders(reviewer_client, reviewer):
    proposal = sent(status=Status.UNDER_REVIEW)
    make_sheet(proposal, reviewer, default=5)
    other = StaffFactory(groups=[roles.REVIEWERS])
    make_sheet(proposal, other, comment="y", default=3)
    html = reviewer_client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert "میانگین ۴٫۰۰" in html
    assert "انحراف معیار) ۱٫۰۰" in html
    listing = reviewer_client.get(CHANGELIST)
    assert listing.context["cl"].result_list[0].score_mean == 4.0


def test_only_the_list_computes_the_mean_score(
    reviewer_client, reviewer, count_queries
):
    """The change page shows the sheets' summary, not the list's column: the
    list's mean-score subquery is left out of its query (and of the review
    pages'), and the list still sorts by it."""
    proposal = sent(status=Status.UNDER_REVIEW)
    make_sheet(proposal, reviewer, default=4)
    change = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    with count_queries() as read:
        assert reviewer_client.get(change).status_code == 200
    proposal_reads = [q["sql"] for q in read if 'FROM "proposals_proposal"' in q["sql"]]
    assert proposal_reads and not any("AVG(" in sql for sql in proposal_reads)
    column = (
        reviewer_client.get(CHANGELIST).context["cl"].list_display.index("mean_score")
    )
    listing = reviewer_client.get(CHANGELIST, {"o": str(column)})
    assert listing.context["cl"].result_list[0].score_mean == 4.0


# Comments ----------------------------------------------------------------------------


def test_internal_comments_never_reach_the_ngo(
    reviewer_client, rep_a, client, django_capture_on_commit_callbacks
):
    proposal = sent(rep_a, status=Status.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        review(
            reviewer_client,
            proposal,
            "comment",
            comment="نظر داخلی: بودجه مشکوک است",
            visibility="internal",
        )
        review(
            reviewer_client,
            proposal,
            "comment",
            comment="لطفاً مدارک را بفرستید",
            visibility="ngo",
        )
    assert len(mail.outbox) == 1
    assert "لطفاً مدارک را بفرستید" in mail.outbox[0].body
    assert all("بودجه مشکوک" not in m.body for m in mail.outbox)
    client.force_login(rep_a)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "لطفاً مدارک را بفرستید" in html
    assert "بودجه مشکوک" not in html


# The changelist -------------------------------------------------------------------------


def test_changelist_columns(reviewer_client, reviewer):
    proposal = sent(
        status=Status.SUBMITTED, days_ago=40, title="طرح منتظر", provinces=["IR-10"]
    )
    proposal.reviewer = reviewer
    proposal.save()
    html = reviewer_client.get(CHANGELIST).content.decode()
    assert "طرح منتظر" in html
    assert "اصفهان" in html
    assert "ارسال‌شده" in html
    assert "waiting-long" in html
    assert "۴۰" in html


def test_drafts_are_not_shown_to_staff(reviewer_client, rep_a):
    draft = ProposalFactory(
        ngo=rep_a.representative.ngo, created_by=rep_a, title="پیش‌نویس خصوصی"
    )
    html = reviewer_client.get(CHANGELIST).content.decode()
    assert "پیش‌نویس خصوصی" not in html
    url = reverse("admin:proposals_proposal_change", args=[draft.pk])
    assert reviewer_client.get(url).status_code == 302  # "does not exist" redirect


def test_filters(reviewer_client, reviewer):
    mine = sent(status=Status.UNDER_REVIEW, title="مال من", provinces=["IR-07"])
    mine.reviewer = reviewer
    mine.save()
    old = sent(
        status=Status.SUBMITTED, days_ago=45, title="قدیمی", focus_areas=["legal-aid"]
    )
    sent(status=Status.APPROVED, days_ago=45, title="تصمیم‌گرفته")

    def titles(**params):
        response = reviewer_client.get(CHANGELIST, params)
        return sorted(p.title for p in response.context["cl"].result_list)

    assert titles(assigned="me") == ["مال من"]
    assert titles(waiting="long") == ["قدیمی"]
    assert titles(province="IR-07") == ["مال من"]
    assert titles(focus="legal-aid") == ["قدیمی"]
    assert titles(status__exact="approved") == ["تصمیم‌گرفته"]
    assert "قدیمی" in titles(submitted_at__jyear=str(jalali_year(old.submitted_at)))
    assert titles(submitted_at__jyear="1390") == []


def test_search_title_ngo_and_reference(reviewer_client):
    proposal = sent(
        status=Status.SUBMITTED, title="كارگاه قالي", reference="1405-00777"
    )
    for query in ["کارگاه قالی", "1405-00777", "۱۴۰۵-۰۰۷۷۷", proposal.ngo.name]:
        response = reviewer_client.get(CHANGELIST, {"q": query})
        assert [p.pk for p in response.context["cl"].result_list] == [proposal.pk], (
            query
        )


def test_status_is_read_only_everywhere(reviewer_client):
    proposal = sent(status=Status.SUBMITTED)
    html = reviewer_client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert 'name="status"' not in html
    assert 'name="_save"' not in html


def test_history_inline_is_read_only_and_never_deletable(reviewer_client, rep_a):
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    html = reviewer_client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert "سابقه" in html
    assert "events-0-DELETE" not in html
    from django.contrib import admin

    assert not admin.site.is_registered(ProposalEvent)  # no page to edit it from


def test_attachments_download_for_staff(reviewer_client, rep_a):
    from tests.proposals import files

    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    attachment = drafts.add_attachment(
        proposal=proposal, uploaded=files.upload("plan.pdf", files.PDF), actor=rep_a
    )
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    html = reviewer_client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()
    assert attachment.get_absolute_url() in html
    response = reviewer_client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    response.close()


def test_changelist_query_count_constant_from_1_to_50(
    reviewer_client, count_queries, django_assert_num_queries
):
    sent(status=Status.SUBMITTED, provinces=["IR-01", "IR-02"])
    # The first request of a session also notes the staff member's last
    # request (then once a minute); the second request is the one to measure.
    reviewer_client.get(CHANGELIST)
    with count_queries() as few:
        reviewer_client.get(CHANGELIST)
    for _ in range(49):
        sent(status=Status.UNDER_REVIEW, provinces=["IR-01", "IR-02"])
    with django_assert_num_queries(len(few)):
        response = reviewer_client.get(CHANGELIST)
    # Fifty proposals: two pages of 25, the first one shown.
    assert len(response.context["cl"].result_list) == 25
    assert response.context["cl"].result_count == 50


# Exports --------------------------------------------------------------------------------


def test_csv_export_holds_the_filtered_rows(reviewer_client, reviewer):
    approved = sent(status=Status.UNDER_REVIEW, title="تصویبی")
    make_sheet(
        approved,
        reviewer,
        default=4,
    )
    make_sheet(approved, StaffFactory(), default=4)
    services.transition(
        proposal=approved, to_status=Status.APPROVED, actor=reviewer, comment="عالی"
    )
    sent(status=Status.SUBMITTED, title="منتظر")
    response = reviewer_client.get(
        reverse("admin:proposals_proposal_export", args=["csv"])
        + "?status__exact=approved"
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["شماره پیگیری", "عنوان", "سازمان مردم‌نهاد"]
    assert [row[1] for row in rows[1:]] == ["تصویبی"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["میانگین امتیاز"] == "4.0"
    assert row["برگه‌های امتیاز"] == "2"
    assert "عالی" in row["تصمیم"]
    assert row["زمان تصمیم"].startswith("۱۴")


def test_every_field_the_ngo_writes_is_shown_and_exported(reviewer_client):
    from proposals.forms import ProposalForm

    proposal = sent(status=Status.SUBMITTED, provinces=["IR-10", "IR-23"])
    Proposal.objects.filter(pk=proposal.pk).update(co_funding_source="نیکوکاران")
    html = change_page(reviewer_client, proposal)
    response = reviewer_client.get(
        reverse("admin:proposals_proposal_export", args=["csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    for name in ProposalForm.Meta.fields:
        label = str(Proposal._meta.get_field(name).verbose_name)
        assert f"{label}:" in html, name
        assert label in row, name
    assert row["استان‌ها"] == "اصفهان، تهران"
    assert row["منبع مشارکت مالی"] == "نیکوکاران"


def test_xlsx_export_opens_and_holds_the_searched_rows(reviewer_client):
    sent(status=Status.SUBMITTED, title="قالی‌بافی")
    sent(status=Status.SUBMITTED, title="خیاطی")
    response = reviewer_client.get(
        reverse("admin:proposals_proposal_export", args=["xlsx"]) + "?q=قالی"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "عنوان"
    assert [row[1] for row in rows[1:]] == ["قالی‌بافی"]


def test_export_needs_permission(client):
    client.force_login(StaffFactory(groups=[roles.REGISTRY_OFFICERS]))
    assert (
        client.get(reverse("admin:proposals_proposal_export", args=["csv"])).status_code
        == 403
    )


# The staff's front page ---------------------------------------------------------------


def test_admin_index_shows_the_review_panel(reviewer_client, reviewer):
    waiting = sent(status=Status.SUBMITTED, days_ago=50, title="منتظر قدیمی")
    decided = sent(status=Status.UNDER_REVIEW, title="تازه تصمیم")
    score_enough(decided)
    services.transition(
        proposal=decided, to_status=Status.APPROVED, actor=reviewer, comment="عالی"
    )
    html = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "طرح‌ها بر پایه وضعیت" in html
    panel = html[html.index("review-dashboard") :]
    assert "منتظر قدیمی" in panel[panel.index("بیشترین انتظار") :]
    assert "تازه تصمیم" in panel[panel.index("تصمیم‌های اخیر") :]
    assert waiting.title in html


def test_admin_index_has_no_review_panel_for_registrars(client):
    client.force_login(StaffFactory(groups=[roles.REGISTRY_OFFICERS]))
    assert "review-dashboard" not in client.get(reverse("admin:index")).content.decode()


# Two deciders at once -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_staff_deciding_at_once_exactly_one_wins(migration_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    proposal = sent(status=Status.UNDER_REVIEW)
    score_enough(proposal)
    deciders = [StaffFactory(groups=[roles.REVIEWERS]) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = {}

    def decide(user, to_status, extra):
        from django.db import connections

        try:
            barrier.wait()
            services.transition(
                proposal=proposal, to_status=to_status, actor=user, **extra
            )
            results[user.pk] = "won"
        except TransitionError as error:
            results[user.pk] = error.code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=decide, args=(deciders[0], Status.APPROVED, {"comment": "آری"})
        ),
        threading.Thread(
            target=decide,
            args=(
                deciders[1],
                Status.REJECTED,
                {"comment": "نه", "reason_code": "budget"},
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["illegal_transition", "won"]
    proposal.refresh_from_db()
    decisions = ProposalEvent.objects.filter(
        proposal=proposal, to_status__in=["approved", "rejected"]
    )
    assert decisions.count() == 1
    assert proposal.status == decisions.get().to_status
    assert proposal.decided_at is not None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_decision_waits_for_a_conflict_being_declared_on_the_ngo(migration_data):
    """A reviewer declares a conflict on one proposal of an NGO; before it
    commits, a decider approves another of its proposals that has just
    enough sheets, one of them that reviewer's. The approval waits for the
    declaration and is refused for too few sheets: it never rests on a
    sheet being set aside."""
    import time

    from django.db import transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    declared_on = sent(status=Status.UNDER_REVIEW)
    decided = sent(status=Status.UNDER_REVIEW, ngo=declared_on.ngo)
    reviewer = StaffFactory(groups=[roles.REVIEWERS])
    make_sheet(decided, reviewer)
    score_enough(decided)
    decider = StaffFactory(groups=[roles.REVIEWERS])
    declared = threading.Event()
    results = {}

    def declare():
        from django.db import connections

        try:
            # The declaration is made but not yet committed while the
            # decider tries.
            with transaction.atomic():
                review_services.declare_conflict(proposal=declared_on, actor=reviewer)
                declared.set()
                time.sleep(1)
            results["declare"] = "done"
        finally:
            declared.set()
            connections.close_all()

    def approve():
        from django.db import connections

        try:
            declared.wait()
            services.transition(
                proposal=decided,
                to_status=Status.APPROVED,
                actor=decider,
                comment="آری",
            )
            results["approve"] = "done"
        except TransitionError as error:
            results["approve"] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=declare), threading.Thread(target=approve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"declare": "done", "approve": "too_few_sheets"}
    decided.refresh_from_db()
    assert decided.status == Status.UNDER_REVIEW
    assert decided.score_sheets.get(reviewer=reviewer).set_aside_at is not None
    assert not decided.events.filter(to_status=Status.APPROVED).exists()


# The paper for the review meeting ---------------------------------------------


def test_the_change_page_links_to_the_paper_for_the_review_meeting(reviewer_client):
    proposal = sent()
    html = reviewer_client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()
    url = reverse("admin:proposals_proposal_print", args=[proposal.pk])
    assert f'<a href="{url}" class="print-link">چاپ برای جلسه بررسی</a>' in html


def test_the_paper_holds_the_proposal_its_scores_and_its_whole_history(
    reviewer_client, reviewer
):
    proposal = sent(status=Status.UNDER_REVIEW, title="کارگاه سفال")
    other = StaffFactory(username="second", groups=[roles.REVIEWERS])
    review_services.score_proposal(
        proposal=proposal,
        actor=reviewer,
        scores=rubric_scores(
            proposal.call,
            relevance=5,
            feasibility=4,
            impact=4,
            cost_effectiveness=3,
            capacity=4,
        ),
        comment="اجراپذیر",
    )
    review_services.score_proposal(
        proposal=proposal,
        actor=other,
        scores=rubric_scores(
            proposal.call,
            relevance=3,
            feasibility=2,
            impact=2,
            cost_effectiveness=3,
            capacity=2,
        ),
        comment="بودجه سنگین است",
    )
    review_services.add_comment(
        proposal=proposal,
        actor=reviewer,
        comment="برای جلسه آماده شود",
        visibility=ProposalEvent.Visibility.INTERNAL,
    )
    response = reviewer_client.get(
        reverse("admin:proposals_proposal_print", args=[proposal.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>برگه جلسه بررسی: " in html
    assert '<h1 class="h2" dir="auto">کارگاه سفال</h1>' in html
    # The summary: sheet means 4 and 2.4.
    assert (
        "۲ برگه امتیاز: میانگین ۳٫۲ از ۵، پراکندگی (انحراف معیار) ۰٫۸، از ۲٫۴ تا ۴."
        in html
    )
    assert "<td>۴</td>" in html  # mean relevance over both sheets
    assert "بودجه سنگین است" in html
    assert "برای جلسه آماده شود" in html  # internal comments are on staff's paper
    assert 'media="print"' in html
    assert "<script" in html and "js/print.js" in html


def test_a_draft_has_no_paper(reviewer_client):
    draft = ProposalFactory()
    response = reviewer_client.get(
        reverse("admin:proposals_proposal_print", args=[draft.pk])
    )
    assert response.status_code == 404


def test_staff_who_may_not_see_proposals_get_no_paper(client, secretary):
    client.force_login(secretary)
    response = client.get(reverse("admin:proposals_proposal_print", args=[sent().pk]))
    assert response.status_code == 403
