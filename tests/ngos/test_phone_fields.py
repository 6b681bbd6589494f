"""One phone field everywhere: Persian digits, spaces and dashes are accepted
alike by the registration form, the admin's NGO page and the importer, and
representatives' numbers likewise in the admin."""

import pytest
from django.urls import reverse

from ngos.admin.forms import NGOAdminForm, RepresentativeAdminForm
from ngos.forms import NGORegistrationForm, PhoneField
from ngos.importing import NGOImportRowForm
from tests.factories import NGOFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db

TYPED = ["۰۲۱-۸۸۸۸ ۷۷۷۷", "021-8888-7777", "٠٢١ ٨٨٨٨ ٧٧٧٧", "02188887777"]


@pytest.mark.parametrize(
    "form_class", [NGORegistrationForm, NGOAdminForm, NGOImportRowForm]
)
def test_every_ngo_form_has_the_one_phone_field(form_class):
    assert type(form_class.base_fields["phone"]) is PhoneField


@pytest.mark.parametrize("typed", TYPED)
def test_the_phone_field_takes_any_digits_and_dashes(typed):
    assert PhoneField().clean(typed) == "02188887777"


def admin_form_data(response):
    """What the change page's form would send back as it is shown."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not False:
                data[bound.html_name] = str(value)
    return data


@pytest.mark.parametrize("typed", TYPED)
def test_the_admin_ngo_page_takes_a_phone_in_persian_digits(
    client, registry_officer, typed
):
    ngo = NGOFactory(focus_areas=["health"])
    client.force_login(registry_officer)
    url = reverse("admin:ngos_ngo_change", args=[ngo.pk])
    data = admin_form_data(client.get(url))
    data["phone"] = typed
    data["postal_code"] = "۱۳۱۴۶-۶۷۸۹۱"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ngo.refresh_from_db()
    assert (ngo.phone, ngo.postal_code) == ("02188887777", "1314667891")


def test_a_wrong_phone_is_still_refused_in_the_admin(client, registry_officer):
    ngo = NGOFactory(focus_areas=["health"])
    client.force_login(registry_officer)
    url = reverse("admin:ngos_ngo_change", args=[ngo.pk])
    data = {**admin_form_data(client.get(url)), "phone": "۸۸۸۸-۷۷۷۷"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["phone"]
    assert response.context["adminform"].form["phone"].value() == "۸۸۸۸-۷۷۷۷"


def test_a_representative_mobile_in_persian_digits_is_taken_in_the_admin(
    client, registry_officer
):
    rep = RepresentativeFactory()
    client.force_login(registry_officer)
    url = reverse("admin:ngos_representative_change", args=[rep.pk])
    data = admin_form_data(client.get(url))
    data["mobile"] = "۰۹۱۲-۳۴۵ ۶۷۸۹"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rep.refresh_from_db()
    assert rep.mobile == "09123456789"


def test_representative_rows_on_the_ngo_page_use_the_same_fields():
    from ngos.admin.inlines import RepresentativeInline

    assert RepresentativeInline.form is RepresentativeAdminForm
