"""Django's password rules, with the numbers in their messages written in
the reader's digits («دست‌کم ۸ نویسه»).

Django formats the minimum length into its messages with ``%d`` before
anyone can change the digits; these subclasses write the finished message
again in Persian digits when the page is Persian. The rules themselves are
Django's, unchanged. ``settings.AUTH_PASSWORD_VALIDATORS`` names them.
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from core.l10n import localize_digits


class LocalizedDigitsMixin:
    """Messages and help text with the active language's digits."""

    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(
                [
                    ValidationError(
                        localize_digits(
                            item.message % item.params if item.params else item.message
                        ),
                        code=item.code,
                    )
                    for item in error.error_list
                ]
            ) from None

    def get_help_text(self):
        return localize_digits(super().get_help_text())


class UserAttributeSimilarityValidator(
    LocalizedDigitsMixin, password_validation.UserAttributeSimilarityValidator
):
    pass


class MinimumLengthValidator(
    LocalizedDigitsMixin, password_validation.MinimumLengthValidator
):
    pass


class CommonPasswordValidator(
    LocalizedDigitsMixin, password_validation.CommonPasswordValidator
):
    pass


class NumericPasswordValidator(
    LocalizedDigitsMixin, password_validation.NumericPasswordValidator
):
    pass
