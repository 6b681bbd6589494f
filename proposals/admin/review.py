"""The staff's review pages that are not status changes.

Comment, assign a reviewer, declare a conflict of interest (each for one
proposal, the first two also for many from the list's actions), score, and
the paper for the review meeting. Where each applies comes from the named
groups of ``proposals.workflow``; the work is done by ``proposals.review``.
Status changes have their own flow (``actions.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField, TextInputMixin
from core.l10n import localize_digits
from core.roles import REVIEWERS
from core.transitions import TransitionError
from proposals import letters, review, services
from proposals.admin.actions import approved_in_field, conflicted
from proposals.models import ProposalEvent, ScoreSheet
from proposals.workflow import (
    AWAITING_DECISION_STATUSES,
    DECIDE,
    DECIDED_STATUSES,
    REJECTION_REASONS,
    REVIEW,
    SCORING_STATUSES,
    Status,
)

# Forms ---------------------------------------------------------------------------


class CommentForm(TextInputMixin, forms.Form):
    comment = forms.CharField(
        label=_("comment"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )
    visibility = forms.ChoiceField(
        label=_("who may read it"),
        choices=ProposalEvent.Visibility.choices,
        # A note among staff is the common case; what the NGO reads is chosen
        # on purpose, not by leaving the default.
        initial=ProposalEvent.Visibility.INTERNAL,
        widget=forms.RadioSelect,
    )


class CorrectLetterForm(TextInputMixin, forms.Form):
    correction_reason = forms.CharField(
        label=_("what the correction changes"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=_("printed in the new letter and kept in the history"),
    )
    reason = forms.CharField(
        label=_("corrected explanation"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
        help_text=_("empty: as in the letter it corrects"),
    )
    conditions = forms.CharField(
        label=_("corrected conditions of an approval"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=_("empty: as in the letter it corrects"),
    )


def correct_current_letter(proposal, actor, data):
    letter = letters.current_letter(proposal)
    if letter is None:
        raise TransitionError(
            _("This proposal has no decision letter to correct."), code="no_letter"
        )
    return letters.correct_letter(
        letter=letter,
        actor=actor,
        correction_reason=data["correction_reason"],
        reason=data["reason"] or None,
        conditions=data["conditions"] or None,
    )


class ApprovedInForm(TextInputMixin, forms.Form):
    approved_in = approved_in_field(
        _(
            "empty: none; letters already issued keep what they say; shown "
            "publicly once that meeting's minutes are approved"
        )
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


class AssignForm(TextInputMixin, forms.Form):
    reviewer = ReviewerChoiceField(label=_("reviewer"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A plain list: reviewers are a handful of staff, and an autocomplete
        # box would need the right to search every user account.
        self.fields["reviewer"].queryset = eligible_reviewers()


class ConflictForm(TextInputMixin, forms.Form):
    note = forms.CharField(
        label=_("why (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
    )


class ScoreForm(TextInputMixin, forms.Form):
    """One field per criterion of the call's rubric, each score labelled
    with what it means, and the comment the scores rest on."""

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        given = {s.criterion_id: s.value for s in sheet.scores.all()} if sheet else {}
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.display_name(),
                choices=[
                    (value, f"{localize_digits(str(value))} — {meaning}")
                    for value, meaning in criterion.meanings()
                ],
                coerce=int,
                widget=forms.RadioSelect,
                initial=given.get(criterion.pk),
                help_text=gettext("weight %(weight)s")
                % {"weight": localize_digits(str(criterion.weight))},
            )
        self.fields["comment"] = forms.CharField(
            label=_("comment"),
            help_text=_("what the scores rest on; staff only"),
            widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
            initial=sheet.comment if sheet else "",
        )

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def scores(self) -> dict:
        """The scores given, by criterion pk."""
        return {
            criterion.pk: self.cleaned_data[self.field_name(criterion)]
            for criterion in self.criteria
        }


# The pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewPage:
    """A review page that is not a status change: its form and its service."""

    name: str
    label: object
    form_class: type
    permission: str
    apply: Callable  # (proposal, actor, data) → the service's result
    # The statuses it applies in (all, if empty); whether a conflict bars it;
    # what else the proposal must have (``needs(proposal)``, asked last).
    statuses: tuple = ()
    barred_by_conflict: bool = False
    bulk: bool = False
    needs: Callable | None = None

    def applies_to(self, request, proposal) -> bool:
        if not request.user.has_perm(self.permission):
            return False
        if self.statuses and proposal.status not in self.statuses:
            return False
        if self.barred_by_conflict and conflicted(request, proposal):
            return False
        return self.needs is None or self.needs(proposal)


def has_letter_to_correct(proposal) -> bool:
    """Every decision has a letter; a withdrawn proposal has one only when
    staff withdrew it (the NGO's own withdrawal issues none)."""
    return proposal.status != Status.WITHDRAWN or proposal.letters.exists()


REVIEW_PAGES = {
    page.name: page
    for page in [
        ReviewPage(
            "comment",
            _("Comment"),
            CommentForm,
            REVIEW,
            lambda proposal, actor, data: review.add_comment(
                proposal=proposal,
                actor=actor,
                comment=data["comment"],
                visibility=data["visibility"],
            ),
            bulk=True,
        ),
        ReviewPage(
            "assign",
            _("Assign a reviewer"),
            AssignForm,
            review.ASSIGN,
            lambda proposal, actor, data: review.assign_reviewer(
                proposal=proposal, reviewer=data["reviewer"], actor=actor
            ),
            statuses=AWAITING_DECISION_STATUSES,
            bulk=True,
        ),
        ReviewPage(
            "conflict",
            _("Declare a conflict of interest"),
            ConflictForm,
            REVIEW,
            lambda proposal, actor, data: review.declare_conflict(
                proposal=proposal, actor=actor, note=data["note"]
            ),
            barred_by_conflict=True,
        ),
        ReviewPage(
            "correct_letter",
            _("Correct the decision letter"),
            CorrectLetterForm,
            DECIDE,
            correct_current_letter,
            statuses=(*DECIDED_STATUSES, Status.CHANGES_REQUESTED, Status.WITHDRAWN),
            barred_by_conflict=True,
            needs=has_letter_to_correct,
        ),
        ReviewPage(
            "approved_in",
            _("Record the meeting decision"),
            ApprovedInForm,
            DECIDE,
            lambda proposal, actor, data: services.proposal_set_approved_in(
                proposal=proposal, decision=data["approved_in"], actor=actor
            ),
            statuses=(Status.APPROVED,),
            barred_by_conflict=True,
        ),
    ]
}


class ReviewPagesMixin:
    """Comment, assign, conflict, score and print pages, for ``ProposalAdmin``."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            *(
                path(
                    f"<path:object_id>/{page.name}/",
                    self.admin_site.admin_view(self.review_view),
                    kwargs={"name": page.name},
                    name="{}_{}_{}".format(*info, page.name),
                )
                for page in REVIEW_PAGES.values()
            ),
            path(
                "<path:object_id>/score/",
                self.admin_site.admin_view(self.score_view),
                name="{}_{}_score".format(*info),
            ),
            path(
                "<path:object_id>/print/",
                self.admin_site.admin_view(self.print_view),
                name="{}_{}_print".format(*info),
            ),
            *super().get_urls(),
        ]

    def _proposal(self, request, object_id):
        """The proposal as this admin's queryset has it, or 404."""
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            raise Http404
        return proposal

    def review_links(self, request, proposal) -> list[dict]:
        """The review pages ``request.user`` may open for ``proposal`` now."""
        info = self.opts.app_label, self.opts.model_name
        links = [
            {
                "name": page.name,
                "label": page.label,
                "url": reverse(
                    "admin:{}_{}_{}".format(*info, page.name), args=[proposal.pk]
                ),
            }
            for page in REVIEW_PAGES.values()
            if page.applies_to(request, proposal)
        ]
        if self.may_score(request, proposal):
            links.append(
                {
                    "name": "score",
                    "label": gettext("Score"),
                    "url": reverse(
                        "admin:{}_{}_score".format(*info), args=[proposal.pk]
                    ),
                }
            )
        return links

    def may_score(self, request, proposal) -> bool:
        return (
            proposal.status in SCORING_STATUSES
            and request.user.has_perm(REVIEW)
            and not conflicted(request, proposal)
        )

    # Comment, assign, conflict ---------------------------------------------------

    def review_view(self, request, object_id, name):
        return self.review_page(
            request, [self._proposal(request, object_id)], REVIEW_PAGES[name]
        )

    def review_page(self, request, proposals, page: ReviewPage):
        """One review page for one proposal or many.

        GET, or the first POST from the list's action menu, shows the form; a
        POST with ``apply`` does the work through the services, proposal by
        proposal, and reports what was done and what was refused.
        """
        if not request.user.has_perm(page.permission):
            raise PermissionDenied
        form = page.form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for proposal in proposals:
                try:
                    page.apply(proposal, request.user, form.cleaned_data)
                except ValidationError as error:
                    refused.append((proposal, " ".join(error.messages)))
                except PermissionDenied:
                    refused.append((proposal, gettext("You may not do this.")))
                else:
                    done += 1
                    # The admin's log: "recent actions" and the history page.
                    self.log_change(request, proposal, str(page.label))
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(action)s: done for %(count)s proposal.",
                        "%(action)s: done for %(count)s proposals.",
                        done,
                    )
                    % {"action": page.label, "count": localize_digits(done)},
                    messages.SUCCESS,
                )
            for proposal, message in refused:
                self.message_user(request, f"{proposal}: {message}", messages.ERROR)
            if len(proposals) == 1 and refused and not done:
                form.add_error(None, refused[0][1])
            else:
                return HttpResponseRedirect(self._back(proposals))
        return self._review_form(
            request,
            proposals,
            form,
            title=page.label,
            submit_label=page.label,
            action_name=f"bulk_{page.name}" if page.bulk else "",
        )

    def _back(self, proposals) -> str:
        if len(proposals) == 1:
            return reverse("admin:proposals_proposal_change", args=[proposals[0].pk])
        return reverse("admin:proposals_proposal_changelist")

    def _review_form(
        self, request, proposals, form, *, title, submit_label, action_name=""
    ):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "submit_label": submit_label,
            "proposals": proposals,
            "form": form,
            "action_name": action_name,
            "back_url": self._back(proposals),
        }
        return TemplateResponse(
            request, "admin/proposals/proposal/review_form.html", context
        )

    @admin.action(description=_("Assign a reviewer"), permissions=["assign"])
    def bulk_assign(self, request, queryset):
        proposals = list(queryset.select_related("ngo", "reviewer"))
        return self.review_page(request, proposals, REVIEW_PAGES["assign"])

    @admin.action(description=_("Comment"), permissions=["review"])
    def bulk_comment(self, request, queryset):
        proposals = list(queryset.select_related("ngo", "reviewer"))
        return self.review_page(request, proposals, REVIEW_PAGES["comment"])

    def has_review_permission(self, request):
        return request.user.has_perm(REVIEW)

    def has_assign_permission(self, request):
        return request.user.has_perm(review.ASSIGN)

    # Score ------------------------------------------------------------------------

    def score_view(self, request, object_id):
        proposal = self._proposal(request, object_id)
        if not request.user.has_perm(REVIEW):
            raise PermissionDenied
        sheet = (
            ScoreSheet.objects.filter(proposal=proposal, reviewer=request.user)
            .prefetch_related("scores")
            .first()
        )
        form = ScoreForm(
            request.POST or None,
            criteria=proposal.call.criteria.all(),
            sheet=sheet,
        )
        if request.method == "POST" and form.is_valid():
            try:
                review.score_proposal(
                    proposal=proposal,
                    actor=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                self.log_change(request, proposal, gettext("Score the proposal"))
                self.message_user(
                    request, gettext("Your scores are saved."), messages.SUCCESS
                )
                return HttpResponseRedirect(self._back([proposal]))
        return self._review_form(
            request,
            [proposal],
            form,
            title=gettext("Score the proposal"),
            submit_label=gettext("Save"),
        )

    # The paper for the review meeting -------------------------------------------

    def print_view(self, request, object_id):
        """The proposal on paper for the review meeting: the proposal, its
        scores and its whole history (internal comments included: the paper
        is for staff)."""
        proposal = self._proposal(request, object_id)
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        prefetch_related_objects(
            [proposal],
            "ngo__province",
            "presented_at_meeting",
            "focus_areas",
            "attachments",
        )
        sheets = list(
            proposal.score_sheets.exclude(
                review.scores_hidden(request.user, "proposal")
            )
            .select_related("reviewer")
            .prefetch_related("scores__criterion")
        )
        criteria = list(proposal.call.criteria.all())
        for sheet in sheets:
            by_criterion = {s.criterion_id: s.value for s in sheet.scores.all()}
            sheet.values = [by_criterion.get(c.pk) for c in criteria]
        context = {
            **self.admin_site.each_context(request),
            "proposal": proposal,
            "sheets": sheets,
            "summary": review.score_summary(sheets),
            "criteria": review.criteria_means(sheets, criteria),
            "events": proposal.events.select_related("actor", "assignee"),
            "reasons": REJECTION_REASONS,
            "printed_at": timezone.now(),
        }
        return TemplateResponse(request, "admin/proposals/proposal/print.html", context)
