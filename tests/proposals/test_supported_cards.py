"""The cards of the public list of supported proposals, written by the
``supported_card`` tag: what each shows, in both languages, escaped."""

import pytest
from django.urls import reverse
from django.utils import translation

from ngos.models import FocusArea, Province
from proposals.models import Proposal, Status
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def approved(user, **fields):
    proposal = ProposalFactory(ngo=user.representative.ngo, created_by=user, **fields)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.APPROVED, decided_at="2026-01-01T10:00:00Z"
    )
    return proposal


def card(client, proposal, language="fa"):
    with translation.override(language):
        html = client.get(
            reverse("proposals:supported"), HTTP_ACCEPT_LANGUAGE=language
        ).content.decode()
    start = html.index(f'<li class="card mb-3" id="proposal-{proposal.pk}">')
    return html[start : html.index("</li>", start)]


def test_a_card_shows_the_proposal_in_persian(client, rep_a):
    proposal = approved(
        rep_a,
        title="توانمندسازی زنان سرپرست خانوار",
        reference="1405-00042",
        summary=" ".join(["واژه"] * 50),
        approved_amount=2_500_000,
        budget_rials=9_000_000,
    )
    proposal.provinces.set(Province.objects.filter(code__in=["IR-23", "IR-10"]))
    proposal.focus_areas.set(FocusArea.objects.order_by("position")[:2])
    html = card(client, proposal)
    ngo = rep_a.representative.ngo
    assert '<h2 class="h5 card-title" dir="auto">' in html
    assert "توانمندسازی زنان سرپرست خانوار" in html
    assert f'<a href="{ngo.get_absolute_url()}"><bdi>{ngo.name}</bdi></a>' in html
    assert '<span class="ltr">۱۴۰۵-۰۰۰۴۲</span>' in html
    assert "تصویب ۱۱ دی ۱۴۰۴" in html
    # Forty words of fifty, then an ellipsis.
    assert html.count("واژه") == 40 and "واژه …" in html
    assert "مبلغ مصوب: ۲٬۵۰۰٬۰۰۰ ریال" in html
    assert "۹٬۰۰۰٬۰۰۰" not in html
    provinces = [p.name for p in proposal.provinces.order_by("code")]
    assert "، ".join(provinces) in html
    areas = [a.name for a in proposal.focus_areas.all()]
    assert " · " + "، ".join(areas) in html


def test_a_card_without_an_approved_amount_shows_the_budget(client, rep_a):
    proposal = approved(rep_a, approved_amount=None, budget_rials=9_000_000)
    html = card(client, proposal, "en")
    assert "Budget requested: 9,000,000 rials" in html
    assert "Amount approved" not in html


def test_a_card_in_english_marks_persian_text(client, rep_a):
    proposal = approved(rep_a, title="طرح آموزش", reference="1405-00007")
    html = card(client, proposal, "en")
    assert '<h2 class="h5 card-title" lang="fa" dir="rtl">' in html
    assert '<span class="ltr">1405-00007</span>' in html
    assert "approved 1 January 2026" in html


def test_a_card_escapes_what_the_ngo_wrote(client, rep_a):
    proposal = approved(
        rep_a, title="<script>alert(1)</script>", summary="<b>bold</b> & more"
    )
    html = card(client, proposal, "en")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_a_card_links_the_title_to_the_plan_and_shows_its_progress(client, rep_a):
    proposal = approved(rep_a)
    html = card(client, proposal)
    plan = reverse("delivery:plan", args=[proposal.pk])
    assert f'<a href="{plan}">' in html
    assert "plan-card-extra" in html and "status-badge" in html
