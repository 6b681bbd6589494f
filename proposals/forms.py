from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.db.models import prefetch_related_objects
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import (
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextInputMixin,
    limit_lengths,
)
from core.l10n import format_number, parse_integer
from meetings.models import Meeting
from ngos.forms import provinces_in_language_order
from ngos.models import FocusArea, Province
from proposals import uploads
from proposals.models import Call, Proposal, standing_call
from proposals.services import REQUIRED_FOR_SUBMISSION, REQUIRED_RELATIONS

SAVE_DRAFT = "save_draft"
SUBMIT = "submit"


class GroupedNumberInput(forms.TextInput):
    """A number shown with thousands grouped, typed in any digits."""

    def __init__(self, attrs=None):
        super().__init__({"dir": "ltr", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return format_number(value)
        return super().format_value(value)


class WholeNumberField(forms.IntegerField):
    """``۱٬۲۰۰٬۰۰۰``, ``1,200,000`` and ``١٢٠٠٠٠٠`` are all 1200000."""

    widget = GroupedNumberInput
    default_error_messages = {
        "invalid": _("Enter a whole number, such as 1,200,000."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        number = parse_integer(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        # No min/max attributes: the browser would refuse "۱٬۲۰۰" before we see it.
        return {}


class ProposalForm(TextInputMixin, forms.ModelForm):
    """The proposal, as the NGO writes it.

    "Save draft" accepts an incomplete form (a title is enough); "Submit"
    needs every part, and says at once everything that is missing.
    """

    # The longest texts the NGO may write (the model's TextFields have no
    # maximum): the plan about eight pages, the others less.
    text_limits = {
        "summary": 2000,
        "problem": 10_000,
        "solution": 10_000,
        "executive_plan": 20_000,
        "target_group": 3000,
    }

    beneficiaries = WholeNumberField(
        label=_("beneficiaries"),
        required=False,
        min_value=1,
        help_text=_("how many women or households will benefit"),
    )
    duration_months = WholeNumberField(
        label=_("duration in months"), required=False, min_value=1, max_value=120
    )
    budget_rials = WholeNumberField(
        label=_("budget requested (rials)"),
        required=False,
        min_value=1,
        max_value=10**15,
        help_text=_("in rials; digits may be Persian and grouped, as 1,200,000,000"),
    )
    co_funding_rials = WholeNumberField(
        label=_("co-funding (rials)"),
        required=False,
        min_value=0,
        max_value=10**15,
        help_text=_("what the NGO or others contribute"),
    )
    provinces = ModelMultipleChoiceField(
        label=_("provinces"),
        queryset=Province.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("where the plan will be carried out"),
    )
    focus_areas = ModelMultipleChoiceField(
        label=_("focus areas"),
        queryset=FocusArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = [
            "call",
            "title",
            "summary",
            "problem",
            "solution",
            "executive_plan",
            "target_group",
            "beneficiaries",
            "provinces",
            "focus_areas",
            "duration_months",
            "budget_rials",
            "co_funding_rials",
            "co_funding_source",
            "presented_at_meeting",
        ]
        field_classes = {
            "presented_at_meeting": ModelChoiceField,
            "call": ModelChoiceField,
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 5}),
            "solution": forms.Textarea(attrs={"rows": 5}),
            "executive_plan": forms.Textarea(attrs={"rows": 8}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, intent=SAVE_DRAFT, ngo=None, call=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, self.text_limits)
        self.intent = intent
        self._limit_calls(ngo, preselected=call)
        self.fields["provinces"].choices = [
            (p.pk, p.name) for p in provinces_in_language_order()
        ]
        self.fields[
            "presented_at_meeting"
        ].queryset = Meeting.objects.public().order_by("-starts_at")
        for name in (*REQUIRED_FOR_SUBMISSION, *REQUIRED_RELATIONS):
            if self.fields[name].required:
                continue  # crispy marks truly required fields itself
            # Shown as required; enforced on submission only (see clean()).
            self.fields[name].widget.attrs["aria-required"] = "true"
            self.fields[name].label = format_lazy("{} *", self.fields[name].label)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("The idea"), "call", "title", "summary"),
            Fieldset(_("Problem and solution"), "problem", "solution"),
            Fieldset(
                _("Executive plan"),
                "executive_plan",
                Div(Div("duration_months", css_class="col-md-4"), css_class="row"),
            ),
            Fieldset(
                _("Who benefits, and where"),
                "target_group",
                Div(Div("beneficiaries", css_class="col-md-4"), css_class="row"),
                "provinces",
                "focus_areas",
            ),
            Fieldset(
                _("Budget"),
                Div(
                    Div("budget_rials", css_class="col-md-6"),
                    Div("co_funding_rials", css_class="col-md-6"),
                    css_class="row",
                ),
                "co_funding_source",
            ),
            Fieldset(_("Context"), "presented_at_meeting"),
            HTML(
                format_html(
                    '<p class="small text-body-secondary">{}</p>',
                    _(
                        "A draft can be incomplete; it is kept until you submit "
                        "it. Fields marked * are needed to submit."
                    ),
                )
            ),
            HTML(
                format_html(
                    '<div class="d-flex gap-2 flex-wrap">'
                    '<button type="submit" name="{}" class="btn btn-outline-primary">'
                    "{}</button>"
                    '<button type="submit" name="{}" class="btn btn-primary">'
                    "{}</button></div>",
                    SAVE_DRAFT,
                    _("Save draft"),
                    SUBMIT,
                    _("Submit"),
                )
            ),
        )

    def _limit_calls(self, ngo, *, preselected=None):
        """Offer the open calls ``ngo`` may answer (and the proposal's own
        call, even closed, so that editing a draft never changes it); once
        submitted, a proposal stays with its call."""
        if "call" not in self.fields:
            return  # the admin's read-only form
        field = self.fields["call"]
        field.required = False
        field.empty_label = None
        own = self.instance.call_id if self.instance.pk else None
        if self.instance.pk and self.instance.was_submitted:
            field.disabled = True
            field.queryset = Call.objects.filter(pk=own)
            return
        if ngo is not None:
            prefetch_related_objects([ngo], "focus_areas", "provinces_served")
        offered = [
            call.pk
            for call in Call.objects.open_at().prefetch_related(
                "focus_areas", "provinces"
            )
            if ngo is None or call.admits(ngo)
        ]
        if own:
            offered.append(own)
        field.queryset = Call.objects.filter(pk__in=offered).order_by(
            "is_standing", "closes_at", "pk"
        )
        if preselected is not None and preselected.pk in offered:
            field.initial = preselected.pk
        elif not own:
            field.initial = standing_call()

    def clean_call(self):
        # Nothing chosen (a form without the field): the standing call.
        if self.fields["call"].disabled:
            return self.instance.call
        return self.cleaned_data.get("call") or Call.objects.get(pk=standing_call())

    def clean(self):
        cleaned = super().clean()
        if self.intent == SUBMIT:
            for name in (*REQUIRED_FOR_SUBMISSION, *REQUIRED_RELATIONS):
                if name in self.errors:
                    continue
                if cleaned.get(name) in (None, "", []) or (
                    name in REQUIRED_RELATIONS and not cleaned.get(name)
                ):
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Needed to submit."), code="required_to_submit"
                        ),
                    )
        return cleaned


class AttachmentForm(TextInputMixin, forms.Form):
    file = forms.FileField(
        label=_("add a file"),
        help_text=lazy(uploads.attachment_help, str)(),
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(sorted(uploads.CONTENT_TYPES))}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        uploads.check_file(uploaded)
        return uploaded


class ResubmitForm(TextInputMixin, forms.Form):
    """What the NGO says when it sends a revised proposal again."""

    changes = forms.CharField(
        label=_("What did you change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A few sentences for the reviewers who asked for changes; kept in "
            "the proposal's history. If you send it unchanged, say why."
        ),
        error_messages={
            "required": _("Say briefly what you changed, for the reviewers.")
        },
    )
    send_unchanged = forms.BooleanField(
        label=_("Send it unchanged"),
        required=False,
        help_text=_("Tick only if you made no change on purpose, and say why above."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's error summary lists the form's own errors.
        self.helper.template = "includes/_crispy_fields.html"
        self.helper.layout = Layout("changes", "send_unchanged")
