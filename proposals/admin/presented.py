"""Which proposals were presented at a meeting: the meeting secretary's page.

Reached from the meeting's page (``meetings.admin.register_meeting_link``);
it lists the proposals linked to the meeting, by the NGO on its form or by
the secretary here, each with the agenda item it was presented under, and
takes more. The work is done by ``proposals.review.record_presentations``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import formset_factory
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.forms import ModelChoiceField, TextInputMixin
from core.l10n import localize_digits
from meetings.models import AgendaItem, Meeting
from proposals.models import Proposal
from proposals.review import PRESENT, record_presentations


class ProposalChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{localize_digits(obj.reference or '')} {obj.title} — {obj.ngo.name}"


class PresentedForm(TextInputMixin, forms.Form):
    proposal = ProposalChoiceField(
        label=_("proposal"), queryset=Proposal.objects.none(), required=False
    )
    agenda_item = ModelChoiceField(
        label=_("agenda item"), queryset=AgendaItem.objects.none(), required=False
    )

    def __init__(self, *args, proposals, agenda_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["agenda_item"].queryset = agenda_items
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)


class BasePresentedFormSet(forms.BaseFormSet):
    def clean(self):
        chosen = [
            form.cleaned_data["proposal"].pk
            for form in self.forms
            if form.cleaned_data.get("proposal") and not form.cleaned_data.get("DELETE")
        ]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(
                _("Each proposal is listed once."), code="duplicate_proposal"
            )


PresentedFormSet = formset_factory(
    PresentedForm,
    formset=BasePresentedFormSet,
    extra=3,
    can_delete=True,
    can_delete_extra=False,
)


def may_record_presentations(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PRESENT)


def presented_link(request, meeting):
    """The meeting page's link to this page, for those who may use it."""
    if not may_record_presentations(request.user):
        return None
    count = (
        Proposal.objects.seen_by_staff().filter(presented_at_meeting=meeting).count()
    )
    return {
        "url": reverse("admin:proposals_proposal_presented", args=[meeting.pk]),
        "label": _("Proposals presented (%(count)s)")
        % {"count": localize_digits(count)},
    }


class PresentedPagesMixin:
    """The page of the proposals presented at a meeting, for ``ProposalAdmin``."""

    def get_urls(self):
        return [
            path(
                "presented-at/<int:meeting_id>/",
                self.admin_site.admin_view(self.presented_view),
                name="proposals_proposal_presented",
            ),
            *super().get_urls(),
        ]

    def presented_view(self, request, meeting_id):
        if not may_record_presentations(request.user):
            raise PermissionDenied
        meeting = get_object_or_404(Meeting, pk=meeting_id)
        linked = (
            Proposal.objects.seen_by_staff()
            .filter(presented_at_meeting=meeting)
            .order_by("reference", "pk")
        )
        initial = [
            {"proposal": p.pk, "agenda_item": p.presented_at_agenda_item_id}
            for p in linked
        ]
        form_kwargs = {
            "proposals": Proposal.objects.seen_by_staff()
            .select_related("ngo")
            .order_by("-submitted_at", "-pk"),
            "agenda_items": meeting.agenda_items.order_by("order", "pk"),
        }
        formset = PresentedFormSet(
            request.POST if request.method == "POST" else None,
            initial=initial,
            form_kwargs=form_kwargs,
        )
        back = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        if formset.is_bound and formset.is_valid():
            presented = {
                form.cleaned_data["proposal"]: form.cleaned_data.get("agenda_item")
                for form in formset.forms
                if form.cleaned_data.get("proposal")
                and not form.cleaned_data.get("DELETE")
            }
            try:
                changed = record_presentations(
                    meeting=meeting, presented=presented, actor=request.user
                )
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "Saved: %(count)s proposal changed.",
                        "Saved: %(count)s proposals changed.",
                        changed,
                    )
                    % {"count": localize_digits(changed)},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": Meeting._meta,
            "title": gettext("Proposals presented at the meeting"),
            "subtitle": str(meeting),
            "original": meeting,
            "formset": formset,
            "change_url": back,
        }
        return TemplateResponse(
            request, "admin/proposals/proposal/presented.html", context
        )
