"""An NGO whose name differs from another's only in spelling is a likely duplicate."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from ngos.forms import LIKELY_DUPLICATE_MESSAGE
from ngos.models import NGO
from tests.factories import NGOFactory
from tests.ngos.test_views import registration_data

pytestmark = pytest.mark.django_db

# Arabic yeh and kaf, a ZWNJ and double spaces: the same name to a reader.
TYPED = "انجمن يارى  زنان كرمان"
EXISTING = "انجمن‌یاری زنان کرمان"


def test_names_that_differ_only_in_letter_forms_spacing_and_zwnj_share_a_key():
    first = NGOFactory(name=EXISTING)
    second = NGOFactory(name=TYPED)
    assert first.name_key == second.name_key != ""
    assert set(NGO.objects.likely_duplicates()) == {first, second}


def test_the_applicant_is_asked_to_confirm_a_likely_duplicate(client):
    NGOFactory(name=EXISTING)
    response = client.post(reverse("ngos:register"), registration_data(name=TYPED))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == [str(LIKELY_DUPLICATE_MESSAGE)]
    html = response.content.decode()
    assert 'name="different_organisation"' in html
    assert NGO.objects.count() == 1


def test_a_confirmed_different_organisation_is_registered(client):
    NGOFactory(name=EXISTING)
    response = client.post(
        reverse("ngos:register"),
        registration_data(name=TYPED, different_organisation="on"),
    )
    assert response.status_code == 302
    assert NGO.objects.count() == 2


def test_a_name_of_its_own_is_registered_without_the_question(client):
    NGOFactory(name="کانون دیگری")
    page = client.get(reverse("ngos:register")).content.decode()
    assert 'name="different_organisation"' not in page
    response = client.post(reverse("ngos:register"), registration_data())
    assert response.status_code == 302


def test_the_officer_sees_a_warning_and_can_list_likely_duplicates(
    client, registry_officer
):
    client.force_login(registry_officer)
    first = NGOFactory(name=EXISTING)
    second = NGOFactory(name=TYPED)
    alone = NGOFactory(name="کانون دیگری")
    page = client.get(reverse("admin:ngos_ngo_change", args=[second.pk]))
    html = page.content.decode()
    assert _("Likely duplicate") in html
    assert reverse("admin:ngos_ngo_change", args=[first.pk]) in html
    listing = client.get(reverse("admin:ngos_ngo_changelist"), {"duplicates": "yes"})
    assert set(listing.context["cl"].result_list) == {first, second}
    assert alone not in listing.context["cl"].result_list
    assert (
        client.get(reverse("admin:ngos_ngo_change", args=[alone.pk]))
        .content.decode()
        .count(_("Likely duplicate"))
        == 0
    )


def test_a_name_with_a_nul_character_is_looked_up_without_failing():
    """The lookup runs on the raw name, before the form cleans it."""
    NGOFactory(name="انجمن امید")
    assert list(NGO.objects.named_like("انجمن\x00 امید")) == list(
        NGO.objects.named_like("انجمن امید")
    )
