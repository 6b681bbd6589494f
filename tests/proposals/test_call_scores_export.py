"""A call's proposals with every reviewer's weighted scores, exported by the
call managers from the call's page in the admin."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from core import roles
from proposals.models import (
    ConflictOfInterest,
    Criterion,
    Proposal,
    ReviewAssignment,
    Score,
)
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    NGOFactory,
    ProposalFactory,
    StaffFactory,
    make_sheet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return StaffFactory(username="manager", groups=[roles.CALL_MANAGERS])


def submitted(call, **kwargs):
    proposal = ProposalFactory(call=call, **kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW,
        submitted_at=timezone.now(),
        reference=kwargs.get("reference", f"P-{proposal.pk:04d}"),
    )
    proposal.refresh_from_db()
    return proposal


def weighted_call():
    """A call whose rubric weighs relevance three times feasibility."""
    call = CallFactory(rubric=False)
    for order, (name, weight) in enumerate([("ارتباط", 3), ("امکان‌پذیری", 1)]):
        Criterion.objects.create(
            call=call,
            name=name,
            name_en={"ارتباط": "relevance"}.get(name, "feasibility"),
            weight=weight,
            order=order,
            **{f"meaning_{n}": str(n) for n in range(1, 6)},
        )
    return call


def sheet(proposal, reviewer, relevance, feasibility):
    return make_sheet(proposal, reviewer, relevance=relevance, feasibility=feasibility)


def export_csv(client, call, language="fa"):
    with translation.override(language):
        url = reverse("admin:proposals_call_scores_export", args=[call.pk, "csv"])
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return response, list(csv.reader(io.StringIO(text)))


def test_the_call_managers_group_has_the_permission(manager, reviewer):
    assert manager.has_perm("proposals.export_call_scores")
    assert not reviewer.has_perm("proposals.export_call_scores")


def test_one_row_per_proposal_with_weighted_scores(client, manager):
    call = weighted_call()
    first, second = (
        StaffFactory(first_name="علی", last_name="احمدی"),
        StaffFactory(first_name="مریم", last_name="کریمی"),
    )
    proposal = submitted(call, title="طرح خیاطی", budget_rials=900_000_000)
    # (3*5 + 1*1) / 4 = 4.0 and (3*2 + 1*4) / 4 = 2.5
    sheet(proposal, first, relevance=5, feasibility=1)
    sheet(proposal, second, relevance=2, feasibility=4)
    unscored = submitted(call, title="طرح نانوایی")
    ProposalFactory(call=call, title="پیش‌نویس")  # a draft: not the staff's
    client.force_login(manager)

    response, rows = export_csv(client, call)

    header = rows[0]
    assert header[:8] == [
        "شماره پیگیری",
        "عنوان",
        "سازمان مردم‌نهاد",
        "وضعیت",
        "بودجه درخواستی (ریال)",
        "برگه‌های امتیاز شمرده‌شده",
        "میانگین وزنی",
        "پراکندگی (انحراف معیار)",
    ]
    assert header[8:] == [
        "میانگین: ارتباط (وزن ۳)",
        "میانگین: امکان‌پذیری (وزن ۱)",
        "علی احمدی",
        "مریم کریمی",
    ]
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"طرح خیاطی", "طرح نانوایی"}
    row = by_title["طرح خیاطی"]
    assert row[0] == proposal.reference
    assert row[2] == proposal.ngo.name
    assert row[4] == "900000000"
    assert row[5:] == ["2", "3.25", "0.75", "3.5", "2.5", "4.0", "2.5"]
    assert by_title["طرح نانوایی"][5:] == ["0", "", "", "", "", "", ""]
    assert unscored.reference == by_title["طرح نانوایی"][0]


def test_english_headers_on_english_pages(client, manager):
    call = weighted_call()
    client.force_login(manager)
    _response, rows = export_csv(client, call, language="en")
    assert rows[0][:3] == ["reference", "title", "NGO"]
    assert rows[0][8] == "mean: relevance (weight 3)"


def test_a_conflicted_sheet_is_marked_and_not_counted(client, manager):
    call = weighted_call()
    counted, conflicted = StaffFactory(first_name="الف"), StaffFactory(first_name="ب")
    ngo = NGOFactory()
    proposal = submitted(call, ngo=ngo)
    sheet(proposal, counted, relevance=4, feasibility=4)
    sheet(proposal, conflicted, relevance=1, feasibility=1)
    # Declared on another proposal of the same NGO: it still covers this one.
    ConflictOfInterest.objects.create(
        proposal=submitted(call, ngo=ngo), reviewer=conflicted
    )
    client.force_login(manager)

    _response, rows = export_csv(client, call)

    row = next(row for row in rows[1:] if row[0] == proposal.reference)
    assert row[5:8] == ["1", "4.0", "0.0"]
    assert row[-1] == "شمرده نمی‌شود: تعارض منافع"
    assert row[-2] == "4.0"


def test_a_sheet_set_aside_is_marked_and_not_counted(client, manager):
    call = weighted_call()
    proposal = submitted(call)
    kept = sheet(proposal, StaffFactory(first_name="الف"), relevance=2, feasibility=2)
    aside = sheet(proposal, StaffFactory(first_name="ب"), relevance=5, feasibility=5)
    aside.set_aside_at = timezone.now()
    aside.save()
    client.force_login(manager)

    _response, rows = export_csv(client, call)

    assert rows[1][5:7] == ["1", "2.0"]
    assert rows[1][-2:] == ["2.0", "شمرده نمی‌شود: تعارض منافع"]
    assert kept.pk != aside.pk


def test_text_that_would_be_a_formula_is_neutralised(client, manager):
    call = weighted_call()
    proposal = submitted(call, title='=HYPERLINK("http://x")')
    sheet(proposal, StaffFactory(first_name="+cmd"), relevance=3, feasibility=3)
    client.force_login(manager)

    _response, rows = export_csv(client, call)

    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[0][-1].startswith("'+cmd")


def test_xlsx_is_right_to_left_and_neutralised(client, manager):
    call = weighted_call()
    proposal = submitted(call, title="@SUM(A1)")
    sheet(proposal, StaffFactory(), relevance=5, feasibility=1)
    client.force_login(manager)

    url = reverse("admin:proposals_call_scores_export", args=[call.pk, "xlsx"])
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="call-{call.pk}-scores.xlsx"'
    )
    sheet_ = load_workbook(io.BytesIO(response.content)).active
    assert sheet_.sheet_view.rightToLeft is True
    assert sheet_["B2"].value == "'@SUM(A1)"
    assert sheet_["G2"].value == 4.0


def test_the_filename_names_the_call(client, manager):
    call = weighted_call()
    client.force_login(manager)
    response, _rows = export_csv(client, call)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="call-{call.pk}-scores.csv"'
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_staff_without_the_permission_are_refused(client, reviewer, file_format):
    call = weighted_call()
    client.force_login(reviewer)
    url = reverse("admin:proposals_call_scores_export", args=[call.pk, file_format])
    assert client.get(url).status_code == 403


def test_an_unknown_format_or_call_is_not_found(client, manager):
    call = weighted_call()
    client.force_login(manager)
    for args in ([call.pk, "pdf"], [call.pk + 1000, "csv"]):
        url = reverse("admin:proposals_call_scores_export", args=args)
        assert client.get(url).status_code == 404


def test_the_calls_page_links_the_export_for_managers_only(client, manager):
    call = weighted_call()
    url = reverse("admin:proposals_call_change", args=[call.pk])
    export = reverse("admin:proposals_call_scores_export", args=[call.pk, "xlsx"])
    client.force_login(manager)
    assert export in client.get(url).content.decode()
    viewer = StaffFactory(groups=[roles.REVIEWERS])
    client.force_login(viewer)
    page = client.get(url)
    assert page.status_code == 200
    assert export not in page.content.decode()


def scene(call, reviewers: int):
    """Three proposals of the call, each scored by ``reviewers`` reviewers."""
    staff = [StaffFactory() for _ in range(reviewers)]
    for _ in range(3):
        proposal = submitted(call)
        for user in staff:
            sheet(proposal, user, relevance=4, feasibility=2)
    ConflictOfInterest.objects.create(proposal=proposal, reviewer=staff[0])


def test_the_query_count_does_not_grow_with_reviewers(client, manager, count_queries):
    few, many = weighted_call(), weighted_call()
    scene(few, 2)
    scene(many, 20)
    assert Score.objects.filter(sheet__proposal__call=many).count() == 3 * 20 * 2
    client.force_login(manager)
    export_csv(client, few)  # the session's first request reads more
    with count_queries() as with_few:
        _response, rows_few = export_csv(client, few)
    with count_queries() as with_many:
        _response, rows_many = export_csv(client, many)
    assert len(rows_few[0]) == 8 + 2 + 2
    assert len(rows_many[0]) == 8 + 2 + 20
    assert len(with_few) == len(with_many)
    # The session, the user and their permissions, the call, then the four
    # queries of call_score_table.
    assert len(with_many) <= 10


def test_scores_a_reviewer_may_not_see_yet_are_not_exported(client):
    """A call that keeps scores independent, exported by a call manager who
    is also a reviewer: a proposal they are assigned to score shows its
    scores only once their own sheet is in, in the export as in the admin's
    list; the proposals they are not assigned to (they decide them) show
    theirs."""
    manager = StaffFactory(groups=[roles.CALL_MANAGERS, roles.REVIEWERS])
    call = weighted_call()
    call.independent_scores = True
    call.save()
    other = StaffFactory(first_name="مریم", last_name="کریمی")
    assigned = submitted(call, title="طرح خیاطی")
    decided = submitted(call, title="طرح نانوایی")
    sheet(assigned, other, relevance=5, feasibility=1)
    sheet(decided, other, relevance=2, feasibility=4)
    ReviewAssignment.objects.create(
        proposal=assigned, reviewer=manager, assigned_by=StaffFactory()
    )
    client.force_login(manager)

    _response, rows = export_csv(client, call)
    by_title = {row[1]: row for row in rows[1:]}
    hidden = by_title["طرح خیاطی"]
    assert hidden[5:] == [
        "",
        "امتیازهای داوران دیگر پس از ثبت امتیاز شما نمایش داده می‌شود.",
        "",
        "",
        "",
        "",
    ]
    assert by_title["طرح نانوایی"][5:] == ["1", "2.5", "0.0", "2.0", "4.0", "2.5"]

    sheet(assigned, manager, relevance=5, feasibility=3)
    _response, rows = export_csv(client, call)
    by_title = {row[1]: row for row in rows[1:]}
    assert by_title["طرح خیاطی"][5:8] == ["2", "4.25", "0.25"]
