"""The staff's review actions, described once for the admin's pages.

Every action has a form; the admin shows it on a confirmation page for one
proposal or many, and applies it through the services. Nothing here writes.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField
from core.roles import REVIEWERS
from proposals import services
from proposals.models import ProposalEvent, ScoreSheet, Status


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )
    visibility = forms.ChoiceField(
        label=_("who may read it"),
        choices=ProposalEvent.Visibility.choices,
        initial=ProposalEvent.Visibility.NGO,
        widget=forms.RadioSelect,
    )


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("comment for the NGO"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_("the NGO receives it by e-mail and sees it on the proposal"),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("comment for the NGO"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_("included in the decision letter"),
    )


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("reason"),
        choices=[("", "---------"), *services.REJECTION_REASONS.items()],
    )
    comment = forms.CharField(
        label=_("explanation for the NGO"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_("included in the decision letter with the reason"),
    )


class ReviewerChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def eligible_reviewers():
    return (
        User.objects.filter(is_active=True, is_staff=True, groups__name=REVIEWERS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(label=_("reviewer"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plain list: reviewers are a handful of staff, and an autocomplete
        # box would need the right to search every user account.
        self.fields["reviewer"].queryset = eligible_reviewers()


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("why (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )


class ScoreForm(forms.ModelForm):
    class Meta:
        model = ScoreSheet
        fields = [*ScoreSheet.CRITERIA, "comment"]
        widgets = {
            **{name: forms.RadioSelect for name in ScoreSheet.CRITERIA},
            "comment": forms.Textarea(attrs={"rows": 4, "cols": 70}),
        }


@dataclass(frozen=True)
class Action:
    name: str
    label: object
    form_class: type
    permission: str
    to_status: str = ""  # empty: not a status change
    bulk: bool = True


ACTIONS = {
    action.name: action
    for action in [
        Action(
            "start_review",
            _("Start review"),
            CommentForm,
            "proposals.review_proposal",
            Status.UNDER_REVIEW,
        ),
        Action(
            "request_changes",
            _("Request changes"),
            RequiredCommentForm,
            "proposals.review_proposal",
            Status.CHANGES_REQUESTED,
        ),
        Action(
            "approve",
            _("Approve"),
            DecisionForm,
            "proposals.decide_proposal",
            Status.APPROVED,
        ),
        Action(
            "reject",
            _("Reject"),
            RejectForm,
            "proposals.decide_proposal",
            Status.REJECTED,
        ),
        Action(
            "assign", _("Assign a reviewer"), AssignForm, "proposals.assign_proposal"
        ),
        Action("comment", _("Comment"), CommentForm, "proposals.review_proposal"),
        Action(
            "conflict",
            _("Declare a conflict of interest"),
            ConflictForm,
            "proposals.review_proposal",
            bulk=False,
        ),
    ]
}


def apply(action: Action, *, proposal, user, data: dict):
    """Carry out ``action`` on one proposal with a valid form's data."""
    if action.to_status:
        return services.transition(
            proposal=proposal,
            to_status=action.to_status,
            actor=user,
            comment=data.get("comment", ""),
            reason_code=data.get("reason_code", ""),
            visibility=data.get("visibility", ProposalEvent.Visibility.NGO),
        )
    if action.name == "assign":
        return services.assign_reviewer(
            proposal=proposal, reviewer=data["reviewer"], actor=user
        )
    if action.name == "comment":
        return services.add_comment(
            proposal=proposal,
            actor=user,
            comment=data["comment"],
            visibility=data["visibility"],
        )
    if action.name == "conflict":
        return services.declare_conflict(
            proposal=proposal, reviewer=user, note=data["note"]
        )
    raise ValueError(action.name)


def criteria_means(sheets) -> list[dict]:
    """Each criterion of the rubric with its mean over ``sheets`` (or None)."""
    return [
        {
            "label": ScoreSheet._meta.get_field(name).verbose_name,
            "mean": (
                round(sum(getattr(s, name) for s in sheets) / len(sheets), 2)
                if sheets
                else None
            ),
        }
        for name in ScoreSheet.CRITERIA
    ]


def available(proposal, user) -> list[Action]:
    """The actions ``user`` may take on ``proposal`` now, for its buttons."""
    conflicted = services.has_conflict(proposal, user)
    result = []
    for action in ACTIONS.values():
        if not user.has_perm(action.permission):
            continue
        if action.to_status:
            move = services.TRANSITIONS.get((proposal.status, action.to_status))
            if move is None or move.side != services.STAFF_SIDE or conflicted:
                continue
        elif action.name == "assign":
            if proposal.status not in (
                Status.SUBMITTED,
                Status.UNDER_REVIEW,
                Status.CHANGES_REQUESTED,
            ):
                continue
        elif action.name == "conflict" and conflicted:
            continue
        result.append(action)
    return result
