"""Text that would reverse its neighbours: removed on input, isolated on output."""

import pytest
from django.urls import reverse

from core.persian import isolate, strip_bidi_controls
from ngos import importing
from ngos.models import NGO
from tests.factories import valid_legal_id
from tests.ngos.test_views import registration_data

pytestmark = pytest.mark.django_db

RLO = "\u202e"
ZWNJ = "\u200c"


def test_bidi_controls_are_removed_and_zwnj_kept():
    typed = f"انجمن{RLO} مردم{ZWNJ}نهاد\u2066x\u2069\u200f\u061c"
    assert strip_bidi_controls(typed) == f"انجمن مردم{ZWNJ}نهادx"


def test_isolate_wraps_in_first_strong_isolate_and_drops_controls():
    assert isolate(f"a{RLO}b") == "\u2068ab\u2069"


def test_a_name_typed_with_an_override_is_stored_without_it(client):
    data = registration_data(
        name=f"انجمن یاری{RLO} زنان کرمان",
        description=f"آموزش{RLO} مهارت به زنان سرپرست{ZWNJ}خانوار",
        first_name=f"لیلا{RLO}",
    )
    response = client.post(reverse("ngos:register"), data)
    assert response.status_code == 302
    ngo = NGO.objects.get()
    assert ngo.name == "انجمن یاری زنان کرمان"
    assert ngo.description == f"آموزش مهارت به زنان سرپرست{ZWNJ}خانوار"
    assert ngo.representatives.get().user.first_name == "لیلا"


def test_an_imported_name_is_stored_without_overrides():
    row = {
        "name": f"انجمن{RLO} یاری",
        "national_id": valid_legal_id(7),
        "province": "IR-08",
        "city": f"کرمان{RLO}",
    }
    (report,) = importing.check_rows([row])
    assert report.errors == []
    assert report.cleaned["name"] == "انجمن یاری"
    assert report.cleaned["city"] == "کرمان"


@pytest.mark.parametrize(
    ("model", "field"),
    [("ngos.NGO", "name"), ("ngos.NGO", "description"), ("auth.User", "first_name")],
)
def test_every_admin_text_field_removes_overrides(rf, superuser, model, field):
    from django.apps import apps
    from django.contrib.admin import site

    model = apps.get_model(model)
    request = rf.get("/")
    request.user = superuser
    model_admin = site._registry[model]
    form_field = model_admin.formfield_for_dbfield(
        model._meta.get_field(field), request
    )
    assert form_field.clean(f"انجمن{RLO} یاری") == "انجمن یاری"


def test_the_admin_keeps_email_and_url_fields_as_they_are(rf, superuser):
    from django import forms
    from django.contrib.admin import site

    request = rf.get("/")
    request.user = superuser
    model_admin = site._registry[NGO]
    email = model_admin.formfield_for_dbfield(NGO._meta.get_field("email"), request)
    assert isinstance(email, forms.EmailField)
    website = model_admin.formfield_for_dbfield(NGO._meta.get_field("website"), request)
    assert isinstance(website, forms.URLField)
