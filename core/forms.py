"""Form fields that read and show dates the way Persian users write them,
and what every form of the site does to the text people type.

Every form of the site mixes in :class:`TextInputMixin` (the admin's model
fields use :class:`TextField` through ``core.admin_site``): the characters
that reorder text (``core.persian.BIDI_CONTROLS``) are removed from
whatever is typed, before any field reads it.
"""

import calendar
import datetime
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.jalali import (
    GREGORIAN_YEAR_THRESHOLD,
    InvalidDate,
    format_short_date,
    month_length,
    parse_date,
)
from core.l10n import is_persian, localize_digits, to_ascii_digits
from core.mail import send_in_background
from core.persian import strip_bidi_controls
from core.security import (
    MAX_PASSWORD_LENGTH,
    MAX_USERNAME_LENGTH,
    normalize_login_username,
)


def without_bidi_controls(data, keep=()):
    """A copy of submitted ``data`` whose values have no bidi controls.

    ``data`` is a ``QueryDict`` (or any multi-value dict) or a plain dict, as
    forms receive it; the keys in ``keep`` (passwords) stay as typed.
    """
    if hasattr(data, "setlist"):
        cleaned = data.copy()
        for key, values in data.lists():
            if key not in keep:
                cleaned.setlist(key, [strip_bidi_controls(v) for v in values])
        return cleaned
    return {
        key: value if key in keep else strip_bidi_controls(value)
        for key, value in data.items()
    }


def localize_error_numbers(errors) -> None:
    """Numbers in error messages in the page's digits, in place.

    Django writes the numbers it puts into its messages (``%(limit_value)d``
    of "at most 500 characters") in Latin digits, which look out of place in
    a Persian sentence. A message with a number among its values is written
    out and its digits made Persian; messages without one are left alone.
    """
    if not is_persian():
        return
    for error_list in errors.values():
        for error in error_list.as_data():
            params = error.params if isinstance(error.params, dict) else {}
            if not any(
                isinstance(value, int | float | Decimal) and not isinstance(value, bool)
                for value in params.values()
            ):
                continue
            error.message = localize_digits(error.message % params)
            error.params = None


class TextInputMixin:
    """For every form: what is typed reaches the fields without bidi controls.

    A name holding a right-to-left override (U+202E) would reverse what
    follows it wherever it is shown; such characters are never needed to
    write a name or a sentence, so they are removed from the submitted data
    before any field or ``clean_*`` method sees it. The zero-width non-joiner
    Persian needs is kept, and so are passwords, which are not shown and
    must be checked exactly as typed.
    """

    def full_clean(self):
        super().full_clean()
        if self._errors:
            localize_error_numbers(self._errors)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            secret = {
                self.add_prefix(name)
                for name, field in self.fields.items()
                if isinstance(field.widget, forms.PasswordInput)
            }
            self.data = without_bidi_controls(self.data, keep=secret)


class TextField(forms.CharField):
    """A text field that removes bidi controls, for forms built field by field
    (the admin's, through its ``formfield_overrides``)."""

    def to_python(self, value):
        return super().to_python(strip_bidi_controls(value))


class JalaliDateInput(forms.TextInput):
    """A text box that shows a date as ``۱۳۹۶/۱۰/۱۸`` in Persian.

    Text the user typed is shown back unchanged when the form has errors, so
    nothing typed is lost. An empty box shows the order of the parts as a
    hint («سال/ماه/روز», "YYYY-MM-DD"), never a date: a placeholder that
    looks like a date looks like a value already filled in.
    """

    def __init__(self, attrs=None):
        # Dates read left to right even in a right-to-left page.
        # ``data-jalali-picker``: the admin opens a Jalali calendar on it
        # (static/js/jalali-datepicker.js).
        defaults = {
            "dir": "ltr",
            "autocomplete": "off",
            "class": "jalali-date",
            "data-jalali-picker": "",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_short_date(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        if "placeholder" not in widget_attrs:
            # Translators: the hint in an empty date box, in the order the
            # parts are typed; the box reads left to right, so the year is
            # written first.
            widget_attrs["placeholder"] = _("YYYY-MM-DD")
        return context


class JalaliDateField(forms.DateField):
    """A date typed as year/month/day, Jalali or Gregorian, in any digits.

    ``1396/10/18``, ``۱۳۹۶/۱۰/۱۸``, ``١٣٩٦/١٠/١٨``, ``1396-10-18`` and
    ``2018-01-08`` are the same day. A day that does not exist (1400/12/30)
    gets a message that says why, and so does a year not written in four
    digits (``95/02/31``). With ``allow_future=False`` a day after today
    (in Tehran) is refused: a registration or a done date cannot be ahead.
    """

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter the date as year/month/day, for example %(example)s."),
        "short_year": _("Write the year in four digits, for example %(example)s."),
        "future": _("%(value)s is in the future: enter a day up to today, %(today)s."),
        "no_such_month": _("There is no month %(month)s: months run from 1 to 12."),
        "no_such_day": _(
            "%(value)s does not exist: month %(month)s of %(year)s has %(days)s days."
        ),
    }

    def __init__(self, *, allow_future=True, **kwargs):
        self.allow_future = allow_future
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except InvalidDate as error:
            raise self._error(error, str(value)) from None

    def validate(self, value):
        super().validate(value)
        today = timezone.localdate()
        if value is not None and not self.allow_future and value > today:
            raise ValidationError(
                self.error_messages["future"],
                code="future",
                params={
                    "value": format_short_date(value),
                    "today": format_short_date(today),
                },
            )

    def _error(self, error: InvalidDate, value: str) -> ValidationError:
        if error.code in ("format", "short_year"):
            code = "invalid" if error.code == "format" else "short_year"
            example = "۱۳۹۶/۱۰/۱۸" if is_persian() else "2018-01-08"
            return ValidationError(
                self.error_messages[code], code=code, params={"example": example}
            )
        year, month = error.parts["year"], error.parts["month"]
        if not 1 <= month <= 12:
            return ValidationError(
                self.error_messages["no_such_month"],
                code="no_such_month",
                params={"month": localize_digits(month)},
            )
        if year < GREGORIAN_YEAR_THRESHOLD:
            days = month_length(year, month)
        else:
            days = calendar.monthrange(year, month)[1]
        return ValidationError(
            self.error_messages["no_such_day"],
            code="no_such_day",
            params={
                "value": localize_digits(to_ascii_digits(value).strip()),
                "year": localize_digits(year),
                "month": localize_digits(month),
                "days": localize_digits(days),
            },
        )


class LocalizedTimeField(forms.TimeField):
    """A time of day that also accepts Persian and Arabic-Indic digits."""

    default_error_messages = {
        "invalid": _("Enter the time as hours:minutes, for example 10:30."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)


class JalaliSplitDateTimeWidget(forms.MultiWidget):
    """A Jalali date box and a time box, each with its own accessible name."""

    def __init__(self, attrs=None):
        widgets = (
            JalaliDateInput(attrs={"aria-label": _("date")}),
            forms.TimeInput(
                format="%H:%M",
                attrs={
                    "dir": "ltr",
                    "aria-label": _("time"),
                    "placeholder": "10:30",
                    "class": "jalali-time",
                },
            ),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return [value.date(), value.time().replace(second=0, microsecond=0)]
        return [None, None]


class JalaliSplitDateTimeField(forms.SplitDateTimeField):
    """Date (Jalali) and time (Tehran) in two boxes, combined to an aware value."""

    widget = JalaliSplitDateTimeWidget

    def __init__(self, **kwargs):
        # SplitDateTimeField would build Gregorian sub-fields; build ours.
        kwargs.pop("input_date_formats", None)
        kwargs.pop("input_time_formats", None)
        fields = (JalaliDateField(), LocalizedTimeField())
        forms.MultiValueField.__init__(self, fields, **kwargs)


def limit_lengths(form, limits: dict) -> None:
    """Give text fields of ``form`` a maximum length: ``{name: characters}``.

    For the fields that have none from their model (a ``TextField``) or
    their class (Django's password fields). A longer text is refused next
    to its field with Django's translated message, which says how long it
    is, and the rest of the form is kept; the browser stops typing at the
    limit, as it does for any field with a ``max_length``.
    """
    for name, limit in limits.items():
        field = form.fields[name]
        field.max_length = limit
        field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs.update(field.widget_attrs(field.widget))


def clean_login_username(form) -> str:
    """A sign-in form's username, normalised, or the usual refusal.

    Django's sign-in form sets the field's ``max_length`` after building it,
    so the length is never checked; a username of thousands of characters
    would reach the database.
    """
    username = normalize_login_username(form.cleaned_data.get("username", ""))
    if len(username) > MAX_USERNAME_LENGTH:
        raise ValidationError(
            form.error_messages["invalid_login"],
            code="invalid_login",
            params={"username": form.username_field.verbose_name},
        )
    return username


class SignInForm(AuthenticationForm):
    """The public sign-in form, for representatives.

    Representatives sign in with their mobile number, which may be typed as
    ``۰۹۱۲…``, ``+98 912 …`` or with spaces. Staff and superusers are
    refused here: they sign in on the admin's page, which asks for the
    two-step code, so no staff session ever begins with the password alone
    on this one.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "staff_account": _(
            "This is a staff account. Staff sign in on the staff sign-in "
            "page, which also asks for the two-step code."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, {"password": MAX_PASSWORD_LENGTH})
        # Any representative may give their mobile number, whatever their
        # username (ngos.backends.RepresentativeMobileBackend).
        self.fields["username"].label = _("mobile number or username")

    def clean_username(self):
        return clean_login_username(self)

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser:
            from core import audit

            audit.log(
                "login.staff_refused",
                request=self.request,
                user=None,
                username=user.get_username(),
            )
            raise ValidationError(
                self.error_messages["staff_account"], code="staff_account"
            )


class ResetPasswordForm(PasswordResetForm):
    """Django's password reset form, whose mail goes out after the answer.

    The mail is sent only when the address belongs to an account, and a
    mail server takes its time; sent within the request, the time of the
    answer would tell whether an address has an account. The request looks
    the address up and hands whatever there is to send, perhaps nothing,
    to a background thread, so both cases do the same work before
    answering.
    """

    def save(self, *args, **kwargs):
        self._outgoing = []
        super().save(*args, **kwargs)
        outgoing, self._outgoing = self._outgoing, []

        def send_all():
            for send in outgoing:
                send()

        send_in_background(send_all)

    def send_mail(self, *args, **kwargs):
        # Rendered and sent by save()'s thread, not now.
        parent = super().send_mail
        self._outgoing.append(lambda: parent(*args, **kwargs))


# The largest value of a 64-bit primary key.
_MAX_PK = 2**63 - 1


def _invalid_pk(queryset, value) -> bool:
    """An integer primary key the database could not even compare."""
    if queryset.model._meta.pk.get_internal_type() not in (
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    ):
        return False
    text = str(value).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return True
    return int(text) > _MAX_PK


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, refusing a huge number as a choice.

    Django hands ``99999999999999999999`` to the database, which fails
    (SQLite overflows, PostgreSQL reports a range error): a server error
    for a value anyone can type. Here it is an invalid choice like any
    other unknown value.
    """

    def to_python(self, value):
        if value not in self.empty_values and _invalid_pk(self.queryset, value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing huge numbers as choices."""

    def _check_values(self, value):
        for pk in value:
            if _invalid_pk(self.queryset, pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def _with_contact_link(message) -> SafeString:
    # The message is ours (a translation), the address is escaped.
    return mark_safe(str(message) % {"url": escape(reverse("contact"))})


#: ``linked_to_contact(_("… <a href=\"%(url)s\">contact the registry
#: office</a>."))``: a message that sends people to the contact page, as
#: HTML that stays safe when a form error or a notice renders it.
linked_to_contact = lazy(_with_contact_link, SafeString)
