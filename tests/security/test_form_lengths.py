"""Every free-text field of the public and NGO forms has a maximum length.

A text over the limit is a message next to its field, with everything
else kept, instead of a request too large to read (a bare 400 that loses
the whole form). The forms are listed here; each of their text fields is
checked, so a field added later is covered.
"""

import pytest
from django import forms

from core.admin_moves import MoveForm
from core.forms import ResetPasswordForm, SignInForm
from core.transitions import Move
from core.twostep import EnrolForm, StaffSignInForm
from meetings.forms import ActionItemMoveForm, MeetingSearchForm, NextMeetingForm
from ngos.forms import NGORegistrationForm
from ngos.importing import NGOImportRowForm
from ngos.views import DirectoryFilterForm
from proposals.forms import ProposalForm

pytestmark = pytest.mark.django_db

FORMS = {
    "registration": lambda: NGORegistrationForm(),
    "import row": lambda: NGOImportRowForm(provinces={}, focus_areas={}),
    "directory": lambda: DirectoryFilterForm(provinces=[], focus_areas=[]),
    "proposal": lambda: ProposalForm(),
    "meeting search": lambda: MeetingSearchForm(),
    "next meeting": lambda: NextMeetingForm(),
    "action item done": lambda: ActionItemMoveForm(
        move=Move("mark_done", "open", "done", "done")
    ),
    "sign-in": lambda: SignInForm(),
    "password reset": lambda: ResetPasswordForm(),
    "staff sign-in": lambda: StaffSignInForm(),
    "two-step": lambda: EnrolForm(device=None),
    "move": lambda: MoveForm(move=Move("go", "a", "b", "go", reason_required=True)),
}


@pytest.mark.parametrize("make", FORMS.values(), ids=FORMS.keys())
def test_every_text_field_has_a_maximum_length(make):
    form = make()
    unbounded = [
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.Select)
        and field.max_length is None
    ]
    assert unbounded == []
