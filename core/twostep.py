"""Two-step sign-in for staff: a password, then a code from an app.

Staff set it up once on the "two-step sign-in" page (scan a QR code with
any TOTP authenticator app, type one code). From then on the admin asks for
a code at every sign-in. ``STAFF_OTP_REQUIRED`` makes it compulsory: staff
who have not set it up are sent to that page before they can use the admin.

Staff sign in on the admin's sign-in page only (the public one refuses
them), and a staff session that owes the code has no staff power anywhere
(:func:`owes_second_step`, checked once for every page by
``core.middleware.SecondStepRequired`` and by the admin site).
"""

from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from core.forms import clean_login_username, limit_lengths
from core.l10n import to_ascii_digits
from core.security import MAX_PASSWORD_LENGTH


def needs_second_step(user) -> bool:
    """Whether this staff member must give a code to use the admin."""
    return settings.STAFF_OTP_REQUIRED or user_has_device(user, confirmed=True)


def owes_second_step(request) -> bool:
    """Whether this is a staff session that has not given its code.

    Staff (and superusers) who must give a code (:func:`needs_second_step`)
    but whose session was signed in with the password alone: a session
    from before they set two-step sign-in up, or one that signed in on the
    admin to set it up now that it is compulsory. Such a session may finish
    signing in, set two-step sign-in up and sign out; nothing else.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if not (user.is_staff or user.is_superuser):
        return False
    # Without django-otp's middleware no session counts as verified.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    # Asked several times a page (the middleware, then the admin); the answer
    # needs a query.
    if not hasattr(request, "_needs_second_step"):
        request._needs_second_step = needs_second_step(user)
    return request._needs_second_step


def must_enrol(user) -> bool:
    return (
        user.is_authenticated
        and user.is_staff
        and settings.STAFF_OTP_REQUIRED
        and not user_has_device(user, confirmed=True)
    )


class StaffSignInForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin's sign-in form: the code is asked for once it is set up."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the six-digit code from your authenticator app."),
        "invalid_token": _("That code is not right, or has expired. Try the next one."),
    }
    otp_device = forms.CharField(
        required=False, max_length=200, widget=forms.HiddenInput
    )
    otp_challenge = forms.CharField(
        required=False, max_length=200, widget=forms.HiddenInput
    )
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=12,
        help_text=_("Only if you have set up two-step sign-in."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_lengths(self, {"password": MAX_PASSWORD_LENGTH})

    def clean_username(self):
        return clean_login_username(self)

    def _chosen_device(self, user):
        # Each staff member has one authenticator (setting up a new phone
        # replaces the old one), so there is nothing to choose.
        return TOTPDevice.objects.filter(user=user, confirmed=True).first()

    def clean_otp_token(self):
        return to_ascii_digits(self.cleaned_data.get("otp_token", "")).strip()

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            self.clean_otp(user)
        return cleaned


class EnrolForm(forms.Form):
    token = forms.CharField(
        label=_("The code your app shows now"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
            }
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self):
        token = to_ascii_digits(self.cleaned_data["token"]).strip()
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _(
                    "That code is not right. Check the time on your phone "
                    "and try again."
                ),
                code="invalid_token",
            )
        return token


# The key of the authenticator being set up, until a code confirms it.
PENDING_KEY_SESSION_KEY = "two_step_pending_key"


def device_being_set_up(request, *, save: bool) -> TOTPDevice:
    """The authenticator that ``request.user`` is setting up in this session.

    Its key waits in the session, so opening the set-up page writes no
    device, and reloading the page shows the same QR code as before (a
    phone that scanned it still gives the right codes). The device's row is
    written only with ``save``, when a code is sent: from then on wrong
    codes are throttled on it.
    """
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if key is None:
        key = request.session[PENDING_KEY_SESSION_KEY] = random_hex(20)
    values = {"user": request.user, "key": key, "confirmed": False}
    name = str(_("authenticator app"))
    if save:
        return TOTPDevice.objects.get_or_create(**values, defaults={"name": name})[0]
    return TOTPDevice(**values, name=name)


def forget_device_being_set_up(request) -> None:
    request.session.pop(PENDING_KEY_SESSION_KEY, None)


def secret_of(device: TOTPDevice) -> str:
    """The key in base32, for apps set up by typing instead of scanning."""
    return b32encode(device.bin_key).decode()


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's setup link as a QR code image (an SVG data URI)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)
