"""About, contact and privacy: the pages that say who runs the site, how to
reach them and what is kept about people."""

import pytest
from django.urls import reverse

from core.models import SiteContact
from tests.factories import NGOFactory, RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/about/", "/contact/", "/privacy/"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_answer_in_both_languages_and_every_page_links_to_them(
    client, path, prefix
):
    html = client.get(prefix + path).content.decode()
    for name in ("about", "contact", "privacy"):
        assert f'<a href="{prefix}/{name}/">' in html


def test_the_contact_page_shows_both_offices_from_the_admins_settings(client):
    html = client.get("/contact/").content.decode()
    # What the data migration starts with.
    assert "دفتر ثبت سازمان‌های مردم‌نهاد" in html
    assert "شنبه تا چهارشنبه، ساعت ۸ تا ۱۴" in html
    contact = SiteContact.load()
    contact.registry_phone = "021-88776655"
    contact.registry_email = "registry@ministry.example"
    contact.save()
    html = client.get("/contact/").content.decode()
    assert '<a href="tel:02188776655" class="ltr">۰۲۱-۸۸۷۷۶۶۵۵</a>' in html
    assert (
        '<a href="mailto:registry@ministry.example" class="ltr">'
        "registry@ministry.example</a>"
    ) in html


def test_english_contact_page_gives_english_text_and_marks_what_is_persian(client):
    html = client.get("/en/contact/").content.decode()
    assert "NGO registry office, Social Affairs Organization" in html
    assert "Saturday to Wednesday, 8:00 to 14:00" in html
    contact = SiteContact.load()
    contact.secretariat_hours_en = ""
    contact.save()
    html = client.get("/en/contact/").content.decode()
    assert '<span lang="fa" dir="rtl">شنبه تا چهارشنبه، ساعت ۸ تا ۱۴</span>' in html


def test_contact_details_not_given_say_so(client):
    SiteContact.objects.all().delete()
    html = client.get("/en/contact/").content.decode()
    assert html.count("not published yet") == 8
    # Reading the page writes nothing.
    assert not SiteContact.objects.exists()


def test_there_is_only_one_contact_row():
    first = SiteContact.load()
    first.save()
    SiteContact(registry_phone="021-1").save()
    assert SiteContact.objects.count() == 1
    assert SiteContact.load().registry_phone == "021-1"


def test_the_privacy_page_names_what_is_kept_and_for_how_long(client):
    html = client.get("/en/privacy/").content.decode()
    for kept in (
        "mobile number",
        "e-mail address",
        "national code",
        "Every sign-in and sign-out, and every failed attempt",
        "audit trail",
        "the files you attach",
        "never deleted",
        "Who sees it",
    ):
        assert kept in html


def test_the_home_page_leads_to_the_registration_form(client):
    html = client.get("/en/").content.decode()
    assert '<a class="btn btn-primary" href="/en/ngos/register/">' in html
    assert 'href="/en/about/#take-part"' in html


def test_a_taken_national_id_links_to_the_contact_page(client):
    from ngos.forms import NGORegistrationForm

    ngo = NGOFactory()
    form = NGORegistrationForm(data={"national_id": ngo.national_id})
    assert not form.is_valid()
    error = form.errors["national_id"][0]
    assert '<a href="/contact/">' in error
    html = form.errors["national_id"].as_ul()
    assert '<a href="/contact/">' in html  # not escaped


def test_an_inactive_representative_is_sent_to_the_contact_page():
    from django.template import Context, Template
    from django.utils import timezone

    from proposals.views import _cannot_act_reason

    representative = RepresentativeFactory(ngo=NGOFactory(), approved_at=timezone.now())
    representative.user.is_active = False
    reason = _cannot_act_reason(representative.user)
    html = Template("{{ reason }}").render(Context({"reason": reason}))
    assert '<a href="/contact/">' in html


def test_a_rejected_applicant_is_sent_to_the_contact_page(client):
    representative = RepresentativeFactory(ngo=NGOFactory(status="rejected"))
    client.force_login(representative.user)
    html = client.get(reverse("ngos:application")).content.decode()
    assert '<a href="/contact/">' in html


def test_the_contact_details_admin_is_one_page_never_added_or_deleted(
    client, superuser
):
    client.force_login(superuser)
    contact = SiteContact.load()
    listing = client.get("/admin/core/sitecontact/").content.decode()
    assert f'href="/admin/core/sitecontact/{contact.pk}/change/"' in listing
    assert "/admin/core/sitecontact/add/" not in listing
    assert client.get("/admin/core/sitecontact/add/").status_code == 403
    page = client.get(f"/admin/core/sitecontact/{contact.pk}/change/")
    assert page.status_code == 200
    assert "deletelink" not in page.content.decode()
    assert (
        client.get(f"/admin/core/sitecontact/{contact.pk}/delete/").status_code == 403
    )
