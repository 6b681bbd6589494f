from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import (
    JalaliDateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextInputMixin,
    limit_lengths,
    linked_to_contact,
)
from core.jalali import GREGORIAN_YEAR_THRESHOLD, today_jalali
from core.l10n import (
    format_number,
    jalali_year_starting,
    localize_digits,
    parse_integer,
)
from core.security import MAX_PASSWORD_LENGTH
from ngos.models import NGO, FocusArea, NGOChangeRequest, Province, Representative
from ngos.reference import provinces_in_language_order
from ngos.validators import (
    clean_digits,
    normalize_mobile,
    validate_legal_national_id,
    validate_mobile,
    validate_national_code,
    validate_phone,
    validate_postal_code,
)

# The longest texts an NGO's free-text fields take (their model fields are
# TextFields, which have no maximum): a few paragraphs of description.
NGO_TEXT_LIMITS = {"address": 500, "description": 5000}


class DigitsField(forms.CharField):
    """An identifier typed in any digits, with spaces or dashes if the user likes."""

    def __init__(self, *, clean=clean_digits, **kwargs):
        self.clean_value = clean
        kwargs.setdefault("widget", forms.TextInput(attrs={"dir": "ltr"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.clean_value(value) if value else value


class MobileField(DigitsField):
    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [validate_mobile])
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}
            ),
        )
        super().__init__(clean=normalize_mobile, **kwargs)


class PhoneField(DigitsField):
    """A landline or mobile number with its area code, in any digits, with
    spaces or dashes: the one phone field of the registration form, the
    admin's NGO page and the importer alike."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [validate_phone])
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}
            ),
        )
        super().__init__(**kwargs)


class FoundingYearField(forms.IntegerField):
    """A year typed Jalali (1385) or Gregorian (2006); kept as the Jalali year."""

    default_error_messages = {
        "invalid": _("Enter a year, such as 1385."),
        "short_year": _("Write the year in four digits, such as 1385."),
        "future": _("The founding year cannot be in the future."),
        "too_early": _("Enter a year after 1200 (Jalali) or 1821 (Gregorian)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        year = parse_integer(value)
        if year is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if 0 <= year < 1000:
            # "85" is not read as 1385: the century is the user's to say.
            raise forms.ValidationError(
                self.error_messages["short_year"], code="short_year"
            )
        if year >= GREGORIAN_YEAR_THRESHOLD:
            year = jalali_year_starting(year)
        return year

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > today_jalali().year:
            raise forms.ValidationError(self.error_messages["future"], code="future")
        if value < 1200:
            raise forms.ValidationError(
                self.error_messages["too_early"], code="too_early"
            )


#: Said to an applicant whose NGO's name differs from a registered one only
#: in spelling (letter forms, ZWNJ, spacing).
LIKELY_DUPLICATE_MESSAGE = _(
    "An NGO with almost the same name is already registered. If yours is a "
    "different organisation, tick the box under the name and send the form "
    "again; the registry office will check both."
)


class NGORegistrationForm(TextInputMixin, forms.ModelForm):
    """The public application: the NGO and its first representative, in one form."""

    text_limits = NGO_TEXT_LIMITS

    national_id = DigitsField(
        label=_("national ID"),
        max_length=20,
        validators=[validate_legal_national_id],
        help_text=_("the 11-digit national ID of the legal entity (شناسه ملی)"),
        # The public is told that it is taken, not by whom.
        error_messages={
            "unique": linked_to_contact(
                _(
                    "An NGO with this national ID is already registered. If "
                    'it is yours, <a href="%(url)s">contact the registry '
                    "office</a>."
                )
            )
        },
    )
    registration_date = JalaliDateField(
        label=_("registration date"), required=False, allow_future=False
    )
    founding_year = FoundingYearField(
        label=_("founding year"),
        required=False,
        help_text=_("Jalali (such as 1385) or Gregorian (such as 2006)"),
    )
    province = ModelChoiceField(label=_("province"), queryset=Province.objects.all())
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
    website = forms.URLField(
        label=_("website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    households_served = forms.CharField(
        label=_("households served last year"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        help_text=_("female-headed households served in the last year"),
    )
    focus_areas = ModelMultipleChoiceField(
        label=_("focus areas"),
        queryset=FocusArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    provinces_served = ModelMultipleChoiceField(
        label=_("provinces served"),
        queryset=Province.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Asked only when the name is a likely duplicate (see clean()).
    different_organisation = forms.BooleanField(
        label=_("Mine is a different organisation with a similar name"),
        required=False,
    )

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    role = forms.ChoiceField(
        label=_("your role in the NGO"),
        choices=[("", "---------"), *Representative.Role.choices],
    )
    national_code = DigitsField(
        label=_("your national code"),
        max_length=20,
        validators=[validate_national_code],
    )
    mobile = MobileField(
        label=_("your mobile number"),
        max_length=20,
        help_text=_("you will sign in with this number"),
    )
    representative_email = forms.EmailField(
        label=_("your e-mail"),
        max_length=254,
        help_text=_("we send the application's news here"),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("password"),
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("password again"),
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

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
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, self.text_limits)
        provinces = provinces_in_language_order()
        self.fields["province"].choices = [
            ("", "---------"),
            *[(p.pk, p.name) for p in provinces],
        ]
        self.fields["provinces_served"].choices = [(p.pk, p.name) for p in provinces]
        self.fields["description"].required = True
        name = self.data.get(self.add_prefix("name")) if self.is_bound else None
        self.likely_duplicate = NGO.objects.named_like(name).exists()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("The organisation"),
                "name",
                *(["different_organisation"] if self.likely_duplicate else []),
                "name_en",
                Div(
                    Div("national_id", css_class="col-md-6"),
                    Div("registration_number", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("registration_date", css_class="col-md-4"),
                    Div("founding_year", css_class="col-md-4"),
                    Div("licensing_authority", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Where to find it"),
                Div(
                    Div("province", css_class="col-md-6"),
                    Div("city", css_class="col-md-6"),
                    css_class="row",
                ),
                "address",
                Div(
                    Div("postal_code", css_class="col-md-6"),
                    Div("phone", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("website", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Its work"),
                "description",
                "focus_areas",
                "provinces_served",
                "households_served",
            ),
            Fieldset(
                _("You, the representative"),
                HTML(
                    format_html(
                        '<p class="text-body-secondary">{}</p>',
                        _(
                            "You will act for the NGO on this site once the "
                            "registry office has verified it."
                        ),
                    )
                ),
                Div(
                    Div("first_name", css_class="col-md-6"),
                    Div("last_name", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("role", css_class="col-md-6"),
                    Div("national_code", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("mobile", css_class="col-md-6"),
                    Div("representative_email", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("password1", css_class="col-md-6"),
                    Div("password2", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Submit("submit", _("Send the application"), css_class="btn-lg"),
        )

    def ask_for_passwords_again(self):
        """Say next to the password boxes that they are empty on purpose.

        A form sent back (with errors, or over the rate limit) keeps what
        was typed except the passwords: a password is never written into a
        page, where the browser's cache or history could keep it.
        """
        note = _(
            "For your safety the password is not kept: type it again in both boxes."
        )
        self.fields["password1"].help_text = note
        # The bound field, made while the form was checked, has its own copy.
        self["password1"].help_text = note

    def clean_households_served(self):
        value = self.cleaned_data["households_served"]
        if value in ("", None):
            return None
        number = parse_integer(value)
        if number is None or number < 0:
            raise forms.ValidationError(
                _("Enter a whole number, such as 120."), code="invalid"
            )
        return number

    def clean_national_code(self):
        code = self.cleaned_data["national_code"]
        if Representative.objects.filter(national_code=code).exists():
            raise forms.ValidationError(
                _("A representative with this national code is already registered."),
                code="duplicate",
            )
        return code

    def clean_mobile(self):
        mobile = self.cleaned_data["mobile"]
        if User.objects.filter(username=mobile).exists():
            raise forms.ValidationError(
                _(
                    "This mobile number already has an account. Sign in, or "
                    "reset your password if you have forgotten it."
                ),
                code="duplicate",
            )
        return mobile

    def clean(self):
        cleaned = super().clean()
        # Not refused: names are not unique in law (the national ID is), and
        # two organisations in two provinces may well share one. Refused, an
        # applicant would only bend the name past the check; asked, they
        # keep the true name and the registry officer sees both.
        if self.likely_duplicate and not cleaned.get("different_organisation"):
            self.add_error(
                "name",
                forms.ValidationError(LIKELY_DUPLICATE_MESSAGE, code="duplicate"),
            )
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("The two passwords differ."), code="password_mismatch"
                ),
            )
        elif password1:
            candidate = User(
                username=cleaned.get("mobile") or "",
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
                email=cleaned.get("representative_email") or "",
            )
            try:
                validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class NGOChangeRequestForm(TextInputMixin, forms.ModelForm):
    """What a representative asks to change: the registration form's fields,
    validated the same way, filled in with what the registry holds now."""

    text_limits = {"address": NGO_TEXT_LIMITS["address"]}

    phone = NGORegistrationForm.base_fields["phone"]
    website = NGORegistrationForm.base_fields["website"]
    households_served = NGORegistrationForm.base_fields["households_served"]
    provinces_served = NGORegistrationForm.base_fields["provinces_served"]
    clean_households_served = NGORegistrationForm.clean_households_served

    class Meta:
        model = NGOChangeRequest
        fields = list(NGOChangeRequest.FIELDS)
        widgets = {
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, ngo: NGO, **kwargs):
        if (args[0] if args else kwargs.get("data")) is None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(ngo, name) for name in NGOChangeRequest.FIELDS},
                    # Numbers as the reader writes them; any digits are read back.
                    "phone": localize_digits(ngo.phone),
                    "households_served": format_number(ngo.households_served),
                    "provinces_served": [p.pk for p in ngo.provinces_served.all()],
                },
            )
        super().__init__(*args, **kwargs)
        limit_lengths(self, self.text_limits)
        self.fields["provinces_served"].choices = [
            (p.pk, p.name) for p in provinces_in_language_order()
        ]
        # Labels as headings, like those ModelForm takes from the model.
        for field in self.fields.values():
            field.label = capfirst(field.label)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's error summary lists the form's own errors.
        self.helper.template = "includes/_crispy_fields.html"
        self.helper.layout = Layout(
            Fieldset(
                _("How to reach the NGO"),
                Div(
                    Div("phone", css_class="col-md-6"),
                    Div("email", css_class="col-md-6"),
                    css_class="row",
                ),
                "website",
                "address",
            ),
            Fieldset(_("Its work"), "provinces_served", "households_served"),
            Submit("send", _("Send the request")),
        )
