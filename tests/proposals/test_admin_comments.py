import re

import pytest
from django.urls import reverse

from proposals.models import ProposalEvent, Status
from tests.proposals.test_admin import sent

pytestmark = pytest.mark.django_db


def test_a_comment_is_internal_unless_staff_choose_the_ngo(client, reviewer):
    proposal = sent(status=Status.UNDER_REVIEW)
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_comment", args=[proposal.pk])
    response = client.get(url)
    assert response.context["form"]["visibility"].value() == "internal"
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', response.text)
    assert checked == [ProposalEvent.Visibility.INTERNAL]
