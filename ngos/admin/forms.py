"""The forms of the NGO admin: an NGO's page, a status move, an import."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MoveForm
from core.forms import TextInputMixin
from ngos import services
from ngos.forms import DigitsField, MobileField, PhoneField
from ngos.models import NGO, NGOStatusChange, Representative
from ngos.validators import (
    validate_legal_national_id,
    validate_national_code,
    validate_postal_code,
)


class NGOAdminForm(TextInputMixin, forms.ModelForm):
    national_id = DigitsField(
        label=_("national ID"),
        max_length=20,
        validators=[validate_legal_national_id],
    )
    # Typed in any digits, with spaces or dashes, like on the public form.
    postal_code = DigitsField(
        label=_("postal code"),
        required=False,
        max_length=20,
        validators=[validate_postal_code],
    )
    phone = PhoneField(
        label=_("phone"),
        required=False,
        help_text=_("with the area code, such as 021 8888 7777"),
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = NGO
        fields = [
            "name",
            "name_en",
            "national_id",
            "registration_number",
            "registration_date",
            "licensing_authority",
            "founding_year",
            "province",
            "city",
            "address",
            "postal_code",
            "phone",
            "email",
            "website",
            "description",
            "focus_areas",
            "provinces_served",
            "households_served",
        ]
        # Checkboxes instead of the admin's two-box selector: ten focus areas
        # and 31 provinces fit on the page, work without scripts, and the
        # selector's script gives its icons ARIA labels that a span may not
        # carry (axe: aria-prohibited-attr).
        widgets = {
            "focus_areas": forms.CheckboxSelectMultiple,
            "provinces_served": forms.CheckboxSelectMultiple(
                attrs={"class": "checkbox-columns"}
            ),
        }

    def clean_national_id(self):
        national_id = self.cleaned_data["national_id"]
        holder = (
            NGO.objects.filter(national_id=national_id)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if holder:
            raise ValidationError(
                _("This national ID is already registered to “%(name)s” (#%(pk)s)."),
                code="duplicate",
                params={"name": holder.name, "pk": holder.pk},
            )
        return national_id

    def validate_unique(self):
        # clean_national_id has said who holds a duplicate; skip the generic
        # message Django would add for the same field.
        exclude = self._get_validation_exclusions()
        exclude.add("national_id")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class RepresentativeAdminForm(TextInputMixin, forms.ModelForm):
    """A representative's page and row: the numbers typed as on the public
    form, in any digits, with spaces or dashes."""

    national_code = DigitsField(
        label=_("national code"),
        max_length=20,
        validators=[validate_national_code],
    )
    mobile = MobileField(label=_("mobile"))

    class Meta:
        model = Representative
        fields = ["role", "national_code", "mobile", "language"]


class NGOMoveForm(MoveForm):
    """A status move's reason, which the NGO is sent; to verify, what it rests on."""

    basis = forms.ChoiceField(
        label=_("verification basis"),
        choices=[*BLANK_CHOICE_DASH, *NGOStatusChange.Basis.choices],
    )
    evidence = forms.CharField(
        label=_("evidence"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("the document or check the verification rests on"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("kept in the history; the NGO sees it")
        if not services.needs_basis(source=self.move.source, target=self.move.target):
            del self.fields["basis"]
            del self.fields["evidence"]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("list of NGOs"),
        help_text=_("a .csv (UTF-8 or Windows-1256) or .xlsx file, at most 5 MB"),
    )
