"""Rubrics per call: the default criteria, weights, the score form's
descriptions, the weighted mean lists show and sort by, and a rubric that
freezes with its first score."""

import pytest
from django.urls import reverse

from core import roles
from core.transitions import TransitionError
from proposals import review
from proposals.admin.lists import mean_score_subquery
from proposals.models import DEFAULT_RUBRIC, Call, Criterion, Proposal, Score
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    StaffFactory,
    make_sheet,
    rubric_scores,
)
from tests.proposals.test_calls import change_data, criteria_data

pytestmark = pytest.mark.django_db


def under_review(**kwargs):
    proposal = ProposalFactory(**kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=proposal.created_at
    )
    proposal.refresh_from_db()
    return proposal


def test_the_standing_call_has_the_five_default_criteria():
    call = Call.objects.get(is_standing=True)
    assert [c.name_en for c in call.criteria.all()] == [
        item["name_en"] for item in DEFAULT_RUBRIC
    ]
    assert all(c.weight == 1 and c.meaning_5 for c in call.criteria.all())


def test_a_new_call_made_in_the_admin_gets_the_default_rubric(client):
    manager = StaffFactory(groups=[roles.CALL_MANAGERS])
    client.force_login(manager)
    response = client.post(
        reverse("admin:proposals_call_add"),
        {
            "title": "فراخوان معیاردار",
            "opens_at_0": "1405/09/01",
            "opens_at_1": "08:00",
            "closes_at_0": "1405/10/01",
            "closes_at_1": "14:00",
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
            "reviewers_per_proposal": 2,
            "min_score_sheets": 2,
            "independent_scores": "on",
            **criteria_data(None),
        },
    )
    assert response.status_code == 302
    call = Call.objects.get(title="فراخوان معیاردار")
    assert call.criteria.count() == 5


def test_the_manager_edits_weights_until_the_first_score(client, reviewer):
    manager = StaffFactory(groups=[roles.CALL_MANAGERS])
    call = CallFactory()
    first = call.criteria.first()
    client.force_login(manager)
    url = reverse("admin:proposals_call_change", args=[call.pk])
    response = client.post(
        url, {**change_data(call), **criteria_data(call, **{"criteria-0-weight": 3})}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.weight == 3
    # Once scored, the rubric is shown but no longer editable.
    make_sheet(under_review(call=call), reviewer)
    html = client.get(url).content.decode()
    assert 'name="criteria-0-weight"' not in html
    assert first.meaning_5 in html


def test_weights_count_in_the_sheet_and_the_list_mean(reviewer):
    call = CallFactory()
    relevance = call.criteria.first()
    Criterion.objects.filter(pk=relevance.pk).update(weight=6)
    proposal = under_review(call=call)
    # relevance 5 with weight 6, four criteria at 1 with weight 1: 34/10.
    sheet = make_sheet(proposal, reviewer, default=1, relevance=5)
    assert sheet.mean == pytest.approx(3.4)
    other = StaffFactory(groups=[roles.REVIEWERS])
    make_sheet(proposal, other, default=2, relevance=2)  # mean 2
    annotated = Proposal.objects.annotate(m=mean_score_subquery()).get(pk=proposal.pk)
    assert annotated.m == pytest.approx(2.7)


def test_the_list_sorts_by_the_weighted_mean(client, reviewer):
    call = CallFactory()
    Criterion.objects.filter(pk=call.criteria.first().pk).update(weight=9)
    high = under_review(call=call, title="بالا")
    low = under_review(call=call, title="پایین")
    # Plain means would put "low" first (4.2 against 1.8); weighted, "high".
    make_sheet(high, reviewer, default=1, relevance=5)  # 49/13
    make_sheet(low, reviewer, default=5, relevance=1)  # 29/13
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_changelist")
    column = client.get(url).context["cl"].list_display.index("mean_score")
    response = client.get(url, {"o": f"-{column}", "all": ""})
    rows = [p.pk for p in response.context["cl"].result_list]
    assert rows.index(high.pk) < rows.index(low.pk)


def test_the_score_form_shows_what_each_score_means(client, reviewer):
    proposal = under_review()
    client.force_login(reviewer)
    html = client.get(
        reverse("admin:proposals_proposal_score", args=[proposal.pk])
    ).content.decode()
    for item in DEFAULT_RUBRIC:
        assert item["name"] in html
        assert f"۵ — {item['meanings'][4]}" in html


def test_every_criterion_must_be_scored(reviewer):
    proposal = under_review()
    scores = rubric_scores(proposal.call, 4)
    scores.popitem()
    with pytest.raises(TransitionError) as error:
        review.score_proposal(
            proposal=proposal, actor=reviewer, scores=scores, comment="روشن"
        )
    assert error.value.code == "criteria"
    assert not Score.objects.exists()


def test_another_calls_criterion_is_refused(reviewer):
    proposal = under_review()
    scores = rubric_scores(proposal.call, 4)
    scores.popitem()
    scores[CallFactory().criteria.first().pk] = 4
    with pytest.raises(TransitionError):
        review.score_proposal(
            proposal=proposal, actor=reviewer, scores=scores, comment="روشن"
        )


def test_a_score_outside_one_to_five_cannot_be_stored(reviewer):
    from django.db import IntegrityError, transaction

    sheet = make_sheet(under_review(), reviewer)
    score = sheet.scores.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.filter(pk=score.pk).update(value=6)


# Every score kept ---------------------------------------------------------------


def test_changing_a_sheet_keeps_the_earlier_version_and_tells_the_history(reviewer):
    from core.history import HistoryIsAppendOnly
    from proposals.models import ProposalEvent, ScoreSheetVersion

    proposal = under_review()
    first = rubric_scores(proposal.call, 3)
    review.score_proposal(
        proposal=proposal, actor=reviewer, scores=first, comment="نخست"
    )
    assert not proposal.events.filter(comment__contains="برگه امتیاز").exists()
    second = rubric_scores(proposal.call, 3, feasibility=5)
    sheet = review.score_proposal(
        proposal=proposal, actor=reviewer, scores=second, comment="نخست"
    )
    versions = list(sheet.versions.all())
    assert [v.actor for v in versions] == [reviewer, reviewer]
    assert [s["value"] for s in versions[0].scores] == [3, 3, 3, 3, 3]
    assert [s["value"] for s in versions[1].scores] == [3, 5, 3, 3, 3]
    # The versions are the record: no comment in the proposal's history
    # tells the scores to reviewers who may not see them yet.
    assert not proposal.events.filter(kind=ProposalEvent.Kind.COMMENT).exists()
    # Saving the same scores again adds nothing.
    review.score_proposal(
        proposal=proposal, actor=reviewer, scores=second, comment="نخست"
    )
    assert sheet.versions.count() == 2
    # The earlier versions cannot be rewritten.
    with pytest.raises(HistoryIsAppendOnly):
        ScoreSheetVersion.objects.filter(pk=versions[0].pk).update(comment="x")


def test_a_changed_comment_is_a_new_version_too(reviewer):
    proposal = under_review()
    scores = rubric_scores(proposal.call, 4)
    review.score_proposal(
        proposal=proposal, actor=reviewer, scores=scores, comment="الف"
    )
    sheet = review.score_proposal(
        proposal=proposal, actor=reviewer, scores=scores, comment="ب"
    )
    assert [v.comment for v in sheet.versions.all()] == ["الف", "ب"]
    assert not proposal.events.exists()
