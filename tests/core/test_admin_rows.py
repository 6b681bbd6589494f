"""A changelist's rows link to their change pages with the list's query,
as Django's own links do, without resolving each row's address
(``core.admin_rows``)."""

import re

import pytest
from django.contrib.admin.templatetags import admin_urls
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils import timezone

from core.admin_rows import RowLinksChangeList
from proposals.models import Proposal, Status
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

LIST = "admin:proposals_proposal_changelist"


def row_links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*/change/[^"]*)"', html)


@pytest.fixture
def proposals(db):
    now = timezone.now()
    return [
        ProposalFactory(
            status=Status.SUBMITTED, submitted_at=now, last_submitted_at=now
        )
        for _ in range(3)
    ]


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def resolves(monkeypatch):
    """Each address Django's add_preserved_filters resolves."""
    seen = []
    resolve = admin_urls.resolve

    def counted(path, *args, **kwargs):
        seen.append(path)
        return resolve(path, *args, **kwargs)

    monkeypatch.setattr(admin_urls, "resolve", counted)
    return seen


@pytest.mark.parametrize("query", ["?q=طرح", "?status__exact=submitted&p=1", "?o=-2"])
def test_rows_link_with_the_list_s_query_as_django_s_links_do(
    admin_client, proposals, monkeypatch, resolves, query
):
    address = reverse(LIST) + query
    ours = row_links(admin_client.get(address).content.decode())
    assert len(ours) == 3
    assert all("?_changelist_filters=" in link for link in ours)
    assert resolves == []
    from proposals.admin import ProposalAdmin

    monkeypatch.setattr(ProposalAdmin, "get_changelist", lambda *a, **k: ChangeList)
    django_s = row_links(admin_client.get(address).content.decode())
    assert ours == django_s
    assert len(resolves) == 3  # Django's own resolves each row's address


def test_a_list_keyed_by_text_links_as_django_s_does(admin_client, monkeypatch):
    """Provinces are keyed by their code: each row's address is reversed."""
    from ngos.admin.reference import ProvinceAdmin

    address = reverse("admin:ngos_province_changelist") + "?q=IR-2"
    ours = row_links(admin_client.get(address).content.decode())
    assert "/IR-23/change/?_changelist_filters=q%3DIR-2" in " ".join(ours)
    monkeypatch.setattr(ProvinceAdmin, "get_changelist", lambda *a, **k: ChangeList)
    assert row_links(admin_client.get(address).content.decode()) == ours


def test_an_unfiltered_list_links_its_rows_plainly(admin_client, proposals):
    links = row_links(admin_client.get(reverse(LIST)).content.decode())
    pks = sorted(int(re.search(r"/(\d+)/change/", link).group(1)) for link in links)
    assert pks == sorted(p.pk for p in proposals)
    assert not any("?" in link for link in links)


def test_every_admin_changelist_is_one(admin_client):
    from django.contrib import admin

    for model_admin in admin.site._registry.values():
        assert model_admin.get_changelist(None) is RowLinksChangeList, model_admin
    assert Proposal in admin.site._registry
