"""A decision letter's public check page and a call's envelope, on a phone
and a laptop, in both languages."""

import pytest
from django.utils import timezone

from core import roles
from proposals import services
from proposals.models import Proposal
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    score_enough,
)

SIZES = {"phone": (360, 780), "laptop": (1366, 900)}


def approved_letter():
    call = CallFactory(
        title="فراخوان طرح‌های اشتغال خانگی زنان سرپرست خانوار",
        title_en="Call for home-based employment plans",
        envelope_rials=5_000_000_000,
    )
    representative = RepresentativeFactory(
        ngo__name="انجمن حمایت از زنان سرپرست خانوار مهر",
        ngo__name_en="Mehr Association for Female-Headed Households",
    )
    proposal = ProposalFactory(
        ngo=representative.ngo, created_by=representative.user, call=call
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=timezone.now(), reference="1405-00042"
    )
    score_enough(proposal)
    services.transition(
        proposal=proposal,
        to_status=Status.APPROVED,
        actor=StaffFactory(groups=[roles.REVIEWERS]),
        comment="طرح روشن و شدنی است",
    )
    return proposal.letters.get()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_check_page_and_the_envelope_fit(page, screenshot, language, size):
    letter = approved_letter()
    prefix = "/en" if language == "en" else ""
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{prefix}/letters/{letter.verification_code}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "طرح روشن" not in page.content()
    screenshot(f"letter-{language}-{size}")
    page.goto(f"{prefix}/calls/{letter.proposal.call_id}/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(f"call-{language}-{size}")
