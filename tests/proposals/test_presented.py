"""Meeting secretaries record which proposals were presented at a meeting,
and under which agenda item; the NGO's own choice stays possible."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.transitions import TransitionError
from proposals.forms import ProposalForm
from proposals.models import ProposalEvent, Status
from proposals.review import record_presentations
from tests.factories import AgendaItemFactory, MeetingFactory, ProposalFactory
from tests.proposals.test_admin import sent

pytestmark = pytest.mark.django_db


def page_url(meeting):
    return reverse("admin:proposals_proposal_presented", args=[meeting.pk])


def rows(*rows, initial=0):
    """The page's formset data: ``rows`` of (proposal, agenda item, remove)."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
    }
    for index, (proposal, item, remove) in enumerate(rows):
        data[f"form-{index}-proposal"] = proposal.pk if proposal else ""
        data[f"form-{index}-agenda_item"] = item.pk if item else ""
        if remove:
            data[f"form-{index}-DELETE"] = "on"
    return data


def test_the_secretary_links_a_proposal_and_its_agenda_item(client, secretary):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="طرح‌های رسیده")
    proposal = sent(status=Status.UNDER_REVIEW)
    client.force_login(secretary)
    change = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert page_url(meeting) in change.text
    response = client.post(page_url(meeting), rows((proposal, item, False)))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.presented_at_meeting == meeting
    assert proposal.presented_at_agenda_item == item
    event = proposal.events.get(kind=ProposalEvent.Kind.PRESENTED)
    assert event.comment == f"{meeting} — طرح‌های رسیده"
    assert event.visibility == ProposalEvent.Visibility.NGO


def test_the_ngo_s_own_choice_is_listed_and_can_be_removed(client, secretary):
    meeting = MeetingFactory()
    proposal = sent(status=Status.SUBMITTED, presented_at_meeting=meeting)
    other = sent(status=Status.SUBMITTED)
    client.force_login(secretary)
    formset = client.get(page_url(meeting)).context["formset"]
    assert [form.initial["proposal"] for form in formset.initial_forms] == [proposal.pk]
    data = rows((proposal, None, True), (other, None, False), initial=1)
    assert client.post(page_url(meeting), data).status_code == 302
    proposal.refresh_from_db()
    other.refresh_from_db()
    assert proposal.presented_at_meeting is None
    assert other.presented_at_meeting == meeting


def test_the_ngo_still_chooses_the_meeting_on_its_form():
    assert "presented_at_meeting" in ProposalForm.Meta.fields
    assert "presented_at_agenda_item" not in ProposalForm.Meta.fields


def test_an_agenda_item_of_another_meeting_is_refused(client, secretary):
    meeting = MeetingFactory()
    elsewhere = AgendaItemFactory()
    proposal = sent()
    client.force_login(secretary)
    response = client.post(page_url(meeting), rows((proposal, elsewhere, False)))
    assert response.status_code == 200
    assert "agenda_item" in response.context["formset"].forms[0].errors
    proposal.refresh_from_db()
    assert proposal.presented_at_meeting is None
    with pytest.raises(TransitionError):
        record_presentations(
            meeting=meeting, presented={proposal: elsewhere}, actor=secretary
        )


def test_a_draft_cannot_be_linked(client, secretary, rep_a):
    meeting = MeetingFactory()
    draft = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    client.force_login(secretary)
    response = client.post(page_url(meeting), rows((draft, None, False)))
    assert response.status_code == 200
    assert "proposal" in response.context["formset"].forms[0].errors
    with pytest.raises(TransitionError):
        record_presentations(meeting=meeting, presented={draft: None}, actor=secretary)


def test_a_proposal_listed_twice_is_refused(client, secretary):
    meeting = MeetingFactory()
    proposal = sent()
    client.force_login(secretary)
    data = rows((proposal, None, False), (proposal, None, False))
    response = client.post(page_url(meeting), data)
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()


def test_only_meeting_secretaries_and_superusers_link(client, reviewer, superuser):
    meeting = MeetingFactory()
    proposal = sent()
    client.force_login(reviewer)
    assert client.get(page_url(meeting)).status_code == 403
    assert (
        client.post(page_url(meeting), rows((proposal, None, False))).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        record_presentations(
            meeting=meeting, presented={proposal: None}, actor=reviewer
        )
    proposal.refresh_from_db()
    assert proposal.presented_at_meeting is None
    client.force_login(superuser)
    assert (
        client.post(page_url(meeting), rows((proposal, None, False))).status_code == 302
    )
    proposal.refresh_from_db()
    assert proposal.presented_at_meeting == meeting


def test_an_unknown_meeting_answers_404(client, secretary):
    client.force_login(secretary)
    url = reverse("admin:proposals_proposal_presented", args=[987654])
    assert client.get(url).status_code == 404


def test_the_ngo_naming_another_meeting_forgets_the_old_agenda_item(rep_a):
    from proposals import drafts
    from tests.proposals.test_views import FORM, proposal_of

    first, second = MeetingFactory(), MeetingFactory(approved=True)
    item = AgendaItemFactory(meeting=first)
    proposal = proposal_of(
        rep_a, presented_at_meeting=first, presented_at_agenda_item=item
    )
    form = ProposalForm({**FORM, "presented_at_meeting": second.pk}, instance=proposal)
    assert form.is_valid(), form.errors
    drafts.save_proposal(form=form, actor=rep_a)
    proposal.refresh_from_db()
    assert proposal.presented_at_meeting == second
    assert proposal.presented_at_agenda_item is None
