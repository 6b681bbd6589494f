"""The proposal's change page in the admin: its attachments and its link to
the site."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.pagination import PAGE_SIZE
from proposals import drafts, services
from proposals.models import Proposal, Status
from tests.factories import ProposalFactory
from tests.proposals import files
from tests.proposals.test_admin import sent

pytestmark = pytest.mark.django_db


def change_page(client, proposal) -> str:
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    return client.get(url).content.decode()


def test_an_attachment_isolates_its_name_and_gives_its_size_in_persian(
    client, reviewer, rep_a
):
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    drafts.add_attachment(
        proposal=proposal,
        uploaded=files.upload("طرح اجرایی.pdf", files.PDF),
        actor=rep_a,
    )
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    client.force_login(reviewer)
    html = change_page(client, proposal)
    assert "<bdi>طرح اجرایی.pdf</bdi></a>" in html
    assert "<span class='attachment-size'>(<bdi>۱ کیلوبایت</bdi>)</span>" in html
    # "KB" only as a word: a CSRF token may hold those two letters.
    assert not re.search(r"\bKB\b", html)


@pytest.mark.parametrize(
    "status", [s for s in Status if s not in (Status.DRAFT, Status.APPROVED)]
)
def test_view_on_site_is_not_offered_for_a_proposal_without_a_public_page(
    client, reviewer, status
):
    proposal = sent(status=status)
    client.force_login(reviewer)
    html = change_page(client, proposal)
    assert proposal.get_public_url() is None
    assert "viewsitelink" not in html
    assert proposal.get_absolute_url() not in html


def test_view_on_site_leads_to_the_supported_proposals_public_page(
    client, reviewer, count_queries
):
    """A supported proposal's own public page (its plan's), found without
    counting the proposals supported after it, as its card in the list
    would need."""
    proposal = sent(status=Status.APPROVED)
    Proposal.objects.filter(pk=proposal.pk).update(decided_at=timezone.now())
    client.force_login(reviewer)
    with count_queries() as queries:
        html = change_page(client, proposal)
    url = reverse("delivery:plan", args=[proposal.pk])
    assert f'href="{url}" class="viewsitelink"' in html
    assert not [
        q for q in queries if '"__count"' in q["sql"] and "decided_at" in q["sql"]
    ]
    public = client.get(url)
    assert public.status_code == 200
    assert proposal.title in public.content.decode()


def test_view_on_site_finds_the_page_of_the_public_list_that_holds_the_proposal():
    now = timezone.now()
    older = sent(status=Status.APPROVED)
    newer = [sent(status=Status.APPROVED) for _ in range(PAGE_SIZE)]
    Proposal.objects.filter(pk=older.pk).update(
        decided_at=now - datetime.timedelta(days=1)
    )
    Proposal.objects.filter(pk__in=[p.pk for p in newer]).update(decided_at=now)
    older.refresh_from_db()
    newer[0].refresh_from_db()
    supported = reverse("proposals:supported")
    assert older.get_public_url() == f"{supported}?page=2#proposal-{older.pk}"
    # Decided at the same moment, the list puts the later key first: the
    # first one made is the last of page 1.
    assert newer[0].get_public_url() == f"{supported}#proposal-{newer[0].pk}"


def test_the_history_is_a_plain_table_in_constant_queries(
    client, superuser, count_queries, django_assert_num_queries
):
    """No form a row: 200 rows cost what 2 do, and read as the admin reads."""
    from tests.factories import ProposalEventFactory

    proposal = sent()
    client.force_login(superuser)
    url = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    from core.jalali import format_short_datetime

    event = ProposalEventFactory(proposal=proposal, comment="یادداشت نخست")
    client.get(url)  # the first visit looks up what later ones find cached
    with count_queries() as few:
        page = client.get(url).content.decode()
    assert "یادداشت نخست" in page
    # The Jalali date, in Persian digits, as everywhere in the admin.
    assert f"<p>{format_short_datetime(event.at)}</p>" in page
    assert str(event.at.year) not in format_short_datetime(event.at)
    assert 'name="events-TOTAL_FORMS" value="0"' in page
    ProposalEventFactory.create_batch(30, proposal=proposal, comment="یادداشت دیگر")
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert page.count("یادداشت دیگر") == 30
    assert 'name="events-0-id"' not in page  # no form for any row
