"""Text that would reverse its neighbours: removed on input, isolated on output."""

import pytest
from django.urls import reverse

from core.persian import isolate, strip_bidi_controls
from ngos import importing
from ngos.models import NGO
from tests.factories import NGOFactory, valid_legal_id
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


# Output: text stored before the forms removed controls, or any text in a
# right-to-left page, is isolated from its neighbours.

FSI, PDI = "\u2068", "\u2069"
SPOOF = f"انجمن{RLO}یاری"


def title_of(html: str) -> str:
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def test_the_ngo_profile_isolates_the_name_in_title_breadcrumbs_and_heading(client):
    ngo = NGOFactory(name=SPOOF, status="verified")
    html = client.get(ngo.get_absolute_url()).content.decode()
    assert title_of(html).startswith(f"{FSI}انجمنیاری{PDI} ·")
    assert f"<bdi>{SPOOF}</bdi></li>" in html
    assert f'<h1 class="h2" dir="auto">{SPOOF}</h1>' in html


def test_the_directory_isolates_each_name(client):
    ngo = NGOFactory(name=SPOOF, status="verified")
    html = client.get(reverse("ngos:list")).content.decode()
    assert f'<a href="{ngo.get_absolute_url()}" dir="auto">{SPOOF}</a>' in html


def test_the_meeting_list_and_record_isolate_the_title(client):
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(title=SPOOF, approved=True)
    listing = client.get(reverse("meetings:list")).content.decode()
    assert f'dir="auto">{SPOOF}</a>' in listing
    record = client.get(meeting.get_absolute_url()).content.decode()
    assert title_of(record).startswith(f"{FSI}انجمنیاری{PDI}")
    assert f'<span dir="auto">{SPOOF}</span></li>' in record
    assert f'dir="auto">{SPOOF}</h1>' in record


def test_the_proposal_list_and_detail_isolate_titles_and_names(client, rep_a):
    from proposals.models import Proposal
    from tests.factories import ProposalFactory

    client.force_login(rep_a)
    ngo = rep_a.representative.ngo
    NGO.objects.filter(pk=ngo.pk).update(name=SPOOF)
    proposal = ProposalFactory(ngo=ngo, created_by=rep_a, title=SPOOF)
    listing = client.get(reverse("proposals:list")).content.decode()
    assert f'dir="auto">{SPOOF}</a>' in listing
    assert f'<p class="text-body-secondary" dir="auto">{SPOOF}</p>' in listing
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert title_of(detail).startswith(f"{FSI}انجمنیاری{PDI} ·")
    assert f"<bdi>{SPOOF}</bdi></li>" in detail
    assert f'<h1 class="h2" dir="auto">{SPOOF}</h1>' in detail
    assert f"<bdi>{SPOOF}</bdi>" in detail
    Proposal.objects.filter(pk=proposal.pk).update(
        status="approved", decided_at="2026-01-01T10:00:00Z"
    )
    client.logout()
    supported = client.get(reverse("proposals:supported")).content.decode()
    # The title links to the plan's page, inside the isolated heading.
    assert '<h2 class="h5 card-title" dir="auto"><a href=' in supported
    assert f">{SPOOF}</a></h2>" in supported
    assert f"<bdi>{SPOOF}</bdi></a>" in supported


def test_the_admin_isolates_the_name_in_title_and_breadcrumbs(client, superuser):
    ngo = NGOFactory(name=SPOOF)
    client.force_login(superuser)
    html = client.get(reverse("admin:ngos_ngo_change", args=[ngo.pk])).content
    html = html.decode()
    assert title_of(html).strip().startswith(f"{FSI}انجمنیاری{PDI} |")
    assert f"<bdi>{SPOOF}</bdi>\n</div>" in html
    history = client.get(reverse("admin:ngos_ngo_history", args=[ngo.pk]))
    assert f"<bdi>{SPOOF}</bdi></a>" in history.content.decode()


def test_mail_subjects_isolate_the_name(client, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ngos:register"), registration_data())
    applicant = next(m for m in mail.outbox if m.to == ["leila@example.org"])
    assert f"{FSI}انجمن یاری زنان کرمان{PDI}" in applicant.subject
    assert f"{FSI}انجمن یاری زنان کرمان{PDI}" in applicant.body


def test_the_calendar_and_exports_carry_no_controls(client):
    from core.exports import safe_cell
    from tests.factories import MeetingFactory

    meeting = MeetingFactory(title=SPOOF, place=f"سالن{RLO}", approved=True)
    ics = client.get(reverse("meetings:calendar", args=[meeting.pk])).content
    assert RLO.encode() not in ics
    assert "انجمنیاری".encode() in ics
    assert safe_cell(f"{RLO}=1+1") == "'=1+1"
