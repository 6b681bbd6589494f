from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from core import roles
from core.transitions import NGO, STAFF
from proposals.admin.actions import ProposalMoveForm
from proposals.models import ConflictOfInterest, Proposal
from proposals.workflow import (
    AWAITING_DECISION_STATUSES,
    AWAITING_STAFF_STATUSES,
    DECIDED_STATUSES,
    EDITABLE_STATUSES,
    INTERNAL_COMMENT_ACTIONS,
    PROPOSAL_MOVES,
    REASON_CODE_ACTIONS,
    SCORING_STATUSES,
    TERMINAL_STATUSES,
    Status,
)
from tests.factories import ProposalFactory, StaffFactory, score_enough


def test_the_readme_prints_the_table_of_moves():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Status workflows") :]
    proposals = section[section.index("### Proposals") :]
    assert f"\n\n{PROPOSAL_MOVES.markdown()}\n\n" in proposals


def test_the_named_groups_are_what_the_workflow_means():
    assert EDITABLE_STATUSES == (Status.DRAFT, Status.CHANGES_REQUESTED)
    assert AWAITING_STAFF_STATUSES == (Status.SUBMITTED, Status.UNDER_REVIEW)
    assert DECIDED_STATUSES == (Status.APPROVED, Status.REJECTED)
    assert SCORING_STATUSES == (Status.UNDER_REVIEW,)
    assert TERMINAL_STATUSES == (Status.APPROVED, Status.REJECTED, Status.WITHDRAWN)
    assert AWAITING_DECISION_STATUSES == (
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        Status.CHANGES_REQUESTED,
    )


@pytest.mark.parametrize(
    "move", list(PROPOSAL_MOVES), ids=lambda move: f"{move.action}-{move.source}"
)
def test_every_move_says_what_it_does(move):
    assert move.label and move.question and move.done
    if move.side == STAFF:
        assert move.permission.startswith("proposals.")
    else:
        assert (move.side, move.permission) == (NGO, "")


def test_the_extra_rules_name_staff_actions_of_the_table():
    staff_actions = {move.action for move in PROPOSAL_MOVES if move.side == STAFF}
    assert REASON_CODE_ACTIONS <= staff_actions
    assert INTERNAL_COMMENT_ACTIONS <= staff_actions
    # A reason code goes with a written reason; an internal comment never
    # replaces one the NGO must read.
    for action in REASON_CODE_ACTIONS:
        assert PROPOSAL_MOVES.first(action).reason_required
    for action in INTERNAL_COMMENT_ACTIONS:
        assert not PROPOSAL_MOVES.first(action).reason_required


# Every move of the table, made where its side acts ---------------------------------

# The NGO's pages, by where its moves lead.
NGO_PAGES = {
    Status.SUBMITTED: "proposals:submit",
    Status.WITHDRAWN: "proposals:withdraw",
}


def proposal_in(status, owner):
    """A proposal of ``owner``'s NGO in ``status``, as the site would have it."""
    proposal = ProposalFactory(ngo=owner.representative.ngo, created_by=owner)
    if status != Status.DRAFT:
        now = timezone.now()
        Proposal.objects.filter(pk=proposal.pk).update(
            status=status,
            submitted_at=now,
            last_submitted_at=now,
            reference=f"1405-{proposal.pk:05d}",
        )
        proposal.refresh_from_db()
    if status in SCORING_STATUSES:
        score_enough(proposal)  # what a decision needs
    return proposal


def staff_without(permission):
    """A reviewer with every right on proposals but ``permission``."""
    app_label, codename = permission.split(".")
    user = StaffFactory()
    user.user_permissions.set(
        Group.objects.get(name=roles.REVIEWERS)
        .permissions.filter(content_type__app_label=app_label)
        .exclude(codename=codename)
    )
    return user


def complete_data(move):
    """What the confirmation form of ``move`` asks, filled in."""
    form = ProposalMoveForm(move=move)
    data = {"apply": "1", "reason": "توضیح برای سازمان"}
    if "reason_code" in form.fields:
        data["reason_code"] = "budget"
    if "visibility" in form.fields:
        data["visibility"] = "ngo"
    return data


def assert_unchanged(proposal, status):
    proposal.refresh_from_db()
    assert proposal.status == status
    assert not proposal.events.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "move", list(PROPOSAL_MOVES), ids=lambda move: f"{move.action}-{move.source}"
)
def test_every_move_where_its_side_acts(client, rep_a, rep_b, reviewer, move):
    proposal = proposal_in(move.source, rep_a)
    if move.side == STAFF:
        url = reverse("admin:proposals_proposal_move", args=[proposal.pk, move.action])
        client.force_login(reviewer)
        asked = client.get(url)
        assert asked.status_code == 200
        html = asked.content.decode()
        assert str(move.question) in html
        assert f'value="{move.label}"' in html
        assert_unchanged(proposal, move.source)
        if move.reason_required:
            refused = client.post(url, {**complete_data(move), "reason": " "})
            assert refused.status_code == 200
            assert "دلیل را بنویسید: در تاریخچه نگه داشته می‌شود." in (
                refused.content.decode()
            )
            assert_unchanged(proposal, move.source)
        # Staff without the move's permission, or with a conflict of interest.
        client.force_login(staff_without(move.permission))
        assert client.post(url, complete_data(move)).status_code == 403
        assert_unchanged(proposal, move.source)
        ConflictOfInterest.objects.create(proposal=proposal, reviewer=reviewer)
        client.force_login(reviewer)
        conflicted = client.post(url, complete_data(move))
        assert "تعارض منافع" in conflicted.content.decode()
        assert_unchanged(proposal, move.source)
        ConflictOfInterest.objects.filter(proposal=proposal).delete()
        done = client.post(url, complete_data(move))
        assert done["Location"] == reverse(
            "admin:proposals_proposal_change", args=[proposal.pk]
        )
        actor = reviewer
    else:
        url = reverse(NGO_PAGES[move.target], args=[proposal.pk])
        client.force_login(rep_a)
        asked = client.get(url)
        assert asked.status_code == 200
        html = asked.content.decode()
        assert str(move.question) in html
        assert f">{move.label}</button>" in html
        assert_unchanged(proposal, move.source)
        # Another NGO's representative, and staff, do not even find it.
        for stranger in (rep_b, reviewer):
            client.force_login(stranger)
            assert client.post(url).status_code == 404
            assert_unchanged(proposal, move.source)
        client.force_login(rep_a)
        # Sending again says what changed (the proposal here has no request
        # for changes on record to compare with).
        said = {"changes": "جدول زمانی را افزودیم"} if move.reason_required else {}
        done = client.post(url, said, follow=True)
        assert done.redirect_chain[-1][0] == proposal.get_absolute_url()
        said = [str(message) for message in done.context["messages"]]
        assert said[0].startswith(str(move.done).split("%")[0])
        actor = rep_a
    proposal.refresh_from_db()
    assert proposal.status == move.target
    event = proposal.events.get()
    assert (event.from_status, event.to_status, event.actor) == (
        move.source,
        move.target,
        actor,
    )
