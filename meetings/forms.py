"""Forms of the meeting record: the archive's search and the secretaries' acts."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MoveForm
from core.forms import JalaliDateField, JalaliSplitDateTimeField, TextInputMixin
from core.l10n import localize_digits, to_ascii_digits
from meetings.models import Decision


class MeetingSearchForm(TextInputMixin, forms.Form):
    """The archive's filters: words to look for and a Jalali year.

    A bad value (``?year=abc``) makes the form invalid; the view then shows
    the error and ignores that filter, never a server error.
    """

    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("from a title, the agenda or what was said"),
    )
    # A plain field behind a select: any Jalali year typed into the address
    # is valid (a year without meetings finds none), not only those listed.
    year = forms.CharField(label=_("Year"), required=False, widget=forms.Select)

    FIRST_YEAR, LAST_YEAR = 1300, 1600

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.choices = [("", _("All years"))] + [
            (str(year), localize_digits(year)) for year in years
        ]

    def clean_year(self):
        value = to_ascii_digits(self.cleaned_data["year"]).strip()
        if not value:
            return None
        # Four ASCII digits at most before int(): "²" is a digit to isdigit()
        # but not to int(), and int() refuses thousands of digits.
        if (
            not (value.isascii() and value.isdigit() and len(value) <= 4)
            or not self.FIRST_YEAR <= int(value) <= self.LAST_YEAR
        ):
            raise ValidationError(
                _("That is not a year: choose one from the list."),
                code="invalid_year",
            )
        return int(value)


class NextMeetingForm(TextInputMixin, forms.Form):
    """What a secretary fills in to start the meeting after this one."""

    title = forms.CharField(label=_("Title"), max_length=300)
    starts_at = JalaliSplitDateTimeField(label=_("Starts at"))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)


class ActionItemMoveForm(MoveForm):
    """Following up an action item: the date it was done, and a note."""

    done_on = JalaliDateField(
        label=_("Done on"),
        required=False,
        help_text=_("leave empty for today"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("Note")
        if self.move.target == Decision.Status.DONE:
            self.fields["reason"].help_text = _(
                "what was done; kept in the meeting's history"
            )
            self.order_fields(["done_on", "reason"])
        else:
            del self.fields["done_on"]
