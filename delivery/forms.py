from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import JalaliDateField, ModelChoiceField, TextInputMixin, limit_lengths
from core.l10n import localize_digits
from delivery.models import Milestone, ProgressReport
from delivery.services import MAX_FILES_PER_REPORT
from ngos.forms import provinces_in_language_order
from ngos.models import Province
from proposals import uploads
from proposals.forms import WholeNumberField


class MilestoneForm(TextInputMixin, forms.ModelForm):
    """A milestone as the NGO proposes it (staff set theirs in the admin)."""

    due_date = JalaliDateField(label=_("due date"))
    amount = WholeNumberField(
        label=_("amount (rials)"),
        min_value=0,
        required=False,
        help_text=_("the part of the budget it uses"),
    )

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "deliverable", "amount"]
        widgets = {"deliverable": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, {"deliverable": 2000})

    def clean_amount(self):
        return self.cleaned_data["amount"] or 0


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one box; each is checked as a proposal's files are."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in files]


class ReportForm(TextInputMixin, forms.ModelForm):
    period_start = JalaliDateField(
        label=pgettext_lazy("report period", "from"), allow_future=False
    )
    period_end = JalaliDateField(
        label=pgettext_lazy("report period", "to"), allow_future=False
    )
    funds_spent = WholeNumberField(label=_("funds spent (rials)"), min_value=0)
    files = MultipleFileField(label=_("attachments"), required=False)

    class Meta:
        model = ProgressReport
        fields = [
            "period_start",
            "period_end",
            "work_done",
            "funds_spent",
            "public_summary",
            "is_final",
        ]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 5}),
            "public_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, {"work_done": 10_000, "public_summary": 2000})
        # In the language of the request, not of the import.
        self.fields["files"].help_text = _(
            "photos, lists, invoices: %(types)s; at most %(max)s files"
        ) % {
            "types": uploads.allowed_types(),
            "max": localize_digits(MAX_FILES_PER_REPORT),
        }

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors = []
        for uploaded in files:
            try:
                uploads.check_file(uploaded)
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                forms.ValidationError(
                    _("The period ends before it starts."), code="period_order"
                ),
            )
        return cleaned


class ReachForm(TextInputMixin, forms.Form):
    """One row of the table of households reached: a province and its counts."""

    province = ModelChoiceField(
        label=_("province"), queryset=Province.objects.all(), required=False
    )
    households = WholeNumberField(
        label=_("female-headed households"), min_value=0, required=False
    )
    children = WholeNumberField(label=_("children"), min_value=0, required=False)

    def __init__(self, *args, provinces=None, **kwargs):
        super().__init__(*args, **kwargs)
        # One list of provinces for every row: read once by the formset.
        self.fields["province"].choices = [("", "---------")] + [
            (p.code, p.name) for p in provinces
        ]
        # A row of the table fits a phone's width: the counts are short.
        self.fields["province"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("households", "children"):
            self.fields[name].widget.attrs.update(
                {"class": "form-control form-control-sm", "size": 6}
            )

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province")
        counts = cleaned.get("households") or cleaned.get("children")
        if counts and not province:
            self.add_error(
                "province",
                forms.ValidationError(
                    _("Choose the province of these households."), code="province"
                ),
            )
        if province and cleaned.get("households") is None:
            self.add_error(
                "households",
                forms.ValidationError(
                    _("How many female-headed households in this province?"),
                    code="households",
                ),
            )
        return cleaned


class BaseReachFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self.provinces = provinces_in_language_order()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"provinces": self.provinces}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            provinces=self.provinces,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        seen = set()
        for form in self.forms:
            province = form.cleaned_data.get("province") if form.is_valid() else None
            if province is None:
                continue
            if province.pk in seen:
                form.add_error(
                    "province",
                    forms.ValidationError(
                        _("%(province)s is already in the table."),
                        code="duplicate",
                        params={"province": province.name},
                    ),
                )
            seen.add(province.pk)

    def rows(self) -> list[dict]:
        """The filled rows, as ``delivery.services.report_submit`` takes them."""
        return [
            {
                "province": form.cleaned_data["province"],
                "households": form.cleaned_data["households"],
                "children": form.cleaned_data.get("children") or 0,
            }
            for form in self.forms
            if form.cleaned_data.get("province")
        ]


ReachFormSet = forms.formset_factory(
    ReachForm, formset=BaseReachFormSet, extra=2, max_num=31, validate_max=True
)


def reach_formset(*, data=None, report=None, provinces=(), prefix="reach"):
    """The table of households reached: a report's rows, or one row per
    province of the plan, and two blank rows to add more."""
    if report is not None:
        initial = [
            {
                "province": row.province_id,
                "households": row.households,
                "children": row.children,
            }
            for row in report.reach.all()
        ]
    else:
        initial = [{"province": p.pk} for p in provinces]
    return ReachFormSet(data, initial=initial, prefix=prefix)
