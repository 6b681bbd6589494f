"""A proposal sent back for changes: the request stands at the top, and
sending it again says what changed and is refused when nothing did."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.templatetags.persian import datetime_long
from core.transitions import TransitionError
from proposals import drafts, services
from proposals.models import Proposal, ProposalEvent, Status
from tests.factories import ProposalFactory
from tests.proposals import files

pytestmark = pytest.mark.django_db

REQUEST = "جدول زمانی ماه‌به‌ماه را اضافه کنید"


@pytest.fixture
def sent_back(rep_a, reviewer):
    """A proposal of rep_a's NGO whose reviewer asked for changes."""
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    services.transition(
        proposal=proposal, to_status=Status.UNDER_REVIEW, actor=reviewer
    )
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment=REQUEST,
    )
    return proposal


def submit_url(proposal):
    return reverse("proposals:submit", args=[proposal.pk])


@pytest.mark.parametrize("page", ["proposals:detail", "proposals:update"])
def test_the_request_stands_at_the_top_with_its_date(client, rep_a, sent_back, page):
    client.force_login(rep_a)
    html = client.get(reverse(page, args=[sent_back.pk])).content.decode()
    request = html.index('class="alert alert-warning changes-request"')
    assert REQUEST in html[request : request + 2000]
    asked = sent_back.events.get(to_status=Status.CHANGES_REQUESTED)
    assert datetime_long(asked.at) in html[request : request + 2000]
    # Above the proposal itself and above the form.
    assert request < html.index(sent_back.summary)


def test_the_confirmation_page_shows_the_request_and_asks_what_changed(
    client, rep_a, sent_back
):
    client.force_login(rep_a)
    response = client.get(submit_url(sent_back))
    assert REQUEST in response.content.decode()
    assert set(response.context["form"].fields) == {"changes", "send_unchanged"}


def test_no_request_is_shown_once_sent_again(client, rep_a, sent_back):
    Proposal.objects.filter(pk=sent_back.pk).update(title="عنوان تازه")
    client.force_login(rep_a)
    client.post(submit_url(sent_back), {"changes": "عنوان را عوض کردیم"})
    html = client.get(sent_back.get_absolute_url()).content.decode()
    assert "changes-request" not in html


def test_sending_again_needs_what_changed(client, rep_a, sent_back):
    Proposal.objects.filter(pk=sent_back.pk).update(title="عنوان تازه")
    client.force_login(rep_a)
    response = client.post(submit_url(sent_back), {"changes": "  "})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["changes"]
    sent_back.refresh_from_db()
    assert sent_back.status == Status.CHANGES_REQUESTED


def test_what_changed_goes_into_the_history(client, rep_a, sent_back):
    Proposal.objects.filter(pk=sent_back.pk).update(
        executive_plan="ماه ۱: خرید؛ ماه ۲ تا ۶: آموزش"
    )
    client.force_login(rep_a)
    response = client.post(
        submit_url(sent_back), {"changes": "جدول زمانی را ماه‌به‌ماه نوشتیم"}
    )
    assert response["Location"] == sent_back.get_absolute_url()
    sent_back.refresh_from_db()
    assert sent_back.status == Status.SUBMITTED
    event = sent_back.events.order_by("-pk").first()
    assert (event.from_status, event.to_status, event.comment, event.visibility) == (
        Status.CHANGES_REQUESTED,
        Status.SUBMITTED,
        "جدول زمانی را ماه‌به‌ماه نوشتیم",
        ProposalEvent.Visibility.NGO,
    )
    html = client.get(sent_back.get_absolute_url()).content.decode()
    assert "جدول زمانی را ماه‌به‌ماه نوشتیم" in html


def test_nothing_changed_is_refused_and_keeps_what_was_typed(client, rep_a, sent_back):
    client.force_login(rep_a)
    response = client.post(submit_url(sent_back), {"changes": "همه را دیدیم"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["unchanged"]
    assert "همه را دیدیم</textarea>" in response.content.decode()
    sent_back.refresh_from_db()
    assert sent_back.status == Status.CHANGES_REQUESTED


def test_nothing_changed_is_sent_when_the_ngo_says_why(client, rep_a, sent_back):
    client.force_login(rep_a)
    client.post(
        submit_url(sent_back),
        {
            "changes": "جدول در پیوست قبلی بود؛ صفحه ۳ را ببینید",
            "send_unchanged": "on",
        },
    )
    sent_back.refresh_from_db()
    assert sent_back.status == Status.SUBMITTED
    assert sent_back.events.order_by("-pk").first().comment == (
        "جدول در پیوست قبلی بود؛ صفحه ۳ را ببینید"
    )


def test_a_new_file_is_a_change(rep_a, sent_back):
    drafts.add_attachment(
        proposal=sent_back, uploaded=files.upload("plan.pdf", files.PDF), actor=rep_a
    )
    services.transition(
        proposal=sent_back,
        to_status=Status.SUBMITTED,
        actor=rep_a,
        comment="جدول را پیوست کردیم",
    )
    sent_back.refresh_from_db()
    assert sent_back.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "عنوان دیگر"),
        ("budget_rials", 1),
        ("provinces", ["IR-10"]),
        ("co_funding_source", "شهرداری"),
    ],
)
def test_each_field_of_the_form_counts(rep_a, sent_back, field, value):
    before = services.content_digest(sent_back)
    if field == "provinces":
        sent_back.provinces.set(value)
    else:
        setattr(sent_back, field, value)
        sent_back.save()
    assert services.content_digest(sent_back) != before


def test_the_fingerprint_covers_every_field_of_the_form():
    from proposals.forms import ProposalForm

    assert set(services.CONTENT_FIELDS) == set(ProposalForm.Meta.fields)


def test_the_service_refuses_unchanged_too(rep_a, sent_back):
    with pytest.raises(TransitionError) as refused:
        services.transition(
            proposal=sent_back,
            to_status=Status.SUBMITTED,
            actor=rep_a,
            comment="هیچ",
        )
    assert refused.value.code == "unchanged"


def test_the_request_is_kept_with_the_content_it_asked_about(sent_back):
    asked = sent_back.events.get(to_status=Status.CHANGES_REQUESTED)
    assert asked.content_digest == services.content_digest(sent_back)


def test_a_request_made_before_fingerprints_does_not_block(client, rep_a):
    """A proposal sent back without a fingerprint on record (imported data)
    is compared with nothing: what the NGO says is enough."""
    proposal = ProposalFactory(
        ngo=rep_a.representative.ngo,
        created_by=rep_a,
        status=Status.CHANGES_REQUESTED,
        submitted_at=timezone.now(),
        reference="1405-00077",
    )
    client.force_login(rep_a)
    client.post(submit_url(proposal), {"changes": "اصلاح شد"})
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
